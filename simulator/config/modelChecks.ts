import type { Api, GatewayModel, Integration, Route, SourceLocation } from '../model/gateway';
import { DEFAULT_ROUTE_SELECTION_EXPRESSION } from './aws/apiDefaults';
import type { Findings } from './findings';
import { hostNameProblem, isRegionName } from './aws/hostNames';
import { stageNameProblem } from './aws/stageNames';
import { parseRouteKey } from '../model/routeKey';
import { integrationTimeoutVerdict } from './aws/integrationTimeouts';
import { gatewayResponseTypeProblem } from './aws/gatewayResponseTypes';
import { modelSchemaProblem } from './aws/modelSchemas';
import { corsProblems } from './aws/corsReachability';

/**
 * The methods a REST method or an HTTP API route may have: API Gateway's HttpMethod values
 * (CDK aws_apigatewayv2 HttpMethod; AWS::ApiGateway::Method HttpMethod), `ANY` for all of them.
 */
const ROUTE_METHODS = new Set(['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);

/** What is wrong with a REST or HTTP API route key, if anything ("GET /pets" or "$default", DG http-api-develop-routes). */
function routeKeyProblem(key: string, apiType: 'REST' | 'HTTP'): string | undefined {
  // A key still holding `${...}` was not resolved from the config alone; its reader has said so already.
  if ((key === '$default' && apiType === 'HTTP') || key.includes('${')) return undefined;
  const parsed = parseRouteKey(key);
  if (!parsed) return `${JSON.stringify(key)} is not a route key: a method and a path starting with /, like GET /pets${apiType === 'HTTP' ? ', or $default' : ''}`;
  if (!ROUTE_METHODS.has(parsed.method)) return `${JSON.stringify(parsed.method)} is not a method API Gateway routes: one of ${[...ROUTE_METHODS].join(', ')}`;
  return undefined;
}

/**
 * Checks every reader runs on the model it built: what API Gateway would reject or what
 * cannot work, reported at the element's location (DG "Choose between REST APIs and HTTP
 * APIs" for the feature differences; DG websocket-api-develop-routes for WebSocket routes).
 */
export function checkModel(model: GatewayModel, findings: Findings): void {
  const vpcLinkIds = new Set(model.vpcLinks.map((link) => link.id));
  const reportedModels = new Set<string>();
  for (const api of model.apis) {
    const at = api.location ?? { file: '', line: 1, column: 1 };
    if (!isRegionName(api.region)) findings.error('INVALID_REGION', `${api.name}: ${JSON.stringify(api.region)} is not an AWS Region name (like us-east-1 or eu-central-2)`, at);
    // The custom domain is the user's name; the execute-api name is built from the config's logical id, not AWS's.
    const hostProblem = api.customDomain ? hostNameProblem(api.customDomain.domainName) : undefined;
    if (hostProblem) findings.error('INVALID_HOST_NAME', `${api.name}: ${hostProblem}`, api.customDomain?.location ?? at);
    for (const stage of api.stages) {
      const stageProblem = stageNameProblem(stage.name, api.type);
      if (stageProblem) findings.error('INVALID_STAGE_NAME', `${api.name}: ${stageProblem}`, stage.location ?? at);
    }
    const authorizerIds = new Set(api.authorizers.map((authorizer) => authorizer.id));
    const integrationIds = new Set(api.integrations.map((integration) => integration.id));
    if (api.type !== 'REST' && api.endpointType !== 'REGIONAL') {
      findings.error('UNSUPPORTED_FEATURE', `${api.name}: ${api.type} APIs are Regional only; ${api.endpointType} endpoints exist for REST APIs`, at);
    }
    if (api.type !== 'REST' && (api.usagePlans?.length ?? 0) > 0) findings.error('UNSUPPORTED_FEATURE', `${api.name}: usage plans and API keys exist only for REST APIs`, api.usagePlans![0].location ?? at);
    if (api.type === 'HTTP' && api.wafWebAcl) findings.error('UNSUPPORTED_FEATURE', `${api.name}: AWS WAF cannot be associated with an HTTP API`, at);
    for (const authorizer of api.authorizers) {
      const where = authorizer.location ?? at;
      if (authorizer.type === 'JWT' && api.type !== 'HTTP') findings.error('UNSUPPORTED_FEATURE', `${api.name}: JWT authorizer ${authorizer.name} exists only for HTTP APIs`, where);
      if (authorizer.type === 'COGNITO_USER_POOLS' && api.type !== 'REST') findings.error('UNSUPPORTED_FEATURE', `${api.name}: Cognito user pool authorizer ${authorizer.name} exists only for REST APIs (HTTP APIs use a JWT authorizer)`, where);
      if (authorizer.type === 'TOKEN' && api.type === 'WEBSOCKET') findings.error('UNSUPPORTED_FEATURE', `${api.name}: WebSocket APIs support only REQUEST Lambda authorizers`, where);
    }
    for (const problem of corsProblems(api)) findings.warning('CORS_BLOCKED_ROUTE', problem.message, problem.location ?? at);
    for (const route of api.routes) {
      const where = route.location ?? at;
      const keyProblem = api.type === 'WEBSOCKET' ? undefined : routeKeyProblem(route.key, api.type);
      if (keyProblem) findings.error('INVALID_ROUTE_KEY', `${api.name}: ${keyProblem}`, where);
      if (route.authorizerId && !authorizerIds.has(route.authorizerId)) {
        findings.error('DANGLING_REFERENCE', `${api.name} ${route.key}: authorizer ${route.authorizerId} not found`, where);
      }
      if (!route.integrationId) {
        findings.warning('NO_INTEGRATION', `${api.name} ${route.key}: no integration; requests to it cannot be answered`, where);
      } else if (!integrationIds.has(route.integrationId)) {
        findings.error('DANGLING_REFERENCE', `${api.name} ${route.key}: integration ${route.integrationId} not found`, where);
      }
      if (api.type === 'HTTP' && (route.requestTemplates || route.responseTemplates)) findings.error('UNSUPPORTED_FEATURE', `${api.name} ${route.key}: HTTP APIs have no mapping templates`, where);
      // API keys: REST methods and WebSocket routes ("Supported only for WebSocket APIs", ApiGatewayV2 CreateRoute), never HTTP APIs.
      if (api.type === 'HTTP' && route.apiKeyRequired) findings.error('UNSUPPORTED_FEATURE', `${api.name} ${route.key}: HTTP APIs have no API keys`, where);
      checkRequestModels(api, route, findings, where, reportedModels);
    }
    for (const response of api.gatewayResponses ?? []) {
      const where = response.location ?? at;
      if (api.type !== 'REST') findings.warning('UNSUPPORTED_FEATURE', `${api.name}: gateway responses exist only for REST APIs; this one changes nothing`, where);
      const problem = gatewayResponseTypeProblem(response.type);
      if (problem) findings.error('INVALID_GATEWAY_RESPONSE_TYPE', `${api.name}: ${problem}`, where);
    }
    for (const integration of api.integrations) {
      if (integration.vpcLinkId && !vpcLinkIds.has(integration.vpcLinkId)) {
        findings.error('DANGLING_REFERENCE', `${api.name}: VPC link ${integration.vpcLinkId} of integration ${integration.id} not found`, integration.location ?? at);
      }
      checkIntegrationTimeout(api, integration, findings, integration.location ?? at);
    }
    if (api.type === 'WEBSOCKET') {
      const keys = new Set(api.routes.map((route) => route.key));
      if (!keys.has('$connect')) findings.warning('MISSING_CONNECT_ROUTE', `${api.name}: no $connect route; every connection is accepted unauthenticated`, at);
      const custom = [...keys].filter((key) => !key.startsWith('$'));
      if (!keys.has('$default') && custom.length === 0) {
        findings.error('NO_MESSAGE_ROUTE', `${api.name}: no route for messages: neither $default nor a route for ${api.routeSelectionExpression ?? DEFAULT_ROUTE_SELECTION_EXPRESSION}`, at);
      } else if (!keys.has('$default')) {
        findings.info('NO_DEFAULT_ROUTE', `${api.name}: no $default route; messages whose ${api.routeSelectionExpression ?? DEFAULT_ROUTE_SELECTION_EXPRESSION} matches no route are rejected`, at);
      }
    }
  }
}

/**
 * A request model whose schema does not compile as JSON Schema draft 4: API Gateway refuses to
 * create such a model ("Invalid model specified", CreateModel), and the simulation cannot validate with it.
 * Each model is compiled once and reported once, however many methods use it.
 */
function checkRequestModels(api: Api, route: Route, findings: Findings, where: SourceLocation, reported: Set<string>): void {
  for (const model of route.requestModels ?? []) {
    const problem = modelSchemaProblem(model);
    const at = model.location ?? where;
    const key = `${api.id}|${model.name ?? ''}|${at.file}:${at.line}:${at.column}`;
    if (!problem || reported.has(key)) continue;
    reported.add(key);
    findings.error('INVALID_MODEL_SCHEMA', `${api.name} ${route.key}: model ${model.name ?? model.contentType} is not a JSON Schema draft 4 that compiles: ${problem}`, at);
  }
}

/**
 * An integration timeout longer than the API's type and endpoint allow: AWS refuses it, and the
 * simulation waits only the maximum. On a Regional or private REST API, a timeout past 29 s
 * deploys only where the account's quota was raised (config/aws/integrationTimeouts.ts).
 */
function checkIntegrationTimeout(api: Api, integration: Integration, findings: Findings, where: SourceLocation): void {
  if (integration.timeoutMs === undefined) return;
  const verdict = integrationTimeoutVerdict(integration.timeoutMs, api.type, api.endpointType);
  const kind = api.type === 'REST' ? `${api.endpointType === 'EDGE' ? 'edge-optimized' : api.endpointType === 'PRIVATE' ? 'private' : 'Regional'} REST APIs` : `${api.type === 'HTTP' ? 'HTTP' : 'WebSocket'} APIs`;
  if (verdict.kind === 'above-maximum') {
    findings.error('INTEGRATION_TIMEOUT_ABOVE_MAXIMUM', `${api.name}: integration ${integration.id} waits ${integration.timeoutMs} ms, above the ${verdict.maximumMs} ms maximum of ${kind}; the simulation waits ${verdict.maximumMs} ms`, where);
  } else if (verdict.kind === 'needs-raised-quota') {
    findings.warning('INTEGRATION_TIMEOUT_NEEDS_QUOTA_INCREASE', `${api.name}: integration ${integration.id} waits ${integration.timeoutMs} ms, above the default ${verdict.defaultMaximumMs} ms quota; ${kind} allow it only once the account's "Maximum integration timeout in milliseconds" quota is raised`, where);
  }
}
