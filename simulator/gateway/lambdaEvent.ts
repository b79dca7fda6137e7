import type { HeaderList, HttpRequest } from '../net/http';

/*
 * The JSON API Gateway sends to Lambda, built field for field so that its size is the size
 * Lambda receives. Shapes from the DG pages set-up-lambda-proxy-integrations (REST, format
 * 1.0), http-api-develop-integrations-lambda (HTTP API 1.0 and 2.0) and
 * apigateway-websocket-api-mapping-template-reference / the WebSocket Lambda event.
 */

export interface RequestIdentity {
  accountId: string;
  apiId: string;
  stage: string;
  requestId: string;
  /** Simulated epoch milliseconds. */
  timeEpoch: number;
  sourceIp: string;
  domainName: string;
  resourcePath: string;
  routeKey: string;
  pathParameters: Record<string, string>;
  /** Claims or context an authorizer passed on, if any. */
  authorizer?: Record<string, string>;
  /** The request's X-Ray root (`Root=1-...`, pipeline traceId), when the gateway has drawn one. */
  traceId?: string;
}

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

/** Payload format 1.0: REST Lambda proxy integrations and HTTP APIs that ask for it. */
export function proxyEventV1(request: HttpRequest, identity: RequestIdentity, userAgent: string): string {
  const { path, values } = splitTarget(request.target);
  const body = request.body && request.body.length > 0 ? Buffer.from(request.body).toString('utf8') : null;
  return JSON.stringify({
    version: '1.0',
    resource: identity.resourcePath,
    path,
    httpMethod: request.method,
    headers: headerObject(request.headers, false, false),
    multiValueHeaders: multiValue(request.headers),
    queryStringParameters: values ? Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list[list.length - 1]])) : null,
    multiValueQueryStringParameters: values,
    requestContext: {
      accountId: identity.accountId,
      apiId: identity.apiId,
      ...(identity.authorizer ? { authorizer: identity.authorizer } : {}),
      domainName: identity.domainName,
      domainPrefix: identity.domainName.split('.')[0],
      extendedRequestId: identity.requestId.slice(0, 16),
      httpMethod: request.method,
      identity: { accessKey: null, accountId: null, caller: null, cognitoIdentityId: null, sourceIp: identity.sourceIp, user: null, userAgent, userArn: null },
      path: `/${identity.stage}${path}`,
      protocol: 'HTTP/1.1',
      requestId: identity.requestId,
      requestTime: requestTime(identity.timeEpoch),
      requestTimeEpoch: identity.timeEpoch,
      resourceId: identity.requestId.slice(0, 6),
      resourcePath: identity.resourcePath,
      stage: identity.stage,
    },
    pathParameters: Object.keys(identity.pathParameters).length > 0 ? identity.pathParameters : null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
  });
}

/** Payload format 2.0: the HTTP API default. Header names are lowercased, duplicates comma-joined. */
export function proxyEventV2(request: HttpRequest, identity: RequestIdentity, userAgent: string): string {
  const { path, values, rawQuery } = splitTarget(request.target);
  const query = values ? Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list.join(',')])) : null;
  const cookieHeaders = request.headers.filter(([name]) => name.toLowerCase() === 'cookie');
  const cookies = cookieHeaders.length > 0 ? cookieHeaders.flatMap(([, value]) => value.split(/;\s*/)) : undefined;
  const headers = headerObject(request.headers.filter(([name]) => name.toLowerCase() !== 'cookie'), true, true);
  const body = request.body && request.body.length > 0 ? Buffer.from(request.body).toString('utf8') : undefined;
  return JSON.stringify({
    version: '2.0',
    routeKey: identity.routeKey,
    rawPath: path,
    rawQueryString: rawQuery,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: identity.accountId,
      apiId: identity.apiId,
      ...(identity.authorizer ? { authorizer: { jwt: { claims: identity.authorizer, scopes: null } } } : {}),
      domainName: identity.domainName,
      domainPrefix: identity.domainName.split('.')[0],
      http: { method: request.method, path, protocol: 'HTTP/1.1', sourceIp: identity.sourceIp, userAgent },
      requestId: identity.requestId,
      routeKey: identity.routeKey,
      stage: identity.stage,
      time: requestTime(identity.timeEpoch),
      timeEpoch: identity.timeEpoch,
    },
    ...(Object.keys(identity.pathParameters).length > 0 ? { pathParameters: identity.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  });
}

/** What a Lambda proxy integration must return (REST: anything else is a 502). */
export function proxyResult(status: number, headers: Record<string, string>, body: string): string {
  return JSON.stringify({ statusCode: status, headers, body, isBase64Encoded: false });
}

/** A TOKEN authorizer's input: {"type":"TOKEN","authorizationToken":..., "methodArn":...}. */
export function tokenAuthorizerEvent(token: string, methodArn: string): string {
  return JSON.stringify({ type: 'TOKEN', authorizationToken: token, methodArn });
}

/** An IAM policy an authorizer returns, with a principal and context. */
export function authorizerPolicy(effect: 'Allow' | 'Deny', methodArn: string, principalId: string, context: Record<string, string>): string {
  return JSON.stringify({
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }] },
    context,
  });
}

/** The WebSocket event a route's Lambda integration receives. */
export function websocketEvent(eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT', routeKey: string, connectionId: string, identity: RequestIdentity, body: string | undefined, connectedAt: number, headers?: HeaderList): string {
  return JSON.stringify({
    ...(headers ? { headers: headerObject(headers, false, false), multiValueHeaders: multiValue(headers) } : {}),
    requestContext: {
      routeKey,
      ...(eventType === 'MESSAGE' ? { messageId: `${connectionId.slice(0, 8)}${identity.requestId.slice(0, 8)}` } : {}),
      eventType,
      extendedRequestId: identity.requestId.slice(0, 16),
      requestTime: requestTime(identity.timeEpoch),
      messageDirection: 'IN',
      stage: identity.stage,
      connectedAt,
      requestTimeEpoch: identity.timeEpoch,
      identity: { sourceIp: identity.sourceIp },
      requestId: identity.requestId,
      domainName: identity.domainName,
      connectionId,
      apiId: identity.apiId,
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  });
}
