import type { ApiType, Integration, IntegrationType, Route, SourceLocation } from '../../model/gateway';
import { DEFAULT_ROUTE_KEY, normalizeRouteKey } from './routeKeys';

/*
 * Integration types, connection types and Lambda payload formats, as the API Gateway API
 * reference spells them (Integration `type`, `connectionType`; ApiGatewayV2 Integration
 * `payloadFormatVersion`), and the integration quick create makes.
 */

export const INTEGRATION_TYPES: readonly IntegrationType[] = ['AWS_PROXY', 'AWS', 'HTTP_PROXY', 'HTTP', 'MOCK'];

/** An integration type as written, in any case (`aws_proxy` in OpenAPI), or undefined when it is not one. */
export function parseIntegrationType(text: string | undefined): IntegrationType | undefined {
  const upper = text?.toUpperCase();
  return (INTEGRATION_TYPES as readonly string[]).includes(upper ?? '') ? upper as IntegrationType : undefined;
}

/** "HTTP APIs support only Lambda proxy and HTTP proxy integrations" (OpenAPI import), AWS service integrations being AWS_PROXY with a subtype. */
export const HTTP_API_INTEGRATION_TYPES: readonly IntegrationType[] = ['AWS_PROXY', 'HTTP_PROXY'];

/** "The default value is INTERNET" (Integration connectionType): an integration that names none connects over the internet. */
export const DEFAULT_CONNECTION_TYPE: NonNullable<Integration['connectionType']> = 'INTERNET';

/** A connection type as written, or undefined when it is not INTERNET or VPC_LINK. */
export function parseConnectionType(text: string | undefined): Integration['connectionType'] | undefined {
  const upper = text?.toUpperCase();
  return upper === 'INTERNET' || upper === 'VPC_LINK' ? upper : undefined;
}

/**
 * An HTTP API Lambda payload format version, "1.0" or "2.0" (ApiGatewayV2 Integration
 * payloadFormatVersion); YAML may read either as a number, and `1` or `2` mean the same.
 */
export function parsePayloadFormatVersion(value: string | number | undefined): Integration['payloadFormatVersion'] | undefined {
  const number = typeof value === 'number' ? value : value !== undefined && value.trim() !== '' ? Number(value) : NaN;
  return number === 1 ? '1.0' : number === 2 ? '2.0' : undefined;
}

/** Integration timeouts a config may set, in ms: 50 ms up, to the 300 s a raised REST quota allows (DG api-gateway-execution-service-limits-table). */
export const INTEGRATION_TIMEOUT_LIMITS_MS = { min: 50, max: 300_000 } as const;

/** What a quick create's target names: a Lambda function, or an HTTP URL. */
export type QuickCreateTarget = { functionName: string } | { url: string };

/**
 * Quick create (DG "Create an HTTP API", quick create; ApiGatewayV2 CreateApi `target`): an
 * integration (a Lambda proxy with the latest payload format 2.0, or an HTTP proxy), a route
 * (`routeKey`, by default `$default`) to it, and an auto-deployed `$default` stage, which the
 * caller adds under the name this gives.
 */
export function quickCreate(id: string, target: QuickCreateTarget, routeKeyText: string | undefined, apiType: ApiType, location: SourceLocation): { integration: Integration; route: Route; stageName: string } {
  const integration: Integration = 'functionName' in target
    ? { id, type: 'AWS_PROXY', functionName: target.functionName, payloadFormatVersion: '2.0', connectionType: 'INTERNET', location }
    : { id, type: 'HTTP_PROXY', uri: target.url, connectionType: 'INTERNET', location };
  const route: Route = { key: normalizeRouteKey(routeKeyText ?? DEFAULT_ROUTE_KEY, apiType), authorizationType: 'NONE', integrationId: id, location };
  return { integration, route, stageName: '$default' };
}
