import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { DelayRelay } from '../../../simulator/live/delayRelay';
import { Stopwatch } from '../../../simulator/live/stopwatch';

describe('DelayRelay', () => {
  it('delays each direction by the one-way delay, keeps order, records the chunks and closes everything', async () => {
    const stopwatch = new Stopwatch();
    const echoSockets: Socket[] = [];
    const echo = createServer((socket) => {
      echoSockets.push(socket);
      socket.on('data', (bytes) => socket.write(bytes));
      socket.on('end', () => socket.end());
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
    const relay = await DelayRelay.start((echo.address() as { port: number }).port, 15, stopwatch);
    assert.equal(relay.address.address, '127.0.0.1');
    const client = connect(relay.address.port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    const sentAt = stopwatch.now();
    const received: string[] = [];
    const echoed = new Promise<number>((resolve) => client.on('data', (bytes: Buffer) => {
      received.push(bytes.toString());
      if (received.join('') === 'onetwo') resolve(stopwatch.now());
    }));
    client.write('one');
    client.write('two');
    const roundTrip = (await echoed) - sentAt;
    assert.ok(roundTrip >= 30, `round trip ${roundTrip.toFixed(1)} ms is at least twice the 15 ms delay`);
    const [connection] = relay.connections;
    const up = connection.chunks.filter((chunk) => chunk.direction === 'up');
    assert.equal(Buffer.concat(up.map((chunk) => chunk.bytes)).toString(), 'onetwo');
    for (const chunk of connection.chunks) assert.ok(chunk.arrivedAt - chunk.sentAt >= 15 - 0.05, 'no chunk goes through early');
    client.end();
    await new Promise((resolve) => client.once('close', resolve));
    await relay.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
    assert.equal(relay.openSockets, 0);
    assert.ok(echoSockets.every((socket) => socket.destroyed));
  });
});

describe('DelayRelay closes', () => {
  it('passes each FIN on one delay after its sender\'s, behind the data held before it, and closeSeen waits for both', { timeout: 5000 }, async () => {
    const stopwatch = new Stopwatch();
    // A server that answers its peer's end of stream with a last word, then its own FIN, as node:tls answers a close_notify.
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      socket.resume();
      socket.on('end', () => socket.end('bye'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const relay = await DelayRelay.start((server.address() as { port: number }).port, 15, stopwatch);
    const client = connect({ port: relay.address.port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise((resolve) => client.once('connect', resolve));
    let received = '';
    client.on('data', (bytes: Buffer) => { received += bytes.toString(); });
    const ended = new Promise<number>((resolve) => client.once('end', () => resolve(stopwatch.now())));
    const closedAt = stopwatch.now();
    client.end();
    assert.equal(await relay.closeSeen(stopwatch.now() + 2000), true);
    const endAt = await ended;
    // The client's FIN reached the server after 15 ms; the server's last word and FIN came back 15 ms later, in order.
    assert.equal(received, 'bye');
    assert.ok(endAt - closedAt >= 30 - 0.1, `the client read end of stream ${(endAt - closedAt).toFixed(1)} ms after closing, not before the round trip`);
    const { ends } = relay.connections[0];
    for (const direction of ['up', 'down'] as const) assert.ok(ends![direction]!.arrivedAt - ends![direction]!.sentAt >= 15 - 0.05, `${direction} FIN held for the delay`);
    client.destroy();
    await relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stops waiting at the deadline when a side never closes, saying the close is incomplete', async () => {
    const stopwatch = new Stopwatch();
    const accepted: Socket[] = [];
    const server = createServer({ allowHalfOpen: true }, (socket) => accepted.push(socket.resume())); // reads end of stream, never closes
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const relay = await DelayRelay.start((server.address() as { port: number }).port, 5, stopwatch);
    const client = connect({ port: relay.address.port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise((resolve) => client.once('connect', resolve));
    client.end();
    const start = stopwatch.now();
    assert.equal(await relay.closeSeen(start + 100), false);
    assert.ok(stopwatch.now() - start < 1000, 'bounded by the deadline');
    client.destroy();
    for (const socket of accepted) socket.destroy();
    await relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
