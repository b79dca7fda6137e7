import { ConfigError } from '../../errors';

/**
 * A raw HTTP message as `.http` files write one (the VS Code REST Client and JetBrains HTTP
 * Client format, itself RFC 9112 §2.1's message layout): a start line, header lines, an empty
 * line, the body. Lines before the start line that are empty or comments (`#`, `//`) are skipped,
 * as is a `###` separator; the request target may be an absolute URL (its host then fills `Host`
 * unless a Host header is given). Line endings may be CRLF or LF; the body is kept as written.
 */

export interface HttpRequestFile {
  method: string;
  /** Origin form: path and query. */
  target: string;
  headers: [string, string][];
  body: string;
}

export interface HttpResponseFile {
  status: number;
  headers: [string, string][];
  body: string;
}

interface Lines {
  start: { text: string; line: number };
  headers: [string, string][];
  body: string;
}

function split(text: string, file: string, what: string): Lines {
  const lines = text.split(/\r?\n/);
  let index = 0;
  while (index < lines.length && (/^\s*$/.test(lines[index]) || /^\s*(#|\/\/)/.test(lines[index]))) index++;
  if (index >= lines.length) throw new ConfigError({ file, line: 1, column: 1 }, `an HTTP ${what} was expected: the file has no start line`);
  const start = { text: lines[index], line: index + 1 };
  const headers: [string, string][] = [];
  index++;
  for (; index < lines.length && lines[index] !== ''; index++) {
    const colon = lines[index].indexOf(':');
    if (colon <= 0) throw new ConfigError({ file, line: index + 1, column: 1 }, `a header line "Name: value" was expected, got ${JSON.stringify(lines[index])}`);
    headers.push([lines[index].slice(0, colon).trim(), lines[index].slice(colon + 1).trim()]);
  }
  // The body: everything after the empty line, up to a `###` separator that starts another request.
  const bodyLines = lines.slice(index + 1);
  const separator = bodyLines.findIndex((line) => /^###/.test(line));
  const body = (separator < 0 ? bodyLines : bodyLines.slice(0, separator)).join(text.includes('\r\n') ? '\r\n' : '\n');
  return { start, headers, body: separator < 0 ? body : body.replace(/\r?\n$/, '') };
}

export function parseHttpRequestFile(text: string, file: string): HttpRequestFile {
  const { start, headers, body } = split(text, file, 'request');
  const parts = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(start.text);
  if (!parts) throw new ConfigError({ file, line: start.line, column: 1 }, `a request line "METHOD /path HTTP/1.1" was expected, got ${JSON.stringify(start.text)}`);
  let target = parts[2];
  if (/^https?:\/\//i.test(target)) {
    const url = new URL(target);
    target = `${url.pathname}${url.search}`;
    if (!headers.some(([name]) => name.toLowerCase() === 'host')) headers.unshift(['Host', url.host]);
  } else if (!target.startsWith('/')) {
    throw new ConfigError({ file, line: start.line, column: parts[1].length + 2 }, `the request target must be a path (/...) or an http(s) URL, got ${JSON.stringify(target)}`);
  }
  return { method: parts[1], target, headers, body };
}

export function parseHttpResponseFile(text: string, file: string): HttpResponseFile {
  const { start, headers, body } = split(text, file, 'response');
  const parts = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s.*)?$/.exec(start.text);
  if (!parts) throw new ConfigError({ file, line: start.line, column: 1 }, `a status line "HTTP/1.1 200 OK" was expected, got ${JSON.stringify(start.text)}`);
  return { status: Number(parts[1]), headers, body };
}
