import { ConfigError } from '../../errors';
import { mergeServerlessRestCors, serverlessRestCorsResponse, serverlessRestEventCors } from '../aws/cors';
import type { Api, Authorizer, EndpointType, Integration, IntegrationType, RequestModel, Route, SourceLocation, Stage, UsagePlan } from '../../model/gateway';
import { isPassthroughBehavior } from '../../model/gateway';
import { throttleOrAccountLimit } from '../aws/accountThrottle';
import { defaultEndpointType, emptyApi, parseEndpointType } from '../aws/apiDefaults';
import { authorizationTypeOf, AUTHORIZER_CACHE_TTL_SECONDS, defaultIdentitySources, identitySource, splitIdentitySource } from '../aws/authorizerKinds';
import { parseConnectionType, parseIntegrationType } from '../aws/integrationTypes';
import { requiredOf, selfContainedSchema } from '../aws/modelSchemas';
import { HTTP_METHODS, routeKey } from '../aws/routeKeys';
import { DEFAULT_API_KEY_SOURCE, parseApiKeySource, parseQuotaPeriod } from '../aws/usagePlans';
import { REST_VPC_LINK_TARGET } from '../aws/vpcLinkTargets';
import { parseConfigTree, type PEntry, type PNode } from '../tree';
import { type Building, type FunctionInfo, functionOfArn, keyed, literal, type ServerlessReader } from './serverlessReader';

/*
 * The REST API a service's `http` events build (serverless.com/framework/docs/providers/aws/events/apigateway):
 * its routes, Lambda, HTTP and mock integrations, authorizers, request validation, CORS
 * preflights, usage plans and API keys, and the WAF association plugins add.
 */

/** A Cognito user pool ARN: an authorizer that names one is a Cognito authorizer (the Framework's validate.js). */
const ARN_COGNITO = /^arn:[a-zA-Z-]*:cognito-idp/;

function restApi(reader: ServerlessReader, location: SourceLocation): Building {
  if (reader.rest) return reader.rest;
  const c = reader.config;
  const apiGateway = c.at(reader.provider, 'apiGateway');
  const endpointText = c.text(c.at(reader.provider, 'endpointType'));
  let endpointType: EndpointType = defaultEndpointType('REST'); // "By default, the Serverless Framework deploys your REST API using the EDGE endpoint configuration"
  if (endpointText) {
    const parsed = parseEndpointType(endpointText);
    if (parsed) endpointType = parsed;
    else reader.findings.error('INVALID_VALUE', `provider.endpointType must be edge, regional or private, got "${endpointText}"`, c.at(reader.provider, 'endpointType')!.location);
  }
  const stageEntry = c.entry(apiGateway, 'stage') ?? c.entry(reader.provider, 'stage');
  // "By default, the API Gateway stage will be same as the serverless stage" (events/apigateway, custom stage name).
  const stage: Stage = { name: c.text(c.at(apiGateway, 'stage')) ?? reader.stage, ...(stageEntry ? { location: keyed(stageEntry) } : {}) };
  if (reader.stageLimits) stage.throttle = { ...reader.stageLimits };
  const external = c.entry(apiGateway, 'restApiId');
  const externalId = external ? c.text(external.value) : undefined;
  const api = emptyApi(literal(externalId) ? externalId : 'ApiGatewayRestApi', externalId ?? reader.apiName('rest'), 'REST', reader.region, reader.providerLocation('apiName') ?? location);
  api.endpointType = endpointType;
  api.stages.push(stage);
  api.apiKeySource = DEFAULT_API_KEY_SOURCE;
  if (external) {
    reader.findings.info('EXTERNAL_API', `http events are added to the existing REST API ${externalId}; its endpoint type, stage settings and other routes are defined elsewhere`, keyed(external));
  }
  const keySource = c.text(c.at(apiGateway, 'apiKeySourceType'));
  if (keySource) {
    const parsed = parseApiKeySource(keySource);
    if (parsed) api.apiKeySource = parsed;
    else reader.findings.error('INVALID_VALUE', `provider.apiGateway.apiKeySourceType must be HEADER or AUTHORIZER, got "${keySource}"`, c.at(apiGateway, 'apiKeySourceType')!.location);
  }
  const securityPolicy = c.text(c.at(c.at(apiGateway, 'endpoint'), 'securityPolicy')) ?? c.text(c.at(apiGateway, 'securityPolicy'));
  if (securityPolicy) api.securityPolicy = securityPolicy;
  // "For a private API, you can't deploy your API without a resource policy" (DG, apigateway-resource-policies-create-attach).
  if (endpointType === 'PRIVATE' && !c.at(apiGateway, 'resourcePolicy')) {
    reader.findings.warning('PRIVATE_API_WITHOUT_POLICY', 'a PRIVATE REST API cannot be deployed without a resource policy: set provider.apiGateway.resourcePolicy to allow the VPC endpoints that may call it', c.at(reader.provider, 'endpointType')!.location);
  }
  readWaf(reader, api);
  reader.rest = { api, routeKeys: new Set(), integrationKeys: new Map(), integrationIds: new Set() };
  return reader.rest;
}

/** serverless-associate-waf(-v3): `custom.associateWaf.name`, associated with the REST API stage. */
function readWaf(reader: ServerlessReader, api: Api): void {
  const c = reader.config;
  const entry = c.entry(c.at(reader.root, 'custom'), 'associateWaf');
  if (!entry) return;
  if (!reader.plugins.has('serverless-associate-waf') && !reader.plugins.has('serverless-associate-waf-v3')) {
    reader.findings.info('IGNORED_PROPERTY', 'custom.associateWaf is read by the serverless-associate-waf plugin, which is not in plugins', keyed(entry));
    return;
  }
  const name = c.text(c.at(entry.value, 'name'));
  if (name) api.wafWebAcl = name;
}

export function restEvent(reader: ServerlessReader, fn: FunctionInfo, event: PEntry, location: SourceLocation): void {
  const c = reader.config;
  const value = c.value(event.value);
  let method: string | undefined;
  let path: string | undefined;
  if (value?.kind === 'scalar') {
    // The shorthand `http: GET users/create` (getHttp splits at the space).
    const parts = (c.text(value) ?? '').trim().split(/\s+/);
    if (parts.length === 2) [method, path] = parts;
  } else if (value?.kind === 'map') {
    method = c.text(c.at(value, 'method'));
    path = c.text(c.at(value, 'path'));
  }
  if (method === undefined || path === undefined) {
    const written = c.text(value) ?? '';
    if (written.includes('${')) reader.findings.warning('UNRESOLVED_ROUTE', `${fn.key}: the http event ${written} is only known at deploy time; no route is made for it`, location);
    else reader.findings.error('INVALID_ROUTE', `${fn.key}: an http event needs a method and a path ("GET users" or {method, path})`, location);
    return;
  }
  const upper = method.toUpperCase();
  if (!HTTP_METHODS.has(upper)) {
    reader.findings.error('INVALID_ROUTE', `${fn.key}: http method "${method}" is not one of ${[...HTTP_METHODS].join(', ').toLowerCase()}`, location);
    return;
  }
  const building = restApi(reader, location);
  // getHttpPath: one leading and one trailing slash are dropped.
  const resourcePath = `/${path.replace(/^\//, '').replace(/\/$/, '')}`;
  const key = routeKey(upper, resourcePath);
  if (building.routeKeys.has(key)) {
    reader.findings.error('DUPLICATE_ROUTE', `${building.api.name}: ${key} is declared twice; API Gateway keeps one method per resource and verb`, location);
    return;
  }
  building.routeKeys.add(key);
  const route: Route = { key, authorizationType: 'NONE', location };
  if (value?.kind === 'map') {
    if (c.bool(c.at(value, 'private')) === true) route.apiKeyRequired = true;
    const authorizer = c.entry(value, 'authorizer');
    if (authorizer) restAuthorizer(reader, building, route, authorizer);
    restValidation(reader, route, c.at(value, 'request'));
    const cors = c.value(c.at(value, 'cors'));
    if (cors && !(cors.kind === 'scalar' && c.bool(cors) !== true)) {
      // validate.js: each event's cors (getCors), merged per path.
      const list = (key: string): string[] | undefined => c.strings(c.at(cors, key));
      const origin = c.text(c.at(cors, 'origin'));
      const maxAge = c.number(c.at(cors, 'maxAge'));
      const cacheControl = c.text(c.at(cors, 'cacheControl'));
      const origins = list('origins');
      const headers = list('headers');
      const methods = list('methods');
      const eventCors = serverlessRestEventCors(cors.kind === 'map' ? {
        ...(origin !== undefined ? { origin } : {}), ...(origins ? { origins } : {}), ...(headers ? { headers } : {}), ...(methods ? { methods } : {}),
        allowCredentials: c.bool(c.at(cors, 'allowCredentials')) === true, ...(maxAge !== undefined ? { maxAge } : {}), ...(cacheControl ? { cacheControl } : {}),
      } : true, upper);
      const earlier = reader.preflights.get(resourcePath);
      reader.preflights.set(resourcePath, { location: earlier?.location ?? keyed(c.entry(value, 'cors')!), cors: mergeServerlessRestCors(earlier?.cors, eventCors) });
    }
    reader.eventThrottle(building, value, key);
  }
  route.integrationId = restIntegration(reader, building, fn, value, route, location);
  building.api.routes.push(route);
}

function restIntegration(reader: ServerlessReader, building: Building, fn: FunctionInfo, event: PNode | undefined, route: Route, location: SourceLocation): string | undefined {
  const c = reader.config;
  const map = event?.kind === 'map' ? event : undefined;
  const written = c.text(c.at(map, 'integration'));
  let type: IntegrationType = c.bool(c.at(map, 'async')) ? 'AWS' : 'AWS_PROXY';
  if (written) {
    // getIntegration: upper-cased, the first '-' becomes '_', LAMBDA is AWS and LAMBDA_PROXY is AWS_PROXY.
    const normalized = written.toUpperCase().replace('-', '_');
    const mapped = ({ LAMBDA: 'AWS', LAMBDA_PROXY: 'AWS_PROXY' } as Record<string, IntegrationType>)[normalized] ?? parseIntegrationType(normalized);
    if (mapped) type = mapped;
    else reader.findings.error('INVALID_VALUE', `${route.key}: integration "${written}" is not one of lambda-proxy, lambda, http, http-proxy, mock`, c.at(map, 'integration')!.location);
  }
  const request = c.at(map, 'request');
  const spec: Omit<Integration, 'id' | 'location'> = { type };
  const timeout = c.number(c.at(map, 'timeoutInMillis')) ?? c.number(c.at(c.at(reader.provider, 'apiGateway'), 'timeoutInMillis'));
  if (timeout !== undefined) spec.timeoutMs = timeout;
  if (type === 'AWS' || type === 'AWS_PROXY') spec.functionName = fn.lambdaName;
  if (type === 'HTTP' || type === 'HTTP_PROXY') {
    const uri = c.text(c.at(request, 'uri'));
    if (!uri) {
      reader.findings.error('MISSING_PROPERTY', `${route.key}: an ${written} integration needs request.uri`, location);
      return undefined;
    }
    spec.uri = uri;
    const connectionType = parseConnectionType(c.text(c.at(map, 'connectionType'))?.replace('-', '_'));
    if (connectionType === 'VPC_LINK') {
      const connection = c.entry(map, 'connectionId');
      const linkId = connection ? c.text(connection.value) : undefined;
      if (!linkId) {
        reader.findings.error('MISSING_PROPERTY', `${route.key}: a vpc-link connection needs connectionId`, location);
        return undefined;
      }
      spec.connectionType = 'VPC_LINK';
      spec.vpcLinkId = linkId;
      // The link itself is made elsewhere.
      if (!reader.model.vpcLinks.some((link) => link.id === linkId)) reader.model.vpcLinks.push({ id: linkId, name: linkId, target: REST_VPC_LINK_TARGET, location: keyed(connection!) });
    } else {
      spec.connectionType = 'INTERNET';
    }
  }
  if (type === 'AWS' || type === 'HTTP' || type === 'MOCK') {
    // Non-proxy integrations: request.template (content type -> VTL) and response.template.
    const templates = c.entries(c.at(request, 'template'));
    if (templates.length > 0) route.requestTemplates = Object.fromEntries(templates.map((entry) => [entry.key, c.text(entry.value) ?? '']));
    // Serverless Framework: integration.request.passThrough (NEVER | WHEN_NO_MATCH | WHEN_NO_TEMPLATES).
    const passthrough = c.text(c.at(request, 'passThrough'));
    if (isPassthroughBehavior(passthrough)) route.passthroughBehavior = passthrough;
    const responseTemplate = c.at(c.at(map, 'response'), 'template');
    if (responseTemplate?.kind === 'scalar') route.responseTemplates = { 'application/json': c.text(responseTemplate) ?? '' };
  }
  const base = type === 'MOCK' ? `${fn.key}-mock` : type === 'HTTP' || type === 'HTTP_PROXY' ? `${fn.key}-http` : fn.key;
  return reader.integration(building, base, spec, location);
}

/** `request.parameters` and `request.schemas`: the Framework's request validator checks body and parameters. */
function restValidation(reader: ServerlessReader, route: Route, request: PNode | undefined): void {
  const c = reader.config;
  if (!request) return;
  const parameters = c.at(request, 'parameters');
  const required: string[] = [];
  for (const [plural, singular] of [['querystrings', 'querystring'], ['paths', 'path'], ['headers', 'header']] as const) {
    for (const entry of c.entries(c.at(parameters, plural))) {
      const value = c.value(entry.value);
      // `name: true`, or `{required: true, mappedValue: ...}` (required defaults to true there).
      const isRequired = value?.kind === 'map' ? c.bool(c.at(value, 'required')) ?? true : c.bool(value) === true;
      if (isRequired) required.push(`method.request.${singular}.${entry.key}`);
    }
  }
  if (required.length > 0) {
    route.requiredParameters = required;
    route.validateBody = true;
    route.validateParameters = true;
  }
  // `schemas` (v3+) or the older `schema`.
  const schemas = c.entries(c.at(request, 'schemas') ?? c.at(request, 'schema'));
  if (schemas.length === 0) return;
  route.validateBody = true;
  route.validateParameters = true;
  const models: RequestModel[] = [];
  for (const entry of schemas) {
    const schema = requestSchema(reader, entry, route.key);
    const model: RequestModel = { contentType: entry.key, required: [], location: keyed(entry) };
    const name = modelName(reader, entry);
    if (name !== undefined) model.name = name;
    if (schema) {
      const { schema: whole, unresolved } = selfContainedSchema(c.plain(schema), (other) => {
        const named = providerSchema(reader, other);
        return named ? c.plain(c.at(named, 'schema') ?? named) : undefined;
      });
      for (const missing of unresolved) reader.findings.error('DANGLING_REFERENCE', `${route.key}: the ${entry.key} schema references model ${missing}, which is not in provider.apiGateway.request.schemas`, keyed(entry));
      model.schema = whole;
      model.required = requiredOf(whole);
    }
    models.push(model);
  }
  route.requestModels = models;
}

/** A model of provider.apiGateway.request.schemas, by its key or its `name`. */
function providerSchema(reader: ServerlessReader, name: string): PNode | undefined {
  const c = reader.config;
  const schemas = c.at(c.at(c.at(reader.provider, 'apiGateway'), 'request'), 'schemas');
  return c.at(schemas, name) ?? c.entries(schemas).map((entry) => c.value(entry.value)).find((value) => c.text(c.at(value, 'name')) === name);
}

/** The model's name: `name` of `{schema, name}`, or of the provider model it names. */
function modelName(reader: ServerlessReader, entry: PEntry): string | undefined {
  const c = reader.config;
  const value = c.value(entry.value);
  if (value?.kind === 'map') return c.text(c.at(value, 'name'));
  const text = c.text(value);
  if (text === undefined || text.trim().startsWith('{')) return undefined;
  return c.text(c.at(providerSchema(reader, text), 'name')) ?? text;
}

/** A request schema: inline, `{schema, name}`, or the key of a provider.apiGateway.request.schemas model. */
function requestSchema(reader: ServerlessReader, entry: PEntry, routeKey: string): PNode | undefined {
  const c = reader.config;
  const value = c.value(entry.value);
  if (value?.kind === 'map') return c.at(value, 'schema') ?? value;
  const text = c.text(value);
  if (text === undefined || text.includes('${')) return undefined;
  if (text.trim().startsWith('{')) {
    // A schema written inline as JSON text.
    try {
      return parseConfigTree(text, reader.context.file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      reader.findings.warning('INVALID_VALUE', `${routeKey}: the ${entry.key} schema is not valid JSON: ${error.message}`, value!.location);
      return undefined;
    }
  }
  const model = providerSchema(reader, text);
  if (!model) {
    reader.findings.warning('DANGLING_REFERENCE', `${routeKey}: schema "${text}" is not in provider.apiGateway.request.schemas`, value!.location);
    return undefined;
  }
  return c.at(model, 'schema') ?? model;
}

function restAuthorizer(reader: ServerlessReader, building: Building, route: Route, entry: PEntry): void {
  const c = reader.config;
  const value = c.value(entry.value);
  const where = keyed(entry);
  let name: string | undefined;
  let arn: string | undefined;
  let arnIsIntrinsic = false;
  let functionReference: { name: string; location: SourceLocation } | undefined;
  let type: string | undefined;
  let ttl: number | undefined;
  let identitySources: string[] | undefined;
  if (value?.kind === 'scalar') {
    const text = c.text(value) ?? '';
    if (text.toUpperCase() === 'AWS_IAM') {
      route.authorizationType = 'AWS_IAM';
      return;
    }
    if (text.includes(':')) {
      arn = text;
    } else {
      name = text;
      functionReference = { name: text, location: value.location };
    }
  } else if (value?.kind === 'map') {
    type = c.text(c.at(value, 'type'))?.toUpperCase();
    const sharedId = c.at(value, 'authorizerId');
    if (type === 'AWS_IAM') {
      route.authorizationType = 'AWS_IAM';
      return;
    }
    if (sharedId && type) {
      sharedRestAuthorizer(reader, building, route, c.text(sharedId) ?? '', type, where);
      return;
    }
    const arnNode = c.at(value, 'arn');
    const nameEntry = c.entry(value, 'name');
    if (arnNode) {
      arn = c.text(arnNode);
      arnIsIntrinsic = arnNode.kind !== 'scalar';
      name = c.text(c.at(value, 'name'));
      if (!name && arnIsIntrinsic) {
        reader.findings.error('MISSING_PROPERTY', `${route.key}: an authorizer whose arn is not a string needs a name`, where);
        return;
      }
    } else if (nameEntry) {
      name = c.text(nameEntry.value);
      if (name) functionReference = { name, location: nameEntry.value.location };
    }
    if (!arn && !functionReference) {
      reader.findings.error('MISSING_PROPERTY', `${route.key}: an authorizer needs a function name or an arn`, where);
      return;
    }
    // resultTtlInSeconds defaults to 300 (validate.js getAuthorizer).
    ttl = c.number(c.at(value, 'resultTtlInSeconds'));
    const sources = c.texts(c.at(value, 'identitySource'));
    if (sources) identitySources = sources.flatMap(splitIdentitySource);
  } else {
    return;
  }
  // extractAuthorizerNameFromArn: the last `:` part, then its last `-` part.
  if (!name && arn) name = arn.split(':').pop()!.split('-').pop()!;
  const id = name ?? 'authorizer';
  const cognito = type === 'COGNITO_USER_POOLS' || (arn !== undefined && !arnIsIntrinsic && ARN_COGNITO.test(arn));
  route.authorizerId = id;
  route.authorizationType = authorizationTypeOf(cognito ? 'COGNITO_USER_POOLS' : 'TOKEN');
  // Every reference to a missing function is reported where it is written.
  const functionName = functionReference ? reader.functionNamed(functionReference.name, functionReference.location, `${building.api.name} authorizer ${id}`) : functionOfArn(arn!);
  if (building.api.authorizers.some((authorizer) => authorizer.id === id)) return;
  if (cognito) {
    building.api.authorizers.push({
      id, name: id, type: 'COGNITO_USER_POOLS', identitySources: identitySources ?? defaultIdentitySources('REST', 'COGNITO_USER_POOLS'), userPoolArns: [arn ?? id], location: where,
    });
    return;
  }
  let lambdaType: 'TOKEN' | 'REQUEST' = 'TOKEN'; // "The default `type` is 'token'"
  if (type === 'REQUEST') lambdaType = 'REQUEST';
  else if (type !== undefined && type !== 'TOKEN') reader.findings.error('INVALID_VALUE', `${route.key}: authorizer type "${type.toLowerCase()}" is not token, request, cognito_user_pools or aws_iam`, where);
  const resultTtlSeconds = ttl ?? AUTHORIZER_CACHE_TTL_SECONDS.default;
  // Without a source, API Gateway reads the Authorization header, except for an uncached REQUEST authorizer.
  const sources = identitySources ?? (lambdaType === 'REQUEST' && resultTtlSeconds === 0 ? [] : [identitySource('REST', 'header', 'Authorization')]);
  building.api.authorizers.push({ id, name: id, type: lambdaType, identitySources: sources, resultTtlSeconds, functionName, location: where });
}

/** `authorizer: {type, authorizerId}`: an authorizer made elsewhere (events/apigateway, share authorizer). */
function sharedRestAuthorizer(reader: ServerlessReader, building: Building, route: Route, id: string, type: string, where: SourceLocation): void {
  const authorizerType = type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : type === 'REQUEST' ? 'REQUEST' : 'TOKEN';
  route.authorizerId = id;
  route.authorizationType = authorizationTypeOf(authorizerType);
  if (building.api.authorizers.some((authorizer) => authorizer.id === id)) return;
  reader.findings.info('EXTERNAL_AUTHORIZER', `${route.key}: authorizer ${id} is defined outside reader file; its function and identity sources are not known here`, where);
  const authorizer: Authorizer = { id, name: id, type: authorizerType, identitySources: [identitySource('REST', 'header', 'Authorization')], location: where };
  if (authorizer.type !== 'COGNITO_USER_POOLS') authorizer.functionName = id;
  building.api.authorizers.push(authorizer);
}

export function finishRest(reader: ServerlessReader): void {
  const c = reader.config;
  const apiGateway = c.at(reader.provider, 'apiGateway');
  if (!reader.rest) {
    const unused = c.entry(apiGateway, 'usagePlan') ?? c.entry(apiGateway, 'apiKeys');
    if (unused) reader.findings.info('IGNORED_PROPERTY', `provider.apiGateway.${unused.key} has no effect: no function has an http event, so there is no REST API`, keyed(unused));
    return;
  }
  const building = reader.rest;
  for (const [path, { location, cors }] of reader.preflights) {
    const key = `OPTIONS ${path}`;
    if (building.routeKeys.has(key)) continue; // an explicit OPTIONS method takes the preflight's place
    building.routeKeys.add(key);
    // cors.js: an OPTIONS method with a MOCK integration answering 200 with the CORS headers.
    const integrationId = reader.integration(building, `cors-preflight ${path}`, { type: 'MOCK' }, location);
    building.api.routes.push({ key, authorizationType: 'NONE', integrationId, requestTemplates: { 'application/json': '{statusCode:200}' }, integrationResponses: [serverlessRestCorsResponse(cors)], location });
  }
  const plans = usagePlans(reader, apiGateway);
  if (plans.length > 0) building.api.usagePlans = plans;
  const needsKey = building.api.routes.find((route) => route.apiKeyRequired);
  if (needsKey && plans.length === 0) {
    reader.findings.info('NO_USAGE_PLAN', `${needsKey.key} is private (needs an API key), but provider.apiGateway declares no apiKeys or usagePlan: keys must come from outside reader file`, needsKey.location!);
  }
}

/**
 * provider.apiGateway.usagePlan and apiKeys (events/apigateway, "Setting API keys"): one plan
 * `${service}-${stage}` from a usagePlan map, or one plan per `- name: {...}` item named
 * `${service}-${name}-${stage}` (usage-plan.js), keys grouped under the plan's name.
 */
export function usagePlans(reader: ServerlessReader, apiGateway: PNode | undefined): UsagePlan[] {
  const c = reader.config;
  const planEntry = c.entry(apiGateway, 'usagePlan');
  const keysEntry = c.entry(apiGateway, 'apiKeys');
  if (!planEntry && !keysEntry) return [];
  const planNode = planEntry ? c.value(planEntry.value) : undefined;
  const plans: UsagePlan[] = [];
  const readPlan = (id: string, name: string, node: PNode | undefined, location: SourceLocation): UsagePlan => {
    const plan: UsagePlan = { id, name, apiKeys: [], location };
    const throttle = c.at(node, 'throttle');
    const planThrottle = throttleOrAccountLimit(c.number(c.at(throttle, 'rateLimit')), c.number(c.at(throttle, 'burstLimit')), reader.region);
    if (planThrottle) plan.throttle = planThrottle;
    const quota = c.at(node, 'quota');
    const limit = c.number(c.at(quota, 'limit'));
    if (limit !== undefined) {
      const written = c.text(c.at(quota, 'period')) ?? 'MONTH';
      const period = parseQuotaPeriod(written);
      if (period) plan.quota = { limit, period };
      else reader.findings.error('INVALID_VALUE', `usage plan ${name}: quota period must be DAY, WEEK or MONTH, got "${written.toUpperCase()}"`, c.at(quota, 'period')!.location);
    }
    return plan;
  };
  if (planNode?.kind === 'seq') {
    for (const item of planNode.items) {
      const [named] = c.entries(item);
      if (named) plans.push(readPlan(named.key, `${reader.service}-${named.key}-${reader.stage}`, c.value(named.value), keyed(named)));
    }
  } else {
    plans.push(readPlan('default', `${reader.service}-${reader.stage}`, planNode, planEntry ? keyed(planEntry) : keyed(keysEntry!)));
  }
  // A key's value when written; otherwise AWS generates one, and the key's name stands for it here.
  const keyValue = (node: PNode | undefined): string | undefined => {
    const value = c.value(node);
    if (value?.kind !== 'map') return c.text(value);
    if (c.bool(c.at(value, 'enabled')) === false) return undefined; // "disable the API key without removing it"
    return c.text(c.at(value, 'value')) ?? c.text(c.at(value, 'name'));
  };
  for (const item of c.items(keysEntry?.value)) {
    const value = c.value(item);
    const [group] = value?.kind === 'map' ? value.entries : [];
    const groupPlan = group && c.value(group.value)?.kind === 'seq' ? plans.find((plan) => plan.id === group.key) : undefined;
    if (groupPlan) {
      for (const key of c.items(group.value)) {
        const text = keyValue(key);
        if (text) groupPlan.apiKeys.push(text);
      }
    } else if (group && c.value(group.value)?.kind === 'seq') {
      reader.findings.error('DANGLING_REFERENCE', `API keys "${group.key}": there is no usage plan "${group.key}"`, keyed(group));
    } else if (planNode?.kind === 'seq') {
      reader.findings.warning('IGNORED_PROPERTY', `API key ${c.text(c.at(item, 'name')) ?? c.text(item)} is in no usage plan: with several plans, keys are listed under a plan's name`, item.location);
    } else {
      const text = keyValue(item);
      if (text) plans[0].apiKeys.push(text);
    }
  }
  return plans;
}
