import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import type { Fault } from '../../../simulator/gateway/faults';
import { DEFAULT_GATEWAY_LATENCY } from '../../../simulator/gateway/latencyProfile';
import { HTTP_INTEGRATION_TIMEOUT_MS, REST_INTEGRATION_TIMEOUT_MS } from '../../../simulator/gateway/quotas';
import { matchRoute } from '../../../simulator/gateway/routeMatch';
import { readConfig } from '../../../simulator/config/configFile';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import type { GatewayModel } from '../../../simulator/model/gateway';
import { findApi, simulateRouteRequest, type RouteScenarioOptions } from '../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';
import { parseRequestWithNode, parseResponseWithNode } from '../../helpers/nodeHttp';

/** Compiled tests live in out/test/simulator/scenario: the repository root is four levels up. */
const MODEL_FILE = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const model: GatewayModel = modelFromJson(readFileSync(MODEL_FILE, 'utf8'), 'examples/shop/gateway.json');

const PRODUCT = { model, api: 'shop-products', route: 'GET /products/{productId}' } as const;
const PRODUCTS = { model, api: 'shop-products', route: 'GET /products' } as const;
const ORDERS = { model, api: 'shop-orders', route: 'POST /orders' } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** No test here needs more than a fraction of a second of real time; a hang means broken framing. */
const TIMEOUT_MS = 10_000;

interface RawMessage {
  startLine: string;
  headers: [string, string][];
  body: string;
}

function bytesOf(event: TraceEvent): Buffer {
  assert.ok(event.payload, `${event.name} carries its bytes`);
  return Buffer.from(event.payload);
}

/** Splits an HTTP/1.1 message into start line, header fields and body (checked against Node's parser in the first tests). */
function split(bytes: Buffer): RawMessage {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  assert.ok(end > 0, 'the message has a complete head');
  const [startLine, ...fields] = text.slice(0, end).split('\r\n');
  return {
    startLine,
    headers: fields.map((field) => [field.slice(0, field.indexOf(':')), field.slice(field.indexOf(':') + 1).trim()]),
    body: text.slice(end + 4),
  };
}

function header(message: RawMessage, name: string): string | undefined {
  return message.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** The response the client receives: the last HTTP message that reaches it. */
function clientResponseEvent(trace: Trace): TraceEvent {
  const responses = trace.events.filter((event) => event.layer === 'http' && event.to === 'client');
  assert.ok(responses.length > 0, 'the client receives a response');
  return responses[responses.length - 1];
}

function clientResponse(trace: Trace): RawMessage {
  return split(bytesOf(clientResponseEvent(trace)));
}

function statusOf(message: RawMessage): number {
  const match = /^HTTP\/1\.1 (\d{3})(?: |$)/.exec(message.startLine);
  assert.ok(match, `a status line: ${message.startLine}`);
  return Number(match[1]);
}

/** When the request reaches the gateway: from the edge for edge-optimized APIs, from the client otherwise. */
function requestAtGateway(trace: Trace): TraceEvent {
  const event = trace.events.find((candidate) => candidate.layer === 'http' && candidate.to === 'gateway');
  assert.ok(event, 'the request reaches the gateway');
  return event;
}

function lambdaInvocations(trace: Trace): TraceEvent[] {
  return trace.events.filter((event) => event.layer === 'backend' && event.from === 'gateway' && event.name.startsWith('Invoke '));
}

describe('a REST request through an edge-optimized endpoint', { timeout: TIMEOUT_MS }, () => {
  const trace = simulateRouteRequest(PRODUCT);

  it('involves the client, a CloudFront edge, the gateway, WAF and the route\'s Lambda function', () => {
    const kinds = new Map(trace.participants.map((participant) => [participant.id, participant.kind]));
    assert.equal(kinds.get('client'), 'client');
    assert.equal(kinds.get('edge'), 'edge');
    assert.equal(kinds.get('gateway'), 'gateway');
    assert.equal(kinds.get('waf'), 'waf');
    const lambda = trace.participants.find((participant) => participant.label.includes('getProduct'));
    assert.ok(lambda, 'the getProduct function takes part');
    assert.equal(lambda.kind, 'backend');
  });

  it('ends the client\'s TCP and TLS at the edge, which reaches the Region over its own connection', () => {
    const handshake = trace.events.filter((event) => event.layer === 'tls' || event.layer === 'tcp');
    assert.ok(handshake.some((event) => event.name === 'ClientHello' && event.from === 'client' && event.to === 'edge'));
    for (const event of handshake) {
      assert.ok([event.from, event.to].includes('client') && [event.from, event.to].includes('edge'), `${event.name} ${event.from} -> ${event.to}`);
    }
    const forwarded = requestAtGateway(trace);
    assert.equal(forwarded.from, 'edge');
    assert.equal(forwarded.detail?.tls, 'TLS 1.2');
  });

  it('answers HTTP/1.1 200 with API Gateway\'s request ids and CloudFront\'s headers, as Node\'s HTTP client parses it', async () => {
    const bytes = bytesOf(clientResponseEvent(trace));
    const response = await parseResponseWithNode(bytes);
    assert.equal(response.statusCode, 200);
    assert.equal(response.statusMessage, 'OK');
    assert.match(String(response.headers['x-amzn-requestid']), UUID);
    const apigwId = String(response.headers['x-amz-apigw-id']);
    assert.equal(apigwId.length, 16);
    assert.ok(apigwId.endsWith('='), apigwId);
    assert.match(String(response.headers['x-cache']), /from cloudfront$/);
    assert.match(String(response.headers.via), /^1\.1 [0-9a-f]+\.cloudfront\.net \(CloudFront\)$/);
    assert.ok(response.headers['x-amz-cf-pop'], 'X-Amz-Cf-Pop');
    assert.ok(response.headers['x-amz-cf-id'], 'X-Amz-Cf-Id');
    assert.equal(response.body.toString('utf8'), '{"ok":true}');
    // The hand-rolled splitter used by the fault tests below agrees with Node.
    assert.equal(statusOf(split(bytes)), response.statusCode);
    assert.equal(split(bytes).body, response.body.toString('latin1'));
  });

  it('invokes the Lambda function with a payload format 1.0 proxy event whose size is the bytes counted', () => {
    const [invoke] = lambdaInvocations(trace);
    assert.ok(invoke, 'an Invoke event');
    assert.equal(invoke.to, 'lambda:getProduct');
    const payload = bytesOf(invoke);
    assert.equal(invoke.bytes, payload.length);
    const event = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    // DG set-up-lambda-proxy-integrations, "Input format of a Lambda function for proxy integration":
    // the REST example has no `version` (only the HTTP API's 1.0 example does).
    assert.equal('version' in event, false);
    assert.equal(event.httpMethod, 'GET');
    assert.equal(event.path, '/products/123');
    assert.equal(event.resource, '/products/{productId}');
    assert.deepEqual(event.pathParameters, { productId: '123' });
    assert.equal((event.requestContext as Record<string, unknown>).stage, 'prod');
  });
});

describe('REST API faults', { timeout: TIMEOUT_MS }, () => {
  interface FaultCase {
    fault: Fault;
    options: Pick<RouteScenarioOptions, 'model' | 'api' | 'route'>;
    status: number;
    body?: string;
    errorType?: string;
    why: string;
  }
  // Statuses and types: DG supported-gateway-response-types; bodies as gatewayResponses.ts cites them.
  const cases: FaultCase[] = [
    { fault: 'route-not-found', options: PRODUCT, status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException', why: 'MISSING_AUTHENTICATION_TOKEN' },
    { fault: 'missing-api-key', options: PRODUCTS, status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException', why: 'INVALID_API_KEY' },
    { fault: 'invalid-api-key', options: PRODUCTS, status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException', why: 'INVALID_API_KEY' },
    { fault: 'throttled', options: PRODUCT, status: 429, body: '{"message":"Too Many Requests"}', errorType: 'TooManyRequestsException', why: 'THROTTLED' },
    { fault: 'quota-exceeded', options: PRODUCTS, status: 429, errorType: 'LimitExceededException', why: 'QUOTA_EXCEEDED (re:Post KC api-gateway-429-limit)' },
    { fault: 'malformed-proxy-response', options: PRODUCT, status: 502, why: 'a Lambda proxy result without statusCode (DG set-up-lambda-proxy-integrations)' },
  ];
  for (const { fault, options, status, body, errorType, why } of cases) {
    it(`answers ${fault} on ${options.route} with ${status}${errorType ? ` ${errorType}` : ''} (${why})`, () => {
      const response = clientResponse(simulateRouteRequest({ ...options, faults: [fault] }));
      assert.equal(statusOf(response), status);
      if (body !== undefined) assert.equal(response.body, body);
      if (errorType !== undefined) assert.equal(header(response, 'x-amzn-ErrorType'), errorType);
      assert.match(header(response, 'x-amzn-RequestId') ?? '', UUID);
    });
  }

  it('answers waf-blocked with 403 and never invokes the Lambda function', () => {
    const trace = simulateRouteRequest({ ...PRODUCT, faults: ['waf-blocked'] });
    assert.equal(statusOf(clientResponse(trace)), 403);
    assert.ok(trace.events.some((event) => event.from === 'waf' && event.to === 'gateway'), 'WAF answered the gateway');
    assert.deepEqual(lambdaInvocations(trace), []);
    assert.ok(!trace.participants.some((participant) => participant.id.startsWith('lambda:')));
  });

  it('answers integration-timeout with 504 "Endpoint request timed out" 29 s after the request reached the gateway', () => {
    const trace = simulateRouteRequest({ ...PRODUCT, faults: ['integration-timeout'] });
    const response = clientResponse(trace);
    assert.equal(statusOf(response), 504);
    assert.equal(response.body, '{"message": "Endpoint request timed out"}');
    // DG api-gateway-execution-service-limits-table: 29 seconds by default for REST APIs.
    assert.equal(REST_INTEGRATION_TIMEOUT_MS.default, 29_000);
    const arrived = requestAtGateway(trace).arrival;
    const answered = trace.events.find((event) => event.layer === 'http' && event.from === 'gateway' && event.name.startsWith('504'));
    assert.ok(answered, 'the gateway sends a 504');
    const elapsed = answered.time - arrived;
    assert.ok(elapsed >= 29_000 && elapsed < 29_100, `504 sent ${elapsed} ms after the request arrived`);
  });

  it('answers payload-too-large with 413 on a REST route that takes a body (DG limits: 10 MB; REQUEST_TOO_LARGE)', () => {
    const uploads = modelFromJson(JSON.stringify({
      apis: [{
        id: 'u1v2w3x4y5', name: 'uploads', type: 'REST', endpointType: 'REGIONAL', region: 'us-east-1', stages: [{ name: 'prod' }], authorizers: [],
        integrations: [{ id: 'store', type: 'AWS_PROXY', functionName: 'storeUpload' }],
        routes: [{ key: 'POST /uploads', integrationId: 'store' }],
      }],
    }), 'uploads.json');
    const trace = simulateRouteRequest({ model: uploads, route: 'POST /uploads', faults: ['payload-too-large'] });
    assert.equal(statusOf(clientResponse(trace)), 413);
    assert.deepEqual(lambdaInvocations(trace), []);
  });

  it('answers payload-too-large with 413 on the shop\'s GET /products/{productId}', () => {
    const response = clientResponse(simulateRouteRequest({ ...PRODUCT, faults: ['payload-too-large'] }));
    assert.equal(statusOf(response), 413);
  });

  it('asks, with route-not-found on GET /products, for a path beside it that {productId} does not take, and is answered 403', () => {
    const trace = simulateRouteRequest({ ...PRODUCTS, faults: ['route-not-found'] });
    const sent = trace.events.find((event) => event.layer === 'http' && event.from === 'client')!;
    const [method, target] = split(bytesOf(sent)).startLine.split(' ');
    const api = model.apis.find((candidate) => candidate.name === 'shop-products')!;
    assert.equal(matchRoute(api, method, target.replace(/^\/prod/, '').split('?')[0]), undefined, `${method} ${target} has a route`);
    assert.equal(statusOf(clientResponse(trace)), 403);
  });

  it('refuses route-not-found, naming the fault, where a greedy ANY route or $default takes every path', () => {
    const greedy = structuredClone(model);
    const products = greedy.apis.find((candidate) => candidate.name === 'shop-products')!;
    products.routes.push({ ...products.routes[0], key: 'ANY /{proxy+}' }, { ...products.routes[0], key: 'ANY /' });
    assert.throws(() => simulateRouteRequest({ ...PRODUCTS, model: greedy, faults: ['route-not-found'] }),
      (error: ParameterError) => error instanceof ParameterError && error.parameter === 'fault' && /every GET path of shop-products has a route/.test(error.message));
    const fallback = structuredClone(model);
    const orders = fallback.apis.find((candidate) => candidate.name === 'shop-orders')!;
    orders.routes.push({ ...orders.routes[0], key: '$default' });
    assert.throws(() => simulateRouteRequest({ ...ORDERS, model: fallback, faults: ['route-not-found'] }),
      (error: ParameterError) => error.parameter === 'fault' && /\$default takes what others do not/.test(error.message));
  });

  it('shows, with route-not-found, a client request for a path that no resource matches', () => {
    const trace = simulateRouteRequest({ ...PRODUCT, faults: ['route-not-found'] });
    const sent = trace.events.find((event) => event.layer === 'http' && event.from === 'client');
    assert.ok(sent);
    const [method, target] = split(bytesOf(sent)).startLine.split(' ');
    const api = model.apis.find((candidate) => candidate.name === 'shop-products')!;
    assert.equal(matchRoute(api, method, target.replace(/^\/prod/, '').split('?')[0]), undefined, `${method} ${target} has a route`);
  });

  it('shows a cold start on the Lambda event and adds the latency profile\'s cold start to the time to first byte', () => {
    const warm = simulateRouteRequest(PRODUCT);
    const cold = simulateRouteRequest({ ...PRODUCT, faults: ['cold-start'] });
    const handler = cold.events.find((event) => event.from === 'lambda:getProduct' && event.to === 'lambda:getProduct');
    assert.equal(handler?.detail?.coldStart, true);
    assert.equal(warm.events.find((event) => event.from === 'lambda:getProduct' && event.to === 'lambda:getProduct')?.detail?.coldStart, false);
    const added = cold.summary.timeToFirstByteMs - warm.summary.timeToFirstByteMs;
    assert.ok(Math.abs(added - DEFAULT_GATEWAY_LATENCY.lambdaColdStartMs) < 1, `cold start added ${added} ms`);
  });
});

describe('an HTTP API request with a JWT authorizer', { timeout: TIMEOUT_MS }, () => {
  const trace = simulateRouteRequest({ ...ORDERS, requests: 2, keepAlive: true });

  it('finds the issuer\'s keys through its OIDC discovery document once, and reuses them for the second request on the connection', () => {
    const fetches = trace.events.filter((event) => event.layer === 'http' && event.to === 'issuer');
    const answers = trace.events.filter((event) => event.layer === 'http' && event.from === 'issuer');
    assert.equal(fetches.length, 2, 'the discovery document, then the key set');
    // DG rest-api-jwt-authorizer-keys: the issuer publishes /.well-known/openid-configuration, whose jwks_uri names the key set.
    assert.match(split(bytesOf(fetches[0])).startLine, /^GET \/\S*\/\.well-known\/openid-configuration HTTP\/1\.1$/);
    const discovery = JSON.parse(bytesOf(answers[0]).toString('utf8').split('\r\n\r\n')[1]) as { issuer: string; jwks_uri: string };
    assert.equal(split(bytesOf(fetches[1])).startLine, `GET ${new URL(discovery.jwks_uri).pathname} HTTP/1.1`);
    assert.ok(answers[0].arrival <= fetches[1].time, 'the key set is asked for once the discovery document has arrived');
    const keys = JSON.parse(bytesOf(answers[1]).toString('utf8').split('\r\n\r\n')[1]) as { keys: { kty: string }[] };
    assert.ok(keys.keys.length > 0 && keys.keys.every((key) => key.kty === 'RSA'));
    // "API Gateway can cache the public key for two hours" (DG http-api-jwt-authorizer).
    assert.equal(trace.events.find((event) => event.detail?.cacheMs !== undefined)?.detail?.cacheMs, 2 * 60 * 60 * 1000);
    assert.equal(trace.participants.find((participant) => participant.id === 'issuer')?.kind, 'authorizer');
    const secondRequest = trace.events.filter((event) => event.layer === 'http' && event.from === 'client')[1];
    assert.ok(secondRequest, 'a second request');
    assert.ok(fetches[0].time < secondRequest.time, 'the only fetch belongs to the first request');
    assert.equal(trace.summary.exchanges.length, 2);
    assert.equal(trace.summary.exchanges[1].roundTrips, 1, 'the second request reuses the connection');
  });

  it('answers 200 with apigw-requestid and without REST\'s x-amzn-RequestId', () => {
    const responses = trace.events.filter((event) => event.layer === 'http' && event.to === 'client').map((event) => split(bytesOf(event)));
    assert.equal(responses.length, 2);
    for (const response of responses) {
      assert.equal(statusOf(response), 200);
      assert.ok(header(response, 'apigw-requestid'), 'apigw-requestid');
      assert.equal(header(response, 'x-amzn-RequestId'), undefined);
      assert.equal(header(response, 'x-amz-apigw-id'), undefined);
    }
  });

  it('invokes the Lambda function with a payload format 2.0 event with lowercased header names', () => {
    const [invoke] = lambdaInvocations(trace);
    const payload = bytesOf(invoke);
    assert.equal(invoke.bytes, payload.length);
    const event = JSON.parse(payload.toString('utf8')) as { version: string; routeKey: string; rawPath: string; headers: Record<string, string>; requestContext: { http: { method: string } } };
    // DG http-api-develop-integrations-lambda, "Payload format version 2.0".
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'POST /orders');
    assert.equal(event.rawPath, '/orders');
    assert.equal(event.requestContext.http.method, 'POST');
    assert.ok(Object.keys(event.headers).length > 0);
    for (const name of Object.keys(event.headers)) assert.equal(name, name.toLowerCase());
    assert.match(event.headers.authorization, /^Bearer /);
  });
});

describe('HTTP API faults', { timeout: TIMEOUT_MS }, () => {
  it('answers invalid-jwt with 401 Unauthorized and a Bearer error="invalid_token" challenge (DG http-api-troubleshooting-jwt)', () => {
    const response = clientResponse(simulateRouteRequest({ ...ORDERS, faults: ['invalid-jwt'] }));
    assert.equal(statusOf(response), 401);
    assert.equal(response.body, '{"message":"Unauthorized"}');
    assert.match(header(response, 'www-authenticate') ?? '', /^Bearer .*error="invalid_token"/);
  });

  it('answers missing-token with 401 without invoking the function', () => {
    const trace = simulateRouteRequest({ ...ORDERS, faults: ['missing-token'] });
    assert.equal(statusOf(clientResponse(trace)), 401);
    assert.deepEqual(lambdaInvocations(trace), []);
  });

  it('answers integration-timeout with 503 Service Unavailable 30 s after the request reached the gateway', () => {
    const trace = simulateRouteRequest({ ...ORDERS, faults: ['integration-timeout'] });
    const response = clientResponse(trace);
    assert.equal(statusOf(response), 503);
    assert.equal(response.body, '{"message":"Service Unavailable"}');
    // CloudFormation ApiGatewayManagedOverrides: 30 seconds by default for HTTP APIs.
    assert.equal(HTTP_INTEGRATION_TIMEOUT_MS.default, 30_000);
    const answered = trace.events.find((event) => event.layer === 'http' && event.from === 'gateway' && event.to === 'client' && event.name.startsWith('503'));
    assert.ok(answered);
    const elapsed = answered.time - requestAtGateway(trace).arrival;
    assert.ok(elapsed >= 30_000 && elapsed < 30_100, `503 sent ${elapsed} ms after the request arrived`);
  });

  it('answers route-not-found with 404 {"message":"Not Found"} (DG http-api-develop-routes)', () => {
    const response = clientResponse(simulateRouteRequest({ ...ORDERS, faults: ['route-not-found'] }));
    assert.equal(statusOf(response), 404);
    assert.equal(response.body, '{"message":"Not Found"}');
    assert.equal(header(response, 'x-amzn-ErrorType'), undefined);
  });
});

describe('an HTTP API request through a VPC link', { timeout: TIMEOUT_MS }, () => {
  const trace = simulateRouteRequest({ model, api: 'shop-orders', route: 'GET /orders/{orderId}' });
  const hops = trace.events.filter((event) => event.layer === 'http' && event.from !== 'client' && event.to !== 'client' && event.from !== 'issuer' && event.to !== 'issuer');

  it('goes gateway -> ALB -> EKS target and back, each hop after the previous one arrived', () => {
    assert.equal(trace.participants.find((participant) => participant.id === 'loadbalancer')?.kind, 'loadbalancer');
    assert.match(trace.participants.find((participant) => participant.id === 'loadbalancer')!.label, /ALB/);
    assert.match(trace.participants.find((participant) => participant.id === 'target')!.label, /EKS/);
    assert.deepEqual(hops.map((event) => `${event.from}->${event.to}`), ['gateway->loadbalancer', 'loadbalancer->target', 'target->loadbalancer', 'loadbalancer->gateway']);
    for (let i = 1; i < hops.length; i++) assert.ok(hops[i].time >= hops[i - 1].arrival, `${hops[i].from}->${hops[i].to}`);
    const response = clientResponseEvent(trace);
    assert.ok(response.time >= hops[3].arrival);
    assert.equal(statusOf(split(bytesOf(response))), 200);
  });

  it('carries exact HTTP/1.1 bytes that Node parses: the request to the target and its response', async () => {
    const request = await parseRequestWithNode(bytesOf(hops[1]));
    assert.equal(request.method, 'GET');
    assert.equal(request.url, '/orders/o-1001');
    assert.equal(request.headers.host, 'orders.internal.example.com');
    assert.equal(hops[1].bytes, bytesOf(hops[1]).length);
    const response = await parseResponseWithNode(bytesOf(hops[2]));
    assert.equal(response.statusCode, 200);
    assert.equal(response.body.toString('utf8'), '{"ok":true}');
  });
});

describe('route request determinism and input checks', () => {
  it('gives identical JSON traces for the same options and seed', () => {
    for (const options of [{ ...PRODUCT, seed: 7 }, { ...ORDERS, seed: 7, requests: 2 }]) {
      assert.equal(JSON.stringify(simulateRouteRequest(options)), JSON.stringify(simulateRouteRequest(options)));
    }
    assert.notEqual(JSON.stringify(simulateRouteRequest({ ...PRODUCT, seed: 1 })), JSON.stringify(simulateRouteRequest({ ...PRODUCT, seed: 2 })));
  });

  it('refuses an unknown API, naming the api parameter', () => {
    assert.throws(() => simulateRouteRequest({ model, api: 'shop-nothing', route: 'GET /products' }), (error) => error instanceof ParameterError && error.parameter === 'api');
  });

  it('refuses an unknown route, naming the route parameter', () => {
    assert.throws(() => simulateRouteRequest({ model, api: 'shop-products', route: 'DELETE /products' }), (error) => error instanceof ParameterError && error.parameter === 'route');
  });

  it('refuses a WebSocket API', () => {
    assert.throws(() => simulateRouteRequest({ model, api: 'shop-order-status', route: '$connect' }), (error) => error instanceof ParameterError && error.parameter === 'api');
  });
});

describe('naming the API to simulate', () => {
  const fixture = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'serverless', 'rest-and-http-same-name.yml');
  const shared = readConfig(fixture).model;

  it('lists the ids of APIs that share a name, so the choice it asks for can be made', () => {
    for (const api of [undefined, 'nope']) {
      assert.throws(() => findApi(shared, api), (error: unknown) => {
        assert.ok(error instanceof ParameterError);
        const names = shared.apis.map((candidate) => candidate.name);
        assert.equal(new Set(names).size, 1, 'the fixture\'s APIs share one name');
        for (const candidate of shared.apis) assert.ok(error.message.includes(`"${candidate.id}" (${candidate.name}, ${candidate.type})`), error.message);
        return true;
      });
    }
    for (const candidate of shared.apis) assert.equal(findApi(shared, candidate.id), candidate);
  });

  it('lists plain names where each is one API\'s', () => {
    assert.throws(() => findApi(model, 'nope'), /one of "shop-products", "shop-orders", "shop-order-status"/);
  });
});

describe('REST request validation and gateway responses, through the library entry point', { timeout: TIMEOUT_MS }, () => {
  // The DG's PetStore model (models-mappings-models), on a method whose validator checks body and parameters.
  const petStore = readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'models', 'petstore-model.json'), 'utf8');
  const gatewayResponses = (extra: string): string => `"gatewayResponses": [${extra}],`;
  const petsModel = (responses = '', requiredParameters = '[]'): GatewayModel => modelFromJson(`{
    "apis": [{
      "id": "p1e2t3s4a5", "name": "pets", "type": "REST", "endpointType": "REGIONAL", "region": "us-east-1",
      ${responses}
      "stages": [{ "name": "prod" }],
      "authorizers": [],
      "integrations": [{ "id": "add-pet", "type": "AWS_PROXY", "functionName": "addPet" }],
      "routes": [{
        "key": "POST /pets", "integrationId": "add-pet", "validateBody": true, "validateParameters": true,
        "requiredParameters": ${requiredParameters},
        "requestModels": [{ "contentType": "application/json", "name": "PetStoreModel", "schema": ${petStore} }]
      }]
    }]
  }`, 'pets.json');
  const PETS = { api: 'pets', route: 'POST /pets' } as const;

  it('answers a body the model refuses with 400 {"message": "Invalid request body"} and BadRequestException, and never invokes the function', () => {
    const trace = simulateRouteRequest({ ...PETS, model: petsModel(), requestBody: '{"type": "bird", "price": 249.99}' });
    const response = clientResponse(trace);
    assert.equal(statusOf(response), 400);
    assert.equal(response.body, '{"message": "Invalid request body"}');
    assert.equal(header(response, 'x-amzn-ErrorType'), 'BadRequestException');
    assert.equal(header(response, 'Content-Type'), 'application/json');
    assert.equal(lambdaInvocations(trace).length, 0);
    const step = trace.events.find((event) => event.name.startsWith('request validation failed'));
    assert.ok(step, 'the validation step is in the trace');
    assert.match(step.name, /Invalid request body: \[instance value \("bird"\) not found in enum/);
  });

  it('lets the body it samples from the model through to the function', () => {
    const trace = simulateRouteRequest({ ...PETS, model: petsModel() });
    assert.equal(statusOf(clientResponse(trace)), 200);
    assert.equal(lambdaInvocations(trace).length, 1);
  });

  it('answers a missing required query string with 400 and AWS\'s message naming it', () => {
    const response = clientResponse(simulateRouteRequest({ ...PETS, model: petsModel('', '["method.request.querystring.dryRun"]') }));
    assert.equal(statusOf(response), 400);
    assert.equal(response.body, '{"message": "Missing required request parameters: [dryRun]"}');
    assert.equal(header(response, 'x-amzn-ErrorType'), 'BadRequestException');
  });

  it('shapes the 400 with the API\'s BAD_REQUEST_BODY gateway response and $context.error.validationErrorString', () => {
    const responses = gatewayResponses(`{ "type": "BAD_REQUEST_BODY", "statusCode": 422, "headers": { "Access-Control-Allow-Origin": "'*'" },
      "templates": { "application/json": "{\\"message\\": $context.error.messageString, \\"detail\\": \\"$context.error.validationErrorString\\"}" } }`);
    const response = clientResponse(simulateRouteRequest({ ...PETS, model: petsModel(responses), requestBody: '{"id": 1}' }));
    assert.equal(statusOf(response), 422);
    assert.equal(header(response, 'Access-Control-Allow-Origin'), '*');
    assert.deepEqual(JSON.parse(response.body), { message: 'Invalid request body', detail: '[object has missing required properties (["price","type"])]' });
  });

  it('answers a path no resource matches with the DEFAULT_4XX response\'s status and body', () => {
    const responses = gatewayResponses('{ "type": "DEFAULT_4XX", "statusCode": 404, "templates": { "application/json": "{\\"error\\":$context.error.messageString,\\"type\\":\\"$context.error.responseType\\"}" } }');
    const response = clientResponse(simulateRouteRequest({ ...PETS, model: petsModel(responses), faults: ['route-not-found'] }));
    assert.equal(statusOf(response), 404);
    assert.equal(response.body, '{"error":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN"}');
    assert.equal(header(response, 'x-amzn-ErrorType'), 'MissingAuthenticationTokenException');
  });
});
