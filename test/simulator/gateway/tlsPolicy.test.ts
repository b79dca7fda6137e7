import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedTlsVersions, securityPolicy } from '../../../simulator/gateway/tlsPolicy';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';

function model(type: 'REST' | 'HTTP', securityPolicy?: string) {
  return modelFromJson(JSON.stringify({
    apis: [{
      id: 'api0000001', name: 'catalog', type, ...(securityPolicy ? { securityPolicy } : {}),
      integrations: [{ id: 'fn', type: 'AWS_PROXY', functionName: 'get' }],
      routes: [{ key: 'GET /items', integrationId: 'fn' }],
    }],
  }));
}

describe('TLS security policies', () => {
  it('accepts TLS 1.2 and 1.3 on HTTP APIs (TLS_1_2) and on REST APIs by default', () => {
    assert.equal(securityPolicy(model('HTTP').apis[0]), 'TLS_1_2');
    assert.deepEqual(acceptedTlsVersions(model('HTTP').apis[0]), ['1.2', '1.3']);
    assert.deepEqual(acceptedTlsVersions(model('REST').apis[0]), ['1.2', '1.3']);
  });

  it('refuses a TLS 1.2 client on a TLS 1.3-only REST policy with a protocol_version alert, and no request is sent', () => {
    const strict = model('REST', 'SecurityPolicy_TLS13_1_3_2025_09');
    const trace = simulateRouteRequest({ model: strict, route: 'GET /items', tlsVersion: '1.2', dnsCache: 'hit' });
    const alert = trace.events.find((event) => event.name === 'Alert (protocol_version)')!;
    assert.equal(alert.from, 'gateway');
    assert.equal(alert.bytes, 7, 'a plaintext alert record: 5-byte header + level + description');
    assert.deepEqual(alert.error && { code: alert.error.code, status: alert.error.status }, { code: 'TLS_ALERT', status: 70 });
    assert.equal(trace.events.filter((event) => event.layer === 'http').length, 0);
    const ok = simulateRouteRequest({ model: strict, route: 'GET /items', tlsVersion: '1.3', dnsCache: 'hit' });
    assert.ok(ok.events.some((event) => event.name === '200 OK'));
  });
});
