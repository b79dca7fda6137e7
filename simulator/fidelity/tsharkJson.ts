import { execFileSync } from 'node:child_process';

/*
 * tshark's dissection of a capture file as JSON (`-T json --no-duplicate-keys`: a field that
 * occurs several times in a frame, such as the TLS records of one segment, becomes an array
 * instead of a repeated key JSON.parse would drop). The same reader runs on the real capture
 * and on the model's pcapng export, so both are read by one independent dissector.
 */

export interface TsharkOptions {
  /** NSS key log: TLS in the capture is decrypted and the HTTP, HTTP/2 and WebSocket inside it dissected. */
  keylogFile?: string;
  /** Ports tshark would not take for TLS by itself (the stand-in's leg behind the relay). */
  tlsPorts?: readonly number[];
  /**
   * Ports whose connections are HTTP/2 from their first byte: the model's decrypted view has no
   * ALPN to say so, and a server's SETTINGS that leave before the client's preface would not be
   * recognised as HTTP/2 by tshark's heuristics.
   */
  http2Ports?: readonly number[];
}

/** One frame's layers as tshark names them (`frame`, `ip`, `tcp`, `tls`, `http`, `http2`, `websocket`, ...). */
export type TsharkLayers = Record<string, unknown>;

export function tsharkJson(file: string, options: TsharkOptions = {}): TsharkLayers[] {
  const args = [
    '-r', file, '-n', '-T', 'json', '--no-duplicate-keys', '-J', 'frame ip ipv6 tcp tls http http2 websocket',
    ...(options.keylogFile ? ['-o', `tls.keylog_file:${options.keylogFile}`] : []),
    ...(options.tlsPorts ?? []).flatMap((port) => ['-d', `tcp.port==${port},tls`]),
    ...(options.http2Ports ?? []).flatMap((port) => ['-d', `tcp.port==${port},http2`]),
  ];
  let output: string;
  try {
    output = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('tshark is not installed: apt-get install tshark');
    throw error;
  }
  const frames = JSON.parse(output === '' ? '[]' : output) as { _source: { layers: TsharkLayers } }[];
  return frames.map((frame) => frame._source.layers);
}
