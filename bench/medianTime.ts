/** Milliseconds `run` takes, the median of `repetitions` runs after 20 warm-up runs (so the JIT has settled). */
export function medianTime(run: () => unknown, repetitions: number): number {
  for (let i = 0; i < 20; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
