import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { scriptFromTrace } from '../../../simulator/live/liveScript';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';

const model = modelFromJson(readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');

describe('the live script read off an HTTP/2 model trace', () => {
  it('plays the same requests and responses as the HTTP/1.1 trace of the same scenario, the h2 headers decoded and lowercased', () => {
    const options = { model, api: 'shop-orders', route: 'POST /orders', clientProfile: 'browser', requests: 2, seed: 7 } as const;
    const h1 = scriptFromTrace(simulateRouteRequest({ ...options, httpVersion: '1.1' }));
    const h2 = scriptFromTrace(simulateRouteRequest({ ...options, httpVersion: '2' }));
    // The browser's CORS preflight, then the two orders.
    assert.equal(h2.requests.length, 3);
    // HTTP/2 lowercases names (RFC 9113 §8.2.1) and drops connection-specific fields (§8.2.2); Chromium adds the RFC 9218
    // priority field over h2 only (http2/profiles.ts); the rest is the same message.
    const lower = (headers: readonly (readonly [string, string])[]): string[] => headers.filter(([name]) => !['connection', 'priority'].includes(name.toLowerCase())).map(([name, value]) => `${name.toLowerCase()}: ${value}`);
    h1.requests.forEach((planned, index) => {
      const other = h2.requests[index].request;
      assert.deepEqual([other.method, other.target], [planned.request.method, planned.request.target]);
      assert.deepEqual(lower(other.headers), lower(planned.request.headers));
      assert.deepEqual(Buffer.from(other.body ?? []), Buffer.from(planned.request.body ?? []));
    });
    h1.responses.forEach((planned, index) => {
      const other = h2.responses[index].response;
      assert.deepEqual([other.status, other.reason], [planned.response.status, planned.response.reason]);
      assert.deepEqual(Buffer.from(other.body ?? []), Buffer.from(planned.response.body ?? []));
    });
  });
});
