import { appendFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PlannedResponse, LiveScript } from '../live/liveScript';
import type { CertificateChain } from './certificateChain';

/*
 * The stand-in for API Gateway's front end in the fidelity harness: node:tls configured as the
 * model says the gateway is, and behind it node:http (with `ws` for WebSocket routes) or
 * node:http2, chosen by the ALPN the real client and the server settle.
 *
 * What comes from the model is only what stands for AWS's own behaviour: each response's
 * status, header names and values, body, and the time the gateway and integration take
 * (PlannedResponse.processingMs). Records, segments and frames are what Node's stacks make of
 * them; the client's side is entirely the real client's.
 *
 * TLS as the TLS_1_2 security policy of HTTP and WebSocket APIs, the default of Regional REST
 * APIs (DG http-api-ciphers, websocket-api-ciphers, apigateway-security-policies-list): TLS 1.2
 * and 1.3; the policy's RSA suites in the page's order (the ECDSA ones need an ECDSA
 * certificate, and ACM's default is RSA-2048). Assumption, named: the gateway prefers its own
 * order, as a server with a published list usually does. ALPN h2 first, then http/1.1
 * (tlsProfiles.ts API_GATEWAY_SERVER.alpn); over HTTP/2, SETTINGS with MAX_CONCURRENT_STREAMS 128. What Node cannot be told, and so differs from the
 * model's gateway by construction: it issues two TLS 1.3 session tickets (OpenSSL's default)
 * where the model's gateway issues one.
 *
 * The server writes its TLS secrets to a key log (NSS key log format), so the capture of
 * every client decrypts alike, whichever client it is.
 */

/** DG http-api-ciphers: the TLS_1_2 policy's TLS 1.2 RSA suites, in the page's order. */
export const TLS_1_2_POLICY_CIPHERS = [
  'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-SHA384',
  'AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256',
];
/** DG http-api-ciphers: the TLS 1.3 suites of the same policy. */
export const TLS_1_3_POLICY_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/** HTTP/1.1 connection-specific headers HTTP/2 forbids (RFC 9113 §8.2.2): a model response over h2 drops them. */
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export interface StandInOptions {
  script: LiveScript;
  chain: CertificateChain;
  /** The highest TLS version the server accepts in this row (TLS 1.2 rows cap it: a browser cannot be told to). */
  maxVersion: 'TLSv1.2' | 'TLSv1.3';
  keylogFile: string;
  /** 0: a port the kernel picks (always on 127.0.0.1). */
  port: number;
}

export class StandInGateway {
  private readonly terminator: TlsServer;
  private readonly http = createHttpServer((request, response) => this.answerHttp1(request, response));
  /** The gateway's one known setting (simulator/net/http2/profiles.ts API_GATEWAY: curl -v transcripts show MAX_CONCURRENT_STREAMS == 128). */
  private readonly http2: Http2Server = createHttp2Server({ settings: { maxConcurrentStreams: 128 } });
  private readonly webSockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly used = new Set<number>();
  /** Protocol each connection negotiated, in order (ALPN, TLS version, cipher). */
  readonly negotiated: { alpn: string; tlsVersion: string; cipher: string }[] = [];
  failure: Error | undefined;
  /** How late each of the model's waits (processing times, pushes) ended, in ms. */
  readonly timerLatenessMs: number[] = [];

  private constructor(private readonly options: StandInOptions) {
    this.terminator = createTlsServer({
      key: options.chain.key, cert: options.chain.cert, minVersion: 'TLSv1.2', maxVersion: options.maxVersion,
      // Node takes the TLS 1.3 suites in the same list (node:tls, Modifying the default TLS cipher suite).
      ciphers: [...TLS_1_3_POLICY_SUITES, ...TLS_1_2_POLICY_CIPHERS].join(':'), honorCipherOrder: true,
      ALPNProtocols: ['h2', 'http/1.1'],
      // No Nagle: a server answering requests writes each response at once (node:http's own default).
      noDelay: true,
    }, (socket) => this.accept(socket));
    this.terminator.on('keylog', (line: Buffer) => appendFileSync(options.keylogFile, line));
    this.terminator.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.http2.on('stream', (stream, headers) => this.answerHttp2(stream, headers));
    this.http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(request, socket, head));
  }

  static async start(options: StandInOptions): Promise<StandInGateway> {
    const gateway = new StandInGateway(options);
    await new Promise<void>((resolve, reject) => {
      gateway.terminator.once('error', reject);
      gateway.terminator.listen(options.port, '127.0.0.1', () => resolve());
    });
    return gateway;
  }

  /** The port it listens on (the options' port, or the one the kernel picked for port 0). */
  get port(): number {
    return (this.terminator.address() as AddressInfo).port;
  }

  private accept(socket: TLSSocket): void {
    socket.on('error', () => socket.destroy());
    const alpn = socket.alpnProtocol || 'none';
    this.negotiated.push({ alpn, tlsVersion: socket.getProtocol() ?? '', cipher: socket.getCipher()?.standardName ?? '' });
    (alpn === 'h2' ? this.http2 : this.http).emit('connection', socket);
  }

  /** The model's response to the first unanswered request of the same method and path: a client may leave out a request the model sends (a preflight), or add one. */
  private planFor(method: string, path: string): PlannedResponse | undefined {
    const index = this.options.script.requests.findIndex((planned, candidate) => !this.used.has(candidate)
      && planned.request.method === method && planned.request.target.split('?')[0] === path.split('?')[0]);
    if (index < 0) {
      this.failure ??= new Error(`stand-in gateway: ${method} ${path} has no planned response`);
      return undefined;
    }
    this.used.add(index);
    return this.options.script.responses[index];
  }

  private later(delayMs: number, action: () => void): void {
    if (delayMs <= 0) return action();
    const due = performance.now() + delayMs;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // The instrument's own error: how late the event loop ran the model's processing time.
      this.timerLatenessMs.push(performance.now() - due);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  private answerHttp1(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    request.on('end', () => {
      const planned = this.planFor(request.method ?? '', request.url ?? '');
      if (!planned) return void response.destroy();
      this.later(planned.processingMs, () => {
        // The model's header list in its order; Node adds nothing (no Date, no Keep-Alive) but the Content-Length.
        response.sendDate = false;
        const body = Buffer.from(planned.response.body ?? new Uint8Array(0));
        const headers = planned.response.headers.flatMap(([name, value]) => [name, value]);
        if (planned.response.status !== 204 && planned.response.status !== 304) headers.push('Content-Length', String(body.length));
        response.writeHead(planned.response.status, planned.response.reason ?? '', headers);
        response.end(body);
      });
    });
  }

  private answerHttp2(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', () => {});
    stream.resume();
    stream.on('end', () => {
      const planned = this.planFor(String(headers[':method']), String(headers[':path']));
      if (!planned) return void stream.close(2);
      this.later(planned.processingMs, () => {
        if (stream.destroyed) return;
        const body = Buffer.from(planned.response.body ?? new Uint8Array(0));
        const out: Record<string, string | string[]> = { ':status': String(planned.response.status) };
        for (const [name, value] of planned.response.headers) {
          const key = name.toLowerCase();
          if (CONNECTION_SPECIFIC.has(key)) continue;
          const existing = out[key];
          out[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
        }
        if (planned.response.status !== 204 && planned.response.status !== 304) out['content-length'] = String(body.length);
        stream.respond(out, { endStream: body.length === 0 });
        if (body.length > 0) stream.end(body);
      });
    });
  }

  /** A WebSocket route: the 101 after the model's $connect time with the model's headers, then the model's pushes. */
  private upgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    const planned = this.planFor(request.method ?? 'GET', request.url ?? '/');
    if (!planned) return void socket.destroy();
    const modelHeaders = planned.response.headers.filter(([name]) => !/^(upgrade|connection|sec-websocket-accept)$/i.test(name));
    this.webSockets.once('headers', (lines: string[]) => {
      // `ws` writes the status line, Upgrade, Connection and Sec-WebSocket-Accept (computed from the client's key); the gateway's other headers come from the model.
      lines.push(...modelHeaders.map(([name, value]) => `${name}: ${value}`));
    });
    this.later(planned.processingMs, () => this.webSockets.handleUpgrade(request, socket, head, (webSocket) => this.pushes(webSocket)));
  }

  private pushes(webSocket: WebSocket): void {
    webSocket.on('error', (error) => { this.failure ??= error; });
    for (const frame of this.options.script.serverFrames) {
      this.later(frame.afterUpgradeMs, () => {
        if (webSocket.readyState === webSocket.OPEN) webSocket.send(frame.payload, { binary: frame.opcode === 'binary', fin: frame.fin });
      });
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const client of this.webSockets.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    this.http2.close();
    this.http.close();
    await new Promise<void>((resolve) => this.terminator.close(() => resolve()));
  }
}
