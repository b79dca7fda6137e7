import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HpackEncoder } from '../../../../simulator/net/http2/hpack/encoder';
import { http2Exchange, openHttp2Connection, requestHeaderList, responseHeaderList, type Http2Frame, type Http2RequestMessage, type Http2ResponseMessage } from '../../../../simulator/net/http2/exchange';
import {
  CONNECTION_PREFACE, encodeData, encodeGoaway, encodeHeaders, encodePing, encodePriority, encodeRstStream, encodeSettings, encodeWindowUpdate,
} from '../../../../simulator/net/http2/frames';
import { HTTP2_CLIENT_PROFILES, type Http2ClientProfileName } from '../../../../simulator/net/http2/profiles';
import { defaultRequestHeaders } from '../../../../simulator/scenario/httpExchange';
import { captureHttp2Client, feedNodeHttp2Server, requestWithNodeHttp2 } from '../../../helpers/nodeHttp2';

/*
 * node:http2 (nghttp2) is the peer: the bytes our codec writes as a client go to a real http2
 * server, and the bytes it writes as API Gateway go to a real http2 client. What nghttp2 decodes
 * is compared with what we meant to send.
 */

const PING_OPAQUE = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

function bytesFrom(frames: Http2Frame[], from: 'client' | 'server'): Uint8Array[] {
  return frames.filter((frame) => frame.from === from).map((frame) => frame.bytes);
}

function asRecord(fields: readonly (readonly [string, string])[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of fields) record[name] = name in record ? `${record[name]}${name === 'cookie' ? '; ' : ', '}${value}` : value;
  return record;
}

function requests(authority: string, profile: Http2ClientProfileName): Http2RequestMessage[] {
  const headers = [...defaultRequestHeaders(profile), ['Cookie', 'session=abc123; theme=dark'] as const, ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'] as const];
  return [
    { method: 'GET', scheme: 'https', authority, path: '/products/123', headers },
    { method: 'POST', scheme: 'https', authority, path: '/orders', headers: [...headers, ['Content-Type', 'application/json']], body: Buffer.from('{"productId":"123","quantity":2}') },
    { method: 'GET', scheme: 'https', authority, path: '/products/123?view=full', headers },
  ];
}

const RESPONSE: Http2ResponseMessage = {
  status: 200,
  headers: [['Date', 'Mon, 07 Dec 2026 06:00:00 GMT'], ['Content-Type', 'application/json'], ['x-amzn-RequestId', 'c0ffee00-1111-2222-3333-444455556666'], ['x-amz-apigw-id', 'AbCdEfGhIjKlMnO=']],
  body: Buffer.from('{"id":"123","name":"Trail running shoe","price":129.95}'),
};

describe('HTTP/2 frames read by node:http2 (nghttp2)', () => {
  for (const profile of ['browser', 'curl', 'node'] as const) {
    it(`node's server reads three requests of the ${profile} profile on one connection, headers and bodies equal`, async () => {
      const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES[profile]);
      const sent = requests('api.example.com', profile);
      const frames = sent.flatMap((request) => http2Exchange(connection, request, RESPONSE));
      const view = await feedNodeHttp2Server(bytesFrom(frames, 'client'), (seen) => seen.requests.filter((request) => request.ended).length >= 3);
      assert.deepEqual(view.errors, []);
      assert.equal(view.requests.length, 3);
      view.requests.forEach((received, i) => {
        assert.deepEqual(asRecord(received.headers), asRecord(requestHeaderList(sent[i], HTTP2_CLIENT_PROFILES[profile])));
        assert.equal(received.body.toString(), Buffer.from(sent[i].body ?? new Uint8Array(0)).toString());
      });
      // nghttp2 acknowledged our SETTINGS and sent no GOAWAY.
      assert.ok(view.replies.some((frame) => frame.type === 0x4 && frame.flags === 0x1));
      assert.ok(!view.replies.some((frame) => frame.type === 0x7));
    });
  }

  it('node\'s server reads PRIORITY, PING, WINDOW_UPDATE, a header block continued in CONTINUATION frames and padded DATA', async () => {
    const big = 'x'.repeat(20_000);
    const block = new HpackEncoder({ style: 'nghttp2' }).encode([[':method', 'POST'], [':path', '/upload'], [':scheme', 'https'], [':authority', 'api.example.com'], ['x-big', big]]);
    const headers = encodeHeaders(1, block, { maxFrameSize: 16_384 });
    assert.equal(headers.length, 2, 'a 20 KB block takes HEADERS and one CONTINUATION at 16 KB frames');
    const view = await feedNodeHttp2Server([
      CONNECTION_PREFACE, encodeSettings([]), encodeWindowUpdate(0, 1_000_000), encodePriority(3, { exclusive: true, dependsOn: 0, weight: 220 }),
      encodePing(PING_OPAQUE), ...headers, encodeWindowUpdate(1, 1000), encodeData(1, Buffer.from('padded body'), { endStream: true, padLength: 17 }),
    ], (seen) => seen.requests.some((request) => request.ended));
    assert.deepEqual(view.errors, []);
    assert.equal(asRecord(view.requests[0].headers)['x-big'], big);
    assert.equal(view.requests[0].body.toString(), 'padded body');
    const pingAck = view.replies.find((frame) => frame.type === 0x6 && frame.flags === 0x1);
    assert.deepEqual(pingAck && [...pingAck.payload], [...PING_OPAQUE]);
  });

  it('node\'s server reports our RST_STREAM code on the stream and our GOAWAY on the session', async () => {
    const block = new HpackEncoder({ style: 'nghttp2' }).encode([[':method', 'POST'], [':path', '/slow'], [':scheme', 'https'], [':authority', 'api.example.com']]);
    const view = await feedNodeHttp2Server([
      CONNECTION_PREFACE, encodeSettings([]), ...encodeHeaders(1, block), encodeRstStream(1, 'CANCEL'),
      // A client's GOAWAY names the last stream the *server* opened (RFC 9113 §6.8): none, so 0. nghttp2 rejects an odd one.
      encodeGoaway(0, 'NO_ERROR', Buffer.from('bye')),
    ], (seen) => seen.goaways.length > 0 && seen.requests.length > 0 && seen.requests[0].rstCode !== 0);
    assert.deepEqual(view.errors, []);
    assert.equal(view.requests[0].rstCode, 8, 'CANCEL is 0x8 (RFC 9113 §7)');
    assert.deepEqual(view.goaways, [{ errorCode: 0, lastStreamId: 0, debugData: 'bye' }]);
  });

  it('the harness fails when the bytes are wrong: a HEADERS frame on stream 0 brings nghttp2\'s GOAWAY and no request', async () => {
    const block = new HpackEncoder({ style: 'nghttp2' }).encode([[':method', 'GET'], [':path', '/'], [':scheme', 'https'], [':authority', 'api.example.com']]);
    const broken = Uint8Array.from(encodeHeaders(1, block, { endStream: true })[0]);
    broken[8] = 0; // stream 1 -> stream 0
    const view = await feedNodeHttp2Server([CONNECTION_PREFACE, encodeSettings([]), broken], (seen) => seen.replies.length > 0, { timeoutMs: 500 });
    assert.equal(view.requests.length, 0);
    assert.ok(view.errors.includes('session: Protocol error'), 'nghttp2 reports a protocol error');
    assert.ok(view.replies.some((frame) => frame.type === 0x7), 'and node closes the connection with GOAWAY');
  });

  it('node\'s client reads API Gateway\'s SETTINGS, ACK, HEADERS and DATA for three requests, headers and bodies equal', async () => {
    const model = openHttp2Connection(HTTP2_CLIENT_PROFILES.node);
    const responses: Http2ResponseMessage[] = [RESPONSE, { ...RESPONSE, status: 201 }, { status: 204, headers: [['Date', 'Mon, 07 Dec 2026 06:00:01 GMT']] }];
    const capture = await captureHttp2Client(
      (port) => requestWithNodeHttp2(port, [{ ':method': 'GET', ':path': '/a' }, { ':method': 'GET', ':path': '/b' }, { ':method': 'GET', ':path': '/c' }]),
      (_streamId, index) => Buffer.concat(bytesFrom(http2Exchange(model, { method: 'GET', scheme: 'http', authority: 'x', path: '/', headers: [] }, responses[index]), 'server')),
    );
    assert.deepEqual(capture.result.errors, []);
    assert.equal(capture.result.responses.length, 3);
    capture.result.responses.forEach((received, i) => {
      assert.deepEqual(asRecord(received.headers), asRecord(responseHeaderList(responses[i], model.server.profile)));
      assert.equal(received.body.toString(), Buffer.from(responses[i].body ?? new Uint8Array(0)).toString());
    });
  });

  for (const profile of ['browser', 'curl', 'node'] as const) {
    it(`node's server takes a 200 KB upload of the ${profile} profile in 16 KB DATA frames, every byte arriving`, async () => {
      const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES[profile]);
      const body = Buffer.alloc(200 * 1024, 'b');
      const frames = http2Exchange(connection, { method: 'POST', scheme: 'https', authority: 'api.example.com', path: '/upload', headers: [], body }, RESPONSE);
      const view = await feedNodeHttp2Server(bytesFrom(frames, 'client'), (seen) => seen.requests.some((request) => request.ended));
      // Sent all at once. nghttp2 reopens its own windows as it reads (it counts a credit as given once it queues the
      // WINDOW_UPDATE), so a burst cannot overrun it here: this checks the DATA framing over many frames, not when credits arrive.
      assert.deepEqual(view.errors, []);
      assert.equal(view.requests[0]?.body.length, body.length);
      assert.ok(!view.replies.some((frame) => frame.type === 0x7), 'no GOAWAY');
      // Node's server credits the windows as its stream is read (its increments vary with read timing), never later than half a window.
      const credited = view.replies.filter((frame) => frame.type === 0x8 && frame.streamId === 0).reduce((sum, frame) => sum + frame.payload.readUInt32BE(0), 0);
      assert.ok(credited >= body.length - 65_535 / 2, `${credited} bytes credited on the connection`);
    });
  }

  it('node\'s client reads a 200 KB response cut into 16 KB DATA frames within the windows its WINDOW_UPDATEs open', async () => {
    const model = openHttp2Connection(HTTP2_CLIENT_PROFILES.node);
    const body = Buffer.alloc(200 * 1024, 'a');
    const frames = http2Exchange(model, { method: 'GET', scheme: 'http', authority: 'x', path: '/', headers: [] }, { status: 200, headers: [], body });
    const data = frames.filter((frame) => frame.type === 'DATA');
    assert.equal(data.length, Math.ceil(body.length / 16_384));
    const capture = await captureHttp2Client(
      (port) => requestWithNodeHttp2(port, [{ ':method': 'GET', ':path': '/' }]),
      () => Buffer.concat(bytesFrom(frames, 'server')),
    );
    assert.deepEqual(capture.result.errors, []);
    assert.equal(capture.result.responses[0]?.body.length, body.length);
  });
});
