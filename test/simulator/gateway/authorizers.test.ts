import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../simulator/config/configFile';
import { ParameterError } from '../../../simulator/errors';
import { jwtIssuer, withoutStage } from '../../../simulator/gateway/authorizers';
import type { Api } from '../../../simulator/model/gateway';
import { routeRef, runScenario } from '../../../simulator/scenario/registry';

/** A serverless WebSocket API whose $connect has a Lambda authorizer, on a stage of this name. */
function chat(stage: string): string {
  return [
    'service: chat', 'provider:', '  name: aws', `  stage: ${JSON.stringify(stage)}`, 'functions:',
    '  auth:', '    handler: h.auth',
    '  connect:', '    handler: h.connect', '    events:', '      - websocket:', '          route: $connect',
    '          authorizer:', '            name: auth', '            identitySource: route.request.querystring.token',
    '  message:', '    handler: h.message', '    events:', '      - websocket: $default', '',
  ].join('\n');
}

describe('authorizers', () => {
  it('takes the stage off a path as text: a stage name with pattern characters is only a name', () => {
    assert.equal(withoutStage('/v1(/users', 'v1('), '/users');
    assert.equal(withoutStage('/[a', '[a'), '/');
    assert.equal(withoutStage('/prod', 'prod'), '/');
    assert.equal(withoutStage('/production/x', 'prod'), '/production/x');
    assert.equal(withoutStage('/pxd/x', 'p.d'), '/pxd/x');
  });

  // A longer stage is refused before it is simulated (stageNames.test.ts); 128 characters is the longest API Gateway takes.
  for (const stage of ['v1(', '[a', 'y'.repeat(128)]) {
    it(`runs a Lambda authorizer on a stage named ${JSON.stringify(stage.slice(0, 8))}${stage.length > 8 ? '... (128 characters)' : ''} (found by fuzzing: a SyntaxError from the stage made into a pattern)`, () => {
      const { model } = readConfigText(chat(stage), 'serverless.yml');
      const api = model.apis[0];
      const route = api.routes.find((candidate) => candidate.key === '$default')!;
      const run = runScenario(model, routeRef(api, route), 'ws-session', { seed: 1 });
      assert.ok(run.trace.events.some((event) => /authorizer/i.test(event.name)), 'the authorizer ran');
    });
  }

  it('refuses a Region that cannot stand in the assumed issuer\'s host name with a ParameterError (found by fuzzing: a TypeError from new URL)', () => {
    const api = { id: 'a', name: 'orders', type: 'HTTP', endpointType: 'REGIONAL', region: 'a\u0000 b', stages: [], routes: [], authorizers: [], integrations: [] } satisfies Api;
    assert.throws(() => jwtIssuer(api, undefined), (error: unknown) => error instanceof ParameterError && /region/.test(error.message));
  });
});
