import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { harnessConditions, rowScenario, type FidelityRow } from '../../../simulator/fidelity/fidelityRows';
import { API_GATEWAY_SERVER } from '../../../simulator/net/tlsProfiles';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';
import type { Packet } from '../../../simulator/trace/trace';

/*
 * The end of a WebSocket connection the client closes, against the fidelity harness's captures
 * (dumpcap, each sender on its own leg, 12 runs of node × WebSocket on a lightly loaded machine).
 * Node's `ws` client ends its socket as it reads the server's echo; the stand-in's `ws` server
 * ends its own a turn of its event loop after writing the echo (0.64 ms, the captures' median),
 * so the client's close_notify and FIN leave before the server's close_notify reaches it. In 8
 * of the 12 captures the client then sent, after its close frame: ACK, close_notify, FIN, and one
 * ACK of the server's close_notify and FIN; the server: ACK, close frame, close_notify, FIN, and
 * one ACK of the client's. The model used to have the client wait for the server's close_notify
 * and answer it (ACK, ACK, close_notify, FIN: the same count in another order).
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;

/** `side`'s packets from its close frame on (or, for the server, from the ACK of the client's), as `ack`, `fin` or the payload size. */
function closingPackets(row: FidelityRow, side: 'client' | 'server', closeFrameBytes: number): string[] {
  const trace = rowScenario(model, row.api).model(harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500));
  const tcp = trace.packets.filter((packet: Packet) => packet.protocol === 'tcp');
  const clientClose = tcp.findIndex((packet) => packet.to !== 'client' && packet.payloadBytes === closeFrameBytes);
  assert.ok(clientClose >= 0, 'the client\'s close frame is in the trace');
  const sent = tcp.slice(clientClose).filter((packet) => (side === 'client' ? packet.to !== 'client' : packet.to === 'client'));
  return sent.map((packet) => (packet.payloadBytes > 0 ? String(packet.payloadBytes) : packet.flags?.includes('FIN') ? 'fin' : 'ack'));
}

describe('the close of a WebSocket connection the client started', () => {
  for (const [tlsVersion, close, echo, alert] of [['1.3', 49, 45, 24], ['1.2', 56, 52, 31]] as const) {
    const row: FidelityRow = { profile: 'node', api: 'WebSocket', tlsVersion };
    it(`node's ws ends its socket on the echo, before the server's close_notify arrives (TLS ${tlsVersion}, as captured)`, () => {
      assert.deepEqual(closingPackets(row, 'client', close), [String(close), 'ack', String(alert), 'fin', 'ack']);
    });

    it(`the server ACKs the client's close_notify and FIN once, sending no second alert or FIN (TLS ${tlsVersion}, as captured)`, () => {
      assert.deepEqual(closingPackets(row, 'server', close), ['ack', String(echo), String(alert), 'fin', 'ack']);
    });
  }

  it('Chromium waits for the server to close and sends no close_notify: its FIN answers the server\'s (the browser × WebSocket captures)', () => {
    // Six captures (TLS 1.2 and 1.3) on the client's leg after its close frame: ACK, ACK, FIN in one (the server's FIN
    // arrived before Chromium closed), ACK, ACK, FIN, ACK in two and ACK, FIN, ACK in one (its FIN left before the relay
    // passed the server's on, tlsProfiles.ts), ACK, FIN in two (close frame and close_notify merged by the relay, which
    // the model's exact relay does not do). No close_notify of its own in any.
    const row: FidelityRow = { profile: 'browser', api: 'WebSocket', tlsVersion: '1.3' };
    assert.deepEqual(closingPackets(row, 'client', 49), ['49', 'ack', 'ack', 'fin']);
    assert.deepEqual(closingPackets(row, 'server', 49), ['ack', '45', '24', 'fin', 'ack']);
  });
});

describe('the close of a WebSocket connection the server started', () => {
  /** After the server's close frame, in order: each side's frames, alerts and FINs as `side:what`. */
  function afterServerClose(clientProfile: string): string[] {
    const trace = simulateWebSocketSession({ url: 'wss://ws.shop.example.com/production', clientProfile, messages: [{ from: 'client', data: 'hi' }], close: { from: 'server', code: 1001, reason: 'going away' } });
    const events = trace.events.filter((event) => event.connection !== undefined && ['ws.frame', 'tls.alert', 'tcp.fin', 'tcp.rst'].includes(event.kind));
    const start = events.findIndex((event) => event.kind === 'ws.frame' && event.from !== 'client' && event.name.startsWith('close frame'));
    assert.ok(start >= 0, 'the server\'s close frame is in the trace');
    return events.slice(start).sort((a, b) => a.time - b.time).map((event) => `${event.from === 'client' ? 'client' : 'server'}:${event.kind === 'ws.frame' ? 'close' : event.kind.split('.')[1]}`);
  }

  it('node\'s ws ends its socket once it has written its echo (ws source: the echo\'s write callback); the server still sends one alert and one FIN', () => {
    assert.deepEqual(afterServerClose('node'), ['server:close', 'client:close', 'client:alert', 'client:fin', 'server:alert', 'server:fin']);
  });

  it('Chromium echoes and waits for the server to close', () => {
    assert.deepEqual(afterServerClose('browser'), ['server:close', 'client:close', 'server:alert', 'server:fin', 'client:fin']);
  });
});
