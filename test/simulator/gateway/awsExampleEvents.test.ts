import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authorizerPolicy, httpAuthorizerEvent, proxyEventV1, proxyEventV2, requestAuthorizerEvent, simpleAuthorizerResponse, tokenAuthorizerEvent, websocketEvent,
  type RequestIdentity,
} from '../../../simulator/gateway/lambdaEvent';
import type { HttpRequest } from '../../../simulator/net/http';
import { simulateDemo } from '../../../simulator/scenario/demo';
import type { TraceEvent } from '../../../simulator/trace/trace';
import { awsExample, shapeDifferences } from './eventShape';

/*
 * Our events against AWS's published example events, field by field (the fixtures and the
 * pages they come from: test/fixtures/aws-events/README.md). The events of the built-in shop
 * demo are the ones its traces carry: a REST API behind a CloudFront edge, an HTTP API with a
 * JWT authorizer, a WebSocket API with a $connect authorizer, a message and a close.
 */

type Json = Record<string, unknown>;

function parse(json: string | Uint8Array): Json {
  return JSON.parse(typeof json === 'string' ? json : Buffer.from(json).toString('utf8')) as Json;
}

const demo = simulateDemo({});
function payloads(kind: TraceEvent['kind']): Json[] {
  return demo.flatMap((flow) => flow.trace.events.filter((event) => event.kind === kind && event.payload).map((event) => parse(event.payload!)));
}
const invokes = payloads('backend.invoke');
const byRoute = (routeKey: string): Json => {
  const path = routeKey.split(' ')[1];
  const found = invokes.find((event) => event.routeKey === routeKey || (event.requestContext as Json | undefined)?.routeKey === routeKey || (path !== undefined && event.resource === path));
  assert.ok(found, `the demo invokes a function for ${routeKey}`);
  return found;
};

/** What a REST event may have that AWS's fullest format 1.0 example lacks, and why. */
const REST_ADDS = {
  'requestContext.identity.apiKey': 'the edge example on the same REST page lists identity.apiKey',
  'requestContext.identity.apiKeyId': 'DG api-gateway-mapping-template-reference: $context.identity.apiKeyId',
};

const IDENTITY: RequestIdentity = {
  accountId: '123456789012', apiId: 'f6g7h8i9j0', stage: 'prod', requestId: 'c6af9ac6-7b61-41e6-9a41-93e8deadbeef', extendedRequestId: 'BFHPhFe3IAMF95g=',
  timeEpoch: 1583349317135, sourceIp: '203.0.113.7', domainName: 'f6g7h8i9j0.execute-api.us-east-1.amazonaws.com', resourcePath: '/request',
  routeKey: 'GET /request', pathParameters: {}, traceId: 'Root=1-5e66d96f-7491f09bd79d18acf3d05000',
};
const REQUEST: HttpRequest = {
  method: 'GET', target: '/request?QueryString1=queryValue1',
  headers: [['Host', IDENTITY.domainName], ['User-Agent', 'curl/8.5.0'], ['HeaderAuth1', 'headerValue1'], ['Cookie', 'cookie1=a; cookie2=b']],
};
const ROUTE_ARN = 'arn:aws:execute-api:us-east-1:123456789012:f6g7h8i9j0/prod/GET/request';

describe('REST proxy events against AWS\'s examples', () => {
  const rest = byRoute('GET /products/{productId}');

  it('has every field of AWS\'s format 1.0 example, and no `version` (the REST example has none)', () => {
    const cognito = parse(proxyEventV1(REQUEST, { ...IDENTITY, authorizer: { kind: 'jwt', claims: { sub: 'x' }, scopes: null } }, 'curl/8.5.0'));
    assert.deepEqual(shapeDifferences(cognito, awsExample('http-api-v1.json'), { ignore: ['version'], mayAdd: REST_ADDS }), []);
    assert.equal('version' in rest, false);
    // The demo's event has no authorizer (the route has none), which AWS's example shows with null claims.
    assert.deepEqual(shapeDifferences(rest, awsExample('http-api-v1.json'), { ignore: ['version'], mayAdd: REST_ADDS, mayLack: { 'requestContext.authorizer': 'the route has no authorizer' } }), []);
  });

  it('has every field of AWS\'s edge-optimized example, and the edge\'s and the gateway\'s headers', () => {
    const example = awsExample('rest-proxy-edge.json') as Json;
    assert.deepEqual(shapeDifferences(rest, example, { open: ['', 'requestContext'] }).filter((line) => line.endsWith('missing')), []);
    const added = Object.keys(example.headers as Json).filter((name) => /^(CloudFront-|Via$|X-Amz-Cf-Id$|X-Forwarded-)/.test(name));
    assert.equal(added.length, 11, 'the example names six CloudFront headers, Via, X-Amz-Cf-Id and three X-Forwarded headers');
    const ours = rest.headers as Json;
    for (const name of [...added, 'X-Amzn-Trace-Id']) assert.ok(name in ours, `the edge-optimized event has ${name}`);
    // "client, edge": the client's address, then the CloudFront edge's (the example's "54.240.196.186, 54.182.214.83").
    assert.match(String(ours['X-Forwarded-For']), /^198\.51\.100\.23, \d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual((rest.multiValueHeaders as Json)['X-Forwarded-Port'], ['443']);
  });
});

describe('HTTP API events against AWS\'s examples', () => {
  it('the demo\'s JWT-authorized 2.0 event has every field of the 2.0 example but those its request and stage do not give', () => {
    const event = byRoute('POST /orders');
    assert.deepEqual(shapeDifferences(event, awsExample('http-api-v2.json'), {
      mayLack: {
        cookies: 'the demo\'s request has no cookies', queryStringParameters: 'nor a query', pathParameters: 'POST /orders has no path parameters',
        stageVariables: 'the stage defines none', 'requestContext.authentication': 'mutual TLS only', 'requestContext.authorizer.lambda': 'a JWT authorizer, not a Lambda one',
      },
    }), []);
    const headers = event.headers as Json;
    for (const name of ['x-amzn-trace-id', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']) assert.ok(name in headers, name);
  });

  it('passes every claim of the token, as strings, and scopes from the scope claim (null without one)', () => {
    const jwt = ((byRoute('POST /orders').requestContext as Json).authorizer as Json).jwt as Json;
    const claims = jwt.claims as Json;
    for (const name of ['sub', 'iss', 'aud', 'exp', 'iat', 'email', 'cognito:username', 'cognito:groups', 'token_use']) assert.equal(typeof claims[name], 'string', name);
    assert.match(String(claims.exp), /^\d+$/);
    assert.equal(claims['cognito:groups'], '[customers]');
    assert.equal(jwt.scopes, null);
  });

  it('a 2.0 event with a Lambda authorizer has every field of the example, and its context under authorizer.lambda', () => {
    const event = parse(proxyEventV2(REQUEST, { ...IDENTITY, authorizer: { kind: 'lambda', principalId: 'p', context: { tier: 'gold' }, integrationLatency: 3 } }, 'curl/8.5.0'));
    assert.deepEqual(shapeDifferences(event, awsExample('http-api-v2.json'), {
      mayLack: { body: 'a GET without a body', pathParameters: 'the route has none', stageVariables: 'none defined', 'requestContext.authentication': 'mutual TLS only', 'requestContext.authorizer.jwt': 'a Lambda authorizer' },
    }), []);
    assert.deepEqual(((event.requestContext as Json).authorizer as Json).lambda, { tier: 'gold' });
  });

  it('a 1.0 event on an HTTP API has `version` and every field of the 1.0 example', () => {
    const event = parse(proxyEventV1(REQUEST, { ...IDENTITY, authorizer: { kind: 'jwt', claims: { sub: 'x' }, scopes: null } }, 'curl/8.5.0', 'HTTP'));
    assert.equal(event.version, '1.0');
    assert.deepEqual(shapeDifferences(event, awsExample('http-api-v1.json'), { mayAdd: REST_ADDS }), []);
  });
});

describe('WebSocket events against AWS\'s captured events', () => {
  it('the $connect event has every field of AWS\'s, plus the query its Upgrade carried (a token)', () => {
    const event = byRoute('$connect');
    assert.deepEqual(shapeDifferences(event, awsExample('websocket-connect.json'), {
      mayAdd: {
        queryStringParameters: 'the Upgrade has a query (DG apigateway-websocket-api-lambda-auth connects with ?QueryAuth1=...)',
        multiValueQueryStringParameters: 'likewise',
        'requestContext.identity.userAgent': 'assumption: the browser\'s User-Agent, which Powertools\' WebSocket identity reads when present',
      },
    }), []);
    const headers = event.headers as Json;
    for (const name of Object.keys((awsExample('websocket-connect.json') as Json).headers as Json)) assert.ok(name in headers, `$connect has ${name}`);
    assert.equal(typeof (event.queryStringParameters as Json).token, 'string');
  });

  it('the message and $disconnect events have exactly the fields of AWS\'s', () => {
    assert.deepEqual(shapeDifferences(byRoute('subscribe'), awsExample('websocket-message.json')), []);
    const disconnect = byRoute('$disconnect');
    assert.deepEqual(shapeDifferences(disconnect, awsExample('websocket-disconnect.json')), []);
    const context = disconnect.requestContext as Json;
    assert.equal(context.disconnectStatusCode, 1000, 'the client closed with 1000');
    assert.equal(typeof context.disconnectReason, 'string');
  });

  it('builds the same shapes from the builder, with the ids in AWS\'s 16-character form', () => {
    const message = parse(websocketEvent({ eventType: 'MESSAGE', routeKey: 'chat', connectionId: 'BFaT_fALIAMCKug=', identity: IDENTITY, body: '{}', connectedAt: 1, messageId: 'BFaVtfGSIAMCKug=' }));
    assert.deepEqual(shapeDifferences(message, awsExample('websocket-message.json')), []);
    assert.match(String((byRoute('subscribe').requestContext as Json).messageId), /^[A-Za-z0-9+/_-]{15}=$/);
  });
});

describe('authorizer events and answers against AWS\'s examples', () => {
  it('a TOKEN authorizer event is exactly the example\'s three fields', () => {
    assert.deepEqual(shapeDifferences(parse(tokenAuthorizerEvent('allow', ROUTE_ARN)), awsExample('rest-token-authorizer.json')), []);
  });

  it('a REST REQUEST authorizer event has every field of the example, with the multi-value forms and the whole request context', () => {
    const event = parse(requestAuthorizerEvent(REQUEST, IDENTITY, 'curl/8.5.0', ROUTE_ARN));
    assert.deepEqual(shapeDifferences(event, awsExample('rest-request-authorizer.json'), {
      // "API Gateway may add new keys to the map" (the same page, of requestContext).
      open: ['requestContext'],
      mayAdd: { multiValueHeaders: 'APIGatewayRequestAuthorizerEvent declares it', multiValueQueryStringParameters: 'likewise' },
    }), []);
  });

  it('the $connect authorizer event of the demo has the REQUEST event\'s fields, without the REST-only ones, and the handshake\'s own headers', () => {
    const [event] = payloads('gateway.authorize');
    const { requestContext, ...rest } = event;
    const example = { ...(awsExample('rest-request-authorizer.json') as Json) };
    delete example.requestContext;
    assert.deepEqual(shapeDifferences(rest, example, {
      mayLack: { resource: 'no resource on a WebSocket API', path: 'likewise', httpMethod: 'likewise', pathParameters: '"You cannot use path variables" (DG apigateway-websocket-api-lambda-auth)' },
      mayAdd: { multiValueHeaders: 'DG apigateway-websocket-api-lambda-auth example', multiValueQueryStringParameters: 'likewise' },
    }), []);
    assert.deepEqual(shapeDifferences(requestContext, (awsExample('websocket-connect.json') as Json).requestContext, { mayAdd: { 'identity.userAgent': 'assumption, as above' } }), []);
    const headers = event.headers as Json;
    for (const name of ['Connection', 'Upgrade', 'content-length']) assert.ok(name in headers, `the DG's example input keeps ${name}`);
  });

  it('HTTP API authorizer events in formats 2.0 and 1.0 have every field of the examples', () => {
    const v2 = parse(httpAuthorizerEvent('2.0', REQUEST, IDENTITY, 'curl/8.5.0', ROUTE_ARN, ['user1', '123']));
    assert.deepEqual(shapeDifferences(v2, awsExample('http-authorizer-v2.json'), { mayLack: { 'requestContext.authentication': 'mutual TLS only' } }), []);
    assert.deepEqual(v2.identitySource, ['user1', '123']);
    assert.deepEqual(v2.cookies, ['cookie1=a', 'cookie2=b']);
    const v1 = parse(httpAuthorizerEvent('1.0', REQUEST, IDENTITY, 'curl/8.5.0', ROUTE_ARN, ['user1', '123']));
    assert.deepEqual(shapeDifferences(v1, awsExample('http-authorizer-v1.json'), { open: ['requestContext'] }), []);
    assert.equal(v1.identitySource, 'user1,123');
    assert.equal(v1.authorizationToken, 'user1,123');
  });

  it('the answers are the policy and the simple response of the examples', () => {
    assert.deepEqual(shapeDifferences(parse(authorizerPolicy('Allow', ROUTE_ARN, 'user-42', { tier: 'gold' })), awsExample('authorizer-policy-response.json')), []);
    assert.deepEqual(shapeDifferences(parse(simpleAuthorizerResponse(true, { tier: 'gold' })), awsExample('http-authorizer-simple-response.json')), []);
  });
});
