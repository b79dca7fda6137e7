import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { makeLiveCertificate } from '../../../simulator/live/certificate';
import { parseHttpHead } from '../../../simulator/net/http';
import { upgradeRequest } from '../../../simulator/net/upgrade';
import { simulateWebSocketApiSession } from '../../../simulator/scenario/websocketApiSession';
import { CHROMIUM_SKIP, launchChromium, type PlaywrightBrowser, type PlaywrightContext } from '../../helpers/headlessChromium';

/*
 * The browser profile's WebSocket Upgrade held to Chromium's (issue 13, "the browser's Upgrade
 * request as Chromium sends it"): Debian's Chromium, on a page at https://www.shop.com:<port>,
 * opens `new WebSocket(...)` to a local TLS server that records the request's header lines as
 * they arrived (rawHeaders). The model's Upgrade for the shop's order-status API must name the
 * same headers in the same order, with the same values wherever the value is Chromium's own
 * (not the host, the page, the key or the browser's version).
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
/** Values that differ by run, page or build: compared by presence and position only. */
const OWN_VALUES = new Set(['host', 'origin', 'sec-websocket-key', 'user-agent']);

function namesAndValues(headers: readonly (readonly [string, string])[]): string[] {
  return headers.map(([name, value]) => (OWN_VALUES.has(name.toLowerCase()) ? name : `${name}: ${value}`));
}

describe('the browser\'s WebSocket Upgrade against Chromium', { skip: CHROMIUM_SKIP }, () => {
  const certificate = makeLiveCertificate('www.shop.com');
  const seen: [string, string][][] = [];
  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>shop</title>');
  });
  server.on('upgrade', (request: { rawHeaders: string[] }, socket: Socket) => {
    const pairs: [string, string][] = [];
    for (let index = 0; index < request.rawHeaders.length; index += 2) pairs.push([request.rawHeaders[index], request.rawHeaders[index + 1]]);
    seen.push(pairs);
    socket.destroy();
  });
  let port = 0;
  let browser: PlaywrightBrowser;
  let context: PlaywrightContext;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    browser = await launchChromium(['--host-resolver-rules=MAP * 127.0.0.1']);
    context = await browser.newContext({ ignoreHTTPSErrors: true });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function chromiumUpgrade(path: string, protocols: string[]): Promise<[string, string][]> {
    const page = await context.newPage();
    try {
      await page.goto(`https://www.shop.com:${port}/`);
      const before = seen.length;
      await page.evaluate(async (call) => {
        await new Promise<void>((resolve) => {
          const socket = new WebSocket(call.url, call.protocols);
          socket.onclose = () => resolve();
          socket.onerror = () => resolve();
        });
      }, { url: `wss://abc123defg.execute-api.us-east-1.amazonaws.com:${port}${path}`, protocols });
      assert.equal(seen.length, before + 1, 'Chromium sent one Upgrade');
      return seen[seen.length - 1];
    } finally {
      await page.close();
    }
  }

  it('the shop\'s order-status Upgrade: Chromium\'s headers, order and values', async () => {
    const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;
    const trace = simulateWebSocketApiSession({ model, api: 'shop-order-status', clientProfile: 'browser' });
    const upgrade = trace.events.find((event) => event.kind === 'http.request' && event.from === 'client')!;
    const head = parseHttpHead(Buffer.from(upgrade.payload!))!;
    const target = head.startLine.split(' ')[1];
    const real = await chromiumUpgrade(target, []);
    assert.deepEqual(namesAndValues(head.headers), namesAndValues(real));
  });

  it('subprotocols: last, joined with a comma and a space', async () => {
    const real = await chromiumUpgrade('/production', ['chat', 'v2']);
    const modelled = upgradeRequest({
      client: 'chromium', host: 'h', target: '/production', key: 'dGhlIHNhbXBsZSBub25jZQ==', origin: 'https://www.shop.com', protocols: ['chat', 'v2'],
      extensions: 'permessage-deflate; client_max_window_bits', headers: real.filter(([name]) => ['user-agent', 'accept-encoding', 'accept-language'].includes(name.toLowerCase())),
    });
    assert.deepEqual(namesAndValues(modelled.headers), namesAndValues(real));
    // `ws`'s Upgrade, which the browser profile sent before, is told apart: the check can fail.
    const asWs = upgradeRequest({ host: 'h', target: '/production', key: 'dGhlIHNhbXBsZSBub25jZQ==', origin: 'https://www.shop.com', protocols: ['chat', 'v2'], extensions: 'permessage-deflate; client_max_window_bits' });
    assert.notDeepEqual(namesAndValues(asWs.headers), namesAndValues(real));
  });
});
