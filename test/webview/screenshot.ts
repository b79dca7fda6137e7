/*
 * Screenshots of the webview in light, dark and high-contrast themes, for a person to look at:
 *
 *   node esbuild.config.mjs && node out/test/webview/screenshot.js
 *
 * Builds a page in test-results/webview-page/ as the extension host does (the same CSP, the
 * bundle from out/, an empty #app), with a stub acquireVsCodeApi and VS Code's theme variables,
 * posts 'show' with the shop demo's order-status WebSocket trace and the product REST trace,
 * and saves test-results/webview-<tab>-<theme>[-product].png; then the Compare view (the shop
 * config's APIs, the chat preset) and, at a narrow 420 px, the sequence, flow and compare views
 * (webview-<tab>-<theme>-narrow.png); in light and dark, a route after "Run live": the
 * view the real host posts (out/extension.js in the fake vscode, run for real on 127.0.0.1), its
 * Summary and Table (webview-<tab>-<theme>-live.png); the order's critical path in the Summary and
 * highlighted in the sequence diagram (webview-summary-<theme>-critical.png, webview-sequence-<theme>-critical.png);
 * the Flow tab of five routes at 420, 620 and 1200 px (SCREENSHOT_ONLY=flow for just those); HTTP/2 streams in the
 * sequence, collapsed, one expanded, and three multiplexed, and the Compare view's h1/h2 header chart
 * (webview-sequence-<theme>-h2*.png, webview-compare-<theme>-h2.png; SCREENSHOT_ONLY=h2 for just those). Needs playwright-core (`npm install --no-save playwright-core`,
 * or PLAYWRIGHT_CORE=/path/to/node_modules/playwright-core) and Debian's chromium (`apt-get install chromium`).
 * Not a test: `node --test` skips it (it sets NODE_TEST_CONTEXT), so CI never needs a browser.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromJson } from '../../simulator/config/modelJson/modelFromJson';
import { compareApiTypes } from '../../simulator/scenario/compare';
import { simulateBankingDemo } from '../../simulator/scenario/bankingDemo';
import { simulateDemo } from '../../simulator/scenario/demo';
import { WORKLOADS } from '../../simulator/scenario/workloads';
import { traceScenarioOptions } from '../../simulator/scenario/registry';
import { simulateRouteRequest } from '../../simulator/scenario/routeRequest';
import type { CompareView, RouteView } from '../../webview/protocol/messages';
import { barLayout, compareModel } from '../../webview/compare/compareModel';
import { createFakeVscode, FakeDocument, installFakeVscode } from '../extension/fakeVscode';
import { BODY_CLASS, themeCss, type ThemeName } from './themes';
import { toTraceJson } from '../../simulator/trace/traceJson';

/** The part of playwright-core this script uses (typed here, so type-checking does not need the package). */
interface Page {
  route(url: string, handler: (route: { request(): { url(): string }; fulfill(response: { status?: number; contentType?: string; body: string; headers?: Record<string, string> }): Promise<void> }) => Promise<void>): Promise<void>;
  goto(url: string): Promise<unknown>;
  evaluate<T, A>(fn: (argument: A) => T, argument: A): Promise<T>;
  waitForFunction<A>(fn: (argument: A) => boolean, argument: A, options?: { timeout?: number }): Promise<unknown>;
  click(selector: string, options?: { position?: { x: number; y: number }; force?: boolean }): Promise<void>;
  dispatchEvent(selector: string, type: string): Promise<void>;
  hover(selector: string): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  on(event: 'console', handler: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', handler: (error: Error) => void): void;
  keyboard: { press(key: string): Promise<void> };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void>; down(): Promise<void>; up(): Promise<void> };
  close(): Promise<void>;
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}
interface Chromium {
  launch(options: { executablePath: string; args: string[]; headless?: boolean }): Promise<Browser>;
}

const ROOT = join(__dirname, '..', '..', '..');
const RESULTS = join(ROOT, 'test-results');
const PAGE_DIR = join(RESULTS, 'webview-page');
const ORIGIN = 'https://webview.test';
const NONCE = 'c2NyZWVuc2hvdC1ub25jZQ==';
const ALL_THEMES: readonly ThemeName[] = ['light', 'dark', 'high-contrast'];
/** SCREENSHOT_THEMES=light,dark limits a run to some themes (quicker while iterating). */
const THEMES = ALL_THEMES.filter((theme) => !process.env.SCREENSHOT_THEMES || process.env.SCREENSHOT_THEMES.split(',').includes(theme));
type Tab = 'sequence' | 'flow' | 'summary' | 'table' | 'compare';
const TAB_TITLES: Record<Tab, string> = { sequence: 'Sequence', flow: 'Flow', summary: 'Summary', table: 'Table', compare: 'Compare' };

type ViewName = 'product' | 'orderStatus' | 'throttled' | 'series' | 'order' | 'vpcLink' | 'measured' | 'measuredAgrees' | 'banking' | 'multiplex';

/**
 * What the host posts after "Run live" on the shop's POST /orders (a series of five): the bundled
 * extension in the fake vscode, its panel asked by a runLive message, the route run for real.
 */
async function measuredView(): Promise<RouteView> {
  const fake = createFakeVscode(ROOT, { webviews: true });
  const uninstall = installFakeVscode(fake.api);
  let extension: { activate(context: unknown): { commands: { live: { settled(): Promise<void> } } } };
  const template = FakeDocument.fromFile(join(ROOT, 'examples', 'shop', 'template.yaml'));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    extension = require(join(ROOT, 'out', 'extension.js')) as typeof extension;
    fake.open(template, true);
  } finally {
    uninstall();
  }
  const { commands } = extension.activate(fake.context);
  try {
    const shown = await fake.executeCommand<{ rendered: Promise<number> }>('apigwSim.simulateRoute', template.uri.toString(), 'OrdersApi POST /orders', 'series');
    await shown.rendered;
    const [panel] = fake.record.panels;
    const ended = new Promise<void>((resolve) => panel.onPosted((message) => { if (message.type === 'liveStatus' && message.running === false) resolve(); }));
    panel.send({ type: 'runLive', routeId: 'OrdersApi POST /orders', client: 'node' });
    await ended;
    await commands.live.settled();
    const show = panel.posted.filter((message) => message.type === 'show').pop() as unknown as { view: RouteView } | undefined;
    if (!show?.view.measured) throw new Error(`the host posted no measurement: ${fake.record.log.join('\n')}`);
    return show.view;
  } finally {
    for (const subscription of fake.context.subscriptions) subscription.dispose();
  }
}

/**
 * The real measurement doctored to show how agreement looks (a real run through the harness
 * still differs from the model, see the fidelity table): every real figure the model's.
 */
function agreeing(view: RouteView): RouteView {
  const measured = structuredClone(view.measured!);
  for (const connection of measured.connections) connection.figures = connection.figures.map((figure) => ({ ...figure, real: figure.model, differs: false }));
  measured.differences = [];
  return { ...view, measured };
}

function views(measured: RouteView): Record<ViewName, RouteView> {
  process.chdir(ROOT);
  const flows = simulateDemo();
  const product = flows.find((flow) => flow.name === 'product');
  const orderStatus = flows.find((flow) => flow.name === 'order-status');
  const order = flows.find((flow) => flow.name === 'order');
  if (!product || !orderStatus || !order) throw new Error('the shop demo no longer has the product and order-status flows');
  const view = (flow: typeof product): RouteView => ({
    routeId: `${flow.api} ${flow.route}`, title: `${flow.api} ${flow.route}`, apiType: flow.apiType,
    scenario: flow.apiType === 'WEBSOCKET' ? 'ws-session' : 'request', scenarios: traceScenarioOptions(flow.apiType), trace: toTraceJson(flow.trace), costUsd: flow.cost.usd,
  });
  // A throttled product request (an error), and a 10,000-event keep-alive series (the virtualised view).
  const model = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');
  const throttled = simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}', faults: ['throttled'] });
  const series = simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', requests: 1100, keepAlive: true });
  const vpcLink = simulateRouteRequest({ model, api: 'shop-orders', route: 'GET /orders/{orderId}' });
  // Three requests at once as streams 1, 3, 5 of one h2 connection (apigw-sim simulate --multiplex 3).
  const multiplex = simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}', clientProfile: 'curl', requests: 3, keepAlive: true, multiplex: true });
  return {
    multiplex: { routeId: 'shop-products GET /products/{productId} (multiplex)', title: 'shop-products GET /products/{productId} × 3 streams', apiType: 'REST', scenario: 'request', scenarios: traceScenarioOptions('REST'), trace: toTraceJson(multiplex), costUsd: 0 },
    product: view(product),
    order: view(order),
    vpcLink: { routeId: 'shop-orders GET /orders/{orderId}', title: 'shop-orders GET /orders/{orderId}', apiType: 'HTTP', scenario: 'request', scenarios: traceScenarioOptions('HTTP'), trace: toTraceJson(vpcLink), costUsd: 0 },
    orderStatus: view(orderStatus),
    throttled: { routeId: 'shop-products GET /products/{productId} (throttled)', title: 'shop-products GET /products/{productId}', apiType: 'REST', scenario: 'request', scenarios: traceScenarioOptions('REST'), trace: toTraceJson(throttled), costUsd: 0 },
    series: { routeId: 'shop-orders POST /orders (series)', title: 'shop-orders POST /orders × 1,100', apiType: 'HTTP', scenario: 'series', scenarios: traceScenarioOptions('HTTP'), trace: toTraceJson(series), costUsd: 0.0011 },
    measured,
    measuredAgrees: agreeing(measured),
    banking: (() => {
      const [transfer] = simulateBankingDemo();
      return { routeId: 'core-banking POST /transfers', title: 'core-banking POST /transfers', apiType: 'REST', scenario: 'request', scenarios: traceScenarioOptions('REST'), trace: toTraceJson(transfer.trace), costUsd: transfer.cost.usd };
    })(),
  };
}

/** Every preset through the three API types, with the shop gateway's APIs where it has the type, as the host sends them. */
function compares(): Record<string, CompareView> {
  const model = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');
  const presets = Object.values(WORKLOADS).map((preset) => ({ name: preset.name, description: preset.description }));
  return Object.fromEntries(Object.keys(WORKLOADS).map((name) => [name, {
    result: compareApiTypes(WORKLOADS[name], { model }), presets, config: { file: 'examples/shop/gateway.json', apis: model.apis.map((api) => api.id) },
  }]));
}

/** Writes the page, as the host's panel.ts builds it, and what it loads. */
async function writePage(): Promise<void> {
  mkdirSync(PAGE_DIR, { recursive: true });
  writeFileSync(join(PAGE_DIR, 'webview.js'), readFileSync(join(ROOT, 'out', 'webview.js')));
  writeFileSync(join(PAGE_DIR, 'webview.css'), readFileSync(join(ROOT, 'out', 'webview.css')));
  writeFileSync(join(PAGE_DIR, 'views.js'), `window.__views = ${JSON.stringify(views(await measuredView()))};\nwindow.__compares = ${JSON.stringify(compares())};\n`);
  // The stub VS Code API records what the webview posts; CSP violations are recorded too.
  writeFileSync(join(PAGE_DIR, 'harness.js'), `(() => {
  let state;
  window.__posted = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => {
      window.__posted.push(message);
      // The host's answer to a workload picked in the Compare view.
      if (message.type === 'compareWorkload' && window.__compares[message.workload]) {
        setTimeout(() => window.postMessage({ type: 'compare', view: window.__compares[message.workload], reveal: true }, '*'), 0);
      }
    },
    getState: () => state,
    setState: (next) => { state = next; },
  });
})();
`);
  for (const theme of ALL_THEMES) {
    writeFileSync(join(PAGE_DIR, `theme-${theme}.css`), themeCss(theme));
    const csp = `default-src 'none'; style-src ${ORIGIN}; font-src ${ORIGIN}; img-src ${ORIGIN} data:; script-src 'nonce-${NONCE}'`;
    writeFileSync(join(PAGE_DIR, `${theme}.html`), `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="theme-${theme}.css">
<link rel="stylesheet" href="webview.css">
<title>API Gateway simulation</title>
</head>
<body class="${BODY_CLASS[theme]}">
<div id="app" role="main"></div>
<script nonce="${NONCE}" src="harness.js"></script>
<script nonce="${NONCE}" src="views.js"></script>
<script nonce="${NONCE}" src="webview.js"></script>
</body>
</html>
`);
  }
}

const CONTENT_TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css' };

async function renderedCount(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.filter((message) => message.type === 'rendered').length, undefined);
}

async function waitRendered(page: Page, before: number): Promise<void> {
  await page.waitForFunction((count: number) => (globalThis as unknown as { __posted: { type: string }[] }).__posted.filter((message) => message.type === 'rendered').length > count, before, { timeout: 10_000 });
  // Let web components finish their update and the ResizeObserver settle.
  await page.evaluate(() => new Promise((resolve) => {
    const browserWindow = globalThis as unknown as { requestAnimationFrame(callback: () => void): number };
    const frame = (callback: () => void): number => browserWindow.requestAnimationFrame(callback);
    frame(() => frame(() => resolve(undefined)));
  }), undefined);
}

async function showView(page: Page, name: ViewName): Promise<void> {
  const before = await renderedCount(page);
  await page.evaluate((viewName: string) => {
    const views = (globalThis as unknown as { __views: Record<string, unknown> }).__views;
    (globalThis as unknown as { postMessage(message: unknown, origin: string): void }).postMessage({ type: 'show', view: views[viewName] }, '*');
  }, name);
  await waitRendered(page, before);
}

async function compareCount(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.filter((message) => message.type === 'compareRendered').length, undefined);
}

async function waitCompare(page: Page, before: number): Promise<void> {
  await page.waitForFunction((count: number) => (globalThis as unknown as { __posted: { type: string }[] }).__posted.filter((message) => message.type === 'compareRendered').length > count, before, { timeout: 10_000 });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 150)), undefined);
}

/** Posts a comparison as the compareApiTypes command does, and waits for the Compare view to draw it. */
async function showCompare(page: Page, workload: string): Promise<void> {
  const before = await compareCount(page);
  await page.evaluate((name: string) => {
    const compares = (globalThis as unknown as { __compares: Record<string, unknown> }).__compares;
    (globalThis as unknown as { postMessage(message: unknown, origin: string): void }).postMessage({ type: 'compare', view: compares[name], reveal: true }, '*');
  }, workload);
  await waitCompare(page, before);
}

/** Picking a workload in the Compare view asks the host for it, and the answer is drawn. */
async function checkCompare(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const before = await compareCount(page);
  await page.evaluate(() => {
    const picker = (globalThis as unknown as { document: { querySelector(selector: string): { value: string; dispatchEvent(event: unknown): boolean } | null } }).document.querySelector('vscode-single-select.compare-picker');
    if (!picker) return;
    picker.value = 'ticker';
    picker.dispatchEvent(new (globalThis as unknown as { Event: new (type: string) => unknown }).Event('change'));
  }, undefined);
  await waitCompare(page, before).catch(() => problems.push('interaction: the Compare view did not redraw after a workload was picked'));
  const asks = (await posted(page)).filter((message) => message.type === 'compareWorkload');
  // Once: drawing the answer sets the picker, which must not ask again.
  if (asks.length !== 1) problems.push(`interaction: one pick posts one compareWorkload (got ${asks.length})`);
  const asked = asks.pop() as { workload?: string } | undefined;
  if (asked?.workload !== 'ticker') problems.push(`interaction: picking ticker posts compareWorkload (got ${JSON.stringify(asked)})`);
  const drawn = await page.evaluate(() => {
    const document = (globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): { textContent: string | null } | null } }).document;
    return { bars: document.querySelectorAll('.compare-chart .bar').length, rules: document.querySelectorAll('.compare-rules .rule').length, description: document.querySelector('.compare-description')?.textContent };
  }, undefined);
  // A bar per API type and series of each chart (the metrics', then the request headers'), as the comparison's own layout counts them (not a number that goes stale when the comparison grows a series).
  const ticker = compareModel(compares().ticker);
  const charted = [...ticker.metrics, ...(ticker.headers ? [ticker.headers] : [])];
  const bars = charted.reduce((sum, entry) => sum + barLayout(entry, 760, ticker.apiTypes.map((apiType) => apiType.apiType)).rows.length, 0);
  if (drawn.bars !== bars || drawn.rules !== 4 || !/price updates/.test(drawn.description ?? '')) problems.push(`interaction: the ticker comparison draws ${bars} bars and 4 rules (got ${JSON.stringify(drawn)})`);
  return problems;
}

/** In a narrow panel: a sideways drag scrolls the columns under the sticky ruler, and the overview still moves the view. */
async function checkNarrowSequence(page: Page): Promise<string[]> {
  const problems: string[] = [];
  type Probe = { scrollLeft: number; scrollWidth: number; clientWidth: number; rulerLeft: number; firstTime: string };
  const probe = (): Promise<Probe> => page.evaluate(() => {
    const document = (globalThis as unknown as { document: { querySelector(selector: string): { scrollLeft: number; scrollWidth: number; clientWidth: number; textContent: string | null; getBoundingClientRect(): { left: number } } | null } }).document;
    const scroller = document.querySelector('.sequence-scroller');
    return {
      scrollLeft: scroller?.scrollLeft ?? -1, scrollWidth: scroller?.scrollWidth ?? -1, clientWidth: scroller?.clientWidth ?? -1,
      rulerLeft: document.querySelector('.sequence-ruler')?.getBoundingClientRect().left ?? -1,
      // The first time in the compact ruler: the first line of its first block of lines.
      firstTime: document.querySelector('.compact-times div:not(.baseline-probe)')?.textContent?.split('\n').find((line) => line !== '') ?? '',
    };
  }, undefined);
  const before = await probe();
  if (before.scrollWidth <= before.clientWidth) problems.push(`narrow sequence: nothing to scroll (${JSON.stringify(before)})`);
  await page.mouse.move(300, 500);
  await page.mouse.down();
  await page.mouse.move(120, 500, { steps: 6 });
  await page.mouse.up();
  const dragged = await probe();
  if (dragged.scrollLeft <= before.scrollLeft) problems.push(`narrow sequence: a sideways drag does not scroll (${JSON.stringify(dragged)})`);
  if (Math.abs(dragged.rulerLeft - before.rulerLeft) > 1) problems.push(`narrow sequence: the ruler moved with the columns (${before.rulerLeft} -> ${dragged.rulerLeft})`);
  await page.click('.sequence-overview', { position: { x: 20, y: 300 } });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)), undefined);
  const moved = await probe();
  if (moved.firstTime === dragged.firstTime) problems.push(`narrow sequence: a click low in the overview does not move the view (first time ${moved.firstTime})`);
  return problems;
}

async function openTab(page: Page, tab: Tab): Promise<void> {
  const before = await renderedCount(page);
  await page.click(`vscode-tab-header:has-text("${TAB_TITLES[tab]}")`);
  await waitRendered(page, before).catch(() => undefined);
}

/** A view's Summary tab scrolled to the section `selector` finds. */
async function shootSummarySection(page: Page, view: ViewName, selector: string, name: string): Promise<void> {
  await showView(page, view);
  await openTab(page, 'summary');
  await page.evaluate((section: string) => {
    const browser = globalThis as unknown as { document: { querySelector(selector: string): { scrollIntoView(): void } | null } };
    browser.document.querySelector(section)?.scrollIntoView();
  }, selector);
  await shoot(page, name);
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path });
  console.log(`wrote ${path}`);
}

type Posted = { type: string; text?: string; routeId?: string; scenario?: string; client?: string; events?: number };

async function posted(page: Page): Promise<Posted[]> {
  return page.evaluate(() => (globalThis as unknown as { __posted: Posted[] }).__posted, undefined);
}

/** Keyboard and button checks a screenshot cannot show; returns what went wrong. */
async function checkInteractions(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => { if (!ok) problems.push(`interaction: ${what}`); };
  await showView(page, 'product');
  await openTab(page, 'sequence');
  // Arrow keys walk the messages and select them; the details follow.
  await page.click('.sequence-body', { position: { x: 10, y: 10 } });
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const selected = await page.evaluate(() => {
    const document = (globalThis as unknown as { document: { querySelector(selector: string): { id: string; textContent: string | null } | null } }).document;
    return { item: document.querySelector('text.item.selected')?.id, details: document.querySelector('.details h2')?.textContent };
  }, undefined);
  check(selected.item === 'seq-e2' && selected.details === 'SYN', `ArrowDown twice from Home selects the SYN (got ${JSON.stringify(selected)})`);
  // Enter on the group of ACKs expands it.
  for (let step = 0; step < 10; step++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)), undefined);
  const expanded = await page.evaluate(() => (globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector('#seq-e13') !== null, undefined);
  check(expanded, 'Enter on the "3 × ACK" group shows its three ACKs');
  // The table copies its CSV through the host.
  await openTab(page, 'table');
  await page.click('vscode-button.copy-csv');
  const copy = (await posted(page)).filter((message) => message.type === 'copy').pop();
  const productEvents = await page.evaluate(() => (globalThis as unknown as { __views: Record<ViewName, RouteView> }).__views.product.trace.events.length, undefined);
  // A header, a row per event, and the line ending after the last.
  check(copy?.text?.startsWith('id,time_ms,layer,from,to,name,') === true && (copy?.text?.split('\r\n').length ?? 0) === productEvents + 2, `Copy CSV posts a header and ${productEvents} rows`);
  await page.click('td.column-name');
  await page.keyboard.press('ArrowDown');
  const row = await page.evaluate(() => {
    const document = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null } | null; querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }> } }).document;
    return `${[...document.querySelectorAll('.event-table tr.selected')].map((selectedRow) => selectedRow.getAttribute('aria-rowindex')).join(',')} focus ${document.activeElement?.tagName} ${document.activeElement?.textContent}`;
  }, undefined);
  check(row.startsWith('3 '), `ArrowDown in the table selects the next row (got row ${row})`);
  await page.click('th[aria-sort] button >> text=Bytes');
  const sort = await page.evaluate(() => (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } }).document.querySelector('th[aria-sort="ascending"]')?.textContent, undefined);
  check(sort?.startsWith('Bytes') === true, `a header click sorts by that column (aria-sort on ${sort})`);
  // Re-simulate asks the host for the chosen scenario of the shown route.
  await page.click('vscode-button.resimulate');
  const resimulate = (await posted(page)).filter((message) => message.type === 'resimulate').pop();
  check(resimulate?.routeId === 'shop-products GET /products/{productId}' && resimulate?.scenario === 'request', `Re-simulate posts the route (got ${JSON.stringify(resimulate)})`);
  const rendered = (await posted(page)).filter((message) => message.type === 'rendered').pop();
  check(rendered?.routeId === 'shop-products GET /products/{productId}' && rendered?.events === productEvents, `rendered reports the route and its ${productEvents} events (got ${JSON.stringify(rendered)})`);
  return problems;
}

/** The Run live button: reachable by keyboard, it asks the host for the shown route; disabled with its reason for a view that cannot run live. */
async function checkRunLive(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => { if (!ok) problems.push(`run live: ${what}`); };
  const button = (): Promise<{ text: string | null; disabled: boolean; title: string }> => page.evaluate(() => {
    const found = (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null; disabled: boolean; title: string } | null } }).document.querySelector('vscode-button.run-live');
    return { text: found?.textContent ?? null, disabled: found?.disabled ?? true, title: found?.title ?? '' };
  }, undefined);
  const shown = await button();
  check(shown.text === 'Run live again' && !shown.disabled, `after a run the button offers another (got ${JSON.stringify(shown)})`);
  // The client picker: curl, then back to node (the run below asks for the one picked).
  const pick = (client: string): Promise<unknown> => page.evaluate((value) => {
    const select = (globalThis as unknown as { document: { querySelector(selector: string): { value: string; dispatchEvent(event: unknown): boolean } | null } }).document.querySelector('vscode-single-select.live-client');
    if (!select) return false;
    select.value = value;
    return select.dispatchEvent(new (globalThis as unknown as { Event: new (type: string) => unknown }).Event('change'));
  }, client);
  await pick('curl');
  const curl = await button();
  check(/with curl against a stand-in gateway/.test(curl.title), `picking curl names it in the button's tooltip (got ${JSON.stringify(curl)})`);
  await pick('node');
  await page.evaluate(() => (globalThis as unknown as { document: { querySelector(selector: string): { focus(): void } | null } }).document.querySelector('vscode-button.run-live')?.focus(), undefined);
  await page.keyboard.press('Enter');
  const asked = (await posted(page)).filter((message) => message.type === 'runLive').pop();
  check(asked?.routeId === 'OrdersApi POST /orders' && asked.client === 'node', `Enter on the focused button posts runLive for the route with the node client (got ${JSON.stringify(asked)})`);
  const running = await button();
  check(running.disabled && running.text === 'Running live…', `the button is disabled while the run goes (got ${JSON.stringify(running)})`);
  await page.evaluate(() => (globalThis as unknown as { postMessage(message: unknown, origin: string): void }).postMessage({ type: 'liveStatus', routeId: 'OrdersApi POST /orders', running: false, message: 'Live run cancelled.' }, '*'), undefined);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)), undefined);
  const note = await page.evaluate(() => (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } }).document.querySelector('.live-note')?.textContent, undefined);
  check(note === '⚠ Live run cancelled.', `a run that ended without a measurement says why (got ${JSON.stringify(note)})`);
  // The demo views come without the host's availability: the button says why it cannot run.
  await showView(page, 'product');
  const unavailable = await button();
  check(unavailable.disabled && unavailable.title.length > 0, `a view the host did not clear for live runs has a disabled button with a tooltip (got ${JSON.stringify(unavailable)})`);
  return problems;
}

/** The route after "Run live" (the host's real view, and one doctored to agree): Summary, Table and the toolbar's client picker; the button's checks in light. */
async function shootLive(page: Page, theme: ThemeName): Promise<string[]> {
  const problems: string[] = [];
  await showView(page, 'measured');
  for (const tab of ['summary', 'table'] as const) {
    await openTab(page, tab);
    await shoot(page, `webview-${tab}-${theme}-live`);
  }
  await showView(page, 'measuredAgrees');
  await openTab(page, 'summary');
  await shoot(page, `webview-summary-${theme}-live-agrees`);
  // The toolbar's client picker beside Run live, over the diagram of the model under the run's conditions.
  await openTab(page, 'sequence');
  await shoot(page, `webview-sequence-${theme}-live`);
  await showView(page, 'measured');
  if (theme === 'light') problems.push(...(await checkRunLive(page)).map((problem) => `${theme}: ${problem}`));
  await openTab(page, 'sequence');
  return problems;
}

/** Shows the 10,000-event series, expands its group of repeats, and times drawing and scrolling. */
async function measureLongTrace(page: Page): Promise<void> {
  await openTab(page, 'sequence');
  const started = Date.now();
  await showView(page, 'series');
  console.log(`10,000-event trace: shown in ${Date.now() - started} ms`);
  await shoot(page, 'webview-sequence-dark-series');
  // Expand the group of repeated requests, so that all 10,000 events are in the layout. It is
  // below the first screen, so not in the DOM yet: End moves to the last message and brings it in.
  await page.click('.sequence-body', { position: { x: 10, y: 10 } });
  await page.keyboard.press('End');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)), undefined);
  const groupKey = await page.evaluate(() => {
    const groups = [...(globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<{ id: string; getAttribute(name: string): string | null }> } }).document.querySelectorAll('text.item.group')];
    return groups.find((group) => /events each/.test(group.getAttribute('aria-label') ?? ''))?.id ?? '';
  }, undefined);
  if (groupKey) {
    // On the group's own element, as assistive technology clicks (its mark is drawn with the others of its look).
    await page.dispatchEvent(`#${groupKey}`, 'click');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)), undefined);
  }
  const timing = await page.evaluate(async () => {
    const browser = globalThis as unknown as {
      document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean; querySelectorAll(selector: string): { length: number } } | null };
      WheelEvent: new (type: string, init: { deltaY: number; bubbles: boolean; cancelable: boolean }) => unknown;
      requestAnimationFrame(callback: (time: number) => void): number;
      performance: { now(): number };
    };
    const body = browser.document.querySelector('.sequence-body');
    if (!body) return { frames: 0, worst: 0, mean: 0, drawn: 0 };
    const durations: number[] = [];
    let drawn = 0;
    for (let step = 0; step < 240; step++) {
      const before = browser.performance.now();
      body.dispatchEvent(new browser.WheelEvent('wheel', { deltaY: 400, bubbles: true, cancelable: true }));
      await new Promise<number>((resolve) => browser.requestAnimationFrame(resolve));
      durations.push(browser.performance.now() - before);
      drawn = Math.max(drawn, body.querySelectorAll('text.item').length);
    }
    return { frames: durations.length, worst: Math.max(...durations), mean: durations.reduce((sum, value) => sum + value, 0) / durations.length, drawn };
  }, undefined);
  console.log(`10,000-event trace, expanded: ${timing.frames} scroll steps, mean ${timing.mean.toFixed(1)} ms, worst ${timing.worst.toFixed(1)} ms, at most ${timing.drawn} items in the DOM`);
  await shoot(page, 'webview-sequence-dark-series-expanded');
}

/**
 * HTTP/2 in the sequence: the browser's product request with its streams collapsed, then stream 1
 * expanded by a click on its element; three multiplexed streams; and the Compare view's header chart.
 */
async function shootHttp2(page: Page, theme: ThemeName): Promise<string[]> {
  const problems: string[] = [];
  await showView(page, 'product');
  await openTab(page, 'sequence');
  await shoot(page, `webview-sequence-${theme}-h2`);
  const stream1 = await page.evaluate(() => {
    const found = [...(globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<{ id: string; getAttribute(name: string): string | null }> } }).document.querySelectorAll('[id^="seq-s"]')]
      .find((element) => element.getAttribute('aria-label')?.startsWith('HTTP/2 stream 1 '));
    return found?.id;
  }, undefined);
  if (stream1) {
    const before = await renderedCount(page);
    await page.dispatchEvent(`#${stream1}`, 'click');
    await waitRendered(page, before).catch(() => undefined);
    await page.mouse.move(5, 5);
    await shoot(page, `webview-sequence-${theme}-h2-expanded`);
    // Collapse it again, so that later screenshots of the product request start as a user finds them.
    const expanded = await page.evaluate(() => [...(globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<{ id: string; getAttribute(name: string): string | null }> } }).document.querySelectorAll('[id^="seq-s"]')]
      .find((element) => element.getAttribute('aria-label')?.startsWith('HTTP/2 stream 1 '))?.id, undefined);
    if (expanded) await page.dispatchEvent(`#${expanded}`, 'click');
  } else problems.push('the product request shows no HTTP/2 stream 1 group');
  await showView(page, 'multiplex');
  await shoot(page, `webview-sequence-${theme}-h2-multiplex`);
  // Proportional time: each collapsed stream's request and response where they happen.
  await page.click('vscode-radio:has-text("Proportional")');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)), undefined);
  await shoot(page, `webview-sequence-${theme}-h2-multiplex-proportional`);
  await page.click('vscode-radio:has-text("Compact")');
  await showCompare(page, 'chat');
  await page.evaluate(() => (globalThis as unknown as { document: { querySelector(selector: string): { scrollIntoView(): void } | null } }).document.querySelector('.chart-headers')?.scrollIntoView(), undefined);
  await shoot(page, `webview-compare-${theme}-h2`);
  return problems;
}

/** The flow tab of five routes at three panel widths (webview-flow-<theme>-<width>-<view>.png); problems found. */
async function shootFlowWidths(page: Page, theme: ThemeName): Promise<string[]> {
  const problems: string[] = [];
  for (const width of [420, 620, 1200]) {
    await page.setViewportSize({ width, height: 1000 });
    for (const name of ['product', 'order', 'vpcLink', 'orderStatus', 'throttled'] as const) {
      await showView(page, name);
      await openTab(page, 'flow');
      // The re-layout after a resize is debounced.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 250)), undefined);
      await shoot(page, `webview-flow-${theme}-${width}-${name}`);
      const fit = await page.evaluate(() => {
        const document = (globalThis as unknown as { document: { querySelector(selector: string): { scrollWidth: number; clientWidth: number } | null } }).document;
        const scroller = document.querySelector('.flow-scroller');
        return { diagram: scroller?.scrollWidth ?? 0, room: scroller?.clientWidth ?? 0 };
      }, undefined);
      if (fit.diagram > fit.room + 1) problems.push(`${theme}: flow of ${name} at ${width} px scrolls sideways (${fit.diagram} in ${fit.room})`);
    }
    // The hop table, scrolled to its right end inside its own box: the last column comes fully into view.
    const table = await page.evaluate(() => {
      type Box = { right: number };
      const document = (globalThis as unknown as { document: { querySelector(selector: string): { scrollLeft: number; scrollWidth: number; getBoundingClientRect(): Box } | null } }).document;
      const scroller = document.querySelector('.hop-table-scroller');
      if (scroller) scroller.scrollLeft = scroller.scrollWidth;
      return { scroller: scroller?.getBoundingClientRect().right ?? 0, lastHeading: document.querySelector('.hop-table thead th:last-child')?.getBoundingClientRect().right ?? Infinity };
    }, undefined);
    if (table.lastHeading > table.scroller + 1) problems.push(`${theme}: the hop table's last column is out of reach at ${width} px (${JSON.stringify(table)})`);
    await shoot(page, `webview-flow-${theme}-${width}-throttled-table-end`);
  }
  // Narrowing the panel lays the shown diagram out again, top to bottom, without a new 'show'.
  await page.setViewportSize({ width: 1200, height: 1000 });
  await showView(page, 'order');
  const orientation = (): Promise<string> => page.evaluate(() => (globalThis as unknown as { document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null } }).document.querySelector('svg.flow-diagram')?.getAttribute('class') ?? '', undefined);
  const wide = await orientation();
  await page.setViewportSize({ width: 620, height: 1000 });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 400)), undefined);
  const narrow = await orientation();
  if (!/\bacross\b/.test(wide) || !/\bdown\b/.test(narrow)) problems.push(`${theme}: resizing the panel from 1200 to 620 px does not re-lay the flow out (${wide} -> ${narrow})`);
  await page.setViewportSize({ width: 1440, height: 900 });
  return problems;
}

async function main(): Promise<void> {
  await writePage();
  const playwright = process.env.PLAYWRIGHT_CORE ?? 'playwright-core';
  // A path given in PLAYWRIGHT_CORE loads as CommonJS: its exports may sit under `default`.
  const loaded = (await import(playwright)) as { chromium?: Chromium; default?: { chromium: Chromium } };
  const chromium = loaded.chromium ?? loaded.default?.chromium;
  if (!chromium) throw new Error(`no chromium in ${playwright}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const problems: string[] = [];
  try {
    for (const theme of THEMES) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
      page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`${theme}: console ${message.type()}: ${message.text()}`); });
      page.on('pageerror', (error) => problems.push(`${theme}: page error: ${error.message}`));
      await page.route(`${ORIGIN}/**`, async (route) => {
        const file = new URL(route.request().url()).pathname.slice(1);
        const extension = file.split('.').pop() ?? '';
        await route.fulfill({ status: 200, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', body: readFileSync(join(PAGE_DIR, file), 'utf8') });
      });
      await page.goto(`${ORIGIN}/${theme}.html`);
      await page.waitForFunction(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.some((message) => message.type === 'ready'), undefined);
      await page.evaluate((kind: string) => (globalThis as unknown as { postMessage(message: unknown, origin: string): void }).postMessage({ type: 'theme', kind }, '*'), theme);

      // The banking transfer with the SOAP envelope the mapping template wrote selected: its details pane.
      await showView(page, 'banking');
      const soap = await page.evaluate(() => (globalThis as unknown as { __views: Record<ViewName, RouteView> }).__views.banking.trace.events.find((event) => event.kind === 'http.request' && event.from === 'gateway')?.id, undefined);
      if (soap !== undefined) {
        // A click on the message's own element, as assistive technology sends one (its arrow is drawn with the others of its look).
        await page.dispatchEvent(`#seq-e${soap}`, 'click');
        await page.mouse.move(5, 5);
        await shoot(page, `webview-sequence-${theme}-banking`);
      } else problems.push(`${theme}: the banking transfer has no integration request`);
      if (process.env.SCREENSHOT_ONLY === 'live') {
        if (theme !== 'high-contrast') problems.push(...(await shootLive(page, theme)));
        await page.close();
        continue;
      }
      if (process.env.SCREENSHOT_ONLY === 'banking') {
        await page.close();
        continue;
      }
      problems.push(...(await shootHttp2(page, theme)).map((problem) => `${theme}: ${problem}`));
      if (process.env.SCREENSHOT_ONLY === 'h2') {
        await page.close();
        continue;
      }
      // The product request's summary, scrolled to the requests as DevTools times them (SCREENSHOT_ONLY=summary for just these).
      await shootSummarySection(page, 'product', '.request-phases', `webview-summary-${theme}-devtools`);
      // The order's critical path in the summary (a JWT authorizer fetching its keys), then "Show in sequence": the highlight.
      await shootSummarySection(page, 'order', '.critical-path', `webview-summary-${theme}-critical`);
      const before = await renderedCount(page);
      await page.click('.show-critical-path');
      await waitRendered(page, before).catch(() => undefined);
      await page.mouse.move(5, 5);
      const pressed = await page.evaluate(() => (globalThis as unknown as { document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null } }).document.querySelector('.critical-path-toggle')?.getAttribute('aria-pressed'), undefined);
      if (pressed !== 'true') problems.push(`${theme}: "Show in sequence" left the Critical path toggle ${pressed ?? 'absent'}`);
      await shoot(page, `webview-sequence-${theme}-critical`);
      if (process.env.SCREENSHOT_ONLY === 'summary') {
        await page.close();
        continue;
      }
      problems.push(...(await shootFlowWidths(page, theme)));
      if (process.env.SCREENSHOT_ONLY === 'flow') {
        await page.close();
        continue;
      }

      // The comparison on its own, before any route was simulated (the command run first).
      await showCompare(page, 'chat');
      await shoot(page, `webview-compare-${theme}-alone`);
      await page.evaluate(() => {
        const view = (globalThis as unknown as { document: { querySelector(selector: string): { scrollTop: number; scrollHeight: number } | null } }).document.querySelector('.compare-view');
        if (view) view.scrollTop = view.scrollHeight;
      }, undefined);
      await shoot(page, `webview-compare-${theme}-table`);
      await page.evaluate(() => {
        const view = (globalThis as unknown as { document: { querySelector(selector: string): { scrollTop: number } | null } }).document.querySelector('.compare-view');
        if (view) view.scrollTop = 0;
      }, undefined);
      // A medium panel, for the README: the three charts in two columns.
      await page.setViewportSize({ width: 960, height: 640 });
      await showCompare(page, 'chat');
      await shoot(page, `webview-compare-${theme}-medium`);
      await page.setViewportSize({ width: 1440, height: 900 });

      // The WebSocket session: every tab; the sequence with the upgrade request selected.
      await showView(page, 'orderStatus');
      // On the message's own element, as above: the Upgrade request, found by its kind (its id follows the model's events).
      const upgrade = await page.evaluate(() => (globalThis as unknown as { __views: Record<ViewName, RouteView> }).__views.orderStatus.trace.events.find((event) => event.kind === 'http.request')?.id, undefined);
      if (upgrade === undefined) problems.push(`${theme}: the order-status session has no Upgrade request`);
      else await page.dispatchEvent(`#seq-e${upgrade}`, 'click');
      await page.mouse.move(5, 5);
      await shoot(page, `webview-sequence-${theme}`);
      for (const tab of ['flow', 'summary', 'table'] as const) {
        await openTab(page, tab);
        await shoot(page, `webview-${tab}-${theme}`);
      }
      // Proportional time on the same session.
      await openTab(page, 'sequence');
      await page.click('vscode-radio:has-text("Proportional")');
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)), undefined);
      await shoot(page, `webview-sequence-proportional-${theme}`);
      await page.click('vscode-radio:has-text("Compact")');

      // The product request on the REST API.
      await showView(page, 'product');
      for (const tab of ['flow', 'summary', 'sequence'] as const) {
        await openTab(page, tab);
        await shoot(page, `webview-${tab}-${theme}-product`);
      }
      // A failure: the throttled request.
      await showView(page, 'throttled');
      await shoot(page, `webview-sequence-${theme}-throttled`);
      await openTab(page, 'flow');
      await shoot(page, `webview-flow-${theme}-throttled`);

      // The comparison, on its own tab, for the shop config and the chat preset.
      await showCompare(page, 'chat');
      await shoot(page, `webview-compare-${theme}`);
      if (theme === 'light') problems.push(...(await checkCompare(page)).map((problem) => `${theme}: ${problem}`));

      // A narrow panel, the usual column beside the config.
      await page.setViewportSize({ width: 420, height: 900 });
      await showCompare(page, 'chat');
      await shoot(page, `webview-compare-${theme}-narrow`);
      await showView(page, 'orderStatus');
      await openTab(page, 'sequence');
      await shoot(page, `webview-sequence-${theme}-narrow`);
      if (theme === 'light') problems.push(...(await checkNarrowSequence(page)).map((problem) => `${theme}: ${problem}`));
      // Scrolled to the right: the ruler and the header stay, the last lifelines come into view.
      await page.evaluate(() => {
        const scroller = (globalThis as unknown as { document: { querySelector(selector: string): { scrollLeft: number; scrollWidth: number } | null } }).document.querySelector('.sequence-scroller');
        if (scroller) scroller.scrollLeft = scroller.scrollWidth;
      }, undefined);
      await shoot(page, `webview-sequence-${theme}-narrow-scrolled`);
      await openTab(page, 'flow');
      await shoot(page, `webview-flow-${theme}-narrow`);
      await openTab(page, 'sequence');
      await page.setViewportSize({ width: 1440, height: 900 });

      // After "Run live": the model under the live run's conditions with the real capture beside it.
      if (theme !== 'high-contrast') problems.push(...(await shootLive(page, theme)));

      if (theme === 'dark') await measureLongTrace(page);
      if (theme === 'light') problems.push(...(await checkInteractions(page)).map((problem) => `${theme}: ${problem}`));

      const violations = await page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations, undefined);
      for (const violation of violations) problems.push(`${theme}: CSP violation: ${violation}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
}

if (process.env.NODE_TEST_CONTEXT) {
  // Run by `node --test` because it sits under test/: nothing to do there.
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
