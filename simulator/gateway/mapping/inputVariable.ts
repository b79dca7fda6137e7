import { JavaMethodFailure } from './javaString';
import { evaluateJsonPath, JsonPathError } from './jsonPath';

/**
 * `$input`: the payload and parameters a mapping template reads (DG
 * api-gateway-mapping-template-reference, "$input variables"):
 * - `$input.body`: the raw payload as a string;
 * - `$input.json(x)`: a JSONPath over the payload, as a JSON string;
 * - `$input.path(x)`: a JSONPath over the payload, as an object the template can walk;
 * - `$input.params()`: every parameter, as `{path: {...}, querystring: {...}, header: {...}}`;
 * - `$input.params(x)`: one parameter, looked up in the path, the query string, then the headers.
 *
 * For a request template the payload is the method request's body; for a response template,
 * the integration response's body.
 *
 * Assumptions, named (no AWS page states them):
 * - an empty payload reads as `{}` for `json` and `path`, so templates on GET requests work
 *   (what Lambda non-proxy integrations commonly receive);
 * - a payload that is not JSON fails the template when `json` or `path` reads it;
 * - `params(x)` of a parameter the request lacks is the empty string; header names match
 *   without regard to case (HTTP field names are case-insensitive, RFC 9110 §5.1);
 * - a repeated query parameter or header gives its last value (as the REST proxy event's
 *   single-value maps do).
 */

export interface MappingPayload {
  /** The body as text (UTF-8). */
  body: string;
  pathParameters: Readonly<Record<string, string>>;
  /** Query parameters in order, decoded. */
  query: readonly (readonly [string, string])[];
  headers: readonly (readonly [string, string])[];
}

function lastValues(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) out[name] = value;
  return out;
}

function parsedBody(payload: MappingPayload): unknown {
  if (payload.body.trim() === '') return {};
  try {
    return JSON.parse(payload.body);
  } catch (error) {
    throw new JavaMethodFailure('InvalidJsonException', `the payload is not valid JSON (${(error as Error).message})`);
  }
}

function jsonPath(payload: MappingPayload, path: unknown): unknown {
  if (typeof path !== 'string') throw new JavaMethodFailure('IllegalArgumentException', 'a JSONPath string was expected');
  try {
    return evaluateJsonPath(parsedBody(payload), path);
  } catch (error) {
    if (error instanceof JsonPathError) throw new JavaMethodFailure('InvalidPathException', error.message);
    throw error;
  }
}

export interface InputVariable {
  body: string;
  json(path: unknown): string;
  path(path: unknown): unknown;
  params(name?: unknown): unknown;
}

/** The `$input` object a template sees, over `payload`. A fresh copy of the parameter maps each call, so a template's `put` changes only its own copy. */
export function inputVariable(payload: MappingPayload): InputVariable {
  return {
    body: payload.body,
    // Assumption, named: a path that finds nothing gives the empty string (JSON has no text for "nothing").
    json: (path) => {
      const value = jsonPath(payload, path);
      return value === undefined ? '' : JSON.stringify(value);
    },
    path: (path) => jsonPath(payload, path),
    params: (name) => {
      const all = { path: { ...payload.pathParameters }, querystring: lastValues(payload.query), header: lastValues(payload.headers) };
      if (name === undefined) return all;
      const key = String(name);
      if (Object.prototype.hasOwnProperty.call(all.path, key)) return all.path[key];
      if (Object.prototype.hasOwnProperty.call(all.querystring, key)) return all.querystring[key];
      const header = [...payload.headers].reverse().find(([headerName]) => headerName.toLowerCase() === key.toLowerCase());
      return header ? header[1] : '';
    },
  };
}
