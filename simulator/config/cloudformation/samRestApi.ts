import { samRestCorsResponse } from '../aws/cors';
import type { Authorizer, Integration, Route, SourceLocation } from '../../model/gateway';
import { emptyApi } from '../aws/apiDefaults';
import { defaultIdentitySources, identitySource } from '../aws/authorizerKinds';
import { DEFAULT_CONNECTION_TYPE } from '../aws/integrationTypes';
import { routeKey, splitRouteKey } from '../aws/routeKeys';
import { addGatewayResponse } from '../aws/gatewayResponseTypes';
import { requiredOf, selfContainedSchema } from '../aws/modelSchemas';
import { parseApiKeySource } from '../aws/usagePlans';
import type { PEntry, PNode } from '../tree';
import { declaredAt, intrinsicName, propEntries, propItems, resolveStrings, resolveValue, type TemplateResource } from './intrinsics';
import { IMPLICIT_REST_STAGE, type SamApi, type SamReader } from './samReader';
import { addAuthorizer, applyRouteAuth, readDefaultAuthorizer, readSamDomain, requestIdentitySources } from './samSharedFeatures';
import { plainValue, readMethodSettings } from './templateRestApis';
import { attachUsagePlan, gatewayResponseFrom, usagePlanById, usagePlanFrom } from './templateSharedFeatures';

/*
 * REST APIs in a SAM template: AWS::Serverless::Api (its definition, Auth, usage plan,
 * models, CORS) and the `Type: Api` events of functions and state machines that add its
 * routes (SAM "AWS::Serverless::Api", "Api" event source). Events without RestApiId go to
 * the implicit ServerlessRestApi, stage Prod. SAM adds event routes only to a definition it
 * manages: with your own DefinitionBody or DefinitionUri, Api events add nothing unless
 * MergeDefinitions is set.
 */

/** An AWS::Serverless::Api, or the implicit ServerlessRestApi, into the model. */
export function readSamRestApi(samReader: SamReader, resource: TemplateResource, implicit = false): SamApi {
  const reader = samReader.template;
  const props = reader.properties(resource);
  const location = resource.location;
  const name = reader.string(reader.prop(props, 'Name'));
  let stageName = implicit ? IMPLICIT_REST_STAGE : reader.string(reader.prop(props, 'StageName'));
  if (!stageName) {
    samReader.findings.error('MISSING_PROPERTY', `${resource.id}: StageName is required for AWS::Serverless::Api`, location);
    stageName = IMPLICIT_REST_STAGE;
  }
  let api = emptyApi(resource.id, name ?? resource.id, 'REST', reader.region, location);
  const { imported, managed, inline } = samReader.definition(resource, props, 'REST', name, implicit);
  if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, type: 'REST', location, stages: [] };
  // EndpointConfiguration is a string or {Type, VPCEndpointIds} (AWS::Serverless::Api); API Gateway's default is EDGE.
  const endpointNode = reader.prop(props, 'EndpointConfiguration');
  const endpoint = reader.endpointType(endpointNode?.kind === 'map' && !intrinsicName(endpointNode) ? reader.prop(endpointNode, 'Type') : endpointNode);
  if (endpoint) api.endpointType = endpoint;
  const keySource = parseApiKeySource(reader.literal(reader.prop(props, 'ApiKeySourceType')));
  if (keySource) api.apiKeySource = keySource;
  const policy = reader.literal(reader.prop(props, 'SecurityPolicy'));
  if (policy) api.securityPolicy = policy;
  const stage = reader.stage(api, stageName, location);
  readMethodSettings(reader, api, stage, reader.prop(props, 'MethodSettings'));
  const sam: SamApi = {
    api, resource, stage, managed, inlineBody: inline, mergeDefinitions: reader.boolean(reader.prop(props, 'MergeDefinitions')) ?? false,
    apiKeyRequired: false, authToPreflight: true, apiKeyToPreflight: true, iamAuthorizer: false, models: new Map(), definitionRoutes: new Set(api.routes),
  };
  readRestAuth(samReader, sam, reader.prop(props, 'Auth'));
  for (const model of propEntries(reader.prop(props, 'Models'), reader.intrinsics)) {
    sam.models.set(model.key, { schema: plainValue(resolveValue(model.value, reader.intrinsics)), location: model.value.location });
  }
  const cors = reader.prop(props, 'Cors');
  if (cors) {
    if (managed || inline) {
      sam.cors = reader.declared(props, 'Cors');
      // A string is the AllowOrigin; a map has AllowOrigin (required), AllowHeaders, AllowMethods, MaxAge, AllowCredentials (SAM CorsConfiguration).
      const origin = cors.kind === 'map' ? reader.string(reader.prop(cors, 'AllowOrigin')) : reader.string(cors);
      if (origin === undefined) samReader.findings.error('MISSING_PROPERTY', `${resource.id}: Cors needs AllowOrigin`, cors.location);
      else {
        const text = (key: string): string | undefined => (cors.kind === 'map' ? reader.string(reader.prop(cors, key)) : undefined);
        const allowHeaders = text('AllowHeaders');
        const allowMethods = text('AllowMethods');
        const maxAge = text('MaxAge');
        const allowCredentials = cors.kind === 'map' ? reader.boolean(reader.prop(cors, 'AllowCredentials')) : undefined;
        sam.corsValues = {
          allowOrigin: origin, ...(allowHeaders ? { allowHeaders } : {}), ...(allowMethods ? { allowMethods } : {}),
          ...(maxAge !== undefined ? { maxAge } : {}), ...(allowCredentials !== undefined ? { allowCredentials } : {}),
        };
      }
    }
    else samReader.findings.error('UNSUPPORTED_FEATURE', `${resource.id}: Cors works only with an inline DefinitionBody (or none); SAM rejects it with DefinitionUri`, cors.location);
  }
  readSamDomain(samReader, api, reader.prop(props, 'Domain'), reader.declared(props, 'Domain'));
  readSamGatewayResponses(samReader, sam, reader.prop(props, 'GatewayResponses'));
  return samReader.add(sam);
}

/**
 * GatewayResponses of an AWS::Serverless::Api (SAM "GatewayResponses": response type -> StatusCode,
 * ResponseParameters { Headers, Paths, QueryStrings }, ResponseTemplates); SAM writes each header as
 * `gatewayresponse.header.{name}` (samtranslator open_api gateway_responses).
 */
function readSamGatewayResponses(samReader: SamReader, sam: SamApi, node: PNode | undefined): void {
  const reader = samReader.template;
  for (const item of propEntries(node, reader.intrinsics)) {
    const parameters = reader.prop(item.value, 'ResponseParameters');
    const headers = propEntries(reader.prop(parameters, 'Headers'), reader.intrinsics).map((header): [string, string] => [`gatewayresponse.header.${header.key}`, reader.string(header.value) ?? '']);
    addGatewayResponse(sam.api, gatewayResponseFrom(reader, item.key, reader.prop(item.value, 'StatusCode'), headers, reader.prop(item.value, 'ResponseTemplates'), item.value.location));
  }
}

/** Auth of an AWS::Serverless::Api (SAM "ApiAuth": Authorizers, DefaultAuthorizer, ApiKeyRequired, UsagePlan, ResourcePolicy). */
function readRestAuth(samReader: SamReader, sam: SamApi, auth: PNode | undefined): void {
  if (!auth) return;
  const reader = samReader.template;
  const { findings } = samReader;
  const { api, resource } = sam;
  if (!sam.managed && !sam.inlineBody) {
    findings.error('UNSUPPORTED_FEATURE', `${resource.id}: Auth works only with an inline DefinitionBody (or none); SAM rejects it with DefinitionUri`, auth.location);
  }
  for (const item of propEntries(reader.prop(auth, 'Authorizers'), reader.intrinsics)) {
    const config = item.value;
    const identity = reader.prop(config, 'Identity');
    // A TOKEN or Cognito authorizer reads Identity.Header, by default the Authorization header.
    const header = reader.string(reader.prop(identity, 'Header'));
    const headerSources = (type: Authorizer['type']): string[] => (header ? [identitySource('REST', 'header', header)] : defaultIdentitySources('REST', type));
    const authorizer: Authorizer = { id: item.key, name: item.key, type: 'TOKEN', identitySources: [], location: declaredAt(item.keyLocation, config) };
    const pools = reader.prop(config, 'UserPoolArn');
    if (pools) {
      authorizer.type = 'COGNITO_USER_POOLS';
      authorizer.userPoolArns = resolveStrings(pools, reader.intrinsics);
      authorizer.identitySources = headerSources(authorizer.type);
    } else {
      const functionName = reader.functionFrom(reader.prop(config, 'FunctionArn'));
      if (functionName) authorizer.functionName = functionName;
      else findings.error('MISSING_PROPERTY', `${resource.id}: authorizer ${item.key} needs a FunctionArn or a UserPoolArn`, config.location);
      // FunctionPayloadType defaults to TOKEN; REQUEST identity sources come from Headers,
      // QueryStrings, StageVariables and Context (SAM "LambdaRequestAuthorizationIdentity").
      authorizer.type = reader.literal(reader.prop(config, 'FunctionPayloadType'))?.toUpperCase() === 'REQUEST' ? 'REQUEST' : 'TOKEN';
      authorizer.identitySources = authorizer.type === 'TOKEN' ? headerSources(authorizer.type) : requestIdentitySources(samReader, 'REST', identity);
      const ttl = reader.number(reader.prop(identity, 'ReauthorizeEvery'));
      if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
    }
    addAuthorizer(api, authorizer);
  }
  readDefaultAuthorizer(samReader, sam, auth);
  sam.apiKeyRequired = reader.boolean(reader.prop(auth, 'ApiKeyRequired')) ?? false;
  sam.authToPreflight = reader.boolean(reader.prop(auth, 'AddDefaultAuthorizerToCorsPreflight')) ?? true;
  sam.apiKeyToPreflight = reader.boolean(reader.prop(auth, 'AddApiKeyRequiredToCorsPreflight')) ?? true;
  const policy = reader.prop(auth, 'ResourcePolicy');
  if (policy) findings.info('IGNORED_PROPERTY', `${resource.id}: resource policies are not simulated; every caller is let through them`, policy.location);
  readUsagePlan(samReader, sam, reader.prop(auth, 'UsagePlan'), reader.declared(auth, 'UsagePlan'));
}

/**
 * Auth.UsagePlan: PER_API makes <Api>UsagePlan with key <Api>ApiKey; SHARED one
 * ServerlessUsagePlan with ServerlessApiKey for every API that says SHARED (SAM "ApiUsagePlan").
 */
function readUsagePlan(samReader: SamReader, sam: SamApi, node: PNode | undefined, location: SourceLocation | undefined): void {
  if (!node || !location) return;
  const reader = samReader.template;
  const mode = reader.literal(reader.prop(node, 'CreateUsagePlan'))?.toUpperCase();
  if (mode === 'NONE') return;
  if (mode !== 'PER_API' && mode !== 'SHARED') {
    samReader.findings.error('INVALID_VALUE', `${sam.resource.id}: UsagePlan.CreateUsagePlan must be PER_API, SHARED or NONE`, node.location);
    return;
  }
  const id = mode === 'SHARED' ? 'ServerlessUsagePlan' : `${sam.resource.id}UsagePlan`;
  let plan = usagePlanById(reader, id);
  if (!plan || (mode === 'SHARED' && !samReader.sharedPlanMade)) {
    const name = reader.string(reader.prop(node, 'UsagePlanName')) ?? id;
    plan = usagePlanFrom(reader, id, name, reader.prop(node, 'Throttle'), reader.prop(node, 'Quota'), location);
    plan.apiKeys.push(mode === 'SHARED' ? 'ServerlessApiKey' : `${sam.resource.id}ApiKey`);
    if (mode === 'SHARED') samReader.sharedPlanMade = true;
  }
  attachUsagePlan(sam.api, plan);
}

/** A function's or state machine's `Type: Api` event (SAM "Api" event source). */
export function readApiEvent(samReader: SamReader, owner: TemplateResource, event: PEntry, props: PNode | undefined): void {
  const reader = samReader.template;
  const { findings } = samReader;
  const path = reader.string(reader.prop(props, 'Path'));
  const method = reader.string(reader.prop(props, 'Method'));
  if (!path || !method) {
    findings.error('MISSING_PROPERTY', `${owner.id} event ${event.key}: an Api event needs Path and Method`, declaredAt(event.keyLocation, event.value));
    return;
  }
  const sam = samReader.eventApi('REST', reader.prop(props, 'RestApiId'), event, owner, (resource) => readSamRestApi(samReader, resource, true));
  if (!sam) return;
  const { api } = sam;
  const key = routeKey(method, path);
  if (!sam.managed && !sam.mergeDefinitions) {
    if (!reader.routeOf(api, key)) {
      findings.info('EVENT_NOT_IN_DEFINITION', `${owner.id} event ${event.key}: ${key} is not in ${api.name}'s definition, and SAM does not add event routes to a definition you provide (set MergeDefinitions); the event only lets API Gateway invoke the function`, declaredAt(event.keyLocation, event.value));
    }
    return;
  }
  if (sam.mergeDefinitions) {
    reader.removeRoute(api, key); // "for a conflicting key, use SAM generated value"
  }
  const integration = samReader.integrationFor(owner, event, api);
  const timeout = reader.number(reader.prop(props, 'TimeoutInMillis'));
  if (timeout !== undefined) integration.timeoutMs = timeout;
  const route: Route = { key, authorizationType: 'NONE', integrationId: integration.id, location: declaredAt(event.keyLocation, event.value) };
  const auth = reader.prop(props, 'Auth');
  applyRouteAuth(samReader, sam, route, reader.string(reader.prop(auth, 'Authorizer')) ?? sam.defaultAuthorizer, reader.prop(auth, 'Authorizer')?.location ?? route.location!);
  const apiKeyRequired = reader.boolean(reader.prop(auth, 'ApiKeyRequired')) ?? sam.apiKeyRequired;
  if (apiKeyRequired) route.apiKeyRequired = true;
  const model = reader.prop(props, 'RequestModel');
  const modelLocation = reader.declared(props, 'RequestModel');
  if (model && modelLocation) {
    const modelName = reader.string(reader.prop(model, 'Model'));
    const declared = modelName ? sam.models.get(modelName) : undefined;
    if (!modelName || !declared) {
      findings.error('DANGLING_REFERENCE', `${owner.id} event ${event.key}: RequestModel ${modelName ?? '?'} is not one of the Models of ${api.name}`, modelLocation);
    } else {
      // SAM puts the model on the method for application/json (samtranslator swagger add_request_model_to_method).
      const { schema, unresolved } = selfContainedSchema(declared.schema, (name) => sam.models.get(name)?.schema);
      for (const missing of unresolved) findings.error('DANGLING_REFERENCE', `${api.name}: model ${modelName} references model ${missing}, which is not one of its Models`, declared.location);
      route.requestModels = [{ contentType: 'application/json', name: modelName, schema, required: requiredOf(schema), location: declared.location }];
    }
    const validateBody = reader.boolean(reader.prop(model, 'ValidateBody'));
    const validateParameters = reader.boolean(reader.prop(model, 'ValidateParameters'));
    // Either set means both are set, the other false (samtranslator push.py, RequestModel validators).
    if (validateBody !== undefined || validateParameters !== undefined) {
      route.validateBody = validateBody ?? false;
      route.validateParameters = validateParameters ?? false;
    }
  }
  const required: string[] = [];
  for (const parameter of propItems(reader.prop(props, 'RequestParameters'), reader.intrinsics)) {
    if (parameter.kind === 'map') {
      const first = propEntries(parameter, reader.intrinsics)[0];
      if (first && reader.boolean(reader.prop(first.value, 'Required'))) required.push(first.key);
    }
  }
  if (required.length > 0) route.requiredParameters = required;
  api.integrations.push(integration);
  reader.addRoute(api, route);
}

/** Cors adds an OPTIONS method with a MOCK integration to every path (samtranslator api_generator _add_cors). */
export function addCorsPreflights(samReader: SamReader, sam: SamApi): void {
  const { api, cors } = sam;
  if (!cors) return;
  const reader = samReader.template;
  const paths = [...new Set(api.routes.map((route) => splitRouteKey(route.key)?.path ?? route.key))];
  const integration: Integration = { id: `${api.id}CorsPreflight`, type: 'MOCK', connectionType: DEFAULT_CONNECTION_TYPE, location: cors };
  let added = false;
  for (const path of paths) {
    const key = routeKey('OPTIONS', path !== '/' ? path.replace(/\/$/, '') : path);
    if (reader.routeOf(api, key)) continue;
    const route: Route = { key, authorizationType: 'NONE', integrationId: integration.id, location: cors };
    const methods = api.routes.flatMap((other) => (splitRouteKey(other.key)?.path === path ? [splitRouteKey(other.key)!.method] : []));
    if (sam.corsValues) route.integrationResponses = [samRestCorsResponse(sam.corsValues, methods)];
    if (sam.authToPreflight && sam.defaultAuthorizer) applyRouteAuth(samReader, sam, route, sam.defaultAuthorizer, cors);
    if (sam.apiKeyRequired && sam.apiKeyToPreflight) route.apiKeyRequired = true;
    reader.addRoute(api, route);
    added = true;
  }
  if (added) api.integrations.push(integration);
}
