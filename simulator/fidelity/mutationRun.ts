import type { ConnectionView } from './connectionView';
import { TIME_TOLERANCE } from './connectionComparison';
import { compareRow, type RowComparison } from './harnessRow';
import type { ModelVariation } from './fidelityRows';
import type { Mutation } from './modelMutations';

/*
 * The mutation run: each mutation applied to the model side of every measured row and held
 * against the same real capture. In a row where the mutation changes the model's connections,
 * it is caught when the differences the harness names change (one it did not name for the
 * unmutated model, or one it no longer names), told apart by their keys: exact measures by
 * their text, the time by its label alone; a time that differed already counts once the
 * mutation moves the model's figure by more than the harness tolerates (so a nudge of the
 * model's clock is not counted as caught for moving a time that was out of tolerance); a
 * mutation is caught when it is caught in every row it changes, and missed when it changes no
 * row at all (an instrument that cannot see it is no better than one that misses it).
 */

export interface MeasuredRow {
  name: string;
  real: readonly ConnectionView[];
  baseline: readonly ConnectionView[];
  /** The unmutated model's comparison with the real capture. */
  baselineComparison: RowComparison;
  /** Per connection, the real time to hold the model's against (the median of repeated runs), if not the run's own. */
  realTimes?: readonly number[];
  /** The model's connections for this row with a variation of the model run. */
  remodel: (variation: ModelVariation) => ConnectionView[];
}

export type RowVerdict = 'caught' | 'missed' | 'unchanged';

export interface MutationOutcome {
  mutation: string;
  caught: boolean;
  rows: { row: string; verdict: RowVerdict; newDifferences: string[]; goneDifferences: string[] }[];
}

/** Each connection whose model time to first response the mutation moved by more than TIME_TOLERANCE of the real one, in words. */
function timesMoved(before: RowComparison, after: RowComparison): string[] {
  return after.connections.flatMap((connection, index) => {
    const was = before.connections[index]?.model.timeToFirstResponseMs;
    const now = connection.model.timeToFirstResponseMs;
    const real = connection.real.timeToFirstResponseMs;
    if (was === undefined || !(Math.abs(now - was) > TIME_TOLERANCE * real)) return [];
    return [`${after.connections.length > 1 ? `connection ${index + 1}: ` : ''}ClientHello to first response: model ${was.toFixed(1)} -> ${now.toFixed(1)} ms, more than ${TIME_TOLERANCE * 100}% of the real ${real.toFixed(1)} ms`];
  });
}

/** The views with times to 0.1 ms: a variation moves the model's clock by float noise (a few ns) where it changes nothing. */
function canonical(views: readonly ConnectionView[]): string {
  return JSON.stringify(views, (key, value: unknown) => (typeof value === 'number' && /^(time|origin|clientHelloAt|firstResponseAt)$/.test(key) ? Math.round(value * 10) / 10 : value));
}

export function evaluateMutation(mutation: Mutation, rows: readonly MeasuredRow[]): MutationOutcome {
  const outcomes = rows.map((row) => {
    const varied = mutation.variation ? row.remodel(mutation.variation) : row.baseline.map((view) => ({ ...view }));
    const mutated = mutation.transform ? mutation.transform(varied) : varied;
    if (canonical(mutated) === canonical(row.baseline)) return { row: row.name, verdict: 'unchanged' as const, newDifferences: [], goneDifferences: [] };
    const before = row.baselineComparison;
    const after = compareRow(mutated, row.real, row.realTimes);
    const [beforeKeys, afterKeys] = [new Set(before.keys), new Set(after.keys)];
    const newDifferences = after.differences.filter((_difference, index) => !beforeKeys.has(after.keys[index]));
    if (newDifferences.length === 0) newDifferences.push(...timesMoved(before, after));
    // A difference the mutation takes away is seen too: a model made 300 ms slower can land within 10% of a real run that a loaded machine slowed as much.
    const goneDifferences = before.differences.filter((_difference, index) => !afterKeys.has(before.keys[index]));
    return { row: row.name, verdict: newDifferences.length + goneDifferences.length > 0 ? 'caught' as const : 'missed' as const, newDifferences, goneDifferences };
  });
  const changed = outcomes.filter((outcome) => outcome.verdict !== 'unchanged');
  return { mutation: mutation.name, caught: changed.length > 0 && changed.every((outcome) => outcome.verdict === 'caught'), rows: outcomes };
}

/** The mutation report; its last line is `mutations caught: K/N`. */
export function formatMutations(outcomes: readonly MutationOutcome[]): string {
  const lines = ['Mutation run: each change made to the model side only, held against the same real captures', ''];
  for (const outcome of outcomes) {
    lines.push(`${outcome.caught ? 'caught' : 'MISSED'}  ${outcome.mutation}`);
    for (const row of outcome.rows) {
      if (row.verdict === 'unchanged') continue;
      const shown = row.newDifferences[0] ? `new: ${row.newDifferences[0]}` : row.goneDifferences[0] ? `gone: ${row.goneDifferences[0]}` : '';
      const more = row.newDifferences.length + row.goneDifferences.length - 1;
      lines.push(`    ${row.row}: ${row.verdict}${shown ? ` (${shown}${more > 0 ? `; +${more} more` : ''})` : ''}`);
    }
    if (outcome.rows.every((row) => row.verdict === 'unchanged')) lines.push('    changes no row\'s model run: the model already does this, or has nothing it applies to');
  }
  lines.push('', `mutations caught: ${outcomes.filter((outcome) => outcome.caught).length}/${outcomes.length}`);
  return lines.join('\n');
}
