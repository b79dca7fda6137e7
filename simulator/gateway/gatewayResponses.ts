import type { GatewayResponseOverride } from '../model/gateway';
import type { HeaderList } from '../net/http';
import { lookupPath, renderGatewayResponseTemplate, type TemplateVariables } from './gatewayResponseTemplate';

/**
 * What API Gateway answers when it stops a request itself. REST "gateway response" types
 * and default status codes are from the DG page supported-gateway-response-types; the
 * default bodies and the x-amzn-ErrorType values from real responses (Content-Length
 * checked: {"message":"Missing Authentication Token"} is 42 bytes, {"message":"Too Many
 * Requests"} 31). HTTP APIs have no gateway responses; their error bodies are listed apart.
 */

export type GatewayResponseType =
  | 'ACCESS_DENIED'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'AUTHORIZER_FAILURE'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'EXPIRED_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'INVALID_API_KEY'
  | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'QUOTA_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'THROTTLED'
  | 'UNAUTHORIZED'
  | 'WAF_FILTERED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'API_CONFIGURATION_ERROR'
  /** Not a gateway response type: a Lambda proxy integration that returned something malformed (502). */
  | 'MALFORMED_PROXY_RESPONSE';

export interface GatewayError {
  type: GatewayResponseType;
  status: number;
  /** The exact default body. */
  body: string;
  /** x-amzn-ErrorType on REST responses; undefined where no capture shows one. */
  errorType?: string;
  /** Whether the exact default body is documented or captured (false: an assumption, stated). */
  bodyDocumented: boolean;
  /** The body's media type when a gateway response template set it (default application/json). */
  contentType?: string;
}

const REST: Record<GatewayResponseType, GatewayError> = {
  ACCESS_DENIED: { type: 'ACCESS_DENIED', status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}', errorType: 'AccessDeniedException', bodyDocumented: true },
  AUTHORIZER_CONFIGURATION_ERROR: { type: 'AUTHORIZER_CONFIGURATION_ERROR', status: 500, body: '{"message":null}', bodyDocumented: false },
  AUTHORIZER_FAILURE: { type: 'AUTHORIZER_FAILURE', status: 500, body: '{"message":null}', bodyDocumented: false },
  BAD_REQUEST_BODY: { type: 'BAD_REQUEST_BODY', status: 400, body: '{"message": "Invalid request body"}', errorType: 'BadRequestException', bodyDocumented: true },
  BAD_REQUEST_PARAMETERS: { type: 'BAD_REQUEST_PARAMETERS', status: 400, body: '{"message": "Missing required request parameters: []"}', errorType: 'BadRequestException', bodyDocumented: true },
  EXPIRED_TOKEN: { type: 'EXPIRED_TOKEN', status: 403, body: '{"message":"Signature expired"}', errorType: 'InvalidSignatureException', bodyDocumented: true },
  INTEGRATION_FAILURE: { type: 'INTEGRATION_FAILURE', status: 504, body: '{"message": "Internal server error"}', bodyDocumented: false },
  INTEGRATION_TIMEOUT: { type: 'INTEGRATION_TIMEOUT', status: 504, body: '{"message": "Endpoint request timed out"}', bodyDocumented: true },
  INVALID_API_KEY: { type: 'INVALID_API_KEY', status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException', bodyDocumented: true },
  INVALID_SIGNATURE: { type: 'INVALID_SIGNATURE', status: 403, body: '{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}', errorType: 'InvalidSignatureException', bodyDocumented: true },
  MISSING_AUTHENTICATION_TOKEN: { type: 'MISSING_AUTHENTICATION_TOKEN', status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException', bodyDocumented: true },
  // The wording "Limit Exceeded" is documented (re:Post KC api-gateway-429-limit); the JSON framing is assumed like the others.
  QUOTA_EXCEEDED: { type: 'QUOTA_EXCEEDED', status: 429, body: '{"message":"Limit Exceeded"}', errorType: 'LimitExceededException', bodyDocumented: false },
  // No capture of the default 413 body was found; assumed in the same shape.
  REQUEST_TOO_LARGE: { type: 'REQUEST_TOO_LARGE', status: 413, body: '{"message":"Request Too Long"}', bodyDocumented: false },
  THROTTLED: { type: 'THROTTLED', status: 429, body: '{"message":"Too Many Requests"}', errorType: 'TooManyRequestsException', bodyDocumented: true },
  UNAUTHORIZED: { type: 'UNAUTHORIZED', status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException', bodyDocumented: true },
  WAF_FILTERED: { type: 'WAF_FILTERED', status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException', bodyDocumented: false },
  // A request body no mapping template takes under WHEN_NO_TEMPLATES or NEVER: "rejected with an HTTP 415 Unsupported Media Type
  // response" (DG integration-passthrough-behaviors); the body in the default {"message":...} shape is assumed.
  UNSUPPORTED_MEDIA_TYPE: { type: 'UNSUPPORTED_MEDIA_TYPE', status: 415, body: '{"message":"Unsupported Media Type"}', bodyDocumented: false },
  // A mapping template that fails ("Execution failed due to configuration error: Unable to transform request" in the execution log):
  // the 500 with the body API Gateway gives every internal failure of a method, as for a Lambda that returns a malformed proxy response.
  API_CONFIGURATION_ERROR: { type: 'API_CONFIGURATION_ERROR', status: 500, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException', bodyDocumented: true },
  MALFORMED_PROXY_RESPONSE: { type: 'MALFORMED_PROXY_RESPONSE', status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException', bodyDocumented: true },
};

/** A REST API's default gateway response for `type`. */
export function restGatewayError(type: GatewayResponseType): GatewayError {
  return REST[type];
}

/** What a gateway error says in its `$context.error.*` variables (DG api-gateway-mapping-template-reference). */
export interface GatewayErrorDetail {
  /** $context.error.message; the default body's message when absent. */
  message?: string;
  /** $context.error.validationErrorString (request validation only). */
  validationErrorString?: string;
}

/** The default body's message (`{"message":"Forbidden"}` -> Forbidden), or null for `{"message":null}`. */
function defaultMessage(error: GatewayError): string | null {
  const parsed = JSON.parse(error.body) as { message?: string | null; Message?: string | null };
  return parsed.message ?? parsed.Message ?? null;
}

/** The default body with its message replaced, keeping the default's spacing (`{"message": "..."}` or `{"message":"..."}`). */
function withMessage(error: GatewayError, message: string): string {
  return error.body.replace(/("[Mm]essage":\s?)(null|"(?:[^"\\]|\\.)*")/, (_whole, key: string) => `${key}${JSON.stringify(message)}`);
}

/**
 * `$context.error.*` as API Gateway fills them (DG api-gateway-mapping-template-reference):
 * message; messageString, "the quoted value of $context.error.message"; responseType; and
 * validationErrorString. Assumption, named: validationErrorString carries its quotes
 * backslash-escaped (`[object has missing required properties ([\"name\"])]`), so that a
 * template may put it between quotes in a JSON body, as published outputs of such templates show.
 */
export function errorVariables(error: GatewayError, detail: GatewayErrorDetail): Record<string, string> {
  const message = detail.message ?? defaultMessage(error) ?? '';
  return {
    message,
    messageString: JSON.stringify(message),
    responseType: error.type,
    validationErrorString: detail.validationErrorString === undefined ? '' : JSON.stringify(detail.validationErrorString).slice(1, -1),
  };
}

/** The value of a `gatewayresponse.header.X` mapping: `'static'`, `method.request.{header|querystring|path}.X`, `stageVariables.X`, `context.X`. */
function headerMappingValue(expression: string, variables: TemplateVariables, request: RequestValues): string | undefined {
  const trimmed = expression.trim();
  if (/^'.*'$/s.test(trimmed)) return trimmed.slice(1, -1);
  const method = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(trimmed);
  if (method) {
    const [, where, name] = method;
    if (where === 'header') return request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    return where === 'querystring' ? request.query.get(name) ?? undefined : request.pathParameters[name];
  }
  const [root, ...path] = trimmed.split('.');
  const value = root === 'context' ? lookupPath(variables.context, path) : root === 'stageVariables' ? lookupPath(variables.stageVariables, path) : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export interface RequestValues {
  headers: HeaderList;
  query: URLSearchParams;
  pathParameters: Record<string, string>;
}

/**
 * A REST gateway error as the API's gateway responses shape it (DG api-gateway-gatewayResponse-definition,
 * supported-gateway-response-types): the type's own override, else DEFAULT_4XX or DEFAULT_5XX by
 * the default status ("If the response type is unspecified, this response defaults to the
 * DEFAULT_4XX type"; changing DEFAULT_4XX's status "changes the status codes of all other 4XX
 * responses"). Assumption, named: an override without a status code takes the DEFAULT_*XX
 * status, then the type's default; its headers and templates are its own, or the fallback's when
 * it has none. Without a template the default body stays, its message the detail's.
 */
export function customizedRestError(
  overrides: readonly GatewayResponseOverride[] | undefined, error: GatewayError, detail: GatewayErrorDetail, variables: TemplateVariables, request: RequestValues,
): { error: GatewayError; headers: HeaderList } {
  const own = overrides?.find((override) => override.type === error.type);
  const fallback = overrides?.find((override) => override.type === (error.status < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX'));
  const status = own?.statusCode ?? fallback?.statusCode ?? error.status;
  const headerSource = own?.headers ?? fallback?.headers ?? {};
  const templates = own?.templates ?? fallback?.templates;
  const context = { ...variables.context, error: errorVariables(error, detail) };
  const full: TemplateVariables = { ...variables, context };
  const headers: HeaderList = Object.entries(headerSource).flatMap(([name, expression]): [string, string][] => {
    const value = headerMappingValue(expression, full, request);
    return value === undefined ? [] : [[name, value]];
  });
  const templateType = templates ? (Object.keys(templates).find((type) => type.toLowerCase() === 'application/json') ?? Object.keys(templates)[0]) : undefined;
  const body = templateType !== undefined
    ? renderGatewayResponseTemplate(templates![templateType], full)
    : detail.message !== undefined ? withMessage(error, detail.message) : error.body;
  return { error: { ...error, status, body, ...(templateType !== undefined ? { contentType: templateType } : {}) }, headers };
}

/**
 * HTTP API errors (no gateway responses, no x-amzn-ErrorType): no route -> 404
 * {"message":"Not Found"} (DG http-api-develop-routes); Lambda error -> 500 {"message":"Internal
 * Server Error"} (DG http-api-troubleshooting-lambda); integration timeout -> 503
 * {"message":"Service Unavailable"} (observed, content-length 33; no AWS page states it);
 * JWT failure -> 401 {"message":"Unauthorized"} with www-authenticate (DG http-api-troubleshooting-jwt);
 * throttled -> 429 {"message":"Too Many Requests"}.
 */
export type HttpApiErrorKind = 'NOT_FOUND' | 'INTERNAL_ERROR' | 'TIMEOUT' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'THROTTLED' | 'REQUEST_TOO_LARGE';

export function httpApiError(kind: HttpApiErrorKind): GatewayError {
  switch (kind) {
    case 'NOT_FOUND': return { type: 'MISSING_AUTHENTICATION_TOKEN', status: 404, body: '{"message":"Not Found"}', bodyDocumented: true };
    case 'INTERNAL_ERROR': return { type: 'MALFORMED_PROXY_RESPONSE', status: 500, body: '{"message":"Internal Server Error"}', bodyDocumented: true };
    case 'TIMEOUT': return { type: 'INTEGRATION_TIMEOUT', status: 503, body: '{"message":"Service Unavailable"}', bodyDocumented: true };
    case 'UNAUTHORIZED': return { type: 'UNAUTHORIZED', status: 401, body: '{"message":"Unauthorized"}', bodyDocumented: true };
    case 'FORBIDDEN': return { type: 'ACCESS_DENIED', status: 403, body: '{"message":"Forbidden"}', bodyDocumented: true };
    case 'THROTTLED': return { type: 'THROTTLED', status: 429, body: '{"message":"Too Many Requests"}', bodyDocumented: true };
    case 'REQUEST_TOO_LARGE': return { type: 'REQUEST_TOO_LARGE', status: 413, body: '{"message":"Request Entity Too Large"}', bodyDocumented: false };
  }
}

/** The JWT authorizer's challenge on a 401 (DG http-api-troubleshooting-jwt). */
export function jwtChallenge(description: string): HeaderList {
  return [['www-authenticate', `Bearer scope="" error="invalid_token" error_description="${description}"`]];
}
