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

  /** Takes one token at `nowMs` if there is one. */
  take(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens available at `nowMs` (for display). */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.tokens);
  }

  private refill(nowMs: number): void {
    if (nowMs > this.lastRefill) {
      this.tokens = Math.min(this.burstLimit, this.tokens + ((nowMs - this.lastRefill) / 1000) * this.rateLimit);
      this.lastRefill = nowMs;
    }
  }
}
