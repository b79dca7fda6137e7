import { ConfigError } from '../../errors';
import { headerValue } from '../../net/http';
import { isMap } from './javaValues';
import type { ContextFields, RequestOverrides, ResponseOverrides } from './contextVariable';
import { evaluateRequestTemplate, evaluateResponseTemplate } from './evaluator';
import type { HttpRequestFile, HttpResponseFile } from './httpMessageFile';
import type { MappingPayload } from './inputVariable';

/*
 * "Try a template outside the cloud": one mapping template, one request (and for a response
 * template, one integration response), a `$context` and stage variables given by the caller.
 * What `apigw-sim vtl` and the editor's "Try this template…" run.
 */

/** `context.json`: `{ "context": {...$context fields...}, "stageVariables": {...}, "pathParameters": {...} }`. */
export interface TemplateTrialSettings {
  context: ContextFields;
  stageVariables: Record<string, string>;
  /** The route's path parameters (`{id}` in `/things/{id}`): `$input.params()` has no route to find them in. */
  pathParameters: Record<string, string>;
}

function stringRecord(value: unknown, what: string, file: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isMap(value)) throw new ConfigError({ file, line: 1, column: 1 }, `${what} must be an object of strings`);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}

/** Reads the settings from parsed context.json; unknown keys are refused so a typo does not go unnoticed. */
export function trialSettings(value: unknown, file: string): TemplateTrialSettings {
  if (!isMap(value)) throw new ConfigError({ file, line: 1, column: 1 }, 'a context file is an object: { "context": {...}, "stageVariables": {...} }');
  const unknown = Object.keys(value).find((key) => !['context', 'stageVariables', 'pathParameters'].includes(key));
  if (unknown) throw new ConfigError({ file, line: 1, column: 1 }, `unknown key ${JSON.stringify(unknown)}: expected context, stageVariables, pathParameters`);
  if (value.context !== undefined && !isMap(value.context)) throw new ConfigError({ file, line: 1, column: 1 }, '"context" must be an object of $context fields');
  return {
    context: (value.context as ContextFields | undefined) ?? {},
    stageVariables: stringRecord(value.stageVariables, '"stageVariables"', file),
    pathParameters: stringRecord(value.pathParameters, '"pathParameters"', file),
  };
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isMap(value) && isMap(out[key]) ? deepMerge(out[key] as Record<string, unknown>, value) : value;
  return out;
}

/** `$context` from the request itself (method, path, host, user agent), then what the settings give. */
function trialContext(request: HttpRequestFile, settings: TemplateTrialSettings): ContextFields {
  const path = request.target.split('?')[0];
  const host = headerValue(request.headers, 'Host');
  const fromRequest: Record<string, unknown> = {
    httpMethod: request.method,
    path,
    resourcePath: path,
    protocol: 'HTTP/1.1',
    ...(host ? { domainName: host, domainPrefix: host.split('.')[0] } : {}),
    identity: { ...(headerValue(request.headers, 'User-Agent') ? { userAgent: headerValue(request.headers, 'User-Agent') } : {}) },
  };
  return deepMerge(fromRequest, settings.context);
}

function payload(request: HttpRequestFile, body: string, settings: TemplateTrialSettings): MappingPayload {
  const query = [...new URLSearchParams(request.target.split('?').slice(1).join('?')).entries()];
  return { body, pathParameters: settings.pathParameters, query, headers: request.headers };
}

export type TemplateTrial =
  | { kind: 'request'; body: string; overrides: RequestOverrides }
  | { kind: 'response'; body: string; overrides: ResponseOverrides };

/** Evaluates `template` as a request template, or, given `response`, as a response template. Throws a MappingTemplateError. */
export function tryTemplate(template: string, request: HttpRequestFile, settings: TemplateTrialSettings, response?: HttpResponseFile): TemplateTrial {
  const context = trialContext(request, settings);
  if (response) {
    const result = evaluateResponseTemplate(template, { payload: payload(request, response.body, settings), context, stageVariables: settings.stageVariables });
    return { kind: 'response', ...result };
  }
  const result = evaluateRequestTemplate(template, { payload: payload(request, request.body, settings), context, stageVariables: settings.stageVariables });
  return { kind: 'request', ...result };
}

/** The rendered text, then what the template overrode (if anything), one `## ` line each. */
export function formatTrial(trial: TemplateTrial): string {
  const notes: string[] = [];
  const { overrides } = trial;
  if (trial.kind === 'response' && trial.overrides.status !== undefined) notes.push(`## responseOverride.status = ${trial.overrides.status}`);
  const prefix = trial.kind === 'request' ? 'requestOverride' : 'responseOverride';
  for (const [where, values] of Object.entries(overrides)) {
    if (where === 'status' || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, string>)) notes.push(`## ${prefix}.${where}.${name} = ${value}`);
  }
  return notes.length > 0 ? `${trial.body}\n${notes.join('\n')}` : trial.body;
}
