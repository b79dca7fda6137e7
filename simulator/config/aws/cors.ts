import type { CorsConfiguration, IntegrationResponse, SourceLocation } from '../../model/gateway';

/*
 * CORS as the deploy tools write it, learned once for every format reader:
 *
 * - HTTP APIs: a CorsConfiguration on the API (AWS::ApiGatewayV2::Api Cors, SAM HttpApi
 *   CorsConfiguration, x-amazon-apigateway-cors, aws_apigatewayv2_api cors_configuration,
 *   serverless provider.httpApi.cors); the gateway answers preflights itself (DG http-api-cors).
 * - REST APIs: an OPTIONS method with a MOCK integration whose integration response maps static
 *   header values (`method.response.header.Access-Control-Allow-Origin` -> `'*'`), written by
 *   SAM Cors (samtranslator swagger.py add_cors), serverless `cors: true` (api-gateway/lib/cors.js)
 *   or by hand.
 */

/** The CORS response headers a preflight answer carries, in the order samtranslator and serverless write them. */
export const ALLOW_ORIGIN = 'Access-Control-Allow-Origin';
export const ALLOW_HEADERS = 'Access-Control-Allow-Headers';
export const ALLOW_METHODS = 'Access-Control-Allow-Methods';
export const MAX_AGE = 'Access-Control-Max-Age';
export const ALLOW_CREDENTIALS = 'Access-Control-Allow-Credentials';
export const EXPOSE_HEADERS = 'Access-Control-Expose-Headers';

const METHOD_RESPONSE_HEADER = 'method.response.header.';

/** The fields of a CORS configuration as a reader finds them, any of them absent. */
export interface CorsFields {
  allowOrigins?: readonly string[];
  allowMethods?: readonly string[];
  allowHeaders?: readonly string[];
  exposeHeaders?: readonly string[];
  maxAgeSeconds?: number;
  allowCredentials?: boolean;
}

/** An HTTP API's CorsConfiguration from its fields; an absent list allows nothing (AWS::ApiGatewayV2::Api Cors: every property optional). */
export function corsConfiguration(fields: CorsFields, location?: SourceLocation): CorsConfiguration {
  return {
    allowOrigins: [...(fields.allowOrigins ?? [])],
    allowMethods: [...(fields.allowMethods ?? [])],
    allowHeaders: [...(fields.allowHeaders ?? [])],
    exposeHeaders: [...(fields.exposeHeaders ?? [])],
    ...(fields.maxAgeSeconds !== undefined && Number.isInteger(fields.maxAgeSeconds) ? { maxAgeSeconds: fields.maxAgeSeconds } : {}),
    allowCredentials: fields.allowCredentials ?? false,
    ...(location ? { location } : {}),
  };
}

/**
 * SAM HttpApi CorsConfiguration written as a string or `true` (samtranslator http_api_generator
 * `_add_cors`: a string is the one allowed origin; `true` allows every origin, `*`). Assumption:
 * `true` sets AllowOrigins only, as the translator's CorsProperties default the rest to none.
 */
export function samShorthandCors(value: string | true, location?: SourceLocation): CorsConfiguration {
  return corsConfiguration({ allowOrigins: [value === true ? '*' : value] }, location);
}

/**
 * serverless.yml `provider.httpApi.cors` (http-api.js resolveConfiguration): `true` or an object
 * whose absent origins and headers take the defaults below; methods absent: OPTIONS plus the
 * method of every httpApi event (shouldFillCorsMethods).
 */
export const SERVERLESS_HTTP_API_DEFAULT_HEADERS: readonly string[] = [
  'Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id',
];

export function serverlessHttpApiCors(fields: CorsFields | true, routeMethods: readonly string[], location?: SourceLocation): CorsConfiguration {
  const given = fields === true ? {} : fields;
  // `*` (any method) is kept as written; ANY events are written `*` in serverless.yml.
  const methods = given.allowMethods ?? ['OPTIONS', ...new Set(routeMethods.map((method) => (method === 'ANY' ? '*' : method)))];
  return corsConfiguration({
    ...given,
    allowOrigins: given.allowOrigins ?? ['*'],
    allowHeaders: given.allowHeaders ?? SERVERLESS_HTTP_API_DEFAULT_HEADERS,
    allowMethods: methods,
  }, location);
}

/** A static header value as a response parameter writes it: `'*'`. */
export function staticValue(value: string): string {
  return `'${value}'`;
}

/** The value a response parameter gives when it is static (`'*'` -> `*`); undefined for a mapping (`integration.response.header.X`). */
export function staticParameterValue(expression: string): string | undefined {
  return /^'(.*)'$/s.exec(expression.trim())?.[1];
}

/** An integration response, checked: a status code API Gateway takes (100-599), its selection pattern, and the method response headers it maps. */
export function integrationResponse(statusCode: number, selectionPattern: string | undefined, responseParameters: Record<string, string> | undefined): IntegrationResponse | undefined {
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  const headers = Object.entries(responseParameters ?? {}).filter(([name, value]) => name.startsWith(METHOD_RESPONSE_HEADER) && typeof value === 'string');
  return {
    statusCode,
    ...(selectionPattern ? { selectionPattern } : {}),
    ...(headers.length > 0 ? { responseParameters: Object.fromEntries(headers) } : {}),
  };
}

/** The header name a response parameter sets (`method.response.header.Access-Control-Allow-Origin`), or undefined. */
export function responseHeaderName(parameter: string): string | undefined {
  return parameter.startsWith(METHOD_RESPONSE_HEADER) ? parameter.slice(METHOD_RESPONSE_HEADER.length) : undefined;
}

function headerParameters(headers: readonly [string, string][]): Record<string, string> {
  return Object.fromEntries(headers.map(([name, value]) => [`${METHOD_RESPONSE_HEADER}${name}`, value]));
}

/** SAM Api Cors (AWS::Serverless::Api Cors, CorsConfiguration): values are written already quoted (`"'*'"`). */
export interface SamRestCors {
  allowOrigin: string;
  allowHeaders?: string;
  allowMethods?: string;
  maxAge?: string;
  allowCredentials?: boolean;
}

const ALL_SAM_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * The preflight integration response SAM writes for a path (samtranslator swagger.py
 * `_options_method_response_for_cors`: status 200, Allow-Origin, then Allow-Headers,
 * Allow-Methods, Max-Age when given, Allow-Credentials `'true'` when true). Allow-Methods
 * defaults to the path's methods plus OPTIONS, sorted, ANY as every method
 * (`_make_cors_allowed_methods_for_path`).
 */
export function samRestCorsResponse(cors: SamRestCors, pathMethods: readonly string[]): IntegrationResponse {
  const methods = new Set(pathMethods.flatMap((method) => (method === 'ANY' ? ALL_SAM_METHODS : [method.toUpperCase()])));
  methods.add('OPTIONS');
  const headers: [string, string][] = [[ALLOW_ORIGIN, cors.allowOrigin]];
  if (cors.allowHeaders) headers.push([ALLOW_HEADERS, cors.allowHeaders]);
  headers.push([ALLOW_METHODS, cors.allowMethods ?? staticValue([...methods].sort().join(','))]);
  if (cors.maxAge !== undefined) headers.push([MAX_AGE, cors.maxAge]);
  if (cors.allowCredentials === true) headers.push([ALLOW_CREDENTIALS, staticValue('true')]);
  return { statusCode: 200, responseParameters: headerParameters(headers) };
}

/** serverless.yml `cors` of an http event (api-gateway/lib/validate.js getCors), merged per path. */
export interface ServerlessRestCors {
  origins: string[];
  headers: string[];
  methods: string[];
  allowCredentials: boolean;
  maxAge?: number;
  cacheControl?: string;
}

/** The headers `cors: true` allows (validate.js getCors). */
export const SERVERLESS_REST_DEFAULT_HEADERS: readonly string[] = SERVERLESS_HTTP_API_DEFAULT_HEADERS;

/**
 * One http event's cors (validate.js getCors): `true` is origin `*`, the default headers and
 * OPTIONS plus the event's method; an object overrides what it gives and gets OPTIONS and the
 * event's method added to its methods.
 */
export function serverlessRestEventCors(value: true | Partial<ServerlessRestCors> & { origin?: string }, method: string): ServerlessRestCors {
  if (value === true) return { origins: ['*'], headers: [...SERVERLESS_REST_DEFAULT_HEADERS], methods: ['OPTIONS', method.toUpperCase()], allowCredentials: false };
  const methods = [...(value.methods ?? [])];
  if (!methods.includes('OPTIONS')) methods.push('OPTIONS');
  if (!methods.includes(method.toUpperCase())) methods.push(method.toUpperCase());
  const origins = value.origins ?? (value.origin ?? '*').split(',').map((origin) => origin.trim());
  return {
    origins, headers: value.headers ?? [...SERVERLESS_REST_DEFAULT_HEADERS], methods, allowCredentials: value.allowCredentials ?? false,
    ...(value.maxAge !== undefined ? { maxAge: value.maxAge } : {}), ...(value.cacheControl ? { cacheControl: value.cacheControl } : {}),
  };
}

/** Two events' cors on one path, merged as validate.js does (lodash union of each list, the later event's list first; credentials or'ed; maxAge of the later). */
export function mergeServerlessRestCors(earlier: ServerlessRestCors | undefined, later: ServerlessRestCors): ServerlessRestCors {
  if (!earlier) return later;
  const union = (first: string[], second: string[]): string[] => [...new Set([...first, ...second])];
  return {
    origins: union(later.origins, earlier.origins), headers: union(later.headers, earlier.headers), methods: union(later.methods, earlier.methods),
    allowCredentials: earlier.allowCredentials || later.allowCredentials,
    ...(later.maxAge ?? earlier.maxAge) !== undefined ? { maxAge: later.maxAge ?? earlier.maxAge } : {},
    ...(later.cacheControl ?? earlier.cacheControl) ? { cacheControl: later.cacheControl ?? earlier.cacheControl } : {},
  };
}

/**
 * The preflight integration response serverless writes (api-gateway/lib/cors.js compileCors):
 * status 200; Allow-Origin (the first of several origins: a response template echoes the
 * others, not modelled), Allow-Headers, Allow-Methods (ANY as every method), then
 * Allow-Credentials, Max-Age and Cache-Control when set.
 */
export function serverlessRestCorsResponse(cors: ServerlessRestCors): IntegrationResponse {
  const headers: [string, string][] = [
    [ALLOW_ORIGIN, staticValue(cors.origins[0] ?? '*')],
    [ALLOW_HEADERS, staticValue(cors.headers.join(','))],
    [ALLOW_METHODS, staticValue(cors.methods.join(',').replace('ANY', 'DELETE,GET,HEAD,PATCH,POST,PUT'))],
  ];
  if (cors.allowCredentials) headers.push([ALLOW_CREDENTIALS, staticValue('true')]);
  if (cors.maxAge) headers.push([MAX_AGE, staticValue(String(cors.maxAge))]);
  if (cors.cacheControl) headers.push(['Cache-Control', staticValue(cors.cacheControl)]);
  return { statusCode: 200, responseParameters: headerParameters(headers) };
}
