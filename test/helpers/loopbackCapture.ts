/**
 * Captures one TCP conversation on the loopback interface with dumpcap and reads every
 * segment back with tshark: who sent it, its flags, payload and IP sizes, and when. The
 * segments are what Linux itself put on the wire, so tests can hold the model's
 * segmentation and ACKs against them (test/simulator/net/tcpSegments.realNode.test.ts).
 * dumpcap needs the capture capability on `lo` (root, or CAP_NET_RAW); CI runs as root.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CapturedSegment {
  from: 'client' | 'server';
  /** As a protocol analyser lists them, the model's spelling: `SYN, ACK`, `PSH, ACK`, `FIN, ACK`. */
  flags: string;
  payloadBytes: number;
  ipBytes: number;
  /** Seconds since the first captured frame. */
  time: number;
}

/** TCP flag bits (RFC 9293 §3.1), in the order Wireshark lists them. */
const FLAG_NAMES: readonly [number, string][] = [[0x01, 'FIN'], [0x02, 'SYN'], [0x04, 'RST'], [0x08, 'PSH'], [0x10, 'ACK']];

export function flagNames(bits: number): string {
  return FLAG_NAMES.filter(([bit]) => (bits & bit) !== 0).map(([, name]) => name).join(', ');
}

const PROBE_START = 'start';
const PROBE_END = 'end';

/**
 * Starts dumpcap on `lo` for `tcp port <serverPort>`, runs `body`, stops the capture and returns the segments.
 *
 * UDP probes to the same port number bracket the body, because dumpcap's view of the wire lags:
 * it names its file before the kernel hands it packets, and it receives packets a ring block at a
 * time, so packets of the last fraction of a second before it is stopped were found missing on
 * this machine. The body starts once dumpcap has counted a start probe; the capture stops once an
 * end probe, sent after the body, is in the file, and with it everything the body sent before.
 */
export async function captureLoopback<T>(serverPort: number, body: () => Promise<T>): Promise<{ result: T; segments: CapturedSegment[] }> {
  const directory = mkdtempSync(join(tmpdir(), 'apigw-lo-'));
  const file = join(directory, 'lo.pcapng');
  const probe = createSocket('udp4');
  const probing = (marker: string): NodeJS.Timeout => setInterval(() => probe.send(marker, serverPort, '127.0.0.1'), 50);
  const dumpcap = spawn('dumpcap', ['-i', 'lo', '-f', `tcp port ${serverPort} or udp port ${serverPort}`, '-w', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => dumpcap.once('exit', resolve));
  try {
    const starting = probing(PROBE_START);
    try {
      await new Promise<void>((resolve, reject) => {
        let stderr = '';
        dumpcap.once('error', (error) => reject(new Error(`dumpcap could not start (apt-get install tshark): ${error.message}`)));
        dumpcap.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          // Without -q, dumpcap reports its packet count on stderr as it grows.
          if (/Packets: [1-9]/.test(stderr)) resolve();
        });
        void exited.then((code) => reject(new Error(`dumpcap exited (${code}) before capturing: ${stderr.trim()}`)));
      });
    } finally {
      clearInterval(starting);
    }
    const result = await body();
    const ending = probing(PROBE_END);
    try {
      for (let waited = 0; !readFrames(file, serverPort).some((frame) => frame.probe === PROBE_END); waited += 250) {
        if (waited > 20_000) throw new Error('dumpcap did not record the end probe within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      clearInterval(ending);
    }
    return { result, segments: readFrames(file, serverPort).flatMap((frame) => (frame.segment ? [frame.segment] : [])) };
  } finally {
    probe.close();
    dumpcap.kill('SIGTERM');
    await exited;
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Every frame of the file: a TCP segment of the conversation, or a probe (its text). */
function readFrames(file: string, serverPort: number): { segment?: CapturedSegment; probe?: string }[] {
  const output = execFileSync('tshark', [
    '-r', file, '-n', '-T', 'fields', '-E', 'separator=,',
    '-e', 'frame.time_relative', '-e', 'tcp.srcport', '-e', 'tcp.flags', '-e', 'tcp.len', '-e', 'ip.len', '-e', 'data.data',
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return output.split('\n').filter((line) => line !== '').map((line) => {
    const [time, sourcePort, flags, payload, ip, data] = line.split(',');
    if (!sourcePort) return { probe: Buffer.from(data ?? '', 'hex').toString() };
    return {
      segment: {
        from: Number(sourcePort) === serverPort ? 'server' : 'client', flags: flagNames(Number(flags)),
        payloadBytes: Number(payload), ipBytes: Number(ip), time: Number(time),
      },
    };
  });
}
