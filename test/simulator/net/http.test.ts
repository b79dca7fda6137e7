import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import { encodeChunked, REASON_PHRASES, serializeRequest, serializeResponse, type HeaderList } from '../../../simulator/net/http';
import { close, listen, parseRequestWithNode, parseResponseWithNode } from '../../helpers/nodeHttp';

/** No test here should take more than a fraction of a second; a missing framing header would hang instead. */
const TIMEOUT_MS = 5000;

function flatten(headers: HeaderList): string[] {
  return headers.flatMap(([name, value]) => [name, value]);
}

function bodyOf(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'utf8'));
}

const parseWithNodeServer = (writes: readonly Uint8Array[]) => parseRequestWithNode(writes);
const parseWithNodeClient = (bytes: Uint8Array, method = 'GET') => parseResponseWithNode(bytes, { method });

/** The bytes Node's own HTTP client writes for `options`, up to the end of the head. */
async function captureNodeRequestHead(options: http.RequestOptions): Promise<Buffer> {
  const sockets = new Set<net.Socket>();
  let onHead: (head: Buffer) => void = () => {};
  let onError: (error: Error) => void = () => {};
  const captured = new Promise<Buffer>((resolve, reject) => {
    onHead = resolve;
    onError = reject;
  });
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', onError);
    let head = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.includes('\r\n\r\n')) onHead(head);
    });
  });
  const port = await listen(server);
  const request = http.request({ ...options, host: '127.0.0.1', port });
  request.on('error', onError);
  try {
    request.end();
    return await captured;
  } finally {
    request.destroy();
    for (const socket of sockets) socket.destroy();
    await close(server);
  }
}

describe('HTTP/1.1 requests', { timeout: TIMEOUT_MS }, () => {
  it('is parsed by Node\'s HTTP server as a GET without a body', async () => {
    const headers: HeaderList = [['Host', 'shop.example.com'], ['Accept', 'application/json'], ['Connection', 'keep-alive']];
    const received = await parseWithNodeServer([serializeRequest({ method: 'GET', target: '/products/123?view=full', headers })]);
    assert.equal(received.method, 'GET');
    assert.equal(received.url, '/products/123?view=full');
    // No body means no framing header at all (RFC 9112 §6.3: a request without one has no body).
    assert.deepEqual(received.rawHeaders, flatten(headers));
    assert.equal(received.body.length, 0);
  });

  it('is parsed by Node\'s HTTP server as a POST with a Content-Length body', async () => {
    const headers: HeaderList = [['Host', 'shop.example.com'], ['Content-Type', 'application/json']];
    const body = bodyOf('{"productId":"123","quantity":2,"note":"gift wrap, ünïcödé"}');
    const received = await parseWithNodeServer([serializeRequest({ method: 'POST', target: '/orders', headers, body })]);
    assert.equal(received.method, 'POST');
    assert.equal(received.url, '/orders');
    assert.deepEqual(received.rawHeaders, [...flatten(headers), 'Content-Length', String(body.length)]);
    assert.deepEqual(received.body, Buffer.from(body));
  });

  it('is parsed by Node\'s HTTP server as a POST with a chunked body of several chunks', async () => {
    const headers: HeaderList = [['Host', 'shop.example.com'], ['Content-Type', 'application/json']];
    const body = bodyOf(JSON.stringify({ items: Array.from({ length: 40 }, (_, index) => ({ sku: `sku-${index}`, quantity: index % 3 })) }));
    const bytes = serializeRequest({ method: 'POST', target: '/orders', headers, body, framing: 'chunked', chunkSize: 100 });
    // Several chunks really are on the wire: one chunk-size line per 100 bytes, then the last chunk.
    const sizeLines = Buffer.from(bytes).toString('latin1').split('\r\n').filter((line) => /^[0-9a-f]+$/.test(line));
    assert.equal(sizeLines.length, Math.ceil(body.length / 100) + 1);
    assert.ok(sizeLines.length > 3);
    const received = await parseWithNodeServer([bytes]);
    assert.equal(received.method, 'POST');
    assert.deepEqual(received.rawHeaders, [...flatten(headers), 'Transfer-Encoding', 'chunked']);
    assert.deepEqual(received.body, Buffer.from(body));
  });

  it('is parsed by Node\'s HTTP server when the chunked bytes arrive one write at a time', async () => {
    const headers: HeaderList = [['Host', 'shop.example.com']];
    const body = bodyOf('order o-1001: 2 x trail running shoe');
    const bytes = serializeRequest({ method: 'PUT', target: '/orders/o-1001', headers, body, framing: 'chunked', chunkSize: 7 });
    const writes = Array.from(bytes, (_, index) => bytes.subarray(index, index + 1));
    const received = await parseWithNodeServer(writes);
    assert.equal(received.method, 'PUT');
    assert.deepEqual(received.body, Buffer.from(body));
  });

  it('is parsed by Node\'s HTTP server with many headers, repeated names and their order kept', async () => {
    const headers: HeaderList = [
      ['Host', 'abc123.execute-api.us-east-1.amazonaws.com'],
      ...Array.from({ length: 100 }, (_, index) => [`X-Custom-${index}`, `value ${index}; q=0.${index % 10}`] as const),
      ['X-Forwarded-For', '203.0.113.7'],
      ['X-Forwarded-For', '198.51.100.23'],
      ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo'],
      ['Accept-Language', 'de-CH, fr;q=0.8, *;q=0.1'],
      ['X-Latin1', 'caf\xe9'],
    ];
    const received = await parseWithNodeServer([serializeRequest({ method: 'DELETE', target: '/orders/o-1001', headers })]);
    assert.equal(received.method, 'DELETE');
    assert.equal(received.url, '/orders/o-1001');
    assert.deepEqual(received.rawHeaders, flatten(headers));
  });

  it('equals byte for byte the head Node\'s own http.request writes for a GET with a Host header', async () => {
    const node = await captureNodeRequestHead({ path: '/products/123', headers: { Host: 'shop.example.com' } });
    // The simulator's Node client profile (NODE_DEFAULT_HEADERS in simulator/scenario/httpExchange.ts)
    // adds only `Connection: keep-alive`: Node 19+ uses a keep-alive global agent.
    const ours = serializeRequest({ method: 'GET', target: '/products/123', headers: [['Host', 'shop.example.com'], ['Connection', 'keep-alive']] });
    assert.equal(Buffer.from(ours).toString('latin1'), node.toString('latin1'));
  });
});

describe('HTTP/1.1 responses', { timeout: TIMEOUT_MS }, () => {
  it('is parsed by Node\'s HTTP client as a 200 with a Content-Length body', async () => {
    const headers: HeaderList = [['Date', 'Tue, 03 Jun 2025 10:00:00 GMT'], ['Content-Type', 'application/json'], ['x-amzn-RequestId', 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef']];
    const body = bodyOf('{"id":"123","name":"Trail running shoe","price":129.95}');
    const response = await parseWithNodeClient(serializeResponse({ status: 200, headers, body }));
    assert.equal(response.statusCode, 200);
    assert.equal(response.statusMessage, 'OK');
    assert.deepEqual(response.rawHeaders, [...flatten(headers), 'Content-Length', String(body.length)]);
    assert.deepEqual(response.body, Buffer.from(body));
  });

  it('is parsed by Node\'s HTTP client as a 200 with a chunked body of several chunks', async () => {
    const headers: HeaderList = [['Content-Type', 'text/plain'], ['Connection', 'keep-alive']];
    const body = Uint8Array.from({ length: 10000 }, (_, index) => 0x61 + (index % 26));
    const response = await parseWithNodeClient(serializeResponse({ status: 200, headers, body, framing: 'chunked', chunkSize: 4096 }));
    assert.equal(response.statusCode, 200);
    assert.equal(response.statusMessage, 'OK');
    assert.deepEqual(response.rawHeaders, [...flatten(headers), 'Transfer-Encoding', 'chunked']);
    assert.deepEqual(response.body, Buffer.from(body));
  });

  it('is parsed by Node\'s HTTP client as a 204 without a body', async () => {
    const headers: HeaderList = [['Date', 'Tue, 03 Jun 2025 10:00:00 GMT'], ['Connection', 'keep-alive']];
    const response = await parseWithNodeClient(serializeResponse({ status: 204, headers }));
    assert.equal(response.statusCode, 204);
    assert.equal(response.statusMessage, 'No Content');
    assert.deepEqual(response.rawHeaders, flatten(headers));
    assert.equal(response.body.length, 0);
  });

  it('is parsed by Node\'s HTTP client as a 201 Created with a Location header', async () => {
    const headers: HeaderList = [['Location', '/orders/o-1001'], ['Content-Type', 'application/json']];
    const body = bodyOf('{"orderId":"o-1001"}');
    const response = await parseWithNodeClient(serializeResponse({ status: 201, headers, body }));
    assert.equal(response.statusCode, 201);
    assert.equal(response.statusMessage, 'Created');
    assert.deepEqual(response.rawHeaders, [...flatten(headers), 'Content-Length', String(body.length)]);
    assert.deepEqual(response.body, Buffer.from(body));
  });

  it('uses the reason phrases of Node\'s http.STATUS_CODES, except RFC 9110\'s new name for 413', () => {
    for (const [status, reason] of Object.entries(REASON_PHRASES)) {
      // RFC 9110 §15.5.14 renamed 413 "Payload Too Large" to "Content Too Large"; Node 20 keeps the old name.
      if (status === '413') assert.equal(reason, 'Content Too Large');
      else assert.equal(reason, http.STATUS_CODES[status], `status ${status}`);
    }
  });
});

describe('HTTP/1.1 chunked coding', () => {
  it('ends an empty body with the last chunk only', () => {
    assert.equal(Buffer.from(encodeChunked(new Uint8Array(0), 16)).toString('latin1'), '0\r\n\r\n');
  });

  it('refuses a chunk size below 1, naming the parameter', () => {
    assert.throws(() => encodeChunked(new Uint8Array(1), 0), (error: ParameterError) => error instanceof ParameterError && error.parameter === 'chunkSize');
  });
});

describe('HTTP/1.1 invalid input', () => {
  const host: HeaderList = [['Host', 'shop.example.com']];

  it('refuses a header value containing CRLF (header injection), naming the header', () => {
    assert.throws(
      () => serializeRequest({ method: 'GET', target: '/', headers: [...host, ['X-Note', 'ok\r\nX-Injected: 1']] }),
      (error: ParameterError) => error instanceof ParameterError && error.parameter === 'headers.X-Note',
    );
  });

  it('refuses a header name with a space', () => {
    assert.throws(
      () => serializeRequest({ method: 'GET', target: '/', headers: [...host, ['X Note', 'ok']] }),
      (error: ParameterError) => error instanceof ParameterError && error.parameter === 'headers',
    );
  });

  it('refuses a Content-Length or Transfer-Encoding header given by the caller', () => {
    for (const name of ['Content-Length', 'content-length', 'Transfer-Encoding']) {
      assert.throws(
        () => serializeRequest({ method: 'POST', target: '/orders', headers: [...host, [name, '2']], body: bodyOf('{}') }),
        (error: ParameterError) => error instanceof ParameterError && error.parameter === 'headers' && error.value === name,
      );
    }
  });

  it('refuses a method with a space', () => {
    assert.throws(
      () => serializeRequest({ method: 'GET /admin', target: '/', headers: host }),
      (error: ParameterError) => error instanceof ParameterError && error.parameter === 'method',
    );
  });

  it('answers a HEAD request with the framing headers and no body, as Node\'s HTTP client expects', async () => {
    const headers: HeaderList = [['Content-Type', 'application/json']];
    const bytes = serializeResponse({ status: 200, headers, body: bodyOf('{"id":"123"}'), toHead: true });
    const response = await parseWithNodeClient(bytes, 'HEAD');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.rawHeaders, [...flatten(headers), 'Content-Length', '12']);
    assert.equal(response.body.length, 0);
    assert.ok(Buffer.from(bytes).toString('latin1').endsWith('\r\n\r\n'));
  });

  it('refuses a reason phrase with CRLF (response splitting), naming the parameter', () => {
    assert.throws(
      () => serializeResponse({ status: 200, reason: 'OK\r\nSet-Cookie: session=evil', headers: [] }),
      (error: ParameterError) => error instanceof ParameterError && error.parameter === 'reason',
    );
  });

  it('refuses a status of 99', () => {
    assert.throws(
      () => serializeResponse({ status: 99, headers: [] }),
      (error: ParameterError) => error instanceof ParameterError && error.parameter === 'status' && error.value === 99,
    );
  });

  it('refuses a body on a 204', () => {
    assert.throws(
      () => serializeResponse({ status: 204, headers: [], body: bodyOf('{}') }),
      (error: ParameterError) => error instanceof ParameterError && error.parameter === 'body',
    );
  });
});
