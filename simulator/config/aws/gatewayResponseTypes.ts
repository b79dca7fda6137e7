import type { Api, GatewayResponseOverride, SourceLocation } from '../../model/gateway';

/*
 * Gateway responses as a config customizes them (DG api-gateway-gatewayResponse-definition):
 * a response type, a status code, response parameters `gatewayresponse.header.{name}` and body
 * templates by content type. Every format reader builds its override here, so the same
 * AWS fact is learned once.
 */

/** GatewayResponse responseType's valid values (API reference, GatewayResponse). */
export const GATEWAY_RESPONSE_TYPES: ReadonlySet<string> = new Set([
  'DEFAULT_4XX', 'DEFAULT_5XX', 'RESOURCE_NOT_FOUND', 'UNAUTHORIZED', 'INVALID_API_KEY', 'ACCESS_DENIED', 'AUTHORIZER_FAILURE',
  'AUTHORIZER_CONFIGURATION_ERROR', 'INVALID_SIGNATURE', 'EXPIRED_TOKEN', 'MISSING_AUTHENTICATION_TOKEN', 'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT', 'API_CONFIGURATION_ERROR', 'UNSUPPORTED_MEDIA_TYPE', 'BAD_REQUEST_PARAMETERS', 'BAD_REQUEST_BODY',
  'REQUEST_TOO_LARGE', 'THROTTLED', 'QUOTA_EXCEEDED', 'WAF_FILTERED',
]);

/** What is wrong with a gateway response type, if anything. */
export function gatewayResponseTypeProblem(type: string): string | undefined {
  if (type.includes('${') || GATEWAY_RESPONSE_TYPES.has(type)) return undefined;
  return `${JSON.stringify(type)} is not a gateway response type (one of ${[...GATEWAY_RESPONSE_TYPES].join(', ')}; DG supported-gateway-response-types)`;
}

const HEADER_PARAMETER = /^gatewayresponse\.header\.(.+)$/;

/**
 * One override from a config's fields. `parameters` are response parameters
 * (`gatewayresponse.header.Access-Control-Allow-Origin: "'*'"`); those that set no header
 * (`gatewayresponse.path...`, `gatewayresponse.querystring...`) change nothing the client sees.
 * A status code that is not a number is left out (the type's status stays).
 */
export function gatewayResponseOverride(
  type: string, statusCode: string | number | undefined, parameters: readonly [string, string][], templates: readonly [string, string][], location: SourceLocation,
): GatewayResponseOverride {
  const override: GatewayResponseOverride = { type, location };
  const status = typeof statusCode === 'number' ? statusCode : statusCode !== undefined && /^[1-5]\d\d$/.test(statusCode) ? Number(statusCode) : undefined;
  if (status !== undefined) override.statusCode = status;
  const headers = parameters.flatMap(([key, value]): [string, string][] => {
    const match = HEADER_PARAMETER.exec(key);
    return match ? [[match[1], value]] : [];
  });
  if (headers.length > 0) override.headers = Object.fromEntries(headers);
  if (templates.length > 0) override.templates = Object.fromEntries(templates);
  return override;
}

/** A later response for the same type replaces the earlier one, as PutGatewayResponse does. */
export function addGatewayResponse(api: Api, response: GatewayResponseOverride): void {
  api.gatewayResponses = [...(api.gatewayResponses ?? []).filter((existing) => existing.type !== response.type), response];
}
