import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import { WEBSOCKET_CLOSE_GOING_AWAY, WEBSOCKET_CLOSE_MESSAGE_TOO_BIG, WEBSOCKET_IDLE_TIMEOUT_MS, WEBSOCKET_MAX_FRAME_BYTES } from '../../../simulator/gateway/quotas';
import { readConfig } from '../../../simulator/config/configFile';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import type { GatewayModel } from '../../../simulator/model/gateway';
import { webSocketAccept } from '../../../simulator/net/upgrade';
import { ASSUMED_WEB_ORIGIN, connectIdentity, simulateWebSocketApiSession, type WebSocketApiScenarioOptions } from '../../../simulator/scenario/websocketApiSession';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';
import { parseRequestWithNode, parseResponseWithNode } from '../../helpers/nodeHttp';
import { receiveWithWs } from '../../helpers/wsInternals';

/** Compiled tests live in out/test/simulator/scenario: the repository root is four levels up. */
const MODEL_FILE = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const model: GatewayModel = modelFromJson(readFileSync(MODEL_FILE, 'utf8'), 'examples/shop/gateway.json');
const ORDER_STATUS: WebSocketApiScenarioOptions = { model, api: 'shop-order-status' };

const TIMEOUT_MS = 10_000;

function bytesOf(event: TraceEvent): Buffer {
  assert.ok(event.payload, `${event.name} carries its bytes`);
  return Buffer.from(event.payload);
}

function statusLine(event: TraceEvent): string {
  const text = bytesOf(event).toString('latin1');
  return text.slice(0, text.indexOf('\r\n'));
}

function headerIn(event: TraceEvent, name: string): string | undefined {
  const text = bytesOf(event).toString('latin1');
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  const line = head.split('\r\n').find((field) => field.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

function upgradeRequestEvent(trace: Trace): TraceEvent {
  const event = trace.events.find((candidate) => candidate.layer === 'http' && candidate.from === 'client');
  assert.ok(event, 'the client sends the Upgrade request');
  return event;
}

function upgradeResponseEvent(trace: Trace): TraceEvent {
  const event = trace.events.find((candidate) => candidate.layer === 'http' && candidate.to === 'client');
  assert.ok(event, 'the gateway answers the Upgrade request');
  return event;
}

function wsEvents(trace: Trace, from: 'client' | 'gateway'): TraceEvent[] {
  return trace.events.filter((event) => event.layer === 'ws' && event.from === from);
}

function invocations(trace: Trace, functionName: string): TraceEvent[] {
  return trace.events.filter((event) => event.from === 'gateway' && event.name.startsWith(`Invoke ${functionName}`));
}

function only(events: TraceEvent[], what: string): TraceEvent {
  assert.equal(events.length, 1, what);
  return events[0];
}

/** The connection id, as the $connect Lambda function receives it. */
function connectionIdOf(trace: Trace): string {
  const connect = only(invocations(trace, 'onConnect'), 'one $connect invocation');
  const event = JSON.parse(bytesOf(connect).toString('utf8')) as { requestContext: { connectionId: string } };
  return event.requestContext.connectionId;
}

describe('a WebSocket API session on the shop\'s order-status feed', { timeout: TIMEOUT_MS }, () => {
  const trace = simulateWebSocketApiSession(ORDER_STATUS);
  const connectionId = connectionIdOf(trace);
  const authorizer = trace.participants.find((participant) => participant.kind === 'authorizer');

  it('answers the Upgrade with 101 and the Sec-WebSocket-Accept of the client\'s key, as Node parses both (RFC 6455 §4.2.2)', async () => {
    const request = await parseRequestWithNode(bytesOf(upgradeRequestEvent(trace)));
    assert.ok(request.upgrade, 'Node sees an Upgrade request');
    assert.equal(request.method, 'GET');
    assert.match(request.url, /^\/production\?token=[\w-]+\.[\w-]+\.[\w-]+$/);
    const key = String(request.headers['sec-websocket-key']);
    assert.equal(Buffer.from(key, 'base64').length, 16);
    const response = await parseResponseWithNode(bytesOf(upgradeResponseEvent(trace)), { upgrade: true });
    assert.ok(response.upgrade, 'Node sees a 101 upgrade');
    assert.equal(response.statusCode, 101);
    assert.equal(response.headers['sec-websocket-accept'], webSocketAccept(key));
    assert.equal(String(response.headers.upgrade).toLowerCase(), 'websocket');
  });

  it('offers http/1.1 alone, and no ALPS, in a browser\'s ClientHello for the WebSocket, as Chromium does; h2 for its requests', () => {
    const session = simulateWebSocketApiSession({ ...ORDER_STATUS, clientProfile: 'browser' });
    const hello = session.events.find((event) => event.kind === 'tls.client_hello')!;
    assert.equal(hello.detail?.alpnOffered, 'http/1.1');
    assert.ok(!String(hello.detail?.extensions).includes('application_settings'), String(hello.detail?.extensions));
    const request = simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}', clientProfile: 'browser' });
    const requestHello = request.events.find((event) => event.kind === 'tls.client_hello')!;
    assert.equal(requestHello.detail?.alpnOffered, 'h2,http/1.1');
    assert.ok(String(requestHello.detail?.extensions).includes('application_settings'));
  });

  it('runs the REQUEST authorizer, then onConnect, which writes to DynamoDB, before the 101 is sent', () => {
    assert.ok(authorizer, 'a Lambda authorizer takes part');
    const authorize = only(trace.events.filter((event) => event.from === 'gateway' && event.to === authorizer.id), 'one authorizer invocation');
    assert.match(authorize.name, /\(REQUEST\)/);
    const policy = only(trace.events.filter((event) => event.from === authorizer.id && event.to === 'gateway'), 'one authorizer answer');
    const connect = only(invocations(trace, 'onConnect'), 'one onConnect invocation');
    const putItem = only(trace.events.filter((event) => event.from === 'lambda:onConnect' && event.name === `PutItem ${connectionId}`), 'one PutItem');
    assert.equal(trace.participants.find((participant) => participant.id === putItem.to)?.kind, 'database');
    const putItemDone = only(trace.events.filter((event) => event.to === 'lambda:onConnect' && event.name === `PutItem ${connectionId} OK`), 'PutItem answered');
    const switching = upgradeResponseEvent(trace);
    assert.ok(upgradeRequestEvent(trace).arrival <= authorize.time);
    assert.ok(policy.arrival <= connect.time, 'onConnect runs after the authorizer allowed');
    assert.ok(connect.arrival <= putItem.time);
    assert.ok(putItemDone.arrival <= switching.time, 'the 101 leaves after the connection is recorded');
    const event = JSON.parse(bytesOf(connect).toString('utf8')) as { requestContext: { routeKey: string; eventType: string } };
    assert.equal(event.requestContext.routeKey, '$connect');
    assert.equal(event.requestContext.eventType, 'CONNECT');
  });

  it('routes {"action":"subscribe"} to the subscribe route by $request.body.action', () => {
    const [message] = wsEvents(trace, 'client');
    assert.equal(message.name, 'text frame');
    const invoke = only(invocations(trace, 'subscribeOrder'), 'one subscribeOrder invocation');
    assert.ok(invoke.time >= message.arrival);
    const event = JSON.parse(bytesOf(invoke).toString('utf8')) as { requestContext: { routeKey: string; eventType: string; connectionId: string }; body: string };
    assert.equal(event.requestContext.routeKey, 'subscribe');
    assert.equal(event.requestContext.eventType, 'MESSAGE');
    assert.equal(event.requestContext.connectionId, connectionId);
    assert.equal(event.body, '{"action":"subscribe","orderId":"o-1001"}');
    assert.deepEqual(invocations(trace, 'onDefault'), []);
  });

  it('delivers three pushes as server text frames that ws, as a client, reads as packed, shipped, delivered', async () => {
    const received = await receiveWithWs(wsEvents(trace, 'gateway').map(bytesOf), { isServer: false });
    const messages = received.filter((item) => item.kind === 'message');
    assert.deepEqual(messages.map((item) => (JSON.parse(item.data!.toString('utf8')) as { status: string }).status), ['packed', 'shipped', 'delivered']);
    assert.ok(messages.every((item) => item.isBinary === false));
    // The pong answering the client's keep-alive ping comes before the pushes.
    assert.deepEqual(received.map((item) => item.kind), ['pong', 'message', 'message', 'message', 'close']);
    assert.equal(received[0].data!.toString(), 'keepalive');
  });

  it('names the connection with 16 characters, the base64 of 11 bytes, as AWS\'s L0SM9cOFvHcCIhw= (AWS CLI post-to-connection)', () => {
    assert.match(connectionId, /^[A-Za-z0-9+/]{15}=$/);
    assert.equal(Buffer.from(connectionId, 'base64').length, 11);
    assert.equal(Buffer.from(connectionId, 'base64').toString('base64'), connectionId, 'canonical base64');
    assert.equal(connectionIdOf(simulateWebSocketApiSession({ ...ORDER_STATUS, seed: 'another' })) === connectionId, false, 'the seed chooses it');
  });

  it('precedes each push with a POST to @connections from the order service, answered 200', () => {
    const posts = trace.events.filter((event) => event.layer === 'http' && event.from === 'order-service' && event.to === 'gateway');
    const answers = trace.events.filter((event) => event.layer === 'http' && event.from === 'gateway' && event.to === 'order-service');
    const pushes = wsEvents(trace, 'gateway').filter((event) => event.name === 'text frame');
    assert.equal(pushes.length, 3);
    assert.equal(posts.length, 3);
    assert.equal(answers.length, 3);
    for (const [index, push] of pushes.entries()) {
      // DG apigateway-how-to-call-websocket-api-connections: POST /{stage}/@connections/{connection_id}.
      assert.equal(statusLine(posts[index]), `POST /production/%40connections/${encodeURIComponent(connectionId)} HTTP/1.1`);
      assert.match(statusLine(answers[index]), /^HTTP\/1\.1 200 /);
      assert.ok(posts[index].arrival <= push.time, `push ${index + 1} leaves after its POST arrived`);
      assert.equal(bytesOf(posts[index]).toString('utf8').split('\r\n\r\n')[1], bytesOf(push).subarray(2).toString('utf8'), 'the frame carries the POSTed data');
    }
  });

  it('frames each @connections 200 so that the kept-alive connection knows where it ends (RFC 9112 §6.3)', () => {
    const answers = trace.events.filter((event) => event.layer === 'http' && event.from === 'gateway' && event.to === 'order-service');
    for (const answer of answers) assert.ok(headerIn(answer, 'Content-Length') !== undefined || headerIn(answer, 'Transfer-Encoding') !== undefined, statusLine(answer));
  });

  it('runs $disconnect after the close handshake: onDisconnect deletes the connection from DynamoDB', () => {
    const clientClose = only(wsEvents(trace, 'client').filter((event) => event.name.startsWith('close frame')), 'the client closes');
    assert.equal(clientClose.detail?.code, 1000);
    const disconnect = only(invocations(trace, 'onDisconnect'), 'one onDisconnect invocation');
    assert.ok(disconnect.time >= clientClose.arrival);
    const deleteItem = only(trace.events.filter((event) => event.from === 'lambda:onDisconnect' && event.name === `DeleteItem ${connectionId}`), 'one DeleteItem');
    assert.ok(deleteItem.time >= disconnect.arrival);
    const event = JSON.parse(bytesOf(disconnect).toString('utf8')) as { requestContext: { routeKey: string; eventType: string } };
    assert.equal(event.requestContext.routeKey, '$disconnect');
    assert.equal(event.requestContext.eventType, 'DISCONNECT');
  });

  it('passes the authorizer the query string token and a methodArn ending in /$connect (DG apigateway-websocket-api-lambda-auth)', () => {
    assert.ok(authorizer);
    const authorize = only(trace.events.filter((event) => event.from === 'gateway' && event.to === authorizer.id), 'one authorizer invocation');
    const input = JSON.parse(bytesOf(authorize).toString('utf8')) as { methodArn: string; queryStringParameters?: Record<string, string> };
    const token = new URL(`https://host${statusLine(upgradeRequestEvent(trace)).split(' ')[1]}`).searchParams.get('token');
    assert.equal(input.queryStringParameters?.token, token);
    assert.match(input.methodArn, /^arn:aws:execute-api:us-east-1:\d{12}:k1l2m3n4o5\/production\/\$connect$/);
  });

  it('gives every event of the connection the same requestContext.connectedAt (DG websocket context variables: "the Epoch-formatted connection time")', () => {
    const times = ['onConnect', 'subscribeOrder', 'onDisconnect'].map((name) => {
      const event = JSON.parse(bytesOf(only(invocations(trace, name), name)).toString('utf8')) as { requestContext: { connectedAt: number } };
      return event.requestContext.connectedAt;
    });
    assert.deepEqual(new Set(times).size, 1, `connectedAt values: ${times.join(', ')}`);
  });

  it('reports the upgrade after 3 round trips (TCP, TLS 1.3, Upgrade) and each push from the status change to its arrival', () => {
    const exchanges = trace.summary.exchanges;
    const upgrade = exchanges.find((exchange) => exchange.name === 'WebSocket upgrade');
    assert.ok(upgrade);
    assert.equal(upgrade.roundTrips, 3);
    const pushes = exchanges.filter((exchange) => exchange.name.startsWith('push'));
    assert.equal(pushes.length, 3);
    for (const push of pushes) assert.ok(push.firstByte > push.start, `${push.name}: ${push.start} -> ${push.firstByte}`);
  });
});

describe('WebSocket API connection faults', { timeout: TIMEOUT_MS }, () => {
  function assertRejected(trace: Trace, status: number): void {
    const response = upgradeResponseEvent(trace);
    assert.match(statusLine(response), new RegExp(`^HTTP/1\\.1 ${status} `));
    assert.deepEqual(trace.events.filter((event) => event.layer === 'ws'), [], 'no WebSocket frames');
    assert.deepEqual(invocations(trace, 'onConnect'), []);
  }

  it('answers the Upgrade with 403 when the authorizer denies (authorizer-deny)', () => {
    assertRejected(simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['authorizer-deny'] }), 403);
  });

  it('answers the Upgrade with 403 when $connect is rejected (connect-rejected)', () => {
    assertRejected(simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['connect-rejected'] }), 403);
  });

  it('answers 401 without invoking the authorizer when the token is missing (DG apigateway-use-lambda-authorizer)', () => {
    const trace = simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['missing-token'] });
    assertRejected(trace, 401);
    assert.doesNotMatch(statusLine(upgradeRequestEvent(trace)), /token=/);
    assert.deepEqual(trace.events.filter((event) => event.from.startsWith('authorizer:') || event.to.startsWith('authorizer:')), []);
  });
});

describe('WebSocket API message limits', { timeout: TIMEOUT_MS }, () => {
  async function assertClosedTooBig(trace: Trace): Promise<void> {
    const close = only(wsEvents(trace, 'gateway').filter((event) => event.name.startsWith('close frame')), 'the gateway closes');
    const [received] = await receiveWithWs([bytesOf(close)], { isServer: false });
    assert.equal(received.kind, 'close');
    // DG apigateway-execution-service-websocket-limits-table: closed with code 1009.
    assert.equal(received.code, WEBSOCKET_CLOSE_MESSAGE_TOO_BIG);
    assert.equal(received.code, 1009);
    const lastClientData = wsEvents(trace, 'client').filter((event) => !event.name.startsWith('close')).pop()!;
    assert.ok(close.time >= lastClientData.arrival);
    assert.deepEqual(invocations(trace, 'subscribeOrder'), [], 'the message reaches no route');
    assert.deepEqual(invocations(trace, 'onDefault'), []);
  }

  it('closes with 1009 on a message over 128 KB without invoking any route (message-too-big)', async () => {
    await assertClosedTooBig(simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['message-too-big'] }));
  });

  it('closes with 1009 on a 40 KB frame (frame-too-big)', async () => {
    await assertClosedTooBig(simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['frame-too-big'] }));
  });

  it('closes with 1009 on a single frame just over 32 KB', async () => {
    await assertClosedTooBig(simulateWebSocketApiSession({ ...ORDER_STATUS, messages: [{ data: WEBSOCKET_MAX_FRAME_BYTES + 2 }] }));
  });

  it('closes with 1001 ten minutes after the last push when the connection stays idle (idle-timeout)', async () => {
    const trace = simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['idle-timeout'] });
    const frames = wsEvents(trace, 'gateway');
    const lastPush = frames.filter((event) => event.name === 'text frame').pop()!;
    const close = only(frames.filter((event) => event.name.startsWith('close frame')), 'the gateway closes');
    const [received] = await receiveWithWs([bytesOf(close)], { isServer: false });
    assert.equal(received.kind, 'close');
    assert.equal(received.code, WEBSOCKET_CLOSE_GOING_AWAY);
    // DG WebSocket limits: "Idle connection timeout: 10 minutes".
    assert.equal(WEBSOCKET_IDLE_TIMEOUT_MS, 600_000);
    const idle = close.time - lastPush.arrival;
    assert.ok(idle >= 600_000 && idle < 600_100, `closed ${idle} ms after the last push`);
    assert.equal(wsEvents(trace, 'client').filter((event) => event.name.startsWith('close')).length, 1, 'the client echoes the close');
  });

  it('closes with 1001 two hours after the 101 when the connection reaches its maximum duration (max-duration)', async () => {
    const trace = simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['max-duration'] });
    const upgrade = trace.events.find((event) => event.name === '101 Switching Protocols')!;
    const close = only(wsEvents(trace, 'gateway').filter((event) => event.name.startsWith('close frame')), 'the gateway closes');
    const [received] = await receiveWithWs([bytesOf(close)], { isServer: false });
    assert.equal(received.code, WEBSOCKET_CLOSE_GOING_AWAY);
    // DG WebSocket limits: "Connection duration for WebSocket API: 2 hours".
    assert.ok(Math.abs(close.time - upgrade.arrival - 2 * 3600 * 1000) < 1, `closed ${close.time - upgrade.arrival} ms after the 101`);
  });
});

describe('a push to a stale connection', { timeout: TIMEOUT_MS }, () => {
  const trace = simulateWebSocketApiSession({ ...ORDER_STATUS, faults: ['stale-connection'] });
  const answers = trace.events.filter((event) => event.layer === 'http' && event.from === 'gateway' && event.to === 'order-service');
  const gone = answers.filter((event) => /^HTTP\/1\.1 410 /.test(statusLine(event)));
  const posts = trace.events.filter((event) => event.layer === 'http' && event.from === 'order-service' && event.to === 'gateway');

  it('answers one @connections POST with 410 GoneException and the order service deletes that id', () => {
    assert.equal(gone.length, 1);
    assert.equal(headerIn(gone[0], 'x-amzn-ErrorType'), 'GoneException');
    const stalePost = posts.find((event) => event.arrival <= gone[0].time && statusLine(event).includes('%40connections/'))!;
    const staleId = decodeURIComponent(statusLine(stalePost).split(' ')[1].split('/').pop()!);
    assert.notEqual(staleId, connectionIdOf(trace));
    const deleteItem = trace.events.find((event) => event.from === 'order-service' && event.name.startsWith(`DeleteItem ${staleId}`));
    assert.ok(deleteItem, `the order service deletes ${staleId}`);
    assert.equal(trace.participants.find((participant) => participant.id === deleteItem.to)?.kind, 'database');
  });

  it('deletes the stale id only after the 410 has reached the order service', () => {
    const deleteItem = trace.events.find((event) => event.from === 'order-service' && event.name.startsWith('DeleteItem'))!;
    assert.ok(deleteItem.time >= gone[0].arrival, `DeleteItem at ${deleteItem.time}, 410 arrives at ${gone[0].arrival}`);
  });

  it('still delivers all three pushes to the live connection', async () => {
    const received = await receiveWithWs(wsEvents(trace, 'gateway').map(bytesOf), { isServer: false });
    const statuses = received.filter((item) => item.kind === 'message').map((item) => (JSON.parse(item.data!.toString('utf8')) as { status: string }).status);
    assert.deepEqual(statuses, ['packed', 'shipped', 'delivered']);
    assert.equal(answers.filter((event) => /^HTTP\/1\.1 200 /.test(statusLine(event))).length, 3);
  });
});

describe('WebSocket API session determinism and input checks', () => {
  it('gives identical JSON traces for the same options and seed', () => {
    const options = { ...ORDER_STATUS, seed: 11, faults: ['stale-connection'] as const };
    assert.equal(JSON.stringify(simulateWebSocketApiSession(options)), JSON.stringify(simulateWebSocketApiSession(options)));
  });

  it('refuses a REST API, naming the api parameter', () => {
    assert.throws(() => simulateWebSocketApiSession({ model, api: 'shop-products' }), (error) => error instanceof ParameterError && error.parameter === 'api');
  });
});

describe('the Upgrade carries what the $connect authorizer asks for', { timeout: TIMEOUT_MS }, () => {
  const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');
  const chat = readConfig(join(FIXTURES, 'cloudformation', 'http-websocket.yaml')).model;

  it('a query ticket and Origin for a Lambda authorizer that names both, parsed by Node, and the authorizer runs', async () => {
    const trace = simulateWebSocketApiSession({ model: chat, api: 'chat-messages' });
    const request = await parseRequestWithNode(bytesOf(upgradeRequestEvent(trace)));
    assert.ok(new URL(`https://host${request.url}`).searchParams.get('ticket'), request.url);
    assert.equal(request.headers.origin, ASSUMED_WEB_ORIGIN);
    assert.equal(statusLine(upgradeResponseEvent(trace)), 'HTTP/1.1 101 Switching Protocols');
    assert.ok(trace.events.some((event) => event.from === 'gateway' && event.name.startsWith('Invoke authorizer')), 'the authorizer is called');
  });

  it('leaves the ticket out, not Origin, with the missing-token fault, and is answered 401', async () => {
    const trace = simulateWebSocketApiSession({ model: chat, api: 'chat-messages', faults: ['missing-token'] });
    const request = await parseRequestWithNode(bytesOf(upgradeRequestEvent(trace)));
    assert.equal(new URL(`https://host${request.url}`).searchParams.get('ticket'), null);
    assert.equal(request.headers.origin, ASSUMED_WEB_ORIGIN);
    assert.match(statusLine(upgradeResponseEvent(trace)), /^HTTP\/1\.1 401 /);
  });

  it('a SigV4 signature for an IAM-authorized $connect, which the gateway verifies', () => {
    const trace = simulateWebSocketApiSession({ model: readConfig(join(FIXTURES, 'sam', 'explicit-apis.yaml')).model, api: 'payment-notifications' });
    assert.match(headerIn(upgradeRequestEvent(trace), 'Authorization') ?? '', /^AWS4-HMAC-SHA256 Credential=AKIA\w+\/\d{8}\/[a-z0-9-]+\/execute-api\/aws4_request/);
    assert.equal(statusLine(upgradeResponseEvent(trace)), 'HTTP/1.1 101 Switching Protocols');
  });

  it('names each identity source once: headers by name whatever their case, one query parameter', () => {
    assert.deepEqual(connectIdentity(['route.request.header.Auth', 'route.request.header.auth', 'route.request.querystring.t', 'route.request.querystring.u', 'route.request.header.ORIGIN'], 'tok', false),
      { query: ['t', 'tok'], origin: ASSUMED_WEB_ORIGIN, headers: [['Auth', 'tok']] });
    assert.deepEqual(connectIdentity(['route.request.header.Auth'], 'tok', true), { headers: [] });
  });
});

describe('the browser\'s page origin on the Upgrade', () => {
  it('names the page the user gives, else the default page, and refuses what is not an origin', () => {
    const given = simulateWebSocketApiSession({ ...ORDER_STATUS, clientProfile: 'browser', origin: 'https://www.shop.com' });
    assert.equal(headerIn(upgradeRequestEvent(given), 'Origin'), 'https://www.shop.com');
    const byDefault = simulateWebSocketApiSession({ ...ORDER_STATUS, clientProfile: 'browser' });
    assert.equal(headerIn(upgradeRequestEvent(byDefault), 'Origin'), 'https://www.example.com', 'an execute-api host\'s page is another site');
    assert.equal(headerIn(upgradeRequestEvent(simulateWebSocketApiSession({ ...ORDER_STATUS, clientProfile: 'node' })), 'Origin'), undefined, '`ws` sends no Origin of its own');
    assert.throws(() => simulateWebSocketApiSession({ ...ORDER_STATUS, clientProfile: 'browser', origin: 'https://www.shop.com/checkout' }), (error: ParameterError) => error.parameter === 'origin');
  });
});
