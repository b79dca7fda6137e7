/** Why a live run could not be played or finished: a stable code and a message, for the CLI and the tests. */
export type LiveErrorCode =
  /** The model's trace holds something the live run cannot play (a message without its bytes, a server-side ping or close). */
  | 'LIVE_UNPLAYABLE'
  /** The emulated gateway met a request it had no planned answer for. */
  | 'LIVE_UNPLANNED_REQUEST';

export class LiveError extends Error {
  constructor(readonly code: LiveErrorCode, message: string) {
    super(message);
    this.name = 'LiveError';
  }
}
