import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { ParameterError } from '../../../simulator/errors';
import type { GatewayModel } from '../../../simulator/model/gateway';
import { isTraceScenarioId, resolveRoute, routeRefText, runLoad, runLoadAsync, runScenario, SCENARIO_IDS, traceScenariosFor } from '../../../simulator/scenario/registry';
import { findApi } from '../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';
import { receiveWithWs } from '../../helpers/wsInternals';

/** Compiled tests live in out/test/simulator/scenario: the repository root is four levels up. */
const ROOT = join(__dirname, '..', '..', '..', '..');
const fixture = (...path: string[]): GatewayModel => readConfig(join(ROOT, 'test', 'fixtures', ...path)).model;

/** The Lambda events the gateway sent, as the functions receive them. */
function lambdaEvents(trace: Trace): { routeKey?: string; body?: string; functionLabel: string }[] {
  const labels = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
  return trace.events
    .filter((event) => event.layer === 'backend' && event.name.startsWith('Invoke ') && event.payload)
    .map((event) => {
      const body = JSON.parse(Buffer.from(event.payload!).toString('utf8')) as { requestContext?: { routeKey?: string }; body?: string };
      return { functionLabel: labels.get(event.to) ?? event.to, ...(body.requestContext?.routeKey ? { routeKey: body.requestContext.routeKey } : {}), ...(body.body !== undefined ? { body: body.body } : {}) };
    });
}

/** The client's WebSocket messages as `ws`'s own receiver decodes the frames it sent. */
async function clientMessages(trace: Trace): Promise<string[]> {
  const frames = trace.events.filter((event: TraceEvent) => event.layer === 'ws' && event.from === 'client').map((event) => Buffer.from(event.payload!));
  const received = await receiveWithWs(frames, { isServer: true });
  return received.filter((message) => message.kind === 'message').map((message) => message.data!.toString('utf8'));
}

describe('the scenario registry', () => {
  it('lists every scenario id once, and offers only trace scenarios that run on an API type', () => {
    assert.equal(new Set(SCENARIO_IDS).size, SCENARIO_IDS.length);
    assert.deepEqual(traceScenariosFor('HTTP'), ['request', 'series', 'page']);
    assert.deepEqual(traceScenariosFor('REST', 'series'), ['series', 'request', 'page']);
    assert.deepEqual(traceScenariosFor('WEBSOCKET', 'series'), ['ws-session']);
    assert.ok(isTraceScenarioId('ws-session'));
    assert.ok(!isTraceScenarioId('load'), 'a load run gives aggregates, not a trace');
    assert.ok(!isTraceScenarioId('storm'));
  });

  it('refuses a scenario for the wrong API type, naming the ones that apply', () => {
    const model = fixture('serverless', 'websocket-chat.yml');
    const api = model.apis[0];
    assert.throws(() => runScenario(model, { apiId: api.id, routeKey: 'sendMessage' }, 'series'), (error: unknown) => error instanceof ParameterError && /ws-session/.test(error.message));
  });
});

describe('routes named by identity, not by display name', () => {
  // serverless.yml's `http` and `httpApi` events deploy two APIs that are both named `dev-catalog`.
  const model = fixture('serverless', 'rest-and-http-same-name.yml');

  it('reads two APIs of one name and tells them apart by logical id', () => {
    assert.deepEqual(model.apis.map((api) => [api.id, api.name, api.type]), [['ApiGatewayRestApi', 'dev-catalog', 'REST'], ['HttpApi', 'dev-catalog', 'HTTP']]);
  });

  it('runs every route of both APIs through its own API\'s pipeline', () => {
    for (const api of model.apis) {
      for (const route of api.routes) {
        const ref = { apiId: api.id, routeKey: route.key };
        const run = runScenario(model, ref, 'request', { seed: 3 });
        assert.equal(run.api, api, routeRefText(ref));
        assert.equal(run.trace.scenario, `${api.type.toLowerCase()}-request`, routeRefText(ref));
        const invoked = lambdaEvents(run.trace);
        assert.equal(invoked.length, 1, `${routeRefText(ref)} invokes its function once`);
        assert.ok(run.costUsd > 0);
      }
    }
  });

  it('runs the load scenario on a route of either API, the same synchronously and in chunks', async () => {
    for (const ref of [{ apiId: 'ApiGatewayRestApi', routeKey: 'GET /items' }, { apiId: 'HttpApi', routeKey: 'POST /suggest' }]) {
      const run = runLoad(model, ref, { seed: 5, ratePerSecond: 200, durationSeconds: 2 });
      assert.equal(run.api.id, ref.apiId);
      assert.equal(run.route.key, ref.routeKey);
      assert.equal(run.costUsd, run.result.costUsd);
      assert.deepEqual((await runLoadAsync(model, ref, { seed: 5, ratePerSecond: 200, durationSeconds: 2 })).result, run.result);
    }
    assert.throws(() => runLoad(model, { apiId: 'dev-catalog', routeKey: 'GET /items' }, { ratePerSecond: 1, durationSeconds: 1 }), /"ApiGatewayRestApi", "HttpApi"/);
  });

  it('asks for an id when a display name is shared, and resolves ids it does not know with the list of ids', () => {
    assert.throws(() => findApi(model, 'dev-catalog'), (error: unknown) => error instanceof ParameterError && /"ApiGatewayRestApi" \(REST\), "HttpApi" \(HTTP\)/.test(error.message));
    assert.equal(findApi(model, 'HttpApi').type, 'HTTP');
    assert.throws(() => resolveRoute(model, { apiId: 'dev-catalog', routeKey: 'GET /search' }), /"ApiGatewayRestApi", "HttpApi"/);
    assert.throws(() => resolveRoute(model, { apiId: 'HttpApi', routeKey: 'GET /items' }), /a route of dev-catalog: "GET \/search", "POST \/suggest"/);
  });
});

describe('a WebSocket route simulated as that route', () => {
  // Route selection on `$request.body.type`, custom routes sendMessage and joinRoom.
  const model = fixture('serverless', 'websocket-chat.yml');
  const api = model.apis[0];
  const session = (routeKey: string): Trace => runScenario(model, { apiId: api.id, routeKey }, 'ws-session', { seed: 9 }).trace;

  for (const routeKey of ['sendMessage', 'joinRoom']) {
    it(`sends a message that the route selection expression sends to ${routeKey}, and runs ${routeKey}'s integration`, async () => {
      const trace = session(routeKey);
      const [message] = await clientMessages(trace);
      assert.equal((JSON.parse(message) as { type?: string }).type, routeKey);
      const messageEvents = lambdaEvents(trace).filter((event) => event.body !== undefined);
      assert.deepEqual(messageEvents.map((event) => event.routeKey), [routeKey]);
      assert.equal(messageEvents[0].body, message, 'the function receives the message the client sent');
    });
  }

  it('sends the $default route a message that selects no other route', async () => {
    const trace = session('$default');
    const [message] = await clientMessages(trace);
    assert.equal((JSON.parse(message) as { type?: string }).type, undefined);
    assert.deepEqual(lambdaEvents(trace).filter((event) => event.body !== undefined).map((event) => event.routeKey), ['$default']);
  });

  it('grows the route\'s message to a size asked for, still selecting the route', async () => {
    for (const routeKey of ['sendMessage', '$default']) {
      const trace = runScenario(model, { apiId: api.id, routeKey }, 'ws-session', { seed: 9, messageBytes: 300 }).trace;
      const [message] = await clientMessages(trace);
      assert.equal(Buffer.byteLength(message), 300, routeKey);
      assert.deepEqual(lambdaEvents(trace).filter((event) => event.body !== undefined).map((event) => event.routeKey), [routeKey]);
    }
  });

  it('sends no message for $connect: the Upgrade is the route', async () => {
    const trace = session('$connect');
    assert.deepEqual(await clientMessages(trace), []);
    assert.ok(lambdaEvents(trace).some((event) => event.routeKey === '$connect'));
  });

  it('follows a nested route selection expression', async () => {
    const nested: GatewayModel = { ...model, apis: [{ ...api, routeSelectionExpression: '$request.body.message.kind' }] };
    const trace = runScenario(nested, { apiId: api.id, routeKey: 'joinRoom' }, 'ws-session').trace;
    const [message] = await clientMessages(trace);
    assert.equal((JSON.parse(message) as { message: { kind: string } }).message.kind, 'joinRoom');
    assert.deepEqual(lambdaEvents(trace).filter((event) => event.body !== undefined).map((event) => event.routeKey), ['joinRoom']);
  });
});

describe('a JWT issuer the config does not know', () => {
  it('simulates a Terraform route whose issuer is a variable, naming the value as written', () => {
    const model = fixture('terraform', 'jwt-variable-issuer.tf');
    const run = runScenario(model, { apiId: model.apis[0].id, routeKey: 'GET /orders' }, 'request');
    const issuer = run.trace.participants.find((participant) => participant.id === 'issuer');
    assert.match(issuer?.label ?? '', /^JWT issuer for var\.issuer \(assumed /);
    assert.equal(run.trace.events.filter((event) => event.error).length, 0, 'the request is allowed');
  });
});
