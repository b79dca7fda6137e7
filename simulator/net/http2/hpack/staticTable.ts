/** The 61 entries of the HPACK static table, index 1 first (RFC 7541 Appendix A). */
export const STATIC_TABLE: readonly (readonly [string, string])[] = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''], ['access-control-allow-origin', ''],
  ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''], ['content-disposition', ''],
  ['content-encoding', ''], ['content-language', ''], ['content-length', ''], ['content-location', ''], ['content-range', ''],
  ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''], ['expect', ''],
  ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''],
  ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''],
  ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''], ['range', ''],
  ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''],
  ['www-authenticate', ''],
];

export const STATIC_TABLE_LENGTH = STATIC_TABLE.length;

/** The lowest static index of each name: both nghttp2 and Chromium name a field by its first static entry. */
const NAME_INDEX = new Map<string, number>();
/** Static index of each exact name and value, by name then value. */
const EXACT_INDEX = new Map<string, Map<string, number>>();
STATIC_TABLE.forEach(([name, value], position) => {
  if (!NAME_INDEX.has(name)) NAME_INDEX.set(name, position + 1);
  const values = EXACT_INDEX.get(name) ?? new Map<string, number>();
  values.set(value, position + 1);
  EXACT_INDEX.set(name, values);
});

/** 1-based static index of the first entry named `name`, or 0. */
export function staticNameIndex(name: string): number {
  return NAME_INDEX.get(name) ?? 0;
}

/** 1-based static index of `name: value`, or 0. */
export function staticExactIndex(name: string, value: string): number {
  return EXACT_INDEX.get(name)?.get(value) ?? 0;
}
