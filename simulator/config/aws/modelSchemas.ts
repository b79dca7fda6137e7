import type AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { RequestModel } from '../../model/gateway';

/*
 * API Gateway models as JSON schemas (DG models-mappings-models): "API Gateway uses JSON schema
 * draft 4 to define models". What every format reader and the REST pipeline share: the name a
 * `$ref` points at, a model made self-contained, its required properties, and the compiled
 * validator (ajv with its draft-04 dialect, once per model).
 *
 * ajv compiles a schema into code with `new Function`: it runs in the Node simulator and the
 * extension host only; nothing under webview/ imports this file.
 */

/**
 * A model referenced from another model is written
 * `"$ref": "https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}"`
 * (DG models-mappings-models, "referencing another model"); OpenAPI definitions reference
 * `#/definitions/{name}` (Swagger 2.0) or `#/components/schemas/{name}` (OpenAPI 3).
 */
const MODEL_REFERENCE = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#]+)$/;
const OPENAPI_REFERENCE = /^#\/(?:definitions|components\/schemas)\/([^/]+)$/;

/** The model name a `$ref` names, or undefined for a reference inside one schema (`#/properties/a`). */
export function referencedModelName(ref: string): string | undefined {
  const match = MODEL_REFERENCE.exec(ref) ?? OPENAPI_REFERENCE.exec(ref);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]).replace(/~1/g, '/').replace(/~0/g, '~');
  } catch {
    return match[1];
  }
}

export interface SelfContainedSchema {
  schema: unknown;
  /** Named models referenced but not found (their `$ref`s are left as they were, and will not compile). */
  unresolved: string[];
}

/**
 * The schema with every reference to a named model rewritten to `#/definitions/{name}` and that
 * model copied under the root's `definitions` (transitively), so that one schema compiles alone.
 * Assumption, named: a referenced model's own `#/...` pointers are read against the root it is
 * copied into; models that point into themselves with `#/properties/...` are not supported.
 */
export function selfContainedSchema(schema: unknown, lookup: (name: string) => unknown): SelfContainedSchema {
  const definitions = new Map<string, unknown>();
  const unresolved = new Set<string>();
  const pending: string[] = [];
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const name = key === '$ref' && typeof value === 'string' ? referencedModelName(value) : undefined;
      if (name === undefined) {
        out[key] = rewrite(value);
      } else if (definitions.has(name) || lookup(name) !== undefined) {
        if (!definitions.has(name)) {
          definitions.set(name, undefined);
          pending.push(name);
        }
        out[key] = `#/definitions/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      } else {
        unresolved.add(name);
        out[key] = value;
      }
    }
    return out;
  };
  const root = rewrite(schema);
  while (pending.length > 0) {
    const name = pending.shift()!;
    const copy = rewrite(lookup(name));
    // A nested "$schema" or "id" would make ajv treat the copy as another document.
    definitions.set(name, copy && typeof copy === 'object' && !Array.isArray(copy)
      ? Object.fromEntries(Object.entries(copy).filter(([key]) => key !== '$schema' && key !== 'id'))
      : copy);
  }
  if (definitions.size === 0 || root === null || typeof root !== 'object' || Array.isArray(root)) return { schema: root, unresolved: [...unresolved] };
  const own = (root as Record<string, unknown>).definitions;
  const merged = { ...(own && typeof own === 'object' ? own : {}), ...Object.fromEntries(definitions) };
  return { schema: { ...root, definitions: merged }, unresolved: [...unresolved] };
}

/** A schema as a config gives it: a map, or JSON text (AWS::ApiGateway::Model Schema, aws_api_gateway_model schema). */
export function schemaDocument(value: unknown): { schema: unknown } | { problem: string } {
  if (typeof value !== 'string') return { schema: value };
  try {
    return { schema: JSON.parse(value) as unknown };
  } catch (error) {
    return { problem: `the schema is not valid JSON (${(error as Error).message})` };
  }
}

/** The top-level properties a body must have: the schema's `required`, and those of its `allOf` parts (through `#/definitions/` references). */
export function requiredOf(schema: unknown, root: unknown = schema, depth = 0): string[] {
  if (schema === null || typeof schema !== 'object' || depth > 16) return [];
  const node = schema as { required?: unknown; allOf?: unknown; $ref?: unknown };
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/definitions/')) {
    return requiredOf((root as { definitions?: Record<string, unknown> }).definitions?.[node.$ref.slice('#/definitions/'.length)], root, depth + 1);
  }
  const own = Array.isArray(node.required) ? node.required.filter((item): item is string => typeof item === 'string') : [];
  const parts = Array.isArray(node.allOf) ? node.allOf.flatMap((part) => requiredOf(part, root, depth + 1)) : [];
  return [...new Set([...own, ...parts])];
}

export type CompiledModel = { validate: ValidateFunction } | { problem: string };

const compiled = new WeakMap<RequestModel, CompiledModel>();

/**
 * The model's validator, compiled once per model (then cached). A schema ajv cannot compile
 * (not draft 4, or a reference it cannot resolve) comes back as a problem in words, never a throw.
 * Formats (`"format": "email"`) are not checked: API Gateway's validator checks some, this one
 * has no format vocabulary (an assumption, named).
 */
export function compiledModel(model: RequestModel): CompiledModel {
  let result = compiled.get(model);
  if (!result) {
    result = compileSchema(model.schema);
    compiled.set(model, result);
  }
  return result;
}

let ajvClass: typeof AjvDraft04 | undefined;

/**
 * ajv, loaded the first time a model is compiled rather than when the extension host loads the
 * bundle: evaluating it took about a third of the extension's require time (npm run bench,
 * activation), and most editor sessions validate no request.
 */
function newAjv(options: ConstructorParameters<typeof AjvDraft04>[0]): AjvDraft04 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load; esbuild still bundles it
  ajvClass ??= (require('ajv-draft-04') as { default: typeof AjvDraft04 }).default;
  return new ajvClass(options);
}

function compileSchema(schema: unknown): CompiledModel {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return { problem: 'a model schema must be a JSON object' };
  try {
    // A fresh instance per model: two models may carry the same "id".
    const ajv = newAjv({ allErrors: true, verbose: true, strict: false, validateFormats: false, logger: false });
    return { validate: ajv.compile(schema) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** What keeps the model's schema from compiling, if anything (a config finding). */
export function modelSchemaProblem(model: RequestModel): string | undefined {
  if (model.schema === undefined) return undefined;
  const result = compiledModel(model);
  return 'problem' in result ? result.problem : undefined;
}

export type { ErrorObject };
