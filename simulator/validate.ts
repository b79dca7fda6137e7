import { ParameterError } from './errors';

/** Parameter checks shared by every model: each names the parameter it rejects. */

export function finiteNumber(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ParameterError(parameter, value, 'a finite number');
  return value;
}

export function nonNegative(parameter: string, value: unknown): number {
  const number = finiteNumber(parameter, value);
  if (number < 0) throw new ParameterError(parameter, value, 'a number >= 0');
  return number;
}

export function positive(parameter: string, value: unknown): number {
  const number = finiteNumber(parameter, value);
  if (number <= 0) throw new ParameterError(parameter, value, 'a number > 0');
  return number;
}

export function integerInRange(parameter: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ParameterError(parameter, value, `an integer from ${min} to ${max}`);
  }
  return value;
}

export function probability(parameter: string, value: unknown): number {
  const number = finiteNumber(parameter, value);
  if (number < 0 || number > 1) throw new ParameterError(parameter, value, 'a probability from 0 to 1');
  return number;
}

export function oneOf<T extends string>(parameter: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ParameterError(parameter, value, `one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`, 'UNKNOWN_OPTION');
  }
  return value as T;
}

/**
 * A number's allowed range and what the number is, so that every message about it, the
 * simulator's and the CLI's, says both from the same figures (simulator/parameterRanges.ts).
 */
export interface NumberRange {
  /** What a value is, for a sentence: 'a round-trip time'. */
  readonly noun: string;
  readonly min: number;
  readonly max: number;
  /** The minimum itself is excluded: a rate must be more than 0. */
  readonly aboveMin?: boolean;
  readonly integer?: boolean;
  /** Written after the figures: 'ms', 'requests per second'. */
  readonly unit?: string;
}

/** Whether `value` is a number the range allows (never NaN or an infinity). */
export function isInRange(value: number, range: NumberRange): boolean {
  if (!Number.isFinite(value) || value > range.max) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  return range.aboveMin ? value > range.min : value >= range.min;
}

/**
 * The range in words: `0 to 10,000 ms`, `more than 0, up to 20,000,000 requests per second`,
 * `a whole number from 1 to 10,000`. `scale` divides the figures for a caller that counts in a
 * larger unit (the CLI's --poll-interval in seconds for a range in ms), `unit` then names it.
 */
export function rangeText(range: NumberRange, scale = 1, unit = range.unit): string {
  const figure = (value: number): string => (value / scale).toLocaleString('en-US', { maximumFractionDigits: 6 });
  const suffix = unit ? ` ${unit}` : '';
  if (range.integer) return `a whole number from ${figure(range.min)} to ${figure(range.max)}${suffix}`;
  if (range.aboveMin) return `more than ${figure(range.min)}, up to ${figure(range.max)}${suffix}`;
  return `${figure(range.min)} to ${figure(range.max)}${suffix}`;
}

/** `value` if the range allows it, else a ParameterError naming the parameter, what it is and the range. */
export function inRange(parameter: string, value: unknown, range: NumberRange): number {
  if (typeof value !== 'number' || !isInRange(value, range)) throw new ParameterError(parameter, value, `${range.noun}, ${rangeText(range)}`);
  return value;
}
