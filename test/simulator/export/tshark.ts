import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * Runs the real tshark on capture bytes. CI installs it (Debian package `tshark`, see
 * .ci/run); when it is missing these tests fail rather than skip, because a pcapng export
 * that no analyser has read is untested.
 */

/** Validate every checksum, resolve no names: what a careful reader of the capture would do. */
const PREFERENCES = ['-n', '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

export function tshark(capture: Uint8Array, args: readonly string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'apigw-pcap-'));
  const file = join(directory, 'capture.pcapng');
  try {
    writeFileSync(file, capture);
    return execFileSync('tshark', ['-r', file, ...PREFERENCES, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('tshark is not installed: apt-get install tshark (CI installs it in .ci/run)');
    throw error;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The fields every test reads; one tshark run per capture gives them all. */
const FIELDS = [
  'frame.number', 'frame.time_epoch', 'frame.comment', '_ws.expert.severity', '_ws.expert.message',
  'ip.dst', 'ip.checksum.status', 'ipv6.src', 'ipv6.plen', 'udp.length', 'udp.checksum.status',
  'tcp.flags', 'tcp.seq', 'tcp.ack', 'tcp.len', 'tcp.dstport', 'tcp.checksum.status', 'tcp.options.sack_le',
  'tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.spurious_retransmission', 'tcp.analysis.out_of_order',
  'tls.record.content_type', 'tls.record.opaque_type', 'tls.record.length', 'tls.handshake.type', 'tls.handshake.ciphersuite', 'tls.handshake.extensions.supported_version', 'tls.handshake.extensions_server_name',
  'dns.qry.name', 'dns.a', 'dns.flags.response',
  'http.request.method', 'http.request.uri', 'http.upgrade', 'http.content_length_header', 'http.response.code', 'http.response.phrase',
  'websocket.opcode', 'websocket.payload_length', 'websocket.mask',
  'http2.type', 'http2.streamid', 'http2.headers.method', 'http2.headers.path', 'http2.headers.status',
] as const;

export type Field = (typeof FIELDS)[number];
/** One frame as tshark dissected it: every value of every field (a field may occur several times in a frame). */
export type DissectedFrame = Record<Field, string[]>;

const SEPARATOR = '\x1e';
const AGGREGATOR = '\x1f';

export function dissect(capture: Uint8Array): DissectedFrame[] {
  const output = tshark(capture, ['-T', 'fields', '-E', `separator=${SEPARATOR}`, '-E', 'occurrence=a', '-E', `aggregator=${AGGREGATOR}`, ...FIELDS.flatMap((name) => ['-e', name])]);
  return output.split('\n').filter((line) => line !== '').map((line) => {
    const columns = line.split(SEPARATOR);
    return Object.fromEntries(FIELDS.map((name, index) => [name, columns[index] ? columns[index].split(AGGREGATOR) : []])) as DissectedFrame;
  });
}

/** Expert severities (epan/proto.h): PI_WARN and PI_ERROR; a malformed frame always carries an error. */
export const WARNING = 0x00600000;
export const ERROR = 0x00800000;

/** `frame N: message` for every expert item at `severity` or above. */
export function problems(frames: readonly DissectedFrame[], severity = WARNING): string[] {
  return frames.flatMap((frame) => frame['_ws.expert.severity']
    .map((value, index) => [Number(value), frame['_ws.expert.message'][index]] as const)
    // tshark notes every RST with a warning, "Connection reset (RST)": a client that releases its socket ends its
    // connections with RSTs (simulator/net/tcp.ts TcpCloseOptions), which is no malformed frame.
    .filter(([value, message]) => value >= severity && message !== 'Connection reset (RST)')
    .map(([, message]) => `frame ${frame['frame.number'][0]}: ${message}`));
}
