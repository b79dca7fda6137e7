/*
 * A request body a scenario sends to a route with a request model: a JSON value its schema
 * accepts (its required properties with values of their types, enums, minimums and lengths
 * respected), so that a scenario's requests pass the validator unless a fault says otherwise.
 * Not a general JSON Schema instance generator: `pattern`, `not` and `uniqueItems` are not
 * honoured, and a schema that needs them yields a body the validator refuses (shown in the trace).
 */

const MAX_DEPTH = 8;

/** A value for a property without a schema: an id-like name gets an id, anything else a number. */
function untypedValue(name: string | undefined): unknown {
  return name?.endsWith('Id') ? 'p-123' : 1;
}

function resolve(schema: Record<string, unknown>, root: unknown): Record<string, unknown> {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node && typeof node === 'object' ? node as Record<string, unknown> : {};
}

function stringValue(schema: Record<string, unknown>, name: string | undefined): string {
  const formats: Record<string, string> = { email: 'user@example.com', 'date-time': '2024-01-01T00:00:00Z', date: '2024-01-01', uri: 'https://example.com/', uuid: '123e4567-e89b-12d3-a456-426614174000' };
  let text = (typeof schema.format === 'string' ? formats[schema.format] : undefined) ?? (name?.endsWith('Id') ? 'p-123' : 'sample');
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (text.length < min) text = text.padEnd(min, 'x');
  return text.slice(0, max);
}

function numberValue(schema: Record<string, unknown>, integer: boolean): number {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum + (schema.exclusiveMinimum === true ? (integer ? 1 : 0.5) : 0) : undefined;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum - (schema.exclusiveMaximum === true ? (integer ? 1 : 0.5) : 0) : undefined;
  let value = minimum ?? (maximum !== undefined && maximum < 1 ? maximum : 1);
  if (integer) value = Math.ceil(value);
  return value;
}

/** A value `schema` accepts (as far as the keywords above go); `root` resolves `#/definitions/...`. */
export function sampleValue(schemaNode: unknown, root: unknown, name?: string, depth = 0): unknown {
  if (!schemaNode || typeof schemaNode !== 'object' || depth > MAX_DEPTH) return untypedValue(name);
  const schema = resolve(schemaNode as Record<string, unknown>, root);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return sampleValue(options[0], root, name, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => sampleValue(part, root, name, depth + 1));
    if (parts.every((part) => part && typeof part === 'object' && !Array.isArray(part))) return Object.assign({}, ...parts);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((candidate) => candidate !== 'null') ?? (schema.properties || schema.required ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(schema.required) ? schema.required.filter((item): item is string => typeof item === 'string') : [];
      return Object.fromEntries(required.map((property) => [property, sampleValue(properties[property], root, property, depth + 1)]));
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 1;
      return Array.from({ length: count }, () => sampleValue(schema.items, root, name, depth + 1));
    }
    case 'string': return stringValue(schema, name);
    case 'integer': return numberValue(schema, true);
    case 'number': return numberValue(schema, false);
    case 'boolean': return true;
    case 'null': return null;
    default: return untypedValue(name);
  }
}

/**
 * The body text: the schema's sample, or (a model known only by its required properties) those
 * properties with id-like or numeric values; plus a `note` where the model allows more properties.
 */
export function sampleBody(model: { schema?: unknown; required: readonly string[] } | undefined, omitRequired: boolean): string {
  const schema = model?.schema as Record<string, unknown> | undefined;
  const value = schema && !omitRequired ? sampleValue(schema, schema) : Object.fromEntries((omitRequired ? [] : model?.required ?? []).map((name) => [name, untypedValue(name)]));
  if (!value || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const closed = schema?.additionalProperties === false;
  return JSON.stringify(closed ? value : { ...value, note: 'gift wrap' });
}
