import type { HeaderList } from '../../net/http';

/*
 * Which fetch() requests need a CORS preflight (Fetch standard §4.1 main fetch, "CORS-preflight
 * flag"; §2.2.2 CORS-safelisted method; §2.2.2 CORS-safelisted request-header): a cross-origin
 * request is sent at once only when its method is GET, HEAD or POST and every header the page
 * set is safelisted. Headers the browser sets itself (User-Agent, Sec-Fetch-*, Origin, ...) do
 * not count. Authorization is never safelisted.
 */

export const CORS_SAFELISTED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

/** Content-Type essences a simple request may carry (Fetch §2.2.2: a CORS-safelisted request-header named content-type). */
export const SAFELISTED_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** Bytes of safelisted header values a request may carry before they stop counting as safe (Fetch §2.2.2, 1024). */
const SAFELISTED_TOTAL_BYTES = 1024;

/** Why a header the page set is not CORS-safelisted, or undefined when it is (Fetch §2.2.2). */
export function unsafeHeaderReason(name: string, value: string): string | undefined {
  const lower = name.toLowerCase();
  const safelistedNames = ['accept', 'accept-language', 'content-language', 'content-type', 'range'];
  // A safelisted header with a value over 128 bytes is unsafe after all.
  if (safelistedNames.includes(lower) && value.length > 128) return `${lower}: the value is longer than 128 bytes`;
  switch (lower) {
    case 'accept':
      return /["():<>?@[\\\]{}\u007f]/.test(value) || [...value].some((char) => char.charCodeAt(0) < 0x20 && char !== '\t') ? `${lower}: the value has a CORS-unsafe byte` : undefined;
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value) ? undefined : `${lower}: the value has a byte outside 0-9 A-Z a-z space *,-.;=`;
    case 'content-type': {
      const essence = value.split(';')[0].trim().toLowerCase();
      return SAFELISTED_CONTENT_TYPES.has(essence) ? undefined : `content-type ${essence} is not one of ${[...SAFELISTED_CONTENT_TYPES].join(', ')}`;
    }
    case 'range':
      return /^bytes=\d+-\d*$/.test(value.replace(/\s/g, '')) ? undefined : 'range: not a single bytes range';
    case 'authorization':
      // Fetch §2.2.2 "CORS non-wildcard request-header name": never safelisted, and `*` does not allow it.
      return 'authorization is never CORS-safelisted';
    default:
      return `${lower} is not a CORS-safelisted request header`;
  }
}

export interface FetchClassification {
  /** True when the browser sends a preflight OPTIONS before the request. */
  preflight: boolean;
  /** Why, in words, for the trace and the CLI. */
  reason: string;
  /** Access-Control-Request-Headers: the unsafe header names, lowercased, sorted, deduplicated (Fetch §4.8 CORS-unsafe request-header names). */
  unsafeHeaders: string[];
}

/** Classifies a cross-origin request by its method and the headers the page set (not the browser's own). */
export function classifyFetch(method: string, pageHeaders: HeaderList): FetchClassification {
  const reasons: string[] = [];
  const unsafe = new Set<string>();
  let safelistedBytes = 0;
  for (const [name, value] of pageHeaders) {
    const reason = unsafeHeaderReason(name, value);
    if (reason) {
      reasons.push(reason);
      unsafe.add(name.toLowerCase());
    } else {
      safelistedBytes += value.length;
    }
  }
  // Safelisted values over 1024 bytes in total make every one of them unsafe (Fetch §4.8).
  if (safelistedBytes > SAFELISTED_TOTAL_BYTES) {
    for (const [name] of pageHeaders) unsafe.add(name.toLowerCase());
    reasons.push(`the safelisted header values add up to more than ${SAFELISTED_TOTAL_BYTES} bytes`);
  }
  const upper = method.toUpperCase();
  if (!CORS_SAFELISTED_METHODS.has(upper)) reasons.unshift(`${upper} is not a CORS-safelisted method (GET, HEAD, POST)`);
  const unsafeHeaders = [...unsafe].sort();
  if (reasons.length === 0) return { preflight: false, reason: `a simple request: ${upper}${pageHeaders.length > 0 ? ` with only CORS-safelisted headers (${pageHeaders.map(([name]) => name.toLowerCase()).join(', ')})` : ' without headers of its own'}, so no preflight`, unsafeHeaders };
  return { preflight: true, reason: `preflight needed: ${reasons.join('; ')}`, unsafeHeaders };
}
