import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customIntegrationRequest, parameterSource } from '../../../simulator/gateway/integrationParameters';
import type { HttpRequest } from '../../../simulator/net/http';

const REQUEST: HttpRequest = {
  method: 'POST', target: '/transfers?dryRun=yes&page=2',
  headers: [['Host', 'api.example.com'], ['x-api-key', 'secret'], ['Idempotency-Key', 'k-1'], ['Content-Type', 'application/json']],
  body: Buffer.from('{}'),
};

describe('a custom integration request (DG request-response-data-mappings)', () => {
  it('resolves static values and the method request\'s header, query string and path parameters', () => {
    assert.equal(parameterSource("'text/xml'", REQUEST, {}), 'text/xml');
    assert.equal(parameterSource('method.request.header.idempotency-key', REQUEST, {}), 'k-1');
    assert.equal(parameterSource('method.request.querystring.page', REQUEST, {}), '2');
    assert.equal(parameterSource('method.request.path.accountId', REQUEST, { accountId: 'DE89' }), 'DE89');
    assert.equal(parameterSource('method.request.header.Missing', REQUEST, {}), undefined);
    assert.equal(parameterSource('context.requestId', REQUEST, {}), undefined);
  });

  it('carries only the mapped headers and query string, and the Content-Type unless one is mapped', () => {
    const mapped = customIntegrationRequest({
      id: 'i', type: 'HTTP', requestParameters: {
        'integration.request.header.SOAPAction': "'urn:x'",
        'integration.request.header.X-Key': 'method.request.header.Idempotency-Key',
        'integration.request.querystring.mode': 'method.request.querystring.dryRun',
      },
    }, REQUEST, {});
    assert.deepEqual(mapped.headers, [['SOAPAction', 'urn:x'], ['X-Key', 'k-1'], ['Content-Type', 'application/json']]);
    assert.equal(mapped.target, '/transfers?mode=yes');
    assert.equal(mapped.body, undefined);
    const typed = customIntegrationRequest({ id: 'i', type: 'HTTP', requestParameters: { 'integration.request.header.Content-Type': "'text/xml'" } }, REQUEST, {});
    assert.deepEqual(typed.headers, [['Content-Type', 'text/xml']]);
    assert.equal(typed.target, '/transfers');
  });
});
