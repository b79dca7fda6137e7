import { serverlessHttpApiCors } from '../aws/cors';
import type { Authorizer, Route, SourceLocation, Stage } from '../../model/gateway';
import { emptyApi } from '../aws/apiDefaults';
import { applyAuthorizerPayload, authorizationTypeOf, defaultIdentitySources } from '../aws/authorizerKinds';
import { parsePayloadFormatVersion } from '../aws/integrationTypes';
import { DEFAULT_ROUTE_KEY, HTTP_METHODS, routeKey } from '../aws/routeKeys';
import type { PEntry } from '../tree';
import { type Building, type FunctionInfo, functionOfArn, keyed, literal, type ServerlessReader } from './serverlessReader';
import { findById } from '../idIndex';

/*
 * The HTTP API a service's `httpApi` events build (serverless.com/framework/docs/providers/aws/events/http-api):
 * its routes, Lambda integrations, and JWT and Lambda authorizers.
 */

/** HTTP API methods (http-api.js allowedMethods); `*` means ANY. */
const HTTP_API_METHOD_PATH = /^(?:\*|(ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE) (\/\S*))$/i;

export function httpApi(reader: ServerlessReader, location: SourceLocation): Building {
  if (reader.http) return reader.http;
  const c = reader.config;
  const settings = c.at(reader.provider, 'httpApi');
  const externalEntry = c.entry(settings, 'id');
  const externalId = externalEntry ? c.text(externalEntry.value) : undefined;
  // http-api.js compileStage: a `$default` stage with auto-deploy.
  const stage: Stage = { name: '$default' };
  if (reader.stageLimits) stage.throttle = { ...reader.stageLimits };
  const api = emptyApi(literal(externalId) ? externalId : 'HttpApi', externalId ?? reader.apiName('http'), 'HTTP', reader.region, reader.providerLocation('httpApi') ?? location);
  api.stages.push(stage);
  if (externalEntry) {
    reader.findings.info('EXTERNAL_API', `httpApi events are added to the existing HTTP API ${externalId}; its authorizers and stage are defined elsewhere`, keyed(externalEntry));
  }
  reader.http = { api, routeKeys: new Set(), integrationKeys: new Map(), integrationIds: new Set() };
  for (const entry of c.entries(c.at(settings, 'authorizers'))) api.authorizers.push(...httpAuthorizer(reader, entry));
  return reader.http;
}

/** provider.httpApi.authorizers.<key>: JWT (the default type) or a Lambda `request` authorizer. */
function httpAuthorizer(reader: ServerlessReader, entry: PEntry): Authorizer[] {
  const c = reader.config;
  const value = c.value(entry.value);
  const where = keyed(entry);
  const type = (c.text(c.at(value, 'type')) ?? 'jwt').toLowerCase();
  const name = c.text(c.at(value, 'name')) ?? entry.key;
  const identitySources = c.texts(c.at(value, 'identitySource'));
  if (type === 'request') {
    const functionEntry = c.entry(value, 'functionName');
    const functionArn = c.text(c.at(value, 'functionArn'));
    let functionName: string;
    if (functionEntry) {
      const referenced = c.text(functionEntry.value) ?? '';
      functionName = reader.functionNamed(referenced, c.value(functionEntry.value)!.location, `HTTP API authorizer ${entry.key}`);
    } else if (functionArn) {
      functionName = functionOfArn(functionArn);
    } else {
      reader.findings.error('MISSING_PROPERTY', `HTTP API authorizer ${entry.key}: a request authorizer needs functionName or functionArn`, where);
      return [];
    }
    // Caching is off unless resultTtlInSeconds is set (it then needs identitySource, http-api.js).
    const authorizer: Authorizer = { id: entry.key, name, type: 'REQUEST', identitySources: identitySources ?? [], resultTtlSeconds: c.number(c.at(value, 'resultTtlInSeconds')) ?? 0, functionName, location: where };
    // payloadVersion (default '2.0') and enableSimpleResponses, as serverless passes them to AWS::ApiGatewayV2::Authorizer.
    applyAuthorizerPayload(authorizer, c.text(c.at(value, 'payloadVersion')) ?? c.number(c.at(value, 'payloadVersion')), c.bool(c.at(value, 'enableSimpleResponses')));
    return [authorizer];
  }
  if (type !== 'jwt') {
    reader.findings.error('INVALID_VALUE', `HTTP API authorizer ${entry.key}: type must be jwt or request, got "${type}"`, where);
    return [];
  }
  const issuer = c.text(c.at(value, 'issuerUrl'));
  if (!issuer) {
    reader.findings.error('MISSING_PROPERTY', `HTTP API authorizer ${entry.key}: a JWT authorizer needs issuerUrl`, where);
    return [];
  }
  const audience = c.texts(c.at(value, 'audience'));
  // The JWT is read from the Authorization header unless identitySource says otherwise.
  return [{ id: entry.key, name, type: 'JWT', identitySources: identitySources ?? defaultIdentitySources('HTTP', 'JWT'), issuer, ...(audience ? { audience } : {}), location: where }];
}

export function httpApiEvent(reader: ServerlessReader, fn: FunctionInfo, event: PEntry, location: SourceLocation): void {
  const c = reader.config;
  const value = c.value(event.value);
  let method: string | undefined;
  let path: string | undefined;
  if (value?.kind === 'scalar') {
    const text = c.text(value) ?? '';
    const match = HTTP_API_METHOD_PATH.exec(text.trim());
    if (!match) {
      if (text.includes('${')) reader.findings.warning('UNRESOLVED_ROUTE', `${fn.key}: the httpApi event ${text} is only known at deploy time; no route is made for it`, location);
      else reader.findings.error('INVALID_ROUTE', `${fn.key}: httpApi "${text}" is neither "*" nor "METHOD /path"`, location);
      return;
    }
    if (text.trim() === '*') path = '*';
    else [, method, path] = match;
  } else if (value?.kind === 'map') {
    method = c.text(c.at(value, 'method'));
    path = c.text(c.at(value, 'path'));
  }
  let key: string;
  if (path === '*') {
    if (method && method !== '*') {
      reader.findings.error('INVALID_ROUTE', `${fn.key}: path "*" takes no method other than "*"`, location);
      return;
    }
    key = DEFAULT_ROUTE_KEY; // "httpApi: '*'" is the catch-all route
  } else {
    if (!method || !path) {
      reader.findings.error('INVALID_ROUTE', `${fn.key}: an httpApi event needs a method and a path`, location);
      return;
    }
    const upper = method === '*' ? 'ANY' : method.toUpperCase();
    if (!HTTP_METHODS.has(upper)) {
      reader.findings.error('INVALID_ROUTE', `${fn.key}: httpApi method "${method}" is not one of ${[...HTTP_METHODS].join(', ')}`, location);
      return;
    }
    if (!path.startsWith('/')) {
      reader.findings.error('INVALID_ROUTE', `${fn.key}: an HTTP API route path starts with "/", got "${path}"`, location);
      path = `/${path}`;
    }
    key = routeKey(upper, path);
  }
  const building = httpApi(reader, location);
  const route = reader.newRoute(building, key, location);
  if (!route) return;
  const authorizer = value?.kind === 'map' ? c.entry(value, 'authorizer') : undefined;
  if (authorizer) httpRouteAuthorizer(reader, building, route, authorizer);
  // One integration per function (HttpApiIntegration<Function>), 30 s timeout, payload from the function or provider.
  const payload = c.text(c.at(c.at(fn.node, 'httpApi'), 'payload')) ?? c.text(c.at(c.at(reader.provider, 'httpApi'), 'payload')) ?? '2.0';
  const payloadFormatVersion = parsePayloadFormatVersion(payload) ?? '2.0';
  if (!parsePayloadFormatVersion(payload)) {
    reader.findings.error('INVALID_VALUE', `${fn.key}: httpApi payload must be '1.0' or '2.0', got "${payload}"`, location);
  }
  route.integrationId = reader.integration(building, fn.key, { type: 'AWS_PROXY', functionName: fn.lambdaName, payloadFormatVersion, timeoutMs: 30000 }, location);
  if (value?.kind === 'map') reader.eventThrottle(building, value, key);
  building.api.routes.push(route);
}

function httpRouteAuthorizer(reader: ServerlessReader, building: Building, route: Route, entry: PEntry): void {
  const c = reader.config;
  const value = c.value(entry.value);
  const name = value?.kind === 'scalar' ? c.text(value) : c.text(c.at(value, 'name'));
  const type = c.text(c.at(value, 'type'))?.toLowerCase();
  const externalId = value?.kind === 'map' ? c.at(value, 'id') : undefined;
  if (type === 'aws_iam') {
    route.authorizationType = 'AWS_IAM';
    return;
  }
  if (externalId) {
    const id = c.text(externalId) ?? '';
    route.authorizerId = id;
    route.authorizationType = authorizationTypeOf(type === 'request' ? 'REQUEST' : 'JWT');
    if (!building.api.authorizers.some((authorizer) => authorizer.id === id)) {
      reader.findings.info('EXTERNAL_AUTHORIZER', `${route.key}: authorizer ${id} is defined outside reader file`, keyed(entry));
      building.api.authorizers.push(type === 'request'
        ? { id, name: id, type: 'REQUEST', identitySources: defaultIdentitySources('HTTP', 'REQUEST'), functionName: id, location: keyed(entry) }
        : { id, name: id, type: 'JWT', identitySources: defaultIdentitySources('HTTP', 'JWT'), issuer: id, location: keyed(entry) });
    }
    return;
  }
  if (!name) {
    reader.findings.error('MISSING_PROPERTY', `${route.key}: an httpApi authorizer needs a name (a key of provider.httpApi.authorizers) or type: aws_iam`, keyed(entry));
    return;
  }
  // A name that is not in provider.httpApi.authorizers is reported by the shared model checks.
  const known = findById(building.api.authorizers, name);
  route.authorizerId = name;
  route.authorizationType = authorizationTypeOf(known?.type ?? (type === 'request' ? 'REQUEST' : 'JWT'));
}

export function finishHttp(reader: ServerlessReader): void {
  const c = reader.config;
  const settings = c.entry(reader.provider, 'httpApi');
  if (!reader.http && settings && c.entries(c.at(settings.value, 'authorizers')).length > 0) {
    reader.findings.info('IGNORED_PROPERTY', 'provider.httpApi has no effect: no function has an httpApi event, so there is no HTTP API', keyed(settings));
  }
  const corsEntry = c.entry(settings?.value, 'cors');
  const cors = c.value(corsEntry?.value);
  if (reader.http && corsEntry && cors && !(cors.kind === 'scalar' && c.bool(cors) !== true)) {
    // http-api.js resolveConfiguration: `true` or {allowedOrigins, allowedHeaders, allowedMethods, allowCredentials, exposedResponseHeaders, maxAge}.
    const list = (key: string): string[] | undefined => c.strings(c.at(cors, key));
    const maxAge = c.number(c.at(cors, 'maxAge'));
    const fields = cors.kind === 'map' ? {
      allowOrigins: list('allowedOrigins'), allowHeaders: list('allowedHeaders'), allowMethods: list('allowedMethods'), exposeHeaders: list('exposedResponseHeaders'),
      allowCredentials: c.bool(c.at(cors, 'allowCredentials')) === true, ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
    } : true as const;
    const methods = reader.http.api.routes.map((route) => (route.key === DEFAULT_ROUTE_KEY ? 'ANY' : route.key.split(' ')[0]));
    reader.http.api.cors = serverlessHttpApiCors(fields, methods, keyed(corsEntry));
  }
}
