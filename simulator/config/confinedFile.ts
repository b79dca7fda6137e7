import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MAX_CONFIG_BYTES } from './tree';

/*
 * The one way a config's reader opens a file. A config is untrusted input: the files it names
 * (`${file(...)}`, DefinitionUri, AWS::Include, templatefile(), a `.tf` link in a module) are
 * read only when their real path (links followed) lies inside a root folder, only when the
 * opened handle is a regular file, and never past a byte cap. Anything else is a refusal with
 * a reason, which the readers turn into a finding at the reference: a path outside the folder
 * (`/etc/passwd`, `/proc/self/environ`, `../../.env`, a link out), a device (`/dev/zero`), a
 * FIFO or a socket, a file over the cap.
 *
 * Synchronous on purpose, and safe so: a file is opened with O_NONBLOCK, so opening a FIFO
 * returns at once instead of waiting for a writer; what the handle is (fstat on the handle, not
 * a stat of the path before it) decides whether it is read; and only a regular file is read,
 * which never blocks. Nothing here can hang the caller. (In the extension the reading also runs
 * off the extension host's thread, in a worker.)
 */

/** Why a file was not read; `NOT_FOUND` keeps each reader's own "missing file" behaviour. */
export type RefusalCode = 'NOT_FOUND' | 'OUTSIDE_ROOT' | 'NOT_A_FILE' | 'TOO_LARGE' | 'UNREADABLE';

export type ConfinedRead =
  /** `file` is the path as referenced (resolved, links not followed): what locations show. */
  | { kind: 'read'; text: string; file: string }
  /** `reason` is short and ends the sentence a reader starts with the reference: "outside the config's folder: not read". */
  | { kind: 'refused'; code: RefusalCode; reason: string; errno?: string };

const OUTSIDE = "outside the config's folder: not read";
const NOT_A_FILE = 'not a regular file: not read';

/** Non-blocking, so that opening a FIFO never waits for a writer (0 where the platform has no such flag). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const CHUNK_BYTES = 64 * 1024;

export function refused(code: RefusalCode, reason: string, errno?: string): ConfinedRead {
  return { kind: 'refused', code, reason, ...(errno ? { errno } : {}) };
}

export const NOT_FOUND: ConfinedRead = refused('NOT_FOUND', 'not found');

function tooLarge(maxBytes: number): ConfinedRead {
  return refused('TOO_LARGE', `over ${formatBytes(maxBytes)}: not read`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1048576 ? `${+(bytes / 1048576).toFixed(1)} MB` : `${bytes} bytes`;
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A system error as a refusal; anything that is not a system error is a bug, thrown again. */
function refusalOf(error: unknown): ConfinedRead {
  const errno = errnoOf(error);
  if (errno === undefined) throw error;
  return refusalOfErrno(errno);
}

function refusalOfErrno(errno: string): ConfinedRead {
  if (errno === 'ENOENT' || errno === 'ENOTDIR') return refused('NOT_FOUND', 'not found', errno);
  // ENXIO: a socket (or a FIFO with no reader, on some systems); EISDIR: a folder, where opening one fails.
  if (errno === 'ENXIO' || errno === 'EISDIR') return refused('NOT_A_FILE', NOT_A_FILE, errno);
  return refused('UNREADABLE', `cannot be read (${errno}): not read`, errno);
}

/**
 * Opens `path` without blocking, checks on the handle that it is a regular file, and reads at
 * most `maxBytes` (one byte more tells it is over; the size a handle reports is only trusted
 * when it already says "too large": `/proc` files report 0). The handle is always closed.
 */
export function readRegularFile(path: string, maxBytes = MAX_CONFIG_BYTES, flags = 0): ConfinedRead {
  let handle: number;
  try {
    handle = openSync(path, OPEN_FLAGS | flags);
  } catch (error) {
    return refusalOf(error);
  }
  try {
    const stats = fstatSync(handle);
    if (!stats.isFile()) return refused('NOT_A_FILE', NOT_A_FILE);
    if (stats.size > maxBytes) return tooLarge(maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const count = readSync(handle, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(count === chunk.length ? chunk : chunk.subarray(0, count));
      total += count;
      if (total > maxBytes) return tooLarge(maxBytes);
    }
    return { kind: 'read', text: Buffer.concat(chunks, total).toString('utf8'), file: path };
  } catch (error) {
    return refusalOf(error);
  } finally {
    closeSync(handle);
  }
}

/** The real path of a folder reads are confined to; the path itself when it does not exist (nothing is inside it then). */
export function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

/** Whether `path` is `root` or lies under it (both already absolute, real paths for the answer to mean anything). */
export function isInside(path: string, root: string): boolean {
  const rest = relative(root, path);
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest));
}

/**
 * The real path of `path`, links followed; for a path that does not exist, the real path of
 * its nearest existing folder with the rest appended, so that a missing file behind a link out
 * of the root is "outside" too (and whether files exist outside the root is never told).
 */
function realPath(path: string): { real: string; exists: boolean } | { errno: string } {
  try {
    return { real: realpathSync(path), exists: true };
  } catch (error) {
    const errno = errnoOf(error);
    if (errno !== 'ENOENT' && errno !== 'ENOTDIR') {
      if (errno === undefined) throw error;
      return { errno };
    }
  }
  const rest: string[] = [];
  let current = path;
  for (;;) {
    const parent = dirname(current);
    if (parent === current) return { real: path, exists: false };
    rest.unshift(basename(current));
    current = parent;
    try {
      return { real: join(realpathSync(current), ...rest), exists: false };
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === undefined) throw error;
      // Keep climbing: a missing folder, or a file used as one.
    }
  }
}

/**
 * Reads the file `reference` names (relative to `from`, or absolute) when its real path lies
 * inside `root`'s real path: a regular file of at most `maxBytes`, opened as readRegularFile
 * does. `rootReal` may be given when the caller already has the root's real path.
 */
export function readConfined(reference: string, from: string, root: string, maxBytes = MAX_CONFIG_BYTES, rootReal = realRoot(root)): ConfinedRead {
  const target = resolve(from, reference);
  const found = realPath(target);
  if ('errno' in found) {
    // A link loop or a folder that may not be entered: not read either way, and said as "outside" when it is written so.
    return isInside(target, rootReal) || isInside(target, resolve(root)) ? refusalOfErrno(found.errno) : refused('OUTSIDE_ROOT', OUTSIDE);
  }
  if (!isInside(found.real, rootReal)) return refused('OUTSIDE_ROOT', OUTSIDE);
  if (!found.exists) return NOT_FOUND;
  // The real path is opened, and not through a link: one put in its place since the check is refused (ELOOP).
  const read = readRegularFile(found.real, maxBytes, NO_FOLLOW);
  return read.kind === 'read' ? { ...read, file: target } : read;
}
