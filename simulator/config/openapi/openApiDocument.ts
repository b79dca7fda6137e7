import type { Api, CorsConfiguration, EndpointType, SourceLocation, VpcLink } from '../../model/gateway';
import { corsConfiguration } from '../aws/cors';
import { DEFAULT_REGION, defaultEndpointType, defaultStageName, emptyApi, parseEndpointType } from '../aws/apiDefaults';
import { executeApiRegion } from '../aws/customDomains';
import { addGatewayResponse, gatewayResponseOverride } from '../aws/gatewayResponseTypes';
import { DEFAULT_API_KEY_SOURCE, parseApiKeySource } from '../aws/usagePlans';
import type { ConfigReader, ReaderContext } from '../formatReader';
import { bool, entries, entry, get, items, num, type PNode, str } from '../tree';
import { detectType } from './openApiApiType';
import { readPaths, readValidators } from './openApiOperations';
import { EXTENSION, OpenApiReader, ROOT_EXTENSIONS, slugId } from './openApiReader';
import { readSecuritySchemes } from './openApiSecurity';

/*
 * OpenAPI 3.0/3.1 and Swagger 2.0 definitions as API Gateway imports them: the document's
 * version, API type and root extensions (endpoint type, API key source, security policy),
 * then its security schemes, validators and paths (openApiSecurity.ts, openApiOperations.ts).
 * Sources: API Gateway developer guide, "Working with API Gateway extensions to OpenAPI" and
 * the page of each extension; "Working with OpenAPI definitions for HTTP APIs".
 */

/** Reads the definition: the API with its routes, integrations and authorizers, and the VPC links its integrations name. */
export function readDefinition(reader: OpenApiReader): { api: Api; vpcLinks: VpcLink[] } {
  checkVersion(reader);
  reader.type = reader.options.apiType ?? detectType(reader);
  const title = reader.options.name ?? reader.text(get(get(reader.root, 'info'), 'title'), 'info.title')?.value;
  if (reader.swagger && reader.type === 'HTTP') {
    reader.findings.error('UNSUPPORTED_FEATURE', 'HTTP APIs import OpenAPI 3 definitions only, not Swagger 2.0 ("Working with OpenAPI definitions for HTTP APIs")', entry(reader.root, 'swagger')?.keyLocation ?? reader.options.location);
  }
  reader.api = emptyApi(reader.options.id, title ?? reader.options.id, reader.type, reader.options.region ?? serverRegion(reader) ?? DEFAULT_REGION, reader.options.location);
  reader.api.endpointType = readEndpointType(reader);
  reader.api.stages.push({ name: defaultStageName(reader.type), location: reader.options.location });
  readRootExtensions(reader);
  readSecuritySchemes(reader);
  readValidators(reader);
  readPaths(reader);
  return { api: reader.api, vpcLinks: [...reader.vpcLinks.values()] };
}

export function checkVersion(reader: OpenApiReader): void {
  const swagger = entry(reader.root, 'swagger');
  const openapi = entry(reader.root, 'openapi');
  if (swagger && !/^2(\.0)?(\.\d+)?$/.test(String(str(swagger.value)))) {
    reader.findings.warning('UNSUPPORTED_VERSION', `swagger ${str(swagger.value) ?? ''}: API Gateway imports Swagger 2.0 and OpenAPI 3.0/3.1; read as Swagger 2.0`, swagger.value.location);
  }
  if (openapi && !/^3(\.[01](\.\d+)?)?$/.test(String(str(openapi.value)))) {
    reader.findings.warning('UNSUPPORTED_VERSION', `openapi ${str(openapi.value) ?? ''}: API Gateway imports OpenAPI 3.0 and 3.1 (and Swagger 2.0); read as OpenAPI 3`, openapi.value.location);
  }
  for (const item of reader.root.entries) {
    if (item.key.startsWith('Fn::')) {
      reader.findings.warning('UNRESOLVED_REFERENCE', `the definition is computed by CloudFormation (${item.key}); its routes cannot be read`, item.keyLocation);
    }
  }
}

/** The region of an execute-api server URL (OpenAPI 3 `servers`, Swagger 2 `host`), as `get-export` writes it. */
export function serverRegion(reader: OpenApiReader): string | undefined {
  for (const server of items(get(reader.root, 'servers'))) {
    const region = executeApiRegion(str(get(server, 'url')));
    if (region) return region;
  }
  return executeApiRegion(str(get(reader.root, 'host')));
}

/**
 * x-amazon-apigateway-endpoint-configuration: at the root for Swagger 2.0, on a Server object
 * for OpenAPI 3 (both are accepted). vpcEndpointIds exist only for PRIVATE REST APIs; `types`
 * is not in the extension's documentation but is what EndpointConfiguration.Types holds, and
 * hand-written definitions use it. An export carries no endpoint type ("Import a Regional
 * API"), and import-rest-api creates an EDGE API unless told otherwise; HTTP APIs are Regional.
 */
export function readEndpointType(reader: OpenApiReader): EndpointType {
  const fallback = defaultEndpointType(reader.type);
  const candidates = [get(reader.root, `${EXTENSION}endpoint-configuration`), ...items(get(reader.root, 'servers')).map((server) => get(server, `${EXTENSION}endpoint-configuration`))];
  const config = candidates.find((candidate) => candidate !== undefined);
  if (!config) return fallback;
  if (config.kind !== 'map') {
    reader.findings.warning('INVALID_VALUE', 'x-amazon-apigateway-endpoint-configuration must be an object', config.location);
    return fallback;
  }
  const typesNode = get(config, 'types');
  const types = (typesNode?.kind === 'seq' ? typesNode.items.map(str) : [str(typesNode)]).filter((type): type is string => type !== undefined);
  if (types.length > 0) {
    const type: EndpointType | undefined = parseEndpointType(types[0]);
    if (!type) {
      reader.findings.warning('INVALID_VALUE', `endpoint type ${types[0].toUpperCase()}: expected EDGE, REGIONAL or PRIVATE`, typesNode!.location);
      return fallback;
    }
    if (types.length > 1) reader.findings.warning('INVALID_VALUE', `an API has one endpoint type; ${type} is used`, typesNode!.location);
    return type;
  }
  if (items(get(config, 'vpcEndpointIds')).length > 0) return 'PRIVATE';
  return fallback;
}

/**
 * x-amazon-apigateway-gateway-responses: response type -> { statusCode, responseParameters,
 * responseTemplates } (DG api-gateway-swagger-extensions-gateway-responses).
 */
function readGatewayResponses(reader: OpenApiReader, node: PNode): void {
  for (const item of entries(node)) {
    const pairs = (key: string): [string, string][] => entries(get(item.value, key)).flatMap((pair): [string, string][] => {
      const text = str(pair.value);
      return text === undefined ? [] : [[pair.key, text]];
    });
    const status = get(item.value, 'statusCode');
    const response = gatewayResponseOverride(item.key, str(status) ?? num(status), pairs('responseParameters'), pairs('responseTemplates'), item.keyLocation);
    addGatewayResponse(reader.api, response);
  }
}

/** The x-amazon-apigateway-cors object (DG openapi-extensions-cors-configuration). */
function readCorsExtension(node: PNode, location: SourceLocation): CorsConfiguration {
  const list = (key: string): string[] | undefined => {
    const value = get(node, key);
    if (!value) return undefined;
    return value.kind === 'seq' ? items(value).flatMap((element) => str(element) ?? []) : [str(value) ?? ''].filter(Boolean);
  };
  const maxAge = num(get(node, 'maxAge'));
  const credentials = bool(get(node, 'allowCredentials'));
  return corsConfiguration({
    allowOrigins: list('allowOrigins'), allowMethods: list('allowMethods'), allowHeaders: list('allowHeaders'), exposeHeaders: list('exposeHeaders'),
    ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}), ...(credentials !== undefined ? { allowCredentials: credentials } : {}),
  }, location);
}

export function readRootExtensions(reader: OpenApiReader): void {
  for (const item of reader.root.entries) {
    if (!item.key.startsWith(EXTENSION)) continue;
    if (!ROOT_EXTENSIONS.has(item.key)) {
      reader.findings.warning('UNKNOWN_EXTENSION', `${item.key} is not an API Gateway extension at the root of a definition; it is ignored`, item.keyLocation);
      continue;
    }
    const value = item.value;
    switch (item.key) {
      case `${EXTENSION}api-key-source`: {
        const source = parseApiKeySource(str(value));
        if (reader.type === 'HTTP') reader.findings.info('IGNORED_PROPERTY', 'HTTP APIs have no API keys; x-amazon-apigateway-api-key-source is ignored', item.keyLocation);
        else if (source) reader.api.apiKeySource = source;
        else reader.findings.warning('INVALID_VALUE', `x-amazon-apigateway-api-key-source must be HEADER or AUTHORIZER, got ${JSON.stringify(str(value) ?? null)}`, value.location);
        break;
      }
      case `${EXTENSION}security-policy`: {
        const policy = str(value);
        if (policy) reader.api.securityPolicy = policy;
        break;
      }
      case `${EXTENSION}gateway-responses`:
        readGatewayResponses(reader, value);
        break;
      case `${EXTENSION}cors`:
        // x-amazon-apigateway-cors (HTTP APIs only): allowOrigins, allowCredentials, exposeHeaders, maxAge, allowMethods, allowHeaders.
        if (reader.type === 'HTTP') reader.api.cors = readCorsExtension(value, item.keyLocation);
        else reader.findings.info('IGNORED_PROPERTY', 'x-amazon-apigateway-cors applies to HTTP APIs only; a REST API answers preflights through its OPTIONS methods', item.keyLocation);
        break;
      case `${EXTENSION}policy`:
        reader.findings.info('IGNORED_PROPERTY', 'x-amazon-apigateway-policy: resource policies are not simulated; every caller is let through', item.keyLocation);
        break;
      default:
        break;
    }
  }
  if (reader.type === 'REST' && !reader.api.apiKeySource) reader.api.apiKeySource = DEFAULT_API_KEY_SOURCE;
}

/**
 * Reads an OpenAPI 3 or Swagger 2 definition as API Gateway imports it: the API (REST or HTTP,
 * told from the extensions unless `options.apiType` says), its routes, integrations and
 * authorizers, and the VPC links its integrations name. Problems become findings; nothing throws.
 */
export function openApiToApi(
  document: PNode,
  context: ReaderContext,
  options: { id: string; name?: string; region?: string; apiType?: 'REST' | 'HTTP'; location: SourceLocation },
): { api: Api; vpcLinks: VpcLink[] } {
  if (document.kind !== 'map') {
    context.findings.error('INVALID_VALUE', 'an OpenAPI definition must be an object', document.location);
    const type = options.apiType ?? 'REST';
    const api = emptyApi(options.id, options.name ?? options.id, type, options.region ?? DEFAULT_REGION, options.location);
    api.stages.push({ name: defaultStageName(type), location: options.location });
    return { api, vpcLinks: [] };
  }
  return readDefinition(new OpenApiReader(document, context, options, true));
}

/** A standalone OpenAPI/Swagger file: the API is named by info.title, its id a slug of it. */
export const readOpenApi: ConfigReader = (input, context) => {
  const tree = input.tree;
  if (!tree) return { apis: [], vpcLinks: [] };
  const title = get(get(tree, 'info'), 'title');
  const name = title?.kind === 'scalar' && title.value !== null ? String(title.value) : undefined;
  if (!name) context.findings.warning('MISSING_PROPERTY', 'info.title is missing; the API is named "openapi"', get(tree, 'info')?.location ?? tree.location);
  const location = title?.location ?? entry(tree, 'openapi')?.keyLocation ?? entry(tree, 'swagger')?.keyLocation ?? tree.location;
  if (tree.kind !== 'map') {
    context.findings.error('INVALID_VALUE', 'an OpenAPI definition must be an object', tree.location);
    return { apis: [], vpcLinks: [] };
  }
  const { api, vpcLinks } = readDefinition(new OpenApiReader(tree, context, { id: slugId(name ?? ''), location }, false));
  return { apis: [api], vpcLinks };
};
