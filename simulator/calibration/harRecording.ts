import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError, SimulatorError } from '../errors';
import type { HarTimings } from '../export/har';
import { readRegularFile } from '../config/confinedFile';

/*
 * A HAR recording of a deployed API, as Chrome DevTools (or playwright, or a proxy) writes it
 * (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/), read for what calibration needs:
 * each entry's method, URL, status, timings and sizes. A recording is the user's file and may
 * be anything: a file cut short, entries without timings, Chromium's -1 for the phases of a
 * reused connection, responses from the browser's cache. Entries that cannot be used are kept
 * out with a reason, never guessed at; a file that is not a HAR is a ConfigError at its line.
 */

/** Recordings larger than this are refused before they are parsed (a DevTools HAR with bodies of a long session is tens of MB). */
export const MAX_HAR_BYTES = 64 * 1024 * 1024;

/** The timings of HAR 1.2, as the export writes them: ms, -1 for a phase that did not happen. */
export type RecordedTimings = HarTimings;

export interface RecordedEntry {
  /** Position in `log.entries`. */
  index: number;
  method: string;
  url: URL;
  status: number;
  timings: RecordedTimings;
  /** Bytes of the response body as transferred (`_transferSize` minus headers when given, else `bodySize`); -1 when unknown. */
  responseBytes: number;
  /** The request's Content-Type and body as recorded, when it had them: they decide whether a browser preflights it. */
  contentType?: string;
  requestBody?: string;
}

/** Why an entry was left out. */
export type SkipReason = 'no timings' | 'no URL' | 'served from cache' | 'failed' | 'not HTTP';

export interface HarRecording {
  file: string;
  entries: RecordedEntry[];
  skipped: { index: number; reason: SkipReason }[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function number(value: unknown, fallback = -1): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Where the JSON breaks, as a file position. JSON.parse does not always say (V8 names an offset
 * for some errors only), so the text is scanned again, strictly, by jsonc-parser, which does.
 */
function jsonSyntaxError(text: string, file: string): ConfigError {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  // A file cut short breaks at its end: an error that reaches the end (an unterminated string, a missing bracket) says so.
  const truncated = first === undefined || first.offset + first.length >= text.trimEnd().length;
  const offset = truncated ? text.length : first.offset;
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  const what = truncated ? 'the recording ends in the middle of its JSON (was the file cut short?)' : `JSON syntax error: ${printParseErrorCode(first.error)}`;
  return new ConfigError({ file, line, column: offset - lineStart + 1 }, what, 'CONFIG_SYNTAX');
}

/** Reads the HAR file at `path`. */
export function readHarFile(path: string): HarRecording {
  const file = readRegularFile(path, MAX_HAR_BYTES);
  if (file.kind === 'refused') throw new SimulatorError('INPUT_UNREADABLE', `${path}: ${file.reason}`);
  return parseHar(file.text, path);
}

/** Parses HAR text; `file` names it in errors. */
export function parseHar(text: string, file: string): HarRecording {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw jsonSyntaxError(text, file);
  }
  const log = isObject(document) ? document.log : undefined;
  if (!isObject(log) || !Array.isArray(log.entries)) {
    throw new ConfigError({ file, line: 1, column: 1 }, 'not a HAR recording: it has no log.entries (export one from the browser\'s Network panel: "Save all as HAR")', 'INVALID_CONFIG');
  }
  const entries: RecordedEntry[] = [];
  const skipped: HarRecording['skipped'] = [];
  log.entries.forEach((raw: unknown, index) => {
    const entry = readEntry(raw, index);
    if ('reason' in entry) skipped.push(entry);
    else entries.push(entry);
  });
  return { file, entries, skipped };
}

function readEntry(raw: unknown, index: number): RecordedEntry | { index: number; reason: SkipReason } {
  const skip = (reason: SkipReason): { index: number; reason: SkipReason } => ({ index, reason });
  if (!isObject(raw) || !isObject(raw.request) || !isObject(raw.response)) return skip('no URL');
  const { request, response } = raw;
  let url: URL;
  try {
    url = new URL(String(request.url));
  } catch {
    return skip('no URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return skip('not HTTP');
  // Chromium marks what it answered from its own cache; DevTools' HAR has `_fromCache`, others a 304 or an empty `cache` entry.
  if (raw._fromCache !== undefined || (isObject(raw.cache) && (isObject(raw.cache.beforeRequest) || isObject(raw.cache.afterRequest)))) return skip('served from cache');
  const status = number(response.status, 0);
  // Status 0: the request failed in the browser (blocked, CORS, cancelled): no server timing to learn from.
  if (status === 0) return skip('failed');
  const timings = raw.timings;
  if (!isObject(timings) || !(number(timings.wait) >= 0)) return skip('no timings');
  const bodySize = number(response.bodySize);
  const transferSize = number(response._transferSize);
  const headersSize = number(response.headersSize);
  return {
    index,
    method: String(request.method ?? 'GET').toUpperCase(),
    url,
    status,
    timings: {
      blocked: number(timings.blocked), dns: number(timings.dns), connect: number(timings.connect), ssl: number(timings.ssl),
      send: number(timings.send, 0), wait: number(timings.wait), receive: number(timings.receive, 0),
    },
    responseBytes: transferSize >= 0 && headersSize >= 0 ? transferSize - headersSize : bodySize,
    ...requestContent(request),
  };
}

/** The request's Content-Type header and its body text (HAR 1.2 `postData.mimeType` and `.text`), where recorded. */
function requestContent(request: Json): { contentType?: string; requestBody?: string } {
  const headers = Array.isArray(request.headers) ? request.headers : [];
  const header = headers.find((entry): entry is Json => isObject(entry) && String(entry.name).toLowerCase() === 'content-type');
  const postData = isObject(request.postData) ? request.postData : undefined;
  const contentType = header ? String(header.value) : typeof postData?.mimeType === 'string' && postData.mimeType ? postData.mimeType : undefined;
  const requestBody = typeof postData?.text === 'string' ? postData.text : undefined;
  return { ...(contentType !== undefined ? { contentType } : {}), ...(requestBody !== undefined ? { requestBody } : {}) };
}
