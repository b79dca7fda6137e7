/**
 * Typed errors, under one root (`SimulatorError`) with one list of codes. Simulated failures
 * (a 429, a close 1009, a TLS alert) are trace events, not exceptions; these classes are for
 * the other kinds of trouble:
 * - bad input from the caller (`ParameterError`, or a command line the CLI cannot read), which names what it is about;
 * - a user's config that cannot be read (`ConfigError`), at its file, line and column;
 * - bytes a codec cannot parse (the WebSocket `FrameParseError`, HTTP/2's `Http2FrameError` and `HpackError`), with the peer's close or error code;
 * - a live run that cannot be played or was aborted (`LiveError`);
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
  /** A VTL mapping template that does not parse, or fails while it is evaluated (gateway/mapping/templateError.ts). */
  | 'MAPPING_TEMPLATE'
  | 'INVARIANT_VIOLATED'
  /** A command line the CLI cannot read: a missing argument, an unknown option or value. */
  | 'USAGE'
  /** `--out` names a file the command read (the config, a file it references, the workload), a folder, or a link to nothing: nothing is written. */
  | 'OUTPUT_REFUSED'
  /** `--out` could not be written: its folder is missing, or the system refused (permissions, a full disk). */
  | 'OUTPUT_FAILED'
  /** A file named on the command line (other than a config) could not be read. */
  | 'INPUT_UNREADABLE'
  /** `apigw-sim event`: the route's integration is not a Lambda function, or it has no Lambda authorizer, so there is no event to show. */
  | 'NO_LAMBDA_EVENT'
  /** `calibrate`: the model's client never sends a recorded route's request (its browser's CORS check refuses it). */
  | 'CALIBRATION_UNMODELLED'
  /** A WebSocket session that compare runs was refused or closed before it carried a message and a push. */
  | 'SESSION_REFUSED'
  /** Something the CLI did not expect: a bug, reported as one rather than as a stack trace. */
  | 'INTERNAL'
  /** The editor stopped reading a config that took longer than its time limit (the extension host is never held up). */
  | 'CONFIG_TIME_LIMIT'
  /** The editor stopped reading a config that needed more memory than its limit. */
  | 'CONFIG_MEMORY_LIMIT'
  /** WebSocket frames that break RFC 6455 (the codes `ws` uses for the same faults). */
  | 'WS_ERR_INVALID_CONTROL_FRAME'
  | 'WS_ERR_INVALID_OPCODE'
  | 'WS_ERR_MESSAGE_TOO_BIG'
  | 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH'
  /** HTTP/2 frames that break RFC 9113 (net/http2/frameParser.ts), each with the connection error the peer would send. */
  | 'H2_ERR_BAD_PREFACE'
  | 'H2_ERR_FRAME_SIZE'
  | 'H2_ERR_STREAM_ID'
  | 'H2_ERR_PADDING'
  | 'H2_ERR_SETTINGS_LENGTH'
  | 'H2_ERR_SETTINGS_VALUE'
  | 'H2_ERR_ZERO_WINDOW_INCREMENT'
  | 'H2_ERR_CONTINUATION_EXPECTED'
  | 'H2_ERR_UNEXPECTED_CONTINUATION'
  | 'H2_ERR_FLOW_CONTROL'
  /** HPACK header blocks that break RFC 7541 (net/http2/hpack/): a COMPRESSION_ERROR on the connection (RFC 9113 §4.3). */
  | 'HPACK_ERR_TRUNCATED'
  | 'HPACK_ERR_INTEGER_OVERFLOW'
  | 'HPACK_ERR_INDEX'
  | 'HPACK_ERR_HUFFMAN'
  | 'HPACK_ERR_TABLE_SIZE_UPDATE'
  /** The model's trace holds something a live run cannot play (a message without its bytes, a server-side ping or close). */
  | 'LIVE_UNPLAYABLE'
  /** The emulated gateway met a request it had no planned answer for. */
  | 'LIVE_UNPLANNED_REQUEST'
  /** The caller aborted a live run (its AbortSignal fired); everything the run had opened was closed first. */
  | 'LIVE_ABORTED'
  /** A live run took longer than its time limit; everything it had opened was closed first. */
  | 'LIVE_TIME_LIMIT'
  /** A program the live harness runs (dumpcap, tshark, curl, chromium, unshare, ip) is not installed; the message names its package. */
  | 'LIVE_TOOL_MISSING'
  /** The live harness lacks a right it needs (capturing packets, a network namespace); the message says which and how to get it. */
  | 'LIVE_PERMISSION_DENIED'
  /** A program of the live harness (a real client: curl, Chromium, Node; dumpcap; the relay) failed, or a client cannot play the route. */
  | 'LIVE_HARNESS_FAILED';

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
