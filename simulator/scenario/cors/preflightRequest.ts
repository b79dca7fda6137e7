import { headerValue, type HeaderList, type HttpRequest } from '../../net/http';
import type { FetchClassification } from './fetchClassification';
import { secFetchSite } from './browserOrigin';

/*
 * The preflight OPTIONS request as Chromium sends it (Fetch standard §4.8 CORS-preflight fetch).
 * The header names and their order are Chromium 156's, captured from headless Chromium calling a
 * local server (test/browser/corsChromium.test.ts checks them again against the browser):
 *
 *   Host, Connection, Accept: * / *, Access-Control-Request-Method, Access-Control-Request-Headers
 *   (only when there are unsafe headers), Origin, User-Agent, Sec-Fetch-Mode: cors,
 *   Sec-Fetch-Site, Sec-Fetch-Dest: empty, Referer, Accept-Encoding, Accept-Language
 *
 * No body, no client hints (sec-ch-ua*), no cookies or Authorization: a preflight never carries
 * credentials (Fetch §4.8 step 1-5).
 */

export interface PreflightInput {
  /** The request the page asked for (its target, Host and the browser's own headers are reused). */
  request: HttpRequest;
  classification: FetchClassification;
  pageOrigin: string;
  /** The page's URL, sent as Referer (default: the origin's root, `https://www.shop.com/`). */
  referrer?: string;
}

/** The OPTIONS request Chromium sends before a request that is not simple. */
export function preflightRequest(input: PreflightInput): HttpRequest {
  const { request, classification, pageOrigin } = input;
  const header = (name: string): string | undefined => headerValue(request.headers, name);
  const host = header('Host') ?? '';
  const headers: HeaderList = [
    ['Host', host],
    ['Connection', 'keep-alive'],
    ['Accept', '*/*'],
    ['Access-Control-Request-Method', request.method.toUpperCase()],
    ...(classification.unsafeHeaders.length > 0 ? [['Access-Control-Request-Headers', classification.unsafeHeaders.join(',')] as [string, string]] : []),
    ['Origin', pageOrigin],
    ...optional('User-Agent', header('User-Agent')),
    ['Sec-Fetch-Mode', 'cors'],
    ['Sec-Fetch-Site', secFetchSite(pageOrigin, `https://${host}`)],
    ['Sec-Fetch-Dest', 'empty'],
    ['Referer', input.referrer ?? `${pageOrigin}/`],
    ...optional('Accept-Encoding', header('Accept-Encoding')),
    ...optional('Accept-Language', header('Accept-Language')),
  ];
  return { method: 'OPTIONS', target: request.target, headers };
}

function optional(name: string, value: string | undefined): [string, string][] {
  return value === undefined ? [] : [[name, value]];
}

/**
 * The actual cross-origin request as Chromium sends it: the page's request with Origin after the
 * Accept header and Referer after the Sec-Fetch-* headers (as captured; the page's own headers
 * stay where they are).
 */
export function withOrigin(request: HttpRequest, pageOrigin: string, referrer?: string): HttpRequest {
  const headers: [string, string][] = [];
  let originPlaced = false;
  let refererPlaced = false;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'origin' || lower === 'referer') continue;
    if (lower === 'sec-fetch-site') {
      headers.push([name, secFetchSite(pageOrigin, `https://${headerValue(request.headers, 'Host') ?? ''}`)]);
      continue;
    }
    if (lower === 'accept-encoding' && !refererPlaced) {
      headers.push(['Referer', referrer ?? `${pageOrigin}/`]);
      refererPlaced = true;
    }
    headers.push([name, value]);
    if (lower === 'accept' && !originPlaced) {
      headers.push(['Origin', pageOrigin]);
      originPlaced = true;
    }
  }
  if (!originPlaced) headers.push(['Origin', pageOrigin]);
  if (!refererPlaced) headers.push(['Referer', referrer ?? `${pageOrigin}/`]);
  return { ...request, headers };
}
