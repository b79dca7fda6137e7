import { ParameterError } from '../errors';
import { requestLabel, responseLabel, serializeRequest, serializeResponse, type BodyFraming, type HeaderList, type HttpRequest, type HttpResponse } from '../net/http';
import type { Delivery, Transport } from '../net/transport';
import type { HttpVersion } from '../net/alpn';
import { openHttp2Session, sendHttp2Goaway, sendHttp2Request, sendHttp2Response, sendHttp2StreamCancel, type Http2Session } from './http2Client';
import type { Trace } from '../trace/trace';
import { PARAMETER_RANGES } from '../parameterRanges';
import { inRange, nonNegative } from '../validate';
import { httpDate } from '../engine/clock';
import { networkProfile, type NetworkProfile } from '../engine/networkProfile';
import { fillerBody, parseUrl, Topology, type Endpoint, type ScenarioOptions } from './topology';

/*
 * One or more HTTP requests from a client to a server, each answered after a fixed
 * processing time: DNS, TCP, TLS, request, response, close. With `keepAlive`, later
 * requests reuse the connection (1 round trip each); without it, each opens a new one
 * (resuming the TLS session from the ticket the first handshake left). The connection speaks
 * HTTP/1.1 or HTTP/2 as ALPN settles it (topology.ts); over HTTP/2 later requests are the
 * connection's next streams (http2Client.ts).
 */

/**
 * What answers a request at the endpoint: it is given the request as the endpoint received
 * it and calls `respond` (now or later in simulated time) with the response to send.
 */
/** Answers a request at the endpoint; what it records carries `requestTag` (TraceEvent.request), which the exchange names too. */
export type RequestHandler = (request: HttpRequest, respond: (response: HttpResponse) => void, requestTag: string) => void;

export interface HttpExchangeScenario extends ScenarioOptions {
  url: string;
  /** Who terminates TCP/TLS (default: an origin server labelled with the host); may depend on the network profile. */
  endpoint?: Endpoint | ((network: NetworkProfile) => Endpoint);
  /** Called once the topology exists, before anything is sent; returns the request to send instead of the one built from the fields below. */
  prepare?: (topology: Topology) => HttpRequest;
  /** Answers requests instead of the fixed response described by the fields below. */
  handler?: RequestHandler;
  /** A name for the trace's scenario field. */
  scenarioName?: string;
  method?: string;
  /** Request headers after Host; defaults to what the client profile sends. */
  headers?: HeaderList;
  requestBody?: string;
  requestFraming?: BodyFraming;
  status?: number;
  responseHeaders?: HeaderList;
  /** Response body: a string, or a size in bytes of deterministic filler. */
  responseBody?: string | number;
  responseFraming?: BodyFraming;
  chunkSize?: number;
  /** Server time between the last request byte and the first response byte (ms). */
  serverProcessingMs?: number;
  requests?: number;
  keepAlive?: boolean;
  /** Time between a response arriving and the next request (ms): a polling interval. */
  intervalMs?: number;
  /** Over HTTP/2 with keepAlive: send all `requests` at once, as concurrent streams of one connection (intervalMs unused). */
  multiplex?: boolean;
  /**
   * Over HTTP/2: the server closes a connection idle this long (ms) with GOAWAY, then close_notify
   * and FIN; a request after a longer interval goes on a new connection (resuming TLS). No value
   * is documented for API Gateway's front end, so there is no default: the scenario names one.
   */
  serverIdleCloseMs?: number;
  /** What the client does around each request beyond sending it (a browser's CORS preflight and checks), made once the request is. */
  clientPolicy?: (topology: Topology, request: HttpRequest) => ClientPolicy | undefined;
}

/** Sends one more exchange on the connection, through the same handler, and hands its response over. */
export type SendExchange = (request: HttpRequest, kind: 'preflight', answered: (response: HttpResponse) => void) => void;

/** What the client made of a response: the page reads it, or the client blocked it (a failed CORS check). */
export type ResponseVerdict = 'read' | 'blocked';

/**
 * A client's own steps around each request: before request `index` leaves it may `send` other
 * exchanges first (a CORS preflight) and then `proceed()`, or `stop()` to send nothing more
 * (the browser refused); after the response arrived, `after` looks at it and says whether the page may read it.
 */
export interface ClientPolicy {
  before(index: number, send: SendExchange, proceed: () => void, stop: () => void): void;
  after?(index: number, response: HttpResponse): ResponseVerdict;
}

/** Headers Node 20's http client sends by default (after Host). */
const NODE_DEFAULT_HEADERS: HeaderList = [['Connection', 'keep-alive']];
/**
 * Chromium 156's own headers on a page's fetch() (Linux, desktop), in the order it writes them,
 * as captured from Debian's Chromium 156 by the fidelity harness (bench/chromiumClient.ts) over
 * h2 and HTTP/1.1 alike: Connection (HTTP/1.1 only), the client hints and User-Agent (the
 * renderer's), then Accept and the Sec-Fetch-* and Accept-* headers (the network service's);
 * Origin and Referer join where withOrigin puts them, the page's own headers where
 * browserHeaderOrder.ts puts them. Accept is Fetch's default for a fetch(), `* / *` (Fetch
 * §4.1 main fetch: no Accept set, destination empty): a page that wants JSON says so itself.
 * sec-ch-ua is Chromium's brand list for major version 156 (the GREASE brand and its place are
 * drawn from the major version: components/embedder_support/user_agent_utils.cc); a Google
 * Chrome build adds `"Google Chrome";v="156"`, not modelled. The User-Agent is the reduced one
 * (minor version 0.0.0) of a headed browser; headless Chromium says HeadlessChrome, which the
 * fidelity harness aligns (simulator/fidelity/headlessChromium.ts).
 */
const BROWSER_DEFAULT_HEADERS: HeaderList = [
  ['Connection', 'keep-alive'],
  ['sec-ch-ua-platform', '"Linux"'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'],
  ['sec-ch-ua', '"Not:A-Brand";v="8", "Chromium";v="156"'],
  ['sec-ch-ua-mobile', '?0'],
  ['Accept', '*/*'],
  ['Sec-Fetch-Site', 'same-site'],
  ['Sec-Fetch-Mode', 'cors'],
  ['Sec-Fetch-Dest', 'empty'],
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Accept-Language', 'en-US,en;q=0.9'],
];

/** curl's defaults (curl 7.88: User-Agent and Accept, no Connection header). */
const CURL_DEFAULT_HEADERS: HeaderList = [['User-Agent', 'curl/7.88.1'], ['Accept', '*/*']];
/** Chrome on Android: the same engine, its mobile hints and reduced Android User-Agent (assumed, not captured). */
const MOBILE_DEFAULT_HEADERS: HeaderList = BROWSER_DEFAULT_HEADERS.map(([name, value]): [string, string] =>
  name === 'sec-ch-ua-mobile' ? [name, '?1']
    : name === 'sec-ch-ua-platform' ? [name, '"Android"']
    : name === 'User-Agent' ? [name, 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36']
    : [name, value]);

function profileHeaders(clientProfile: string | undefined): HeaderList {
  switch (clientProfile) {
    case 'browser': return BROWSER_DEFAULT_HEADERS;
    case 'mobile': return MOBILE_DEFAULT_HEADERS;
    case 'curl': return CURL_DEFAULT_HEADERS;
    default: return NODE_DEFAULT_HEADERS;
  }
}

/** The headers a client profile sends by itself; `userAgent` replaces its User-Agent's value (ScenarioOptions.userAgent). */
export function defaultRequestHeaders(clientProfile: string | undefined, userAgent?: string): HeaderList {
  const headers = profileHeaders(clientProfile);
  if (userAgent === undefined) return headers;
  return headers.map(([name, value]): [string, string] => [name, name.toLowerCase() === 'user-agent' ? userAgent : value]);
}

export function simulateHttpExchange(scenario: HttpExchangeScenario): Trace {
  const url = parseUrl('url', scenario.url, ['http', 'https']);
  const requests = inRange('requests', scenario.requests ?? 1, PARAMETER_RANGES.requests);
  const processingMs = inRange('serverProcessingMs', scenario.serverProcessingMs ?? 0, PARAMETER_RANGES.processingMs);
  const keepAlive = scenario.keepAlive ?? true;
  const intervalMs = nonNegative('intervalMs', scenario.intervalMs ?? 0);
  const closeDelayMs = nonNegative('clientCloseDelayMs', scenario.clientCloseDelayMs ?? 0);
  const endpoint = typeof scenario.endpoint === 'function' ? scenario.endpoint(networkProfile(scenario.network, scenario.networkOverrides)) : scenario.endpoint;
  const topology = new Topology(scenario.scenarioName ?? 'http-exchange', scenario, url, endpoint ?? scenario.serverLabel ?? url.host);
  const { simulation, recorder } = topology;
  const requestBody = scenario.requestBody === undefined ? undefined : Uint8Array.from(Buffer.from(scenario.requestBody, 'utf8'));
  if ((scenario.method === 'GET' || scenario.method === 'HEAD') && requestBody) throw new ParameterError('requestBody', scenario.requestBody, `no body on a ${scenario.method} request`);
  const built: HttpRequest = {
    method: scenario.method ?? (requestBody ? 'POST' : 'GET'),
    target: url.target,
    headers: [['Host', url.authority], ...(scenario.headers ?? defaultRequestHeaders(scenario.clientProfile, scenario.userAgent)), ...(requestBody ? [['Content-Type', 'application/json'] as const] : [])],
    ...(requestBody ? { body: requestBody } : {}),
    ...(scenario.requestFraming ? { framing: scenario.requestFraming } : {}),
    ...(scenario.chunkSize ? { chunkSize: scenario.chunkSize } : {}),
  };
  const request = scenario.prepare ? scenario.prepare(topology) : built;
  const policy = scenario.clientPolicy?.(topology, request);
  // Concurrent streams go out at once, with no client step in between: a browser's CORS checks
  // (a preflight before, a verdict after) would be skipped, so the pair is refused, not mis-drawn.
  if (scenario.multiplex && policy) throw new ParameterError('multiplex', 'true', 'a client without a CORS check on this route (node, curl, mobile, or a browser on the API\'s own origin); the page scenario sends a browser\'s concurrent requests');
  const responseBody = typeof scenario.responseBody === 'number'
    ? fillerBody(inRange('responseBody', scenario.responseBody, PARAMETER_RANGES.responseBytes))
    : Uint8Array.from(Buffer.from(scenario.responseBody ?? '{"id":"123","name":"Trail running shoe","price":129.95}', 'utf8'));
  const response = (at: number): HttpResponse => ({
    status: scenario.status ?? 200,
    headers: [['Date', httpDate(at)], ['Content-Type', 'application/json'], ...(scenario.responseHeaders ?? []), ['Connection', keepAlive ? 'keep-alive' : 'close']],
    body: responseBody,
    toHead: request.method === 'HEAD',
    ...(scenario.responseFraming ? { framing: scenario.responseFraming } : {}),
    ...(scenario.chunkSize ? { chunkSize: scenario.chunkSize } : {}),
  });

  let index = 0;
  let exchangeStart = 0;
  const handler: RequestHandler = scenario.handler ?? ((_request, respond) => simulation.schedule(processingMs, () => respond(response(simulation.now))));
  // Over HTTP/2, the connection's session: each exchange is its next stream (http2Client.ts).
  let session: Http2Session | undefined;
  /** One request and its answer on the connection (HTTP/1.1, or a stream of the HTTP/2 session), recorded as an exchange of `kind`. */
  const exchange = (transport: Transport, sent: HttpRequest, kind: 'request' | 'preflight', answered: (answer: HttpResponse, stream?: number) => void): void => {
    const name = `${requestLabel(sent)}${kind === 'preflight' ? ' (preflight)' : ''} #${index + 1}`;
    sendExchange(topology, { transport, session }, handler, { request: sent, kind, name, start: kind === 'request' ? exchangeStart : simulation.now }, answered);
  };
  const sendRequest = (transport: Transport): void => {
    const send = (): void => exchange(transport, request, 'request', (answer, stream) => {
      afterResponse(topology, { transport, session }, policy, { index, answer, stream }, () => next(transport));
    });
    if (!policy) return send();
    policy.before(index, (extra, kind, answered) => exchange(transport, extra, kind, answered), send, () => closeWhenDone(transport));
  };
  /** The client is done with the connection: it closes it, at once or `clientCloseDelayMs` later (a page that stays open). */
  const closeWhenDone = (transport: Transport): void => {
    if (closeDelayMs > 0) simulation.schedule(closeDelayMs, () => transport.close('client'));
    else transport.close('client');
  };
  const onConnected = (transport: Transport, version: HttpVersion): void => {
    session = version === '2' ? openHttp2Session(transport, scenario.clientProfile, url.secure ? 'https' : 'http') : undefined;
    // `multiplex`: every request at once, as concurrent streams of the one connection (no client policy in between).
    if (session && scenario.multiplex && keepAlive) {
      let answered = 0;
      for (let number = 1; number <= requests; number++) {
        index = number - 1;
        exchange(transport, request, 'request', () => {
          if (++answered === requests) transport.close('client');
        });
      }
      return;
    }
    sendRequest(transport);
  };
  const next = (transport: Transport): void => {
    index++;
    if (index >= requests) {
      closeWhenDone(transport);
      return;
    }
    if (!keepAlive) transport.close('client');
    // Over h2, a server that closes idle connections sends GOAWAY first (RFC 9113 §6.8) and the client opens a new connection for the next request.
    const idleClose = keepAlive && session !== undefined && scenario.serverIdleCloseMs !== undefined && intervalMs > scenario.serverIdleCloseMs;
    if (idleClose && session) {
      const current = session;
      simulation.schedule(scenario.serverIdleCloseMs!, () => sendHttp2Goaway(topology, current, () => {}));
    }
    simulation.schedule(intervalMs, () => {
      exchangeStart = simulation.now;
      if (!keepAlive || idleClose) topology.lookup('hit', () => topology.connect('ticket', onConnected));
      else sendRequest(transport);
    });
  };
  topology.lookup(scenario.dnsCache ?? 'resolver', () => topology.connect(scenario.tlsResumption ?? 'none', onConnected));
  topology.run();
  return recorder.finish();
}

/** A connection the client may send on: its transport, and its HTTP/2 session when ALPN chose h2. */
export interface HttpConnection {
  transport: Transport;
  session: Http2Session | undefined;
}

/** What one exchange sends, and how it is recorded: its kind, its name for people, and when the client began it. */
export interface ExchangeSpec {
  request: HttpRequest;
  kind: 'request' | 'preflight';
  name: string;
  start: number;
}

/**
 * One request and its answer on a connection: written on the HTTP/1.1 connection, or as the
 * session's next stream over HTTP/2; `handler` answers it at the endpoint. Recorded as an exchange
 * naming its connection (and stream), so concurrent exchanges each find their own request.
 */
export function sendExchange(topology: Topology, connection: HttpConnection, handler: RequestHandler, spec: ExchangeSpec, answered: (answer: HttpResponse, stream?: number) => void): void {
  const { transport, session } = connection;
  const { request: sent, kind, name, start } = spec;
  const marker: Record<string, string> = kind === 'preflight' ? { cors: 'preflight' } : {};
  const tag = topology.recorder.requestTag();
  const done = (answer: HttpResponse, firstByte: number, end: number, stream?: number): void => {
    topology.recorder.exchange({ kind, name, start, firstByte, end, connection: transport.connectionId, ...(stream !== undefined ? { stream } : {}), request: tag });
    answered(answer, stream);
  };
  if (session) {
    sendHttp2Request(topology, session, sent, (streamId) => {
      handler(sent, (answer) => sendHttp2Response(topology, session, streamId, answer, (headers, last) => done(answer, headers.firstByteAt, last.deliveredAt, streamId), marker), tag);
    }, marker);
    return;
  }
  const sentBytes = serializeRequest(sent);
  transport.send('client', sentBytes.length, (delivery) => {
    recordHttp(topology, 'client', requestLabel(sent), sentBytes, delivery, transport, { method: sent.method, target: sent.target, ...marker });
    handler(sent, (answer) => {
      const responseBytes = serializeResponse(answer);
      transport.send('server', responseBytes.length, (answerDelivery) => {
        recordHttp(topology, 'server', responseLabel(answer), responseBytes, answerDelivery, transport, { status: answer.status, bodyBytes: answer.body?.length ?? 0, framing: answer.framing ?? 'content-length', ...marker });
        done(answer, answerDelivery.firstByteAt, answerDelivery.deliveredAt);
      });
    }, tag);
  });
}

/** A response as it reached the client: the request's index, the response, and its HTTP/2 stream (none over HTTP/1.1). */
export interface ArrivedResponse {
  index: number;
  answer: HttpResponse;
  stream: number | undefined;
}

/**
 * The client's step once a response has arrived: its policy's verdict, then `then`. A response
 * the client blocks, on an h2 stream of a client whose stack cancels such a stream
 * (Http2EndpointProfile.blockedResponseCancelMs: Chromium's), is answered with RST_STREAM(CANCEL)
 * that long after, and `then` follows it (assumption, named: the page's next step waits for the
 * cancel; in Chromium the fetch's rejection and the stream's reset are independent, and which
 * comes first was not captured). Over HTTP/1.1 nothing is sent: Chromium's
 * HttpNetworkTransaction, torn down with its response body complete, returns the socket to the
 * pool (net/http/http_network_transaction.cc, its destructor: Close(false), reusable, when
 * IsResponseBodyComplete()); read from the source, not captured (the harness's browser rows all settle h2): an assumption.
 */
export function afterResponse(topology: Topology, connection: HttpConnection, policy: ClientPolicy | undefined, arrived: ArrivedResponse, then: () => void): void {
  const verdict = policy?.after?.(arrived.index, arrived.answer) ?? 'read';
  const { session } = connection;
  const cancelMs = session?.connection.client.profile.blockedResponseCancelMs;
  if (verdict === 'read' || !session || arrived.stream === undefined || cancelMs === undefined) return then();
  const stream = arrived.stream;
  topology.simulation.schedule(cancelMs, () => {
    sendHttp2StreamCancel(topology, session, stream, 'the page may not read the response (CORS): the browser cancels the request');
    then();
  });
}

export function recordHttp(
  topology: Topology, side: 'client' | 'server', name: string, bytes: Uint8Array, delivery: Delivery, transport: Transport,
  detail: Record<string, string | number | boolean>,
): void {
  const [from, to] = side === 'client' ? ['client', topology.endpoint.id] : [topology.endpoint.id, 'client'];
  topology.recorder.event({
    time: delivery.sentAt, arrival: delivery.deliveredAt, from, to, layer: 'http', kind: side === 'client' ? 'http.request' : 'http.response', name, bytes: bytes.length,
    wireBytes: delivery.wireBytes, connection: transport.connectionId, payload: bytes,
    detail: { ...detail, segments: delivery.segments },
  });
}
