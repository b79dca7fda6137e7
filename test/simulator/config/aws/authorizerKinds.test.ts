import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultIdentitySources, identitySource } from '../../../../simulator/config/aws/authorizerKinds';

/*
 * Identity sources as the API reference spells them: Authorizer identitySource (REST) and
 * ApiGatewayV2 Authorizer IdentitySource (HTTP, WebSocket).
 */

describe('authorizer identity sources', () => {
  it('spells a header, a query string, a stage variable and a context variable as each API type does', () => {
    const spell = (apiType: 'REST' | 'HTTP' | 'WEBSOCKET'): string[] => [
      identitySource(apiType, 'header', 'Auth'), identitySource(apiType, 'querystring', 'token'),
      identitySource(apiType, 'stageVariables', 'tenant'), identitySource(apiType, 'context', 'identity.sourceIp'),
    ];
    assert.deepEqual(spell('REST'), ['method.request.header.Auth', 'method.request.querystring.token', 'stageVariables.tenant', 'context.identity.sourceIp']);
    assert.deepEqual(spell('HTTP'), ['$request.header.Auth', '$request.querystring.token', '$stageVariables.tenant', '$context.identity.sourceIp']);
    assert.deepEqual(spell('WEBSOCKET'), ['route.request.header.Auth', 'route.request.querystring.token', 'stageVariables.tenant', 'context.identity.sourceIp']);
  });

  it('takes the Authorization header by default, except for a REQUEST authorizer', () => {
    assert.deepEqual(defaultIdentitySources('REST', 'TOKEN'), ['method.request.header.Authorization']);
    assert.deepEqual(defaultIdentitySources('HTTP', 'JWT'), ['$request.header.Authorization']);
    assert.deepEqual(defaultIdentitySources('HTTP', 'REQUEST'), []);
  });
});
