import { ParameterError } from '../errors';
import { executeApiId, type Api, type Authorizer, type Route } from '../model/gateway';
import { headerValue, type HeaderList, type HttpRequest } from '../net/http';
import { httpApiError, jwtChallenge, restGatewayError, type GatewayError } from './gatewayResponses';
import { authorizerPolicy, httpAuthorizerEvent, requestAuthorizerEvent, simpleAuthorizerResponse, tokenAuthorizerEvent, websocketAuthorizerEvent, type AuthorizerContext, type RequestIdentity } from './lambdaEvent';
import { declare, GATEWAY, hop, httpHop, httpResponseHop, work, type GatewayEnvironment } from './pipeline';
import { AUTHORIZER_CACHE_TTL_SECONDS, JWKS_CACHE_MS, JWKS_TIMEOUT_MS, OIDC_DISCOVERY_TIMEOUT_MS } from './quotas';

/*
 * Who may call the route: IAM (SigV4), a Cognito user pool (REST), a JWT issuer (HTTP
 * APIs), or a Lambda authorizer (TOKEN or REQUEST) whose answer is cached by identity.
 */

export type AuthOutcome =
  | { kind: 'allow'; context?: AuthorizerContext }
  | { kind: 'deny'; error: GatewayError; headers?: HeaderList };

/** The header an identity source names: `method.request.header.Authorization` or `$request.header.Authorization`. */
function identityHeader(source: string): string | undefined {
  return /header\.([\w-]+)$/.exec(source)?.[1];
}

/** The value an identity source points at: a header, or a query string parameter (`route.request.querystring.token`). */
function identityValue(source: string, request: HttpRequest): string | undefined {
  const name = identityHeader(source);
  if (name) return headerValue(request.headers, name);
  const query = /querystring\.([\w-]+)$/.exec(source)?.[1];
  if (query) return new URLSearchParams(request.target.split('?')[1] ?? '').get(query) ?? undefined;
  return undefined;
}

/** Who is asking, for the Lambda authorizer's event: the request's identity, and on a WebSocket API the connection. */
export interface AuthSubject {
  identity: RequestIdentity;
  userAgent: string;
  connection?: { connectionId: string; connectedAt: number };
}

export function authorize(env: GatewayEnvironment, api: Api, route: Route, request: HttpRequest, subject: AuthSubject, done: (outcome: AuthOutcome) => void): void {
  const rest = api.type !== 'HTTP';
  const authorizer = api.authorizers.find((candidate) => candidate.id === route.authorizerId);
  switch (route.authorizationType) {
    case 'NONE':
      done({ kind: 'allow' });
      return;
    case 'AWS_IAM':
      verifySigV4(env, request, rest, done);
      return;
    case 'COGNITO_USER_POOLS':
    case 'JWT':
      verifyJwt(env, api, authorizer, request, rest, done);
      return;
    case 'CUSTOM':
      if (!authorizer) {
        done({ kind: 'deny', error: rest ? restGatewayError('AUTHORIZER_CONFIGURATION_ERROR') : httpApiError('INTERNAL_ERROR') });
        return;
      }
      lambdaAuthorizer(env, api, authorizer, request, subject, rest, done);
  }
}

function verifySigV4(env: GatewayEnvironment, request: HttpRequest, rest: boolean, done: (outcome: AuthOutcome) => void): void {
  const authorization = headerValue(request.headers, 'Authorization');
  // Signed in the header, or in the query string (X-Amz-Algorithm and X-Amz-Signature; IAM User Guide, "Authentication methods").
  // Assumption: execute-api takes query signing as other AWS endpoints do; its WebSocket IAM page only says "sign with SigV4".
  const query = new URLSearchParams(request.target.split('?')[1] ?? '');
  const querySigned = query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && query.has('X-Amz-Signature');
  if (!authorization?.startsWith('AWS4-HMAC-SHA256') && !querySigned) {
    // An unsigned request to an IAM-protected method (re:Post KC api-gateway-iam-sigv4-mismatch).
    done({ kind: 'deny', error: rest ? restGatewayError('MISSING_AUTHENTICATION_TOKEN') : httpApiError('FORBIDDEN') });
    return;
  }
  const bad = env.faults.has('invalid-signature');
  work(env, GATEWAY, 'verify SigV4 signature', env.latency.tokenVerifyMs, () => {
    // The signer: the access key from the Credential scope, the shop's backend user (an assumption: the config cannot say who signs).
    const accessKey = /Credential=([A-Z0-9]+)\//.exec(authorization ?? '')?.[1] ?? /^([A-Z0-9]+)\//.exec(query.get('X-Amz-Credential') ?? '')?.[1] ?? '';
    const signer: AuthorizerContext = {
      kind: 'iam', accessKey, accountId: env.accountId, caller: 'AIDAJQABLZS4A3QDU576Q', user: 'AIDAJQABLZS4A3QDU576Q', userArn: `arn:aws:iam::${env.accountId}:user/shop-backend`,
    };
    done(bad ? { kind: 'deny', error: rest ? restGatewayError('INVALID_SIGNATURE') : httpApiError('FORBIDDEN') } : { kind: 'allow', context: signer });
  }, { scheme: 'AWS4-HMAC-SHA256', pipelineStage: 'authorizer' });
}

/**
 * The claims of a token as API Gateway passes them on: every claim of the payload, each value
 * a string (DG http-api-jwt-authorizer: "API Gateway passes the claims ... to the integration";
 * the examples' claims are strings). How non-string claims are written is an observation of
 * real events, not documented: numbers and booleans as their text (`"exp": "1700000000"`),
 * arrays in brackets, space-separated (`"cognito:groups": "[customers admins]"`). `scopes`
 * come from the `scope` claim, split on spaces, or null when the token has none.
 */
export function jwtContext(token: string): AuthorizerContext {
  const bearer = token.replace(/^Bearer\s+/i, '');
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bearer.split('.')[1] ?? '', 'base64url').toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>;
  } catch {
    // An unreadable payload has no claims; the signature check is what refuses such a token.
  }
  const text = (value: unknown): string => Array.isArray(value) ? `[${value.map(String).join(' ')}]` : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  const claims = Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, text(value)]));
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
  return { kind: 'jwt', claims, scopes: scope && scope.length > 0 ? scope : null };
}

/** A JWKS document with two RSA-2048 keys, as issuers publish (Cognito, Auth0, Okta): its size is what is fetched. */
function jwksDocument(env: GatewayEnvironment): string {
  const key = (kid: string): Record<string, string> => ({
    alg: 'RS256', e: 'AQAB', kid, kty: 'RSA', n: Buffer.from(env.random.bytes(256)).toString('base64url'), use: 'sig',
  });
  return JSON.stringify({ keys: [key(Buffer.from(env.random.bytes(32)).toString('base64')), key(Buffer.from(env.random.bytes(32)).toString('base64'))] });
}

function verifyJwt(env: GatewayEnvironment, api: Api, authorizer: Authorizer | undefined, request: HttpRequest, rest: boolean, done: (outcome: AuthOutcome) => void): void {
  const source = identityHeader(authorizer?.identitySources[0] ?? 'Authorization') ?? 'Authorization';
  const token = headerValue(request.headers, source);
  const unauthorized = (description: string): AuthOutcome => ({
    kind: 'deny',
    error: rest ? restGatewayError('UNAUTHORIZED') : httpApiError('UNAUTHORIZED'),
    ...(rest ? {} : { headers: jwtChallenge(description) }),
  });
  if (!token) {
    done(unauthorized('missing token'));
    return;
  }
  const verify = (): void => {
    work(env, GATEWAY, rest ? 'verify Cognito token (iss, aud, exp, signature)' : 'verify JWT (kid, iss, aud, exp, nbf, iat, scope, signature)', env.latency.tokenVerifyMs, () => {
      done(env.faults.has('invalid-jwt') ? unauthorized('the token does not have a valid audience') : { kind: 'allow', context: jwtContext(token) });
    }, { pipelineStage: 'authorizer' });
  };
  const { issuer, url, unresolved } = jwtIssuer(api, authorizer);
  const fetchedAt = env.state.jwksFetchedAt.get(issuer);
  if (fetchedAt !== undefined && env.simulation.now - fetchedAt < JWKS_CACHE_MS) {
    work(env, GATEWAY, 'signing keys cached', 0, verify, { issuer, pipelineStage: 'authorizer' });
    return;
  }
  // A cold cache: the issuer's OIDC discovery document names its jwks_uri, then the keys are
  // fetched (DG rest-api-jwt-authorizer-keys, "How API Gateway finds signing keys"), each within
  // its 1,500 ms timeout (DG http-api-quotas), and kept for two hours (JWKS_CACHE_MS).
  const issuerId = declare(env, 'issuer', unresolved === undefined ? `JWT issuer ${url.host}` : `JWT issuer for ${unresolved} (assumed ${url.host})`, 'authorizer');
  const base = url.href.replace(/\/$/, '');
  const discovery = discoveryDocument(base);
  const jwksUri = new URL(discovery.jwks_uri);
  const fetchJson = (target: string, served: string, body: string, timeoutMs: number, then: () => void): void => {
    httpHop(env, GATEWAY, issuerId, { method: 'GET', target, headers: [['Host', url.host], ['Accept', 'application/json']] }, true, () => {
      work(env, issuerId, served, env.latency.jwksServerMs, () => {
        httpResponseHop(env, issuerId, GATEWAY, { status: 200, headers: [['Content-Type', 'application/json'], ['Cache-Control', 'max-age=3600']], body: Buffer.from(body) }, true, then);
      }, { timeoutMs });
    });
  };
  fetchJson(`${url.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`, 'serve OIDC discovery document', JSON.stringify(discovery), OIDC_DISCOVERY_TIMEOUT_MS, () => {
    fetchJson(jwksUri.pathname, 'serve JWKS', jwksDocument(env), JWKS_TIMEOUT_MS, () => {
      env.state.jwksFetchedAt.set(issuer, env.simulation.now);
      work(env, GATEWAY, `signing keys kept for ${JWKS_CACHE_MS / 3_600_000} h`, 0, verify, { issuer, jwksUri: jwksUri.href, cacheMs: JWKS_CACHE_MS, pipelineStage: 'authorizer' });
    });
  });
}

/**
 * An issuer's OpenID Provider Metadata with the fields OpenID Connect Discovery 1.0 §3 requires
 * (and a token endpoint), for an issuer that serves its keys at `<issuer>/.well-known/jwks.json`
 * as Cognito user pools do. Its exact fields at a given issuer are an assumption: they set its size.
 */
function discoveryDocument(issuer: string): { issuer: string; jwks_uri: string; [field: string]: unknown } {
  return {
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    id_token_signing_alg_values_supported: ['RS256'],
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    token_endpoint: `${issuer}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    userinfo_endpoint: `${issuer}/oauth2/userInfo`,
  };
}

/** Where tokens come from when a route names no issuer: a Cognito user pool in the API's Region (an assumption, the shop's). */
function assumedIssuer(api: Api): string {
  return `https://cognito-idp.${api.region}.amazonaws.com/${api.region}_shopUsers`;
}

/**
 * The issuer of a route's tokens. A config may leave it unknown (a Terraform `var.issuer`, a
 * serverless external authorizer id): then the API's assumed Cognito pool stands in, and
 * `unresolved` keeps the value as written, so the trace names it rather than failing on it.
 */
export function jwtIssuer(api: Api, authorizer: Authorizer | undefined): { issuer: string; url: URL; unresolved?: string } {
  const written = authorizer?.issuer;
  const url = written !== undefined && URL.canParse(written) ? new URL(written) : undefined;
  if (url && url.protocol === 'https:') return { issuer: written!, url };
  const issuer = assumedIssuer(api);
  // A Region that cannot stand in a host name (a config's `region = "a\u0000b"`, reported by the
  // model checks as INVALID_REGION) gives no issuer URL: a ParameterError naming the Region, not a TypeError.
  if (!URL.canParse(issuer)) throw new ParameterError('region', api.region, `an AWS Region name, to make the assumed token issuer of ${api.name}`);
  return { issuer, url: new URL(issuer), ...(written !== undefined ? { unresolved: written } : {}) };
}

/**
 * A request path without its leading `/<stage>` segment, as the method ARN names it. Compared as
 * text, not as a pattern: a stage name is the config's, and `v1(` or `[a` made the pattern
 * itself a SyntaxError.
 */
export function withoutStage(path: string, stage: string): string {
  const prefix = `/${stage}`;
  return (path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path) || '/';
}

/** The input a Lambda authorizer receives, in its API type's and format's shape. */
function authorizerEvent(env: GatewayEnvironment, api: Api, authorizer: Authorizer, request: HttpRequest, subject: AuthSubject, methodArn: string, identities: string[]): string {
  if (authorizer.type === 'TOKEN') return tokenAuthorizerEvent(identities[0], methodArn);
  if (api.type === 'WEBSOCKET') {
    const connection = subject.connection ?? { connectionId: '', connectedAt: subject.identity.timeEpoch };
    return websocketAuthorizerEvent({ eventType: 'CONNECT', routeKey: '$connect', ...connection, identity: subject.identity, upgrade: request, userAgent: subject.userAgent }, methodArn);
  }
  const below: HttpRequest = { ...request, target: request.target.slice(request.target.startsWith(`/${env.stage.name}`) ? env.stage.name.length + 1 : 0) || '/' };
  if (api.type === 'HTTP') return httpAuthorizerEvent(authorizer.payloadFormatVersion ?? '2.0', below, subject.identity, subject.userAgent, methodArn, identities);
  return requestAuthorizerEvent(below, subject.identity, subject.userAgent, methodArn);
}

/** What the authorizer function answers: an IAM policy, or with HTTP API simple responses `{"isAuthorized": ...}` (DG http-api-lambda-authorizer). */
function authorizerAnswer(api: Api, authorizer: Authorizer, allow: boolean, methodArn: string, principalId: string, context: Record<string, string>): string {
  if (api.type === 'HTTP' && authorizer.enableSimpleResponses && (authorizer.payloadFormatVersion ?? '2.0') === '2.0') return simpleAuthorizerResponse(allow, context);
  return authorizerPolicy(allow ? 'Allow' : 'Deny', methodArn, principalId, context);
}

function lambdaAuthorizer(env: GatewayEnvironment, api: Api, authorizer: Authorizer, request: HttpRequest, subject: AuthSubject, rest: boolean, done: (outcome: AuthOutcome) => void): void {
  const identities = authorizer.identitySources.map((source) => identityValue(source, request));
  if (identities.some((value) => !value)) {
    // "If a specified identity source is missing, null, or empty, API Gateway returns a 401
    // Unauthorized response without calling the authorizer Lambda function" (DG apigateway-use-lambda-authorizer).
    done({ kind: 'deny', error: rest ? restGatewayError('UNAUTHORIZED') : httpApiError('UNAUTHORIZED') });
    return;
  }
  const cacheKey = `${authorizer.id}:${identities.join('|')}`;
  const ttlSeconds = authorizer.resultTtlSeconds ?? AUTHORIZER_CACHE_TTL_SECONDS.default;
  const cachedUntil = env.state.authorizerCache.get(cacheKey);
  // A denied $connect is a WebSocket authorizer saying Deny.
  const deny = env.faults.has('authorizer-deny') || (env.api.type === 'WEBSOCKET' && env.faults.has('connect-rejected'));
  const unauthorized = env.faults.has('authorizer-unauthorized');
  // WebSocket authorizers are asked about the $connect route; REST/HTTP ones about METHOD/path (DG apigateway-websocket-api-lambda-auth).
  const path = withoutStage(request.target.split('?')[0], env.stage.name);
  const methodArn = api.type === 'WEBSOCKET'
    ? `arn:aws:execute-api:${api.region}:${env.accountId}:${executeApiId(api)}/${env.stage.name}/$connect`
    : `arn:aws:execute-api:${api.region}:${env.accountId}:${executeApiId(api)}/${env.stage.name}/${request.method}${path}`;
  // The principal and context the simulated authorizer function answers with (an assumption: the function's code is not in the config).
  const principalId = 'user-42';
  const granted = { tier: 'gold' };
  const runtime = (cold: boolean): number => env.latency.lambdaInvokeOverheadMs + (cold ? env.latency.lambdaColdStartMs : 0) + env.latency.authorizerDurationMs;
  const allowed = (latencyMs: number): AuthOutcome => ({ kind: 'allow', context: { kind: 'lambda', principalId, context: granted, integrationLatency: Math.round(latencyMs) } });
  if (cachedUntil !== undefined && env.simulation.now < cachedUntil && !deny && !unauthorized) {
    // A cached policy: the event's integrationLatency is 0, as on a cache hit.
    work(env, GATEWAY, `authorizer result cached (TTL ${ttlSeconds} s)`, 0, () => done(allowed(0)), { pipelineStage: 'authorizer' });
    return;
  }
  const functionName = authorizer.functionName ?? authorizer.name;
  const id = declare(env, `authorizer:${functionName}`, `Lambda authorizer ${functionName}`, 'authorizer');
  const event = authorizerEvent(env, api, authorizer, request, subject, methodArn, identities as string[]);
  const cold = env.faults.has('cold-start') && !env.state.warmFunctions.has(functionName);
  env.state.warmFunctions.add(functionName);
  const started = env.simulation.now;
  hop(env, GATEWAY, id, `Invoke authorizer ${functionName} (${authorizer.type})`, Buffer.byteLength(event), () => {
    work(env, id, unauthorized ? 'token rejected: "Unauthorized"' : deny ? 'policy: Deny' : 'policy: Allow', runtime(cold), () => {
      const answer = unauthorized ? JSON.stringify({ errorMessage: 'Unauthorized', errorType: 'Error' }) : authorizerAnswer(api, authorizer, !deny, methodArn, principalId, granted);
      hop(env, id, GATEWAY, unauthorized ? 'Unauthorized' : `${deny ? 'Deny' : 'Allow'} ${answer.startsWith('{"isAuthorized"') ? 'response' : 'policy'}`, Buffer.byteLength(answer), () => {
        if (unauthorized) {
          done({ kind: 'deny', error: rest ? restGatewayError('UNAUTHORIZED') : httpApiError('UNAUTHORIZED') });
          return;
        }
        if (ttlSeconds > 0) env.state.authorizerCache.set(cacheKey, env.simulation.now + ttlSeconds * 1000);
        done(deny ? { kind: 'deny', error: rest ? restGatewayError('ACCESS_DENIED') : httpApiError('FORBIDDEN') } : allowed(env.simulation.now - started));
      }, { payload: Buffer.from(answer) });
    }, { coldStart: cold, ...(cold ? { coldStartMs: env.latency.lambdaColdStartMs } : {}) }, undefined, 'backend');
  }, { kind: 'gateway.authorize', payload: Buffer.from(event), detail: { routeKey: subject.identity.routeKey } });
}
