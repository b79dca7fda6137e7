/**
 * Engine throughput with 10,000 events pending: each event reschedules itself at a
 * seeded random delay, so the queue depth stays constant, as in a busy simulation.
 * Prints `engine: <n> events/s`. Goal (issue 3): at least 5 million per second on one core.
 */
import { Simulation } from '../simulator/engine/simulation';

const PENDING = 10_000;
const EVENTS = 3_000_000;

function measure(): number {
  const simulation = new Simulation(42);
  const random = simulation.random;
  const reschedule = (): void => {
    simulation.schedule(random.next() * 10, reschedule);
  };
  for (let i = 0; i < PENDING; i++) simulation.schedule(random.next() * 10, reschedule);
  const start = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) simulation.step();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return EVENTS / seconds;
}

measure(); // warm-up: let the JIT settle before the measured runs
const runs = [measure(), measure(), measure()].sort((a, b) => a - b);
console.log(`engine: ${Math.round(runs[1])} events/s (median of 3 runs, ${PENDING} pending, ${EVENTS} events each)`);
