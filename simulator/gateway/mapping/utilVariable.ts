import { JavaMethodFailure } from './javaString';

/**
 * `$util`, the utility functions API Gateway gives mapping templates (DG
 * api-gateway-mapping-template-reference, "$util variables"; UTF-8 unless stated). The DG names
 * no library; each function follows the Java class whose contract the DG's wording matches:
 * - `escapeJavaScript`: Apache Commons Lang `StringEscapeUtils.escapeJavaScript` (the DG's note
 *   that it turns `'` into `\'` is that function's behaviour): `'` `"` `\` `/` escaped with a
 *   backslash, \b \f \n \r \t by name, other control characters and everything above U+007F as
 *   `\uXXXX` in upper-case hex;
 * - `urlEncode` / `urlDecode`: `java.net.URLEncoder` / `URLDecoder` with UTF-8
 *   ("application/x-www-form-urlencoded": space as `+`, only `A-Z a-z 0-9 . - * _` unescaped);
 * - `base64Encode` / `base64Decode`: `java.util.Base64` basic encoder and (strict) decoder;
 * - `parseJson`: a JSON parser; invalid JSON fails the template.
 */

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

export function escapeJavaScript(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i];
    if (code > 0x7f) out += `\\u${hex(code, 4)}`;
    else if (code < 32) {
      const named: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += named[code] ?? `\\u${hex(code, 4)}`;
    } else if (char === '\'' || char === '"' || char === '\\' || char === '/') out += `\\${char}`;
    else out += char;
  }
  return out;
}

export function urlEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(char)) out += char;
    else if (char === ' ') out += '+';
    else out += `%${hex(byte, 2)}`;
  }
  return out;
}

export function urlDecode(text: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length > 0) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '%') {
      const pair = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(pair)) throw new JavaMethodFailure('IllegalArgumentException', `URLDecoder: Illegal hex characters in escape (%) pattern - ${pair}`);
      bytes.push(parseInt(pair, 16));
      i += 2;
    } else {
      flush();
      out += char === '+' ? ' ' : char;
    }
  }
  flush();
  return out;
}

export function base64Encode(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function base64Decode(text: string): string {
  if (text.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new JavaMethodFailure('IllegalArgumentException', `Illegal base64 input: ${JSON.stringify(text.slice(0, 40))}`);
  return Buffer.from(text, 'base64').toString('utf8');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JavaMethodFailure('JsonParseException', `$util.parseJson: not valid JSON (${(error as Error).message})`);
  }
}

function text(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) throw new JavaMethodFailure('NullPointerException', `$util.${name} of null`);
  return String(value);
}

/** The `$util` object a template sees. */
export function utilVariable(): Record<string, (value: unknown) => unknown> {
  return {
    escapeJavaScript: (value) => escapeJavaScript(text(value, 'escapeJavaScript')),
    parseJson: (value) => parseJson(text(value, 'parseJson')),
    urlEncode: (value) => urlEncode(text(value, 'urlEncode')),
    urlDecode: (value) => urlDecode(text(value, 'urlDecode')),
    base64Encode: (value) => base64Encode(text(value, 'base64Encode')),
    base64Decode: (value) => base64Decode(text(value, 'base64Decode')),
  };
}
