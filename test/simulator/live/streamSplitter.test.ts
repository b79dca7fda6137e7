import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFrame, encodeMessage } from '../../../simulator/net/websocket';
import { frameNames, splitHttpMessages, splitTlsRecords, splitWebSocketFrames } from '../../../simulator/live/streamSplitter';

describe('splitTlsRecords', () => {
  it('splits records spanning chunks, timed from the chunk of their first byte to the chunk of their last', () => {
    const stream = Buffer.from('160301000401000000' + '14030300010117030300030a0b0c', 'hex');
    const chunks = [
      { sentAt: 0, arrivedAt: 10, bytes: stream.subarray(0, 7) },
      { sentAt: 1, arrivedAt: 11, bytes: stream.subarray(7, 12) },
      { sentAt: 2, arrivedAt: 12, bytes: stream.subarray(12) },
    ];
    assert.deepEqual(splitTlsRecords(chunks), [
      { contentType: 22, bytes: 9, sentAt: 0, arrivedAt: 11, handshakeType: 1 },
      { contentType: 20, bytes: 6, sentAt: 1, arrivedAt: 12 },
      { contentType: 23, bytes: 8, sentAt: 2, arrivedAt: 12 },
    ]);
  });

  it('drops a trailing partial record', () => {
    assert.deepEqual(splitTlsRecords([{ sentAt: 0, arrivedAt: 1, bytes: Buffer.from('1703030005aabb', 'hex') }]), []);
  });
});

describe('splitHttpMessages', () => {
  it('splits a kept-alive stream by Content-Length and chunked framing', () => {
    const first = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
    const second = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const { messages, rest } = splitHttpMessages(Buffer.from(first + second, 'latin1'));
    assert.deepEqual(messages.map((message) => [message.start, message.end]), [[0, first.length], [first.length, first.length + second.length]]);
    assert.equal(rest, first.length + second.length);
  });

  it('stops after a 101: the rest is WebSocket frames', () => {
    const head = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n';
    const frames = encodeMessage('text', Buffer.from('x'.repeat(70)), 32, () => undefined);
    const stream = Buffer.concat([Buffer.from(head, 'latin1'), ...frames, encodeFrame(Buffer.from([0x03, 0xe8]), { opcode: 'close' })]);
    const { messages, rest } = splitHttpMessages(stream);
    assert.equal(messages.length, 1);
    assert.equal(rest, head.length);
    const spans = splitWebSocketFrames(stream, rest);
    assert.deepEqual(frameNames(spans.map((span) => span.frame)), ['text frame 1/3', 'continuation frame 2/3', 'continuation frame 3/3', 'close frame (1000)']);
    assert.equal(spans.at(-1)!.end, stream.length);
  });
});
