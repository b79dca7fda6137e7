import type { Route } from '../model/gateway';
import { headerValue, type HeaderList, type HttpRequest } from '../net/http';
import { customIntegrationRequest } from './integrationParameters';
import { eventRequestContextV1, type RequestIdentity } from './lambdaEvent';
import type { ContextFields } from './mapping/contextVariable';
import { evaluateRequestTemplate, evaluateResponseTemplate } from './mapping/evaluator';
import type { MappingPayload } from './mapping/inputVariable';
import { MappingTemplateError } from './mapping/templateError';
import { selectRequestTemplate, selectResponseTemplate } from './mapping/templateSelection';
import { GATEWAY, work, type GatewayEnvironment } from './pipeline';

/*
 * The REST pipeline's two mapping steps for non-proxy integrations (AWS, HTTP, MOCK):
 *
 *   method request ──request template──▶ integration request
 *   integration response ──response template──▶ method response
 *
 * Each step takes the latency profile's fixed mappingMs (no AWS figure for template time is
 * published). A template that fails is the gateway's 500; the step carries the reason.
 */

/** What a mapping step needs to know about the request, besides the request itself. */
export interface MappingRequestInfo {
  identity: RequestIdentity;
}

/**
 * `$context` for a REST request. The DG's `$context` variables (api-gateway-mapping-template-reference)
 * are the fields of the REST proxy event's `requestContext` (DG set-up-lambda-proxy-integrations), so
 * they are taken from the event the gateway builds: one place knows that shape.
 */
export function restMappingContext(request: HttpRequest, info: MappingRequestInfo): ContextFields {
  const context = eventRequestContextV1(request, info.identity, headerValue(request.headers, 'User-Agent') ?? '') as ContextFields;
  return { ...context, ...(info.identity.traceId ? { xrayTraceId: info.identity.traceId } : {}) };
}

function requestPayload(request: HttpRequest, pathParameters: Record<string, string>, body: string): MappingPayload {
  const query = [...new URLSearchParams(request.target.split('?').slice(1).join('?')).entries()];
  return { body, pathParameters, query, headers: request.headers };
}

export type RequestMapping =
  | { kind: 'mapped'; request: HttpRequest }
  | { kind: 'unsupported-media-type' }
  | { kind: 'failed'; reason: string };

/**
 * The request mapping step: selects the template by Content-Type (or passes through, or 415),
 * renders it, and builds the integration request: the rendered body, and the headers, query
 * string and path parameters `$context.requestOverride` sets. `request` is the method request
 * below the stage (target without `/{stage}`).
 */
export function mapRequest(env: GatewayEnvironment, route: Route, request: HttpRequest, info: MappingRequestInfo, done: (mapping: RequestMapping) => void): void {
  const choice = selectRequestTemplate(route.requestTemplates, headerValue(request.headers, 'Content-Type'), route.passthroughBehavior);
  // What the integration request carries before the template: the mapped parameters, not the client's headers.
  const integration = env.api.integrations.find((candidate) => candidate.id === route.integrationId);
  const custom = customIntegrationRequest(integration, request, info.identity.pathParameters);
  if (choice.kind === 'passthrough') return done({ kind: 'mapped', request: { ...custom, ...(request.body ? { body: request.body } : {}) } });
  if (choice.kind === 'unsupported-media-type') {
    work(env, GATEWAY, `no mapping template for ${headerValue(request.headers, 'Content-Type') ?? 'application/json'} (passthrough ${route.passthroughBehavior ?? 'WHEN_NO_MATCH'})`, 0, () => done({ kind: 'unsupported-media-type' }), { pipelineStage: 'mapping' });
    return;
  }
  const body = request.body ? Buffer.from(request.body).toString('utf8') : '';
  try {
    const { body: rendered, overrides } = evaluateRequestTemplate(choice.template, {
      payload: requestPayload(request, info.identity.pathParameters, body), context: restMappingContext(request, info), stageVariables: {},
    });
    const bytes = Buffer.from(rendered, 'utf8');
    let target = custom.target;
    // Assumption, named: a path override replaces the parameter's value where it stands in the path.
    for (const [name, value] of Object.entries(overrides.path)) {
      const current = info.identity.pathParameters[name];
      if (current !== undefined) target = target.split('/').map((segment) => (segment === current ? encodeURIComponent(value) : segment)).join('/');
    }
    if (Object.keys(overrides.querystring).length > 0) {
      const [path, query] = [target.split('?')[0], new URLSearchParams(target.split('?').slice(1).join('?'))];
      for (const [name, value] of Object.entries(overrides.querystring)) query.set(name, value);
      target = `${path}?${query.toString()}`;
    }
    const overridden = new Set(Object.keys(overrides.header).map((name) => name.toLowerCase()));
    const headers: HeaderList = [...custom.headers.filter(([name]) => !overridden.has(name.toLowerCase())), ...Object.entries(overrides.header)];
    const mapped: HttpRequest = { ...custom, target, headers, ...(bytes.length > 0 ? { body: Uint8Array.from(bytes) } : { body: undefined }) };
    work(env, GATEWAY, `request mapping template (VTL, ${choice.contentType})`, env.latency.mappingMs, () => done({ kind: 'mapped', request: mapped }), {
      pipelineStage: 'mapping', templateBytes: Buffer.byteLength(choice.template), bodyBytes: bytes.length,
      ...(overridden.size > 0 ? { headerOverrides: [...overridden].join(', ') } : {}),
    });
  } catch (error) {
    if (!(error instanceof MappingTemplateError)) throw error;
    work(env, GATEWAY, 'request mapping template (VTL) failed', env.latency.mappingMs, () => done({ kind: 'failed', reason: error.message }),
      { pipelineStage: 'mapping', templateBytes: Buffer.byteLength(choice.template) }, { code: 'MAPPING_TEMPLATE', status: 500, message: error.message });
  }
}

export interface MethodResponse {
  status: number;
  headers: HeaderList;
  body: string;
}

export type ResponseMapping = { kind: 'mapped'; response: MethodResponse } | { kind: 'failed'; reason: string };

/**
 * The response mapping step: the integration response through the route's response template,
 * if it has one; `$context.responseOverride` changes the status and headers. The response's
 * Content-Type becomes the template's content type (assumption, named: the method response
 * carries the media type of the template that produced it).
 */
export function mapResponse(env: GatewayEnvironment, route: Route, request: HttpRequest, info: MappingRequestInfo, response: MethodResponse, done: (mapping: ResponseMapping) => void): void {
  const chosen = selectResponseTemplate(route.responseTemplates, headerValue(request.headers, 'Accept'));
  if (!chosen) return done({ kind: 'mapped', response });
  try {
    const { body, overrides } = evaluateResponseTemplate(chosen.template, {
      payload: requestPayload(request, info.identity.pathParameters, response.body), context: restMappingContext(request, info), stageVariables: {},
    });
    const replaced = new Set(['content-type', ...Object.keys(overrides.header).map((name) => name.toLowerCase())]);
    const contentTypeOverride = Object.entries(overrides.header).find(([name]) => name.toLowerCase() === 'content-type');
    const headers: HeaderList = [
      ...response.headers.filter(([name]) => !replaced.has(name.toLowerCase())),
      contentTypeOverride ?? ['Content-Type', chosen.contentType],
      ...Object.entries(overrides.header).filter(([name]) => name.toLowerCase() !== 'content-type'),
    ];
    const mapped: MethodResponse = { status: overrides.status ?? response.status, headers, body };
    work(env, GATEWAY, `response mapping template (VTL, ${chosen.contentType})`, env.latency.mappingMs, () => done({ kind: 'mapped', response: mapped }), {
      pipelineStage: 'mapping', templateBytes: Buffer.byteLength(chosen.template), bodyBytes: Buffer.byteLength(body), ...(overrides.status !== undefined ? { statusOverride: overrides.status } : {}),
    });
  } catch (error) {
    if (!(error instanceof MappingTemplateError)) throw error;
    work(env, GATEWAY, 'response mapping template (VTL) failed', env.latency.mappingMs, () => done({ kind: 'failed', reason: error.message }),
      { pipelineStage: 'mapping', templateBytes: Buffer.byteLength(chosen.template) }, { code: 'MAPPING_TEMPLATE', status: 500, message: error.message });
  }
}
