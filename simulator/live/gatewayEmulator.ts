import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LiveCertificate } from './certificate';
import { duplexPair } from './duplexPair';
import { LiveError } from './liveError';
import type { Direction } from './delayRelay';
import type { LiveScript, ServerFrame } from './liveScript';
import type { Stopwatch } from './stopwatch';

/*
 * The local gateway emulator, in two tiers as API Gateway's own front end is: a TLS
 * terminator (node:tls, the throwaway certificate) and behind it, over an in-memory stream
 * pair, a plain HTTP/1.1 server with `ws` WebSocket routes that answers as the model
 * of the user's config does (status, headers, body, the integration's time; the pushes of
 * a WebSocket route). The terminator records the decrypted stream in both directions, so
 * the trace can name every HTTP message and WebSocket frame the TLS records carry.
 *
 *   relay ──TLS──▶ terminator ──plaintext──▶ app (http + ws)
 */

export interface PlaintextChunk {
  direction: Direction;
  at: number;
  bytes: Buffer;
}

/** The decrypted stream of one client connection, in the order the connections were made. */
export interface PlaintextConnection {
  tlsVersion: string;
  cipher: string;
  chunks: PlaintextChunk[];
}

function listen(server: { listen: (port: number, host: string, callback: () => void) => unknown; once: (event: 'error', listener: (error: Error) => void) => unknown; address: () => unknown }): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

export class GatewayEmulator {
  readonly connections: PlaintextConnection[] = [];
  private readonly sockets = new Set<Duplex>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly app: HttpServer;
  private readonly webSockets: WebSocketServer;
  private readonly terminator: TlsServer;
  private nextResponse = 0;
  private closed = false;
  /** The first error an emulated route met; the runner reports it instead of a half trace. */
  failure: Error | undefined;

  private constructor(private readonly script: LiveScript, certificate: LiveCertificate, private readonly stopwatch: Stopwatch, tlsVersion: 'TLSv1.2' | 'TLSv1.3') {
    this.app = createHttpServer((request, response) => this.answer(request, response));
    this.app.on('connection', (socket: Socket) => this.track(socket));
    // API Gateway offers no permessage-deflate; frames go uncompressed.
    this.webSockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    // The 101 leaves after the model's $connect time (authorizer, integration), as a response would.
    this.app.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      const planned = this.script.responses[this.nextResponse++];
      this.later(planned?.processingMs ?? 0, () => this.webSockets.handleUpgrade(request, socket, head, (webSocket) => this.runWebSocketRoute(webSocket)));
    });
    this.terminator = createTlsServer({ key: certificate.key, cert: certificate.cert, maxVersion: tlsVersion }, (secure) => this.terminate(secure));
    this.terminator.on('connection', (socket: Socket) => this.track(socket));
  }

  static async start(script: LiveScript, certificate: LiveCertificate, stopwatch: Stopwatch, tlsVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<{ emulator: GatewayEmulator; port: number }> {
    const emulator = new GatewayEmulator(script, certificate, stopwatch, tlsVersion);
    const port = await listen(emulator.terminator);
    return { emulator, port };
  }

  /** Where the emulator listens (the app tier only gets connections from the terminator, in memory). */
  get addresses(): AddressInfo[] {
    return [this.terminator.address() as AddressInfo];
  }

  /** Sockets still open (both tiers). */
  get openSockets(): number {
    return [...this.sockets].filter((socket) => !socket.destroyed).length;
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private later(delayMs: number, action: () => void): void {
    // Once closed (an aborted run), nothing more is answered or pushed and no timer outlives close().
    if (this.closed) return;
    if (delayMs <= 0) {
      action(); // no timer: even setTimeout(0) would add a millisecond the model does not have
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, Math.max(0, delayMs));
    this.timers.add(timer);
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  /** TLS terminated: relay the plaintext to the app tier, recording it both ways. */
  private terminate(secure: TLSSocket): void {
    this.track(secure);
    const record: PlaintextConnection = {
      tlsVersion: secure.getProtocol() ?? '', cipher: secure.getCipher()?.standardName ?? '', chunks: [],
    };
    this.connections.push(record);
    const [plain, appSide] = duplexPair();
    this.track(plain);
    this.app.emit('connection', appSide);
    secure.on('data', (bytes: Buffer) => {
      // A copy: `ws` unmasks frames in place in the buffer it is handed.
      record.chunks.push({ direction: 'up', at: this.stopwatch.now(), bytes: Buffer.from(bytes) });
      plain.write(bytes);
    });
    plain.on('data', (bytes: Buffer) => {
      record.chunks.push({ direction: 'down', at: this.stopwatch.now(), bytes: Buffer.from(bytes) });
      secure.write(bytes);
    });
    secure.on('end', () => plain.end());
    plain.on('end', () => secure.end());
    secure.on('error', () => plain.destroy());
    plain.on('error', () => secure.destroy());
    secure.on('close', () => plain.destroy());
    plain.on('close', () => { if (!secure.writableEnded) secure.end(); });
  }

  /** An HTTP route: the model's response for the next request, after the model's gateway and integration time. */
  private answer(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    request.on('end', () => {
      const planned = this.script.responses[this.nextResponse++];
      if (!planned) {
        this.fail(new LiveError('LIVE_UNPLANNED_REQUEST', `${request.method} ${request.url} has no planned response`));
        response.destroy();
        return;
      }
      this.later(planned.processingMs, () => {
        // Exactly the model's header list, in its order; Node adds nothing (no Date, no Keep-Alive).
        response.sendDate = false;
        const headers = [...planned.response.headers.flatMap(([name, value]) => [name, value])];
        const body = Buffer.from(planned.response.body ?? new Uint8Array(0));
        if (planned.response.status !== 204 && planned.response.status !== 304) headers.push('Content-Length', String(body.length));
        response.writeHead(planned.response.status, planned.response.reason ?? '', headers);
        response.end(body);
      });
    });
  }

  /** A WebSocket route: the pushes the model sends, at the model's times after the 101. */
  private runWebSocketRoute(webSocket: WebSocket): void {
    webSocket.on('error', (error) => this.fail(error));
    const send = (frame: ServerFrame): void => {
      if (webSocket.readyState !== webSocket.OPEN) return;
      webSocket.send(frame.payload, { binary: frame.opcode === 'binary', fin: frame.fin });
    };
    for (const frame of this.script.serverFrames) this.later(frame.afterUpgradeMs, () => send(frame));
  }

  /** Closes both tiers, every socket and pending timer. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const client of this.webSockets.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.webSockets.close(() => resolve()));
    await Promise.all([
      new Promise<void>((resolve) => this.terminator.close(() => resolve())),
      // The app tier never listened: close() only stops it taking more connections.
      new Promise<void>((resolve) => this.app.close(() => resolve())),
    ]);
  }
}
