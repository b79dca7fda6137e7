import { ParameterError } from '../errors';
import { PARAMETER_RANGES } from '../parameterRanges';
import { inRange } from '../validate';

/*
 * HTTP/1.1 messages serialized to their real bytes (RFC 9112): start line, header fields in
 * the order given, CRLF, body. Framing is Content-Length or chunked transfer coding
 * (RFC 9112 §6, §7.1); the serializer adds the framing header itself so the two cannot disagree.
 */

export type HeaderList = readonly (readonly [string, string])[];

/** The first value of header `name` (case-insensitive), or undefined. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

export type BodyFraming = 'content-length' | 'chunked';

export interface HttpRequest {
  method: string;
  /** Request target in origin form, e.g. `/products/123?view=full`. */
  target: string;
  headers: HeaderList;
  body?: Uint8Array;
  framing?: BodyFraming;
  /** Chunk size for chunked framing (bytes of data per chunk). */
  chunkSize?: number;
}

export interface HttpResponse {
  status: number;
  reason?: string;
  headers: HeaderList;
  body?: Uint8Array;
  /** The answer to a HEAD request: framing headers as for `body`, the body itself not sent (RFC 9110 §9.3.2). */
  toHead?: boolean;
  framing?: BodyFraming;
  chunkSize?: number;
}

/** Reason phrases (RFC 9110 §15) for the statuses the simulator produces. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 9110 §5.6.2
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/; // no CR, LF or NUL: no header injection
const TARGET = /^[\x21-\x7e]+$/;
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/; // RFC 9112 §4: HTAB, SP, VCHAR, obs-text
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding']);

function checkHeaders(headers: HeaderList): void {
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) throw new ParameterError('headers', name, 'a header name made of token characters (RFC 9110 §5.1)');
    if (!FIELD_VALUE.test(value)) throw new ParameterError(`headers.${name}`, value, 'a value without CR, LF or NUL (RFC 9110 §5.5)');
    if (FRAMING_HEADERS.has(name.toLowerCase())) {
      throw new ParameterError('headers', name, 'no Content-Length or Transfer-Encoding: set `framing` instead');
    }
  }
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

/** The chunked transfer coding of `body`: size in hex, CRLF, data, CRLF, ..., `0` CRLF CRLF. */
export function encodeChunked(body: Uint8Array, chunkSize: number): Uint8Array {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new ParameterError('chunkSize', chunkSize, 'an integer >= 1');
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < body.length; offset += chunkSize) {
    const chunk = body.subarray(offset, Math.min(offset + chunkSize, body.length));
    parts.push(latin1(`${chunk.length.toString(16)}\r\n`), chunk, latin1('\r\n'));
  }
  parts.push(latin1('0\r\n\r\n'));
  return concat(parts);
}

function message(startLine: string, headers: HeaderList, body: Uint8Array | undefined, framing: BodyFraming | undefined, chunkSize: number, bodyAllowed: boolean, omitBody = false): Uint8Array {
  checkHeaders(headers);
  const lines = [startLine, ...headers.map(([name, value]) => `${name}: ${value}`)];
  let payload = body ?? new Uint8Array(0);
  if (bodyAllowed) {
    if ((framing ?? 'content-length') === 'chunked') {
      lines.push('Transfer-Encoding: chunked');
      payload = encodeChunked(payload, chunkSize);
    } else if (body !== undefined) {
      lines.push(`Content-Length: ${payload.length}`);
    }
  } else if (payload.length > 0) {
    throw new ParameterError('body', payload.length, 'no body for this status (RFC 9110 §6.4.1)');
  }
  return concat([latin1(`${lines.join('\r\n')}\r\n\r\n`), omitBody ? new Uint8Array(0) : payload]);
}

export function serializeRequest(request: HttpRequest): Uint8Array {
  if (!TOKEN.test(request.method)) throw new ParameterError('method', request.method, 'an HTTP method token (RFC 9110 §9.1)');
  if (!TARGET.test(request.target)) throw new ParameterError('target', request.target, 'a request target without spaces or control characters');
  return message(`${request.method} ${request.target} HTTP/1.1`, request.headers, request.body, request.framing, request.chunkSize ?? 8192, true);
}

export function serializeResponse(response: HttpResponse): Uint8Array {
  inRange('status', response.status, PARAMETER_RANGES.httpStatus);
  const reason = response.reason ?? REASON_PHRASES[response.status] ?? '';
  if (!REASON.test(reason)) throw new ParameterError('reason', reason, 'a reason phrase without CR, LF or NUL (RFC 9112 §4)');
  // 1xx, 204 and 304 responses carry no body (RFC 9110 §6.4.1).
  const bodyAllowed = response.status >= 200 && response.status !== 204 && response.status !== 304;
  return message(`HTTP/1.1 ${response.status} ${reason}`, response.headers, response.body, response.framing, response.chunkSize ?? 8192, bodyAllowed, response.toHead ?? false);
}

/** `GET /products/123` or `200 OK`: how a protocol analyser labels the message. */
export function requestLabel(request: HttpRequest): string {
  return `${request.method} ${request.target}`;
}

export function responseLabel(response: HttpResponse): string {
  return `${response.status} ${response.reason ?? REASON_PHRASES[response.status] ?? ''}`.trim();
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The head of an HTTP/1.1 message as it was written: start line and header fields in order. */
export interface HttpHead {
  /** `GET /path HTTP/1.1` or `HTTP/1.1 200 OK`. */
  startLine: string;
  headers: [string, string][];
  /** Bytes of the head, the blank line included. */
  headBytes: number;
}

/** The head of the HTTP/1.1 message at `offset` in `bytes` (RFC 9112 §2.1), or undefined while its blank line is missing. */
export function parseHttpHead(bytes: Uint8Array, offset = 0): HttpHead | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buffer.indexOf('\r\n\r\n', offset, 'latin1');
  if (end < 0) return undefined;
  const [startLine, ...lines] = buffer.toString('latin1', offset, end).split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return { startLine, headers, headBytes: end + 4 - offset };
}
