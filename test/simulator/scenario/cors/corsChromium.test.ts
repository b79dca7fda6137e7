import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { HeaderList } from '../../../../simulator/net/http';
import { checkActualResponse, checkPreflightResponse, type CorsVerdict } from '../../../../simulator/scenario/cors/corsCheck';
import { classifyFetch, type FetchClassification } from '../../../../simulator/scenario/cors/fetchClassification';
import { preflightRequest } from '../../../../simulator/scenario/cors/preflightRequest';
import { defaultRequestHeaders } from '../../../../simulator/scenario/httpExchange';
import { CHROMIUM_SKIP, launchChromium } from '../../../helpers/headlessChromium';

/*
 * The CORS model checked against Chromium itself (issue 15 part 5, first bullet, over plain
 * HTTP): headless Debian Chromium, driven by playwright-core, loads a page from
 * http://127.0.0.1:<A> whose fetch() calls a recording server on http://127.0.0.1:<B>. For each
 * request the test asserts that Chromium sent a preflight exactly when classifyFetch says, that
 * the preflight's header names, in order, are those preflightRequest models, and that each
 * refusal the server answers with blocks the fetch with the very message corsCheck models.
 * A model that treats a JSON POST as simple is shown to fail the same comparison.
 *
 * Needs Chromium and playwright-core (test/helpers/headlessChromium.ts); without them the test
 * is skipped, saying why.
 */

/** What the recording server answers a path with: the preflight's status and headers, the actual response's headers. */
interface Answer { preflightStatus?: number; preflight?: Record<string, string>; actual?: Record<string, string> }
interface Recorded { method: string; path: string; rawHeaders: string[] }

/** One fetch() the page makes. */
interface Call { path: string; method: string; headers: [string, string][]; credentials?: 'include'; answer: Answer }

const SHOP = 'https://www.shop.com';
const CALLS: Call[] = [
  { path: '/simple', method: 'GET', headers: [], answer: { actual: { 'Access-Control-Allow-Origin': '*' } } },
  { path: '/json', method: 'POST', headers: [['Content-Type', 'application/json']], answer: { preflight: { 'Access-Control-Allow-Origin': 'ORIGIN', 'Access-Control-Allow-Headers': 'content-type' }, actual: { 'Access-Control-Allow-Origin': 'ORIGIN' } } },
  { path: '/auth', method: 'GET', headers: [['Authorization', 'Bearer token']], answer: { preflight: { 'Access-Control-Allow-Origin': 'ORIGIN', 'Access-Control-Allow-Headers': 'authorization' }, actual: { 'Access-Control-Allow-Origin': 'ORIGIN' } } },
  // Refusals: each as API Gateway answers when misconfigured.
  { path: '/other-origin', method: 'POST', headers: [['Content-Type', 'application/json']], answer: { preflight: { 'Access-Control-Allow-Origin': SHOP, 'Access-Control-Allow-Headers': 'content-type' } } },
  { path: '/no-method', method: 'PUT', headers: [['Content-Type', 'application/json']], answer: { preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET,POST', 'Access-Control-Allow-Headers': 'content-type' } } },
  { path: '/no-header', method: 'POST', headers: [['Content-Type', 'application/json']], answer: { preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'x-other' } } },
  { path: '/wildcard-credentials', method: 'POST', headers: [['Content-Type', 'application/json']], credentials: 'include', answer: { preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type', 'Access-Control-Allow-Credentials': 'true' } } },
  // A REST resource without an OPTIONS method: 403 Missing Authentication Token, no CORS headers.
  { path: '/missing-options', method: 'POST', headers: [['Content-Type', 'application/json']], answer: { preflightStatus: 403 } },
  // An authorizer on OPTIONS refuses the preflight with 401, here with a gateway response that does add the header.
  { path: '/authorizer', method: 'POST', headers: [['Content-Type', 'application/json']], answer: { preflightStatus: 401, preflight: { 'Access-Control-Allow-Origin': '*' } } },
  // A REST Lambda proxy whose function returns no Access-Control-Allow-Origin.
  { path: '/proxy-without-header', method: 'POST', headers: [['Content-Type', 'application/json']], answer: { preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type' }, actual: {} } },
];

interface Observation { call: Call; requests: Recorded[]; outcome: string; console: string[] }

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function headersFor(template: Record<string, string> | undefined, origin: string | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(template ?? {}).map(([name, value]) => [name, value === 'ORIGIN' ? origin ?? '' : value]));
}

/** Runs every call in Chromium and records what reached the server and how fetch() ended. */
async function observeChromium(): Promise<{ observations: Observation[]; pageOrigin: string; apiOrigin: string }> {
  const recorded: Recorded[] = [];
  const api = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    recorded.push({ method: request.method ?? '', path, rawHeaders: request.rawHeaders });
    const answer = CALLS.find((call) => call.path === path)?.answer ?? {};
    if (request.method === 'OPTIONS') {
      response.writeHead(answer.preflightStatus ?? 204, headersFor(answer.preflight, request.headers.origin));
      response.end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json', ...headersFor(answer.actual, request.headers.origin) });
    response.end('{"ok":true}');
  });
  const page = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>shop</title>');
  });
  const apiPort = await listen(api);
  const pagePort = await listen(page);
  const browser = await launchChromium(['--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']);
  const observations: Observation[] = [];
  try {
    const tab = await browser.newPage();
    const messages: string[] = [];
    tab.on('console', (message) => { if (message.type() === 'error') messages.push(message.text()); });
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    for (const call of CALLS) {
      const before = recorded.length;
      const consoleBefore = messages.length;
      const outcome = await tab.evaluate(async ([url, method, headers, credentials]) => {
        try {
          const response = await fetch(url, { method, headers, credentials, ...(method === 'GET' ? {} : { body: '{}' }) });
          return `status ${response.status}`;
        } catch (error) {
          return String(error);
        }
      }, [`http://127.0.0.1:${apiPort}${call.path}`, call.method, call.headers, call.credentials ?? 'same-origin'] as const);
      // Console messages arrive asynchronously; give Chromium a moment to report.
      await new Promise((resolve) => setTimeout(resolve, 150));
      observations.push({ call, requests: recorded.slice(before), outcome, console: messages.slice(consoleBefore).filter((text) => text.startsWith('Access to fetch')) });
    }
  } finally {
    await browser.close();
    api.close();
    page.close();
  }
  return { observations, pageOrigin: `http://127.0.0.1:${pagePort}`, apiOrigin: `http://127.0.0.1:${apiPort}` };
}

/** The browser's own headers, as the model's browser profile has them (values aside). */
const BROWSER_HEADERS: HeaderList = defaultRequestHeaders('browser');

/** The CORS model under test: a classifier, and the verdicts it derives. */
interface CorsModel { classify(method: string, headers: HeaderList): FetchClassification }
const MODEL: CorsModel = { classify: classifyFetch };

/** Where the model and Chromium disagree, in words; empty when they agree on every call. */
function disagreements(model: CorsModel, run: { observations: Observation[]; pageOrigin: string; apiOrigin: string }): string[] {
  const problems: string[] = [];
  for (const { call, requests, outcome, console } of run.observations) {
    const classification = model.classify(call.method, call.headers);
    const preflights = requests.filter((request) => request.method === 'OPTIONS');
    if ((preflights.length === 1) !== classification.preflight) problems.push(`${call.path}: Chromium sent ${preflights.length} preflight(s), the model says ${classification.preflight ? 'one' : 'none'}`);
    const url = `${run.apiOrigin}${call.path}`;
    const facts = { url, pageOrigin: run.pageOrigin, method: call.method, unsafeHeaders: classification.unsafeHeaders, credentialsInclude: call.credentials === 'include' };
    let verdict: CorsVerdict = { ok: true };
    let preflightRefused = false;
    if (preflights.length === 1) {
      const modelled = preflightRequest({
        request: { method: call.method, target: call.path, headers: [['Host', run.apiOrigin.slice('http://'.length)], ...BROWSER_HEADERS, ...call.headers] },
        classification, pageOrigin: run.pageOrigin,
      });
      const names = (headers: readonly string[]): string[] => headers.filter((_, index) => index % 2 === 0);
      const observedNames = names(preflights[0].rawHeaders);
      const modelledNames = modelled.headers.map(([name]) => name);
      if (observedNames.join() !== modelledNames.join()) problems.push(`${call.path}: Chromium's preflight headers ${observedNames.join(', ')}; modelled ${modelledNames.join(', ')}`);
      const observedValue = (name: string): string | undefined => preflights[0].rawHeaders[preflights[0].rawHeaders.findIndex((item, index) => index % 2 === 0 && item.toLowerCase() === name) + 1];
      for (const name of ['access-control-request-method', 'access-control-request-headers', 'origin', 'accept', 'sec-fetch-mode', 'sec-fetch-dest']) {
        const mine = modelled.headers.find(([header]) => header.toLowerCase() === name)?.[1];
        if (observedValue(name) !== mine) problems.push(`${call.path}: ${name} is ${observedValue(name)} in Chromium, ${mine} in the model`);
      }
      const answer = call.answer;
      verdict = checkPreflightResponse(facts, answer.preflightStatus ?? 204, Object.entries(headersFor(answer.preflight, run.pageOrigin)));
      preflightRefused = !verdict.ok;
    }
    if (verdict.ok) verdict = checkActualResponse(facts, Object.entries(headersFor(call.answer.actual, run.pageOrigin)));
    const sentActual = requests.some((request) => request.method === call.method);
    if (verdict.ok) {
      if (!outcome.startsWith('status')) problems.push(`${call.path}: the model lets the page read the response; Chromium: ${outcome} ${console.join(' ')}`);
    } else {
      if (outcome !== 'TypeError: Failed to fetch') problems.push(`${call.path}: the model blocks (${verdict.detail}); Chromium: ${outcome}`);
      if (console[0] !== verdict.message) problems.push(`${call.path}: Chromium says ${JSON.stringify(console[0])}; the model ${JSON.stringify(verdict.message)}`);
      if (preflightRefused && sentActual) problems.push(`${call.path}: the preflight failed in the model, yet Chromium sent the request`);
    }
  }
  return problems;
}

describe('the CORS model against headless Chromium', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  let run: Awaited<ReturnType<typeof observeChromium>>;
  before(async () => { run = await observeChromium(); });
  after(() => undefined);

  it('preflights exactly when the model says, with the modelled headers in order, and blocks each refusal with the modelled message', () => {
    assert.deepEqual(disagreements(MODEL, run), []);
    // The simple GET went out alone; the JSON POST and the Authorization GET were preflighted.
    assert.deepEqual(run.observations.slice(0, 3).map((observation) => observation.requests.map((request) => request.method)), [['GET'], ['OPTIONS', 'POST'], ['OPTIONS', 'GET']]);
  });

  it('fails the comparison when the model treats a JSON POST as simple', () => {
    const lenient: CorsModel = {
      classify: (method, headers) => classifyFetch(method, headers.filter(([name, value]) => !(name.toLowerCase() === 'content-type' && value === 'application/json'))),
    };
    const problems = disagreements(lenient, run);
    assert.ok(problems.some((problem) => problem.startsWith('/json: Chromium sent 1 preflight(s), the model says none')), problems.join('\n'));
  });
});
