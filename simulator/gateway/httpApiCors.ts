import { ALLOW_CREDENTIALS, ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN, EXPOSE_HEADERS, MAX_AGE } from '../config/aws/cors';
import type { CorsConfiguration, Route } from '../model/gateway';
import { headerValue, type HeaderList, type HttpRequest } from '../net/http';

/*
 * An HTTP API's own CORS handling (DG http-api-cors): "If you configure CORS for an API, API
 * Gateway automatically sends a response to preflight OPTIONS requests, even if there isn't an
 * OPTIONS route configured for your API. For a CORS request, API Gateway adds the configured
 * CORS headers to the response from an integration." and "API Gateway ignores CORS headers
 * returned from your backend integration." The $default route (and, we assume, an ANY or OPTIONS
 * route) catches the OPTIONS request itself, authorizer and all (DG http-api-cors, "Configuring
 * CORS for an HTTP API with a $default route and an authorizer").
 */

const CORS_RESPONSE_HEADERS = new Set([ALLOW_ORIGIN, ALLOW_HEADERS, ALLOW_METHODS, MAX_AGE, ALLOW_CREDENTIALS, EXPOSE_HEADERS].map((name) => name.toLowerCase()));

/** A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method (Fetch §3.2.2 "CORS-preflight request"). */
export function isPreflightRequest(request: HttpRequest): boolean {
  return request.method === 'OPTIONS' && headerValue(request.headers, 'Origin') !== undefined && headerValue(request.headers, 'Access-Control-Request-Method') !== undefined;
}

/** True when the gateway answers this preflight itself: CORS is configured and no OPTIONS, ANY or $default route matched it. */
export function gatewayAnswersPreflight(cors: CorsConfiguration | undefined, request: HttpRequest, matched: Route | undefined): cors is CorsConfiguration {
  if (!cors || !isPreflightRequest(request)) return false;
  return matched === undefined;
}

/** An origin matches `*`, itself, or a wildcard subdomain entry such as `https://*.shop.com` (DG http-api-cors allowOrigins). */
export function originAllowed(cors: CorsConfiguration, origin: string): boolean {
  return cors.allowOrigins.some((allowed) => {
    if (allowed === '*' || allowed.toLowerCase() === origin.toLowerCase()) return true;
    const wildcard = /^(https?:\/\/)\*\.(.+)$/i.exec(allowed);
    return wildcard !== null && origin.toLowerCase().startsWith(wildcard[1].toLowerCase()) && origin.toLowerCase().endsWith(`.${wildcard[2].toLowerCase()}`);
  });
}

function allowOrigin(cors: CorsConfiguration, origin: string): string {
  // Assumption: `*` is answered as `*`, a listed origin by echoing it.
  return cors.allowOrigins.includes('*') ? '*' : origin;
}

/**
 * The gateway's answer to a preflight it handles. Assumptions, not stated by AWS: status 204
 * No Content (what curl against HTTP APIs shows); the Allow-* headers list the configuration as
 * written; a preflight whose origin, method or headers are not allowed gets the 204 without any
 * CORS header, which the browser then refuses.
 */
export function preflightAnswer(cors: CorsConfiguration, request: HttpRequest): { status: number; headers: HeaderList; allowed: boolean; reason: string } {
  const origin = headerValue(request.headers, 'Origin') ?? '';
  const method = (headerValue(request.headers, 'Access-Control-Request-Method') ?? '').toUpperCase();
  const requested = (headerValue(request.headers, 'Access-Control-Request-Headers') ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const allowedHeaders = cors.allowHeaders.map((name) => name.toLowerCase());
  const refusal = !originAllowed(cors, origin) ? `origin ${origin} is not in AllowOrigins (${cors.allowOrigins.join(', ') || 'none'})`
    : !(cors.allowMethods.includes('*') || cors.allowMethods.map((allowed) => allowed.toUpperCase()).includes(method)) ? `method ${method} is not in AllowMethods (${cors.allowMethods.join(', ') || 'none'})`
    : requested.find((name) => !allowedHeaders.includes('*') && !allowedHeaders.includes(name)) !== undefined
      ? `header ${requested.find((name) => !allowedHeaders.includes('*') && !allowedHeaders.includes(name))} is not in AllowHeaders (${cors.allowHeaders.join(', ') || 'none'})`
      : undefined;
  if (refusal) return { status: 204, headers: [], allowed: false, reason: `CORS configuration refuses the preflight: ${refusal}` };
  const headers: HeaderList = [
    [ALLOW_ORIGIN, allowOrigin(cors, origin)],
    ...(cors.allowCredentials ? [[ALLOW_CREDENTIALS, 'true'] as [string, string]] : []),
    ...(cors.allowHeaders.length > 0 ? [[ALLOW_HEADERS, cors.allowHeaders.join(',')] as [string, string]] : []),
    [ALLOW_METHODS, cors.allowMethods.join(',')],
    ...(cors.maxAgeSeconds !== undefined ? [[MAX_AGE, String(cors.maxAgeSeconds)] as [string, string]] : []),
  ];
  return { status: 204, headers, allowed: true, reason: 'CORS configuration answers the preflight' };
}

/** An integration's response headers with the backend's CORS headers replaced by the configured ones, for a request with an allowed Origin. */
export function withCorsHeaders(cors: CorsConfiguration | undefined, request: HttpRequest, headers: HeaderList): HeaderList {
  if (!cors) return headers;
  const origin = headerValue(request.headers, 'Origin');
  const own = headers.filter(([name]) => !CORS_RESPONSE_HEADERS.has(name.toLowerCase()));
  if (origin === undefined || !originAllowed(cors, origin)) return own;
  return [
    ...own,
    [ALLOW_ORIGIN, allowOrigin(cors, origin)],
    ...(cors.allowCredentials ? [[ALLOW_CREDENTIALS, 'true'] as [string, string]] : []),
    ...(cors.exposeHeaders.length > 0 ? [[EXPOSE_HEADERS, cors.exposeHeaders.join(',')] as [string, string]] : []),
  ];
}
