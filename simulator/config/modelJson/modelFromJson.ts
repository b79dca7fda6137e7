import { findNodeAtLocation, getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { ConfigError, type ErrorLocation } from '../../errors';
import { corsConfiguration, integrationResponse } from '../aws/cors';
import type {
  Api, ApiType, AuthorizationType, Authorizer, GatewayModel, GatewayResponseOverride, Integration, RequestModel, Route, SourceLocation, Stage, Throttle, UsagePlan, VpcLink,
} from '../../model/gateway';
import { API_TYPES, DEFAULT_ROUTE_SELECTION_EXPRESSION, defaultStageName, ENDPOINT_TYPES } from '../aws/apiDefaults';
import { applyAuthorizerPayload, AUTHORIZATION_TYPES, AUTHORIZER_TYPES, identitySource } from '../aws/authorizerKinds';
import { gatewayResponseOverride } from '../aws/gatewayResponseTypes';
import { INTEGRATION_TYPES } from '../aws/integrationTypes';
import { requiredOf } from '../aws/modelSchemas';
import { DEFAULT_API_KEY_SOURCE, QUOTA_PERIODS } from '../aws/usagePlans';
import { blankByteOrderMark, nestingBeyond, SourceLines } from '../sourceText';

/*
 * The gateway-model format: the model itself as JSON (comments and trailing commas
 * allowed), every field checked and every problem reported at its line and column. Tests,
 * the examples and the compare presets write models this way.
 */

/** Larger inputs are refused up front rather than parsed: no gateway model is this big. */
export const MAX_MODEL_BYTES = 5 * 1024 * 1024;

class Reader {
  private readonly lines: SourceLines;

  constructor(readonly file: string, text: string) {
    this.lines = new SourceLines(file, text);
  }

  locate(offset: number): ErrorLocation {
    return this.lines.at(offset);
  }

  fail(node: Node, message: string, code: ConstructorParameters<typeof ConfigError>[2] = 'INVALID_CONFIG'): never {
    throw new ConfigError(this.locate(node.offset), message, code);
  }

  location(node: Node): SourceLocation {
    return this.locate(node.offset);
  }

  object(node: Node, what: string): Node {
    if (node.type !== 'object') this.fail(node, `${what} must be an object`);
    return node;
  }

  child(node: Node, key: string): Node | undefined {
    return findNodeAtLocation(node, [key]);
  }

  /** Rejects keys the model does not know, so a typo is not silently ignored. */
  known(node: Node, what: string, keys: readonly string[]): void {
    for (const property of node.children ?? []) {
      const keyNode = property.children?.[0];
      if (keyNode && !keys.includes(String(keyNode.value))) {
        this.fail(keyNode, `${what}: unknown field "${String(keyNode.value)}" (known: ${keys.join(', ')})`);
      }
    }
  }

  string(node: Node, key: string, what: string): string;
  string(node: Node, key: string, what: string, optional: true): string | undefined;
  string(node: Node, key: string, what: string, optional = false): string | undefined {
    const value = this.child(node, key);
    if (!value) return optional ? undefined : this.fail(node, `${what}: missing "${key}"`);
    if (value.type !== 'string' || String(value.value).length === 0) this.fail(value, `${what}.${key} must be a non-empty string`);
    return String(value.value);
  }

  choice<T extends string>(node: Node, key: string, what: string, allowed: readonly T[], fallback?: T): T {
    const value = this.child(node, key);
    if (!value) return fallback ?? this.fail(node, `${what}: missing "${key}" (one of ${allowed.join(', ')})`);
    if (value.type !== 'string' || !(allowed as readonly string[]).includes(String(value.value))) {
      this.fail(value, `${what}.${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(getNodeValue(value))}`);
    }
    return value.value as T;
  }

  number(node: Node, key: string, what: string, min: number, max: number): number | undefined {
    const value = this.child(node, key);
    if (!value) return undefined;
    if (value.type !== 'number' || !Number.isFinite(value.value) || value.value < min || value.value > max) {
      this.fail(value, `${what}.${key} must be a number from ${min} to ${max}, got ${JSON.stringify(getNodeValue(value))}`);
    }
    return value.value as number;
  }

  boolean(node: Node, key: string, what: string): boolean | undefined {
    const value = this.child(node, key);
    if (!value) return undefined;
    if (value.type !== 'boolean') this.fail(value, `${what}.${key} must be true or false`);
    return value.value as boolean;
  }

  strings(node: Node, key: string, what: string): string[] | undefined {
    const value = this.child(node, key);
    if (!value) return undefined;
    if (value.type !== 'array' || (value.children ?? []).some((item) => item.type !== 'string')) this.fail(value, `${what}.${key} must be an array of strings`);
    return (value.children ?? []).map((item) => String(item.value));
  }

  array(node: Node, key: string, what: string): Node[] {
    const value = this.child(node, key);
    if (!value) return [];
    if (value.type !== 'array') this.fail(value, `${what}.${key} must be an array`);
    return value.children ?? [];
  }

  throttle(node: Node, key: string, what: string): Throttle | undefined {
    const value = this.child(node, key);
    if (!value) return undefined;
    this.object(value, `${what}.${key}`);
    this.known(value, `${what}.${key}`, ['rateLimit', 'burstLimit']);
    const rateLimit = this.number(value, 'rateLimit', `${what}.${key}`, 0, 1e9);
    const burstLimit = this.number(value, 'burstLimit', `${what}.${key}`, 0, 1e9);
    if (rateLimit === undefined || burstLimit === undefined) this.fail(value, `${what}.${key} needs rateLimit and burstLimit`);
    return { rateLimit, burstLimit };
  }
}

/** Deeper nesting than any gateway model needs; the parser recurses, so it is refused before parsing. */
export const MAX_NESTING = 64;

/** Parses a gateway model from JSON text; `file` names it in errors. */
export function modelFromJson(source: string, file = '<model>'): GatewayModel {
  const text = blankByteOrderMark(source);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_MODEL_BYTES) {
    throw new ConfigError({ file, line: 1, column: 1 }, `the file is ${size} bytes; a gateway model is at most ${MAX_MODEL_BYTES} bytes`, 'CONFIG_TOO_LARGE');
  }
  const reader = new Reader(file, text);
  if (text.trim() === '') throw new ConfigError({ file, line: 1, column: 1 }, 'the file is empty', 'CONFIG_SYNTAX');
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep >= 0) throw new ConfigError(reader.locate(deep), `nested more than ${MAX_NESTING} levels deep: not a gateway model`, 'CONFIG_SYNTAX');
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    throw new ConfigError(reader.locate(errors[0].offset), `JSON syntax error: ${printParseErrorCode(errors[0].error)}`, 'CONFIG_SYNTAX');
  }
  if (!root) throw new ConfigError({ file, line: 1, column: 1 }, 'the file is empty', 'CONFIG_SYNTAX');
  reader.object(root, 'the model');
  // Say what the file is not before picking at its fields: a package.json is not a misspelt model.
  const apisNode = reader.child(root, 'apis') ?? reader.fail(root, 'not a gateway model: no "apis" array');
  reader.known(root, 'the model', ['apis', 'vpcLinks']);
  const vpcLinks = reader.array(root, 'vpcLinks', 'model').map((node, index) => readVpcLink(reader, node, `vpcLinks[${index}]`));
  const apis = reader.array(root, 'apis', 'model').map((node, index) => readApi(reader, node, `apis[${index}]`, vpcLinks));
  if (apis.length === 0) reader.fail(apisNode, 'the model has no APIs');
  const ids = new Set<string>();
  for (const [index, api] of apis.entries()) {
    if (ids.has(api.id)) reader.fail(reader.array(root, 'apis', 'model')[index], `two APIs have the id "${api.id}"`);
    ids.add(api.id);
  }
  return { apis, vpcLinks };
}

function readVpcLink(reader: Reader, node: Node, what: string): VpcLink {
  reader.object(node, what);
  reader.known(node, what, ['id', 'name', 'target', 'targetKind']);
  const targetKind = reader.child(node, 'targetKind') ? reader.choice(node, 'targetKind', what, ['EC2', 'EKS', 'ECS'] as const) : undefined;
  return {
    id: reader.string(node, 'id', what),
    name: reader.string(node, 'name', what, true) ?? reader.string(node, 'id', what),
    target: reader.choice(node, 'target', what, ['NLB', 'ALB', 'CLOUD_MAP'] as const),
    ...(targetKind ? { targetKind } : {}),
    location: reader.location(node),
  };
}

const API_KEYS = ['id', 'name', 'type', 'endpointType', 'region', 'stages', 'routes', 'authorizers', 'integrations', 'customDomain', 'wafWebAcl', 'usagePlans', 'apiKeySource', 'routeSelectionExpression', 'securityPolicy', 'gatewayResponses', 'cors'];

function readApi(reader: Reader, node: Node, what: string, vpcLinks: VpcLink[]): Api {
  reader.object(node, what);
  reader.known(node, what, API_KEYS);
  const type = reader.choice(node, 'type', what, API_TYPES);
  const endpointType = reader.choice(node, 'endpointType', what, ENDPOINT_TYPES, 'REGIONAL');
  // HTTP and WebSocket APIs are Regional only (API Gateway developer guide, "Choose between REST APIs and HTTP APIs").
  if (type !== 'REST' && endpointType !== 'REGIONAL') reader.fail(reader.child(node, 'endpointType')!, `${what}: ${type} APIs support only REGIONAL endpoints`);
  const authorizers = reader.array(node, 'authorizers', what).map((child, index) => readAuthorizer(reader, child, `${what}.authorizers[${index}]`, type));
  const integrations = reader.array(node, 'integrations', what).map((child, index) => readIntegration(reader, child, `${what}.integrations[${index}]`, type, vpcLinks));
  const stages = reader.array(node, 'stages', what).map((child, index) => readStage(reader, child, `${what}.stages[${index}]`));
  const routeNodes = reader.array(node, 'routes', what);
  const routes = routeNodes.map((child, index) => readRoute(reader, child, `${what}.routes[${index}]`, type, authorizers, integrations));
  const seen = new Set<string>();
  routes.forEach((route, index) => {
    if (seen.has(route.key)) reader.fail(routeNodes[index], `${what}: route "${route.key}" is defined twice`);
    seen.add(route.key);
  });
  const domainNode = reader.child(node, 'customDomain');
  const usagePlans = reader.array(node, 'usagePlans', what).map((child, index) => readUsagePlan(reader, child, `${what}.usagePlans[${index}]`));
  if (usagePlans.length > 0 && type !== 'REST') reader.fail(reader.child(node, 'usagePlans')!, `${what}: usage plans and API keys exist only for REST APIs`);
  const api: Api = {
    id: reader.string(node, 'id', what),
    name: reader.string(node, 'name', what, true) ?? reader.string(node, 'id', what),
    type,
    endpointType,
    region: reader.string(node, 'region', what, true) ?? 'us-east-1',
    stages: stages.length > 0 ? stages : [{ name: defaultStageName(type) }],
    routes,
    authorizers,
    integrations,
    usagePlans,
    location: reader.location(node),
  };
  if (domainNode) {
    reader.object(domainNode, `${what}.customDomain`);
    reader.known(domainNode, `${what}.customDomain`, ['domainName', 'securityPolicy']);
    const securityPolicy = reader.string(domainNode, 'securityPolicy', `${what}.customDomain`, true);
    api.customDomain = { domainName: reader.string(domainNode, 'domainName', `${what}.customDomain`), ...(securityPolicy ? { securityPolicy } : {}), location: reader.location(domainNode) };
  }
  const waf = reader.string(node, 'wafWebAcl', what, true);
  if (waf) api.wafWebAcl = waf;
  const selection = reader.string(node, 'routeSelectionExpression', what, true);
  if (type === 'WEBSOCKET') api.routeSelectionExpression = selection ?? DEFAULT_ROUTE_SELECTION_EXPRESSION;
  else if (selection) reader.fail(reader.child(node, 'routeSelectionExpression')!, `${what}: routeSelectionExpression applies to WEBSOCKET APIs only`);
  const policy = reader.string(node, 'securityPolicy', what, true);
  if (policy) api.securityPolicy = policy;
  if (type === 'REST') api.apiKeySource = reader.choice(node, 'apiKeySource', what, ['HEADER', 'AUTHORIZER'] as const, DEFAULT_API_KEY_SOURCE);
  const gatewayResponses = reader.array(node, 'gatewayResponses', what).map((child, index) => readGatewayResponse(reader, child, `${what}.gatewayResponses[${index}]`));
  if (gatewayResponses.length > 0) {
    if (type !== 'REST') reader.fail(reader.child(node, 'gatewayResponses')!, `${what}: gateway responses exist only for REST APIs`);
    api.gatewayResponses = gatewayResponses;
  }
  const corsNode = reader.child(node, 'cors');
  if (corsNode) {
    // The CorsConfiguration's fields (AWS::ApiGatewayV2::Api Cors), in the model's own names.
    const where = `${what}.cors`;
    if (type !== 'HTTP') reader.fail(corsNode, `${where}: a CORS configuration exists only for HTTP APIs (a REST API answers preflights through its OPTIONS methods)`);
    reader.object(corsNode, where);
    reader.known(corsNode, where, ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'maxAgeSeconds', 'allowCredentials']);
    const maxAgeSeconds = reader.number(corsNode, 'maxAgeSeconds', where, -1, 86400);
    const allowCredentials = reader.boolean(corsNode, 'allowCredentials', where);
    api.cors = corsConfiguration({
      allowOrigins: reader.strings(corsNode, 'allowOrigins', where), allowMethods: reader.strings(corsNode, 'allowMethods', where),
      allowHeaders: reader.strings(corsNode, 'allowHeaders', where), exposeHeaders: reader.strings(corsNode, 'exposeHeaders', where),
      ...(maxAgeSeconds !== undefined ? { maxAgeSeconds } : {}), ...(allowCredentials !== undefined ? { allowCredentials } : {}),
    }, reader.location(corsNode));
  }
  return api;
}

/** A request model: contentType, name, the JSON schema (draft 4), or only the required properties. */
function readRequestModel(reader: Reader, node: Node, what: string): RequestModel {
  reader.object(node, what);
  reader.known(node, what, ['contentType', 'name', 'schema', 'required']);
  const schemaNode = reader.child(node, 'schema');
  const schema: unknown = schemaNode ? getNodeValue(schemaNode) : undefined;
  const model: RequestModel = {
    contentType: reader.string(node, 'contentType', what, true) ?? 'application/json',
    required: reader.strings(node, 'required', what) ?? requiredOf(schema),
    location: reader.location(node),
  };
  const name = reader.string(node, 'name', what, true);
  if (name) model.name = name;
  if (schemaNode) model.schema = schema;
  return model;
}

/** A gateway response: type, statusCode, headers (name -> mapping expression), templates (content type -> template). */
function readGatewayResponse(reader: Reader, node: Node, what: string): GatewayResponseOverride {
  reader.object(node, what);
  reader.known(node, what, ['type', 'statusCode', 'headers', 'templates']);
  const map = (key: string): [string, string][] => {
    const child = reader.child(node, key);
    if (!child) return [];
    reader.object(child, `${what}.${key}`);
    return (child.children ?? []).map((property): [string, string] => {
      const value: unknown = property.children?.[1] ? getNodeValue(property.children[1]) : undefined;
      if (typeof value !== 'string') reader.fail(property, `${what}.${key}: values are strings`);
      return [String(getNodeValue(property.children![0])), value as string];
    });
  };
  const headers = map('headers').map(([name, value]): [string, string] => [`gatewayresponse.header.${name}`, value]);
  return gatewayResponseOverride(reader.string(node, 'type', what), reader.number(node, 'statusCode', what, 100, 599), headers, map('templates'), reader.location(node));
}

function readStage(reader: Reader, node: Node, what: string): Stage {
  reader.object(node, what);
  reader.known(node, what, ['name', 'throttle', 'routeThrottles']);
  const stage: Stage = { name: reader.string(node, 'name', what), location: reader.location(node) };
  const throttle = reader.throttle(node, 'throttle', what);
  if (throttle) stage.throttle = throttle;
  const overrides = reader.child(node, 'routeThrottles');
  if (overrides) {
    reader.object(overrides, `${what}.routeThrottles`);
    stage.routeThrottles = {};
    for (const property of overrides.children ?? []) {
      const key = String(property.children![0].value);
      stage.routeThrottles[key] = reader.throttle(overrides, key, `${what}.routeThrottles`)!;
    }
  }
  return stage;
}

function readAuthorizer(reader: Reader, node: Node, what: string, apiType: ApiType): Authorizer {
  reader.object(node, what);
  reader.known(node, what, ['id', 'name', 'type', 'identitySources', 'resultTtlSeconds', 'functionName', 'issuer', 'audience', 'userPoolArns', 'payloadFormatVersion', 'enableSimpleResponses']);
  const type = reader.choice(node, 'type', what, AUTHORIZER_TYPES);
  if (type === 'JWT' && apiType !== 'HTTP') reader.fail(reader.child(node, 'type')!, `${what}: JWT authorizers exist only for HTTP APIs`);
  if (type === 'COGNITO_USER_POOLS' && apiType !== 'REST') reader.fail(reader.child(node, 'type')!, `${what}: Cognito user pool authorizers exist only for REST APIs (HTTP APIs use a JWT authorizer)`);
  // REST Lambda authorizer result TTL: 0-3600 s, default 300 (developer guide, "Use API Gateway Lambda authorizers").
  const resultTtlSeconds = reader.number(node, 'resultTtlSeconds', what, 0, 3600);
  const authorizer: Authorizer = {
    id: reader.string(node, 'id', what),
    name: reader.string(node, 'name', what, true) ?? reader.string(node, 'id', what),
    type,
    identitySources: reader.strings(node, 'identitySources', what) ?? [identitySource(apiType === 'REST' ? 'REST' : 'HTTP', 'header', 'Authorization')],
    location: reader.location(node),
  };
  if (resultTtlSeconds !== undefined) authorizer.resultTtlSeconds = resultTtlSeconds;
  applyAuthorizerPayload(authorizer, reader.string(node, 'payloadFormatVersion', what, true), reader.boolean(node, 'enableSimpleResponses', what));
  for (const key of ['functionName', 'issuer'] as const) {
    const value = reader.string(node, key, what, true);
    if (value) authorizer[key] = value;
  }
  for (const key of ['audience', 'userPoolArns'] as const) {
    const value = reader.strings(node, key, what);
    if (value) authorizer[key] = value;
  }
  if ((type === 'TOKEN' || type === 'REQUEST') && !authorizer.functionName) reader.fail(node, `${what}: a Lambda authorizer needs "functionName"`);
  if (type === 'JWT' && !authorizer.issuer) reader.fail(node, `${what}: a JWT authorizer needs "issuer"`);
  return authorizer;
}

function readIntegration(reader: Reader, node: Node, what: string, apiType: ApiType, vpcLinks: VpcLink[]): Integration {
  reader.object(node, what);
  reader.known(node, what, ['id', 'type', 'functionName', 'uri', 'serviceAction', 'timeoutMs', 'connectionType', 'vpcLinkId', 'payloadFormatVersion']);
  const type = reader.choice(node, 'type', what, INTEGRATION_TYPES);
  if (apiType === 'HTTP' && (type === 'AWS' || type === 'HTTP')) {
    reader.fail(reader.child(node, 'type')!, `${what}: HTTP APIs have no non-proxy ${type} integrations (no mapping templates)`);
  }
  const integration: Integration = { id: reader.string(node, 'id', what), type, location: reader.location(node) };
  for (const key of ['functionName', 'uri', 'serviceAction', 'vpcLinkId'] as const) {
    const value = reader.string(node, key, what, true);
    if (value) integration[key] = value;
  }
  const timeoutMs = reader.number(node, 'timeoutMs', what, 50, 300000);
  if (timeoutMs !== undefined) integration.timeoutMs = timeoutMs;
  integration.connectionType = reader.choice(node, 'connectionType', what, ['INTERNET', 'VPC_LINK'] as const, integration.vpcLinkId ? 'VPC_LINK' : 'INTERNET');
  if (integration.connectionType === 'VPC_LINK') {
    if (!integration.vpcLinkId) reader.fail(node, `${what}: a VPC_LINK connection needs "vpcLinkId"`);
    if (!vpcLinks.some((link) => link.id === integration.vpcLinkId)) {
      reader.fail(reader.child(node, 'vpcLinkId')!, `${what}: unknown VPC link "${integration.vpcLinkId}"`, 'UNKNOWN_REFERENCE');
    }
  }
  if (apiType === 'HTTP' && type === 'AWS_PROXY') integration.payloadFormatVersion = reader.choice(node, 'payloadFormatVersion', what, ['1.0', '2.0'] as const, '2.0');
  if ((type === 'AWS_PROXY' || type === 'AWS') && !integration.functionName && !integration.serviceAction) reader.fail(node, `${what}: an ${type} integration needs "functionName" or "serviceAction"`);
  if ((type === 'HTTP_PROXY' || type === 'HTTP') && !integration.uri) reader.fail(node, `${what}: an ${type} integration needs "uri"`);
  return integration;
}

function readRoute(reader: Reader, node: Node, what: string, apiType: ApiType, authorizers: Authorizer[], integrations: Integration[]): Route {
  reader.object(node, what);
  reader.known(node, what, ['key', 'authorizationType', 'authorizerId', 'apiKeyRequired', 'integrationId', 'validateBody', 'validateParameters', 'requiredParameters', 'requestModel', 'requestModels', 'requestTemplates', 'responseTemplates', 'integrationResponses', 'passthroughBehavior', 'throttle']);
  const key = reader.string(node, 'key', what);
  // REST APIs have no $default route (a greedy `ANY /{proxy+}` plays that part).
  if (apiType !== 'WEBSOCKET' && !(apiType === 'HTTP' && key === '$default') && !/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S*$/.test(key)) {
    reader.fail(reader.child(node, 'key')!, `${what}.key must look like "GET /orders/{orderId}"${apiType === 'HTTP' ? ' or "$default"' : ''}, got "${key}"`);
  }
  const authorizerId = reader.string(node, 'authorizerId', what, true);
  const authorizer = authorizerId ? authorizers.find((candidate) => candidate.id === authorizerId) : undefined;
  if (authorizerId && !authorizer) reader.fail(reader.child(node, 'authorizerId')!, `${what}: unknown authorizer "${authorizerId}"`, 'UNKNOWN_REFERENCE');
  const fallbackAuthorization: AuthorizationType = !authorizer ? 'NONE' : authorizer.type === 'JWT' ? 'JWT' : authorizer.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
  const integrationId = reader.string(node, 'integrationId', what, true);
  if (integrationId && !integrations.some((candidate) => candidate.id === integrationId)) {
    reader.fail(reader.child(node, 'integrationId')!, `${what}: unknown integration "${integrationId}"`, 'UNKNOWN_REFERENCE');
  }
  const route: Route = { key, authorizationType: reader.choice(node, 'authorizationType', what, AUTHORIZATION_TYPES, fallbackAuthorization), location: reader.location(node) };
  if (authorizerId) route.authorizerId = authorizerId;
  if (integrationId) route.integrationId = integrationId;
  const apiKeyRequired = reader.boolean(node, 'apiKeyRequired', what);
  if (apiKeyRequired !== undefined) {
    if (apiKeyRequired && apiType === 'HTTP') reader.fail(reader.child(node, 'apiKeyRequired')!, `${what}: HTTP APIs have no API keys (REST methods and WebSocket routes do)`);
    route.apiKeyRequired = apiKeyRequired;
  }
  for (const flag of ['validateBody', 'validateParameters'] as const) {
    const value = reader.boolean(node, flag, what);
    if (value !== undefined) {
      if (value && apiType !== 'REST') reader.fail(reader.child(node, flag)!, `${what}: request validation exists only for REST APIs`);
      route[flag] = value;
    }
  }
  const requiredParameters = reader.strings(node, 'requiredParameters', what);
  if (requiredParameters) route.requiredParameters = requiredParameters;
  // `requestModels` (one per content type), or the older single `requestModel`.
  const modelNode = reader.child(node, 'requestModel');
  const modelNodes = reader.array(node, 'requestModels', what);
  const models = [...(modelNode ? [modelNode] : []), ...modelNodes].map((child, index) => readRequestModel(reader, child, modelNode && index === 0 ? `${what}.requestModel` : `${what}.requestModels[${index - (modelNode ? 1 : 0)}]`));
  if (models.length > 0) route.requestModels = models;
  if (reader.child(node, 'passthroughBehavior')) route.passthroughBehavior = reader.choice(node, 'passthroughBehavior', what, ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const);
  for (const templates of ['requestTemplates', 'responseTemplates'] as const) {
    const value = reader.child(node, templates);
    if (!value) continue;
    if (apiType === 'HTTP') reader.fail(value, `${what}: HTTP APIs have no mapping templates`);
    reader.object(value, `${what}.${templates}`);
    route[templates] = Object.fromEntries((value.children ?? []).map((property) => {
      const template = property.children![1];
      if (template.type !== 'string') reader.fail(template, `${what}.${templates} values must be strings`);
      return [String(property.children![0].value), String(template.value)];
    }));
  }
  const responses = reader.array(node, 'integrationResponses', what).map((child, index) => {
    // REST integration responses: statusCode, selectionPattern, responseParameters (method.response.header.X -> 'value').
    const where = `${what}.integrationResponses[${index}]`;
    if (apiType !== 'REST') reader.fail(child, `${where}: integration responses exist only for REST APIs`);
    reader.object(child, where);
    reader.known(child, where, ['statusCode', 'selectionPattern', 'responseParameters']);
    const parametersNode = reader.child(child, 'responseParameters');
    const parameters = parametersNode ? Object.fromEntries((reader.object(parametersNode, `${where}.responseParameters`).children ?? []).map((property) => {
      const value = property.children![1];
      if (value.type !== 'string') reader.fail(value, `${where}.responseParameters values must be strings`);
      return [String(property.children![0].value), String(value.value)];
    })) : undefined;
    const statusCode = reader.number(child, 'statusCode', where, 100, 599) ?? reader.fail(child, `${where} needs "statusCode"`);
    return integrationResponse(statusCode, reader.string(child, 'selectionPattern', where, true), parameters) ?? reader.fail(child, `${where}: statusCode must be an integer from 100 to 599`);
  });
  if (responses.length > 0) route.integrationResponses = responses;
  const throttle = reader.throttle(node, 'throttle', what);
  if (throttle) route.throttle = throttle;
  return route;
}

function readUsagePlan(reader: Reader, node: Node, what: string): UsagePlan {
  reader.object(node, what);
  reader.known(node, what, ['id', 'name', 'throttle', 'quota', 'apiKeys']);
  const plan: UsagePlan = {
    id: reader.string(node, 'id', what),
    name: reader.string(node, 'name', what, true) ?? reader.string(node, 'id', what),
    apiKeys: reader.strings(node, 'apiKeys', what) ?? [],
    location: reader.location(node),
  };
  const throttle = reader.throttle(node, 'throttle', what);
  if (throttle) plan.throttle = throttle;
  const quota = reader.child(node, 'quota');
  if (quota) {
    reader.object(quota, `${what}.quota`);
    reader.known(quota, `${what}.quota`, ['limit', 'period']);
    plan.quota = { limit: reader.number(quota, 'limit', `${what}.quota`, 0, 1e12) ?? reader.fail(quota, `${what}.quota needs "limit"`), period: reader.choice(quota, 'period', `${what}.quota`, QUOTA_PERIODS) };
  }
  return plan;
}
