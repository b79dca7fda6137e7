/*
 * The page's origin and how Chromium relates it to the API's (Fetch standard §3.2.1 "origin",
 * Fetch Metadata `Sec-Fetch-Site`). A web app on `https://www.shop.com` calling
 * `https://api.shop.com` is cross-origin but same-site; calling `{id}.execute-api.{region}.amazonaws.com`
 * is cross-site.
 */

/**
 * The origin a browser page has unless told otherwise: `https://www.` plus the API's domain
 * (`api.shop.com` -> `https://www.shop.com`). An API on its execute-api host has no domain of
 * the shop's own; its page is taken to be `https://www.example.com` (an assumption: any other
 * site, so the requests are cross-site as a real web app's are).
 */
export function defaultPageOrigin(apiHost: string): string {
  if (/\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/i.test(apiHost)) return 'https://www.example.com';
  return `https://www.${registrableDomain(apiHost)}`;
}

/**
 * The registrable domain ("site") of a host. Assumption: the last two labels, which is what the
 * Public Suffix List gives for `.com` names such as `shop.com`; an execute-api host keeps
 * `amazonaws.com` (the PSL lists no execute-api suffix as public, as far as we know); IP
 * addresses are their own site (Chromium: 127.0.0.1 on two ports is same-site, observed).
 */
export function registrableDomain(host: string): string {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^[\d.]+$/.test(name) || name.includes(':')) return name;
  return name.split('.').slice(-2).join('.');
}

/**
 * The origin a user's text names (`https://www.shop.com`, a trailing slash allowed), or
 * undefined when it is not one: an origin is a scheme (http or https), a host and an optional
 * port, with no path, query or credentials (HTML §7.5 "origin").
 */
export function parsePageOrigin(text: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  // Scheme and host are case-insensitive (RFC 3986 §3.1, §3.2.2): `HTTPS://WWW.Shop.com` names https://www.shop.com.
  return parsed.origin === text.replace(/\/$/, '').toLowerCase() ? parsed.origin : undefined;
}

/** Scheme, host and port of an origin or URL (`https://www.shop.com`). */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/** Sec-Fetch-Site for a request from `pageOrigin` to `targetOrigin` (W3C Fetch Metadata §2.1): same-origin, same-site or cross-site. */
export function secFetchSite(pageOrigin: string, targetOrigin: string): 'same-origin' | 'same-site' | 'cross-site' {
  const page = new URL(pageOrigin);
  const target = new URL(targetOrigin);
  if (page.origin === target.origin) return 'same-origin';
  return page.protocol === target.protocol && registrableDomain(page.hostname) === registrableDomain(target.hostname) ? 'same-site' : 'cross-site';
}
