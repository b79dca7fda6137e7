import type { HttpRequest, HttpResponse } from '../../net/http';
import type { TraceRecorder } from '../../trace/recorder';
import type { TraceError } from '../../trace/trace';
import type { ClientPolicy } from '../httpExchange';
import { checkActualResponse, checkPreflightResponse, type CorsRequestFacts, type CorsVerdict } from './corsCheck';
import type { FetchClassification } from './fetchClassification';
import { PreflightCache, preflightCacheSeconds } from './preflightCache';
import { preflightRequest } from './preflightRequest';

/*
 * A browser page's fetch() to a cross-origin API, request after request, as Chromium runs it:
 *
 *   page ── OPTIONS (preflight, unless simple or cached) ──▶ gateway
 *        ◀── 2xx + Access-Control-Allow-* ── (checked: origin, status, method, headers)
 *        ── the request itself (with Origin) ──▶
 *        ◀── response ── (checked: Access-Control-Allow-Origin) ── the page reads it, or
 *                                                                 fetch() rejects
 *        ── RST_STREAM(CANCEL) ──▶  (over h2, when blocked: Chromium tears the request down;
 *                                    httpExchange.ts afterResponse)
 *
 * Each check is a client step in the trace (`http.cors_check`), a failure carrying Chromium's
 * console text, so every view shows why the page saw "TypeError: Failed to fetch".
 */

/**
 * Chromium's time from reading a preflight's answer to writing the request it cleared: its
 * network service checks the answer, then restarts the request from its URL loader. On the
 * client's leg of eight captures of browser × HTTP (Chromium 156 headless, the fidelity
 * harness's machine): 1.2 to 5.1 ms, median 2.7. Assumption, named: the same on a user's
 * machine (a quieter one may take less).
 */
export const PREFLIGHT_TO_REQUEST_MS = 2.7;

export interface BrowserCorsInput {
  recorder: TraceRecorder;
  /** Simulated time now (ms). */
  now: () => number;
  /** Runs `action` `ms` later in simulated time. */
  schedule: (ms: number, action: () => void) => void;
  request: HttpRequest;
  url: string;
  pageOrigin: string;
  classification: FetchClassification;
  credentialsInclude?: boolean;
  /** Why a refused preflight was refused on the gateway's side (no OPTIONS method, an authorizer), in words, when known. */
  preflightHint?: string;
  /** Why an actual response may lack the CORS headers (a REST Lambda proxy must add them itself), in words, when known. */
  responseHint?: string;
}

export const CORS_BLOCKED = 'CORS_BLOCKED';

/** The client policy that sends preflights, caches them and checks every response as Chromium does. */
export function browserCorsPolicy(input: BrowserCorsInput): ClientPolicy {
  const { recorder, classification, pageOrigin, url } = input;
  const cache = new PreflightCache();
  const facts: CorsRequestFacts = { url, pageOrigin, method: input.request.method, unsafeHeaders: classification.unsafeHeaders, credentialsInclude: input.credentialsInclude ?? false };
  const step = (name: string, verdict: CorsVerdict, detail: Record<string, string | number | boolean>, hint?: string): void => {
    const now = input.now();
    const error: TraceError | undefined = verdict.ok ? undefined : { code: CORS_BLOCKED, message: hint ? `${verdict.message} (${hint})` : verdict.message };
    recorder.event({
      time: now, arrival: now, from: 'client', to: 'client', layer: 'http', kind: 'http.cors_check', name, bytes: 0, wireBytes: 0,
      detail: { origin: pageOrigin, ...detail, ...(verdict.ok ? {} : { blocked: verdict.detail }) }, ...(error ? { error } : {}),
    });
  };
  return {
    before(index, send, proceed, stop) {
      const cacheArguments = [pageOrigin, url, facts.method, classification.unsafeHeaders] as const;
      if (!classification.preflight) {
        if (index === 0) step('CORS: simple request, no preflight', { ok: true }, { reason: classification.reason });
        return proceed();
      }
      if (cache.has(...cacheArguments, input.now())) {
        step('CORS: preflight cached', { ok: true }, { reason: 'a preflight for this origin, URL, method and headers is still in the preflight cache' });
        return proceed();
      }
      send(preflightRequest({ request: input.request, classification, pageOrigin }), 'preflight', (answer: HttpResponse) => {
        const verdict = checkPreflightResponse(facts, answer.status, answer.headers);
        if (!verdict.ok) {
          step('CORS: preflight refused', verdict, { reason: classification.reason, status: answer.status }, input.preflightHint);
          return stop();
        }
        const seconds = preflightCacheSeconds(answer.headers);
        cache.store(...cacheArguments, input.now(), seconds);
        step('CORS: preflight passed', verdict, { reason: classification.reason, status: answer.status, cacheSeconds: seconds });
        input.schedule(PREFLIGHT_TO_REQUEST_MS, proceed);
      });
    },
    after(_index, response) {
      const verdict = checkActualResponse(facts, response.headers);
      if (verdict.ok) return 'read';
      step('CORS: response blocked', verdict, { status: response.status }, input.responseHint);
      return 'blocked';
    },
  };
}
