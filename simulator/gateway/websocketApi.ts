import { executeApiId, type Api, type Route } from '../model/gateway';
import { headerValue, REASON_PHRASES, type HttpRequest, type HttpResponse } from '../net/http';
import { authorize } from './authorizers';
import { restGatewayError } from './gatewayResponses';
import { callIntegration } from './integration';
import { websocketEvent, type RequestIdentity, type WebSocketEventInput } from './lambdaEvent';
import { declare, epochMs, errorResponse, GATEWAY, hop, httpHop, httpResponseHop, integrationTimeoutMs, shortId, traceId, work, type GatewayEnvironment } from './pipeline';
import { WEBSOCKET_INTEGRATION_TIMEOUT_MS } from './quotas';
import { checkThrottles } from './throttling';

/*
 * A WebSocket API, from the gateway's side (DG apigateway-websocket-api-overview):
 *
 *   Upgrade ─▶ $connect route (optional REQUEST authorizer, integration) ─▶ 101, or 4xx
 *   message ─▶ route selection ($request.body.action) ─▶ route or $default ─▶ integration
 *   backend ─▶ POST /@connections/{id} (SigV4) ─▶ frame to the client; 410 if it is gone
 *   close   ─▶ $disconnect (best effort)
 *
 * The connection registry is a DynamoDB table the $connect/$disconnect functions write,
 * as in AWS's own examples; the pushing backend reads it to find connection ids.
 */

export const DYNAMODB = 'dynamodb';

function route(env: GatewayEnvironment, key: string): Route | undefined {
  return env.api.routes.find((candidate) => candidate.key === key);
}

/**
 * A WebSocket event's identity. Its request id is the short form, the same as its
 * extendedRequestId, as in AWS's captured events (`"requestId": "BFHPhFe3IAMF95g="`,
 * `"extendedRequestId": "BFHPhFe3IAMF95g="`: Powertools' apiGatewayWebSocketApiConnect.json).
 */
function identity(env: GatewayEnvironment, routeKey: string, host: string): RequestIdentity {
  const id = shortId(env.random);
  return {
    accountId: env.accountId, apiId: executeApiId(env.api), stage: env.stage.name, requestId: id, extendedRequestId: id, timeEpoch: epochMs(env),
    sourceIp: '198.51.100.23', domainName: host, resourcePath: routeKey, routeKey, pathParameters: {},
  };
}

/** A function reaching DynamoDB: request, the table's work, response. */
export function dynamoCall(env: GatewayEnvironment, from: string, operation: string, itemBytes: number, then: () => void): void {
  const table = declare(env, DYNAMODB, 'DynamoDB connections table', 'database');
  hop(env, from, table, operation, itemBytes, () => {
    work(env, table, operation, env.latency.dynamoDbMs, () => hop(env, table, from, `${operation} OK`, 2, then, { layer: 'backend' }), undefined, undefined, 'backend');
  }, { layer: 'backend' });
}

/** When each connection opened (epoch ms), for the events' `connectedAt`. */
const connectedAt = new WeakMap<GatewayEnvironment['state'], Map<string, number>>();

function openedAt(env: GatewayEnvironment, connectionId: string): number {
  let table = connectedAt.get(env.state);
  if (!table) connectedAt.set(env.state, (table = new Map()));
  if (!table.has(connectionId)) table.set(connectionId, epochMs(env));
  return table.get(connectionId)!;
}

/** What one event adds to the route's identity: the $connect Upgrade, a message, or how the connection closed. */
type EventParts = Pick<WebSocketEventInput, 'eventType' | 'body' | 'upgrade' | 'userAgent' | 'disconnect'>;

/** Runs a route's integration with a WebSocket event; `then` gets whether it succeeded. */
function runRoute(env: GatewayEnvironment, routeKey: string, connectionId: string, host: string, parts: EventParts, registryOperation: string | undefined, then: (ok: boolean) => void, trace?: string): void {
  const target = route(env, routeKey);
  const integration = env.api.integrations.find((candidate) => candidate.id === target?.integrationId);
  if (!target || !integration) {
    then(true);
    return;
  }
  const routeIdentity = { ...identity(env, routeKey, host), ...(trace ? { traceId: trace } : {}) };
  const messageId = parts.eventType === 'MESSAGE' ? { messageId: shortId(env.random) } : {};
  const event = websocketEvent({ ...parts, ...messageId, routeKey, connectionId, identity: routeIdentity, connectedAt: openedAt(env, connectionId) });
  const request: HttpRequest = { method: 'POST', target: `/${routeKey}`, headers: [] };
  // A $connect function that answers a non-2xx statusCode refuses the connection.
  const refuse = parts.eventType === 'CONNECT' && env.faults.has('connect-rejected') && !target.authorizerId;
  // The function records the connection (or the subscription) in DynamoDB before it answers.
  callIntegration({ ...env, backend: { ...env.backend, status: refuse ? 403 : 200, body: '' } }, {
    integration, event,
    request, identity: routeIdentity, payloadFormat: '1.0',
    timeoutMs: integrationTimeoutMs(env, integration, WEBSOCKET_INTEGRATION_TIMEOUT_MS.default), userAgent: '',
    ...(registryOperation ? { sideEffect: (fn: string, next: () => void) => dynamoCall(env, fn, `${registryOperation} ${connectionId}`, 120, next) } : {}),
  }, (outcome) => then(outcome.kind === 'response' && outcome.status < 300));
}

/** The Upgrade request: $connect, then 101 or a rejection. */
export function handleConnect(env: GatewayEnvironment, request: HttpRequest, connectionId: string, done: (response: HttpResponse, accepted: boolean) => void): void {
  const host = request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? '';
  const connect = route(env, '$connect');
  work(env, GATEWAY, `new connection ${connectionId}: route $connect`, env.latency.routingMs, () => {
    if (!connect) {
      done({ status: 101, headers: [] }, true);
      return;
    }
    const userAgent = headerValue(request.headers, 'user-agent') ?? '';
    // One X-Ray trace id for the Upgrade: the authorizer's and the integration's events carry the same.
    const trace = traceId(env.random, epochMs(env));
    const subject = { identity: { ...identity(env, '$connect', host), traceId: trace }, userAgent, connection: { connectionId, connectedAt: openedAt(env, connectionId) } };
    authorize(env, env.api, connect, request, subject, (auth) => {
      if (auth.kind === 'deny') {
        // A rejected $connect answers the Upgrade with an HTTP error instead of 101; no WebSocket is opened.
        done(errorResponse(env, auth.error, [['Connection', 'close']]), false);
        return;
      }
      checkThrottles(env, connect, undefined, undefined, (throttle) => {
        if (throttle.rejected) {
          done(errorResponse(env, restGatewayError('THROTTLED'), [['Connection', 'close']]), false);
          return;
        }
        runRoute(env, '$connect', connectionId, host, { eventType: 'CONNECT', upgrade: request, userAgent }, 'PutItem', (ok) => {
          if (!ok) {
            done(errorResponse(env, { type: 'INTEGRATION_FAILURE', status: 500, body: '{"message": "Internal server error"}', bodyDocumented: false }, [['Connection', 'close']]), false);
            return;
          }
          done({ status: 101, headers: [] }, true);
        }, trace);
      });
    });
  });
}

/** The route selection expression's path into the message body: `$request.body.action` gives ['action']; undefined when it does not read the body. */
function selectionPath(api: Api): string[] | undefined {
  const expression = api.routeSelectionExpression ?? '$request.body.action';
  return /^\$request\.body\.(.+)$/.exec(expression)?.[1]?.split('.');
}

/** Route selection on `$request.body.action` (or the configured expression); unknown or non-JSON goes to $default. */
export function selectRouteKey(api: Api, message: string): string {
  const path = selectionPath(api);
  let selected: string | undefined;
  try {
    let value: unknown = JSON.parse(message);
    for (const key of path ?? []) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if (value !== undefined && value !== null) selected = String(value);
  } catch {
    selected = undefined;
  }
  return selected !== undefined && api.routes.some((candidate) => candidate.key === selected) ? selected : '$default';
}

/**
 * A client message that route selection sends to `routeKey`: the key at the expression's
 * path (`{"action":"subscribe",...}`), plus a sample field. For `$default`, a message that
 * names no route. Undefined for `$connect` and `$disconnect`, which no message selects, and
 * for a custom route the expression cannot reach (it reads no body).
 */
export function messageSelecting(api: Api, routeKey: string, sample: Record<string, string> = { orderId: 'o-1001' }): string | undefined {
  if (routeKey === '$connect' || routeKey === '$disconnect') return undefined;
  const path = selectionPath(api);
  if (routeKey === '$default') return JSON.stringify({ ...sample, note: 'no route selected' });
  if (!path) return undefined;
  const message: Record<string, unknown> = {};
  let level = message;
  path.forEach((key, index) => {
    if (index === path.length - 1) level[key] = routeKey;
    else level = (level[key] = {}) as Record<string, unknown>;
  });
  return JSON.stringify({ ...message, ...sample });
}

/** A message from the client: route selection, then the route's integration. */
export function handleMessage(env: GatewayEnvironment, connectionId: string, host: string, message: string, done: () => void): void {
  const routeKey = selectRouteKey(env.api, message);
  work(env, GATEWAY, `route selection: ${routeKey}`, env.latency.routingMs, () => {
    runRoute(env, routeKey, connectionId, host, { eventType: 'MESSAGE', body: message }, routeKey === '$default' ? undefined : 'UpdateItem', () => done());
  }, { expression: env.api.routeSelectionExpression ?? '$request.body.action' });
}

/**
 * The connection closed: $disconnect, best effort. `close` is the close frame's code and reason
 * as the closing side sent them, the event's `disconnectStatusCode` and `disconnectReason`
 * (DG apigateway-websocket-api-integration-requests lists both in the DISCONNECT context).
 */
export function handleDisconnect(env: GatewayEnvironment, connectionId: string, host: string, close: { statusCode: number; reason: string }, done: () => void): void {
  work(env, GATEWAY, `connection ${connectionId} closed: route $disconnect (best effort)`, env.latency.routingMs, () => {
    runRoute(env, '$disconnect', connectionId, host, { eventType: 'DISCONNECT', disconnect: close }, 'DeleteItem', () => done());
  });
}

/**
 * The backend posting to a connection: POST /{stage}/@connections/{id}, SigV4-signed
 * (DG apigateway-how-to-call-websocket-api-connections). 200 when delivered to the
 * gateway, 410 GoneException when the connection no longer exists.
 */
export function postToConnection(env: GatewayEnvironment, backend: string, connectionId: string, data: string, gone: boolean, delivered: (status: number) => void): void {
  const host = `${executeApiId(env.api)}.execute-api.${env.api.region}.amazonaws.com`;
  const request: HttpRequest = {
    method: 'POST',
    target: `/${env.stage.name}/%40connections/${encodeURIComponent(connectionId)}`,
    headers: [
      ['Host', host],
      ['Content-Type', 'application/json'],
      ['X-Amz-Date', new Date(epochMs(env)).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')],
      ['Authorization', `AWS4-HMAC-SHA256 Credential=ASIA${Buffer.from(env.random.bytes(8)).toString('hex').toUpperCase()}/${new Date(epochMs(env)).toISOString().slice(0, 10).replace(/-/g, '')}/${env.api.region}/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${Buffer.from(env.random.bytes(32)).toString('hex')}`],
    ],
    body: Buffer.from(data, 'utf8'),
  };
  httpHop(env, backend, GATEWAY, request, true, () => {
    work(env, GATEWAY, gone ? `@connections: ${connectionId} is gone` : `@connections: send to ${connectionId}`, env.latency.connectionsApiMs, () => {
      const status = gone ? 410 : 200;
      const body = gone ? '{"message":"The connection with the provided id no longer exists."}' : '';
      // An empty body still gets Content-Length: 0, so the kept-alive connection knows where the answer ends.
      const response: HttpResponse = { status, reason: REASON_PHRASES[status], headers: [['Content-Type', 'application/json'], ...(gone ? [['x-amzn-ErrorType', 'GoneException'] as const] : [])], body: Buffer.from(body) };
      // The gateway frames a delivered message at once; the backend learns the outcome when the answer arrives.
      if (!gone) delivered(status);
      httpResponseHop(env, GATEWAY, backend, response, true, () => {
        if (gone) delivered(status);
      });
    }, undefined, gone ? { code: 'GONE', status: 410, message: 'GoneException: the connection no longer exists' } : undefined);
  });
}
