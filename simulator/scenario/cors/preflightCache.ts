import { headerValue, type HeaderList } from '../../net/http';

/*
 * The preflight cache (Fetch standard §4.8 "CORS-preflight cache"): a successful preflight is
 * remembered for Access-Control-Max-Age seconds, per origin, URL, method and header names.
 * Chromium caps the age at 2 hours and uses 5 seconds when the header is absent
 * (services/network/cors/preflight_result.cc: kMaxTimeout 2h, kDefaultTimeout 5s).
 */

export const DEFAULT_PREFLIGHT_CACHE_SECONDS = 5;
export const MAX_PREFLIGHT_CACHE_SECONDS = 7200;

/** How long a preflight answered with these headers is cached (seconds). An unparsable value counts as absent (assumption). */
export function preflightCacheSeconds(headers: HeaderList): number {
  const value = headerValue(headers, 'Access-Control-Max-Age');
  if (value === undefined || !/^\s*-?\d+\s*$/.test(value)) return DEFAULT_PREFLIGHT_CACHE_SECONDS;
  return Math.max(0, Math.min(MAX_PREFLIGHT_CACHE_SECONDS, Number(value)));
}

/** One browser page's preflight cache, keyed by what a cache entry matches on; times in simulated ms. */
export class PreflightCache {
  private readonly entries = new Map<string, number>();

  private static key(origin: string, url: string, method: string, headers: readonly string[]): string {
    return `${origin} ${url} ${method} ${headers.join(',')}`;
  }

  /** True when a preflight for this request is still cached at `nowMs`. */
  has(origin: string, url: string, method: string, headers: readonly string[], nowMs: number): boolean {
    const expires = this.entries.get(PreflightCache.key(origin, url, method, headers));
    return expires !== undefined && nowMs < expires;
  }

  /** Remembers a successful preflight for `seconds` from `nowMs`. */
  store(origin: string, url: string, method: string, headers: readonly string[], nowMs: number, seconds: number): void {
    if (seconds > 0) this.entries.set(PreflightCache.key(origin, url, method, headers), nowMs + seconds * 1000);
  }
}
