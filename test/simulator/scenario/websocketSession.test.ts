import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';
import type { Trace } from '../../../simulator/trace/trace';
import { receiveWithWs } from '../../helpers/wsInternals';

function wsBytes(trace: Trace, from: string): Uint8Array[] {
  return trace.events.filter((event) => event.layer === 'ws' && event.from === from).map((event) => Buffer.from(event.payload!));
}

describe('a simulated WebSocket session', () => {
  const trace = simulateWebSocketSession({
    url: 'wss://ws.shop.example.com/production',
    frameSize: 32 * 1024,
    messages: [
      { from: 'client', data: '{"action":"subscribe","orderId":"o-1001"}' },
      { from: 'server', afterMs: 100, data: '{"status":"packed"}' },
      { from: 'server', afterMs: 100, data: 100_000 },
      { from: 'client', afterMs: 100, kind: 'ping', data: 'hb' },
    ],
    close: { from: 'client', code: 1000, reason: 'bye' },
  });

  it('carries client frames that ws, as a server, reads as the messages sent, then the close', async () => {
    const received = await receiveWithWs(wsBytes(trace, 'client').filter((frame) => (frame[0] & 0x0f) !== 0x0a), { isServer: true });
    assert.deepEqual(received.map((item) => item.kind), ['message', 'ping', 'close']);
    assert.equal(received[0].data!.toString(), '{"action":"subscribe","orderId":"o-1001"}');
    assert.equal(received[2].code, 1000);
    assert.equal(received[2].reason, 'bye');
  });

  it('carries server frames that ws, as a client, reads: a push, a 100 KB message in 32 KB frames, a pong and the close echo', async () => {
    const frames = wsBytes(trace, 'server');
    const received = await receiveWithWs(frames, { isServer: false });
    assert.deepEqual(received.map((item) => item.kind), ['message', 'message', 'pong', 'close']);
    assert.equal(received[0].data!.toString(), '{"status":"packed"}');
    assert.equal(received[1].data!.length, 100_000);
    assert.equal(received[3].code, 1000);
    assert.equal(trace.events.filter((event) => event.name.startsWith('continuation frame')).length, 3, '100,000 bytes = 4 frames of at most 32,768');
  });

  it('starts the close handshake only after the last message has arrived', () => {
    const lastMessage = trace.events.filter((event) => event.layer === 'ws' && !event.name.startsWith('close')).reduce((latest, event) => Math.max(latest, event.arrival), 0);
    const close = trace.events.find((event) => event.name.startsWith('close frame'))!;
    assert.ok(close.time >= lastMessage, `close sent at ${close.time}, last message arrived at ${lastMessage}`);
  });

  it('lets the server close TCP first after the close frames (RFC 6455 §7.1.1)', () => {
    const fins = trace.events.filter((event) => event.name === 'FIN, ACK');
    assert.equal(fins[0].from, 'server');
    assert.equal(fins[1].from, 'client');
  });

  it('refuses a message with an unknown sender, naming it', () => {
    assert.throws(() => simulateWebSocketSession({ url: 'wss://x.example/', messages: [{ from: 'backend' as never, data: 'x' }] }), /messages\[0\]\.from/);
  });
});
