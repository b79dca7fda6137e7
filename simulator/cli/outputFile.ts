import { lstatSync, realpathSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SimulatorError } from '../errors';

/*
 * Where `--out` writes. The one rule that matters most: never overwrite what the command
 * read. A config given as `--out` by a slip of the shell, or reached through a symbolic or
 * hard link, would be lost, so the target is compared with every file read by its real path
 * and by its inode, not by the spelling on the command line. A folder or a link to nothing
 * is refused too, before anything is written.
 */

/** The file behind `path` as the system sees it: its real path, and its inode when it exists. */
interface RealFile {
  path: string;
  stats?: Stats;
}

function realFile(path: string): RealFile | undefined {
  try {
    return { path: realpathSync(path), stats: statSync(path) };
  } catch {
    return undefined;
  }
}

function sameFile(a: RealFile, b: RealFile): boolean {
  if (a.path === b.path) return true;
  return a.stats !== undefined && b.stats !== undefined && a.stats.dev === b.stats.dev && a.stats.ino === b.stats.ino;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** Where `path` would write, refused when it is a folder, a link to nothing or in a missing folder. */
function outputTarget(path: string): RealFile {
  const target = resolve(path);
  let link: Stats | undefined;
  try {
    link = lstatSync(target);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new SimulatorError('OUTPUT_FAILED', `--out: cannot use ${path}: ${errorCode(error)}`);
  }
  if (link) {
    const real = realFile(target);
    if (!real) throw new SimulatorError('OUTPUT_REFUSED', `--out: ${path} is a link to a file that does not exist; it is not followed`);
    if (real.stats!.isDirectory()) throw new SimulatorError('OUTPUT_REFUSED', `--out: ${path} is a folder; give a file name`);
    return real;
  }
  const folder = realFile(dirname(target));
  if (!folder || !folder.stats!.isDirectory()) throw new SimulatorError('OUTPUT_FAILED', `--out: the folder ${dirname(path)} does not exist`);
  return { path: join(folder.path, basename(target)) };
}

/** Writes `data` to `path`, unless it is one of the files in `read` (by real path or inode). */
export function writeOutputFile(path: string, data: string | Uint8Array, read: readonly string[]): void {
  const target = outputTarget(path);
  const clash = read.find((file) => {
    const real = realFile(file);
    return real !== undefined && sameFile(real, target);
  });
  if (clash !== undefined) {
    const what = resolve(clash) === resolve(path) ? 'a file' : `${clash}, a file`;
    throw new SimulatorError('OUTPUT_REFUSED', `--out: ${path} is ${what} this command read; refusing to overwrite it`);
  }
  try {
    writeFileSync(target.path, data);
  } catch (error) {
    throw new SimulatorError('OUTPUT_FAILED', `--out: cannot write ${path}: ${errorCode(error)}`);
  }
}
