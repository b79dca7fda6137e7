import { existsSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { LiveError, liveAborted } from '../live/liveError';
import { isPreflightRequest } from '../gateway/httpApiCors';
import { headerValue } from '../net/http';
import { makeCertificateChain } from './certificateChain';
import { applicationHeaders, closeOf, type ClientTarget } from './clientTarget';
import { hasChromium, launchChromium } from './headlessChromium';

/*
 * The browser profile, played by Debian's Chromium (headless, through playwright-core): a page
 * on the model's page origin calls fetch() or opens a WebSocket to the API's host name, which
 * --host-resolver-rules maps to the relay on 127.0.0.1 (its port too: the URL, Host and SNI stay
 * the API's, on 443). Chromium decides everything else: its
 * ClientHello, ALPN, headers and their order, the CORS preflight, HTTP/2 settings and HPACK,
 * the WebSocket handshake and masks. --ignore-certificate-errors: the stand-in's chain is not
 * a public one (Chromium still sends and reads the same records, and still verifies the chain).
 *
 * The page is a shop's page as a user gets it: over HTTPS, from a server of its own on
 * loopback (pinned the same way, on a port the capture does not record), before the API is
 * called. Served by playwright's request interception instead (page.route), it had no TLS
 * connection of its own, so the API's was the browser's first, and Chromium's first
 * certificate verification readies its verifier and trust store: 33 to 110 ms from the
 * server's flight to the client's Finished, against 3.5 to 12 ms on later connections of the
 * same browser (loopback, fresh full handshakes, 3 browsers x 12 connections, load 8 on 2 CPUs).
 * A user's browser has verified the page's own certificate first. And while a route is set,
 * playwright pauses every request in DevTools' Fetch domain (a round trip to this process
 * before it leaves), turns the HTTP cache off (Chromium then adds Pragma and Cache-Control:
 * no-cache) and answers CORS preflights itself, so none reaches the wire (playwright-core
 * 1.65, crNetworkManager: _updateProtocolRequestInterceptionForSession,
 * isInterceptedOptionsPreflight). None of that is the browser's.
 *
 * playwright-core is not a dependency of the project: .ci/install-code-server.sh (or
 * .ci/install-bench-tools.sh) installs it under .tools/, or APIGW_BENCH_TOOLS names a folder
 * whose node_modules has it. An abort closes the browser (playwright kills its processes);
 * Chromium also exits by itself when the pipe to this process closes.
 */

/** The repository's .tools folders, looked for upward from here (out/cli.js, out/extension.js or out/simulator/fidelity/). */
function toolFolders(): string[] {
  const folders: string[] = [];
  for (let directory = __dirname, depth = 0; depth < 5; directory = dirname(directory), depth++) folders.push(join(directory, '.tools', 'code-server'), join(directory, '.tools', 'bench'));
  return folders;
}

export function playwrightTools(): string | undefined {
  return [process.env.APIGW_BENCH_TOOLS, ...toolFolders()]
    .find((candidate): candidate is string => candidate !== undefined && existsSync(join(candidate, 'node_modules', 'playwright-core')));
}

/** The page's certificate: one, of a typical leaf's size (its size is not measured: its connection is not in the capture). */
const PAGE_CERTIFICATE_BYTES = 1_500;

interface PageRequest { method: string; url: string; headers: [string, string][]; body?: string }
interface PageFrame { afterOpenMs: number; opcode: string; text: string; code?: number; reason?: string }

export async function runChromiumClient(target: ClientTarget): Promise<void> {
  const tools = playwrightTools();
  if (!tools) throw new LiveError('LIVE_TOOL_MISSING', 'the browser client drives Chromium with playwright-core, which is not installed: run .ci/install-code-server.sh (it installs it under .tools/code-server), or set APIGW_BENCH_TOOLS to a folder whose node_modules holds playwright-core');
  if (!hasChromium()) throw new LiveError('LIVE_TOOL_MISSING', 'chromium is not installed; the browser client needs it (Debian: sudo apt-get install chromium)');
  if (target.signal.aborted) throw liveAborted();
  const first = target.script.requests[0]?.request;
  const origin = (first && headerValue(first.headers, 'origin')) ?? `https://www.${target.host.split('.').slice(-2).join('.')}`;
  const pageHost = new URL(origin).hostname;
  const pageServer = await servePage(pageHost);
  try {
    await playInChromium(target, tools, origin, `MAP ${pageHost} 127.0.0.1:${pageServer.port}`);
  } finally {
    // Whatever the browser did, launch included: the page's server listens no longer.
    await pageServer.close();
  }
}

/** Chromium, with the page's host pinned by `pageRule`, loads the page and plays the target's script from it. */
async function playInChromium(target: ClientTarget, tools: string, origin: string, pageRule: string): Promise<void> {
  const browser = await launchChromium(tools, [
    `--host-resolver-rules=MAP ${target.host} 127.0.0.1:${target.relayPort}, ${pageRule}`, '--ignore-certificate-errors',
    // The API resolves to loopback here, which Local Network Access would block from a public page: on the Internet it is a public address.
    '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults',
  ]);
  // A Cancel while Chromium was starting: listening now would never hear it.
  if (target.signal.aborted) {
    await browser.close();
    throw liveAborted();
  }
  const abort = (): void => void browser.close().catch(() => undefined);
  target.signal.addEventListener('abort', abort, { once: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const upgrade = target.script.requests.find((planned) => planned.upgrade);
    if (upgrade) {
      const frames: PageFrame[] = target.script.clientFrames.map((frame) => ({
        afterOpenMs: frame.afterOpenMs, opcode: frame.opcode, text: Buffer.from(frame.payload).toString('utf8'),
        ...(frame.opcode === 'close' ? closeOf(frame.payload) ?? {} : {}),
      }));
      await page.evaluate(({ url, frames: planned }) => new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.onerror = () => reject(new Error('WebSocket error'));
        socket.onclose = () => resolve();
        socket.onopen = () => {
          for (const frame of planned) {
            setTimeout(() => (frame.opcode === 'close' ? socket.close(frame.code, frame.reason) : socket.send(frame.text)), frame.afterOpenMs);
          }
        };
      }), { url: `wss://${target.host}${upgrade.request.target}`, frames });
    } else {
      // A CORS preflight in the model's script is the browser's to send, not the page's.
      const requests: PageRequest[] = target.script.requests.filter(({ request }) => !isPreflightRequest(request)).map(({ request }) => ({
        method: request.method, url: `https://${target.host}${request.target}`, headers: applicationHeaders(request.headers),
        ...(request.body ? { body: Buffer.from(request.body).toString('utf8') } : {}),
      }));
      await page.evaluate(async (planned) => {
        for (const request of planned) {
          // A response the CORS check blocks rejects the fetch: the page goes on, as the model's browser does (its 'CORS: response blocked').
          await fetch(request.url, { method: request.method, headers: request.headers, ...(request.body !== undefined ? { body: request.body } : {}) })
            .then((response) => response.text(), () => undefined);
        }
      }, requests);
    }
    await page.close();
  } catch (error) {
    if (target.signal.aborted) throw liveAborted();
    throw error;
  } finally {
    target.signal.removeEventListener('abort', abort);
    // Closing the browser closes its kept-alive connections, as closing a tab eventually does.
    await browser.close();
  }
}

/** The shop's page over HTTPS on 127.0.0.1 (an ephemeral port, outside the capture), with a certificate for its host. */
async function servePage(host: string): Promise<{ port: number; close(): Promise<void> }> {
  const chain = await makeCertificateChain(host, [PAGE_CERTIFICATE_BYTES]);
  const server = createServer({ key: chain.key, cert: chain.cert }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>shop</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
