import { median } from '../fidelity/median';
import { makeLiveCertificate } from './certificate';
import { byMessageType } from './measurementComparison';
import type { FidelityScenario } from './fidelityScenarios';
import { runLive, type LiveResult } from './liveRun';

/*
 * Each fidelity scenario run several times for real: the bytes and round trips of one run
 * (they do not vary), and the time to first byte against the model's. Two instrument errors
 * are taken out of the measurement. The delay relay's timer lateness on the way to the first
 * byte (relayLateness.ts): what a precise delay element such as netem would not add. And the
 * machine's load: other builds on the same two cores deschedule the process for up to tens of
 * milliseconds at random, which only ever adds delay, so the measured value is the fastest
 * run; every run and the medians are reported beside it.
 */

export interface FidelityRun {
  /** Time to first byte as measured (ms). */
  measuredMs: number;
  /** The relay's lateness on the way to the first byte (ms). */
  relayLatenessMs: number;
}

export interface FidelityOutcome {
  scenario: string;
  result: LiveResult;
  modelTimeToFirstByteMs: number;
  /** The fastest run's measured time less its relay lateness. */
  liveTimeToFirstByteMs: number;
  /** Medians over the runs, with and without the relay's lateness. */
  medianTimeToFirstByteMs: number;
  rawMedianTimeToFirstByteMs: number;
  runs: FidelityRun[];
}

export { median } from '../fidelity/median';

export async function measureFidelity(scenario: FidelityScenario, runs = 7): Promise<FidelityOutcome> {
  // One certificate for all runs: making an RSA key costs CPU and garbage the runs should not share.
  const certificate = makeLiveCertificate(scenario.host);
  const results: LiveResult[] = [];
  for (let run = 0; run < runs; run++) results.push(await runLive(scenario, certificate));
  const measured = results.map((result): FidelityRun => ({ measuredMs: result.comparison.exchanges[0]?.liveTimeToFirstByteMs ?? Number.NaN, relayLatenessMs: result.relayLatenessMs }));
  const result = results[0];
  return {
    scenario: scenario.name, result, modelTimeToFirstByteMs: result.comparison.exchanges[0]?.modelTimeToFirstByteMs ?? Number.NaN,
    liveTimeToFirstByteMs: Math.min(...measured.map((run) => run.measuredMs - run.relayLatenessMs)),
    medianTimeToFirstByteMs: median(measured.map((run) => run.measuredMs - run.relayLatenessMs)),
    rawMedianTimeToFirstByteMs: median(measured.map((run) => run.measuredMs)),
    runs: measured,
  };
}

/** The model's error relative to the measurement, as a signed fraction. */
export function timeToFirstByteError(outcome: FidelityOutcome): number {
  return (outcome.modelTimeToFirstByteMs - outcome.liveTimeToFirstByteMs) / outcome.liveTimeToFirstByteMs;
}

/** The fidelity table: per message type, modelled vs measured bytes; per scenario, round trips and time to first byte. */
export function formatFidelity(outcomes: readonly FidelityOutcome[]): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const { comparison } = outcome.result;
    lines.push(`■ ${outcome.scenario}`);
    lines.push(`  ${'layer'.padEnd(5)} ${'direction'.padEnd(16)} ${'message type'.padEnd(36)} ${'n'.padStart(3)} ${'model B'.padStart(9)} ${'measured B'.padStart(10)}  diff`);
    for (const row of byMessageType(comparison)) {
      const diff = row.liveBytes === 0 ? '' : `${(((row.modelBytes - row.liveBytes) / row.liveBytes) * 100).toFixed(2)}%`;
      lines.push(`  ${row.layer.padEnd(5)} ${row.direction.padEnd(16)} ${row.type.slice(0, 36).padEnd(36)} ${String(row.count).padStart(3)} ${String(row.modelBytes).padStart(9)} ${String(row.liveBytes).padStart(10)}  ${diff}`);
    }
    for (const exchange of comparison.exchanges) {
      lines.push(`  ${exchange.name}: round trips before first byte model ${exchange.modelRoundTrips}, measured ${exchange.liveRoundTrips}`);
    }
    const error = timeToFirstByteError(outcome);
    lines.push(`  time to first byte: model ${outcome.modelTimeToFirstByteMs.toFixed(1)} ms, measured ${outcome.liveTimeToFirstByteMs.toFixed(1)} ms, model ${error >= 0 ? '+' : ''}${(error * 100).toFixed(1)}%`);
    lines.push(`    (fastest of ${outcome.runs.length} runs less relay lateness; median ${outcome.medianTimeToFirstByteMs.toFixed(1)} ms, raw median ${outcome.rawMedianTimeToFirstByteMs.toFixed(1)} ms; runs as measured-lateness: ${outcome.runs.map((run) => `${run.measuredMs.toFixed(1)}-${run.relayLatenessMs.toFixed(1)}`).join(', ')})`);
    lines.push(comparison.differences.length === 0 ? '  differences: none' : `  differences:\n${comparison.differences.map((difference) => `    - ${difference}`).join('\n')}`);
    lines.push('');
  }
  return lines.join('\n');
}
