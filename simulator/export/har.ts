import { SIMULATED_EPOCH_MS } from '../engine/clock';
import { headerValue, parseHttpHead, type HttpHead } from '../net/http';
import { http2Messages, type Http2Message } from './http2Messages';
import { FrameParser, isControl } from '../net/websocket';
import { answeredAddresses } from '../trace/eventQueries';
import { requestTimings, type RequestTiming } from '../trace/requestTimings';
import type { Trace, TraceEvent } from '../trace/trace';
import { SIMULATOR_VERSION } from '../version';

/*
 * A trace as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the format Chrome
 * DevTools exports and web developers exchange: one entry per request and WebSocket upgrade,
 * with DevTools' phases as `timings` (trace/requestTimings.ts), the headers and sizes of the
 * exact messages in the trace, and the connection each request used. Chromium's own
 * extensions are written where it writes them: `_resourceType`, and on a WebSocket entry
 * `_webSocketMessages`, each frame with its opcode and text, `time` in seconds.
 *
 * Each trace is a page (`pages`, `pageref`), titled as the CLI titles it. `startedDateTime`
 * counts from the simulated clock's origin (2026-01-01T12:00:00Z, as the HTTP Date headers,
 * the Lambda events and the pcapng export do), and the pages are laid end to end, as if run
 * one after another, so the same traces give the same HAR.
 */

export interface HarOptions {
  /** Wall-clock time of the first trace's time 0 (ms since the Unix epoch; default the simulated clock's origin). */
  startedAt?: number;
  /** The tool that made the trace, for `log.creator`. */
  creator?: { name: string; version: string };
}

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarTimings {
  blocked: number;
  dns: number;
  connect: number;
  send: number;
  wait: number;
  receive: number;
  ssl: number;
}

export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad: number; onLoad: number };
}

/** A trace to export and the title of its page. */
export interface HarPageInput {
  trace: Trace;
  title: string;
}

export interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string; url: string; httpVersion: string; cookies: HarNameValue[]; headers: HarNameValue[];
    queryString: HarNameValue[]; postData?: { mimeType: string; text: string }; headersSize: number; bodySize: number;
  };
  response: {
    status: number; statusText: string; httpVersion: string; cookies: HarNameValue[]; headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string }; redirectURL: string; headersSize: number; bodySize: number;
  };
  cache: Record<string, never>;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  /** As Chromium writes it: a preflight OPTIONS is `preflight`. */
  _resourceType: 'fetch' | 'preflight' | 'websocket';
  _webSocketMessages?: HarWebSocketMessage[];
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; pages: HarPage[]; entries: HarEntry[] };
}

/** RFC 6455 §5.2 opcodes of the data frames. */
const OPCODES: Readonly<Record<string, number>> = { continuation: 0, text: 1, binary: 2 };

/** The HAR 1.2 log of some traces, a page each. */
export function toHar(inputs: readonly HarPageInput[], options: HarOptions = {}): Har {
  let pageStart = options.startedAt ?? SIMULATED_EPOCH_MS;
  const pages: HarPage[] = [];
  const entries: HarEntry[] = [];
  inputs.forEach(({ trace, title }, index) => {
    const id = `page_${index + 1}`;
    // The page's load events are the browser's, which a trace of API calls does not have (HAR: -1, not applicable).
    pages.push({ startedDateTime: new Date(pageStart).toISOString(), id, title, pageTimings: { onContentLoad: -1, onLoad: -1 } });
    const h2 = http2Messages(trace);
    for (const timing of requestTimings(trace)) {
      const entry = h2.has(timing.requestEvent) ? http2HarEntry(trace, timing, pageStart, id, h2) : harEntry(trace, timing, pageStart, id);
      if (entry) entries.push(entry);
    }
    pageStart += trace.summary.totalTimeMs;
  });
  return { log: { version: '1.2', creator: options.creator ?? { name: 'apigw-sim', version: SIMULATOR_VERSION }, pages, entries } };
}

function harEntry(trace: Trace, timing: RequestTiming, startedAt: number, pageref: string): HarEntry | undefined {
  const request = trace.events[timing.requestEvent];
  const response = timing.responseEvent === undefined ? undefined : trace.events[timing.responseEvent];
  const requestHead = request.payload && parseHttpHead(request.payload);
  if (!requestHead) return undefined;
  const [method, target, requestVersion] = requestHead.startLine.split(' ');
  const responseHead = response?.payload && parseHttpHead(response.payload);
  const secure = trace.events.some((event) => event.connection === request.connection && event.layer === 'tls');
  const websocket = timing.kind === 'upgrade';
  const scheme = websocket ? (secure ? 'wss' : 'ws') : secure ? 'https' : 'http';
  const url = `${scheme}://${headerValue(requestHead.headers, 'Host') ?? 'localhost'}${target}`;
  const requestBody = bodyText(request, requestHead);
  const responseBody = response && responseHead ? bodyText(response, responseHead) : '';
  const [, status = '0', ...reason] = responseHead?.startLine.split(' ') ?? [];
  return {
    ...entryStart(timing, startedAt, pageref),
    request: {
      method,
      url,
      httpVersion: requestVersion ?? 'HTTP/1.1',
      cookies: [],
      headers: nameValues(requestHead.headers),
      queryString: queryString(target),
      ...(requestBody !== '' ? { postData: { mimeType: headerValue(requestHead.headers, 'Content-Type') ?? '', text: requestBody } } : {}),
      headersSize: requestHead.headBytes,
      bodySize: request.bytes - requestHead.headBytes,
    },
    response: {
      status: Number(status),
      statusText: reason.join(' '),
      httpVersion: responseHead?.startLine.split(' ')[0] ?? '',
      cookies: [],
      headers: responseHead ? nameValues(responseHead.headers) : [],
      content: { size: responseBody.length, mimeType: (responseHead && headerValue(responseHead.headers, 'Content-Type')) ?? 'x-unknown', ...(responseBody !== '' ? { text: responseBody } : {}) },
      redirectURL: (responseHead && headerValue(responseHead.headers, 'Location')) ?? '',
      headersSize: responseHead?.headBytes ?? -1,
      bodySize: response && responseHead ? response.bytes - responseHead.headBytes : -1,
    },
    ...entryTimings(trace, timing),
    _resourceType: websocket ? 'websocket' : timing.kind === 'preflight' ? 'preflight' : 'fetch',
    ...(websocket ? { _webSocketMessages: webSocketMessages(trace, request, startedAt) } : {}),
  };
}

/**
 * An HTTP/2 request as Chrome DevTools exports it (front_end/core/sdk/NetworkRequest.ts
 * requestHttpVersion, filteredProtocolName; front_end/models/har/Log.ts): version "http/2.0", the
 * header list as decoded, pseudo-headers included, and headersSize -1 (and the response's bodySize
 * -1), because an h2 message has no header text to measure.
 */
function http2HarEntry(trace: Trace, timing: RequestTiming, startedAt: number, pageref: string, messages: Map<number, Http2Message>): HarEntry | undefined {
  const request = trace.events[timing.requestEvent];
  const sent = messages.get(request.id);
  if (!sent) return undefined;
  const answer = timing.responseEvent === undefined ? undefined : messages.get(timing.responseEvent);
  const field = (message: Http2Message | undefined, name: string): string | undefined => message?.headers.find(([key]) => key === name)?.[1];
  const target = field(sent, ':path') ?? '/';
  const requestBody = Buffer.from(sent.body).toString('utf8');
  const responseBody = answer ? Buffer.from(answer.body).toString('utf8') : '';
  return {
    ...entryStart(timing, startedAt, pageref),
    request: {
      method: field(sent, ':method') ?? 'GET',
      url: `${field(sent, ':scheme') ?? 'https'}://${field(sent, ':authority') ?? 'localhost'}${target}`,
      httpVersion: HAR_HTTP2_VERSION,
      cookies: [],
      headers: nameValues(sent.headers),
      queryString: queryString(target),
      ...(requestBody !== '' ? { postData: { mimeType: field(sent, 'content-type') ?? '', text: requestBody } } : {}),
      headersSize: -1,
      bodySize: sent.body.length,
    },
    response: {
      status: Number(field(answer, ':status') ?? 0),
      // HTTP/2 carries no reason phrase (RFC 9113 §8.3.2).
      statusText: '',
      httpVersion: answer ? HAR_HTTP2_VERSION : '',
      cookies: [],
      headers: answer ? nameValues(answer.headers) : [],
      content: { size: answer?.body.length ?? 0, mimeType: field(answer, 'content-type') ?? 'x-unknown', ...(responseBody !== '' ? { text: responseBody } : {}) },
      redirectURL: field(answer, 'location') ?? '',
      headersSize: -1,
      bodySize: -1,
    },
    ...entryTimings(trace, timing),
    _resourceType: timing.kind === 'preflight' ? 'preflight' : 'fetch',
  };
}

/** What Chrome DevTools writes as an h2 request's and response's httpVersion (NetworkRequest.ts filteredProtocolName: 'h2' becomes 'http/2.0'). */
export const HAR_HTTP2_VERSION = 'http/2.0';

/** Where an entry sits in time, whatever its HTTP version. */
function entryStart(timing: RequestTiming, startedAt: number, pageref: string): Pick<HarEntry, 'pageref' | 'startedDateTime' | 'time'> {
  return { pageref, startedDateTime: new Date(startedAt + timing.start).toISOString(), time: timing.total };
}

/** What follows the messages in an entry, whatever its HTTP version: its DevTools phases, its server and connection. */
function entryTimings(trace: Trace, timing: RequestTiming): Pick<HarEntry, 'cache' | 'timings' | 'serverIPAddress' | 'connection'> {
  const request = trace.events[timing.requestEvent];
  const phases = timing.phases;
  const address = serverAddress(trace, request);
  return {
    cache: {},
    // HAR's blocked is DevTools' Queueing and Stalled together.
    timings: { blocked: phases.queueing + phases.stalled, dns: phases.dns, connect: phases.connect, send: phases.send, wait: phases.wait, receive: phases.receive, ssl: phases.ssl },
    ...(address ? { serverIPAddress: address } : {}),
    ...(request.connection ? { connection: request.connection } : {}),
  };
}

function nameValues(headers: readonly (readonly [string, string])[]): HarNameValue[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function queryString(target: string): HarNameValue[] {
  const question = target.indexOf('?');
  if (question < 0) return [];
  return [...new URLSearchParams(target.slice(question + 1))].map(([name, value]) => ({ name, value }));
}

/** The message's body as text (the simulator's bodies are JSON or form text). */
function bodyText(event: TraceEvent, head: HttpHead): string {
  return event.payload ? Buffer.from(event.payload.subarray(head.headBytes)).toString('utf8') : '';
}

/** The address the client's last DNS answer before the request gave: the one it connected to. */
function serverAddress(trace: Trace, request: TraceEvent): string | undefined {
  let address: string | undefined;
  for (const event of trace.events) {
    if (event.time > request.time) break;
    if (event.to === request.from) address = answeredAddresses(event)[0] ?? address;
  }
  return address;
}

/**
 * The data frames on the upgraded connection, as Chromium lists them in `_webSocketMessages`:
 * text as sent, binary as base64; control frames are not listed.
 */
function webSocketMessages(trace: Trace, request: TraceEvent, startedAt: number): HarWebSocketMessage[] {
  const messages: HarWebSocketMessage[] = [];
  for (const event of trace.events) {
    if (event.kind !== 'ws.frame' || event.connection !== request.connection || !event.payload) continue;
    const [frame] = new FrameParser(Number.MAX_SAFE_INTEGER).push(event.payload);
    if (!frame || isControl(frame.opcode)) continue;
    const data = Buffer.from(frame.payload).toString(frame.opcode === 'binary' ? 'base64' : 'utf8');
    messages.push({ type: event.from === request.from ? 'send' : 'receive', time: (startedAt + event.time) / 1000, opcode: OPCODES[frame.opcode], data });
  }
  return messages;
}
