import type { Api, ApiType, Authorizer, AuthorizerType, CorsConfiguration, Integration, Route, Stage } from '../../model/gateway';
import { corsConfiguration } from '../aws/cors';
import { DEFAULT_ROUTE_SELECTION_EXPRESSION, defaultEndpointType, emptyApi } from '../aws/apiDefaults';
import { serviceActionOfSubtype } from '../aws/arns';
import { applyAuthorizerPayload, defaultIdentitySources, parseAuthorizerType, V2_AUTHORIZATION_TYPES } from '../aws/authorizerKinds';
import { parseConnectionType, parseIntegrationType, parsePayloadFormatVersion, quickCreate } from '../aws/integrationTypes';
import { normalizeRouteKey } from '../aws/routeKeys';
import { blocksOf, type HclAttribute, type HclBlock } from './hcl';
import { importBody } from './terraformOpenApiBodies';
import { isUrl, type TerraformReader, V2_API } from './terraformReader';
import { routeWithAuthorization } from './terraformSharedFeatures';
import { hasRouteKey } from '../apiRouteIndex';

/*
 * HTTP and WebSocket APIs in a Terraform module: the aws_apigatewayv2_* resources (api with its
 * quick create, authorizer, integration, route, stage), read into the TerraformReader's model.
 */

export function readV2Api(reader: TerraformReader, block: HclBlock): void {
  const what = reader.address(block);
  const protocol = reader.knownString(block, 'protocol_type', what);
  if (protocol !== 'HTTP' && protocol !== 'WEBSOCKET') {
    reader.findings.warning('INVALID_VALUE', `${what}: protocol_type must be HTTP or WEBSOCKET${protocol ? `, got ${protocol}` : ''}; the API is not read`, reader.attribute(block, 'protocol_type')?.location ?? block.location);
    return;
  }
  const type: ApiType = protocol;
  const id = reader.assignId('api', block);
  const name = reader.string(block, 'name', what) ?? id;
  const region = reader.region(block);
  let api = emptyApi(id, name, type, region, block.location);
  const body = reader.attribute(block, 'body');
  if (body) {
    if (type === 'WEBSOCKET') reader.findings.info('UNSUPPORTED_FEATURE', `${what}: an OpenAPI body is supported for HTTP APIs only; ignored`, body.location);
    else {
      const imported = importBody(reader, block, body, 'HTTP', { id, name, region });
      if (imported) api = { ...imported, id, name, region, type, endpointType: defaultEndpointType(type), location: block.location };
    }
  }
  if (type === 'WEBSOCKET') api.routeSelectionExpression = reader.string(block, 'route_selection_expression', what) ?? DEFAULT_ROUTE_SELECTION_EXPRESSION;
  const cors = blocksOf(block.body, 'cors_configuration')[0];
  if (cors && type === 'HTTP') api.cors = readCorsBlock(reader, cors, `${what}.cors_configuration`);
  const target = reader.attribute(block, 'target');
  if (target && type === 'HTTP') readQuickCreate(reader, block, api, target);
  reader.apis.set(what, api);
}

/** aws_apigatewayv2_api cors_configuration: allow_origins, allow_methods, allow_headers, expose_headers, max_age, allow_credentials. */
function readCorsBlock(reader: TerraformReader, block: HclBlock, what: string): CorsConfiguration {
  const maxAge = reader.number(block, 'max_age', what);
  const credentials = reader.boolean(block, 'allow_credentials', what);
  return corsConfiguration({
    allowOrigins: reader.strings(block, 'allow_origins', what), allowMethods: reader.strings(block, 'allow_methods', what),
    allowHeaders: reader.strings(block, 'allow_headers', what), exposeHeaders: reader.strings(block, 'expose_headers', what),
    ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}), ...(credentials !== undefined ? { allowCredentials: credentials } : {}),
  }, block.location);
}

/**
 * Quick create (`target`): an integration, a catch-all `$default` route (or `route_key`)
 * and a `$default` stage that deploys automatically. A URL gives HTTP_PROXY, a function
 * ARN AWS_PROXY (aws_apigatewayv2_api, "target").
 */
function readQuickCreate(reader: TerraformReader, block: HclBlock, api: Api, target: HclAttribute): void {
  const what = reader.address(block);
  const value = reader.evaluate(target.value);
  const url = typeof value === 'string' && isUrl(value) ? value : undefined;
  const made = quickCreate(`${api.id}-quick-create`, url !== undefined ? { url } : { functionName: reader.functionName(target.value, what) ?? '' }, reader.string(block, 'route_key', what), 'HTTP', target.location);
  api.integrations.push(made.integration);
  api.routes.push(made.route);
  api.stages.push({ name: made.stageName, location: target.location });
}

export function readV2Parts(reader: TerraformReader): void {
  for (const block of reader.ofType('aws_apigatewayv2_authorizer')) {
    const api = reader.apiOf(block, 'api_id', V2_API);
    if (api) api.authorizers.push(v2Authorizer(reader, block, api));
  }
  const templates = new Map<string, Record<string, string>>();
  for (const block of reader.ofType('aws_apigatewayv2_integration')) {
    const api = reader.apiOf(block, 'api_id', V2_API);
    if (!api) continue;
    const integration = v2Integration(reader, block, api);
    api.integrations.push(integration);
    const requestTemplates = reader.stringMap(block, 'request_templates', reader.address(block));
    if (requestTemplates && Object.keys(requestTemplates).length > 0) templates.set(`${api.id} ${integration.id}`, requestTemplates);
  }
  for (const block of reader.ofType('aws_apigatewayv2_route')) {
    const api = reader.apiOf(block, 'api_id', V2_API);
    if (!api) continue;
    const route = v2Route(reader, block, api);
    if (!route) continue;
    if (hasRouteKey(api, route.key)) {
      reader.findings.warning('DUPLICATE_DEFINITION', `${reader.address(block)}: ${api.name} already has a route ${route.key}; reader one is ignored`, block.location);
      continue;
    }
    const routeTemplates = route.integrationId ? templates.get(`${api.id} ${route.integrationId}`) : undefined;
    if (routeTemplates) route.requestTemplates = routeTemplates;
    api.routes.push(route);
  }
  for (const block of reader.ofType('aws_apigatewayv2_stage')) {
    const api = reader.apiOf(block, 'api_id', V2_API);
    if (api) v2Stage(reader, block, api);
  }
}

function v2Authorizer(reader: TerraformReader, block: HclBlock, api: Api): Authorizer {
  const what = reader.address(block);
  const id = reader.assignId(`authorizer:${api.id}`, block);
  const typeValue = reader.knownString(block, 'authorizer_type', what);
  const type: AuthorizerType = parseAuthorizerType(typeValue) === 'JWT' ? 'JWT' : 'REQUEST';
  if (typeValue !== 'JWT' && typeValue !== 'REQUEST') reader.findings.warning('INVALID_VALUE', `${what}: authorizer_type must be JWT or REQUEST${typeValue ? `, got ${typeValue}` : ''}; REQUEST is simulated`, block.location);
  // JWT authorizers read the token from one identity source, usually $request.header.Authorization; a
  // Lambda REQUEST authorizer without identity sources is invoked on every request, uncached.
  const identitySources = reader.strings(block, 'identity_sources', what) ?? defaultIdentitySources(api.type, type);
  const authorizer: Authorizer = { id, name: reader.string(block, 'name', what) ?? id, type, identitySources, location: block.location };
  if (type === 'JWT') {
    const jwt = reader.block(block, 'jwt_configuration');
    const issuer = reader.string(jwt, 'issuer', what);
    if (issuer) authorizer.issuer = issuer;
    else reader.findings.warning('MISSING_PROPERTY', `${what}: a JWT authorizer needs jwt_configuration.issuer`, jwt?.location ?? block.location);
    const audience = reader.strings(jwt, 'audience', what);
    if (audience) authorizer.audience = audience;
  } else {
    const functionName = reader.functionName(reader.attribute(block, 'authorizer_uri')?.value, what);
    if (functionName) authorizer.functionName = functionName;
    else reader.findings.warning('MISSING_PROPERTY', `${what}: a Lambda authorizer needs authorizer_uri`, block.location);
    const ttl = reader.number(block, 'authorizer_result_ttl_in_seconds', what);
    if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
    applyAuthorizerPayload(authorizer, reader.string(block, 'authorizer_payload_format_version', what), reader.boolean(block, 'enable_simple_responses', what));
  }
  return authorizer;
}

function v2Integration(reader: TerraformReader, block: HclBlock, api: Api): Integration {
  const what = reader.address(block);
  const id = reader.assignId(`integration:${api.id}`, block);
  const typeValue = reader.knownString(block, 'integration_type', what);
  const type = parseIntegrationType(typeValue);
  if (!type) reader.findings.warning('INVALID_VALUE', `${what}: integration_type ${typeValue ?? '(missing)'} is not AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK; MOCK is simulated`, block.location);
  const integration: Integration = { id, type: type ?? 'MOCK', location: block.location };
  const subtype = reader.knownString(block, 'integration_subtype', what);
  if (subtype) integration.serviceAction = serviceActionOfSubtype(subtype); // an AWS service integration of an HTTP API, e.g. SQS-SendMessage
  else reader.integrationTarget(block, integration, 'integration_uri', what);
  const timeout = reader.number(block, 'timeout_milliseconds', what);
  if (timeout !== undefined) integration.timeoutMs = timeout;
  const connection = parseConnectionType(reader.knownString(block, 'connection_type', what));
  integration.connectionType = connection === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET';
  if (connection === 'VPC_LINK') {
    const link = reader.vpcLinkId(block, what, ['aws_apigatewayv2_vpc_link']);
    if (link) integration.vpcLinkId = link;
  }
  if (api.type === 'HTTP' && integration.type === 'AWS_PROXY' && !subtype) {
    // payload_format_version: "Valid values: 1.0, 2.0. Default is 1.0."
    const version = reader.knownString(block, 'payload_format_version', what) ?? '1.0';
    const parsed = parsePayloadFormatVersion(version);
    if (parsed) integration.payloadFormatVersion = parsed;
    else reader.findings.warning('INVALID_VALUE', `${what}: payload_format_version must be 1.0 or 2.0, got ${version}`, reader.attribute(block, 'payload_format_version')!.location);
  }
  return integration;
}

function v2Route(reader: TerraformReader, block: HclBlock, api: Api): Route | undefined {
  const what = reader.address(block);
  const keyAttribute = reader.attribute(block, 'route_key');
  if (!keyAttribute) {
    reader.findings.warning('MISSING_PROPERTY', `${what}: no route_key; not read`, block.location);
    return undefined;
  }
  const written = reader.stringValue(keyAttribute.value, `${what}: route_key`);
  if (written === undefined) return undefined;
  const key = normalizeRouteKey(written, api.type);
  const route = routeWithAuthorization(reader, block, key, what, { attribute: 'authorization_type', types: V2_AUTHORIZATION_TYPES, authorizer: 'aws_apigatewayv2_authorizer' });
  const parameters = blocksOf(block.body, 'request_parameter')
    .filter((parameter) => reader.boolean(parameter, 'required', what) === true)
    .map((parameter) => reader.string(parameter, 'request_parameter_key', what))
    .filter((name): name is string => name !== undefined);
  if (parameters.length > 0) route.requiredParameters = parameters;
  // target: "integrations/<integration id>"; without it the route has no integration.
  const target = reader.attribute(block, 'target');
  if (target) {
    const ref = reader.link(target.value, ['aws_apigatewayv2_integration']);
    if (ref) {
      // An undeclared integration keeps its name: the shared model checks report the dangling reference.
      route.integrationId = ref.block ? reader.idOf.get(reader.address(ref.block)) ?? ref.name : ref.name;
    } else {
      const value = reader.evaluate(target.value);
      if (typeof value === 'string' && value.startsWith('integrations/')) route.integrationId = value.slice('integrations/'.length);
      else reader.findings.info('UNRESOLVED_REFERENCE', `${what}: target = ${reader.source(target.value)} names no aws_apigatewayv2_integration of reader configuration`, target.location);
    }
  }
  return route;
}

function v2Stage(reader: TerraformReader, block: HclBlock, api: Api): void {
  const what = reader.address(block);
  const name = reader.string(block, 'name', what);
  if (!name) return;
  const stage: Stage = { name, location: block.location };
  const throttle = reader.throttle(reader.block(block, 'default_route_settings'), 'throttling_rate_limit', 'throttling_burst_limit', api.region, what);
  if (throttle) stage.throttle = throttle;
  for (const settings of blocksOf(block.body, 'route_settings')) {
    const routeKey = reader.string(settings, 'route_key', what);
    const routeThrottle = reader.throttle(settings, 'throttling_rate_limit', 'throttling_burst_limit', api.region, what);
    if (!routeKey || !routeThrottle) continue;
    const key = normalizeRouteKey(routeKey, api.type);
    if (!hasRouteKey(api, key)) reader.findings.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no route ${key}`, reader.attribute(settings, 'route_key')!.location);
    (stage.routeThrottles ??= {})[key] = routeThrottle;
  }
  api.stages.push(stage);
}
