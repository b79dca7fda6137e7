/** Why a live run could not be played or finished: a stable code and a message, for the CLI and the tests. */
export type LiveErrorCode =
  /** The model's trace holds something the live run cannot play (a message without its bytes, a server-side ping or close). */
  | 'LIVE_UNPLAYABLE'
  /** The emulated gateway met a request it had no planned answer for. */
  | 'LIVE_UNPLANNED_REQUEST'
  /** The caller aborted the run (its AbortSignal fired); everything the run had opened was closed first. */
  | 'LIVE_ABORTED';

export class LiveError extends Error {
  constructor(readonly code: LiveErrorCode, message: string) {
    super(message);
    this.name = 'LiveError';
  }
}

/** The rejection of an aborted run. */
export function liveAborted(): LiveError {
  return new LiveError('LIVE_ABORTED', 'the live run was aborted');
}

/** Throws LIVE_ABORTED when `signal` has fired: the check between two stages of a run. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw liveAborted();
}
