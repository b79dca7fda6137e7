import { compiledModel, type ErrorObject } from '../config/aws/modelSchemas';
import { parameterSource } from './integrationParameters';
import type { RequestModel, Route } from '../model/gateway';
import { headerValue, type HttpRequest } from '../net/http';

/*
 * REST request validation as API Gateway does it (DG api-gateway-method-request-validation):
 *
 * - "The required request parameters in the URI, query string, and headers of an incoming
 *   request are included and not blank. API Gateway only checks the existence of a parameter
 *   and doesn't check the type or format."
 * - "The applicable request payload adheres to the configured JSON schema request of the method
 *   for a given content type. If no matching content type is found, request validation is not
 *   performed. To use the same model regardless of the content type, set the content type for
 *   your data model to $default."
 *
 * Parameters are checked before the body; the first failure answers (BAD_REQUEST_PARAMETERS,
 * then BAD_REQUEST_BODY; DG supported-gateway-response-types).
 */

export interface ValidationFailure {
  type: 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY';
  /** $context.error.message: what the client's default body says. */
  message: string;
  /** $context.error.validationErrorString: the detail, in the form of API Gateway's validator. */
  validationErrorString: string;
}

/**
 * The names of the required parameters that are absent or blank, in the order the method lists
 * them. Names as API Gateway writes them: method.request.header.X, method.request.querystring.X,
 * method.request.path.X. A path parameter is always present once the resource matched.
 */
export function missingParameters(required: readonly string[], request: HttpRequest): string[] {
  const missing: string[] = [];
  for (const parameter of required) {
    const [, where, name] = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(parameter) ?? [undefined, 'header', parameter];
    const value = where === 'path' ? 'present' : parameterSource(`method.request.${where}.${name}`, request, {});
    if (value === undefined || value.trim() === '') missing.push(name);
  }
  return missing;
}

/**
 * The body's 400 message. Assumption, named: the client sees the parameter names alone, comma and
 * space separated in brackets (`Missing required request parameters: [q1, h1]`), as in the DG
 * request-validation tutorial's responses; the default body's spacing (`{"message": "..."}`) is
 * API Gateway's default BAD_REQUEST_* template.
 */
export function missingParametersMessage(names: readonly string[]): string {
  return `Missing required request parameters: [${names.join(', ')}]`;
}

/**
 * The model that applies to the request: the one for its content type (parameters such as
 * `; charset=utf-8` ignored, case-insensitive), else `$default`, else none. A request without
 * a Content-Type is taken as application/json, as API Gateway does for mapping templates
 * (DG integration-passthrough-behaviors).
 */
export function applicableModel(models: readonly RequestModel[] | undefined, contentType: string | undefined): RequestModel | undefined {
  if (!models || models.length === 0) return undefined;
  const type = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  return models.find((model) => model.contentType.toLowerCase() === type) ?? models.find((model) => model.contentType === '$default');
}

/**
 * One validation error as API Gateway's (Java, JSON Schema draft 4) validator words it in
 * $context.error.validationErrorString and the execution log, e.g.
 * `object has missing required properties (["name"])`. The wording of each keyword's message
 * is an assumption, named: it follows the messages of the draft-4 validator API Gateway's logs
 * show (java-json-tools json-schema-validator); keywords it has no known wording for fall back
 * to ajv's message with the instance path.
 */
export function validatorMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const data = error.data;
  const json = (value: unknown): string => JSON.stringify(value);
  switch (error.keyword) {
    case 'required':
      // The draft-4 validator lists every missing property of the object at once, in sorted order
      // (published messages such as `object has missing required properties (["application","environmentClass","groupUsage","zone"])`).
      return `object has missing required properties (${json([params.missingProperty].flat().map(String).sort())})`;
    case 'type':
      return `instance type (${jsonType(data)}) does not match any allowed primitive type (allowed: ${json(String(params.type).split(','))})`;
    case 'enum':
      return `instance value (${json(data)}) not found in enum (possible values: ${json(params.allowedValues)})`;
    case 'minimum':
      return `numeric instance is lower than the required minimum (minimum: ${String(params.limit)}, found: ${String(data)})`;
    case 'maximum':
      return `numeric instance is greater than the required maximum (maximum: ${String(params.limit)}, found: ${String(data)})`;
    case 'minLength':
      return `string ${json(data)} is too short (length: ${[...String(data)].length}, required minimum: ${String(params.limit)})`;
    case 'maxLength':
      return `string ${json(data)} is too long (length: ${[...String(data)].length}, maximum allowed: ${String(params.limit)})`;
    case 'pattern':
      return `ECMA 262 regex ${json(params.pattern)} does not match input string ${json(data)}`;
    case 'additionalProperties':
      return `object instance has properties which are not allowed by the schema: ${json([params.additionalProperty])}`;
    case 'minItems':
      return `array is too short: must have at least ${String(params.limit)} elements but instance has ${Array.isArray(data) ? data.length : 0} elements`;
    case 'maxItems':
      return `array is too long: must have at most ${String(params.limit)} elements but instance has ${Array.isArray(data) ? data.length : 0} elements`;
    default:
      return `${error.instancePath || '/'} ${error.message ?? error.keyword}`;
  }
}

/** JSON Schema's name for a value's type (draft 4 §3.5: integer is a number without a fraction). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Validator messages joined as API Gateway writes the list: `[first, second]`. The `required`
 * errors of one object are merged into one message with all its missing properties, as the
 * draft-4 validator reports them.
 */
export function validationErrorString(errors: readonly ErrorObject[]): string {
  const merged: ErrorObject[] = [];
  for (const error of errors) {
    const previous = merged.find((candidate) => candidate.keyword === 'required' && error.keyword === 'required' && candidate.instancePath === error.instancePath);
    if (previous) {
      const params = previous.params as { missingProperty: string | string[] };
      params.missingProperty = [...[params.missingProperty].flat(), (error.params as { missingProperty: string }).missingProperty];
    } else {
      merged.push({ ...error, params: { ...error.params } });
    }
  }
  return `[${merged.map(validatorMessage).join(', ')}]`;
}

/** The body's failure against its model, if any. A body that is not JSON fails with the parser's words. */
export function bodyFailure(model: RequestModel, body: Uint8Array | undefined, forceFailure: boolean): ValidationFailure | undefined {
  const text = Buffer.from(body ?? new Uint8Array()).toString('utf8');
  const invalid = (detail: string): ValidationFailure => ({ type: 'BAD_REQUEST_BODY', message: 'Invalid request body', validationErrorString: detail });
  let value: unknown;
  try {
    // Assumption, named: an empty body is validated as an empty object `{}`, as LocalStack's
    // request validator (an independent emulator tested against AWS) does.
    value = JSON.parse(text === '' ? '{}' : text);
  } catch (error) {
    return invalid(`[${(error as Error).message}]`);
  }
  const failure = schemaFailure(model, value);
  // The validation-failed fault fails a body the model accepts (the scenario's own body already lacks the required properties).
  if (!failure && forceFailure) return invalid('[the body was made invalid by --fault validation-failed]');
  return failure === undefined ? undefined : invalid(failure);
}

/** The validator's detail for a parsed body, or undefined when the model accepts it. */
function schemaFailure(model: RequestModel, value: unknown): string | undefined {
  if (model.schema === undefined) {
    const missing = model.required.filter((property) => typeof value !== 'object' || value === null || !(property in value));
    return missing.length > 0 ? `[object has missing required properties (${JSON.stringify([...missing].sort())})]` : undefined;
  }
  const compiled = compiledModel(model);
  // A schema that does not compile is reported when the config is read (modelChecks); API Gateway would have refused it.
  if ('problem' in compiled) return undefined;
  return compiled.validate(value) ? undefined : validationErrorString(compiled.validate.errors ?? []);
}

/** Validation of one request against its route's validator, or undefined when it passes or the route has no validator. */
export function requestValidationFailure(route: Route, request: HttpRequest, forceBodyFailure: boolean): ValidationFailure | undefined {
  if (route.validateParameters && route.requiredParameters) {
    const missing = missingParameters(route.requiredParameters, request);
    if (missing.length > 0) {
      const message = missingParametersMessage(missing);
      return { type: 'BAD_REQUEST_PARAMETERS', message, validationErrorString: message };
    }
  }
  if (!route.validateBody) return undefined;
  const model = applicableModel(route.requestModels, headerValue(request.headers, 'Content-Type'));
  return model ? bodyFailure(model, request.body, forceBodyFailure) : undefined;
}
