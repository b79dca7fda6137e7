import type { HeaderList, HttpRequest } from '../net/http';

/*
 * The JSON API Gateway sends to Lambda, built field for field so that its size is the size
 * Lambda receives. Shapes, field by field, from AWS's published example events:
 * - REST proxy, payload 1.0: DG set-up-lambda-proxy-integrations ("Input format of a Lambda
 *   function for proxy integration") and the Lambda DG services-apigateway example;
 * - HTTP API payloads 1.0 and 2.0: DG http-api-develop-integrations-lambda;
 * - WebSocket events: DG apigateway-websocket-api-integration-requests and the Lambda DG
 *   services-apigateway-websocket examples;
 * - authorizer inputs: DG apigateway-lambda-authorizer-input (REST TOKEN and REQUEST),
 *   apigateway-websocket-api-lambda-auth, http-api-lambda-authorizer (HTTP 1.0 and 2.0).
 * The test fixtures under test/fixtures/aws-events/ hold those examples; the tests compare
 * our events with them key by key.
 */

/** What an authorizer established about the caller, as the integration's event shows it. */
export type AuthorizerContext =
  /** A Lambda authorizer's principal and context (REST `authorizer`, HTTP 2.0 `authorizer.lambda`). */
  | { kind: 'lambda'; principalId: string; context: Record<string, string>; integrationLatency: number }
  /** A JWT authorizer (HTTP) or Cognito user pool authorizer (REST): the token's claims, stringified. */
  | { kind: 'jwt'; claims: Record<string, string>; scopes: string[] | null }
  /** SigV4 (IAM): who signed. */
  | { kind: 'iam'; accessKey: string; accountId: string; caller: string; user: string; userArn: string };

export interface RequestIdentity {
  accountId: string;
  apiId: string;
  stage: string;
  requestId: string;
  /** `x-amz-apigw-id` (REST) / `apigw-requestid` (HTTP): the event's `extendedRequestId`. Derived from requestId when absent. */
  extendedRequestId?: string;
  /** Simulated epoch milliseconds. */
  timeEpoch: number;
  sourceIp: string;
  domainName: string;
  resourcePath: string;
  routeKey: string;
  pathParameters: Record<string, string>;
  /** What an authorizer passed on, if any. */
  authorizer?: AuthorizerContext;
  /** The request's X-Ray root (`Root=1-...`, pipeline traceId), when the gateway has drawn one. */
  traceId?: string;
  /** REST: the API key the request carried (`x-api-key`) and its id, on methods that require one. */
  apiKey?: { value: string; id: string };
}

/**
 * The address of the CloudFront edge that connected to the Region, which API Gateway appends
 * to X-Forwarded-For ("client, edge", as AWS's example `"X-Forwarded-For": "192.168.100.1,
 * 192.168.1.1"` shows). An assumption: a documentation address (RFC 5737), not a real edge's.
 */
export const EDGE_ADDRESS = '203.0.113.200';

interface SplitTarget {
  path: string;
  rawQuery: string;
  /** Every value of every parameter, in order. */
  values: Record<string, string[]> | null;
}

/** Path and query; the query starts at the first `?` and may itself contain `?` (RFC 3986 §3.4). */
function splitTarget(target: string): SplitTarget {
  const mark = target.indexOf('?');
  if (mark < 0 || mark === target.length - 1) return { path: mark < 0 ? target : target.slice(0, mark), rawQuery: '', values: null };
  const rawQuery = target.slice(mark + 1);
  const values: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) (values[name] ??= []).push(value);
  return { path: target.slice(0, mark), rawQuery, values };
}

function has(headers: HeaderList, name: string): boolean {
  return headers.some(([key]) => key.toLowerCase() === name.toLowerCase());
}

/**
 * The headers as the integration sees them: the client's (and the CloudFront edge's, for
 * edge-optimized APIs), without the hop-by-hop `Connection` and `Upgrade` (RFC 9110 §7.6.1),
 * plus what API Gateway adds in front of the integration: X-Amzn-Trace-Id, and
 * X-Forwarded-For/-Port/-Proto (AWS's example events carry all four; an edge's X-Forwarded-For
 * gets the edge's address appended). The casing of the added names follows each example:
 * REST and WebSocket examples write `X-Forwarded-For`, HTTP API ones `x-forwarded-for`.
 */
export function integrationHeaders(headers: HeaderList, identity: RequestIdentity, lowercase: boolean, keepHopByHop = false): HeaderList {
  const name = (text: string): string => (lowercase ? text.toLowerCase() : text);
  const kept = headers
    .filter(([key]) => keepHopByHop || !['connection', 'upgrade'].includes(key.toLowerCase()))
    .map(([key, value]): [string, string] => (key.toLowerCase() === 'x-forwarded-for' ? [key, `${value}, ${EDGE_ADDRESS}`] : [key, value]));
  const added: [string, string][] = [];
  if (identity.traceId && !has(headers, 'x-amzn-trace-id')) added.push([name('X-Amzn-Trace-Id'), identity.traceId]);
  if (!has(headers, 'x-forwarded-for')) added.push([name('X-Forwarded-For'), identity.sourceIp]);
  if (!has(headers, 'x-forwarded-port')) added.push([name('X-Forwarded-Port'), '443']);
  if (!has(headers, 'x-forwarded-proto')) added.push([name('X-Forwarded-Proto'), 'https']);
  return [...kept, ...added];
}

/** Headers as one value per name: format 1.0 keeps the last value, format 2.0 joins them with commas (DG http-api-develop-integrations-lambda). */
function headerObject(headers: HeaderList, lowercase: boolean, join: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = lowercase ? name.toLowerCase() : name;
    out[key] = join && key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

function multiValue(headers: HeaderList): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of headers) (out[name] ??= []).push(value);
  return out;
}

/** CLF-style time as API Gateway writes requestTime: `09/Apr/2015:12:34:56 +0000`. */
function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function extendedRequestId(identity: RequestIdentity): string {
  return identity.extendedRequestId ?? `${Buffer.from(identity.requestId.replace(/-/g, '').slice(0, 22), 'hex').toString('base64').slice(0, 15)}=`;
}

/**
 * The resource id API Gateway gives a REST resource: 6 lowercase letters and digits (`"resourceId":
 * "2gxmpl"` in the Lambda DG example), here derived from the path so one resource keeps one id.
 */
function resourceId(resourcePath: string): string {
  let hash = 2166136261;
  for (const char of resourcePath) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}

function lastValues(values: Record<string, string[]> | null): Record<string, string> | null {
  return values ? Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list[list.length - 1]])) : null;
}

/** `requestContext.identity` of REST (and HTTP 1.0) events: every field AWS's example lists, null where it does not apply. */
function callerIdentity(identity: RequestIdentity, userAgent: string): Record<string, string | null> {
  const iam = identity.authorizer?.kind === 'iam' ? identity.authorizer : undefined;
  return {
    accessKey: iam?.accessKey ?? null,
    accountId: iam?.accountId ?? null,
    apiKey: identity.apiKey?.value ?? null,
    apiKeyId: identity.apiKey?.id ?? null,
    caller: iam?.caller ?? null,
    // Only with mutual TLS, which the simulated custom domains do not set up.
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: identity.sourceIp,
    user: iam?.user ?? null,
    userAgent,
    userArn: iam?.userArn ?? null,
  };
}

/**
 * `requestContext.authorizer` of a 1.0 event: a Lambda authorizer's context with its principalId
 * and integrationLatency, a Cognito authorizer's `claims` (DG set-up-lambda-proxy-integrations,
 * api-gateway-mapping-template-reference $context.authorizer.*); none for IAM (its fields are in `identity`).
 */
function authorizerV1(authorizer: AuthorizerContext | undefined): Record<string, unknown> | undefined {
  if (authorizer?.kind === 'lambda') return { ...authorizer.context, principalId: authorizer.principalId, integrationLatency: authorizer.integrationLatency };
  if (authorizer?.kind === 'jwt') return { claims: authorizer.claims, scopes: authorizer.scopes };
  return undefined;
}

/** Payload format 2.0's `requestContext.authorizer`: `jwt`, `lambda` or `iam` (DG http-api-develop-integrations-lambda). */
function authorizerV2(authorizer: AuthorizerContext | undefined): Record<string, unknown> | undefined {
  switch (authorizer?.kind) {
    case 'jwt':
      return { jwt: { claims: authorizer.claims, scopes: authorizer.scopes } };
    case 'lambda':
      return { lambda: authorizer.context };
    case 'iam':
      return {
        iam: {
          // The signer's AWS Organization is not modelled: null, as for a caller outside one.
          accessKey: authorizer.accessKey, accountId: authorizer.accountId, callerId: authorizer.caller, cognitoIdentity: null,
          principalOrgId: null, userArn: authorizer.userArn, userId: authorizer.user,
        },
      };
    default:
      return undefined;
  }
}

function bodyText(request: HttpRequest): string | undefined {
  return request.body && request.body.length > 0 ? Buffer.from(request.body).toString('utf8') : undefined;
}

/**
 * The request context of a REST (or HTTP 1.0) event: every field of AWS's format 1.0 example
 * (DG http-api-develop-integrations-lambda, the same fields as the REST example), without the
 * authorizer, which only proxy events carry. `path` is the request path with the stage.
 */
function restRequestContext(request: HttpRequest, identity: RequestIdentity, userAgent: string, api: 'REST' | 'HTTP'): Record<string, unknown> {
  const { path } = splitTarget(request.target);
  return {
    accountId: identity.accountId,
    apiId: identity.apiId,
    domainName: identity.domainName,
    domainPrefix: identity.domainName.split('.')[0],
    extendedRequestId: extendedRequestId(identity),
    httpMethod: request.method,
    identity: callerIdentity(identity, userAgent),
    path: api === 'HTTP' && identity.stage === '$default' ? path : `/${identity.stage}${path}`,
    protocol: 'HTTP/1.1',
    requestId: identity.requestId,
    requestTime: requestTime(identity.timeEpoch),
    requestTimeEpoch: identity.timeEpoch,
    // An HTTP API has no resources: AWS's 1.0 example prints null. The route key stands in (an
    // assumption: a string of the route's size, where a handler reading it expects a string).
    resourceId: api === 'HTTP' ? identity.routeKey : resourceId(identity.resourcePath),
    resourcePath: identity.resourcePath,
    stage: identity.stage,
  };
}

/** A 1.0 event's `requestContext`, the authorizer's part included: also what `$context` holds in a mapping template. */
export function eventRequestContextV1(request: HttpRequest, identity: RequestIdentity, userAgent: string, api: 'REST' | 'HTTP' = 'REST'): Record<string, unknown> {
  const authorizer = authorizerV1(identity.authorizer);
  const { accountId, apiId, ...context } = restRequestContext(request, identity, userAgent, api);
  return { accountId, apiId, ...(authorizer ? { authorizer } : {}), ...context };
}

/**
 * Payload format 1.0: REST Lambda proxy integrations, and HTTP APIs that ask for it. AWS's
 * REST example has no `version` field; the HTTP API 1.0 example starts with `"version": "1.0"`.
 */
export function proxyEventV1(request: HttpRequest, identity: RequestIdentity, userAgent: string, api: 'REST' | 'HTTP' = 'REST'): string {
  const { path, values } = splitTarget(request.target);
  // Header names as the client wrote them in both 1.0 payloads (the REST and HTTP examples alike).
  const headers = integrationHeaders(request.headers, identity, false);
  return JSON.stringify({
    ...(api === 'HTTP' ? { version: '1.0' } : {}),
    resource: identity.resourcePath,
    path,
    httpMethod: request.method,
    headers: headerObject(headers, false, false),
    multiValueHeaders: multiValue(headers),
    queryStringParameters: lastValues(values),
    multiValueQueryStringParameters: values,
    requestContext: eventRequestContextV1(request, identity, userAgent, api),
    pathParameters: Object.keys(identity.pathParameters).length > 0 ? identity.pathParameters : null,
    stageVariables: null,
    body: bodyText(request) ?? null,
    isBase64Encoded: false,
  });
}

/** The parts of a 2.0 event an authorizer's 2.0 input shares (DG http-api-lambda-authorizer). */
function v2Request(request: HttpRequest, identity: RequestIdentity, userAgent: string): {
  rawPath: string; rawQueryString: string; cookies?: string[]; headers: Record<string, string>; queryStringParameters?: Record<string, string>; requestContext: Record<string, unknown>;
} {
  const { path, values, rawQuery } = splitTarget(request.target);
  const cookieHeaders = request.headers.filter(([name]) => name.toLowerCase() === 'cookie');
  const cookies = cookieHeaders.length > 0 ? cookieHeaders.flatMap(([, value]) => value.split(/;\s*/)) : undefined;
  const headers = headerObject(integrationHeaders(request.headers.filter(([name]) => name.toLowerCase() !== 'cookie'), identity, true), true, true);
  return {
    rawPath: path,
    rawQueryString: rawQuery,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(values ? { queryStringParameters: Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list.join(',')])) } : {}),
    requestContext: {
      accountId: identity.accountId,
      apiId: identity.apiId,
      domainName: identity.domainName,
      domainPrefix: identity.domainName.split('.')[0],
      http: { method: request.method, path, protocol: 'HTTP/1.1', sourceIp: identity.sourceIp, userAgent },
      requestId: identity.requestId,
      routeKey: identity.routeKey,
      stage: identity.stage,
      time: requestTime(identity.timeEpoch),
      timeEpoch: identity.timeEpoch,
    },
  };
}

/** Payload format 2.0: the HTTP API default. Header names are lowercased, duplicates comma-joined, cookies apart. */
export function proxyEventV2(request: HttpRequest, identity: RequestIdentity, userAgent: string): string {
  const { requestContext, ...parts } = v2Request(request, identity, userAgent);
  const authorizer = authorizerV2(identity.authorizer);
  const body = bodyText(request);
  const { accountId, apiId, ...rest } = requestContext;
  return JSON.stringify({
    version: '2.0',
    routeKey: identity.routeKey,
    ...parts,
    requestContext: { accountId, apiId, ...(authorizer ? { authorizer } : {}), ...rest },
    ...(Object.keys(identity.pathParameters).length > 0 ? { pathParameters: identity.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  });
}

/** What a Lambda proxy integration must return (REST: anything else is a 502). */
export function proxyResult(status: number, headers: Record<string, string>, body: string): string {
  return JSON.stringify({ statusCode: status, headers, body, isBase64Encoded: false });
}

/** A TOKEN authorizer's input: {"type":"TOKEN","authorizationToken":..., "methodArn":...} (DG apigateway-lambda-authorizer-input). */
export function tokenAuthorizerEvent(token: string, methodArn: string): string {
  return JSON.stringify({ type: 'TOKEN', authorizationToken: token, methodArn });
}

/**
 * A REST REQUEST authorizer's input (DG apigateway-lambda-authorizer-input): the method's
 * request as the integration would see it, and a request context without an authorizer.
 */
export function requestAuthorizerEvent(request: HttpRequest, identity: RequestIdentity, userAgent: string, methodArn: string): string {
  const { path, values } = splitTarget(request.target);
  const headers = integrationHeaders(request.headers, identity, false);
  return JSON.stringify({
    type: 'REQUEST',
    methodArn,
    resource: identity.resourcePath,
    path,
    httpMethod: request.method,
    headers: headerObject(headers, false, false),
    multiValueHeaders: multiValue(headers),
    queryStringParameters: lastValues(values) ?? {},
    multiValueQueryStringParameters: values ?? {},
    pathParameters: identity.pathParameters,
    stageVariables: {},
    // The page's example shows a few context fields and says "API Gateway may add new keys to the
    // map"; what a REQUEST authorizer receives is the method's whole request context.
    requestContext: restRequestContext(request, identity, userAgent, 'REST'),
  });
}

/**
 * An HTTP API Lambda authorizer's input (DG http-api-lambda-authorizer). Format 2.0: the
 * route's request in the 2.0 shape, with `routeArn` and the identity source values. Format
 * 1.0: the REST-like REQUEST event with `version`, `identitySource` and `authorizationToken`
 * (the identity source values comma-joined).
 */
export function httpAuthorizerEvent(format: '1.0' | '2.0', request: HttpRequest, identity: RequestIdentity, userAgent: string, routeArn: string, identitySource: string[]): string {
  if (format === '2.0') {
    const { cookies, ...parts } = v2Request(request, identity, userAgent);
    const { rawPath, rawQueryString, headers, queryStringParameters, requestContext } = parts;
    return JSON.stringify({
      version: '2.0',
      type: 'REQUEST',
      routeArn,
      identitySource,
      routeKey: identity.routeKey,
      rawPath,
      rawQueryString,
      cookies: cookies ?? [],
      headers,
      ...(queryStringParameters ? { queryStringParameters } : {}),
      requestContext,
      pathParameters: identity.pathParameters,
      stageVariables: {},
    });
  }
  const { path, values } = splitTarget(request.target);
  const headers = integrationHeaders(request.headers, identity, false);
  return JSON.stringify({
    version: '1.0',
    type: 'REQUEST',
    methodArn: routeArn,
    identitySource: identitySource.join(','),
    authorizationToken: identitySource.join(','),
    resource: identity.resourcePath,
    path,
    httpMethod: request.method,
    headers: headerObject(headers, false, false),
    queryStringParameters: lastValues(values) ?? {},
    requestContext: restRequestContext(request, identity, userAgent, 'HTTP'),
    pathParameters: identity.pathParameters,
    stageVariables: {},
  });
}

/** An IAM policy an authorizer returns, with a principal and context (DG api-gateway-lambda-authorizer-output). */
export function authorizerPolicy(effect: 'Allow' | 'Deny', methodArn: string, principalId: string, context: Record<string, string>): string {
  return JSON.stringify({
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }] },
    context,
  });
}

/** An HTTP API authorizer's simple response, with `enableSimpleResponses` (DG http-api-lambda-authorizer). */
export function simpleAuthorizerResponse(isAuthorized: boolean, context: Record<string, string>): string {
  return JSON.stringify({ isAuthorized, context });
}

/** The WebSocket events a route's integration (or the $connect authorizer) receives. */
export interface WebSocketEventInput {
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  routeKey: string;
  connectionId: string;
  identity: RequestIdentity;
  /** The message (MESSAGE events). */
  body?: string;
  /** When the connection opened (epoch ms). */
  connectedAt: number;
  /** CONNECT: the client's Upgrade request, whose headers and query the event carries. */
  upgrade?: HttpRequest;
  /** The User-Agent of the Upgrade, which the CONNECT event's identity names. */
  userAgent?: string;
  /** DISCONNECT: the close code and reason, as the closing side sent them. */
  disconnect?: { statusCode: number; reason: string };
  /** MESSAGE: the message's id, 16 characters of base64 like the request id (`"messageId": "BFaVtfGSIAMCKug="`). */
  messageId?: string;
}

function websocketContext(input: WebSocketEventInput): Record<string, unknown> {
  const { identity, eventType, connectionId } = input;
  return {
    routeKey: input.routeKey,
    ...(eventType === 'MESSAGE' ? { messageId: input.messageId ?? extendedRequestId(identity) } : {}),
    ...(input.disconnect ? { disconnectStatusCode: input.disconnect.statusCode } : {}),
    eventType,
    extendedRequestId: extendedRequestId(identity),
    requestTime: requestTime(identity.timeEpoch),
    messageDirection: 'IN',
    ...(input.disconnect ? { disconnectReason: input.disconnect.reason } : {}),
    stage: identity.stage,
    connectedAt: input.connectedAt,
    requestTimeEpoch: identity.timeEpoch,
    // AWS's CONNECT examples name the caller's User-Agent; its MESSAGE and DISCONNECT examples only the address.
    identity: { ...(eventType === 'CONNECT' && input.userAgent ? { userAgent: input.userAgent } : {}), sourceIp: identity.sourceIp },
    requestId: identity.requestId,
    domainName: identity.domainName,
    connectionId,
    apiId: identity.apiId,
  };
}

/**
 * The headers of a DISCONNECT event. AWS's $disconnect events carry a few headers of the
 * gateway's own, empty where there is nothing to say (`"x-api-key": ""`, `"X-Forwarded-For": ""`,
 * `"x-restapi": ""`), not the client's. An observation of real events: the DG does not list them.
 */
function disconnectHeaders(identity: RequestIdentity): HeaderList {
  return [['Host', identity.domainName], ['x-api-key', ''], ['X-Forwarded-For', ''], ['x-restapi', '']];
}

/** The WebSocket event a route's Lambda integration receives. */
export function websocketEvent(input: WebSocketEventInput): string {
  const headers = input.upgrade ? integrationHeaders(input.upgrade.headers, input.identity, false) : input.eventType === 'DISCONNECT' ? disconnectHeaders(input.identity) : undefined;
  const { values } = splitTarget(input.upgrade?.target ?? '');
  return JSON.stringify({
    ...(headers ? { headers: headerObject(headers, false, false), multiValueHeaders: multiValue(headers) } : {}),
    ...(values ? { queryStringParameters: lastValues(values), multiValueQueryStringParameters: values } : {}),
    requestContext: websocketContext(input),
    ...(input.body !== undefined ? { body: input.body } : {}),
    isBase64Encoded: false,
  });
}

/**
 * A WebSocket $connect authorizer's input (DG apigateway-websocket-api-lambda-auth): a REQUEST
 * event with the Upgrade's headers and query, and the CONNECT request context.
 */
export function websocketAuthorizerEvent(input: WebSocketEventInput, methodArn: string): string {
  // The DG's example input keeps the handshake's own headers (`"Connection": "upgrade"`,
  // `"Upgrade": "websocket"`) and names its empty body (`"content-length": "0"`), which the
  // $connect integration's event does not carry (Powertools' captured $connect event).
  const upgradeHeaders = input.upgrade?.headers ?? [];
  const headers = integrationHeaders(has(upgradeHeaders, 'content-length') ? upgradeHeaders : [...upgradeHeaders, ['content-length', '0']], input.identity, false, true);
  const { values } = splitTarget(input.upgrade?.target ?? '');
  return JSON.stringify({
    type: 'REQUEST',
    methodArn,
    headers: headerObject(headers, false, false),
    multiValueHeaders: multiValue(headers),
    queryStringParameters: lastValues(values) ?? {},
    multiValueQueryStringParameters: values ?? {},
    stageVariables: {},
    requestContext: websocketContext(input),
  });
}
