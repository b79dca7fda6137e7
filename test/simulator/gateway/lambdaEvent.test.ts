import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proxyEventV1, proxyEventV2, websocketEvent, type RequestIdentity } from '../../../simulator/gateway/lambdaEvent';
import type { HeaderList, HttpRequest } from '../../../simulator/net/http';

/*
 * Shapes from the API Gateway developer guide: "Set up Lambda proxy integrations" (REST,
 * format 1.0) and "Create AWS Lambda proxy integrations for HTTP APIs" (formats 1.0 and 2.0).
 */

const USER_AGENT = 'curl/8.5.0';

const IDENTITY: RequestIdentity = {
  accountId: '123456789012',
  apiId: 'f6g7h8i9j0',
  stage: 'prod',
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  // The guide's own pair: requestTimeEpoch 1583349317135 is requestTime "04/Mar/2020:19:15:17 +0000".
  timeEpoch: 1583349317135,
  sourceIp: '203.0.113.7',
  domainName: 'f6g7h8i9j0.execute-api.us-east-1.amazonaws.com',
  resourcePath: '/orders/{orderId}',
  routeKey: 'POST /orders/{orderId}',
  pathParameters: { orderId: '42' },
};

const HEADERS: HeaderList = [
  ['Host', 'f6g7h8i9j0.execute-api.us-east-1.amazonaws.com'],
  ['Content-Type', 'application/json'],
  ['X-Trace', 'a'],
  ['X-Trace', 'b'],
  ['Cookie', 'session=abc; theme=dark'],
  ['User-Agent', USER_AGENT],
];

const REQUEST: HttpRequest = {
  method: 'POST',
  target: '/orders/42?view=full&lang=en',
  headers: HEADERS,
  body: Buffer.from('{"item":"café"}'),
};

const BARE: HttpRequest = { method: 'GET', target: '/health', headers: [['Host', IDENTITY.domainName]] };
const BARE_IDENTITY: RequestIdentity = { ...IDENTITY, resourcePath: '/health', routeKey: 'GET /health', pathParameters: {} };

type Json = Record<string, unknown>;

function parse(event: string): Json {
  const parsed: unknown = JSON.parse(event);
  assert.ok(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed), 'an event is a JSON object');
  return parsed as Json;
}

function object(value: unknown, what: string): Json {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${what} is an object`);
  return value as Json;
}

describe('proxyEventV1 (payload format 1.0)', () => {
  const event = parse(proxyEventV1(REQUEST, IDENTITY, USER_AGENT));
  const context = object(event.requestContext, 'requestContext');

  it('has exactly the documented top-level keys, without the `version` AWS sends only on HTTP APIs', () => {
    assert.deepEqual(Object.keys(event).sort(), [
      'body', 'headers', 'httpMethod', 'isBase64Encoded', 'multiValueHeaders', 'multiValueQueryStringParameters', 'path',
      'pathParameters', 'queryStringParameters', 'requestContext', 'resource', 'stageVariables',
    ]);
    assert.equal(parse(proxyEventV1(REQUEST, IDENTITY, USER_AGENT, 'HTTP')).version, '1.0');
  });

  it('describes the request: resource, path, method, query, path parameters and body', () => {
    assert.equal(event.resource, '/orders/{orderId}');
    assert.equal(event.path, '/orders/42');
    assert.equal(event.httpMethod, 'POST');
    assert.deepEqual(event.queryStringParameters, { view: 'full', lang: 'en' });
    assert.deepEqual(event.multiValueQueryStringParameters, { view: ['full'], lang: ['en'] });
    assert.deepEqual(event.pathParameters, { orderId: '42' });
    assert.equal(event.stageVariables, null);
    assert.equal(event.body, '{"item":"café"}');
    assert.equal(event.isBase64Encoded, false);
  });

  it('keeps header names as sent and lists every value in multiValueHeaders', () => {
    const headers = object(event.headers, 'headers');
    assert.equal(headers['Content-Type'], 'application/json');
    assert.equal(headers['User-Agent'], USER_AGENT);
    assert.equal(headers['content-type'], undefined);
    assert.deepEqual(object(event.multiValueHeaders, 'multiValueHeaders')['X-Trace'], ['a', 'b']);
    assert.deepEqual(object(event.multiValueHeaders, 'multiValueHeaders')['Host'], [IDENTITY.domainName]);
  });

  it('carries the request context: ids, stage, caller identity and time', () => {
    assert.equal(context.requestId, IDENTITY.requestId);
    assert.equal(context.accountId, '123456789012');
    assert.equal(context.apiId, 'f6g7h8i9j0');
    assert.equal(context.stage, 'prod');
    assert.equal(context.domainName, IDENTITY.domainName);
    assert.equal(context.domainPrefix, 'f6g7h8i9j0');
    assert.equal(context.httpMethod, 'POST');
    assert.equal(context.resourcePath, '/orders/{orderId}');
    // The request context path includes the stage.
    assert.equal(context.path, '/prod/orders/42');
    assert.equal(context.protocol, 'HTTP/1.1');
    assert.equal(context.requestTimeEpoch, 1583349317135);
    assert.equal(context.requestTime, '04/Mar/2020:19:15:17 +0000');
    const identity = object(context.identity, 'requestContext.identity');
    assert.equal(identity.sourceIp, '203.0.113.7');
    assert.equal(identity.userAgent, USER_AGENT);
    assert.equal(identity.userArn, null);
    // Every identity field of AWS's example, and the API key fields, null when they do not apply.
    for (const name of ['accessKey', 'accountId', 'apiKey', 'apiKeyId', 'caller', 'clientCert', 'cognitoAuthenticationProvider', 'cognitoAuthenticationType', 'cognitoIdentityId', 'cognitoIdentityPoolId', 'principalOrgId', 'user']) {
      assert.equal(identity[name], null, name);
    }
    assert.equal(context.authorizer, undefined, 'no authorizer, no authorizer context');
  });

  it('passes a Lambda authorizer\'s context in requestContext.authorizer, with its principalId and integrationLatency', () => {
    const authorized = parse(proxyEventV1(REQUEST, { ...IDENTITY, authorizer: { kind: 'lambda', principalId: 'user-7', context: { tier: 'gold' }, integrationLatency: 12 } }, USER_AGENT));
    assert.deepEqual(object(authorized.requestContext, 'requestContext').authorizer, { tier: 'gold', principalId: 'user-7', integrationLatency: 12 });
  });

  it('names the signer of an IAM-authorized request in requestContext.identity, and the API key with its id', () => {
    const signed = parse(proxyEventV1(REQUEST, {
      ...IDENTITY, apiKey: { value: 'k3y', id: 'abc123' },
      authorizer: { kind: 'iam', accessKey: 'AKIAEXAMPLE', accountId: '123456789012', caller: 'AIDAEXAMPLE', user: 'AIDAEXAMPLE', userArn: 'arn:aws:iam::123456789012:user/alice' },
    }, USER_AGENT));
    const identity = object(object(signed.requestContext, 'requestContext').identity, 'identity');
    assert.equal(identity.accessKey, 'AKIAEXAMPLE');
    assert.equal(identity.userArn, 'arn:aws:iam::123456789012:user/alice');
    assert.equal(identity.apiKey, 'k3y');
    assert.equal(identity.apiKeyId, 'abc123');
    assert.equal(object(signed.requestContext, 'requestContext').authorizer, undefined);
  });

  it('adds X-Forwarded-For/-Port/-Proto and X-Amzn-Trace-Id, and appends the edge to an edge\'s X-Forwarded-For', () => {
    const traced = parse(proxyEventV1(REQUEST, { ...IDENTITY, traceId: 'Root=1-5e66d96f-7491f09bd79d18acf3d05000' }, USER_AGENT));
    const headers = object(traced.headers, 'headers');
    assert.equal(headers['X-Forwarded-For'], '203.0.113.7');
    assert.equal(headers['X-Forwarded-Port'], '443');
    assert.equal(headers['X-Forwarded-Proto'], 'https');
    assert.equal(headers['X-Amzn-Trace-Id'], 'Root=1-5e66d96f-7491f09bd79d18acf3d05000');
    const edged = parse(proxyEventV1({ ...REQUEST, headers: [...HEADERS, ['X-Forwarded-For', '203.0.113.7']] }, IDENTITY, USER_AGENT));
    assert.match(String(object(edged.headers, 'headers')['X-Forwarded-For']), /^203\.0\.113\.7, \d+\.\d+\.\d+\.\d+$/);
  });

  it('has null query, path parameters and body when the request has none', () => {
    const bare = parse(proxyEventV1(BARE, BARE_IDENTITY, USER_AGENT));
    assert.equal(bare.path, '/health');
    assert.equal(bare.queryStringParameters, null);
    assert.equal(bare.multiValueQueryStringParameters, null);
    assert.equal(bare.pathParameters, null);
    assert.equal(bare.body, null);
    assert.equal(parse(proxyEventV1({ ...BARE, body: new Uint8Array(0) }, BARE_IDENTITY, USER_AGENT)).body, null);
  });

  it('lists every value of a repeated query parameter in multiValueQueryStringParameters', () => {
    const repeated = parse(proxyEventV1({ ...BARE, target: '/health?tag=you&tag=me' }, BARE_IDENTITY, USER_AGENT));
    assert.deepEqual(repeated.multiValueQueryStringParameters, { tag: ['you', 'me'] });
  });

  it('puts a single value of a repeated header in headers (all of them are in multiValueHeaders)', () => {
    assert.equal(object(event.headers, 'headers')['X-Trace'], 'b');
  });
});

describe('proxyEventV2 (payload format 2.0)', () => {
  const event = parse(proxyEventV2(REQUEST, IDENTITY, USER_AGENT));
  const context = object(event.requestContext, 'requestContext');
  const headers = object(event.headers, 'headers');

  it('carries version 2.0, the route key and the raw path and query', () => {
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'POST /orders/{orderId}');
    assert.equal(event.rawPath, '/orders/42');
    assert.equal(event.rawQueryString, 'view=full&lang=en');
    assert.deepEqual(event.queryStringParameters, { view: 'full', lang: 'en' });
    assert.deepEqual(event.pathParameters, { orderId: '42' });
    assert.equal(event.body, '{"item":"café"}');
    assert.equal(event.isBase64Encoded, false);
  });

  it('has no multiValueHeaders or multiValueQueryStringParameters', () => {
    assert.equal('multiValueHeaders' in event, false);
    assert.equal('multiValueQueryStringParameters' in event, false);
    assert.equal('httpMethod' in event, false);
  });

  it('lowercases header names and comma-joins repeated headers', () => {
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['user-agent'], USER_AGENT);
    assert.equal(headers['x-trace'], 'a,b');
    assert.equal(headers['Content-Type'], undefined);
    for (const name of Object.keys(headers)) assert.equal(name, name.toLowerCase());
    // Names differing only in case are the same header.
    const mixed = parse(proxyEventV2({ ...BARE, headers: [['X-Id', '1'], ['x-id', '2'], ['X-ID', '3']] }, BARE_IDENTITY, USER_AGENT));
    assert.equal(object(mixed.headers, 'headers')['x-id'], '1,2,3');
    // What API Gateway adds, in the 2.0 examples' lowercase.
    assert.deepEqual(Object.keys(object(mixed.headers, 'headers')), ['x-id', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);
  });

  it('moves the Cookie header into a cookies array', () => {
    assert.deepEqual(event.cookies, ['session=abc', 'theme=dark']);
    assert.equal(headers.cookie, undefined);
    assert.equal('cookies' in parse(proxyEventV2(BARE, BARE_IDENTITY, USER_AGENT)), false);
  });

  it('describes the HTTP request in requestContext.http', () => {
    assert.deepEqual(context.http, { method: 'POST', path: '/orders/42', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: USER_AGENT });
    assert.equal(context.requestId, IDENTITY.requestId);
    assert.equal(context.routeKey, 'POST /orders/{orderId}');
    assert.equal(context.stage, 'prod');
    assert.equal(context.apiId, 'f6g7h8i9j0');
    assert.equal(context.domainPrefix, 'f6g7h8i9j0');
    assert.equal(context.timeEpoch, 1583349317135);
    assert.equal(context.time, '04/Mar/2020:19:15:17 +0000');
  });

  it('passes JWT claims and scopes in requestContext.authorizer.jwt', () => {
    const authorized = parse(proxyEventV2(REQUEST, { ...IDENTITY, authorizer: { kind: 'jwt', claims: { sub: 'user-7', scope: 'a b' }, scopes: ['a', 'b'] } }, USER_AGENT));
    const authorizer = object(object(authorized.requestContext, 'requestContext').authorizer, 'authorizer');
    assert.deepEqual(authorizer.jwt, { claims: { sub: 'user-7', scope: 'a b' }, scopes: ['a', 'b'] });
    assert.equal(context.authorizer, undefined, 'no authorizer, no authorizer context');
  });

  it('leaves out the body, query and path parameters when the request has none', () => {
    const bare = parse(proxyEventV2(BARE, BARE_IDENTITY, USER_AGENT));
    assert.equal('body' in bare, false);
    assert.equal('queryStringParameters' in bare, false);
    assert.equal('pathParameters' in bare, false);
    assert.equal(bare.rawQueryString, '');
    assert.equal('body' in parse(proxyEventV2({ ...BARE, body: new Uint8Array(0) }, BARE_IDENTITY, USER_AGENT)), false);
  });

  it('comma-joins the values of a repeated query parameter', () => {
    const repeated = parse(proxyEventV2({ ...BARE, target: '/health?parameter1=value1&parameter1=value2&parameter2=value' }, BARE_IDENTITY, USER_AGENT));
    assert.equal(repeated.rawQueryString, 'parameter1=value1&parameter1=value2&parameter2=value');
    assert.deepEqual(repeated.queryStringParameters, { parameter1: 'value1,value2', parameter2: 'value' });
  });

  it('keeps a "?" that is part of the query in rawQueryString', () => {
    const questioned = parse(proxyEventV2({ ...BARE, target: '/search?q=what?&page=2' }, BARE_IDENTITY, USER_AGENT));
    assert.equal(questioned.rawPath, '/search');
    assert.equal(questioned.rawQueryString, 'q=what?&page=2');
    assert.deepEqual(questioned.queryStringParameters, { q: 'what?', page: '2' });
  });
});

describe('proxy event size', () => {
  for (const [name, build] of [['1.0', proxyEventV1], ['2.0', proxyEventV2]] as const) {
    it(`is the UTF-8 byte length of the format ${name} JSON, so non-ASCII bodies count in bytes`, () => {
      const ascii = build({ ...REQUEST, body: Buffer.from('{"item":"cafe"}') }, IDENTITY, USER_AGENT);
      const accented = build({ ...REQUEST, body: Buffer.from('{"item":"café"}') }, IDENTITY, USER_AGENT);
      const euro = build({ ...REQUEST, body: Buffer.from('{"item":"caf€"}') }, IDENTITY, USER_AGENT);
      // Same number of characters; "é" is 2 bytes in UTF-8 and "€" 3, and JSON does not escape them.
      assert.equal(accented.length, ascii.length);
      assert.equal(euro.length, ascii.length);
      assert.equal(Buffer.byteLength(ascii), ascii.length);
      assert.equal(Buffer.byteLength(accented), Buffer.byteLength(ascii) + 1);
      assert.equal(Buffer.byteLength(euro), Buffer.byteLength(ascii) + 2);
      assert.equal(parse(euro).body, '{"item":"caf€"}');
    });
  }
});

describe('websocketEvent', () => {
  const connectionId = 'L0SM9cOFvHcCIhw=';
  const CONNECTED_AT = 1767268800000;
  const identity: RequestIdentity = { ...IDENTITY, apiId: 'k1l2m3n4o5', domainName: 'k1l2m3n4o5.execute-api.us-east-1.amazonaws.com', routeKey: 'subscribe', resourcePath: '', pathParameters: {} };

  it('describes a message with its event type, route key, connection id and message id', () => {
    const event = parse(websocketEvent({ eventType: 'MESSAGE', routeKey: 'subscribe', connectionId, identity, body: '{"action":"subscribe","orderId":"42"}', connectedAt: CONNECTED_AT }));
    const context = object(event.requestContext, 'requestContext');
    assert.equal(context.eventType, 'MESSAGE');
    assert.equal(context.routeKey, 'subscribe');
    assert.equal(context.connectionId, connectionId);
    assert.equal(typeof context.messageId, 'string');
    assert.ok(String(context.messageId).length > 0);
    assert.equal(context.messageDirection, 'IN');
    assert.equal(context.stage, 'prod');
    assert.equal(context.apiId, 'k1l2m3n4o5');
    assert.equal(context.requestId, IDENTITY.requestId);
    assert.deepEqual(context.identity, { sourceIp: '203.0.113.7' });
    assert.equal(event.body, '{"action":"subscribe","orderId":"42"}');
    assert.equal(event.isBase64Encoded, false);
  });

  it('reports the connection\'s own opening time in every event, not the event\'s time', () => {
    for (const eventType of ['CONNECT', 'MESSAGE', 'DISCONNECT'] as const) {
      const context = object(parse(websocketEvent({ eventType, routeKey: '$default', connectionId, identity: { ...identity, timeEpoch: CONNECTED_AT + 5000 }, connectedAt: CONNECTED_AT })).requestContext, 'requestContext');
      assert.equal(context.connectedAt, CONNECTED_AT);
      assert.equal(context.requestTimeEpoch, CONNECTED_AT + 5000);
    }
  });

  it('has a message id only for MESSAGE events', () => {
    for (const [eventType, routeKey] of [['CONNECT', '$connect'], ['DISCONNECT', '$disconnect']] as const) {
      const context = object(parse(websocketEvent({ eventType, routeKey, connectionId, identity, connectedAt: CONNECTED_AT })).requestContext, 'requestContext');
      assert.equal(context.eventType, eventType);
      assert.equal(context.routeKey, routeKey);
      assert.equal(context.connectionId, connectionId);
      assert.equal('messageId' in context, false, eventType);
    }
  });

  it('leaves out the body when there is none and carries the Upgrade\'s headers and query on CONNECT', () => {
    const upgrade: HttpRequest = { method: 'GET', target: '/prod?token=abc&token=def', headers: [['Host', identity.domainName], ['Sec-WebSocket-Version', '13'], ['Connection', 'Upgrade'], ['Upgrade', 'websocket']] };
    const connect = parse(websocketEvent({ eventType: 'CONNECT', routeKey: '$connect', connectionId, identity, connectedAt: CONNECTED_AT, upgrade, userAgent: USER_AGENT }));
    assert.equal('body' in connect, false);
    // Connection and Upgrade are the handshake's own (AWS's $connect event does not carry them).
    assert.deepEqual(connect.headers, { Host: identity.domainName, 'Sec-WebSocket-Version': '13', 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Port': '443', 'X-Forwarded-Proto': 'https' });
    assert.deepEqual(object(connect.multiValueHeaders, 'multiValueHeaders').Host, [identity.domainName]);
    assert.deepEqual(connect.queryStringParameters, { token: 'def' });
    assert.deepEqual(connect.multiValueQueryStringParameters, { token: ['abc', 'def'] });
    assert.deepEqual(object(connect.requestContext, 'requestContext').identity, { userAgent: USER_AGENT, sourceIp: '203.0.113.7' });
    const message = parse(websocketEvent({ eventType: 'MESSAGE', routeKey: '$default', connectionId, identity, body: 'hi', connectedAt: CONNECTED_AT }));
    assert.equal('headers' in message, false);
    assert.equal('queryStringParameters' in message, false);
  });

  it('says how the connection closed on DISCONNECT', () => {
    const disconnect = parse(websocketEvent({ eventType: 'DISCONNECT', routeKey: '$disconnect', connectionId, identity, connectedAt: CONNECTED_AT, disconnect: { statusCode: 1005, reason: 'Client-side close frame status not set' } }));
    const context = object(disconnect.requestContext, 'requestContext');
    assert.equal(context.disconnectStatusCode, 1005);
    assert.equal(context.disconnectReason, 'Client-side close frame status not set');
    assert.deepEqual(Object.keys(object(disconnect.headers, 'headers')), ['Host', 'x-api-key', 'X-Forwarded-For', 'x-restapi']);
  });
});
