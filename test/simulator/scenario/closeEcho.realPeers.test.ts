import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { readConfig } from '../../../simulator/config/configFile';
import { makeLiveCertificate } from '../../../simulator/live/certificate';
import { simulateWebSocketApiSession } from '../../../simulator/scenario/websocketApiSession';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';
import { CHROMIUM_SKIP, launchChromium } from '../../helpers/headlessChromium';

/*
 * The echo of a WebSocket close (RFC 6455 §5.5.1), held to real peers (issue 13, "the close
 * echo with its reason"):
 * - `ws` as the server that echoes (API Gateway's own echo is not documented; the model assumes
 *   it is `ws`'s): the model's client close frame is sent to a `ws` server over TCP, and the
 *   frame `ws` answers with must be, byte for byte, the model's echo (server frames are unmasked);
 * - Chromium as the client that echoes, when the gateway closes an idle connection: the code
 *   and reason Chromium's echo carries, as `ws` reads them, must be the model's.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;

function closeFrames(trace: Trace): TraceEvent[] {
  return trace.events.filter((event) => event.kind === 'ws.frame' && event.detail?.opcode === 'close');
}

/** A close payload's code and reason (RFC 6455 §5.5.1), from an unmasked or masked frame. */
function closeOf(frame: Uint8Array): { code: number; reason: string } {
  const bytes = Buffer.from(frame);
  const masked = (bytes[1] & 0x80) !== 0;
  const length = bytes[1] & 0x7f;
  const start = 2 + (masked ? 4 : 0);
  const payload = Buffer.from(bytes.subarray(start, start + length));
  if (masked) for (let index = 0; index < payload.length; index++) payload[index] ^= bytes[2 + (index % 4)];
  return { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
}

describe('the echo of a close', () => {
  it('from the gateway: the frame `ws` echoes to the model\'s client close, byte for byte', async () => {
    const trace = simulateWebSocketApiSession({ model, api: 'shop-order-status', clientProfile: 'node' });
    const [clientClose, echo] = closeFrames(trace);
    assert.equal(clientClose.from, 'client');
    assert.equal(closeOf(clientClose.payload!).reason, 'order tracking done');
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const port = (server.address() as { port: number }).port;
      const socket = connect(port, '127.0.0.1');
      const received: Buffer[] = [];
      const answered = new Promise<Buffer>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          received.push(chunk);
          const all = Buffer.concat(received);
          const head = all.indexOf('\r\n\r\n');
          if (head < 0) return;
          if (all.length > head + 4) resolve(all.subarray(head + 4));
          else socket.write(Buffer.from(clientClose.payload!));
        });
      });
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      const real = await answered;
      socket.destroy();
      assert.deepEqual([...real], [...echo.payload!], `ws echoed ${real.toString('hex')}, the model ${Buffer.from(echo.payload!).toString('hex')}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('from the browser: Chromium\'s echo of the gateway\'s idle close carries its code and reason', { skip: CHROMIUM_SKIP }, async () => {
    const trace = simulateWebSocketApiSession({ model, api: 'shop-order-status', clientProfile: 'browser', faults: ['idle-timeout'] });
    const [serverClose, echo] = closeFrames(trace);
    assert.equal(serverClose.from, 'gateway', 'the gateway closes the idle connection');
    const { code, reason } = closeOf(serverClose.payload!);
    const certificate = makeLiveCertificate('www.shop.com');
    const https = createServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!doctype html><title>shop</title>');
    });
    const server = new WebSocketServer({ server: https, perMessageDeflate: false });
    const echoed = new Promise<{ code: number; reason: string }>((resolve) => {
      server.on('connection', (socket) => {
        socket.on('close', (echoCode: number, echoReason: Buffer) => resolve({ code: echoCode, reason: echoReason.toString('utf8') }));
        socket.close(code, reason);
      });
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const port = (https.address() as { port: number }).port;
    const browser = await launchChromium(['--host-resolver-rules=MAP * 127.0.0.1']);
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const page = await context.newPage();
      await page.goto(`https://www.shop.com:${port}/`);
      await page.evaluate(async (url) => {
        await new Promise<void>((resolve) => {
          const socket = new WebSocket(url);
          socket.onclose = () => resolve();
        });
      }, `wss://www.shop.com:${port}/production`);
      assert.deepEqual(await echoed, closeOf(echo.payload!));
      await context.close();
    } finally {
      await browser.close();
      for (const client of server.clients) client.terminate();
      https.closeAllConnections();
      await new Promise<void>((resolve) => https.close(() => resolve()));
    }
  });
});
