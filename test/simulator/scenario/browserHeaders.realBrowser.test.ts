import assert from 'node:assert/strict';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { before, describe, it } from 'node:test';
import { headlessAlignment } from '../../../simulator/fidelity/headlessUserAgent';
import { requestHeaderList } from '../../../simulator/net/http2/exchange';
import { HTTP2_CLIENT_PROFILES } from '../../../simulator/net/http2/profiles';
import { classifyFetch } from '../../../simulator/scenario/cors/fetchClassification';
import { preflightRequest } from '../../../simulator/scenario/cors/preflightRequest';
import { defaultRequestHeaders } from '../../../simulator/scenario/httpExchange';
import { browserRequest } from '../../../simulator/scenario/routeRequest';
import type { HeaderList, HttpRequest } from '../../../simulator/net/http';
import { CHROMIUM_SKIP, launchChromium } from '../../helpers/headlessChromium';
import { listenOnLoopback, runInShopPage, shopPageServer } from '../../helpers/shopPage';
import { makeCertificate } from '../../helpers/tlsCapture';

/*
 * The browser profile's request headers over HTTP/2 against headless Chromium: a page on
 * https://www.shop.test calls fetch() on https://api.shop.test (both names pinned to local
 * servers with --host-resolver-rules; the API's server speaks h2 only, and allows every CORS
 * request). Each header list Chromium sent (pseudo-headers, names, values, order), preflights
 * included, must be the one the model's browser builds for the same call: its own headers, the
 * page's among them, Origin and Referer, content-length and the RFC 9218 priority field. The
 * only alignment is headless Chromium's User-Agent (simulator/fidelity/headlessChromium.ts).
 * The page is served without playwright's request interception, which would add
 * Pragma/Cache-Control and answer the preflights itself (bench/chromiumClient.ts).
 */

const PAGE_ORIGIN = 'https://www.shop.test';
const API_HOST = 'api.shop.test';

interface Call { method: string; path: string; headers: [string, string][]; body?: string }
const CALLS: Call[] = [
  { method: 'GET', path: '/prod/products/123', headers: [] },
  { method: 'GET', path: '/orders/o-1001', headers: [['Authorization', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln']] },
  { method: 'GET', path: '/orders/o-1002', headers: [['Authorization', 'Bearer t'], ['x-api-key', 'k3y']] },
  { method: 'POST', path: '/orders', headers: [['Content-Type', 'application/json'], ['Authorization', 'Bearer t']], body: '{"productId":"123"}' },
];

interface Received { method: string; path: string; fields: [string, string][] }

function pairs(raw: readonly string[]): [string, string][] {
  const list: [string, string][] = [];
  for (let index = 0; index < raw.length; index += 2) list.push([raw[index], raw[index + 1]]);
  return list;
}

async function observeChromium(): Promise<Received[]> {
  const certificate = makeCertificate(API_HOST);
  const received: Received[] = [];
  const api = createSecureServer({ key: certificate.key, cert: certificate.cert }, (request: Http2ServerRequest, response: Http2ServerResponse) => {
    received.push({ method: request.method, path: request.url, fields: pairs(request.rawHeaders) });
    request.resume();
    request.on('end', () => {
      response.writeHead(request.method === 'OPTIONS' ? 204 : 200, {
        'access-control-allow-origin': PAGE_ORIGIN, 'access-control-allow-headers': 'authorization,content-type,x-api-key', 'access-control-allow-methods': 'GET,POST',
      });
      response.end(request.method === 'OPTIONS' ? '' : '{}');
    });
  });
  const page = shopPageServer(certificate);
  const [apiPort, pagePort] = [await listenOnLoopback(api), await listenOnLoopback(page)];
  const browser = await launchChromium([
    '--ignore-certificate-errors', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--lang=en-US',
    `--host-resolver-rules=MAP ${API_HOST} 127.0.0.1:${apiPort}, MAP www.shop.test 127.0.0.1:${pagePort}`,
  ]);
  await runInShopPage(browser, `${PAGE_ORIGIN}/`, async (calls: typeof CALLS) => {
    for (const call of calls) {
      await fetch(`https://api.shop.test${call.path}`, { method: call.method, headers: call.headers, ...(call.body ? { body: call.body } : {}) }).then((response) => response.text());
    }
  }, CALLS, [api, page]);
  return received;
}

type Model = (call: Call) => { preflight?: [string, string][]; request: [string, string][] };

/** What the model's browser sends for a call, as HTTP/2 header lists. */
const MODEL: Model = (call) => {
  const userAgent = headlessAlignment('browser')!.userAgent;
  const headers: HeaderList = [['Host', API_HOST], ...defaultRequestHeaders('browser', userAgent), ...call.headers];
  const request = browserRequest({ method: call.method, target: call.path, headers, ...(call.body ? { body: Buffer.from(call.body) } : {}) }, PAGE_ORIGIN);
  const h2 = (message: HttpRequest): [string, string][] => requestHeaderList({ method: message.method, scheme: 'https', authority: API_HOST, path: message.target, headers: message.headers, ...(message.body ? { body: message.body } : {}) }, HTTP2_CLIENT_PROFILES.browser).map(([name, value]): [string, string] => [name, value]);
  const classification = classifyFetch(call.method, call.headers);
  return { ...(classification.preflight ? { preflight: h2(preflightRequest({ request, classification, pageOrigin: PAGE_ORIGIN })) } : {}), request: h2(request) };
};

function compare(model: Model, received: readonly Received[]): string[] {
  const problems: string[] = [];
  for (const call of CALLS) {
    const real = received.filter((request) => request.path === call.path);
    const modelled = model(call);
    const expected = [...(modelled.preflight ? [modelled.preflight] : []), modelled.request];
    if (real.length !== expected.length) problems.push(`${call.method} ${call.path}: Chromium sent ${real.length} request(s), the model ${expected.length}`);
    real.forEach((request, index) => {
      const mine = expected[index] ?? [];
      if (JSON.stringify(mine) !== JSON.stringify(request.fields)) {
        problems.push(`${request.method} ${call.path}:\n  Chromium ${request.fields.map(([name, value]) => `${name}: ${value.slice(0, 40)}`).join(' | ')}\n  model    ${mine.map(([name, value]) => `${name}: ${value.slice(0, 40)}`).join(' | ')}`);
      }
    });
  }
  return problems;
}

describe('the browser profile\'s request headers against headless Chromium over HTTP/2', { skip: CHROMIUM_SKIP, timeout: 60_000 }, () => {
  let received: Received[];
  before(async () => { received = await observeChromium(); });

  it('sends each fetch() and preflight with Chromium\'s header list: names, values and order', () => {
    assert.deepEqual(compare(MODEL, received), []);
    assert.deepEqual(received.map((request) => request.method), ['GET', 'OPTIONS', 'GET', 'OPTIONS', 'GET', 'OPTIONS', 'POST']);
  });

  it('fails the comparison for a model with the RFC 9218 priority field left out', () => {
    const withoutPriority: Model = (call) => {
      const { preflight, request } = MODEL(call);
      const drop = (fields: [string, string][]): [string, string][] => fields.filter(([name]) => name !== 'priority');
      return { ...(preflight ? { preflight: drop(preflight) } : {}), request: drop(request) };
    };
    assert.equal(compare(withoutPriority, received).length, 7);
  });
});
