import { integrationResponse } from '../aws/cors';
import type { Integration, IntegrationResponse, RequestModel, Route, SourceLocation } from '../../model/gateway';
import { isPassthroughBehavior } from '../../model/gateway';
import { serviceAction, serviceActionOfSubtype } from '../aws/arns';
import {
  DEFAULT_CONNECTION_TYPE, HTTP_API_INTEGRATION_TYPES, INTEGRATION_TIMEOUT_LIMITS_MS, parseConnectionType, parseIntegrationType,
  parsePayloadFormatVersion,
} from '../aws/integrationTypes';
import { DEFAULT_ROUTE_KEY, pathShape, routeKey } from '../aws/routeKeys';
import { ASSUMED_HTTP_VPC_LINK_TARGET, isPrivateIntegrationTarget, REST_VPC_LINK_TARGET, vpcLinkTargetOfArn } from '../aws/vpcLinkTargets';
import { requiredOf, referencedModelName, selfContainedSchema } from '../aws/modelSchemas';
import { bool, entries, entry, get, items, num, plain, type PMap, type PNode, str } from '../tree';
import {
  ANY_METHOD, EXTENSION, functionInUri, METHODS, type OpenApiReader, OPERATION_EXTENSIONS, type ReadIntegration, referenceName, type Text,
  WHOLE_PLACEHOLDER,
} from './openApiReader';
import { routeAuthorization } from './openApiSecurity';

/*
 * Paths and operations as routes: request validators and required parameters, request
 * models, and each operation's x-amazon-apigateway-integration (a Lambda function, an AWS
 * service action, an HTTP URL or a mock; its timeout, VPC link, payload format and templates).
 */

export function readValidators(reader: OpenApiReader): void {
  const node = entry(reader.root, `${EXTENSION}request-validators`);
  if (!node) return;
  if (reader.type === 'HTTP') {
    reader.findings.info('IGNORED_PROPERTY', 'HTTP APIs do not validate requests; x-amazon-apigateway-request-validators is ignored', node.keyLocation);
    return;
  }
  for (const item of entries(node.value)) {
    reader.validators.set(item.key, { body: bool(get(item.value, 'validateRequestBody')) ?? false, parameters: bool(get(item.value, 'validateRequestParameters')) ?? false });
  }
}

/** x-amazon-apigateway-request-validator of the operation, or the definition's default. */
function applyValidator(reader: OpenApiReader, operation: PMap, route: Route): void {
  if (reader.type === 'HTTP') return;
  const node = get(operation, `${EXTENSION}request-validator`) ?? get(reader.root, `${EXTENSION}request-validator`);
  const name = str(node);
  if (!node || name === undefined) return;
  const validator = reader.validators.get(name);
  if (!validator) {
    reader.once(`validator:${name}:${node.location.line}`, () => reader.findings.error('DANGLING_REFERENCE', `${route.key}: request validator ${JSON.stringify(name)} is not in x-amazon-apigateway-request-validators`, node.location));
    return;
  }
  route.validateBody = validator.body;
  route.validateParameters = validator.parameters;
}

/**
 * Required query strings and headers as method request parameters (`method.request.querystring.q`),
 * and the required top-level properties of the JSON body model. Path parameters are always
 * present once the route matches, so they are not listed.
 */
function requestShape(reader: OpenApiReader, pathItem: PNode | undefined, operation: PMap, route: Route): void {
  const parameters = new Map<string, PNode>();
  for (const source of [get(pathItem, 'parameters'), get(operation, 'parameters')]) {
    for (const raw of items(source)) {
      const parameter = reader.resolve(raw);
      if (!parameter) continue;
      parameters.set(`${str(get(parameter, 'in'))}:${str(get(parameter, 'name'))}`, parameter);
    }
  }
  const required: string[] = [];
  let bodySchema: PNode | undefined;
  for (const parameter of parameters.values()) {
    const where = str(get(parameter, 'in'));
    const name = str(get(parameter, 'name'));
    if (where === 'body') bodySchema = get(parameter, 'schema');
    if (!name || bool(get(parameter, 'required')) !== true) continue;
    if (where === 'query') required.push(`method.request.querystring.${name}`);
    if (where === 'header') required.push(`method.request.header.${name}`);
    // Path parameters are always required; importing the definition marks them so (method.request.path.NAME: true).
    if (where === 'path') required.push(`method.request.path.${name}`);
  }
  if (required.length > 0) route.requiredParameters = required;
  const bodies: { contentType: string; schema: PNode }[] = [];
  if (reader.swagger) {
    // A body parameter's schema is the model of each type the operation consumes (application/json when it names none).
    const consumes = items(get(operation, 'consumes') ?? get(reader.root, 'consumes')).map(str).filter((type): type is string => type !== undefined);
    if (bodySchema) for (const contentType of consumes.length > 0 ? consumes : ['application/json']) bodies.push({ contentType, schema: bodySchema });
  } else {
    const body = reader.resolve(get(operation, 'requestBody'));
    for (const item of entries(get(body, 'content'))) {
      const schema = get(item.value, 'schema');
      if (schema) bodies.push({ contentType: item.key, schema });
    }
  }
  const models = bodies.map(({ contentType, schema }) => openApiModel(reader, contentType, schema)).filter((model): model is RequestModel => model !== undefined);
  if (models.length > 0) route.requestModels = models;
}

/**
 * A body schema as API Gateway imports it into a model: a `$ref` to a definition is that named
 * model, an inline schema a model of its own; the definitions it references are copied in
 * (config/aws/modelSchemas.ts).
 */
function openApiModel(reader: OpenApiReader, contentType: string, node: PNode): RequestModel | undefined {
  const resolved = reader.resolve(node);
  if (!resolved) return undefined;
  const ref = str(get(node, '$ref'));
  const name = ref === undefined ? undefined : referencedModelName(ref);
  const definitions = reader.swagger ? '#/definitions/' : '#/components/schemas/';
  const { schema, unresolved } = selfContainedSchema(plain(resolved), (other) => plain(reader.pointer(`${definitions}${other.replace(/~/g, '~0').replace(/\//g, '~1')}`)));
  for (const missing of unresolved) reader.findings.error('DANGLING_REFERENCE', `model ${missing} is referenced but not defined in ${reader.swagger ? 'definitions' : 'components.schemas'}`, node.location);
  return { contentType, ...(name !== undefined ? { name } : {}), schema, required: requiredOf(schema), location: resolved.location };
}

export function readPaths(reader: OpenApiReader): void {
  const pathsEntry = entry(reader.root, 'paths');
  if (!pathsEntry || pathsEntry.value.kind !== 'map' || pathsEntry.value.entries.length === 0) {
    reader.findings.warning('NO_ROUTES', 'the definition has no paths, so the API has no routes', pathsEntry?.keyLocation ?? reader.options.location);
    return;
  }
  const shapes = new Map<string, Route>();
  for (const pathEntry of pathsEntry.value.entries) {
    const path = pathEntry.key;
    if (path.startsWith('x-')) continue;
    if (!path.startsWith('/')) {
      reader.findings.warning('INVALID_VALUE', `path ${JSON.stringify(path)} must start with /; it is left out`, pathEntry.keyLocation);
      continue;
    }
    const pathItem = reader.resolve(pathEntry.value);
    for (const operationEntry of entries(pathItem)) {
      const key = operationEntry.key;
      let method: string;
      if (METHODS.has(key.toLowerCase())) method = key.toUpperCase();
      else if (key === ANY_METHOD) method = 'ANY';
      else {
        if (key.toLowerCase() === 'trace') reader.findings.warning('UNSUPPORTED_FEATURE', `${path}: API Gateway has no TRACE method; the operation is left out`, operationEntry.keyLocation);
        else if (key.startsWith(EXTENSION)) reader.findings.warning('UNKNOWN_EXTENSION', `${key} is not an API Gateway extension of a path; it is ignored`, operationEntry.keyLocation);
        continue;
      }
      const operation = operationEntry.value;
      if (operation.kind !== 'map') {
        reader.findings.warning('INVALID_VALUE', `${method} ${path}: an operation must be an object`, operationEntry.keyLocation);
        continue;
      }
      const route = readRoute(reader, path, method, pathItem, operation, operationEntry.keyLocation);
      // API Gateway matches /a/{id} and /a/{key} alike: two such resources cannot coexist.
      const shape = `${method} ${route.key === DEFAULT_ROUTE_KEY ? DEFAULT_ROUTE_KEY : pathShape(path)}`;
      const earlier = shapes.get(shape);
      if (earlier) {
        reader.findings.error('CONFLICTING_ROUTES', `${route.key} is declared twice or conflicts with ${earlier.key} (line ${earlier.location?.line ?? '?'}); the later one is left out`, operationEntry.keyLocation);
        continue;
      }
      shapes.set(shape, route);
      reader.api.routes.push(route);
    }
  }
}

function readRoute(reader: OpenApiReader, path: string, method: string, pathItem: PNode | undefined, operation: PMap, location: SourceLocation): Route {
  let key = routeKey(method, path);
  const isDefault = bool(get(operation, 'isDefaultRoute')) === true || path === `/${DEFAULT_ROUTE_KEY}`;
  if (isDefault && reader.type === 'HTTP') key = DEFAULT_ROUTE_KEY;
  else if (isDefault) reader.findings.warning('UNSUPPORTED_FEATURE', `${key}: REST APIs have no $default route (a greedy ANY /{proxy+} plays that part)`, location);
  const route: Route = { key, authorizationType: 'NONE', location };
  for (const item of operation.entries) {
    if (item.key.startsWith(EXTENSION) && !OPERATION_EXTENSIONS.has(item.key)) {
      reader.findings.warning('UNKNOWN_EXTENSION', `${item.key} is not an API Gateway extension of an operation; it is ignored`, item.keyLocation);
    }
  }
  routeAuthorization(reader, operation, route);
  applyValidator(reader, operation, route);
  requestShape(reader, pathItem, operation, route);
  const read = readIntegration(reader, operation, route);
  if (read) {
    route.integrationId = read.integration.id;
    if (read.requestTemplates) route.requestTemplates = read.requestTemplates;
    if (read.responseTemplates) route.responseTemplates = read.responseTemplates;
    if (read.integrationResponses) route.integrationResponses = read.integrationResponses;
    if (read.passthroughBehavior) route.passthroughBehavior = read.passthroughBehavior;
  }
  return route;
}

function readIntegration(reader: OpenApiReader, operation: PMap, route: Route): ReadIntegration | undefined {
  const declared = entry(operation, `${EXTENSION}integration`);
  if (!declared) return undefined;
  const ref = str(get(declared.value, '$ref'));
  if (ref !== undefined) {
    // x-amazon-apigateway-integrations: one integration shared by several routes (HTTP APIs).
    if (reader.integrationRefs.has(ref)) return reader.integrationRefs.get(ref);
    const node = reader.resolve(declared.value);
    const read = node ? buildIntegration(reader, node, ref.split('/').pop() || route.key, reader.declaredAt(ref) ?? node.location, route) : undefined;
    reader.integrationRefs.set(ref, read);
    return read;
  }
  const operationId = str(get(operation, 'operationId'));
  return buildIntegration(reader, declared.value, operationId && !reader.integrationIds.has(operationId) ? operationId : route.key, declared.keyLocation, route);
}

function buildIntegration(reader: OpenApiReader, node: PNode, preferredId: string, location: SourceLocation, route: Route): ReadIntegration | undefined {
  const what = `${route.key} integration`;
  if (node.kind !== 'map') {
    reader.findings.error('INVALID_VALUE', `${what}: x-amazon-apigateway-integration must be an object`, location);
    return undefined;
  }
  const typeNode = get(node, 'type');
  const typeName = reader.text(typeNode, `${what} type`)?.value;
  const type = parseIntegrationType(typeName);
  if (!type) {
    if (typeName && WHOLE_PLACEHOLDER.test(typeName)) return undefined;
    reader.findings.error(typeName ? 'INVALID_VALUE' : 'MISSING_PROPERTY', `${what}: type must be aws_proxy, aws, http_proxy, http or mock${typeName ? `, got ${JSON.stringify(typeName)}` : ''}`, typeNode?.location ?? location);
    return undefined;
  }
  if (reader.type === 'HTTP' && !HTTP_API_INTEGRATION_TYPES.includes(type)) {
    // "HTTP APIs support only Lambda proxy and HTTP proxy integrations" (import warning).
    reader.findings.warning('UNSUPPORTED_FEATURE', `${what}: HTTP APIs have no ${type} integrations (only AWS_PROXY and HTTP_PROXY); the integration is left out`, typeNode?.location ?? location);
    return undefined;
  }
  let id = preferredId;
  for (let suffix = 2; reader.integrationIds.has(id); suffix++) id = `${preferredId}#${suffix}`;
  reader.integrationIds.add(id);
  const integration: Integration = { id, type, location };
  const uriNode = get(node, 'uri');
  const uri = reader.text(uriNode, `${what} uri`);
  const subtype = str(get(node, 'integrationSubtype'));
  if (type === 'AWS_PROXY' || type === 'AWS') {
    const functionName = uri ? functionInUri(uri.value) : undefined;
    const action = uri ? serviceAction(uri.value) : undefined;
    if (functionName) integration.functionName = functionName;
    else if (action) {
      integration.serviceAction = action;
      integration.uri = uri!.value;
    } else if (subtype) integration.serviceAction = serviceActionOfSubtype(subtype); // HTTP API AWS service integration, e.g. SQS-SendMessage
    else if (uri) {
      integration.uri = uri.value;
      reader.findings.warning('INVALID_VALUE', `${what}: uri is neither a Lambda function nor an AWS service action ARN`, uri.location);
    } else if (!uriNode) {
      reader.findings.error('MISSING_PROPERTY', `${what}: an ${type} integration needs a uri`, location);
    }
  } else if (type === 'HTTP_PROXY' || type === 'HTTP') {
    if (uri) integration.uri = uri.value;
    else if (!uriNode) reader.findings.error('MISSING_PROPERTY', `${what}: an ${type} integration needs a uri`, location);
  }
  readTimeout(reader, node, integration, what);
  readConnection(reader, node, integration, uri, what);
  // x-amazon-apigateway-integration.httpMethod and requestParameters.
  const httpMethod = str(get(node, 'httpMethod'));
  if (httpMethod && type === 'HTTP') integration.httpMethod = httpMethod.toUpperCase();
  if (type === 'HTTP' || type === 'AWS') {
    const parameters = readTemplates(reader, get(node, 'requestParameters'), `${what} requestParameters`);
    if (parameters) integration.requestParameters = parameters;
  }
  if (integration.uri && isPrivateIntegrationTarget(integration.uri) && (type === 'HTTP_PROXY' || type === 'HTTP')) {
    // An HTTP API private integration names the load balancer listener or Cloud Map service by ARN
    // ("Working with private integrations for HTTP APIs"); that is the VPC link's target, not a URL
    // to call, so the model's uri stays empty and requests keep their path.
    if (integration.connectionType !== 'VPC_LINK') reader.findings.warning('INVALID_VALUE', `${what}: an ARN as uri names the target of a private integration; without connectionType VPC_LINK it is not a URL API Gateway can call`, uri!.location);
    delete integration.uri;
  }
  if (reader.type === 'HTTP' && type === 'AWS_PROXY' && !subtype) integration.payloadFormatVersion = readPayloadFormatVersion(reader, node, what);
  reader.api.integrations.push(integration);
  const read: ReadIntegration = { integration };
  const requestTemplates = readTemplates(reader, get(node, 'requestTemplates'), `${what} requestTemplates`);
  if (requestTemplates) read.requestTemplates = requestTemplates;
  // x-amazon-apigateway-integration.passthroughBehavior.
  // AWS's OpenAPI examples write it in lower case ("when_no_match"); the API takes either.
  const passthrough = str(get(node, 'passthroughBehavior'))?.toUpperCase();
  if (isPassthroughBehavior(passthrough)) read.passthroughBehavior = passthrough;
  const responses = entries(get(node, 'responses'));
  // The default response's templates; else those of the first 2xx response (x-amazon-apigateway-integration.responses).
  const response = responses.find((item) => item.key === 'default' && get(item.value, 'responseTemplates'))
    ?? responses.find((item) => /^2/.test(str(get(item.value, 'statusCode')) ?? '') && get(item.value, 'responseTemplates'));
  const responseTemplates = response ? readTemplates(reader, get(response.value, 'responseTemplates'), `${what} responseTemplates`) : undefined;
  if (responseTemplates) read.responseTemplates = responseTemplates;
  // x-amazon-apigateway-integration.responses: statusCode, the key as selection pattern, responseParameters.
  const integrationResponses = responses.flatMap((item): IntegrationResponse[] => {
    const parameters = Object.fromEntries(entries(get(item.value, 'responseParameters')).flatMap((parameter) => {
      const value = str(parameter.value);
      return value === undefined ? [] : [[parameter.key, value]];
    }));
    const read = integrationResponse(Number(str(get(item.value, 'statusCode'))), item.key !== 'default' ? item.key : undefined, parameters);
    return read ? [read] : [];
  });
  if (integrationResponses.length > 0) read.integrationResponses = integrationResponses;
  return read;
}

function readTimeout(reader: OpenApiReader, node: PMap, integration: Integration, what: string): void {
  const timeoutNode = get(node, 'timeoutInMillis');
  if (!timeoutNode) return;
  const timeout = num(timeoutNode);
  if (timeout === undefined) {
    reader.text(timeoutNode, `${what} timeoutInMillis`);
    if (!/\$\{/.test(String(str(timeoutNode)))) reader.findings.warning('INVALID_VALUE', `${what}: timeoutInMillis must be a number`, timeoutNode.location);
    return;
  }
  const limits = INTEGRATION_TIMEOUT_LIMITS_MS;
  if (timeout < limits.min || timeout > limits.max) reader.findings.warning('INVALID_VALUE', `${what}: timeoutInMillis ${timeout} is outside ${limits.min} to ${limits.max}`, timeoutNode.location);
  else integration.timeoutMs = timeout;
}

function readConnection(reader: OpenApiReader, node: PMap, integration: Integration, uri: Text | undefined, what: string): void {
  const connectionTypeNode = get(node, 'connectionType');
  const written = str(connectionTypeNode);
  const connectionType = parseConnectionType(written);
  const connectionIdEntry = entry(node, 'connectionId');
  if (written === undefined || connectionType === 'INTERNET') {
    integration.connectionType = DEFAULT_CONNECTION_TYPE;
    if (connectionIdEntry) reader.findings.warning('IGNORED_PROPERTY', `${what}: connectionId is used only with connectionType VPC_LINK`, connectionIdEntry.keyLocation);
    return;
  }
  if (connectionType !== 'VPC_LINK') {
    reader.findings.warning('INVALID_VALUE', `${what}: connectionType must be INTERNET or VPC_LINK`, connectionTypeNode!.location);
    return;
  }
  integration.connectionType = 'VPC_LINK';
  const connectionId = reader.text(connectionIdEntry?.value, `${what} connectionId`);
  if (!connectionId || !connectionIdEntry) {
    reader.findings.error('MISSING_PROPERTY', `${what}: a VPC_LINK connection needs connectionId (the VPC link's id)`, connectionTypeNode!.location);
    return;
  }
  const id = connectionId.value.replace(WHOLE_PLACEHOLDER, (_match: string, expression: string) => (expression.startsWith('stageVariables.') ? _match : referenceName(expression)));
  integration.vpcLinkId = id;
  if (reader.vpcLinks.has(id)) return;
  // An HTTP API's VPC link names its target by the integration uri.
  let target = REST_VPC_LINK_TARGET;
  if (reader.type === 'HTTP') {
    const named = vpcLinkTargetOfArn(uri?.value ?? '');
    if (named) target = named;
    else {
      target = ASSUMED_HTTP_VPC_LINK_TARGET;
      reader.findings.info('VPC_LINK_TARGET_ASSUMED', `${what}: the uri names no load balancer listener or Cloud Map service; VPC link ${id} is taken to front an ALB`, uri?.location ?? connectionIdEntry.keyLocation);
    }
  }
  reader.vpcLinks.set(id, { id, name: id, target, location: connectionIdEntry.keyLocation });
}

/** HTTP API Lambda payload format: "1.0" or "2.0" (YAML may read either as a number). */
function readPayloadFormatVersion(reader: OpenApiReader, node: PMap, what: string): '1.0' | '2.0' {
  const versionNode = get(node, 'payloadFormatVersion');
  if (!versionNode) return '2.0';
  const version = parsePayloadFormatVersion(num(versionNode));
  if (version) return version;
  reader.findings.warning('INVALID_VALUE', `${what}: payloadFormatVersion must be 1.0 or 2.0; 2.0 is used`, versionNode.location);
  return '2.0';
}

function readTemplates(reader: OpenApiReader, node: PNode | undefined, what: string): Record<string, string> | undefined {
  if (!node) return undefined;
  const templates: Record<string, string> = {};
  for (const item of entries(node)) {
    if (item.value.kind === 'scalar') templates[item.key] = item.value.value === null ? '' : String(item.value.value);
    else reader.findings.warning('INVALID_VALUE', `${what}: the template for ${item.key} must be a string`, item.value.location);
  }
  return Object.keys(templates).length > 0 ? templates : undefined;
}
