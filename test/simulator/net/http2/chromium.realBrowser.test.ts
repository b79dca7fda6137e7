import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tls from 'node:tls';
import { http2Exchange, openHttp2Connection } from '../../../../simulator/net/http2/exchange';
import { HpackDecoder } from '../../../../simulator/net/http2/hpack/decoder';
import { HpackEncoder } from '../../../../simulator/net/http2/hpack/encoder';
import { HTTP2_CLIENT_PROFILES } from '../../../../simulator/net/http2/profiles';
import { close, listen } from '../../../helpers/nodeHttp';
import { splitFrames, type RawFrame } from '../../../helpers/nodeHttp2';
import { makeCertificate } from '../../../helpers/tlsCapture';

/*
 * Headless Chromium (the Debian package) loads a page from a TLS server on 127.0.0.1 that offers
 * only h2 by ALPN; the server reads Chromium's frames in the clear and answers each request by
 * hand (HEADERS `88`, then DATA). The browser profile's opening and Chromium-style HPACK are held
 * to what Chromium sent.
 */

const CHROMIUM = '/usr/bin/chromium';
/** SETTINGS with MAX_CONCURRENT_STREAMS 128, and the empty SETTINGS ACK (RFC 9113 §6.5), by hand. */
const GATEWAY_SETTINGS = Buffer.from('000006' + '04' + '00' + '00000000' + '0003' + '00000080', 'hex');
const SETTINGS_ACK = Buffer.from('000000' + '04' + '01' + '00000000', 'hex');

/** The page fetches the same resource with fetch(), so Chromium sends a second request on the connection, at fetch() priority. */
const PAGE = Buffer.from('<!doctype html><script>fetch("/products/123", { headers: { accept: "application/json" } }).then((r) => r.text()).then((t) => { document.body.textContent = t; });</script>');

/** :status 200 (static index 8) and content-type: text/html (static name 31, without indexing), then DATA with END_STREAM. */
function answer(streamId: number, index: number): Buffer {
  const block = Buffer.from('88' + '0f10' + '09' + Buffer.from('text/html').toString('hex'), 'hex');
  const body = index === 0 ? PAGE : Buffer.from('{"id":"123"}');
  const headers = Buffer.concat([Buffer.from('000000' + '01' + '04' + '00000000', 'hex'), block]);
  headers.writeUIntBE(block.length, 0, 3);
  headers.writeUInt32BE(streamId, 5);
  const data = Buffer.concat([Buffer.from('000000' + '00' + '01' + '00000000', 'hex'), body]);
  data.writeUIntBE(body.length, 0, 3);
  data.writeUInt32BE(streamId, 5);
  return Buffer.concat([headers, data]);
}

async function captureChromium(): Promise<RawFrame[]> {
  const certificate = makeCertificate('127.0.0.1');
  const received: Buffer[] = [];
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert, ALPNProtocols: ['h2'] }, (socket) => {
    socket.on('error', () => {});
    socket.write(GATEWAY_SETTINGS);
    let seen = 0;
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      const frames = splitFrames(Buffer.concat(received));
      for (; seen < frames.length; seen++) {
        const frame = frames[seen];
        if (frame.type === 0x1) socket.write(answer(frame.streamId, answered++));
        if (frame.type === 0x4 && (frame.flags & 0x1) === 0) socket.write(SETTINGS_ACK);
      }
    });
  });
  const port = await listen(server);
  const profileDirectory = mkdtempSync(join(tmpdir(), 'apigw-sim-chromium-'));
  try {
    await new Promise<void>((resolve) => execFile(CHROMIUM, [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--ignore-certificate-errors', '--disable-background-networking', '--no-first-run',
      `--user-data-dir=${profileDirectory}`, '--virtual-time-budget=2000', '--dump-dom', `https://127.0.0.1:${port}/products/123`,
    ], { timeout: 30_000 }, () => resolve()));
  } finally {
    rmSync(profileDirectory, { recursive: true, force: true });
    await close(server);
  }
  return splitFrames(Buffer.concat(received));
}

describe('the browser profile against Chromium', { skip: existsSync(CHROMIUM) ? false : 'no chromium' }, () => {
  it('opens with Chromium\'s SETTINGS and WINDOW_UPDATE, and its HEADERS blocks are what our Chromium-style encoder writes for the same fields', async () => {
    const frames = await captureChromium();
    const ours = http2Exchange(openHttp2Connection(HTTP2_CLIENT_PROFILES.browser), { method: 'GET', scheme: 'https', authority: 'x', path: '/', headers: [] }, { status: 200, headers: [] });
    const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
    assert.equal(hexOf(frames[0].bytes), hexOf(ours[1].bytes), 'SETTINGS');
    assert.equal(hexOf(frames[1].bytes), hexOf(ours[2].bytes), 'WINDOW_UPDATE');
    const headers = frames.filter((frame) => frame.type === 0x1);
    assert.ok(headers.length >= 2, 'the navigation and the page\'s fetch()');
    // The fetch() goes at net::MEDIUM, weight 220, the weight the profile models (the navigation is HIGHEST, 256).
    assert.equal(headers[1].payload[4] + 1, HTTP2_CLIENT_PROFILES.browser.headersPriority?.weight);
    const decoder = new HpackDecoder();
    const chromium = new HpackEncoder({ style: 'chromium' });
    const reordered = new HpackEncoder({ style: 'nghttp2' });
    let reorderDiffers = false;
    for (const frame of headers) {
      assert.equal(frame.flags & 0x20, 0x20, 'PRIORITY flag on HEADERS');
      assert.equal(frame.payload[0] & 0x80, 0x80, 'exclusive');
      assert.equal(frame.payload.readUInt32BE(0) & 0x7fffffff, 0, 'on stream 0');
      // Chromium's weights: Spdy3PriorityToHttp2Weight of its five priorities.
      assert.ok([256, 220, 183, 147, 110].includes(frame.payload[4] + 1), `weight ${frame.payload[4] + 1}`);
      const block = frame.payload.subarray(5);
      const fields = decoder.decode(block);
      assert.deepEqual(fields.filter(([name]) => name.startsWith(':')).map(([name]) => name), HTTP2_CLIENT_PROFILES.browser.pseudoHeaderOrder);
      assert.equal(hexOf(chromium.encode(fields)), hexOf(block));
      // A changed model, curl's pseudo-header order (:method :path :scheme :authority), gives other bytes.
      const order = [':method', ':path', ':scheme', ':authority'];
      const curlOrder = [...order.map((name) => fields.find(([field]) => field === name)!), ...fields.filter(([name]) => !name.startsWith(':'))];
      if (hexOf(reordered.encode(curlOrder)) !== hexOf(block)) reorderDiffers = true;
    }
    assert.ok(reorderDiffers, 'the check can fail');
  });
});
