import { Agent, request, type AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { WebSocket, type ClientOptions } from 'ws';
import { liveAborted } from '../live/liveError';
import { applicationHeaders, closeOf, type ClientTarget } from './clientTarget';

/*
 * The node profile, played by Node itself: node:https with a kept-alive agent for requests,
 * `ws` with its defaults for WebSocket routes. The URL is the API's own (port 443), so Node
 * writes Host and SNI as it would for the real API; only the socket goes elsewhere, to the relay
 * on 127.0.0.1 (the agent's and ws's createConnection). Certificates are not verified (the
 * stand-in's chain is not a public one); nothing on the wire depends on that.
 */

/** The TLS connection Node would open to the API, opened to the relay instead (SNI stays the API's name). */
function toRelay(target: ClientTarget): (options: ConnectionOptions) => TLSSocket {
  return (options) => connect({ ...options, host: '127.0.0.1', port: target.relayPort, servername: target.host });
}

/** An https agent whose connections go to the relay (Node's Agent calls createConnection for each new socket). */
class RelayAgent extends Agent {
  constructor(private readonly target: ClientTarget, options: AgentOptions) {
    super(options);
  }

  override createConnection(options: ConnectionOptions): Duplex {
    return toRelay(this.target)(options);
  }
}

const tlsRange = (target: ClientTarget): { minVersion: 'TLSv1.2'; maxVersion: 'TLSv1.2' | 'TLSv1.3' } => ({ minVersion: 'TLSv1.2', maxVersion: target.tlsVersion === '1.2' ? 'TLSv1.2' : 'TLSv1.3' });

export async function runNodeClient(target: ClientTarget): Promise<void> {
  const upgrade = target.script.requests.find((planned) => planned.upgrade);
  if (upgrade) return runNodeWebSocket(target, upgrade.request.target, applicationHeaders(upgrade.request.headers));
  const agent = new RelayAgent(target, { keepAlive: true, maxSockets: 1, rejectUnauthorized: false, ...tlsRange(target) });
  const abort = (): void => agent.destroy();
  target.signal.addEventListener('abort', abort, { once: true });
  try {
    for (const { request: planned } of target.script.requests) {
      if (target.signal.aborted) throw liveAborted();
      let cancel = (): void => undefined;
      await new Promise<void>((resolve, reject) => {
        const outgoing = request({ host: target.host, method: planned.method, path: planned.target, agent, headers: Object.fromEntries(applicationHeaders(planned.headers)) }, (response) => {
          response.resume();
          response.on('end', () => resolve());
          response.on('error', reject);
        });
        outgoing.on('error', reject);
        cancel = (): void => void outgoing.destroy(liveAborted());
        target.signal.addEventListener('abort', cancel, { once: true });
        outgoing.end(planned.body ? Buffer.from(planned.body) : undefined);
      }).finally(() => target.signal.removeEventListener('abort', cancel));
    }
  } finally {
    target.signal.removeEventListener('abort', abort);
    // The kept-alive socket closes as the application ends: close_notify and FIN.
    const sockets = Object.values(agent.freeSockets).flat();
    agent.destroy();
    await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => (socket?.closed ? resolve() : socket?.once('close', () => resolve())))));
  }
}

function runNodeWebSocket(target: ClientTarget, path: string, headers: [string, string][]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(`wss://${target.host}${path}`, { createConnection: toRelay(target) as unknown as ClientOptions['createConnection'], rejectUnauthorized: false, headers: Object.fromEntries(headers), ...tlsRange(target) });
    const timers: NodeJS.Timeout[] = [];
    const abort = (): void => {
      socket.terminate();
      reject(liveAborted());
    };
    target.signal.addEventListener('abort', abort, { once: true });
    socket.on('error', reject);
    socket.on('close', () => {
      for (const timer of timers) clearTimeout(timer);
      target.signal.removeEventListener('abort', abort);
      resolve();
    });
    socket.on('open', () => {
      for (const frame of target.script.clientFrames) {
        timers.push(setTimeout(() => {
          if (frame.opcode === 'close') {
            const close = closeOf(frame.payload);
            socket.close(close?.code, close?.reason);
          } else if (frame.opcode === 'ping') {
            socket.ping(frame.payload);
          } else {
            socket.send(frame.payload, { binary: frame.opcode === 'binary', fin: frame.fin });
          }
        }, frame.afterOpenMs));
      }
    });
  });
}
