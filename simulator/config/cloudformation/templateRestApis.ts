import { integrationResponse } from '../aws/cors';
import type { Api, Authorizer, AuthorizerType, Integration, IntegrationResponse, RequestModel, Route, SourceLocation, Stage, VpcLink } from '../../model/gateway';
import { isPassthroughBehavior } from '../../model/gateway';
import { emptyApi } from '../aws/apiDefaults';
import {
  authorizationTypeOf, defaultIdentitySources, parseAuthorizationType, parseAuthorizerType, REST_AUTHORIZATION_TYPES, splitIdentitySource,
} from '../aws/authorizerKinds';
import { INTEGRATION_TYPES, parseIntegrationType } from '../aws/integrationTypes';
import { requiredOf, schemaDocument, selfContainedSchema } from '../aws/modelSchemas';
import { decodeResourcePath, routeKey, splitRouteKey } from '../aws/routeKeys';
import { parseApiKeySource } from '../aws/usagePlans';
import { isEksLoadBalancerArn, isEksLoadBalancerName, REST_VPC_LINK_TARGET } from '../aws/vpcLinkTargets';
import type { PNode } from '../tree';
import { type CfnValue, propEntries, propItems, referencedResource, referencedResources, resolveStrings, resolveValue, Symbolic, type TemplateResource } from './intrinsics';
import type { TemplateReader } from './templateReader';
import { findById } from '../idIndex';

/*
 * REST APIs in a template: the AWS::ApiGateway resources of one (RestApi, Resource, Method,
 * Authorizer, RequestValidator, Model, Stage, Deployment and its stage settings, VpcLink), read
 * into the TemplateReader's model. Property names and defaults follow the CloudFormation
 * resource reference ("AWS::ApiGateway::Method", ...).
 */

export function readRestApi(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const location = resource.location;
  const name = reader.string(reader.prop(props, 'Name'));
  let api = emptyApi(resource.id, name ?? resource.id, 'REST', reader.region, location);
  const body = reader.prop(props, 'Body');
  if (body) {
    const imported = reader.importOpenApi(body, resource, 'REST', name);
    if (imported) api = { ...imported, id: resource.id, name: name ?? imported.name, location, stages: [] };
  } else if (reader.prop(props, 'BodyS3Location')) {
    const s3 = reader.prop(props, 'BodyS3Location')!;
    reader.context.findings.warning('MISSING_FILE', `${resource.id}: the OpenAPI definition is in S3 (${reader.describeS3(s3)}) and cannot be read here; the routes it declares are missing`, s3.location);
  }
  const endpoint = reader.endpointType(reader.prop(reader.prop(props, 'EndpointConfiguration'), 'Types'));
  if (endpoint) api.endpointType = endpoint;
  const keySource = parseApiKeySource(reader.literal(reader.prop(props, 'ApiKeySourceType')));
  if (keySource) api.apiKeySource = keySource;
  const policy = reader.literal(reader.prop(props, 'SecurityPolicy'));
  if (policy) api.securityPolicy = policy;
  reader.apis.set(resource.id, api);
}

export function readRestVpcLink(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const link: VpcLink = { id: resource.id, name: reader.string(reader.prop(props, 'Name')) ?? resource.id, target: REST_VPC_LINK_TARGET, location: resource.location };
  const kind = targetKind(reader, reader.prop(props, 'TargetArns'));
  if (kind) link.targetKind = kind;
  reader.addVpcLink(link);
}

/** What runs behind a load balancer, when the template shows it: EKS behind one the AWS Load Balancer Controller made. */
function targetKind(reader: TemplateReader, node: PNode | undefined): VpcLink['targetKind'] | undefined {
  const eks = resolveStrings(node, reader.intrinsics).some(isEksLoadBalancerArn) || referencedResources(node, reader.intrinsics).some((ref) => {
    const owner = reader.intrinsics.resources.get(ref.resource);
    const name = owner && reader.literal(reader.prop(owner.properties, 'Name'));
    return name !== undefined && isEksLoadBalancerName(name);
  });
  return eks ? 'EKS' : undefined;
}

export function readRestAuthorizer(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const api = reader.apiFor(reader.prop(props, 'RestApiId'), resource, 'RestApiId');
  if (!api) return;
  const typeNode = reader.prop(props, 'Type');
  const typeName = reader.literal(typeNode);
  const parsed = parseAuthorizerType(typeName);
  const type: AuthorizerType = parsed === 'REQUEST' || parsed === 'COGNITO_USER_POOLS' ? parsed : 'TOKEN';
  if (typeName !== undefined && typeName.toUpperCase() !== type) {
    reader.context.findings.error('INVALID_VALUE', `${resource.id}: authorizer Type ${typeName.toUpperCase()} is not TOKEN, REQUEST or COGNITO_USER_POOLS`, typeNode!.location);
  }
  const identity = reader.string(reader.prop(props, 'IdentitySource'));
  const authorizer: Authorizer = {
    id: resource.id, name: reader.string(reader.prop(props, 'Name')) ?? resource.id, type,
    identitySources: identity ? splitIdentitySource(identity) : defaultIdentitySources('REST', type),
    location: resource.location,
  };
  const ttl = reader.number(reader.prop(props, 'AuthorizerResultTtlInSeconds'));
  if (ttl !== undefined) authorizer.resultTtlSeconds = ttl;
  if (type === 'COGNITO_USER_POOLS') {
    authorizer.userPoolArns = resolveStrings(reader.prop(props, 'ProviderARNs'), reader.intrinsics);
  } else {
    const functionName = reader.functionFrom(reader.prop(props, 'AuthorizerUri'));
    if (functionName) authorizer.functionName = functionName;
    else reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: a Lambda authorizer needs an AuthorizerUri naming its function`, resource.location);
  }
  api.authorizers.push(authorizer);
}

export function readValidator(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  reader.validators.set(resource.id, {
    body: reader.boolean(reader.prop(props, 'ValidateRequestBody')) ?? false,
    parameters: reader.boolean(reader.prop(props, 'ValidateRequestParameters')) ?? false,
  });
}

/**
 * The path of an AWS::ApiGateway::Resource, following ParentId up to the API's
 * RootResourceId: `/orders/{orderId}`.
 */
function restPath(reader: TemplateReader, node: PNode | undefined, owner: TemplateResource, seen: Set<string> = new Set()): string | undefined {
  const ref = referencedResource(node, reader.intrinsics);
  if (!ref) {
    if (resolveValue(node, reader.intrinsics) instanceof Symbolic) return undefined; // unresolvable, already reported
    const literal = reader.string(node);
    if (literal) reader.context.findings.warning('UNRESOLVED_REFERENCE', `${owner.id}: API Gateway resource ${literal} is not declared in reader template; its path is unknown`, node!.location);
    else reader.context.findings.error('MISSING_PROPERTY', `${owner.id}: the resource id is missing`, owner.location);
    return undefined;
  }
  if (ref.attribute === 'RootResourceId') return '/';
  const target = reader.intrinsics.resources.get(ref.resource);
  if (!target) return undefined; // a dangling reference, already reported
  if (target.type !== 'AWS::ApiGateway::Resource') {
    reader.context.findings.error('INVALID_REFERENCE', `${owner.id}: ${ref.resource} is a ${target.type}, not an AWS::ApiGateway::Resource`, node!.location);
    return undefined;
  }
  if (reader.restPaths.has(target.id)) return reader.restPaths.get(target.id);
  if (seen.has(target.id)) {
    reader.context.findings.error('CIRCULAR_REFERENCE', `${target.id}: its ParentId chain comes back to itself`, target.location);
    return undefined;
  }
  seen.add(target.id);
  const props = reader.properties(target);
  const parent = restPath(reader, reader.prop(props, 'ParentId'), target, seen);
  const part = reader.string(reader.prop(props, 'PathPart'));
  let path: string | undefined;
  if (parent !== undefined) {
    if (part === undefined) reader.context.findings.error('MISSING_PROPERTY', `${target.id}: PathPart is required`, target.location);
    else path = parent === '/' ? `/${part}` : `${parent}/${part}`;
  }
  reader.restPaths.set(target.id, path);
  return path;
}

export function readRestMethod(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const api = reader.apiFor(reader.prop(props, 'RestApiId'), resource, 'RestApiId');
  if (!api) return;
  const methodNode = reader.prop(props, 'HttpMethod');
  const method = reader.literal(methodNode)?.toUpperCase();
  if (!method) {
    reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: HttpMethod is required`, resource.location);
    return;
  }
  const path = restPath(reader, reader.prop(props, 'ResourceId'), resource);
  if (path === undefined) return;
  const route: Route = { key: routeKey(method, path), authorizationType: 'NONE', location: resource.location };
  const authorizerRef = referencedResource(reader.prop(props, 'AuthorizerId'), reader.intrinsics);
  const authorizerId = authorizerRef?.resource ?? reader.string(reader.prop(props, 'AuthorizerId'));
  if (authorizerId) route.authorizerId = authorizerId;
  const authorizationNode = reader.prop(props, 'AuthorizationType');
  const authorization = reader.literal(authorizationNode)?.toUpperCase();
  const authorizer = findById(api.authorizers, authorizerId);
  const restAuthorization = parseAuthorizationType(authorization, REST_AUTHORIZATION_TYPES);
  if (restAuthorization) {
    route.authorizationType = restAuthorization;
  } else if (authorization) {
    reader.context.findings.error('INVALID_VALUE', `${resource.id}: AuthorizationType ${authorization} is not NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS`, authorizationNode!.location);
  }
  if (authorizer && (!authorization || authorization === 'NONE')) {
    route.authorizationType = authorizationTypeOf(authorizer.type);
    if (authorization === 'NONE') reader.context.findings.warning('INCONSISTENT_AUTH', `${resource.id}: AuthorizerId is set but AuthorizationType is NONE; read as ${route.authorizationType}`, authorizationNode!.location);
  }
  if ((route.authorizationType === 'CUSTOM' || route.authorizationType === 'COGNITO_USER_POOLS') && !authorizerId) {
    reader.context.findings.error('MISSING_PROPERTY', `${resource.id}: AuthorizationType ${route.authorizationType} needs an AuthorizerId`, authorizationNode?.location ?? resource.location);
  }
  const apiKeyRequired = reader.boolean(reader.prop(props, 'ApiKeyRequired'));
  if (apiKeyRequired !== undefined) route.apiKeyRequired = apiKeyRequired;
  const validatorRef = referencedResource(reader.prop(props, 'RequestValidatorId'), reader.intrinsics);
  const validator = validatorRef ? reader.validators.get(validatorRef.resource) : undefined;
  if (validator) {
    route.validateBody = validator.body;
    route.validateParameters = validator.parameters;
  }
  const required = propEntries(reader.prop(props, 'RequestParameters'), reader.intrinsics)
    .filter((item) => reader.boolean(item.value) === true).map((item) => item.key);
  if (required.length > 0) route.requiredParameters = required;
  const models = propEntries(reader.prop(props, 'RequestModels'), reader.intrinsics).map((item) => requestModel(reader, item.key, item.value, api, api.id));
  if (models.length > 0) route.requestModels = models;
  const integrationNode = reader.prop(props, 'Integration');
  if (integrationNode) {
    const integration = restIntegration(reader, integrationNode, resource, reader.declared(props, 'Integration')!);
    if (integration) {
      api.integrations.push(integration);
      route.integrationId = integration.id;
      const templates = reader.templates(reader.prop(integrationNode, 'RequestTemplates'));
      if (templates) route.requestTemplates = templates;
      // AWS::ApiGateway::Method Integration.PassthroughBehavior.
      const passthrough = reader.string(reader.prop(integrationNode, 'PassthroughBehavior'));
      if (isPassthroughBehavior(passthrough)) route.passthroughBehavior = passthrough;
      const responses: IntegrationResponse[] = [];
      for (const response of propItems(reader.prop(integrationNode, 'IntegrationResponses'), reader.intrinsics)) {
        const responseTemplates = reader.templates(reader.prop(response, 'ResponseTemplates'));
        if (responseTemplates && !route.responseTemplates) route.responseTemplates = responseTemplates;
        // Integration.IntegrationResponses[].StatusCode, SelectionPattern and ResponseParameters.
        const read = integrationResponse(Number(reader.string(reader.prop(response, 'StatusCode'))), reader.string(reader.prop(response, 'SelectionPattern')),
          reader.templates(reader.prop(response, 'ResponseParameters')));
        if (read) responses.push(read);
      }
      if (responses.length > 0) route.integrationResponses = responses;
    }
  }
  reader.addRoute(api, route);
}

/** A resolved template value as plain JSON: a value left symbolic (`Fn::Sub` of an id known only at deploy) keeps its text. */
export function plainValue(value: CfnValue | undefined): unknown {
  if (value instanceof Symbolic) return value.text;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValue(item)]));
  return value;
}

/** The AWS::ApiGateway::Model a method names (by logical id, Ref, or Name) among the API's models. */
function findModel(reader: TemplateReader, name: string | undefined, apiId: string): TemplateResource | undefined {
  if (name === undefined) return undefined;
  const models = reader.ofType('AWS::ApiGateway::Model');
  const ofApi = (model: TemplateResource): boolean => {
    const ref = referencedResource(reader.prop(model.properties, 'RestApiId'), reader.intrinsics);
    return !ref || ref.resource === apiId;
  };
  return models.find((model) => model.id === name) ?? models.find((model) => ofApi(model) && reader.string(reader.prop(model.properties, 'Name')) === name);
}

/** An AWS::ApiGateway::Model's schema as JSON, or undefined (reported) when it is not JSON. */
function modelSchema(reader: TemplateReader, model: TemplateResource): unknown {
  const node = reader.prop(model.properties, 'Schema');
  const document = schemaDocument(plainValue(resolveValue(node, reader.intrinsics)));
  if ('problem' in document) {
    reader.context.findings.error('INVALID_VALUE', `${model.id}: Schema: ${document.problem}`, node!.location);
    return undefined;
  }
  return document.schema;
}

/**
 * The request model of one RequestModels entry (content type -> model name or Ref), its schema
 * made self-contained: models it references by
 * `https://apigateway.amazonaws.com/restapis/{id}/models/{name}` are looked up among the API's.
 */
function requestModel(reader: TemplateReader, contentType: string, node: PNode, api: Api, apiId: string): RequestModel {
  const ref = referencedResource(node, reader.intrinsics);
  const name = ref?.resource ?? reader.string(node);
  const model = findModel(reader, name, apiId);
  const result: RequestModel = { contentType, required: [], location: node.location };
  if (!model) {
    // API Gateway's built-in models (DG "Data models"): Empty and Error require nothing.
    if (name !== 'Empty' && name !== 'Error' && !ref) reader.context.findings.warning('UNRESOLVED_REFERENCE', `${api.name}: model ${name ?? '?'} is not declared in the template`, node.location);
    if (name) result.name = name;
    return result;
  }
  result.name = reader.string(reader.prop(model.properties, 'Name')) ?? model.id;
  result.location = model.location;
  const schema = modelSchema(reader, model);
  if (schema === undefined) return result;
  const { schema: whole, unresolved } = selfContainedSchema(schema, (other) => {
    // `!Sub .../models/${PetModel}`: a Ref to an AWS::ApiGateway::Model is its name, found by its logical id.
    const found = findModel(reader, /^\$\{([^}.]+)\}$/.exec(other)?.[1] ?? other, apiId);
    return found ? modelSchema(reader, found) : undefined;
  });
  for (const missing of unresolved) reader.context.findings.error('DANGLING_REFERENCE', `${model.id}: the schema references model ${missing}, which the template does not declare`, model.location);
  result.schema = whole;
  result.required = requiredOf(whole);
  return result;
}

/** The integration of an AWS::ApiGateway::Method (its Integration property). */
function restIntegration(reader: TemplateReader, node: PNode, method: TemplateResource, location: SourceLocation): Integration | undefined {
  const typeNode = reader.prop(node, 'Type');
  const written = reader.literal(typeNode);
  const type = parseIntegrationType(written);
  if (!type) {
    reader.context.findings.error(written ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${method.id}: Integration.Type must be one of ${INTEGRATION_TYPES.join(', ')}${written ? `, got ${written.toUpperCase()}` : ''}`, typeNode?.location ?? node.location);
    return undefined;
  }
  const integration: Integration = { id: method.id, type, location };
  reader.fillIntegration(integration, reader.prop(node, 'Uri'), node, method);
  return integration;
}

export function readRestDeployment(reader: TemplateReader, resource: TemplateResource): void {
  const props = reader.properties(resource);
  const name = reader.string(reader.prop(props, 'StageName'));
  if (!name) return; // a deployment without a stage; a Stage resource names it
  const api = reader.apiFor(reader.prop(props, 'RestApiId'), resource, 'RestApiId');
  if (!api) return;
  const stage = reader.stage(api, name, resource.location);
  const description = reader.prop(props, 'StageDescription');
  const throttle = reader.throttle(description, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
  if (throttle) stage.throttle = throttle;
  readMethodSettings(reader, api, stage, reader.prop(description, 'MethodSettings'));
}

export function readRestStage(reader: TemplateReader, resource: TemplateResource): void {
  const declared = reader.declaredStage(resource, 'RestApiId');
  if (declared) readMethodSettings(reader, declared.api, declared.stage, reader.prop(declared.props, 'MethodSettings'));
}

/**
 * REST stage MethodSettings: `/*` + `*` is the stage default; other entries name one
 * method, its ResourcePath encoded with `~1` for `/` (AWS::ApiGateway::Stage MethodSetting).
 */
export function readMethodSettings(reader: TemplateReader, api: Api, stage: Stage, node: PNode | undefined): void {
  for (const setting of propItems(node, reader.intrinsics)) {
    const throttle = reader.throttle(setting, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
    if (!throttle) continue;
    const rawPath = reader.string(reader.prop(setting, 'ResourcePath')) ?? '/*';
    const method = (reader.string(reader.prop(setting, 'HttpMethod')) ?? '*').toUpperCase();
    if (rawPath === '/*' && method === '*') {
      stage.throttle = throttle;
      continue;
    }
    const path = decodeResourcePath(rawPath);
    reader.pendingThrottles.push({ api, stage, path, method, throttle, location: setting.location });
  }
}

export function applyMethodThrottles(reader: TemplateReader): void {
  for (const pending of reader.pendingThrottles) {
    const matches = pending.api.routes.filter((route) => {
      const key = splitRouteKey(route.key);
      return key !== undefined && (pending.method === '*' || pending.method === key.method) && (pending.path === '/*' || pending.path === key.path);
    });
    if (matches.length === 0) {
      reader.context.findings.warning('UNMATCHED_SETTING', `${pending.api.name}: the method setting for ${pending.method} ${pending.path} matches no method`, pending.location);
      continue;
    }
    pending.stage.routeThrottles ??= {};
    for (const route of matches) pending.stage.routeThrottles[route.key] = pending.throttle;
  }
}
