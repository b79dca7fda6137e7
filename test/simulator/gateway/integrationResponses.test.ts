import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectIntegrationResponse } from '../../../simulator/gateway/integrationResponses';
import type { IntegrationResponse } from '../../../simulator/model/gateway';

// The DG's example set (api-gateway-integration-settings-integration-response): a default 200,
// 4\d{2} to 400, 5\d{2} to 500; for Lambda, patterns on the errorMessage.
const HTTP: IntegrationResponse[] = [{ statusCode: 200 }, { selectionPattern: '4\\d{2}', statusCode: 400 }, { selectionPattern: '5\\d{2}', statusCode: 500 }];

describe('the integration response a custom integration\'s answer selects', () => {
  it('matches an HTTP backend\'s status code against the patterns, the default taking the rest', () => {
    assert.equal(selectIntegrationResponse(HTTP, 'HTTP', 404), 400);
    assert.equal(selectIntegrationResponse(HTTP, 'HTTP', 503), 500);
    assert.equal(selectIntegrationResponse(HTTP, 'HTTP', 201), 200);
    assert.equal(selectIntegrationResponse([{ statusCode: 201 }], 'HTTP', 200), 201);
  });

  it('matches the whole status, as Java\'s matches does: 4 alone selects nothing', () => {
    assert.equal(selectIntegrationResponse([{ statusCode: 200 }, { selectionPattern: '4', statusCode: 400 }], 'HTTP', 404), 200);
  });

  it('matches a Lambda function\'s errorMessage, and takes the default when it succeeded', () => {
    const lambda: IntegrationResponse[] = [{ statusCode: 200 }, { selectionPattern: '.*Not Found.*', statusCode: 404 }];
    assert.equal(selectIntegrationResponse(lambda, 'AWS', 200, 'Order Not Found: o-1'), 404);
    assert.equal(selectIntegrationResponse(lambda, 'AWS', 200), 200);
  });

  it('keeps the backend\'s status when the method has no integration responses', () => {
    assert.equal(selectIntegrationResponse(undefined, 'HTTP', 202), 202);
  });
});
