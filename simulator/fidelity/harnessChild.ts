import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { LiveError } from '../live/liveError';

/*
 * The live harness's child processes (dumpcap, the relay process, curl), each the leader of a
 * process group of its own (spawned `detached`), so that stopping one stops everything it
 * started: process.kill(-pid) signals the whole group (POSIX kill(2): a negative pid names a
 * process group). Every group still running when this process exits is killed from an 'exit'
 * handler, which runs synchronously on a normal exit, an uncaught error, process.exit() and a
 * test runner ending the file, so a failed or timed-out run leaves nothing behind.
 *
 * What no handler sees, this process killed outright (SIGKILL), each child bounds by itself:
 * the relay exits when its stdin, a pipe from here, ends (relayProcess.ts); dumpcap stops after
 * its autostop duration (`-a duration:`); curl after `--max-time`. Chromium is playwright's
 * child: it exits when its DevTools pipe to this process closes.
 */

/** The Debian package of each program the harness runs (.ci/install-test-packages.sh keeps the same map). */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  dumpcap: 'wireshark-common (tshark brings it)', tshark: 'tshark', curl: 'curl', chromium: 'chromium', unshare: 'util-linux', ip: 'iproute2',
};

/** The typed error for a program that is not installed: what to install. */
export function toolMissing(tool: string): LiveError {
  const debianPackage = TOOL_PACKAGES[tool] ?? tool;
  return new LiveError('LIVE_TOOL_MISSING', `${tool} is not installed; the live harness needs it (Debian: sudo apt-get install ${debianPackage.split(' ')[0]}; ${debianPackage})`);
}

const running = new Set<HarnessChild>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  for (const child of running) child.signalGroup('SIGKILL');
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class HarnessChild {
  /** Settles when the process has exited and its stdio is closed (or it failed to start: then with code null). */
  readonly exited: Promise<ExitStatus>;
  /** Rejects with LIVE_TOOL_MISSING when the program is not installed, or with the spawn error. */
  readonly spawnFailed: Promise<never>;

  private constructor(readonly process: ChildProcess, readonly tool: string) {
    running.add(this);
    this.exited = new Promise<ExitStatus>((resolve) => {
      // 'close', not 'exit': the child has exited and its stdio pipes are closed, so stopping it leaves no handle open here.
      process.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
      process.once('error', () => resolve({ code: null, signal: null }));
    }).finally(() => running.delete(this));
    this.spawnFailed = new Promise<never>((_, reject) => {
      process.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? toolMissing(tool) : error));
    });
    // A rejection nobody awaits (the process started) is not an unhandled one.
    this.spawnFailed.catch(() => undefined);
  }

  /** Starts `command` as the leader of a new process group, killed with this process if still running. */
  static spawn(command: string, args: readonly string[], stdio: StdioOptions, options: { tool?: string; env?: NodeJS.ProcessEnv } = {}): HarnessChild {
    if (!exitHookInstalled) {
      process.on('exit', killAllOnExit);
      exitHookInstalled = true;
    }
    return new HarnessChild(spawn(command, args, { stdio, detached: true, ...(options.env ? { env: options.env } : {}) }), options.tool ?? command);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null && this.process.pid !== undefined;
  }

  /** Sends `signal` to the child's whole process group (ESRCH, a group already gone, is no error). */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.process.pid === undefined) return;
    try {
      process.kill(-this.process.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  /**
   * Stops the group: `signal` first (the child's own clean stop: SIGINT makes dumpcap close its
   * file), SIGKILL to the group when it has not exited within `graceMs`. Resolves with the exit.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<ExitStatus> {
    if (!this.running) return this.exited;
    this.signalGroup(signal);
    let timer: NodeJS.Timeout | undefined;
    const hard = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.signalGroup('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, hard]);
    clearTimeout(timer);
    const status = await this.exited;
    // The leader may exit before the rest of its group (a shell's children): none may outlive the stop.
    this.signalGroup('SIGKILL');
    return status;
  }
}
