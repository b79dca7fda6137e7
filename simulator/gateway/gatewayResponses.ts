import type { HeaderList } from '../net/http';

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
