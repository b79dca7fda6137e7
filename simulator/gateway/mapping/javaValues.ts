/**
 * Values as Java's Velocity prints them and as its `java.util` collections answer. The JSON
 * API Gateway hands to templates (`$input.path`, `$util.parseJson`) becomes Java maps, lists,
 * strings, numbers and booleans; velocityjs holds the same data as JavaScript values, so printing
 * and the collection methods templates call follow Java here:
 * - a whole number prints without `.0` (a JSON integer is an Integer/Long in Java); any other
 *   number as `Double.toString` does (`19.95`, `1.0E-4`, `1.23456785E7`);
 * - a list prints as `[a, b]`, a map as `{key=value, other=1}` (`AbstractCollection.toString`,
 *   `AbstractMap.toString`);
 * - `size()`, `get()`, `isEmpty()`, `contains()`, `containsKey()`, `keySet()`, `values()`, `put()`.
 * Assumption, named: a JSON number with a fraction is a Double in API Gateway's JSONPath (the
 * json-smart default of Jayway JsonPath, which the DG names), not a BigDecimal.
 */

/** `Double.toString`: decimal between 10^-3 and 10^7, computerized scientific notation outside. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** How Velocity renders a value: its Java `toString()`. */
export function javaText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? String(value) : javaDouble(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${key}=${javaText(item)}`).join(', ')}}`;
  return String(value);
}

/** Java `equals` between JSON-like values. */
export function javaEquals(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, i) => javaEquals(item, right[i]));
  if (isMap(left) && isMap(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => key in right && javaEquals(left[key], right[key]));
  }
  return left === right;
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type CollectionMethod = (target: unknown[] | Record<string, unknown>, params: unknown[]) => unknown;

/** `java.util.List` and `java.util.Map` methods templates call, answered the Java way. */
export const JAVA_COLLECTION_METHODS: Readonly<Record<string, CollectionMethod>> = {
  size: (target) => (Array.isArray(target) ? target.length : Object.keys(target).length),
  isEmpty: (target) => (Array.isArray(target) ? target.length === 0 : Object.keys(target).length === 0),
  get: (target, [key]) => {
    if (Array.isArray(target)) {
      if (typeof key !== 'number' || key < 0 || key >= target.length) return undefined;
      return target[key];
    }
    return Object.prototype.hasOwnProperty.call(target, String(key)) ? target[String(key)] : undefined;
  },
  contains: (target, [item]) => (Array.isArray(target) ? target : Object.values(target)).some((candidate) => javaEquals(candidate, item)),
  containsKey: (target, [key]) => !Array.isArray(target) && Object.prototype.hasOwnProperty.call(target, String(key)),
  containsValue: (target, [item]) => Object.values(target).some((candidate) => javaEquals(candidate, item)),
  keySet: (target) => (Array.isArray(target) ? undefined : Object.keys(target)),
  values: (target) => (Array.isArray(target) ? undefined : Object.values(target)),
  put: (target, [key, item]) => {
    if (Array.isArray(target)) return undefined;
    const previous = target[String(key)];
    target[String(key)] = item;
    return previous;
  },
  add: (target, [item]) => {
    if (!Array.isArray(target)) return undefined;
    target.push(item);
    return true;
  },
  toString: (target: unknown) => javaText(target),
  equals: (target, [other]) => javaEquals(target, other),
};
