import { ParameterError } from '../../errors';
import { DEFAULT_MAX_FRAME_SIZE, DEFAULT_WINDOW_SIZE, MAX_WINDOW_SIZE, SETTINGS } from './frames';
import { Http2FrameError } from './frameParser';

/** One side's SETTINGS as they stand (RFC 9113 §6.5.2). */
export interface Http2Settings {
  headerTableSize: number;
  enablePush: number;
  maxConcurrentStreams: number;
  initialWindowSize: number;
  maxFrameSize: number;
  maxHeaderListSize: number;
}

/** The values in force before any SETTINGS arrives (RFC 9113 §6.5.2: unlimited where no initial value is given). */
export const INITIAL_SETTINGS: Readonly<Http2Settings> = {
  headerTableSize: 4096,
  enablePush: 1,
  maxConcurrentStreams: Infinity,
  initialWindowSize: DEFAULT_WINDOW_SIZE,
  maxFrameSize: DEFAULT_MAX_FRAME_SIZE,
  maxHeaderListSize: Infinity,
};

const SETTING_KEYS = new Map<number, keyof Http2Settings>([
  [SETTINGS.HEADER_TABLE_SIZE, 'headerTableSize'], [SETTINGS.ENABLE_PUSH, 'enablePush'], [SETTINGS.MAX_CONCURRENT_STREAMS, 'maxConcurrentStreams'],
  [SETTINGS.INITIAL_WINDOW_SIZE, 'initialWindowSize'], [SETTINGS.MAX_FRAME_SIZE, 'maxFrameSize'], [SETTINGS.MAX_HEADER_LIST_SIZE, 'maxHeaderListSize'],
]);

/** `settings` after a SETTINGS frame's entries, in order (a later entry for the same identifier wins); unknown identifiers are ignored (RFC 9113 §6.5.2). */
export function applySettings(settings: Readonly<Http2Settings>, entries: readonly (readonly [number, number])[]): Http2Settings {
  const next = { ...settings };
  for (const [identifier, value] of entries) {
    const key = SETTING_KEYS.get(identifier);
    if (key) next[key] = value;
  }
  return next;
}

/** Streams a client opens are odd, from 1; a server's (pushed) streams are even, from 2 (RFC 9113 §5.1.1). */
export function firstStreamId(role: 'client' | 'server'): number {
  return role === 'client' ? 1 : 2;
}

/**
 * What a receiver has taken in and not yet credited back, for one window (the connection's or a
 * stream's). Both nghttp2 and Chromium send WINDOW_UPDATE once half the window is consumed:
 * nghttp2_should_send_window_update (lib/nghttp2_helper.c) with `>=`; Chromium's
 * SpdySession::IncreaseRecvWindowSize with `>` and, as an assumption not modelled, a timer that
 * flushes small credits after a few seconds. The `>=` of nghttp2 is used for both.
 */
export class ReceiveWindow {
  private unacknowledged = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_WINDOW_SIZE) throw new ParameterError('windowSize', size, 'an integer from 1 to 2^31 - 1 (RFC 9113 §6.9.2)');
  }

  /** Takes in `bytes` of flow-controlled payload (DATA, padding included); returns the WINDOW_UPDATE increment to send now, or 0. */
  receive(bytes: number): number {
    this.unacknowledged += bytes;
    if (this.unacknowledged > 0 && this.unacknowledged >= Math.floor(this.size / 2)) {
      const increment = this.unacknowledged;
      this.unacknowledged = 0;
      return increment;
    }
    return 0;
  }
}

/** What a sender may still send in one window (RFC 9113 §6.9.1). */
export class SendWindow {
  constructor(private available: number) {}

  get remaining(): number {
    return this.available;
  }

  spend(bytes: number): void {
    if (bytes > this.available) throw new ParameterError('bytes', bytes, `at most the ${this.available} bytes the flow-control window allows (RFC 9113 §6.9.1)`);
    this.available -= bytes;
  }

  /** A WINDOW_UPDATE arrived; a window beyond 2^31 - 1 is a FLOW_CONTROL_ERROR (RFC 9113 §6.9.1). */
  credit(increment: number): void {
    if (this.available + increment > MAX_WINDOW_SIZE) {
      throw new Http2FrameError('H2_ERR_FLOW_CONTROL', 'FLOW_CONTROL_ERROR', 'RFC 9113 §6.9.1', `window of ${this.available + increment} bytes, above 2^31 - 1`);
    }
    this.available += increment;
  }
}
