import { createServer, type Server as HttpsServer } from 'node:https';
import type { Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { PlaywrightBrowser } from './headlessChromium';
import type { TestCertificate } from './tlsCapture';

/*
 * A shop's page over HTTPS on 127.0.0.1, for the real-browser tests whose page must come over
 * TLS as a user's does (its certificate verified before the API's: bench/chromiumClient.ts says
 * why that matters to Chromium's timing).
 */

/** Listens on an ephemeral port of 127.0.0.1 and returns it. */
export function listenOnLoopback(server: HttpsServer | Http2SecureServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A server answering every request with an empty HTML page. */
export function shopPageServer(certificate: TestCertificate): HttpsServer {
  return createServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>shop</title>');
  });
}

/** Opens `pageUrl` in a tab of `browser` and runs `script` there; then closes the browser and the servers, whatever happened. */
export async function runInShopPage<A>(browser: PlaywrightBrowser, pageUrl: string, script: (argument: A) => Promise<void>, argument: A, servers: readonly { close(): unknown }[]): Promise<void> {
  try {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    await tab.evaluate(script, argument);
  } finally {
    await browser.close();
    for (const server of servers) server.close();
  }
}
