import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { getEventListeners } from 'node:events';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { makeLiveCertificate } from '../../../simulator/live/certificate';
import { shopFidelityScenarios } from '../../../simulator/live/fidelityScenarios';
import { LiveError } from '../../../simulator/live/liveError';
import { runLive, type LiveScenario } from '../../../simulator/live/liveRun';
import { apiHost } from '../../../simulator/model/gateway';
import { findApi } from '../../../simulator/scenario/routeRequest';
import { simulateWebSocketApiSession } from '../../../simulator/scenario/websocketApiSession';

/*
 * Aborting a live run: at each stage (before it starts, right after its servers listen, with
 * the TLS handshake held in the relay's delay timers, between two pushes of a WebSocket
 * session) the run rejects with LIVE_ABORTED and the process holds no socket, server or timer
 * the run opened. The stages are reached through node's own diagnostics channels
 * (net.client.socket, net.server.socket), not through hooks in the code under test.
 */

const EXAMPLE = resolve(__dirname, '../../../../examples/shop/template.yaml');
const scenarios = shopFidelityScenarios(EXAMPLE);
const httpRequest = scenarios.find((scenario) => scenario.name === 'HTTP API cold request, TLS 1.3')!;

/** A WebSocket API session whose second push is due half a minute after the first: a run that is not really aborted outlasts the hang guard. */
function longSession(): LiveScenario {
  const model = readConfig(EXAMPLE).model;
  const api = findApi(model, 'shop-order-status');
  return {
    host: apiHost(api), tlsVersion: '1.3', oneWayMs: 20,
    model: (conditions) => simulateWebSocketApiSession({
      ...conditions, model, api: api.name, closeAfterMs: 50,
      pushes: [{ afterMs: 40, data: '{"orderId":"o-1001","status":"packed"}' }, { afterMs: 30_000, data: '{"orderId":"o-1001","status":"shipped"}' }],
    }),
  };
}

/** Sockets, servers and timers the process holds (the test runner's pipes excluded). */
function networkHandles(): string[] {
  return process.getActiveResourcesInfo().filter((name) => /TCP|TLS|Timeout/.test(name)).sort();
}

/** The handles once closed ones are released: a closed server's handle is freed a loop turn after its 'close', so wait up to 200 ms for `expected`. */
async function handlesAfterClose(expected: readonly string[]): Promise<string[]> {
  for (let waited = 0; waited < 200 && networkHandles().length > expected.length; waited += 5) await new Promise((done) => setTimeout(done, 5));
  return networkHandles();
}

const aborted = (error: unknown): boolean => error instanceof LiveError && error.code === 'LIVE_ABORTED';

/** Calls `listener` with each socket node makes on channel `name` until the returned function is called. */
function watchSockets(name: 'net.client.socket' | 'net.server.socket', listener: (socket: Socket) => void): () => void {
  const onMessage = (message: unknown): void => listener((message as { socket: Socket }).socket);
  subscribe(name, onMessage);
  return () => unsubscribe(name, onMessage);
}

// A hang guard: an abort that does not stop the run leaves it to finish (the long session: 30 s).
const GUARD = { timeout: 15_000 };

describe('runLive with an AbortSignal', () => {
  before(async () => {
    // Node compiles https, tls and ws on first use: one plain run first, so the handles compared below are the run's own.
    const idle = networkHandles();
    await runLive(scenarios[0]);
    await handlesAfterClose(idle);
  });

  it('rejects at once with LIVE_ABORTED, opening nothing, when the signal has already fired', GUARD, async () => {
    const before = networkHandles();
    const controller = new AbortController();
    controller.abort();
    let modelled = false;
    const sockets: Socket[] = [];
    const stopWatching = [watchSockets('net.client.socket', (socket) => sockets.push(socket)), watchSockets('net.server.socket', (socket) => sockets.push(socket))];
    try {
      await assert.rejects(runLive({ ...httpRequest, model: (conditions) => { modelled = true; return httpRequest.model(conditions); } }, undefined, { signal: controller.signal }), aborted);
    } finally {
      for (const stop of stopWatching) stop();
    }
    assert.equal(modelled, false, 'not even the model ran');
    assert.equal(sockets.length, 0, 'no socket made');
    assert.deepEqual(networkHandles(), before, 'no server listened');
  });

  it('rejects with LIVE_ABORTED and closes both servers when aborted right after they listen', GUARD, async () => {
    const before = networkHandles();
    const controller = new AbortController();
    // The client's first connect() comes once the emulator and the relay listen, before either has accepted anything.
    const stopWatching = watchSockets('net.client.socket', () => controller.abort());
    try {
      await assert.rejects(runLive(httpRequest, undefined, { signal: controller.signal }), aborted);
    } finally {
      stopWatching();
    }
    assert.ok(controller.signal.aborted);
    assert.deepEqual(await handlesAfterClose(before), before, 'no server, socket or timer left open');
  });

  it('rejects with LIVE_ABORTED while the ClientHello waits in the relay\'s delay timer, and closes every socket', GUARD, async () => {
    const before = networkHandles();
    const controller = new AbortController();
    let held = false;
    // The relay accepts first; its first chunk read is the ClientHello, which it then holds for the one-way delay.
    const stopWatching = watchSockets('net.server.socket', (socket) => socket.once('data', () => setImmediate(() => {
      held = !socket.destroyed;
      controller.abort();
    })));
    try {
      await assert.rejects(runLive(httpRequest, undefined, { signal: controller.signal }), aborted);
    } finally {
      stopWatching();
    }
    assert.ok(held, 'aborted with the connection open and the handshake under way');
    assert.deepEqual(await handlesAfterClose(before), before, 'no server, socket or timer left open');
  });

  it('rejects with LIVE_ABORTED between two pushes of a WebSocket session, and clears the pending push', GUARD, async () => {
    const before = networkHandles();
    const controller = new AbortController();
    let client: Socket | undefined;
    let bytesReadAtAbort = 0;
    const stopWatching = watchSockets('net.client.socket', (socket) => {
      if (client) return; // the relay's own connection to the emulator comes second
      client = socket;
      // The handshake, the 101 and the first push take a few delays of 20 ms; the second push is 30 s away.
      socket.once('connect', () => setTimeout(() => {
        bytesReadAtAbort = socket.destroyed ? -1 : socket.bytesRead;
        controller.abort();
      }, 1000));
    });
    try {
      await assert.rejects(runLive(longSession(), undefined, { signal: controller.signal }), aborted);
    } finally {
      stopWatching();
    }
    assert.ok(bytesReadAtAbort > 0, `the session was open and had carried data when aborted (${bytesReadAtAbort} bytes read)`);
    assert.deepEqual(await handlesAfterClose(before), before, 'no server, socket or timer left open');
  });

  it('is unchanged by a signal that never fires, and leaves no listener on it', GUARD, async () => {
    const controller = new AbortController();
    const result = await runLive(httpRequest, makeLiveCertificate(httpRequest.host), { signal: controller.signal });
    assert.ok(result.comparison.messages.some((message) => message.layer === 'http'));
    for (const message of result.comparison.messages.filter((candidate) => candidate.layer === 'http')) assert.equal(message.liveBytes, message.modelBytes, `${message.direction} ${message.name}`);
    assert.equal(result.openSocketsAfterClose, 0);
    assert.deepEqual(getEventListeners(controller.signal, 'abort'), [], 'every stage removed its abort listener');
    // Aborting after the run settled changes nothing.
    controller.abort();
  });
});
