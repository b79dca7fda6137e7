import { nonNegative } from '../validate';

/**
 * The token bucket API Gateway throttles with: `burstLimit` tokens at most, refilled at
 * `rateLimit` per second; a request takes one token or is answered 429 (developer guide,
 * "Throttle requests to your REST APIs for better throughput in API Gateway"). Refill is
 * computed lazily from simulated time, so an idle bucket costs nothing.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(readonly rateLimit: number, readonly burstLimit: number, startMs = 0) {
    nonNegative('rateLimit', rateLimit);
    nonNegative('burstLimit', burstLimit);
    this.tokens = burstLimit;
    this.lastRefill = startMs;
  }

  /**
   * Takes one token at `nowMs` if there is one. State changes only when a token is taken,
   * so how often a bucket is checked never changes what it admits.
   */
  take(nowMs: number): boolean {
    const current = this.level(nowMs);
    // A hair of tolerance: a token that refills exactly on time must not be lost to rounding.
    if (current < 1 - 1e-9) return false;
    this.tokens = Math.max(0, current - 1);
    this.lastRefill = Math.max(this.lastRefill, nowMs);
    return true;
  }

  /** Tokens available at `nowMs` (for display). */
  available(nowMs: number): number {
    return Math.floor(this.level(nowMs) + 1e-9);
  }

  private level(nowMs: number): number {
    return nowMs > this.lastRefill ? Math.min(this.burstLimit, this.tokens + ((nowMs - this.lastRefill) / 1000) * this.rateLimit) : this.tokens;
  }
}
