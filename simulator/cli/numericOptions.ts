import { SimulatorError } from '../errors';
import { PARAMETER_RANGES } from '../parameterRanges';
import { isInRange, rangeText, type NumberRange } from '../validate';

/*
 * The CLI's numeric flags, checked against the simulator's own ranges (parameterRanges.ts)
 * before anything runs, so a bad value is answered with the flag, the value and what it may be:
 * `--rtt: -5 is not a round-trip time; give 0 to 10,000 ms`.
 */

/** A command line the CLI cannot read: answered with the message and the usage, exit code 2. */
export class UsageError extends SimulatorError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** A numeric flag: the simulator's range it feeds, and, where the flag counts in a larger unit, how many of the range's units make one. */
export interface NumericFlag {
  range: NumberRange;
  /** The flag's unit, when it is not the range's (--poll-interval in s, for a range in ms). */
  unit?: string;
  /** Range units per flag unit: the flag's value times this is what the simulator takes. */
  scale?: number;
}

/**
 * node's parseArgs reads `--rtt -5` as a flag followed by another option and refuses it as
 * ambiguous, so a negative number would never reach the range check. A value after one of
 * `numeric` that starts with a single dash is joined to it (`--rtt=-5`): it then reaches
 * numericFlag, which says what is wrong with it. Nothing after `--` is touched.
 */
export function joinDashedValues(argv: readonly string[], numeric: ReadonlySet<string>): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') return [...joined, ...argv.slice(index)];
    const next = argv[index + 1];
    if (argument.startsWith('--') && numeric.has(argument.slice(2)) && next !== undefined && /^-(?!-)./.test(next)) {
      joined.push(`${argument}=${next}`);
      index++;
    } else {
      joined.push(argument);
    }
  }
  return joined;
}

/**
 * The number a flag's text gives, in the range's units, or a UsageError with the flag, the
 * text and the range. Only plain decimal numbers are read: `0x10`, `1_000`, `NaN` and
 * `Infinity` are refused like words.
 */
export function numericFlag(flag: string, raw: string, spec: NumericFlag): number {
  const value = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw.trim()) ? Number(raw) * (spec.scale ?? 1) : Number.NaN;
  if (!isInRange(value, spec.range)) {
    const shown = Number.isFinite(Number(raw)) && raw.trim() !== '' ? raw.trim() : JSON.stringify(raw);
    throw new UsageError(`--${flag}: ${shown} is not ${spec.range.noun}; give ${rangeText(spec.range, spec.scale, spec.unit)}`);
  }
  return value;
}

/** `--seed`: a whole number within what a double holds exactly, or any other text, which seeds as a string. */
export function seedFlag(raw: string): number | string {
  if (!/^-?\d+$/.test(raw)) return raw;
  return numericFlag('seed', raw, { range: PARAMETER_RANGES.seed });
}
