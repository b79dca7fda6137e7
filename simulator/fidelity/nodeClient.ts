import { Agent, request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { WebSocket } from 'ws';
import { applicationHeaders, closeOf, type ClientTarget } from './clientTarget';

/*
 * The node profile, played by Node itself: node:https with a kept-alive agent for requests,
 * `ws` with its defaults for WebSocket routes. The API's name resolves to 127.0.0.1 through
 * the `lookup` hook, so Node writes Host and SNI from the URL as it would for the real API.
 * Certificates are not verified (the stand-in's chain is not a public one); nothing on the
 * wire depends on that.
 */

const toLoopback: LookupFunction = (_host, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

const tlsRange = (target: ClientTarget): { minVersion: 'TLSv1.2'; maxVersion: 'TLSv1.2' | 'TLSv1.3' } => ({ minVersion: 'TLSv1.2', maxVersion: target.tlsVersion === '1.2' ? 'TLSv1.2' : 'TLSv1.3' });

export async function runNodeClient(target: ClientTarget): Promise<void> {
  const upgrade = target.script.requests.find((planned) => planned.upgrade);
  if (upgrade) return runNodeWebSocket(target, upgrade.request.target, applicationHeaders(upgrade.request.headers));
  const agent = new Agent({ keepAlive: true, maxSockets: 1, lookup: toLoopback, rejectUnauthorized: false, ...tlsRange(target) });
  try {
    for (const { request: planned } of target.script.requests) {
      await new Promise<void>((resolve, reject) => {
        const outgoing = request({ host: target.host, port: target.port, method: planned.method, path: planned.target, agent, headers: Object.fromEntries(applicationHeaders(planned.headers)) }, (response) => {
          response.resume();
          response.on('end', () => resolve());
        });
        outgoing.on('error', reject);
        outgoing.end(planned.body ? Buffer.from(planned.body) : undefined);
      });
    }
  } finally {
    // The kept-alive socket closes as the application ends: close_notify and FIN.
    const sockets = Object.values(agent.freeSockets).flat();
    agent.destroy();
    await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => (socket?.closed ? resolve() : socket?.once('close', () => resolve())))));
  }
}

function runNodeWebSocket(target: ClientTarget, path: string, headers: [string, string][]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(`wss://${target.host}${path}`, { lookup: toLoopback, rejectUnauthorized: false, headers: Object.fromEntries(headers), ...tlsRange(target) });
    const timers: NodeJS.Timeout[] = [];
    socket.on('error', reject);
    socket.on('close', () => { for (const timer of timers) clearTimeout(timer); resolve(); });
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
