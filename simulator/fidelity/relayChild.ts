import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { LiveError } from '../live/liveError';
import { HarnessChild } from './harnessChild';

/*
 * The parent's side of relayProcess.ts: the delay relay started as a child process (a process
 * group of its own, harnessChild.ts) at a higher scheduling priority, once it listens, and
 * stopped by ending its stdin. Priority: a negative nice value needs root (or CAP_SYS_NICE);
 * without it the relay runs at the default priority, and the capture's own measure of the
 * relay's lateness (relayCrossings.ts) says what that cost.
 */

/** The relay's scheduling priority (nice value). */
const RELAY_PRIORITY = -10;

/** relayProcess.js: beside this file in the test build, beside the bundle (out/) in the CLI's and the extension's. */
function relayScript(): string {
  const candidates = [join(__dirname, 'relayProcess.js'), join(__dirname, 'simulator', 'fidelity', 'relayProcess.js')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new LiveError('LIVE_HARNESS_FAILED', `the relay's program is missing (looked for ${candidates.join(', ')}): build with npm run build`);
  return found;
}

export class RelayChild {
  private constructor(private readonly child: HarnessChild, readonly port: number) {}

  /** Starts the relay on 127.0.0.1:`listenPort` (0: a port the kernel picks) in front of 127.0.0.1:`targetPort`. */
  static async start(targetPort: number, oneWayMs: number, listenPort: number): Promise<RelayChild> {
    // ELECTRON_RUN_AS_NODE: in VS Code's extension host process.execPath is Electron, which then runs as plain Node.
    const child = HarnessChild.spawn(process.execPath, [relayScript(), String(targetPort), String(oneWayMs), String(listenPort)], ['pipe', 'pipe', 'pipe'], {
      tool: 'node', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stderr = '';
    child.process.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      try {
        setPriority(child.pid!, RELAY_PRIORITY);
      } catch {
        // Not root: the default priority (see above).
      }
      const exitedEarly = child.exited.then((status): never => {
        throw new LiveError('LIVE_HARNESS_FAILED', `the delay relay exited (${status.code ?? status.signal}) before listening: ${stderr.trim()}`);
      });
      // It exits when stopped, long after the race: handled here.
      exitedEarly.catch(() => undefined);
      const port = await Promise.race([
        child.spawnFailed,
        exitedEarly,
        new Promise<number>((resolve) => {
          let stdout = '';
          child.process.stdout!.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            const match = /^ready (\d+)\n/.exec(stdout);
            if (match) resolve(Number(match[1]));
          });
        }),
      ]);
      return new RelayChild(child, port);
    } catch (error) {
      await child.stop('SIGKILL');
      throw error;
    }
  }

  /** Ends the relay's stdin (it closes its sockets and exits); the group is killed if it has not exited within the grace time. */
  async stop(): Promise<void> {
    if (!this.child.running) return;
    this.child.process.stdin!.end();
    await Promise.race([this.child.exited, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    await this.child.stop('SIGKILL');
  }
}
