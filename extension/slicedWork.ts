/*
 * Long loops on the extension host, cut into slices with a pause between them, so that the
 * host's other work (a keystroke's events, another extension's request) runs in between:
 * what a 40,000-route model costs after its parse, which already ran on a worker thread.
 */

/** Items per slice: a few milliseconds of the work done here. */
export const SLICE_SIZE = 2000;

/** Lets every task already queued on the event loop run. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `items.map(map)`, pausing after each slice. */
export async function mapInSlices<T, U>(items: readonly T[], map: (item: T) => U, size = SLICE_SIZE): Promise<U[]> {
  const mapped: U[] = [];
  for (let start = 0; start < items.length; start += size) {
    if (start > 0) await pause();
    for (const item of items.slice(start, start + size)) mapped.push(map(item));
  }
  return mapped;
}

/** Runs `step(size)` until it says it is done, pausing between calls. */
export async function untilDone(step: (size: number) => boolean, size = SLICE_SIZE): Promise<void> {
  while (!step(size)) await pause();
}
