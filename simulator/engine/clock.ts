/**
 * Simulated wall-clock time, for the few protocol fields that carry a date (HTTP Date,
 * Lambda event timestamps, SigV4). Fixed origin, so traces repeat byte for byte.
 */
export const SIMULATED_EPOCH_MS = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Milliseconds since the Unix epoch at simulated time `simulatedMs`. */
export function epochAt(simulatedMs: number): number {
  return SIMULATED_EPOCH_MS + Math.floor(simulatedMs);
}

/** An IMF-fixdate (RFC 9110 §5.6.7) at simulated time `simulatedMs`. */
export function httpDate(simulatedMs: number): string {
  return new Date(epochAt(simulatedMs)).toUTCString();
}
