import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { http2Exchange, openHttp2Connection, type Http2Frame, type Http2RequestMessage } from '../../../../simulator/net/http2/exchange';
import { HpackEncoder, nghttp2Indexing } from '../../../../simulator/net/http2/hpack/encoder';
import { HTTP2_CLIENT_PROFILES, HTTP2_GATEWAY_PROFILE, type Http2EndpointProfile } from '../../../../simulator/net/http2/profiles';
import { defaultRequestHeaders } from '../../../../simulator/scenario/httpExchange';
import { captureHttp2Client, feedNodeHttp2Server, requestWithNodeHttp2, type RawFrame } from '../../../helpers/nodeHttp2';

/*
 * Our HPACK encoding and connection opening for the node and curl profiles, byte for byte
 * against what nghttp2 itself writes: node:http2's client and curl (both on nghttp2) talk to a
 * raw socket on 127.0.0.1 and their frames are captured. The raw server's answers are written
 * out by hand here: a HEADERS frame with `88` (:status 200), END_STREAM and END_HEADERS.
 */

/** SETTINGS with MAX_CONCURRENT_STREAMS 128, as API Gateway sends (RFC 9113 §6.5, written by hand). */
const GATEWAY_SETTINGS = Buffer.from('000006' + '04' + '00' + '00000000' + '0003' + '00000080', 'hex');
/** The same with SETTINGS_HEADER_TABLE_SIZE 65536 first, as Chromium announces. */
const LARGE_TABLE_SETTINGS = Buffer.from('00000c' + '04' + '00' + '00000000' + '0001' + '00010000' + '0003' + '00000080', 'hex');

function status200(streamId: number): Buffer {
  const frame = Buffer.from('000001' + '01' + '05' + '00000000' + '88', 'hex');
  frame.writeUInt32BE(streamId, 5);
  return frame;
}

function hexOf(frames: readonly (RawFrame | Http2Frame)[]): string[] {
  return frames.map((frame) => Buffer.from(frame.bytes).toString('hex'));
}

const TYPE_CODES: Record<string, number> = { SETTINGS: 0x4, WINDOW_UPDATE: 0x8, HEADERS: 0x1 };

/** Their frames and ours of one kind, in order; SETTINGS ACKs are left out (their place depends on timing). */
function sameKind(theirs: RawFrame[], ours: Http2Frame[], type: keyof typeof TYPE_CODES): [string[], string[]] {
  return [
    hexOf(theirs.filter((frame) => frame.type === TYPE_CODES[type] && !(type === 'SETTINGS' && frame.flags & 0x1))),
    hexOf(ours.filter((frame) => frame.from === 'client' && frame.type === type && frame.label !== 'SETTINGS ACK')),
  ];
}

const NODE_REQUESTS = [
  { ':method': 'GET', ':path': '/products/123', accept: 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', cookie: 'session=abc' },
  { ':method': 'GET', ':path': '/products/123', accept: 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', cookie: 'session=abc' },
  { ':method': 'GET', ':path': '/products/456', accept: 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', cookie: 'session=abc; theme=dark; consent=yes' },
  // A field above 3/4 of the table goes without indexing (nghttp2); 40 fields of about 130 bytes each overflow the
  // 4096-byte table, so the oldest entries are evicted (RFC 7541 §4.4).
  { ':method': 'GET', ':path': '/bulk', 'x-huge': 'h'.repeat(3100), ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-field-${i}`, `${i}-${'v'.repeat(90)}`])) },
  { ':method': 'GET', ':path': '/products/123', accept: 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', cookie: 'session=abc' },
];

function modelRequests(authority: string): Http2RequestMessage[] {
  return NODE_REQUESTS.map(({ ':method': method, ':path': path, ...headers }) => ({ method, path, scheme: 'http', authority, headers: Object.entries(headers) }));
}

function ourClientFrames(profile: Http2EndpointProfile, requests: Http2RequestMessage[]): Http2Frame[] {
  const connection = openHttp2Connection(profile, HTTP2_GATEWAY_PROFILE);
  return requests.flatMap((request) => http2Exchange(connection, request, { status: 200, headers: [] }));
}

function curlHasHttp2(): boolean {
  try {
    return /\bHTTP2\b/.test(execFileSync('curl', ['--version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

describe('HPACK and connection openings against nghttp2', () => {
  it('writes the node profile\'s SETTINGS and five HEADERS (one that evicts) on one connection byte for byte as node:http2 does', async () => {
    const capture = await captureHttp2Client((port) => requestWithNodeHttp2(port, NODE_REQUESTS), status200, GATEWAY_SETTINGS);
    assert.deepEqual(capture.result.errors, []);
    const port = capture.result.port;
    const ours = ourClientFrames(HTTP2_CLIENT_PROFILES.node, modelRequests(`127.0.0.1:${port}`));
    for (const type of ['SETTINGS', 'WINDOW_UPDATE', 'HEADERS'] as const) {
      const [theirs, mine] = sameKind(capture.frames, ours, type);
      assert.deepEqual(mine, theirs, type);
    }
    const headers = capture.frames.filter((frame) => frame.type === 0x1);
    assert.equal(headers.length, 5);
    // Repeated fields become one-byte references; :path and the never-indexed authorization and short cookie stay literal.
    assert.ok(headers[1].payload.length < headers[0].payload.length, `${headers[1].payload.length} < ${headers[0].payload.length}`);
  });

  it('fails against the capture when the model is changed: indexing :path, or indexing authorization', async () => {
    const capture = await captureHttp2Client((port) => requestWithNodeHttp2(port, NODE_REQUESTS), status200, GATEWAY_SETTINGS);
    const theirs = capture.frames.filter((frame) => frame.type === 0x1).map((frame) => frame.payload.toString('hex'));
    const lists = modelRequests(`127.0.0.1:${capture.result.port}`).map((request) => [
      [':method', request.method], [':path', request.path], [':authority', request.authority], [':scheme', request.scheme], ...request.headers,
    ] as [string, string][]);
    for (const wrong of [
      (name: string) => (name === ':path' ? 'incremental' as const : undefined),
      (name: string) => (name === 'authorization' ? 'incremental' as const : undefined),
    ]) {
      const changed = new HpackEncoder({ style: 'nghttp2', indexing: (name, value, limit) => wrong(name) ?? nghttp2Indexing(name, value, limit) });
      const blocks = lists.map((list) => Buffer.from(changed.encode(list)).toString('hex'));
      assert.notDeepEqual(blocks, theirs);
    }
    // And unchanged, the same encoder matches.
    const encoder = new HpackEncoder({ style: 'nghttp2' });
    assert.deepEqual(lists.map((list) => Buffer.from(encoder.encode(list)).toString('hex')), theirs);
  });

  it('opens its next header block with a table size update after the peer\'s SETTINGS_HEADER_TABLE_SIZE, as nghttp2 does and Chromium would not', async () => {
    const capture = await captureHttp2Client(
      (port) => requestWithNodeHttp2(port, NODE_REQUESTS.slice(0, 1), { beforeFirst: async (session) => { await once(session, 'remoteSettings'); } }),
      status200, LARGE_TABLE_SETTINGS,
    );
    const theirs = capture.frames.find((frame) => frame.type === 0x1)!.payload.toString('hex');
    const list = [[':method', 'GET'], [':path', '/products/123'], [':authority', `127.0.0.1:${capture.result.port}`], [':scheme', 'http'], ...Object.entries(NODE_REQUESTS[0]).slice(2)] as [string, string][];
    const nghttp2 = new HpackEncoder({ style: 'nghttp2' });
    nghttp2.applyPeerTableSize(65_536);
    assert.equal(Buffer.from(nghttp2.encode(list)).toString('hex'), theirs);
    assert.ok(theirs.startsWith('3fe11f'), 'size update to 4096: min(65536, nghttp2\'s own 4096)');
    const chromium = new HpackEncoder({ style: 'chromium' });
    chromium.applyPeerTableSize(65_536);
    assert.notEqual(Buffer.from(chromium.encode(list)).toString('hex'), theirs);
  });

  it('encodes API Gateway\'s response headers on one connection byte for byte as node:http2\'s server (nghttp2) does', async () => {
    // Three responses as the gateway sends them: a request id and a date that change, the rest repeated.
    const responses = [0, 1, 2].map((index): [string, string][] => [
      [':status', index === 1 ? '201' : '200'], ['date', `Mon, 07 Dec 2026 06:00:0${index} GMT`], ['content-type', 'application/json'], ['content-length', String(20 + index)],
      ['x-amzn-requestid', `c0ffee0${index}-1111-2222-3333-444455556666`], ['x-amz-apigw-id', `AbCdEfGhIjKlMn${index}=`], ['x-amzn-trace-id', `Root=1-6575a6b0-0000000000000000000000${index}0`],
    ]);
    const block = new HpackEncoder({ style: 'nghttp2' });
    const requestFrames = [0, 1, 2].map((index) => {
      const headers = Buffer.from(block.encode([[':method', 'GET'], [':path', `/r${index}`], [':scheme', 'https'], [':authority', 'api.example.com']]));
      const frame = Buffer.concat([Buffer.from('000000' + '01' + '05' + '00000000', 'hex'), headers]);
      frame.writeUIntBE(headers.length, 0, 3);
      frame.writeUInt32BE(1 + 2 * index, 5);
      return frame;
    });
    const view = await feedNodeHttp2Server(
      [Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), Buffer.from('000000040000000000', 'hex'), ...requestFrames],
      (seen) => seen.replies.filter((frame) => frame.type === 0x1).length >= 3,
      { respond: (index) => ({ headers: Object.fromEntries(responses[index]), body: 'x'.repeat(20 + index) }) },
    );
    const theirs = view.replies.filter((frame) => frame.type === 0x1).map((frame) => frame.payload.toString('hex'));
    const gateway = new HpackEncoder({ style: HTTP2_GATEWAY_PROFILE.hpack });
    assert.deepEqual(responses.map((list) => Buffer.from(gateway.encode(list)).toString('hex')), theirs);
  });

  it('writes the curl profile\'s SETTINGS, WINDOW_UPDATE and HEADERS byte for byte as curl (nghttp2) does', { skip: curlHasHttp2() ? false : 'curl without HTTP2' }, async () => {
    const capture = await captureHttp2Client(async (port) => {
      await new Promise<void>((resolve) => execFile('curl', ['-s', '-o', '/dev/null', '-m', '3', '--http2-prior-knowledge', `http://127.0.0.1:${port}/products/123`], () => resolve()));
      return { port };
    }, status200, GATEWAY_SETTINGS);
    const version = /curl (\S+)/.exec(execFileSync('curl', ['--version'], { encoding: 'utf8' }))?.[1];
    const headers = defaultRequestHeaders('curl').map(([name, value]): [string, string] => [name, name === 'User-Agent' ? `curl/${version}` : value]);
    const ours = ourClientFrames(HTTP2_CLIENT_PROFILES.curl, [{ method: 'GET', scheme: 'http', authority: `127.0.0.1:${capture.result.port}`, path: '/products/123', headers }]);
    if (version === '7.88.1') {
      for (const type of ['SETTINGS', 'WINDOW_UPDATE'] as const) {
        const [theirs, mine] = sameKind(capture.frames, ours, type);
        assert.deepEqual(mine, theirs, type);
      }
    }
    const [theirs, mine] = sameKind(capture.frames, ours, 'HEADERS');
    assert.deepEqual(mine, theirs, 'HEADERS');
    // Changed model: curl's pseudo-header order swapped for Chromium's gives other bytes.
    const reordered = ourClientFrames({ ...HTTP2_CLIENT_PROFILES.curl, pseudoHeaderOrder: [':method', ':authority', ':scheme', ':path'] }, [{ method: 'GET', scheme: 'http', authority: `127.0.0.1:${capture.result.port}`, path: '/products/123', headers }]);
    assert.notDeepEqual(sameKind(capture.frames, reordered, 'HEADERS')[1], theirs);
  });
});
