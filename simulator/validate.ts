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
