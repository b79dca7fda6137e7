import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http2Exchange, openHttp2Connection, type Http2Frame } from '../../../../simulator/net/http2/exchange';
import { HTTP2_CLIENT_PROFILES } from '../../../../simulator/net/http2/profiles';

const RESPONSE = { status: 200, headers: [['Content-Type', 'application/json']] as [string, string][], body: Buffer.from('{"ok":true}') };

function request(path: string, headers: [string, string][] = []): { method: string; scheme: 'https'; authority: string; path: string; headers: [string, string][] } {
  return { method: 'GET', scheme: 'https', authority: 'api.example.com', path, headers };
}

function sequence(frames: Http2Frame[]): string[] {
  return frames.map((frame) => `${frame.from} ${frame.type} ${frame.streamId}`);
}

describe('HTTP/2 exchanges on one connection', () => {
  it('opens the connection once, then carries each request on the next odd stream (RFC 9113 §5.1.1)', () => {
    const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES.curl);
    const first = http2Exchange(connection, request('/a'), RESPONSE);
    const second = http2Exchange(connection, request('/b'), RESPONSE);
    assert.deepEqual(sequence(first), [
      'client PREFACE 0', 'client SETTINGS 0', 'client WINDOW_UPDATE 0', 'client HEADERS 1',
      'server SETTINGS 0', 'server SETTINGS 0', 'client SETTINGS 0', 'server HEADERS 1', 'server DATA 1',
    ]);
    assert.deepEqual(sequence(second), ['client HEADERS 3', 'server HEADERS 3', 'server DATA 3']);
  });

  it('is deterministic: two connections fed the same messages write the same bytes', () => {
    const run = (): string => {
      const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES.browser);
      return [request('/a', [['Cookie', 'a=1; b=2']]), request('/b', [['Cookie', 'a=1; b=3']])].flatMap((message) => http2Exchange(connection, message, RESPONSE)).map((frame) => Buffer.from(frame.bytes).toString('hex')).join('');
    };
    assert.equal(run(), run());
  });

  it('continues a header block larger than the peer\'s SETTINGS_MAX_FRAME_SIZE in CONTINUATION frames', () => {
    const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES.node);
    const frames = http2Exchange(connection, request('/a', [['x-big', 'y'.repeat(40_000)]]), RESPONSE);
    assert.deepEqual(frames.filter((frame) => frame.from === 'client' && frame.streamId === 1).map((frame) => frame.type), ['HEADERS', 'CONTINUATION', 'CONTINUATION']);
    assert.ok(frames.every((frame) => frame.bytes.length <= 9 + 16_384));
  });

  it('sends Chromium\'s priority fields in every HEADERS (flags END_STREAM, END_HEADERS and PRIORITY: 0x25)', () => {
    const connection = openHttp2Connection(HTTP2_CLIENT_PROFILES.browser);
    const headers = [...http2Exchange(connection, request('/a'), RESPONSE), ...http2Exchange(connection, request('/b'), RESPONSE)].filter((frame) => frame.from === 'client' && frame.type === 'HEADERS');
    assert.deepEqual(headers.map((frame) => frame.bytes[4]), [0x25, 0x25]);
  });
});
