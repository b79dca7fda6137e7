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

  /** Resolves at `at` ms on this stopwatch (at once if that time has passed). */
  until(at: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - this.now())));
  }
}
