import type { ApiType, EndpointType } from '../../model/gateway';

/*
 * How long API Gateway waits for an integration, per API type and endpoint type. The config
 * checks and the gateway pipeline both read these, so the fact is learned once; gateway/quotas.ts
 * lists them in the one quotas table. DG = API Gateway Developer Guide,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/<page>.html.
 */

/**
 * REST: "Integration timeout for Regional APIs | 50 milliseconds - 29 seconds for all integration
 * types ... | Yes*", the same for private APIs, and for edge-optimized APIs "| No" (DG
 * api-gateway-execution-service-limits-table). The asterisk: "You can raise the integration timeout
 * to greater than 29 seconds for Regional REST APIs and private REST APIs, but this might require a
 * reduction in your account-level throttle quota limit" ("Amazon API Gateway integration timeout
 * limit increase beyond 29 seconds", What's New, June 4 2024,
 * https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/).
 * `max` is the default quota; what a raised quota allows is INTEGRATION_TIMEOUT_LIMITS_MS.max.
 */
export const REST_INTEGRATION_TIMEOUT_MS = { min: 50, default: 29_000, max: 29_000 } as const;
/**
 * HTTP API: "Maximum integration timeout | 30 seconds | No" (DG http-api-quotas); "The default
 * timeout is ... 30 seconds for HTTP APIs" (ApiGatewayV2 Integration timeoutInMillis).
 */
export const HTTP_INTEGRATION_TIMEOUT_MS = { min: 50, default: 30_000, max: 30_000 } as const;
/**
 * WebSocket: "Integration timeout | 50 milliseconds - 29 seconds for all integration types ... | No"
 * (DG apigateway-execution-service-websocket-limits-table); the default is 29 s (ApiGatewayV2 Integration timeoutInMillis).
 */
export const WEBSOCKET_INTEGRATION_TIMEOUT_MS = { min: 50, default: 29_000, max: 29_000 } as const;

/**
 * The longest an integration may be waited for on an API of this type and endpoint: 30 s on an
 * HTTP API, 29 s on a WebSocket API and an edge-optimized REST API. A Regional or private REST
 * API may have its quota raised past 29 s, so its integration's own timeout stands (Infinity).
 */
export function maxIntegrationTimeoutMs(apiType: ApiType, endpointType: EndpointType): number {
  if (apiType === 'HTTP') return HTTP_INTEGRATION_TIMEOUT_MS.max;
  if (apiType === 'WEBSOCKET') return WEBSOCKET_INTEGRATION_TIMEOUT_MS.max;
  return endpointType === 'EDGE' ? REST_INTEGRATION_TIMEOUT_MS.max : Number.POSITIVE_INFINITY;
}

/** What a configured integration timeout means on an API of this type and endpoint. */
export type IntegrationTimeoutVerdict =
  | { kind: 'allowed' }
  /** Above what the API type or endpoint ever allows: the gateway waits `maximumMs`. */
  | { kind: 'above-maximum'; maximumMs: number }
  /** Above the default quota of a Regional or private REST API: allowed once the account's quota is raised. */
  | { kind: 'needs-raised-quota'; defaultMaximumMs: number };

export function integrationTimeoutVerdict(timeoutMs: number, apiType: ApiType, endpointType: EndpointType): IntegrationTimeoutVerdict {
  const maximumMs = maxIntegrationTimeoutMs(apiType, endpointType);
  if (timeoutMs > maximumMs) return { kind: 'above-maximum', maximumMs };
  if (apiType === 'REST' && timeoutMs > REST_INTEGRATION_TIMEOUT_MS.max) return { kind: 'needs-raised-quota', defaultMaximumMs: REST_INTEGRATION_TIMEOUT_MS.max };
  return { kind: 'allowed' };
}
