import { makeLiveCertificate } from './certificate';
import { byMessageType } from './compare';
import type { FidelityScenario } from './fidelityScenarios';
import { runLive, type LiveResult } from './liveRun';

/*
 * Each fidelity scenario run several times for real: the bytes and round trips of one run
 * (they do not vary), and the time to first byte against the model's. The measured value
 * is the median over the runs of the time to first byte less the delay relay's own timer
 * lateness on the way to it (relayLateness.ts): the time a precise delay element would
 * have given, with every real cost of the client, TLS and the emulator kept in. The raw
 * figures are reported beside it.
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
  /** Median over the runs of measured time less relay lateness. */
  liveTimeToFirstByteMs: number;
  /** Median of the raw measurements. */
  rawTimeToFirstByteMs: number;
  runs: FidelityRun[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function measureFidelity(scenario: FidelityScenario, runs = 5): Promise<FidelityOutcome> {
  // One certificate for all runs: making an RSA key costs CPU and garbage the runs should not share.
  const certificate = makeLiveCertificate(scenario.host);
  const results: LiveResult[] = [];
  for (let run = 0; run < runs; run++) results.push(await runLive(scenario, certificate));
  const measured = results.map((result): FidelityRun => ({ measuredMs: result.comparison.exchanges[0]?.liveTimeToFirstByteMs ?? Number.NaN, relayLatenessMs: result.relayLatenessMs }));
  const result = results[0];
  return {
    scenario: scenario.name, result, modelTimeToFirstByteMs: result.comparison.exchanges[0]?.modelTimeToFirstByteMs ?? Number.NaN,
    liveTimeToFirstByteMs: median(measured.map((run) => run.measuredMs - run.relayLatenessMs)), rawTimeToFirstByteMs: median(measured.map((run) => run.measuredMs)), runs: measured,
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
    lines.push(`    (median of ${outcome.runs.length} runs less relay lateness; raw median ${outcome.rawTimeToFirstByteMs.toFixed(1)} ms; runs ${outcome.runs.map((run) => `${run.measuredMs.toFixed(1)}-${run.relayLatenessMs.toFixed(1)}`).join(', ')})`);
    lines.push(comparison.differences.length === 0 ? '  differences: none' : `  differences:\n${comparison.differences.map((difference) => `    - ${difference}`).join('\n')}`);
    lines.push('');
  }
  return lines.join('\n');
}
