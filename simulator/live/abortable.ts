import { liveAborted } from './liveError';

/**
 * `work`, unless `signal` fires first: then `teardown` runs at once (it must close whatever
 * the work opened) and the promise rejects with LIVE_ABORTED. What the torn-down work does
 * afterwards (a reset socket's error, a timer's resolution) is a consequence of the abort,
 * not news: it settles a promise that has already settled, so it is handled and ignored.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, teardown: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      teardown();
      reject(liveAborted());
    };
    const settle = <V>(finish: (value: V) => void) => (value: V): void => {
      signal.removeEventListener('abort', abort);
      finish(value);
    };
    work.then(settle(resolve), settle(reject));
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}
