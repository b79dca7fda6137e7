/**
 * What a run of the live harness may have left behind, read from the kernel: this process's
 * living descendants (/proc/<pid>/stat, field 4: the parent's pid) and whether a port on
 * 127.0.0.1 still accepts connections. The machine runs other people's programs too, so
 * nothing here looks at processes or ports the test did not start.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** pid, parent pid and state of a process, or undefined once it is gone. */
function processStat(pid: number): { parent: number; state: string; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command is in parentheses and may itself hold spaces or parentheses: the fields after the last `)` are fixed.
    const close = stat.lastIndexOf(')');
    const [state, parent] = stat.slice(close + 2).split(' ');
    return { parent: Number(parent), state, command: stat.slice(stat.indexOf('(') + 1, close) };
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a living process (not gone, not a zombie waiting to be reaped). */
export function isAlive(pid: number): boolean {
  const stat = processStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** This process's living descendants, as `pid command`. */
export function descendants(root = process.pid): string[] {
  const all = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = new Map(all.flatMap((pid) => {
    const stat = processStat(pid);
    return stat ? [[pid, stat] as const] : [];
  }));
  const found: string[] = [];
  const walk = (parent: number): void => {
    for (const [pid, stat] of stats) {
      if (stat.parent !== parent) continue;
      if (stat.state !== 'Z') found.push(`${pid} ${stat.command}`);
      walk(pid);
    }
  };
  walk(root);
  return found;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `check` until it holds or `ms` have passed; the last result. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const until = performance.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
