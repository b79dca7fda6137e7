import { SimulatorError, type SimulatorErrorCode } from '../errors';

/** Why a live run could not be played or finished (the codes are listed with the others in errors.ts). */
export type LiveErrorCode = Extract<SimulatorErrorCode, `LIVE_${string}`>;

export class LiveError extends SimulatorError {
  constructor(override readonly code: LiveErrorCode, message: string) {
    super(code, message);
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
