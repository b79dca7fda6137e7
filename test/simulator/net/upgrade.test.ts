import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { Random } from '../../../simulator/engine/random';
import { ParameterError } from '../../../simulator/errors';
import { serializeRequest, serializeResponse } from '../../../simulator/net/http';
import { generateWebSocketKey, upgradeRequest, upgradeResponse, webSocketAccept } from '../../../simulator/net/upgrade';
import { encodeFrame } from '../../../simulator/net/websocket';

function readUntilHeadersEnd(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.off('data', onData);
        resolve(buffered.subarray(0, end + 4));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

describe('the WebSocket opening handshake', () => {
  it('computes the RFC 6455 §1.3 example accept value', () => {
    assert.equal(webSocketAccept('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('is accepted by a real ws server, whose Sec-WebSocket-Accept equals ours, and the socket then carries frames', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const messages: string[] = [];
    server.on('connection', (socket) => socket.on('message', (data) => messages.push(data.toString())));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    try {
      await once(socket, 'connect');
      const key = generateWebSocketKey(new Random(3));
      const request = upgradeRequest({ host: 'ws.shop.example.com', target: '/production?orderId=o-1001', key, extensions: 'permessage-deflate; client_max_window_bits' });
      socket.write(serializeRequest(request));
      const head = (await readUntilHeadersEnd(socket)).toString('latin1');
      assert.match(head, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
      const accept = /\r\nSec-WebSocket-Accept: ([^\r]+)\r\n/i.exec(head)?.[1];
      assert.equal(accept, webSocketAccept(key));
      socket.write(encodeFrame(Buffer.from('{"action":"subscribe"}'), { opcode: 'text', mask: new Random(4).bytes(4) }));
      for (let i = 0; i < 50 && messages.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(messages, ['{"action":"subscribe"}']);
    } finally {
      socket.destroy();
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('emits the same upgrade request bytes as the ws client, given its key', async () => {
    const capture = createServer();
    capture.listen(0, '127.0.0.1');
    await once(capture, 'listening');
    const port = (capture.address() as AddressInfo).port;
    const received = new Promise<Buffer>((resolve) => capture.once('connection', (socket) => {
      void readUntilHeadersEnd(socket).then((head) => {
        resolve(head);
        socket.destroy();
      });
    }));
    const client = new WebSocket(`ws://127.0.0.1:${port}/production`);
    client.on('error', () => {});
    try {
      const real = await received;
      const key = /\r\nSec-WebSocket-Key: ([^\r]+)\r\n/.exec(real.toString('latin1'))![1];
      const ours = serializeRequest(upgradeRequest({ host: `127.0.0.1:${port}`, target: '/production', key, extensions: 'permessage-deflate; client_max_window_bits' }));
      assert.equal(Buffer.from(ours).toString('latin1'), real.toString('latin1'));
    } finally {
      client.terminate();
      await new Promise((resolve) => capture.close(resolve));
    }
  });

  it('sends a 101 response that the ws client accepts, then reads our frames', async () => {
    const server = createServer((socket) => {
      void readUntilHeadersEnd(socket).then((head) => {
        const key = /\r\nSec-WebSocket-Key: ([^\r]+)\r\n/.exec(head.toString('latin1'))![1];
        socket.write(serializeResponse(upgradeResponse(key)));
        socket.write(encodeFrame(Buffer.from('{"status":"shipped"}'), { opcode: 'text' }));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, { perMessageDeflate: false });
    try {
      const [data] = await once(client, 'message');
      assert.equal(String(data), '{"status":"shipped"}');
    } finally {
      client.terminate();
      server.close();
    }
  });

  it('draws the same key from the same seed and rejects a key that is not 16 bytes', () => {
    assert.equal(generateWebSocketKey(new Random(9)), generateWebSocketKey(new Random(9)));
    assert.notEqual(generateWebSocketKey(new Random(9)), generateWebSocketKey(new Random(10)));
    assert.throws(() => upgradeRequest({ host: 'h', target: '/', key: 'c2hvcnQ=' }), (error: ParameterError) => error.parameter === 'key');
  });
});
