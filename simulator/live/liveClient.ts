import { Agent, request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { WebSocket } from 'ws';
import { abortable } from './abortable';
import { LiveError, liveAborted } from './liveError';
import type { LiveScript } from './liveScript';
import type { Stopwatch } from './stopwatch';

/*
 * The real client: node:https for requests (one kept-alive connection), `ws` for WebSocket
 * routes, both over TLS to the delay relay on 127.0.0.1 with the API's host as SNI and Host.
 *
 * The kernel completes a loopback TCP handshake at once, below the relay; the SYN and
 * SYN-ACK would each take the one-way delay. So the client waits one round trip after
 * connect() before its first byte, as it would wait for the SYN-ACK.
 */

export interface ClientConnection {
  /** When connect() was called and when the client could send (connect + one round trip). */
  connectAt: number;
  readyAt: number;
  socket?: TLSSocket;
}

export interface LiveClientOptions {
  relayPort: number;
  host: string;
  ca: string;
  tlsVersion: 'TLSv1.2' | 'TLSv1.3';
  oneWayMs: number;
  stopwatch: Stopwatch;
  /** Aborts the client: every socket destroyed, every timer cleared, the session rejected with LIVE_ABORTED. */
  signal?: AbortSignal;
}

import type { RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';

/** An https agent whose connections go through the relay, each after the emulated TCP handshake. */
class RelayAgent extends Agent {
  readonly opened: ClientConnection[] = [];
  readonly rawSockets: Socket[] = [];

  constructor(private readonly live: LiveClientOptions, keepAlive: boolean) {
    super({ keepAlive, maxSockets: 1 });
  }

  // Node's Agent calls createConnection(options, callback) and accepts the socket through the callback.
  override createConnection(_options: RequestOptions, callback?: (error: Error | null, socket: Duplex) => void): undefined {
    const done = (error: Error | null, socket?: Duplex): void => callback?.(error, socket as Duplex);
    const { relayPort, host, ca, tlsVersion, oneWayMs, stopwatch, signal } = this.live;
    // A request queued behind an aborted one must not open a connection after the teardown.
    if (signal?.aborted) {
      done(liveAborted());
      return undefined;
    }
    const connection: ClientConnection = { connectAt: stopwatch.now(), readyAt: Number.NaN };
    this.opened.push(connection);
    const raw = netConnect(relayPort, '127.0.0.1');
    this.rawSockets.push(raw);
    raw.setNoDelay(true);
    raw.once('error', (error) => done(error));
    raw.once('connect', () => {
      stopwatch.until(connection.connectAt + 2 * oneWayMs, signal).then(() => {
        connection.readyAt = stopwatch.now();
        // Only the highest version is set: a client limited to TLS 1.2 offers it alone, one allowed 1.3 also offers 1.2, as Node does by default.
        const secure = tlsConnect({ socket: raw, servername: host, ca, maxVersion: tlsVersion });
        connection.socket = secure;
        done(null, secure);
      }, (error: Error) => {
        // Aborted during the emulated handshake: this socket may have been made after the agent's teardown ran.
        raw.destroy();
        done(error);
      });
    });
    return undefined;
  }

  /** Destroys every connection the agent made, at whatever stage it is (connecting, emulated handshake, TLS, open). */
  close(): void {
    this.destroy();
    for (const connection of this.opened) connection.socket?.destroy();
    for (const socket of this.rawSockets) socket.destroy();
  }
}

function sendRequest(agent: RelayAgent, options: LiveClientOptions, planned: LiveScript['requests'][number]): Promise<void> {
  return new Promise((resolve, reject) => {
    const { request } = planned;
    const headers = request.headers.flatMap(([name, value]) => [name, value]);
    if (request.body) headers.push('Content-Length', String(request.body.length));
    const outgoing = httpsRequest({ host: '127.0.0.1', port: options.relayPort, method: request.method, path: request.target, headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve());
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body ? Buffer.from(request.body) : undefined);
  });
}

/**
 * The requests one after the other on one kept-alive connection; then the client closes it as an
 * https agent does, destroying the socket: a FIN with no close_notify, and a RST for the server's
 * close_notify (tlsProfiles.ts, the node profile's TlsClientClose).
 */
export async function runHttpClient(script: LiveScript, options: LiveClientOptions): Promise<ClientConnection[]> {
  const agent = new RelayAgent(options, true);
  const session = async (): Promise<ClientConnection[]> => {
    for (const planned of script.requests) await sendRequest(agent, options, planned);
    await Promise.all(agent.opened.map((connection) => new Promise<void>((resolve) => {
      const socket = connection.socket;
      if (!socket || socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      socket.destroy();
    })));
    return agent.opened;
  };
  try {
    return await abortable(session(), options.signal, () => agent.close());
  } finally {
    agent.close();
  }
}

/** A WebSocket session: the upgrade, the client's frames at the model's times, until both sides have closed. */
export async function runWebSocketClient(script: LiveScript, options: LiveClientOptions): Promise<ClientConnection[]> {
  const agent = new RelayAgent(options, false);
  const upgrade = script.requests.find((planned) => planned.upgrade);
  if (!upgrade) throw new LiveError('LIVE_UNPLAYABLE', 'the script has no WebSocket upgrade');
  const timers: NodeJS.Timeout[] = [];
  let client: WebSocket | undefined;
  const close = (): void => {
    for (const timer of timers) clearTimeout(timer);
    client?.terminate();
    agent.close();
  };
  try {
    const session = new Promise<void>((resolve, reject) => {
      // `ws` offers permessage-deflate by default, as the model's client does; the gateway declines it.
      const webSocket = new WebSocket(`wss://127.0.0.1:${options.relayPort}${upgrade.request.target}`, { agent, headers: { Host: options.host } });
      client = webSocket;
      webSocket.on('error', reject);
      webSocket.on('open', () => {
        for (const frame of script.clientFrames) {
          timers.push(setTimeout(() => {
            if (webSocket.readyState !== WebSocket.OPEN) return;
            if (frame.opcode === 'ping') webSocket.ping(frame.payload);
            else if (frame.opcode === 'close') webSocket.close(frame.payload.readUInt16BE(0), frame.payload.subarray(2).toString('utf8'));
            else webSocket.send(frame.payload, { binary: frame.opcode === 'binary', fin: frame.fin });
          }, frame.afterOpenMs));
        }
      });
      webSocket.on('close', () => {
        const socket = agent.opened[0]?.socket;
        if (!socket || socket.destroyed) resolve();
        else socket.once('close', () => resolve());
      });
    });
    await abortable(session, options.signal, close);
    return agent.opened;
  } finally {
    close();
  }
}
