import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';
import { readConfig } from '../../../simulator/config/configFile';
import { runScenario, type TraceScenarioId } from '../../../simulator/scenario/registry';
import type { TraceEvent } from '../../../simulator/trace/trace';

/*
 * `apigw-sim event`: the exact JSON a route's Lambda function (or Lambda authorizer) receives.
 * The reference is the trace: the payload of the invoke hop that `simulate` records for the
 * same config, route, client and seed, found here by the function it goes to.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = join(__dirname, '..', '..', '..', 'cli.js');
const SHOP = join(ROOT, 'examples', 'shop', 'template.yaml');
const EXPLICIT = join(ROOT, 'test', 'fixtures', 'sam', 'explicit-apis.yaml');

/** The payload of the trace's hop to `to` of `kind`, for the route as `simulate` runs it. */
function tracePayload(config: string, apiName: string, routeKey: string, to: string, kind: TraceEvent['kind'], options: { seed?: number; clientProfile?: string } = {}, from?: string): string {
  const { model } = readConfig(config);
  const api = model.apis.find((candidate) => candidate.name === apiName)!;
  const scenario: TraceScenarioId = api.type === 'WEBSOCKET' ? 'ws-session' : 'request';
  const { trace } = runScenario(model, { apiId: api.id, routeKey }, scenario, options);
  const hops = trace.events.filter((event) => event.kind === kind && event.to === to && (from === undefined || event.from === from));
  assert.ok(hops.length > 0, `the trace has a ${kind} hop to ${to}`);
  return Buffer.from(hops[0].payload!).toString('utf8');
}

function event(...args: string[]): { output: string; exitCode: number } {
  return run(['event', ...args]);
}

describe('apigw-sim event', () => {
  it('prints the bytes of the trace\'s Lambda invoke hop for a REST, an HTTP and a WebSocket route', () => {
    const cases: [string, string, string, string][] = [
      ['shop-products', 'GET /products/{productId}', 'lambda:getProduct', '--seed=3'],
      ['shop-orders', 'POST /orders', 'lambda:createOrder', '--seed=3'],
      ['shop-order-status', '$connect', 'lambda:onConnect', '--seed=3'],
      ['shop-order-status', 'subscribe', 'lambda:subscribeOrder', '--seed=3'],
      ['shop-order-status', '$disconnect', 'lambda:onDisconnect', '--seed=3'],
    ];
    for (const [apiName, routeKey, to, seed] of cases) {
      const printed = event(SHOP, '--api', apiName, '--route', routeKey, seed);
      assert.equal(printed.exitCode, 0, printed.output);
      assert.equal(printed.output, tracePayload(SHOP, apiName, routeKey, to, 'backend.invoke', { seed: 3 }), `${apiName} ${routeKey}`);
    }
  });

  it('prints the authorizer\'s input with --authorizer, as the trace\'s authorizer invoke carries it', () => {
    const printed = event(SHOP, '--api', 'shop-order-status', '--route', '$connect', '--authorizer');
    assert.equal(printed.exitCode, 0, printed.output);
    assert.equal(printed.output, tracePayload(SHOP, 'shop-order-status', '$connect', 'authorizer:wsAuthorizer', 'gateway.authorize'));
    assert.equal(JSON.parse(printed.output).type, 'REQUEST');
  });

  it('follows the client and the seed: same seed, same bytes; the client is the event\'s User-Agent', () => {
    const curl = event(SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--client', 'curl', '--seed', '9');
    assert.equal(curl.output, event(SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--client', 'curl', '--seed', '9').output);
    assert.equal(curl.output, tracePayload(SHOP, 'shop-orders', 'POST /orders', 'lambda:createOrder', 'backend.invoke', { seed: 9, clientProfile: 'curl' }));
    assert.equal(JSON.parse(curl.output).requestContext.http.userAgent, 'curl/7.88.1');
    const browser = JSON.parse(event(SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--client', 'browser', '--seed', '9').output);
    assert.match(browser.requestContext.http.userAgent, /^Mozilla\/5\.0/);
    assert.notEqual(JSON.parse(event(SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--seed', '10').output).requestContext.requestId, JSON.parse(curl.output).requestContext.requestId);
  });

  it('prints compact JSON as sent, and indented JSON of the same event with --pretty', () => {
    const compact = event(SHOP, '--api', 'shop-products', '--route', 'GET /products/{productId}').output;
    assert.ok(!compact.includes('\n'));
    const pretty = event(SHOP, '--api', 'shop-products', '--route', 'GET /products/{productId}', '--pretty').output;
    assert.match(pretty, /^\{\n {2}"resource": "\/products\/\{productId\}",\n/);
    assert.deepEqual(JSON.parse(pretty), JSON.parse(compact));
  });

  it('shows an HTTP API Lambda authorizer\'s 2.0 input, and the trace carries its simple response', () => {
    const printed = event(EXPLICIT, '--api', 'reports', '--route', 'GET /reports/{id}', '--authorizer');
    assert.equal(printed.exitCode, 0, printed.output);
    const input = JSON.parse(printed.output);
    assert.equal(input.version, '2.0');
    assert.equal(input.type, 'REQUEST');
    assert.match(input.routeArn, /^arn:aws:execute-api:[a-z0-9-]+:\d{12}:\w+\/[\w$-]+\/GET\/reports\/123$/);
    assert.equal(input.identitySource.length, 1);
    assert.equal(input.routeKey, 'GET /reports/{id}');
    // PartnerLambda: AuthorizerPayloadFormatVersion "2.0", EnableSimpleResponses true.
    const answer = tracePayload(EXPLICIT, 'reports', 'GET /reports/{id}', 'gateway', 'gateway.message', {}, 'authorizer:PartnerAuthFunction');
    assert.ok(answer.startsWith('{"isAuthorized":true'), answer);
    const integration = JSON.parse(event(EXPLICIT, '--api', 'reports', '--route', 'GET /reports/{id}').output);
    assert.deepEqual(integration.requestContext.authorizer, { lambda: { tier: 'gold' } });
  });

  it('names the signer of an IAM-authorized HTTP API request in authorizer.iam', () => {
    const iam = JSON.parse(event(EXPLICIT, '--api', 'reports', '--route', 'POST /reports/export').output).requestContext.authorizer.iam;
    assert.deepEqual(Object.keys(iam).sort(), ['accessKey', 'accountId', 'callerId', 'cognitoIdentity', 'principalOrgId', 'userArn', 'userId']);
    assert.match(iam.accessKey, /^AKIA/);
  });

  it('refuses a route without a Lambda function, one without an authorizer and an unknown one, with exit code 2', () => {
    const http = event(SHOP, '--api', 'shop-orders', '--route', 'GET /orders/{orderId}');
    assert.equal(http.exitCode, 2);
    assert.match(http.output, /error \[NO_LAMBDA_EVENT\]: shop-orders GET \/orders\/\{orderId\} has an HTTP_PROXY integration, not a Lambda function/);
    const noAuthorizer = event(SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--authorizer');
    assert.equal(noAuthorizer.exitCode, 2);
    assert.match(noAuthorizer.output, /error \[NO_LAMBDA_EVENT\]: shop-orders POST \/orders has no Lambda authorizer \(authorization JWT/);
    const unknown = event(SHOP, '--api', 'shop-orders', '--route', 'GET /nope');
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.output, /error \[UNKNOWN_OPTION\]: route: expected a route of shop-orders: "POST \/orders", "GET \/orders\/\{orderId\}"/);
    const missing = event(SHOP, '--api', 'shop-orders');
    assert.equal(missing.exitCode, 2);
    assert.match(missing.output, /event: missing --route \(one of "POST \/orders", "GET \/orders\/\{orderId\}"\)/);
    assert.equal(run(['event']).exitCode, 2);
  });

  it('writes the event and a newline to standard output from the built CLI', () => {
    const stdout = execFileSync(process.execPath, [CLI, 'event', SHOP, '--api', 'shop-products', '--route', 'GET /products/{productId}'], { encoding: 'utf8' });
    assert.equal(stdout, `${tracePayload(SHOP, 'shop-products', 'GET /products/{productId}', 'lambda:getProduct', 'backend.invoke')}\n`);
  });
});
