/*
 * End to end through the workbench, as a user sees it: the .vsix that `npm run package` just
 * built is installed into code-server, the shop example is opened in headless Chromium, and
 * the test hovers a route, runs `API Gateway: Simulate Route...` from the command palette and
 * reads what the webview draws, in a light, a dark and a high-contrast theme. Every step
 * leaves a screenshot in test-results/e2e/; a failed run also leaves code-server's logs there.
 * Usage: npm run package && node out/test/e2e/workbench.js [path/to/extension.vsix]
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import type { WebviewReading } from './reading';
import { installExtension, keepLogs, launchChromium, RESULTS, ROOT, startCodeServer, waitFor, writeUserSettings, type Browser, type CodeServer, type Frame, type Page } from '../integration/codeServer';

const SHOTS = join(RESULTS, 'e2e');
const THEMES = [
  { name: 'light', colorTheme: 'Default Light Modern' },
  { name: 'dark', colorTheme: 'Default Dark Modern' },
  { name: 'high-contrast', colorTheme: 'Default High Contrast' },
];
/** WCAG 2.x minimum for text (AA, normal size); diagram labels are small, so the normal-size bar applies. */
const MIN_TEXT_CONTRAST = 4.5;

let failures = 0;
function check(name: string, ok: boolean, detail = ''): boolean {
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
  return ok;
}

/** The newest .vsix in the repository root (what `npm run package` writes), or the one named. */
function findVsix(): string {
  if (process.argv[2]) return resolve(process.argv[2]);
  const candidates = readdirSync(ROOT).filter((name) => name.endsWith('.vsix')).map((name) => join(ROOT, name));
  if (candidates.length === 0) throw new Error('no .vsix in the repository root: run `npm run package` first');
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

async function shot(page: Page, theme: string, step: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${theme}-${step}.png`) });
}

/**
 * Opens a quick input (command palette, quick open, go to line) with its key. A key pressed
 * while focus moves between the editor and the webview can be lost: pressed again until the
 * input shows.
 */
async function openQuickInput(page: Page, key: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await waitFor(`the quick input (${key})`, async () => {
    if (!(await input.isVisible())) await page.keyboard.press(key);
    await input.waitFor({ state: 'visible', timeout: 2_000 });
    return true;
  }, 30_000);
}

/**
 * Accepts the quick input once it offers `item`, pressing Enter again if a press was lost
 * before it closed. A pick that opens another (route, then scenario) may reuse the widget
 * without hiding it: a changed placeholder counts as accepted too, so the next pick is not
 * accepted by a second Enter meant for this one.
 */
async function acceptQuickInput(page: Page, item: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${item}")`).first().waitFor({ state: 'visible', timeout: 15_000 });
  const placeholder = await input.getAttribute('placeholder');
  const accepted = async (): Promise<boolean> => !(await input.isVisible()) || (await input.getAttribute('placeholder')) !== placeholder;
  await waitFor(`the quick input to accept ${item}`, async () => {
    if (!(await accepted())) await page.keyboard.press('Enter');
    for (let tries = 0; tries < 10; tries++) {
      if (await accepted()) return true;
      await page.waitForTimeout(100);
    }
    return undefined;
  }, 15_000);
}

/** Runs a command from the command palette (F1), picking the row whose label matches exactly. */
async function runCommand(page: Page, title: string): Promise<void> {
  await openQuickInput(page, 'F1');
  await page.keyboard.type(title);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Picks an item in the open quick pick (a route of Simulate Route...). */
async function pick(page: Page, text: string): Promise<void> {
  // A bound, not a sleep: on a loaded 2-core machine the extension's pick can take a while to open.
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 90_000 }).catch((error: unknown) => {
    throw new Error(`no quick pick opened to choose "${text}" from: ${error instanceof Error ? error.message : String(error)}`);
  });
  await page.keyboard.type(text);
  await acceptQuickInput(page, text);
}

/** Opens a workspace file through quick open, and waits for its editor. */
async function openFile(page: Page, name: string): Promise<void> {
  await openQuickInput(page, 'Control+P');
  await page.keyboard.type(name);
  await acceptQuickInput(page, name);
  await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible', timeout: 15_000 });
}

/** The 1-based number of the first line of `file` that holds `text` (the examples change; a fixed number goes stale). */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${JSON.stringify(text)}`);
  return index + 1;
}

/** Moves the editor to a line (Ctrl+G) so that it is rendered, and returns that line's element. */
async function goToLine(page: Page, text: string, line: number): Promise<ReturnType<Page['locator']>> {
  await openQuickInput(page, 'Control+G');
  await page.keyboard.type(String(line));
  await acceptQuickInput(page, `Go to line ${line}.`);
  const row = page.locator(`.editor-group-container.active .monaco-editor .view-line:has-text("${text}")`).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  return row;
}

/** The webview's inner frame (the one that loaded the extension's out/webview.js). */
async function webviewFrame(page: Page, title: string): Promise<Frame> {
  return waitFor(`the simulation webview showing ${title}`, async () => {
    for (const frame of page.frames()) {
      try {
        const shown = await frame.evaluate<string>(`document.querySelector('.sequence-body .item') ? document.querySelector('.route-title h1').textContent : ''`);
        if (shown.includes(title)) return frame;
      } catch {
        // a frame navigating or gone
      }
    }
    return undefined;
  }, 30_000, 250);
}

/** The DOM probe, bundled from its source into one script that defines `apigwSimProbe` (once, when first used). */
let probeScript: string | undefined;

/** Calls a function of the probe inside a frame, e.g. `readSimulation(true)`. */
function probe<T>(frame: Frame | Page, call: string): Promise<T> {
  probeScript ??= buildSync({
    entryPoints: [join(ROOT, 'test', 'e2e', 'webviewProbe.ts')], bundle: true, write: false, format: 'iife', globalName: 'apigwSimProbe', target: 'es2022', platform: 'browser',
  }).outputFiles[0].text;
  return frame.evaluate<T>(`(() => { ${probeScript}\n; return apigwSimProbe.${call}; })()`);
}

function readWebview(frame: Frame, scroll = false): Promise<WebviewReading> {
  return probe(frame, `readSimulation(${scroll})`);
}

/** Clicks a tab of the webview (Sequence, Flow, Summary, Table). */
async function showTab(frame: Frame, tab: string): Promise<void> {
  await frame.evaluate(`(() => { Array.from(document.querySelectorAll('vscode-tab-header')).find((header) => header.textContent.trim() === ${JSON.stringify(tab)}).click(); })()`);
}

async function themeRun(browser: Browser, vsix: string, theme: (typeof THEMES)[number]): Promise<void> {
  const state = mkdtempSync(join(tmpdir(), `apigw-sim-e2e-${theme.name}-`));
  let code: CodeServer | undefined;
  const failuresBefore = failures;
  try {
    // A copy of the shop: the workbench may write to it (for example a saved editor state).
    const workspace = join(state, 'shop');
    cpSync(join(ROOT, 'examples', 'shop'), workspace, { recursive: true });
    const installed = installExtension(state, vsix);
    check(`[${theme.name}] the packaged .vsix installs into code-server`, /successfully installed/i.test(installed), installed.trim().split('\n').pop());
    writeUserSettings(state, {
      'workbench.colorTheme': theme.colorTheme,
      // No fade-ins: a screenshot shows the hover as the user reads it, not half transparent.
      'workbench.reduceMotion': 'on',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'chat.commandCenter.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    });
    code = await startCodeServer(state);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      await page.goto(`${code.origin}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
      const themeType = { light: 'vs', dark: 'vs-dark', 'high-contrast': 'hc-black' }[theme.name]!;
      // The workbench starts in its default theme and switches once it has read the user settings.
      const themed = await waitFor(`the ${theme.colorTheme} theme`, async () => (await page.evaluate<string>(`document.querySelector('.monaco-workbench').className`)).split(/\s+/).includes(themeType), 20_000).catch(() => false);
      check(`[${theme.name}] the workbench runs the ${theme.colorTheme} theme`, themed);

      // 1. Hover a route of the SAM template.
      await openFile(page, 'template.yaml');
      const routeLineNumber = lineOf(join(workspace, 'template.yaml'), 'CreateOrderRoute:');
      let routeLine = await goToLine(page, 'CreateOrderRoute:', routeLineNumber);
      const hover = page.locator('.monaco-hover:visible').first();
      // The text's viewport, right of the line numbers: a line left of it is scrolled sideways.
      const editorArea = page.locator('.editor-group-container.active .monaco-editor .editor-scrollable').first();
      // Shows the route's hover (hovering again only when it is not up), and returns its text. The mouse goes
      // where the line is drawn: Playwright's own hover first scrolls the line "into view", which in Monaco's
      // virtual scrolling can scroll the editor sideways and leave the line under the sticky header, unhoverable.
      const showRouteHover = (): Promise<string> => waitFor('the route hover', async () => {
        if (!(await hover.isVisible())) {
          await page.mouse.move(0, 0);
          const [line, area] = [await routeLine.boundingBox({ timeout: 1_000 }).catch(() => null), await editorArea.boundingBox({ timeout: 1_000 }).catch(() => null)];
          if (!line || !area || line.y < area.y + 60 || line.y + line.height > area.y + area.height || line.x < area.x - 1) {
            routeLine = await goToLine(page, 'CreateOrderRoute:', routeLineNumber);
            return undefined;
          }
          await page.mouse.move(line.x + 30, line.y + 8);
          await hover.waitFor({ state: 'visible', timeout: 3_000 });
        }
        const text = await hover.innerText({ timeout: 1_000 });
        return text.includes('shop-orders') ? text : undefined;
      }, 30_000, 100);
      const hoverText = await showRouteHover();
      check(`[${theme.name}] the hover names the route`, /shop-orders · HTTP · POST \/orders/.test(hoverText), JSON.stringify(hoverText.split('\n')[0]));
      check(`[${theme.name}] the hover shows auth, integration and the cold latency`, /JWT/.test(hoverText) && /Lambda createOrder/.test(hoverText) && /Cold\s+\d+ ms/.test(hoverText), JSON.stringify(hoverText.replace(/\s+/g, ' ').slice(0, 300)));
      const image = await waitFor('the flow image in the hover', async () => {
        await showRouteHover();
        return probe<{ labels: number; ratio: number } | undefined>(page, 'hoverImageContrast()');
      }, 10_000).catch(() => undefined);
      check(`[${theme.name}] the hover's flow diagram labels contrast with the hover (>= ${MIN_TEXT_CONTRAST}:1)`, image !== undefined && image.labels > 0 && image.ratio >= MIN_TEXT_CONTRAST, image ? `${image.labels} labels, ${image.ratio}:1` : 'no flow image in the hover');
      await showRouteHover();
      await shot(page, theme.name, '1-hover');
      await page.keyboard.press('Escape');

      // 2. Simulate the route from the command palette (route, then scenario); the panel opens beside the template.
      await runCommand(page, 'API Gateway: Simulate Route...');
      await pick(page, 'POST /orders');
      await pick(page, 'One request');
      const httpFrame = await webviewFrame(page, 'POST /orders');
      const http = await readWebview(httpFrame, true);
      const messages = http.messages.join('\n');
      check(`[${theme.name}] the sequence diagram has the client, the gateway, the JWT issuer and the Lambda`, ['Client', 'API Gateway shop-orders', 'JWT issuer', 'Lambda createOrder'].every((name) => http.participants.some((participant) => participant.includes(name))), http.participants.join(', '));
      check(`[${theme.name}] it shows the TCP handshake, TLS, the request and the gateway stages`, ['SYN', 'SYN, ACK', 'ClientHello', 'ServerHello', 'POST /orders', 'jwks.json', 'Invoke createOrder', '200 OK'].every((name) => messages.includes(name)), `${http.messages.length} messages`);
      await shot(page, theme.name, '2-sequence');
      checkReadable(theme.name, 'sequence diagram (HTTP)', http);
      check(`[${theme.name}] the gateway stages can be scrolled into view`, await probe<boolean>(httpFrame, `scrollToMessage(${JSON.stringify('jwks\\.json')})`));
      await shot(page, theme.name, '2b-sequence-gateway');
      checkReadable(theme.name, 'sequence diagram at the gateway stages', await readWebview(httpFrame));
      // The last participants, as a user scrolls sideways to them.
      if (await probe<number>(httpFrame, 'scrollToRightEnd()') > 0) {
        await shot(page, theme.name, '2c-sequence-scrolled-right');
        checkReadable(theme.name, 'sequence diagram scrolled to its right end', await readWebview(httpFrame), true);
      }

      // 2d. The browser's CORS preflight before the POST (the shop's HTTP API allows the page's origin), and
      // each request's DevTools phases in the Summary.
      check(`[${theme.name}] the browser's preflight OPTIONS goes before the POST and passes`, /OPTIONS \/orders/.test(messages) && /CORS: preflight passed/.test(messages), JSON.stringify(http.messages.filter((message) => /OPTIONS|CORS/.test(message)).slice(0, 4)));
      check(`[${theme.name}] the preflight can be scrolled into view`, await probe<boolean>(httpFrame, `scrollToMessage(${JSON.stringify('OPTIONS /orders')})`));
      await shot(page, theme.name, '2d-sequence-preflight');
      checkReadable(theme.name, 'sequence diagram at the preflight', await readWebview(httpFrame));
      await showTab(httpFrame, 'Summary');
      const phases = await waitFor('the request phases chart', async () => {
        const rows = await probe<string[]>(httpFrame, 'readRequestPhases()');
        return rows.length > 0 ? rows : undefined;
      }, 15_000).catch((): string[] => []);
      check(`[${theme.name}] the Summary times the preflight and the POST as DevTools does`, phases.length === 2 && /OPTIONS \/orders/.test(phases[0]) && /POST \/orders/.test(phases[1]) && /SSL/.test(phases[0]) && /Waiting for server response/.test(phases[1]), JSON.stringify(phases));
      await httpFrame.evaluate(`document.querySelector('.request-phases')?.scrollIntoView({ block: 'center' })`);
      await shot(page, theme.name, '2e-summary-phases');
      await showTab(httpFrame, 'Sequence');

      // 3. The flow diagram draws.
      await showTab(httpFrame, 'Flow');
      const flow = await waitFor('the flow diagram', async () => {
        const reading = await readWebview(httpFrame);
        return reading.flow && reading.flow.nodes.length > 0 && reading.flow.hops > 0 ? reading : undefined;
      }, 15_000);
      check(`[${theme.name}] the flow diagram draws the hops through the gateway`, flow.flow!.nodes.length >= 4 && flow.flow!.hops >= 3, `${flow.flow!.nodes.join(', ')}; ${flow.flow!.hops} hops`);
      await shot(page, theme.name, '3-flow');
      checkReadable(theme.name, 'flow diagram', flow);
      await showTab(httpFrame, 'Sequence');

      // 4. A WebSocket route: the 101 upgrade and the order-status pushes.
      await page.locator('.editor-group-container .tab[aria-label^="template.yaml"]').first().click();
      await runCommand(page, 'API Gateway: Simulate Route...');
      await pick(page, 'subscribe');
      await pick(page, 'WebSocket session');
      const wsFrame = await webviewFrame(page, 'subscribe');
      const ws = await readWebview(wsFrame, true);
      const wsMessages = ws.messages.join('\n');
      check(`[${theme.name}] the WebSocket session shows the 101 upgrade`, /Upgrade: websocket/.test(wsMessages) && /101 Switching Protocols/.test(wsMessages), `${ws.messages.length} messages`);
      const pushes = ws.messages.filter((message) => /API Gateway shop-order-status to Client, WebSocket text frame/.test(message));
      check(`[${theme.name}] the order-status frames are pushed to the client`, pushes.length >= 3 && /@connections/.test(wsMessages), `${pushes.length} pushed text frames`);
      await shot(page, theme.name, '4-websocket');
      checkReadable(theme.name, 'sequence diagram (WebSocket)', ws);
      check(`[${theme.name}] the 101 upgrade can be scrolled into view`, await probe<boolean>(wsFrame, `scrollToMessage(${JSON.stringify('101 Switching Protocols')})`));
      await shot(page, theme.name, '4b-websocket-upgrade');
      checkReadable(theme.name, 'sequence diagram at the upgrade', await readWebview(wsFrame));
      check(`[${theme.name}] the pushes can be scrolled into view`, await probe<boolean>(wsFrame, `scrollToMessage(${JSON.stringify('shop-order-status to Client, WebSocket text frame')})`));
      const pushed = await probe<string>(wsFrame, `selectMessage(${JSON.stringify('shop-order-status to Client, WebSocket text frame')})`);
      check(`[${theme.name}] a pushed frame carries the order's status`, /"orderId":\s*"o-1001"/.test(pushed) && /"status":\s*"packed"/.test(pushed), JSON.stringify(pushed.replace(/\s+/g, ' ').slice(0, 160)));
      await shot(page, theme.name, '4c-websocket-pushes');
      checkReadable(theme.name, 'sequence diagram at the pushes', await readWebview(wsFrame));
      if (await probe<number>(wsFrame, 'scrollToRightEnd()') > 0) {
        await shot(page, theme.name, '4d-websocket-scrolled-right');
        checkReadable(theme.name, 'WebSocket sequence diagram scrolled to its right end', await readWebview(wsFrame), true);
      }
    } catch (error) {
      check(`[${theme.name}] the run completes`, false, error instanceof Error ? error.stack ?? error.message : String(error));
      await shot(page, theme.name, 'failure').catch(() => undefined);
    } finally {
      await page.close();
    }
  } finally {
    if (code) {
      await code.stop();
      if (failures > failuresBefore) console.log(`[e2e] code-server's logs: ${keepLogs(code, `e2e/${theme.name}-logs`)}`);
    }
    rmSync(state, { recursive: true, force: true });
  }
}

function checkReadable(theme: string, what: string, reading: WebviewReading, scrolledToEnd = false): void {
  const faint = reading.contrast.filter((label) => label.ratio < MIN_TEXT_CONTRAST);
  check(`[${theme}] every label of the ${what} contrasts with its background (>= ${MIN_TEXT_CONTRAST}:1)`, reading.contrast.length > 0 && faint.length === 0,
    faint.length ? faint.slice(0, 8).map((label) => `"${label.text}" ${label.ratio}:1`).join(', ') : `${reading.contrast.length} labels, lowest ${Math.min(...reading.contrast.map((label) => label.ratio))}:1`);
  check(`[${theme}] no two labels of the ${what} overlap`, reading.overlaps.length === 0, reading.overlaps.slice(0, 5).join(', '));
  // Labels at the right end are judged once the user has scrolled there (scrolledToEnd).
  if (scrolledToEnd) check(`[${theme}] no label of the ${what} is cut off`, reading.clipped.length === 0, reading.clipped.slice(0, 8).map((text) => JSON.stringify(text)).join(', '));
  if (reading.flow) check(`[${theme}] labels of the flow diagram stay clear of its boxes`, reading.underBoxes.length === 0, reading.underBoxes.slice(0, 5).map((text) => JSON.stringify(text)).join(', '));
  // Not a failure: the diagram is wider than the panel and scrolls sideways. Printed for the reader of the log.
  if (reading.scrolledOff.length > 0) console.log(`# [${theme}] ${what}: wider than the panel, ${reading.scrolledOff.length} labels need a sideways scroll (${reading.scrolledOff.slice(0, 4).map((text) => JSON.stringify(text)).join(', ')})`);
}

async function main(): Promise<number> {
  const vsix = findVsix();
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  console.log(`[e2e] ${vsix}`);
  const browser = await launchChromium();
  try {
    for (const theme of THEMES) await themeRun(browser, vsix, theme);
  } finally {
    await browser.close();
  }
  console.log(`[e2e] screenshots: ${SHOTS}`);
  console.log(failures === 0 ? '[e2e] all workbench checks passed' : `[e2e] ${failures} workbench checks failed`);
  return failures === 0 ? 0 : 1;
}

// `node --test` runs every file under out/test as its own process: it sets NODE_TEST_CONTEXT.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  main().then((code) => {
    process.exitCode = code;
  }, (error: unknown) => {
    console.error('[e2e]', error);
    process.exitCode = 3;
  });
}
