import { requestLabel, type HttpRequest, type HttpResponse } from '../net/http';
import type { HttpVersion } from '../net/alpn';
import type { TlsResumption } from '../net/tls';
import type { Transport } from '../net/transport';
import { openHttp2Session } from './http2Client';
import { afterResponse, sendExchange, type ClientPolicy, type HttpConnection, type RequestHandler } from './httpExchange';
import { chooseConnection, HTTP2_THROTTLE_MS } from './connectionRules';
import type { Topology } from './topology';

/*
 * A browser's connections to one origin while a page runs, following Chromium's rules
 * (connectionRules.ts): one host resolution shared by the requests that start together, then a
 * socket per request up to 6 under HTTP/1.1 (the rest wait for one to come free), or one
 * connection whose streams carry them all under HTTP/2. Kept-alive sockets serve later requests
 * without DNS, TCP or TLS, and stay open when the page is done, as Chromium keeps idle sockets
 * (the trace ends before they would time out).
 */

/** One fetch() of the page: the request, what answers it at the endpoint, and the browser's CORS policy for it. */
export interface PoolFetch {
  request: HttpRequest;
  handler: RequestHandler;
  policy?: ClientPolicy;
  /** The exchange's name in the trace. */
  name: string;
  /** The answer the page got, or undefined when the browser sent nothing more (a refused preflight). */
  onDone: (answer: HttpResponse | undefined) => void;
}

interface Waiting {
  fetch: PoolFetch;
  start: number;
  /** Sent already (on a session that appeared while its own socket was still connecting). */
  sent?: boolean;
}

export class OriginPool {
  private resolution: 'none' | 'pending' | 'done' = 'none';
  private readonly resolved: (() => void)[] = [];
  private readonly idle: HttpConnection[] = [];
  private readonly all: HttpConnection[] = [];
  private session: HttpConnection | undefined;
  private sockets = 0;
  private opening = 0;
  /** A handshake finished: later connections resume the TLS session from its ticket. */
  private ticket = false;
  private readonly awaitingSession: Waiting[] = [];
  /** Requests opening a socket of their own to an origin known to speak h2: the first session to appear takes them. */
  private readonly racing: Waiting[] = [];
  private readonly queue: Waiting[] = [];

  /**
   * `knownH2`: the browser expects the origin to speak h2 (connectionRules.ts); `firstResumption`:
   * how the first connection's TLS starts (a ticket from an earlier visit, or none).
   */
  constructor(readonly topology: Topology, private readonly knownH2: boolean, private readonly firstResumption: TlsResumption = 'none') {}

  /** Starts a fetch now. */
  fetch(fetch: PoolFetch): void {
    this.place({ fetch, start: this.topology.simulation.now });
  }

  /** An HTTP/2 session to the origin is open (IP pooling may send another host's requests on it). */
  get hasSession(): boolean {
    return this.session !== undefined;
  }

  /** Connections opened so far (their ids), in order. */
  connections(): string[] {
    return this.all.map((connection) => connection.transport.connectionId);
  }

  private place(waiting: Waiting): void {
    const choice = chooseConnection({ session: this.session !== undefined, opening: this.opening > 0, knownH2: this.knownH2, idle: this.idle.length, sockets: this.sockets });
    switch (choice) {
      case 'session': return this.run(this.session!, waiting);
      case 'idle': return this.run(this.idle.shift()!, waiting);
      case 'await-session': {
        this.awaitingSession.push(waiting);
        // Chromium holds the request at most kHTTP2ThrottleMs, then lets it open a socket of its own.
        this.topology.simulation.schedule(HTTP2_THROTTLE_MS, () => {
          const index = this.awaitingSession.indexOf(waiting);
          if (index < 0) return;
          this.awaitingSession.splice(index, 1);
          this.open(waiting);
        });
        return;
      }
      case 'open': return this.open(waiting);
      case 'queue': {
        this.queue.push(waiting);
      }
    }
  }

  /** Resolves the host once (requests that start meanwhile join the lookup, as Chromium's HostResolver merges them), then `then`. */
  private resolve(then: () => void): void {
    if (this.resolution === 'done') {
      this.topology.lookup('hit', then);
      return;
    }
    this.resolved.push(then);
    if (this.resolution === 'pending') return;
    this.resolution = 'pending';
    this.topology.lookup(this.topology.options.dnsCache ?? 'resolver', () => {
      this.resolution = 'done';
      for (const next of this.resolved.splice(0)) next();
    });
  }

  private open(waiting: Waiting): void {
    this.sockets++;
    this.opening++;
    if (this.knownH2) this.racing.push(waiting);
    this.resolve(() => this.topology.connect(this.ticket ? 'ticket' : this.firstResumption, (transport, version) => this.connected(transport, version, waiting)));
  }

  private connected(transport: Transport, version: HttpVersion, opener: Waiting): void {
    this.opening--;
    const racer = this.racing.indexOf(opener);
    if (racer >= 0) this.racing.splice(racer, 1);
    this.ticket = true;
    if (version === '2' && this.session) {
      // A socket that negotiated h2 once a session exists is closed and the session used (http_stream_factory_job.cc).
      // Assumption, named: the socket finishes its handshake and closes; Chromium may keep it idle in the pool instead.
      this.sockets--;
      transport.close('client');
      if (!opener.sent) this.run(this.session, opener);
      return;
    }
    const connection: HttpConnection = { transport, session: version === '2' ? openHttp2Session(transport, this.topology.options.clientProfile, this.topology.url.secure ? 'https' : 'http') : undefined };
    this.all.push(connection);
    if (connection.session) {
      this.session = connection;
      this.run(connection, opener);
      // The requests held for this session become its next streams, in the order they started; so do those whose
      // own sockets are still connecting (their session request is answered by the first session to appear).
      for (const waiting of [...this.racing.splice(0), ...this.awaitingSession.splice(0)].sort((a, b) => a.start - b.start)) this.run(connection, waiting);
      for (const waiting of this.queue.splice(0)) this.run(connection, waiting);
      return;
    }
    this.run(connection, opener);
  }

  /** Sends the fetch on `connection`: its preflight first where the policy says, then the request. */
  private run(connection: HttpConnection, waiting: Waiting): void {
    const { fetch, start } = waiting;
    waiting.sent = true;
    const { simulation } = this.topology;
    const finish = (answer: HttpResponse | undefined): void => {
      this.release(connection);
      fetch.onDone(answer);
    };
    const send = (): void => sendExchange(this.topology, connection, fetch.handler, { request: fetch.request, kind: 'request', name: fetch.name, start }, (answer, stream) => {
      afterResponse(this.topology, connection, fetch.policy, { index: 0, answer, stream }, () => finish(answer));
    });
    if (!fetch.policy) return send();
    fetch.policy.before(0, (extra, kind, answered) => sendExchange(this.topology, connection, fetch.handler, {
      request: extra, kind, name: `${requestLabel(extra)} (preflight)`, start: simulation.now,
    }, answered), send, () => finish(undefined));
  }

  /** An HTTP/1.1 connection whose exchange ended serves the next queued request, or waits idle; a session needs no release. */
  private release(connection: HttpConnection): void {
    if (connection.session) return;
    const next = this.queue.shift();
    if (next) this.run(connection, next);
    else this.idle.push(connection);
  }
}
