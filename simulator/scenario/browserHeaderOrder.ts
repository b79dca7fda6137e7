import type { HeaderList } from '../net/http';

/*
 * The order Chromium 156 writes a fetch()'s request headers in, captured from Debian's Chromium
 * 156 (over h2 and HTTP/1.1 alike; a page on https://www.shop.test calling https://api.shop.test):
 *
 *   Host, Connection,                                                  (HTTP/1.1; h2: the pseudo-headers)
 *   sec-ch-ua-platform, User-Agent, sec-ch-ua, sec-ch-ua-mobile,       (the renderer's, with the page's own among them)
 *   Accept, Origin, Sec-Fetch-Site, Sec-Fetch-Mode, Sec-Fetch-Dest,    (the network service's, always in this order)
 *   Referer, Accept-Encoding, Accept-Language                          (h2 adds priority: http2/profiles.ts)
 *
 * The renderer's group leaves Blink in the order of its header map, a hash table, so the page's
 * headers land among the client hints at places that depend on their names, and on how many
 * there are: alone with the browser's four, Authorization, X-Amz-Date, X-Amz-Security-Token and
 * X-Requested-With go after sec-ch-ua-platform, an Accept of the page's after User-Agent,
 * Content-Type and then X-Api-Key after sec-ch-ua, X-Amz-Content-Sha256 before them all
 * (each captured alone, and Authorization + X-Api-Key, Content-Type + Authorization together).
 * Assumptions, named: a name not captured goes with X-Api-Key, and the table's collisions and
 * growth are not modelled (with Idempotency-Key, Chromium moved User-Agent after
 * sec-ch-ua-mobile; with six page headers the whole group reordered): such requests keep this
 * order, which is Chromium's for the harness's requests and for up to two of the headers above.
 * When the page sets Accept, Chromium sends the page's and no default.
 */

/** Where each name of the renderer's group goes; a name not listed takes UNLISTED_RANK. */
const RENDERER_RANK: Readonly<Record<string, number>> = {
  'x-amz-content-sha256': 0,
  'sec-ch-ua-platform': 1,
  authorization: 2, 'x-amz-date': 2, 'x-amz-security-token': 2, 'x-requested-with': 2, 'idempotency-key': 2,
  'user-agent': 3,
  accept: 4,
  'sec-ch-ua': 5,
  'content-language': 6, 'content-type': 6,
  'x-api-key': 7,
  'sec-ch-ua-mobile': 8,
};
const UNLISTED_RANK = 7;

/** The connection's headers first, the network service's last, in these orders. */
const LEADING = ['host', 'connection'];
const TRAILING = ['accept', 'origin', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'referer', 'accept-encoding', 'accept-language', 'cookie'];

function rank(name: string, pageAccept: boolean): number {
  const lower = name.toLowerCase();
  const leading = LEADING.indexOf(lower);
  if (leading >= 0) return leading;
  // The default Accept is the network service's; the page's own Accept is the renderer's.
  const trailing = lower === 'accept' && pageAccept ? -1 : TRAILING.indexOf(lower);
  // Cookie's place is an assumption: with the network service's, after Accept-Language.
  if (trailing >= 0) return 100 + trailing;
  return 10 + (RENDERER_RANK[lower] ?? UNLISTED_RANK);
}

/**
 * A browser request's headers in Chromium's order. The browser profile's defaults come first in
 * `headers`, the page's after them: a second Accept is the page's, and replaces the default.
 */
export function browserHeaderOrder(headers: HeaderList): [string, string][] {
  const accepts = headers.filter(([name]) => name.toLowerCase() === 'accept');
  const pageAccept = accepts.length > 1;
  const kept = pageAccept ? headers.filter((header) => header !== accepts[0]) : headers;
  // Array.prototype.sort is stable: equal ranks keep the order they were given in.
  return kept.map(([name, value]): [string, string] => [name, value]).sort((a, b) => rank(a[0], pageAccept) - rank(b[0], pageAccept));
}
