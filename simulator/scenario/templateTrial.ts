import { matchRoute } from '../gateway/routeMatch';
import type { HttpRequestFile } from '../gateway/mapping/httpMessageFile';
import { MappingTemplateError } from '../gateway/mapping/templateError';
import { selectRequestTemplate, selectResponseTemplate } from '../gateway/mapping/templateSelection';
import { formatTrial, tryTemplate, type TemplateTrialSettings } from '../gateway/mapping/tryTemplate';
import { apiHost, executeApiId, type Api, type Route } from '../model/gateway';
import { parseRouteKey } from '../model/routeKey';
import { ACCOUNT_ID, DEFAULT_BACKEND_BODY, findStage, samplePath, sampleRequestBody } from './routeRequest';

/*
 * "Try this template…" for a route of a config: its mapping templates rendered for the request
 * the route's scenario sends (the same sample path and body), and the response template for the
 * simulated integration's default answer. Plain text for a document beside the config.
 */

function section(title: string, run: () => string): string {
  try {
    return `## ${title}\n${run()}`;
  } catch (error) {
    if (error instanceof MappingTemplateError) return `## ${title}\n${error.format('template')}`;
    throw error;
  }
}

/** Whether a route has a mapping template the simulator runs (REST non-proxy integrations). */
export function hasMappingTemplate(api: Api, route: Route): boolean {
  const integration = api.integrations.find((candidate) => candidate.id === route.integrationId);
  const nonProxy = integration !== undefined && (integration.type === 'AWS' || integration.type === 'HTTP' || integration.type === 'MOCK');
  return api.type === 'REST' && nonProxy && Object.keys({ ...route.requestTemplates, ...route.responseTemplates }).length > 0;
}

/** The route's templates rendered for its sample request, as text; a template error shows as `template:line:column: message`. */
export function routeTemplateTrial(api: Api, route: Route, stageName?: string): string {
  const key = parseRouteKey(route.key);
  const method = key?.method === 'ANY' || !key ? 'GET' : key.method;
  const path = samplePath(key?.path ?? '/');
  const stage = findStage(api, stageName);
  const carriesBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const request: HttpRequestFile = {
    method, target: `/${stage.name}${path}`,
    headers: [['Host', apiHost(api)], ['User-Agent', 'apigw-sim'], ...(carriesBody ? [['Content-Type', 'application/json'] as [string, string]] : [])],
    body: carriesBody ? sampleRequestBody(route) : '',
  };
  const settings: TemplateTrialSettings = {
    context: { accountId: ACCOUNT_ID, apiId: executeApiId(api), stage: stage.name, path: request.target, resourcePath: key?.path ?? '/', requestId: '00000000-0000-4000-8000-000000000000' },
    stageVariables: {},
    pathParameters: matchRoute(api, method, path)?.pathParameters ?? {},
  };
  const parts = [`# ${api.name} ${route.key}: ${request.method} ${request.target}${request.body ? ` with ${request.body}` : ''}`];
  const choice = selectRequestTemplate(route.requestTemplates, carriesBody ? 'application/json' : undefined, route.passthroughBehavior);
  if (choice.kind === 'template') {
    parts.push(section(`Request template (${choice.contentType}): the integration request body`, () => {
      return formatTrial(tryTemplate(choice.template, request, settings));
    }));
  } else {
    parts.push(`## Request: ${choice.kind === 'passthrough' ? 'no template for application/json; the body passes through' : '415 Unsupported Media Type (passthrough NEVER or WHEN_NO_TEMPLATES)'}`);
  }
  const response = selectResponseTemplate(route.responseTemplates, undefined);
  if (response) {
    parts.push(section(`Response template (${response.contentType}) for the integration's answer ${DEFAULT_BACKEND_BODY}`, () => {
      return formatTrial(tryTemplate(response.template, request, settings, { status: 200, headers: [['Content-Type', 'application/json']], body: DEFAULT_BACKEND_BODY }));
    }));
  }
  return `${parts.join('\n\n')}\n`;
}
