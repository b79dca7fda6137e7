import { abortable } from './abortable';

/**
 * The live runs' clock: milliseconds since the run began, from the monotonic high-resolution
 * timer. Only simulator/live/ measures real time; the simulator proper never reads a clock.
 */
export class Stopwatch {
  private readonly origin = performance.now();

  /** Milliseconds since the stopwatch was made. */
  now(): number {
    return performance.now() - this.origin;
  }

  /** Resolves at `at` ms on this stopwatch (at once if that time has passed); rejects with LIVE_ABORTED, its timer cleared, if `signal` fires first. */
  until(at: number, signal?: AbortSignal): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<void>((resolve) => { timer = setTimeout(resolve, Math.max(0, at - this.now())); });
    return abortable(wait, signal, () => clearTimeout(timer));
  }
}
