import { headerValue, type HeaderList } from '../../net/http';
import { CORS_SAFELISTED_METHODS } from './fetchClassification';

/*
 * Chromium's CORS checks of a response (Fetch standard §4.9 CORS check, §4.8 CORS-preflight
 * fetch), and the console text it blocks a fetch with. Every text below was captured from
 * headless Chromium 156 (Debian) fetching from a local server that answered each case
 * (test/browser/corsChromium.test.ts repeats the capture); Chromium checks
 * Access-Control-Allow-Origin before the preflight's status, so a 403 without the header reports
 * the missing header, not the status.
 *
 * Where Chromium differs from the Fetch standard, Chromium is followed: a preflight answered with
 * `Access-Control-Allow-Headers: *` lets an Authorization header through (observed in Chromium
 * 156; the standard says `*` does not cover Authorization).
 */

export interface CorsRequestFacts {
  url: string;
  pageOrigin: string;
  method: string;
  /** The page's unsafe header names, lowercased (Access-Control-Request-Headers). */
  unsafeHeaders: readonly string[];
  /** fetch(..., {credentials: 'include'}). */
  credentialsInclude: boolean;
}

/** What the browser concluded about one response. */
export type CorsVerdict = { ok: true } | { ok: false; detail: string; message: string };

const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

/** The console message Chromium writes when it blocks a fetch. */
export function blockedMessage(facts: CorsRequestFacts, detail: string): string {
  return `Access to fetch at '${facts.url}' from origin '${facts.pageOrigin}' has been blocked by CORS policy: ${detail}`;
}

function fail(facts: CorsRequestFacts, detail: string): CorsVerdict {
  return { ok: false, detail, message: blockedMessage(facts, detail) };
}

/** The access check of Access-Control-Allow-Origin and -Credentials (Fetch §4.9), the same for a preflight and the actual response. */
export function accessCheck(facts: CorsRequestFacts, headers: HeaderList): string | undefined {
  const allowOrigin = headerValue(headers, 'Access-Control-Allow-Origin');
  if (allowOrigin === undefined) return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
  if (allowOrigin === '*') {
    if (facts.credentialsInclude) return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
  } else if (allowOrigin !== facts.pageOrigin) {
    return `The 'Access-Control-Allow-Origin' header has a value '${allowOrigin}' that is not equal to the supplied origin. Have the server send the header with a valid value.`;
  }
  if (facts.credentialsInclude) {
    const allowCredentials = headerValue(headers, 'Access-Control-Allow-Credentials') ?? '';
    // Assumption: Chromium's wording for this case was not captured; it follows its other messages.
    if (allowCredentials !== 'true') return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${allowCredentials}' which must be 'true' when the request's credentials mode is 'include'.`;
  }
  return undefined;
}

function listed(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

/** Chromium's check of a preflight response: access, then status, then the method, then each unsafe header. */
export function checkPreflightResponse(facts: CorsRequestFacts, status: number, headers: HeaderList): CorsVerdict {
  const access = accessCheck(facts, headers);
  if (access) return fail(facts, `${PREFLIGHT_PREFIX}${access}`);
  if (status < 200 || status > 299) return fail(facts, `${PREFLIGHT_PREFIX}It does not have HTTP ok status.`);
  const methods = listed(headerValue(headers, 'Access-Control-Allow-Methods'));
  const method = facts.method.toUpperCase();
  // A method is compared byte for byte (Fetch §4.8 step 7.5); `*` counts only without credentials.
  const methodAllowed = CORS_SAFELISTED_METHODS.has(method) || methods.includes(method) || (methods.includes('*') && !facts.credentialsInclude);
  if (!methodAllowed) return fail(facts, `Method ${method} is not allowed by Access-Control-Allow-Methods in preflight response.`);
  const allowedHeaders = listed(headerValue(headers, 'Access-Control-Allow-Headers')).map((name) => name.toLowerCase());
  for (const name of facts.unsafeHeaders) {
    if (allowedHeaders.includes(name) || (allowedHeaders.includes('*') && !facts.credentialsInclude)) continue;
    return fail(facts, `Request header field ${name} is not allowed by Access-Control-Allow-Headers in preflight response.`);
  }
  return { ok: true };
}

/** Chromium's check of the actual response to a cross-origin request: the access check alone. */
export function checkActualResponse(facts: CorsRequestFacts, headers: HeaderList): CorsVerdict {
  const access = accessCheck(facts, headers);
  return access ? fail(facts, access) : { ok: true };
}
