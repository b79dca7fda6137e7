import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LiveError, liveAborted } from '../live/liveError';
import { headerValue } from '../net/http';
import { applicationHeaders, closeOf, type ClientTarget } from './clientTarget';
import { hasChromium, launchChromium } from './headlessChromium';

/*
 * The browser profile, played by Debian's Chromium (headless, through playwright-core): a page
 * on the model's page origin (served by playwright's request interception, so it costs no
 * connection) calls fetch() or opens a WebSocket to the API's host name, which
 * --host-resolver-rules maps to the relay on 127.0.0.1 (its port too: the URL, Host and SNI stay
 * the API's, on 443). Chromium decides everything else: its
 * ClientHello, ALPN, headers and their order, the CORS preflight, HTTP/2 settings and HPACK,
 * the WebSocket handshake and masks. --ignore-certificate-errors: the stand-in's chain is not
 * a public one (Chromium still sends and reads the same records).
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

interface PageRequest { method: string; url: string; headers: [string, string][]; body?: string }
interface PageFrame { afterOpenMs: number; opcode: string; text: string; code?: number; reason?: string }

export async function runChromiumClient(target: ClientTarget): Promise<void> {
  const tools = playwrightTools();
  if (!tools) throw new LiveError('LIVE_TOOL_MISSING', 'the browser client drives Chromium with playwright-core, which is not installed: run .ci/install-code-server.sh (it installs it under .tools/code-server), or set APIGW_BENCH_TOOLS to a folder whose node_modules holds playwright-core');
  if (!hasChromium()) throw new LiveError('LIVE_TOOL_MISSING', 'chromium is not installed; the browser client needs it (Debian: sudo apt-get install chromium)');
  if (target.signal.aborted) throw liveAborted();
  const first = target.script.requests[0]?.request;
  const origin = (first && headerValue(first.headers, 'origin')) ?? `https://www.${target.host.split('.').slice(-2).join('.')}`;
  const browser = await launchChromium(tools, [
    `--host-resolver-rules=MAP ${target.host} 127.0.0.1:${target.relayPort}`, '--ignore-certificate-errors',
    // The API resolves to loopback here, which Local Network Access would block from a public page: on the Internet it is a public address.
    '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults',
  ]);
  const abort = (): void => void browser.close().catch(() => undefined);
  target.signal.addEventListener('abort', abort, { once: true });
  try {
    const page = await browser.newPage();
    await page.route(`${origin}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>fidelity</title>' }));
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
      const requests: PageRequest[] = target.script.requests.map(({ request }) => ({
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
