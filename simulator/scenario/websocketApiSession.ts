import { defaultRequestHeaders } from './httpExchange';
import { ParameterError } from '../errors';
import type { Fault } from '../gateway/faults';
import type { GatewayLatencyProfile } from '../gateway/latencyProfile';
import { declare, GATEWAY, webSocketConnectionId, type BackendBehaviour, type GatewayEnvironment } from '../gateway/pipeline';
import { WEBSOCKET_CLOSE_GOING_AWAY, WEBSOCKET_CLOSE_MESSAGE_TOO_BIG, WEBSOCKET_IDLE_TIMEOUT_MS, WEBSOCKET_MAX_CONNECTION_MS, WEBSOCKET_MAX_FRAME_BYTES, WEBSOCKET_MAX_MESSAGE_BYTES } from '../gateway/quotas';
import { acceptedTlsVersions } from '../gateway/tlsPolicy';
import { jwtIssuer } from '../gateway/authorizers';
import { dynamoCall, handleConnect, handleDisconnect, handleMessage, messageSelecting, postToConnection } from '../gateway/websocketApi';
import { apiHost, type Api, type GatewayModel } from '../model/gateway';
import { requestLabel, responseLabel, serializeRequest, serializeResponse, type HttpResponse } from '../net/http';
import type { TcpSide, Transport } from '../net/transport';
import { afterClientEcho, afterCloseEcho } from '../net/websocketClientClose';
import { closeAfterCloseFrame } from '../net/websocketServerClose';
import { generateWebSocketKey, upgradeRequest, upgradeResponse, webSocketAccept } from '../net/upgrade';
import { encodeClosePayload, encodeFrame, encodeMessage, frameOpcode } from '../net/websocket';
import type { Trace } from '../trace/trace';
import { nonNegative } from '../validate';
import { jwt, sigV4Headers, sigV4Query } from './credentials';
import { recordHttp } from './httpExchange';
import { findApi, gatewayEnvironment, pageOriginOf } from './routeRequest';
import { fillerBody, parseUrl, Topology, type ScenarioOptions, type World } from './topology';

/*
 * A WebSocket API session end to end, the shop's order-status feed:
 *
 *   client ──Upgrade──▶ API Gateway ──$connect──▶ authorizer, onConnect ─▶ DynamoDB PutItem
 *   client ◀──101────── API Gateway
 *   client ──{"action":"subscribe"}──▶ route selection ─▶ subscribeOrder ─▶ DynamoDB
 *   order service ─▶ DynamoDB Query ─▶ POST @connections/{id} ─▶ API Gateway ──frame──▶ client
 *   client ──close 1000──▶ API Gateway ──▶ $disconnect ─▶ DynamoDB DeleteItem
 */

export interface WebSocketApiMessage {
  /** Delay after the previous step (ms). */
  afterMs?: number;
  /** Text, or a size in bytes of filler. */
  data: string | number;
}

export interface WebSocketApiScenarioOptions extends ScenarioOptions {
  model: GatewayModel;
  api?: string;
  /**
   * The route the session exercises: its route key decides the message the client sends
   * (the key at the route selection expression's path). `$connect` and `$disconnect` send no
   * message. Default: the API's first custom route, else `$default`.
   */
  route?: string;
  stage?: string;
  faults?: readonly Fault[];
  backend?: Partial<BackendBehaviour>;
  latency?: Partial<GatewayLatencyProfile>;
  /** Messages the client sends after the connection opens (default: the one that selects `route`). */
  messages?: readonly WebSocketApiMessage[];
  /** The size in bytes of the message that selects `route`, its `data` field padded with filler (default: the bare message). */
  messageBytes?: number;
  /** Messages the backend pushes through @connections, after the client's messages. */
  pushes?: readonly WebSocketApiMessage[];
  /** Client close after the last push arrives (ms); ignored with the idle-timeout fault. */
  closeAfterMs?: number;
  /** The client pings once after its messages (default true). */
  ping?: boolean;
  /** The browser page's origin, which its Upgrade names (default `https://www.` plus the API's domain). */
  origin?: string;
}

const ORDER_SERVICE = 'order-service';

/**
 * The page a client's Upgrade comes from when the $connect authorizer asks for `Origin`: an
 * assumption (the config cannot say), a web app on its own origin as browsers send it.
 */
export const ASSUMED_WEB_ORIGIN = 'https://www.example.com';

/**
 * What the client's Upgrade carries for the $connect authorizer: the token in the query
 * string and in each header its identity sources name, and `Origin` where asked. A Lambda
 * authorizer answers 401 without being called when any identity source is missing (DG
 * apigateway-websocket-api-lambda-auth), so a session that left one out would never open.
 * With the `missing-token` fault the token is left out, `Origin` (which a browser always
 * sends) is not.
 */
export function connectIdentity(identitySources: readonly string[], token: string, missingToken: boolean): { query?: [string, string]; origin?: string; headers: [string, string][] } {
  const headers: [string, string][] = [];
  let origin: string | undefined;
  let query: [string, string] | undefined;
  for (const source of identitySources) {
    const header = /(?:^|\.)header\.([\w-]+)$/i.exec(source)?.[1];
    const parameter = /(?:^|\.)querystring\.([\w-]+)$/i.exec(source)?.[1];
    if (header?.toLowerCase() === 'origin') origin = ASSUMED_WEB_ORIGIN;
    else if (header && !missingToken && !headers.some(([name]) => name.toLowerCase() === header.toLowerCase())) headers.push([header, token]);
    else if (parameter && !missingToken && !query) query = [parameter, token];
  }
  return { ...(query ? { query } : {}), ...(origin ? { origin } : {}), headers };
}

/**
 * The identity headers a page's `new WebSocket(url, protocols)` can carry: the subprotocols
 * (Sec-WebSocket-Protocol) and the page's cookies. It cannot set any other header (WHATWG
 * WebSockets standard: the constructor takes a URL and protocols only), so an authorizer that
 * reads Authorization or a custom header never gets it from a browser and answers 401.
 */
function browserSendable(headers: readonly [string, string][]): { sent: [string, string][]; omitted: string[] } {
  const settable = (name: string): boolean => ['sec-websocket-protocol', 'cookie'].includes(name.toLowerCase());
  return { sent: headers.filter(([name]) => settable(name)), omitted: headers.filter(([name]) => !settable(name)).map(([name]) => name) };
}

/** The route a session exercises when none is named: the API's first custom route, else `$default`. */
export function defaultSessionRoute(api: Api): string {
  return api.routes.find((candidate) => !candidate.key.startsWith('$'))?.key ?? '$default';
}

/**
 * The route's message grown to `bytes` by a `data` field of filler. The filler has no
 * quotes, so JSON adds no escapes and the message is exactly that long (or the bare
 * message, when that is longer).
 */
function sizedMessage(api: Api, routeKey: string, bytes: number): string | undefined {
  nonNegative('messageBytes', bytes);
  const bare = messageSelecting(api, routeKey, { data: '' });
  if (bare === undefined) return undefined;
  const filler = Buffer.from(fillerBody(Math.max(0, bytes - Buffer.byteLength(bare)))).toString('latin1').replaceAll('"', "'");
  return messageSelecting(api, routeKey, { data: filler });
}

/** The client's messages for a route: the one message route selection sends to it, or none for `$connect`/`$disconnect`. */
function routeMessages(api: Api, routeKey: string | undefined, bytes: number | undefined): WebSocketApiMessage[] {
  const key = routeKey ?? defaultSessionRoute(api);
  if (!api.routes.some((candidate) => candidate.key === key)) {
    throw new ParameterError('route', key, `a route of ${api.name}: ${api.routes.map((candidate) => JSON.stringify(candidate.key)).join(', ')}`, 'UNKNOWN_OPTION');
  }
  const message = bytes === undefined ? messageSelecting(api, key) : sizedMessage(api, key, bytes);
  if (message === undefined && key !== '$connect' && key !== '$disconnect') {
    throw new ParameterError('route', key, `a route the route selection expression ${api.routeSelectionExpression ?? ''} can select (it reads no message body)`);
  }
  return message === undefined ? [] : [{ data: message }];
}

export function simulateWebSocketApiSession(options: WebSocketApiScenarioOptions): Trace {
  const topology = startWebSocketApiSession(options);
  topology.run();
  return topology.recorder.finish();
}

/**
 * Sets the session up to start now in `world` (a page's shared simulation, pageLoad.ts; default a
 * world of its own) and returns its topology; the caller runs the simulation.
 */
export function startWebSocketApiSession(options: WebSocketApiScenarioOptions, world?: World): Topology {
  const api = findApi(options.model, options.api);
  if (api.type !== 'WEBSOCKET') throw new ParameterError('api', api.name, 'a WEBSOCKET API (use the request scenario for REST and HTTP APIs)');
  const stageName = options.stage ?? api.stages[0].name;
  const url = parseUrl('url', `wss://${apiHost(api)}/${stageName}`, ['wss']);
  const topology = new Topology('ws-session', { ...options, serverTlsVersions: acceptedTlsVersions(api) }, url, { id: GATEWAY, label: `API Gateway ${api.name}`, kind: 'gateway' }, world);
  const { simulation, recorder } = topology;
  const sessionStart = simulation.now;
  const env: GatewayEnvironment = gatewayEnvironment({ ...options, route: '$connect' }, api, simulation, recorder, topology.network, 'client');
  const faults = env.faults;
  const random = simulation.random.fork('websocket');
  const key = generateWebSocketKey(random);
  const connectionId = webSocketConnectionId(random);
  const connectRoute = api.routes.find((candidate) => candidate.key === '$connect');
  const authorizer = api.authorizers.find((candidate) => candidate.id === connectRoute?.authorizerId);
  const token = jwt(random, { issuer: jwtIssuer(api, authorizer).issuer, audience: authorizer?.audience?.[0] ?? 'shop-web-client', simulatedMs: sessionStart });
  const identity = connectIdentity(authorizer?.identitySources ?? [], token, faults.has('missing-token'));
  const browser = options.clientProfile === 'browser';
  // An IAM-authorized $connect is signed like any IAM call: SigV4 in headers, as the AWS SDKs'
  // WebSocket signers do, or in the URL's query string from a browser, which cannot set headers.
  const iam = connectRoute?.authorizationType === 'AWS_IAM' && !faults.has('missing-token');
  if (iam && !browser) identity.headers.push(...sigV4Headers(random, api.region, sessionStart));
  const query = [...(identity.query ? [identity.query] : []), ...(iam && browser ? sigV4Query(random, api.region, sessionStart) : [])];
  const target = `${url.target}${query.length > 0 ? `?${query.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}` : ''}`;
  // A browser's handshake also names the browser and what it accepts (Chrome sends User-Agent,
  // Accept-Encoding and Accept-Language on an Upgrade); `ws` in Node sends none of these.
  const clientHeaders = defaultRequestHeaders(options.clientProfile, options.userAgent).filter(([name]) => ['user-agent', 'accept-encoding', 'accept-language'].includes(name.toLowerCase()));
  const { sent, omitted } = browser ? browserSendable(identity.headers) : { sent: identity.headers, omitted: [] };
  const isProtocol = ([name]: readonly [string, string]): boolean => browser && name.toLowerCase() === 'sec-websocket-protocol';
  const upgradeHeaders = [...clientHeaders, ...sent.filter((header) => !isProtocol(header))];
  const protocols = sent.filter(isProtocol).map(([, value]) => value);
  // A browser always names the page's origin; other clients only where the authorizer asks for it.
  // An origin the user gives wins over the one the authorizer's identity source assumes.
  const origin = browser ? (options.origin === undefined ? identity.origin : undefined) ?? pageOriginOf(options, api) : identity.origin;
  const request = upgradeRequest({
    host: url.authority, target, key, extensions: 'permessage-deflate; client_max_window_bits', ...(browser ? { client: 'chromium' as const } : {}),
    ...(origin ? { origin } : {}), ...(upgradeHeaders.length > 0 ? { headers: upgradeHeaders } : {}), ...(protocols.length > 0 ? { protocols } : {}),
  });
  const requestBytes = serializeRequest(request);
  const messages = options.messages ?? routeMessages(api, options.route, options.messageBytes);
  const pushes = options.pushes ?? [
    { afterMs: 2000, data: '{"orderId":"o-1001","status":"packed"}' },
    { afterMs: 3000, data: '{"orderId":"o-1001","status":"shipped","carrier":"DHL"}' },
    { afterMs: 4000, data: '{"orderId":"o-1001","status":"delivered"}' },
  ];
  for (const [index, step] of [...messages, ...pushes].entries()) if (step.afterMs !== undefined) nonNegative(`messages[${index}].afterMs`, step.afterMs);
  const mask = (side: TcpSide): Uint8Array | undefined => (side === 'client' ? random.bytes(4) : undefined);
  let closing = false;
  let openedAt = 0;

  const sendFrames = (transport: Transport, side: TcpSide, frames: Uint8Array[], label: string, detail: Record<string, string | number | boolean>, onAllDelivered?: () => void): void => {
    let remaining = frames.length;
    frames.forEach((frame, index) => transport.send(side, frame.length, (delivery) => {
      const [from, to] = side === 'client' ? ['client', GATEWAY] : [GATEWAY, 'client'];
      recorder.event({
        time: delivery.sentAt, arrival: delivery.deliveredAt, from, to, layer: 'ws', kind: 'ws.frame',
        name: frames.length > 1 ? `${index === 0 ? label : 'continuation frame'} ${index + 1}/${frames.length}` : label,
        bytes: frame.length, wireBytes: delivery.wireBytes, connection: transport.connectionId, payload: frame, detail: { opcode: frameOpcode(frame), ...detail, segments: delivery.segments },
      });
      if (--remaining === 0) onAllDelivered?.();
    }));
  };

  const closeFrom = (transport: Transport, side: TcpSide, code: number, reason: string): void => {
    if (closing) return;
    closing = true;
    const peer: TcpSide = side === 'client' ? 'server' : 'client';
    const sideMask = mask(side);
    sendFrames(transport, side, [encodeFrame(encodeClosePayload(code, reason), { opcode: 'close', ...(sideMask ? { mask: sideMask } : {}) })], `close frame (${code})`, { code, reason }, () => {
      const peerMask = mask(peer);
      // The echo repeats the code and the reason, as Chromium does (websocket_channel.cc,
      // RespondToClosingHandshake) and as `ws` does; API Gateway's own echo is not documented
      // and is assumed to be the same (test/simulator/scenario/closeEcho.realPeers.test.ts).
      sendFrames(transport, peer, [encodeFrame(encodeClosePayload(code, reason), { opcode: 'close', ...(peerMask ? { mask: peerMask } : {}) })], `close frame (${code})`, { code, reason }, () => {
        if (side === 'server') transport.close('server');
        else afterCloseEcho(transport, options.clientProfile);
      });
      if (peer === 'server') closeAfterCloseFrame(transport, simulation, options.server?.endAfterCloseFrameMs);
      else afterClientEcho(transport, options.clientProfile);
      handleDisconnect(env, connectionId, url.host, { statusCode: code, reason }, () => {});
    });
  };

  const push = (transport: Transport, index: number): void => {
    if (index >= pushes.length) {
      if (faults.has('max-duration')) {
        // The connection is kept busy, but a WebSocket API connection lasts at most 2 hours (close code not documented; 1001 assumed).
        simulation.scheduleAt(Math.max(simulation.now, openedAt + WEBSOCKET_MAX_CONNECTION_MS), () => closeFrom(transport, 'server', WEBSOCKET_CLOSE_GOING_AWAY, 'Going away'));
      } else if (faults.has('idle-timeout')) {
        // Nothing crosses the connection for 10 minutes: API Gateway closes it (close code not documented; 1001 assumed).
        simulation.schedule(WEBSOCKET_IDLE_TIMEOUT_MS, () => closeFrom(transport, 'server', WEBSOCKET_CLOSE_GOING_AWAY, 'Going away'));
      } else {
        simulation.schedule(options.closeAfterMs ?? 500, () => closeFrom(transport, 'client', 1000, 'order tracking done'));
      }
      return;
    }
    const step = pushes[index];
    simulation.schedule(step.afterMs ?? 0, () => {
      // The push is timed from the moment the order's status changes in the order service.
      const changedAt = simulation.now;
      const data = typeof step.data === 'number' ? Buffer.from(fillerBody(step.data)).toString('latin1') : step.data;
      const deliver = (): void => postToConnection(env, ORDER_SERVICE, connectionId, data, false, (status) => {
        if (status !== 200) return;
        // The gateway frames the message at most 32 KB per frame (DG WebSocket quotas).
        const frames = encodeMessage('text', Buffer.from(data, 'utf8'), WEBSOCKET_MAX_FRAME_BYTES, () => undefined);
        sendFrames(transport, 'server', frames, 'text frame', { pushed: true, messageBytes: Buffer.byteLength(data), ...(data.length <= 200 ? { text: data } : {}) }, () => {
          recorder.exchange({ kind: 'push', name: `push ${index + 1}`, start: changedAt, firstByte: simulation.now, end: simulation.now });
          push(transport, index + 1);
        });
      });
      // The order service looks up who follows this order, then posts to each connection.
      dynamoCall(env, ORDER_SERVICE, 'Query connections for o-1001', 80, () => {
        if (faults.has('stale-connection') && index === 0) {
          const stale = 'Qm9ndXNJZD0=';
          postToConnection(env, ORDER_SERVICE, stale, data, true, () => dynamoCall(env, ORDER_SERVICE, `DeleteItem ${stale} (410 Gone)`, 40, deliver));
        } else {
          deliver();
        }
      });
    });
  };

  const send = (transport: Transport, index: number): void => {
    if (index >= messages.length) {
      if (options.ping === false) {
        push(transport, 0);
        return;
      }
      // A keep-alive ping. AWS does not document how API Gateway treats protocol pings; it is
      // modelled as any endpoint must behave (RFC 6455 §5.5.2: answer with a pong carrying the same data).
      const pingMask = mask('client');
      const data = Buffer.from('keepalive');
      sendFrames(transport, 'client', [encodeFrame(data, { opcode: 'ping', ...(pingMask ? { mask: pingMask } : {}) })], 'ping frame', { opcode: 'ping' }, () => {
        sendFrames(transport, 'server', [encodeFrame(data, { opcode: 'pong' })], 'pong frame', { opcode: 'pong' }, () => push(transport, 0));
      });
      return;
    }
    const step = messages[index];
    simulation.schedule(step.afterMs ?? 0, () => {
      const data = typeof step.data === 'number' ? Buffer.from(fillerBody(step.data)).toString('latin1') : step.data;
      let payload = Buffer.from(data, 'utf8');
      if (faults.has('message-too-big') && index === 0) payload = Buffer.from(fillerBody(WEBSOCKET_MAX_MESSAGE_BYTES + 1));
      // Browsers and ws send a message as one frame; the frame-too-big fault sends 40 KB in one frame.
      if (faults.has('frame-too-big') && index === 0) payload = Buffer.from(fillerBody(40 * 1024));
      const frameSize = faults.has('message-too-big') ? WEBSOCKET_MAX_FRAME_BYTES : Number.MAX_SAFE_INTEGER;
      const frames = encodeMessage('text', payload, frameSize, () => mask('client'));
      sendFrames(transport, 'client', frames, 'text frame', { masked: true, messageBytes: payload.length, ...(payload.length <= 200 ? { text: payload.toString('utf8') } : {}) }, () => {
        const largestFramePayload = Math.min(frameSize, payload.length);
        if (payload.length > WEBSOCKET_MAX_MESSAGE_BYTES || largestFramePayload > WEBSOCKET_MAX_FRAME_BYTES) {
          // "If a larger message (or larger frame size) is received, the connection is closed with code 1009" (DG WebSocket quotas).
          recorder.event({
            time: simulation.now, arrival: simulation.now, from: GATEWAY, to: GATEWAY, layer: 'gateway', kind: 'gateway.step', name: 'message over the WebSocket limits', bytes: 0, wireBytes: 0,
            error: { code: 'MESSAGE_TOO_BIG', status: WEBSOCKET_CLOSE_MESSAGE_TOO_BIG, message: `message of ${payload.length} bytes; limits are 128 KB per message and 32 KB per frame` },
          });
          closeFrom(transport, 'server', WEBSOCKET_CLOSE_MESSAGE_TOO_BIG, 'Message too big');
          return;
        }
        handleMessage(env, connectionId, url.host, payload.toString('utf8'), () => send(transport, index + 1));
      });
    });
  };

  const upgrade = (transport: Transport): void => {
    transport.send('client', requestBytes.length, (delivery) => {
      recordHttp(topology, 'client', `${requestLabel({ ...request, target: url.target })} (Upgrade: websocket)`, requestBytes, delivery, transport, { method: request.method, target: url.target, upgrade: 'websocket', key, ...(omitted.length > 0 ? { omitted: `${omitted.join(', ')}: a browser's WebSocket cannot set ${omitted.length > 1 ? 'these headers' : 'this header'}` } : {}) });
      handleConnect(env, request, connectionId, (answer: HttpResponse, accepted) => {
        const response = accepted ? upgradeResponse(key) : answer;
        const responseBytes = serializeResponse(response);
        transport.send('server', responseBytes.length, (reply) => {
          recordHttp(topology, 'server', responseLabel(response), responseBytes, reply, transport, { status: response.status, ...(accepted ? { accept: webSocketAccept(key), connectionId } : {}) });
          recorder.exchange({ kind: 'upgrade', name: 'WebSocket upgrade', start: sessionStart, firstByte: reply.firstByteAt, end: reply.deliveredAt, connection: transport.connectionId });
          openedAt = reply.deliveredAt;
          if (accepted) send(transport, 0);
        });
        if (!accepted) transport.close('server');
      });
    });
  };

  declare(env, ORDER_SERVICE, 'Order service', 'backend');
  topology.lookup(options.dnsCache ?? 'resolver', () => topology.connect(options.tlsResumption ?? 'none', upgrade, 'websocket'));
  return topology;
}
