import type { Api, ApiType, EndpointType, SourceLocation } from '../../model/gateway';

/*
 * What an API is before its config says anything more: the defaults API Gateway applies
 * when an API is created, the same whichever tool created it.
 */

/** The Region a config that names none is simulated in (the readers' stand-in, not an AWS default). */
export const DEFAULT_REGION = 'us-east-1';

export const API_TYPES: readonly ApiType[] = ['REST', 'HTTP', 'WEBSOCKET'];

export const ENDPOINT_TYPES: readonly EndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE'];

/** An endpoint type as written (any case), or undefined when it is not one. */
export function parseEndpointType(text: string | undefined): EndpointType | undefined {
  const upper = text?.toUpperCase();
  return (ENDPOINT_TYPES as readonly string[]).includes(upper ?? '') ? upper as EndpointType : undefined;
}

/**
 * A REST API is edge-optimized unless its endpoint configuration says otherwise (API
 * reference, CreateRestApi endpointConfiguration); HTTP and WebSocket APIs are Regional
 * only (DG "Choose between REST APIs and HTTP APIs").
 */
export function defaultEndpointType(type: ApiType): EndpointType {
  return type === 'REST' ? 'EDGE' : 'REGIONAL';
}

/**
 * The stage an API is simulated on when its config deploys it to none: `prod` for REST (the
 * name the console suggests), the auto-deployed `$default` stage for HTTP and WebSocket APIs.
 */
export function defaultStageName(type: ApiType): string {
  return type === 'REST' ? 'prod' : '$default';
}

/** WebSocket APIs: "$request.body.action" is the route selection expression the console and the examples use (DG websocket-api-selection-expressions). */
export const DEFAULT_ROUTE_SELECTION_EXPRESSION = '$request.body.action';

/** An API with nothing in it yet: no stages, routes, authorizers or integrations, at its type's default endpoint. */
export function emptyApi(id: string, name: string, type: ApiType, region: string, location?: SourceLocation): Api {
  return {
    id, name, type, endpointType: defaultEndpointType(type), region, stages: [], routes: [], authorizers: [], integrations: [],
    ...(location ? { location } : {}),
  };
}
