import type { NumberRange } from './validate';

/*
 * The numeric parameters a caller gives (the CLI's flags, the extension's settings), each with
 * what it is and the values allowed, in one place: the models check them here
 * (validate.ts inRange) and the CLI says the same range in its own words before it calls them.
 * A bound is either what the protocol or AWS allows (an HTTP status, a body's size) or what
 * keeps a run's time and memory bounded, as each comment says.
 */
export const PARAMETER_RANGES = {
  /** A round trip between two parties. 10 s is beyond any path on Earth, geostationary satellite links included (~600 ms). */
  roundTripMs: { noun: 'a round-trip time', min: 0, max: 10_000, unit: 'ms' },
  lossRate: { noun: 'a loss probability', min: 0, max: 1 },
  /** A numeric seed: what a double holds exactly (any other seed is a string). */
  seed: { noun: 'a numeric seed', min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true },
  /** Requests in a row on one connection: each is simulated packet by packet. */
  requests: { noun: 'a request count', min: 1, max: 10_000, integer: true },
  /**
   * Concurrent streams on one HTTP/2 connection: the gateway's SETTINGS_MAX_CONCURRENT_STREAMS
   * (128, as curl -v transcripts of API Gateway show; net/http2/profiles.ts) bounds what a client opens at once.
   */
  concurrentStreams: { noun: 'a stream count', min: 1, max: 128, integer: true },
  /** A server's idle timeout for a kept-alive connection: at most a day of simulated time. */
  idleCloseMs: { noun: 'an idle time', min: 0, max: 86_400_000, unit: 'ms' },
  /** The origin's time before it answers; beyond an hour no gateway or client waits. */
  processingMs: { noun: 'a processing time', min: 0, max: 3_600_000, unit: 'ms' },
  /** A filler response body; API Gateway's payload limit is 10 MB (gateway/quotas.ts). */
  responseBytes: { noun: 'a body size', min: 0, max: 10 * 1024 * 1024, integer: true, unit: 'bytes' },
  /** RFC 9110 §15: three digits, 1xx to 5xx. */
  httpStatus: { noun: 'an HTTP status code', min: 100, max: 599, integer: true },
  /** The wait before a WebSocket message: at most a day of simulated time. */
  messageDelayMs: { noun: 'a delay', min: 0, max: 86_400_000, unit: 'ms' },
  /** WebSocket frame payloads: RFC 6455 §5.2 allows 2^63 - 1 bytes; a double counts exactly to 2^53 - 1. */
  frameSize: { noun: 'a frame size', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true, unit: 'bytes' },
  /** A load run holds at most 20,000,000 requests (load.ts); that many in one second is the highest rate. */
  loadRatePerSecond: { noun: 'a request rate', min: 0, max: 20_000_000, aboveMin: true, unit: 'requests per second' },
  /** A load run of at most a day of simulated time. */
  loadDurationSeconds: { noun: 'a duration', min: 0, max: 86_400, aboveMin: true, unit: 's' },
  burstRequests: { noun: 'a burst size', min: 0, max: 20_000_000, integer: true, unit: 'requests' },
  burstAtSeconds: { noun: 'a burst time', min: 0, max: 86_400, unit: 's' },
  /** WebSocket fan-out: at most 20,000,000 @connections calls in all (load.ts checks the product). */
  fanOutConnections: { noun: 'a connection count', min: 1, max: 10_000_000, integer: true },
  fanOutPushes: { noun: 'a push count', min: 1, max: 1_000, integer: true },
  /** Polls are simulated one by one up to the last update (9 s by default): 10 ms keeps them under `requests`' bound. */
  pollIntervalMs: { noun: 'a poll interval', min: 10, max: 86_400_000, unit: 'ms' },
  concurrentClients: { noun: 'a client count', min: 1, max: 10_000_000, integer: true },
  /**
   * A live run waits in real time, on real timers: a one-way delay of 5 s already makes a run of
   * a minute, and beyond it the model's own timeouts (the client's, the gateway's 29 and 30 s)
   * end the modelled exchange before its answer.
   */
  liveOneWayMs: { noun: 'a one-way delay', min: 0, max: 5_000, unit: 'ms' },
  /** Node's timers hold at most 2^31 - 1 ms, past which they fire at once; a minute is already long to watch. */
  livePushIntervalMs: { noun: 'a push interval', min: 0, max: 60_000, unit: 'ms' },
  liveRequests: { noun: 'a request count', min: 1, max: 1_000, integer: true },
} as const satisfies Record<string, NumberRange>;
