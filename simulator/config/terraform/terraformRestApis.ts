import { integrationResponse } from '../aws/cors';
import type { Api, Authorizer, AuthorizerType, Integration, IntegrationResponse, RequestModel, Route, SourceLocation, UsagePlan } from '../../model/gateway';
import { isPassthroughBehavior } from '../../model/gateway';
import { emptyApi, parseEndpointType } from '../aws/apiDefaults';
import { identitySource, parseAuthorizerType, REST_AUTHORIZATION_TYPES, splitIdentitySource } from '../aws/authorizerKinds';
import { addGatewayResponse, gatewayResponseOverride } from '../aws/gatewayResponseTypes';
import { parseConnectionType, parseIntegrationType } from '../aws/integrationTypes';
import { requiredOf, schemaDocument, selfContainedSchema } from '../aws/modelSchemas';
import { decodeResourcePath, HTTP_METHODS, routeKey } from '../aws/routeKeys';
import { DEFAULT_API_KEY_SOURCE, parseApiKeySource, parseQuotaPeriod } from '../aws/usagePlans';
import { blocksOf, type HclBlock } from './hcl';
import { containsUnknown, toPlain } from './hclExpressions';
import { importBody } from './terraformOpenApiBodies';
import { REST_API, type TerraformReader } from './terraformReader';
import { routeWithAuthorization } from './terraformSharedFeatures';
import { hasRouteKey, hasRouteTo } from '../apiRouteIndex';

/*
 * REST APIs in a Terraform module: the aws_api_gateway_* resources (rest_api, resource, method,
 * integration and its responses, authorizer, request_validator, model, stage, deployment,
 * method_settings, usage_plan and its keys), read into the TerraformReader's model. Argument
 * names and defaults are the AWS provider's resource documentation.
 */

export function readRestApi(reader: TerraformReader, block: HclBlock): void {
  const what = reader.address(block);
  const id = reader.assignId('api', block);
  const name = reader.string(block, 'name', what) ?? id;
  const region = reader.region(block);
  let api: Api = { ...emptyApi(id, name, 'REST', region, block.location), usagePlans: [], apiKeySource: DEFAULT_API_KEY_SOURCE };
  const body = reader.attribute(block, 'body');
  if (body) {
    const imported = importBody(reader, block, body, 'REST', { id, name, region });
    if (imported) api = { ...imported, id, name, region, location: block.location, usagePlans: imported.usagePlans ?? [] };
  }
  // endpoint_configuration.types: "If unspecified, defaults to EDGE"; it overrides the OpenAPI extension.
  const endpoint = reader.strings(reader.block(block, 'endpoint_configuration'), 'types', what)?.[0];
  if (endpoint) {
    const parsed = parseEndpointType(endpoint);
    if (parsed) api.endpointType = parsed;
    else reader.findings.warning('INVALID_VALUE', `${what}: endpoint type ${endpoint} is not EDGE, REGIONAL or PRIVATE; ${api.endpointType} is simulated`, reader.block(block, 'endpoint_configuration')!.location);
  }
  const keySource = parseApiKeySource(reader.knownString(block, 'api_key_source', what));
  if (keySource) api.apiKeySource = keySource;
  const policy = reader.knownString(block, 'security_policy', what);
  if (policy) api.securityPolicy = policy;
  reader.apis.set(what, api);
}

/** The path a `resource_id` names: a resource's id, or the API's root_resource_id (`/`). */
function pathOf(reader: TerraformReader, owner: HclBlock, what: string): string | undefined {
  const attribute = reader.attribute(owner, 'resource_id');
  if (!attribute) {
    reader.findings.warning('MISSING_PROPERTY', `${what}: no resource_id; not read`, owner.location);
    return undefined;
  }
  const ref = reader.link(attribute.value, ['aws_api_gateway_resource', 'aws_api_gateway_rest_api', 'data.aws_api_gateway_resource']);
  if (ref && !ref.block) {
    reader.findings.warning('DANGLING_REFERENCE', `${what}: resource_id refers to ${ref.type}.${ref.name}, which is not declared in reader configuration`, attribute.location);
    return undefined;
  }
  if (ref?.type === 'aws_api_gateway_rest_api') return '/';
  const path = ref?.block ? reader.resourcePath(ref.block) : undefined;
  if (path !== undefined) return path;
  reader.findings.info('UNRESOLVED_REFERENCE', `${what}: the resource path of resource_id = ${reader.source(attribute.value)} is not known from the configuration alone; not read`, attribute.location);
  return undefined;
}

export function httpMethod(reader: TerraformReader, block: HclBlock, what: string): string | undefined {
  const attribute = reader.attribute(block, 'http_method');
  if (!attribute) return undefined;
  const value = reader.evaluate(attribute.value);
  if (typeof value === 'string') {
    const method = value.toUpperCase();
    if (!HTTP_METHODS.has(method)) reader.findings.warning('INVALID_VALUE', `${what}: http_method ${value} is not an HTTP method API Gateway accepts`, attribute.location);
    return method;
  }
  reader.findings.info('UNRESOLVED_REFERENCE', `${what}: http_method = ${reader.source(attribute.value)} is not known from the configuration alone; not read`, attribute.location);
  return undefined;
}

export function readRestParts(reader: TerraformReader): void {
  // Authorizers.
  for (const block of reader.ofType('aws_api_gateway_authorizer')) {
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    if (api) api.authorizers.push(restAuthorizer(reader, block, api));
  }
  // Integrations, keyed by API, method and path, for the methods to find.
  for (const block of reader.ofType('aws_api_gateway_integration')) {
    const what = reader.address(block);
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    if (!api) continue;
    const integration = restIntegration(reader, block, api, what);
    api.integrations.push(integration);
    const path = pathOf(reader, block, what);
    const method = httpMethod(reader, block, what);
    if (path === undefined || method === undefined) continue;
    const key = `${api.id} ${method} ${path}`;
    if (reader.restIntegrations.has(key)) reader.findings.warning('DUPLICATE_DEFINITION', `${what}: ${method} ${path} already has an integration (${reader.address(reader.restIntegrations.get(key)!)})`, block.location);
    else reader.restIntegrations.set(key, block);
  }
  // Integration responses: their statuses and selection patterns, and response templates (the first set of a method is used).
  for (const block of reader.ofType('aws_api_gateway_integration_response')) {
    const what = reader.address(block);
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    const path = api ? pathOf(reader, block, what) : undefined;
    const method = path !== undefined ? httpMethod(reader, block, what) : undefined;
    if (!api || path === undefined || method === undefined) continue;
    const key = `${api.id} ${method} ${path}`;
    reader.restIntegrationResponses.set(key, [...(reader.restIntegrationResponses.get(key) ?? []), block]);
  }
  // Methods: the routes.
  for (const block of reader.ofType('aws_api_gateway_method')) {
    const what = reader.address(block);
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    if (!api) continue;
    const path = pathOf(reader, block, what);
    const method = httpMethod(reader, block, what);
    if (path === undefined || method === undefined) continue;
    const route = restRoute(reader, block, api, routeKey(method, path), what);
    if (hasRouteKey(api, route.key)) {
      reader.findings.warning('DUPLICATE_DEFINITION', `${what}: ${api.name} already has a method ${route.key}; reader one is ignored`, block.location);
      continue;
    }
    api.routes.push(route);
  }
  for (const block of reader.ofType('aws_api_gateway_integration')) {
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    if (!api) continue;
    const integrationId = reader.idOf.get(reader.address(block));
    if (!hasRouteTo(api, integrationId)) {
      reader.findings.info('UNUSED_DEFINITION', `${reader.address(block)}: no aws_api_gateway_method of ${api.name} matches its resource and method`, block.location);
    }
  }
  readRestStages(reader);
  readUsagePlans(reader);
}

function restAuthorizer(reader: TerraformReader, block: HclBlock, api: Api): Authorizer {
  const what = reader.address(block);
  const id = reader.assignId(`authorizer:${api.id}`, block);
  const typeValue = reader.knownString(block, 'type', what) ?? 'TOKEN';
  const parsed = parseAuthorizerType(typeValue);
  const type: AuthorizerType = parsed === 'REQUEST' || parsed === 'COGNITO_USER_POOLS' ? parsed : 'TOKEN';
  if (!['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'].includes(typeValue)) reader.findings.warning('INVALID_VALUE', `${what}: type ${typeValue} is not TOKEN, REQUEST or COGNITO_USER_POOLS; TOKEN is simulated`, block.location);
  // identity_source: "Defaults to method.request.header.Authorization"; REQUEST authorizers list several, comma-separated.
  const identity = reader.string(block, 'identity_source', what) ?? identitySource('REST', 'header', 'Authorization');
  const authorizer: Authorizer = {
    id, name: reader.string(block, 'name', what) ?? id, type, identitySources: splitIdentitySource(identity), location: block.location,
  };
  const ttl = reader.number(block, 'authorizer_result_ttl_in_seconds', what);
  if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
  if (type === 'COGNITO_USER_POOLS') {
    const pools = reader.strings(block, 'provider_arns', what);
    if (pools) authorizer.userPoolArns = pools;
  } else {
    const functionName = reader.functionName(reader.attribute(block, 'authorizer_uri')?.value, what);
    if (functionName) authorizer.functionName = functionName;
    else reader.findings.warning('MISSING_PROPERTY', `${what}: a Lambda authorizer needs authorizer_uri`, block.location);
  }
  return authorizer;
}

function restIntegration(reader: TerraformReader, block: HclBlock, api: Api, what: string): Integration {
  const id = reader.assignId(`integration:${api.id}`, block);
  const typeValue = reader.knownString(block, 'type', what);
  const type = parseIntegrationType(typeValue);
  if (!type) reader.findings.warning('INVALID_VALUE', `${what}: type ${typeValue ?? '(missing)'} is not AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK; MOCK is simulated`, block.location);
  const integration: Integration = { id, type: type ?? 'MOCK', location: block.location };
  reader.integrationTarget(block, integration, 'uri', what);
  const timeout = reader.number(block, 'timeout_milliseconds', what);
  if (timeout !== undefined) integration.timeoutMs = timeout;
  // integration_http_method and request_parameters of a custom integration.
  const httpMethod = type === 'HTTP' ? reader.string(block, 'integration_http_method', what) : undefined;
  if (httpMethod) integration.httpMethod = httpMethod.toUpperCase();
  const parameters = type === 'HTTP' || type === 'AWS' ? reader.stringMap(block, 'request_parameters', what) : undefined;
  if (parameters && Object.keys(parameters).length > 0) integration.requestParameters = parameters;
  const connection = parseConnectionType(reader.knownString(block, 'connection_type', what));
  if (connection === 'VPC_LINK') {
    integration.connectionType = 'VPC_LINK';
    const link = reader.vpcLinkId(block, what, ['aws_api_gateway_vpc_link']);
    if (link) integration.vpcLinkId = link;
  } else {
    integration.connectionType = 'INTERNET';
  }
  return integration;
}

function restRoute(reader: TerraformReader, block: HclBlock, api: Api, key: string, what: string): Route {
  const route = routeWithAuthorization(reader, block, key, what, { attribute: 'authorization', types: REST_AUTHORIZATION_TYPES, authorizer: 'aws_api_gateway_authorizer' });
  const parameters = reader.evaluate(reader.attribute(block, 'request_parameters')?.value);
  if (parameters instanceof Map) {
    const required = [...parameters].filter(([, value]) => value === true || value === 'true').map(([name]) => name);
    if (required.length > 0) route.requiredParameters = required;
  }
  const validator = reader.link(reader.attribute(block, 'request_validator_id')?.value, ['aws_api_gateway_request_validator']);
  if (validator?.block) {
    route.validateBody = reader.boolean(validator.block, 'validate_request_body', reader.address(validator.block)) ?? false;
    route.validateParameters = reader.boolean(validator.block, 'validate_request_parameters', reader.address(validator.block)) ?? false;
  }
  const models = reader.attribute(block, 'request_models');
  if (models?.value.kind === 'object' && models.value.items.length > 0) {
    route.requestModels = models.value.items.map((item) => restRequestModel(reader, item.name ?? 'application/json', reader.link(item.value, ['aws_api_gateway_model'])?.block, item.location));
  }
  const integrationBlock = reader.restIntegrations.get(`${api.id} ${key}`);
  if (integrationBlock) {
    route.integrationId = reader.idOf.get(reader.address(integrationBlock));
    const templates = reader.stringMap(integrationBlock, 'request_templates', reader.address(integrationBlock));
    if (templates && Object.keys(templates).length > 0) route.requestTemplates = templates;
    // aws_api_gateway_integration.passthrough_behavior.
    const passthrough = reader.string(integrationBlock, 'passthrough_behavior', reader.address(integrationBlock));
    if (isPassthroughBehavior(passthrough)) route.passthroughBehavior = passthrough;
    const responses: IntegrationResponse[] = [];
    for (const response of reader.restIntegrationResponses.get(`${api.id} ${key}`) ?? []) {
      const what = reader.address(response);
      const responseTemplates = reader.stringMap(response, 'response_templates', what);
      if (responseTemplates && Object.keys(responseTemplates).length > 0 && !route.responseTemplates) route.responseTemplates = responseTemplates;
      // aws_api_gateway_integration_response.status_code, selection_pattern and response_parameters.
      const read = integrationResponse(Number(reader.string(response, 'status_code', what)), reader.string(response, 'selection_pattern', what),
        reader.stringMap(response, 'response_parameters', what));
      if (read) responses.push(read);
    }
    if (responses.length > 0) route.integrationResponses = responses;
  }
  return route;
}

function readRestStages(reader: TerraformReader): void {
  for (const block of reader.ofType('aws_api_gateway_stage')) {
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    if (!api) continue;
    const name = reader.string(block, 'stage_name', reader.address(block));
    if (name) api.stages.push({ name, location: block.location });
  }
  // The deprecated stage_name of aws_api_gateway_deployment also creates a stage.
  for (const block of reader.ofType('aws_api_gateway_deployment')) {
    if (!reader.attribute(block, 'stage_name')) continue;
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    const name = reader.string(block, 'stage_name', reader.address(block));
    if (api && name && !api.stages.some((stage) => stage.name === name)) api.stages.push({ name, location: block.location });
  }
  for (const block of reader.ofType('aws_api_gateway_method_settings')) {
    const what = reader.address(block);
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    if (!api) continue;
    const stageName = reader.string(block, 'stage_name', what);
    const stage = api.stages.find((candidate) => candidate.name === stageName);
    if (!stage) {
      reader.findings.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no stage ${stageName ?? '(missing)'}`, reader.attribute(block, 'stage_name')?.location ?? block.location);
      continue;
    }
    const throttle = reader.throttle(reader.block(block, 'settings'), 'throttling_rate_limit', 'throttling_burst_limit', api.region, what);
    if (!throttle) continue;
    const methodPath = reader.string(block, 'method_path', what);
    if (methodPath === undefined) continue;
    if (methodPath === '*/*') {
      stage.throttle = throttle;
      continue;
    }
    // method_path is {resource_path}/{http_method}, the leading slash trimmed.
    const slash = methodPath.lastIndexOf('/');
    const method = methodPath.slice(slash + 1).toUpperCase();
    const path = decodeResourcePath(methodPath.slice(0, Math.max(slash, 0)));
    const key = method === '*' ? undefined : routeKey(method, path);
    if (!key || path.includes('*')) {
      reader.findings.info('UNSUPPORTED_FEATURE', `${what}: method_path ${methodPath} (a wildcard for part of the API) is not simulated`, block.location);
      continue;
    }
    if (!hasRouteKey(api, key)) reader.findings.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no method ${key}`, reader.attribute(block, 'method_path')!.location);
    (stage.routeThrottles ??= {})[key] = throttle;
  }
}

function readUsagePlans(reader: TerraformReader): void {
  const plans = new Map<string, UsagePlan>();
  for (const block of reader.ofType('aws_api_gateway_usage_plan')) {
    const what = reader.address(block);
    const id = reader.assignId('usagePlan', block);
    const plan: UsagePlan = { id, name: reader.string(block, 'name', what) ?? id, apiKeys: [], location: block.location };
    const throttle = reader.throttle(reader.block(block, 'throttle_settings'), 'rate_limit', 'burst_limit', reader.region(block), what);
    if (throttle) plan.throttle = throttle;
    const quota = reader.block(block, 'quota_settings');
    if (quota) {
      const limit = reader.number(quota, 'limit', what);
      const period = parseQuotaPeriod(reader.knownString(quota, 'period', what));
      if (limit !== undefined && period) plan.quota = { limit, period };
      else reader.findings.warning('INVALID_VALUE', `${what}: quota_settings needs a limit and a period of DAY, WEEK or MONTH`, quota.location);
    }
    plans.set(what, plan);
    const stages = blocksOf(block.body, 'api_stages');
    if (stages.length === 0) reader.findings.info('UNUSED_DEFINITION', `${what}: no api_stages; the plan applies to no API`, block.location);
    const attached = new Set<Api>();
    for (const stage of stages) {
      const api = reader.apiOf(stage, 'api_id', REST_API, `${what}: api_stages`);
      if (!api || attached.has(api)) continue;
      attached.add(api);
      (api.usagePlans ??= []).push(plan);
      const stageName = reader.string(stage, 'stage', what);
      if (stageName && api.stages.length > 0 && !api.stages.some((candidate) => candidate.name === stageName)) {
        reader.findings.warning('DANGLING_REFERENCE', `${what}: ${api.name} has no stage ${stageName}`, reader.attribute(stage, 'stage')?.location ?? stage.location);
      }
      for (const methodThrottle of blocksOf(stage.body, 'throttle')) {
        reader.findings.info('IGNORED_PROPERTY', `${what}: per-method throttle in a usage plan is not simulated; the plan's throttle_settings apply`, methodThrottle.location);
      }
    }
  }
  for (const block of reader.ofType('aws_api_gateway_usage_plan_key')) {
    const what = reader.address(block);
    const planRef = reader.link(reader.attribute(block, 'usage_plan_id')?.value, ['aws_api_gateway_usage_plan']);
    const plan = planRef?.block ? plans.get(reader.address(planRef.block)) : undefined;
    if (!plan) {
      reader.findings.warning('DANGLING_REFERENCE', `${what}: usage_plan_id names no aws_api_gateway_usage_plan of reader configuration`, reader.attribute(block, 'usage_plan_id')?.location ?? block.location);
      continue;
    }
    const keyRef = reader.link(reader.attribute(block, 'key_id')?.value, ['aws_api_gateway_api_key']);
    if (!keyRef?.block) {
      const text = reader.attribute(block, 'key_id') ? reader.source(reader.attribute(block, 'key_id')!.value) : '(missing)';
      reader.findings.info('UNRESOLVED_REFERENCE', `${what}: key_id = ${text} names no aws_api_gateway_api_key of reader configuration; kept as written`, reader.attribute(block, 'key_id')?.location ?? block.location);
      plan.apiKeys.push(text);
      continue;
    }
    const key = keyRef.block;
    if (reader.boolean(key, 'enabled', reader.address(key)) === false) {
      reader.findings.info('DISABLED', `${reader.address(key)} is disabled; requests with it are refused`, key.location);
      continue;
    }
    const value = reader.attribute(key, 'value');
    if (value) {
      const text = reader.stringValue(value.value, `${reader.address(key)}: value`);
      if (text !== undefined) plan.apiKeys.push(text);
    } else {
      // Without value, API Gateway generates the key at apply time.
      reader.findings.info('UNRESOLVED_REFERENCE', `${reader.address(key)}: no value; API Gateway generates the key, simulated as ${reader.address(key)}.value`, key.location);
      plan.apiKeys.push(`${reader.address(key)}.value`);
    }
  }
}

/** The `required` array of a JSON schema value (an aws_api_gateway_model schema). */
/** An aws_api_gateway_model's schema (jsonencode({...}) or JSON text) as JSON, or undefined (reported) when it is neither. */
function modelSchema(reader: TerraformReader, model: HclBlock): unknown {
  const attribute = reader.attribute(model, 'schema');
  const value = reader.evaluate(attribute?.value);
  if (value === undefined || containsUnknown(value)) {
    if (attribute) reader.findings.info('UNRESOLVED_REFERENCE', `${reader.address(model)}: schema = ${reader.source(attribute.value)} is not known from the configuration alone; the body is not validated`, attribute.location);
    return undefined;
  }
  const document = schemaDocument(toPlain(value));
  if ('problem' in document) {
    reader.findings.error('INVALID_VALUE', `${reader.address(model)}: schema: ${document.problem}`, attribute!.location);
    return undefined;
  }
  return document.schema;
}

/**
 * The request model of one `request_models` entry (content type -> aws_api_gateway_model.x.name),
 * made self-contained: models it references by name are looked up among the module's models.
 */
function restRequestModel(reader: TerraformReader, contentType: string, model: HclBlock | undefined, location: SourceLocation): RequestModel {
  const result: RequestModel = { contentType, required: [], location };
  if (!model) return result;
  const what = reader.address(model);
  result.name = reader.string(model, 'name', what) ?? what;
  result.location = model.location;
  const schema = modelSchema(reader, model);
  if (schema === undefined) return result;
  const { schema: whole, unresolved } = selfContainedSchema(schema, (name) => {
    const other = reader.ofType('aws_api_gateway_model').find((candidate) => reader.string(candidate, 'name', reader.address(candidate)) === name);
    return other ? modelSchema(reader, other) : undefined;
  });
  for (const missing of unresolved) reader.findings.error('DANGLING_REFERENCE', `${what}: the schema references model ${missing}, which the configuration does not declare`, model.location);
  result.schema = whole;
  result.required = requiredOf(whole);
  return result;
}

/** aws_api_gateway_gateway_response: rest_api_id, response_type, status_code, response_parameters, response_templates. */
export function readRestGatewayResponses(reader: TerraformReader): void {
  for (const block of reader.ofType('aws_api_gateway_gateway_response')) {
    const what = reader.address(block);
    const api = reader.apiOf(block, 'rest_api_id', REST_API);
    if (!api) continue;
    const type = reader.string(block, 'response_type', what);
    if (type === undefined) {
      reader.findings.error('MISSING_PROPERTY', `${what}: a gateway response needs a response_type`, block.location);
      continue;
    }
    const parameters = Object.entries(reader.stringMap(block, 'response_parameters', what) ?? {});
    const templates = Object.entries(reader.stringMap(block, 'response_templates', what) ?? {});
    const response = gatewayResponseOverride(type, reader.string(block, 'status_code', what), parameters, templates, reader.attribute(block, 'response_type')?.location ?? block.location);
    addGatewayResponse(api, response);
  }
}
