/**
 * Typed errors. Simulated failures (a 429, a close 1009, a TLS alert) are trace events,
 * not exceptions; these classes are for the two other kinds of trouble:
 * - bad input from the caller (`ParameterError`), which names the parameter it is about;
 * - a broken invariant inside the simulator (`InvariantError`), which is a bug and throws at once.
 */

/** Stable, machine-readable error codes. */
export type SimulatorErrorCode =
  | 'INVALID_CONFIG'
  | 'CONFIG_SYNTAX'
  | 'CONFIG_TOO_LARGE'
  | 'UNKNOWN_REFERENCE'
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_OPTION'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVARIANT_VIOLATED';

export class SimulatorError extends Error {
  constructor(readonly code: SimulatorErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A parameter the caller gave is out of range, of the wrong kind, or not one we know. */
export class ParameterError extends SimulatorError {
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    readonly expected: string,
    code: SimulatorErrorCode = 'INVALID_PARAMETER',
  ) {
    super(code, `${parameter}: expected ${expected}, got ${describe(value)}`);
  }
}

/** A payload beyond what a protocol can carry (for example a WebSocket frame beyond 2^63-1 bytes). */
export class PayloadTooLargeError extends ParameterError {
  constructor(parameter: string, size: number, limit: number, protocol: string) {
    super(parameter, size, `at most ${limit} bytes (${protocol})`, 'PAYLOAD_TOO_LARGE');
  }
}

/** Where in a user's file something is. 1-based line and column. */
export interface ErrorLocation {
  file: string;
  line: number;
  column: number;
}

/** Something wrong in a user's config file, at a place in it. */
export class ConfigError extends SimulatorError {
  constructor(readonly location: ErrorLocation, message: string, code: SimulatorErrorCode = 'INVALID_CONFIG') {
    super(code, message);
  }

  /** `file:line:column: message`, as compilers print it and editors link it. */
  format(): string {
    return `${this.location.file}:${this.location.line}:${this.location.column}: ${this.message}`;
  }
}

/** An internal consistency check failed: a simulator bug, never the user's fault. */
export class InvariantError extends SimulatorError {
  constructor(message: string) {
    super('INVARIANT_VIOLATED', message);
  }
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Object.prototype.toString.call(value);
}
