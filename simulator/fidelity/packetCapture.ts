import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { LiveError } from '../live/liveError';
import { HarnessChild } from './harnessChild';

/*
 * A packet capture on the loopback interface with dumpcap (Wireshark's capture program), as
 * the kernel sends the packets: the harness's independent record of what real stacks put on
 * the wire. A BPF filter keeps only the harness's TCP ports and its UDP probes.
 *
 * The capture is known to be running, and known to hold everything sent before a moment, by
 * probe packets, not by what dumpcap prints: dumpcap names its file before the kernel hands
 * it packets, and it receives packets a ring block at a time (test/helpers/loopbackCapture.ts
 * found the last fraction of a second missing). So a UDP datagram carrying a nonce is sent to
 * the probe port until the nonce is in the file: once the start probe is there, the capture
 * sees what follows; once the end probe is there, it holds everything sent before it, and
 * dumpcap is stopped with SIGINT, on which it flushes and closes its pcapng file.
 *
 * dumpcap is the leader of its own process group (harnessChild.ts) and stops by itself after
 * `maxSeconds` (`-a duration:`), so a capture whose owner died does not run on.
 */

/** How often a probe is sent while waiting to see it in the file (ms). */
const PROBE_INTERVAL_MS = 50;
/** How long a probe may take to show up in the file before the capture is declared stuck (ms). */
const PROBE_LIMIT_MS = 20_000;

/** What dumpcap says when the user may not capture (dumpcap's capture_opts / capchild messages). */
const PERMISSION = /permission|Operation not permitted|not permitted to capture/i;

/** The typed error for a capture the user has no right to make: the two ways to get the right. */
export function captureDenied(interfaceName: string, detail: string): LiveError {
  const said = detail.split('\n').find((line) => PERMISSION.test(line))?.replace(/^dumpcap: /, '').trim() ?? detail.trim();
  return new LiveError('LIVE_PERMISSION_DENIED', `dumpcap may not capture on ${interfaceName} (it said: ${said}). `
    + 'Run as root, or give your user the capture right: sudo dpkg-reconfigure wireshark-common (answer Yes: dumpcap gets CAP_NET_RAW and CAP_NET_ADMIN for the wireshark group), sudo usermod -aG wireshark $USER, then log in again');
}

export interface CaptureOptions {
  interfaceName?: string;
  /** The UDP port the probes go to (the filter admits it). */
  probePort: number;
  /** dumpcap stops by itself after this long (s), whatever happens to this process. */
  maxSeconds: number;
}

export class PacketCapture {
  private readonly probe: UdpSocket = createSocket('udp4');
  private readonly nonce = randomBytes(8).toString('hex');
  private stderr = '';

  private constructor(private readonly child: HarnessChild, private readonly file: string, private readonly options: Required<CaptureOptions>) {
    child.process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  /** Starts capturing `tcp port P or ...` on the interface into `file`; resolves once a start probe is in the file. */
  static async start(file: string, ports: readonly number[], options: CaptureOptions): Promise<PacketCapture> {
    const resolved = { interfaceName: 'lo', ...options };
    const filter = [...ports.map((port) => `tcp port ${port}`), `udp port ${resolved.probePort}`].join(' or ');
    const child = HarnessChild.spawn('dumpcap', ['-i', resolved.interfaceName, '-f', filter, '-w', file, '-q', '-a', `duration:${Math.ceil(resolved.maxSeconds)}`], ['ignore', 'ignore', 'pipe']);
    const capture = new PacketCapture(child, file, resolved);
    try {
      await capture.bracket('start');
      return capture;
    } catch (error) {
      await capture.close();
      throw error;
    }
  }

  /** Sends probes carrying `marker` until one is in the file; rejects when dumpcap exits or the probe does not arrive in time. */
  private async bracket(marker: 'start' | 'end'): Promise<void> {
    const text = `apigw-probe-${marker}-${this.nonce}`;
    const needle = Buffer.from(text);
    let timer: NodeJS.Timeout | undefined;
    const failed = Promise.race([this.child.spawnFailed, this.child.exited.then((status) => {
      throw PERMISSION.test(this.stderr) ? captureDenied(this.options.interfaceName, this.stderr)
        : new LiveError('LIVE_HARNESS_FAILED', `dumpcap exited (${status.code ?? status.signal}) before its ${marker} probe was captured: ${this.stderr.trim()}`);
    })]);
    // Settled later (dumpcap exits when stopped) with nobody racing it any more: handled here.
    failed.catch(() => undefined);
    const seen = new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const tick = (): void => {
        // close() (an abort, a time limit) may come between two probes: no probe is sent on the closed socket.
        if (this.probeClosed) return reject(new LiveError('LIVE_HARNESS_FAILED', `the capture was closed before its ${marker} probe was seen`));
        if (this.contains(needle)) return resolve();
        if (performance.now() - started > PROBE_LIMIT_MS) return reject(new LiveError('LIVE_HARNESS_FAILED', `dumpcap did not record the ${marker} probe within ${PROBE_LIMIT_MS / 1000} s`));
        this.probe.send(text, this.options.probePort, '127.0.0.1');
        timer = setTimeout(tick, PROBE_INTERVAL_MS);
      };
      tick();
    });
    try {
      await Promise.race([seen, failed]);
    } finally {
      clearTimeout(timer);
    }
  }

  private probeClosed = false;

  private closeProbe(): void {
    if (this.probeClosed) return;
    this.probeClosed = true;
    this.probe.close();
  }

  private contains(needle: Buffer): boolean {
    try {
      return readFileSync(this.file).includes(needle);
    } catch {
      // dumpcap has not created the file yet.
      return false;
    }
  }

  /** Waits until the file holds everything sent so far (an end probe is in it), then stops dumpcap; resolves when it has closed its file. */
  async stop(): Promise<void> {
    try {
      await this.bracket('end');
    } finally {
      this.closeProbe();
    }
    const status = await this.child.stop('SIGINT');
    if (status.code !== 0) throw new LiveError('LIVE_HARNESS_FAILED', `dumpcap exited with ${status.code ?? status.signal}: ${this.stderr.trim()}`);
  }

  /** Stops dumpcap without waiting for the file to be complete: the capture is abandoned (a failed or aborted run). */
  async close(): Promise<void> {
    this.closeProbe();
    await this.child.stop('SIGINT');
  }
}
