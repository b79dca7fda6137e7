/**
 * Time to show a 1,000-message sequence in a headless browser, against Mermaid rendering the
 * same diagram on the same machine (goal: at least 10x faster).
 *
 * Ours: the webview bundle (out/webview.js) hosted as panel.ts hosts it (same CSP, a stub
 * acquireVsCodeApi, as test/webview/screenshot.ts does), timed from posting 'show' with the
 * trace as panel.ts sends it (payloads held back, protocol/heldPayloads.ts) to the webview's
 * 'rendered' message, and to the next painted frame. Three cases:
 *   default   what a user sees first: repeats collapsed into groups, only the visible rows drawn;
 *   expanded  every group expanded (restored view state), still only the visible rows drawn;
 *   all rows  every group expanded in a viewport tall enough for all 1,000 rows: every arrow
 *             in the DOM, as in Mermaid's SVG (the like-for-like case).
 * Mermaid: mermaid.render() of our Mermaid export of the same 1,000 events
 * (simulator/trace/mermaid.ts), its SVG put in the page and painted.
 * Each figure is the median of 7 runs, each on a fresh page, after a warm-up run; script
 * loading is not included on either side (it is printed separately).
 *
 * Needs Debian's chromium and, outside package.json, Mermaid and playwright-core:
 * .ci/install-bench-tools.sh installs them into .tools/bench (or $APIGW_BENCH_TOOLS) when missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromJson } from '../simulator/config/modelJson/modelFromJson';
import { simulateRouteRequest } from '../simulator/scenario/routeRequest';
import { toMermaid } from '../simulator/trace/mermaid';
import type { TraceJson } from '../simulator/trace/trace';
import { toTraceJson } from '../simulator/trace/traceJson';
import { findRepeatRuns } from '../webview/drawing/repeatRuns';
import { holdBackPayloads } from '../webview/protocol/heldPayloads';
import type { RouteView } from '../webview/protocol/messages';
import { traceScenarioOptions } from '../simulator/scenario/registry';
import { BODY_CLASS, themeCss } from '../test/webview/themes';
import { CHROMIUM, hasChromium, launchChromium, type Browser, type Page } from '../simulator/fidelity/headlessChromium';

interface Timing {
  /** Until the work is done: 'rendered' posted, or mermaid.render resolved and its SVG inserted. */
  rendered: number;
  /** Until the frame after it was painted. */
  painted: number;
}

const ROOT = join(__dirname, '..', '..');
const TOOLS = process.env.APIGW_BENCH_TOOLS ?? join(ROOT, '.tools', 'bench');
const ORIGIN = 'https://bench.test';
const NONCE = 'YmVuY2gtbm9uY2UtMTIzNA==';
const RUNS = 7;
const MESSAGES = 1000;

function trace(): TraceJson {
  const model = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');
  // 110 requests on one kept-alive connection make 1,016 events; the first 1,000 are the diagram.
  const full = simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', requests: 110, keepAlive: true });
  return toTraceJson({ ...full, events: full.events.slice(0, MESSAGES) });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function files(view: RouteView, expandedGroups: string[]): Map<string, { type: string; body: string }> {
  const csp = `default-src 'none'; style-src ${ORIGIN}; font-src ${ORIGIN}; img-src ${ORIGIN} data:; script-src 'nonce-${NONCE}'`;
  // The stub VS Code API: a saved view state (for the expanded case) and a hook on 'rendered'.
  const harness = `(() => {
  let state = window.__initialState;
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => { window.__posted.push(message); if (message.type === 'rendered' && window.__onRendered) window.__onRendered(); },
    getState: () => state,
    setState: (next) => { state = next; },
  });
})();`;
  const ours = (expanded: boolean): string => `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="theme.css"><link rel="stylesheet" href="webview.css"><title>bench</title></head>
<body class="${BODY_CLASS.light}"><div id="app" role="main"></div>
<script nonce="${NONCE}" src="${expanded ? 'state-expanded.js' : 'state-default.js'}"></script>
<script nonce="${NONCE}" src="harness.js"></script>
<script nonce="${NONCE}" src="view.js"></script>
<script nonce="${NONCE}" src="webview.js"></script>
</body></html>`;
  const state = (groups: string[]): string => `window.__initialState = ${JSON.stringify({ version: 1, routeId: view.routeId, scenario: 'series', tab: 'sequence', expandedGroups: groups })};`;
  return new Map([
    ['ours.html', { type: 'text/html', body: ours(false) }],
    ['ours-expanded.html', { type: 'text/html', body: ours(true) }],
    ['state-default.js', { type: 'text/javascript', body: state([]) }],
    ['state-expanded.js', { type: 'text/javascript', body: state(expandedGroups) }],
    ['harness.js', { type: 'text/javascript', body: harness }],
    ['view.js', { type: 'text/javascript', body: `window.__view = ${JSON.stringify(view)};` }],
    ['webview.js', { type: 'text/javascript', body: readFileSync(join(ROOT, 'out', 'webview.js'), 'utf8') }],
    ['webview.css', { type: 'text/css', body: readFileSync(join(ROOT, 'out', 'webview.css'), 'utf8') }],
    ['theme.css', { type: 'text/css', body: themeCss('light') }],
    ['mermaid.html', { type: 'text/html', body: '<!DOCTYPE html><html><head><meta charset="UTF-8"><title>mermaid</title></head><body><div id="out"></div><script src="mermaid.min.js"></script></body></html>' }],
    ['mermaid.min.js', { type: 'text/javascript', body: readFileSync(join(TOOLS, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'), 'utf8') }],
  ]);
}

async function openPage(browser: Browser, pages: Map<string, { type: string; body: string }>, name: string, height: number): Promise<{ page: Page; loadMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1440, height }, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => console.error(`${name}: page error: ${error.message}`));
  await page.route(`${ORIGIN}/**`, async (route) => {
    const file = pages.get(new URL(route.request().url()).pathname.slice(1));
    await route.fulfill(file ? { status: 200, contentType: file.type, body: file.body } : { status: 404, body: '' });
  });
  const started = process.hrtime.bigint();
  await page.goto(`${ORIGIN}/${name}`);
  if (name.startsWith('ours')) await page.waitForFunction(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.some((message) => message.type === 'ready'), undefined);
  else await page.waitForFunction(() => 'mermaid' in globalThis, undefined);
  return { page, loadMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Posts 'show' and times it inside the page. Returns the timing, how many arrows are in the DOM and how many elements draw them. */
async function timeOurs(page: Page): Promise<Timing & { drawn: number; elements?: number }> {
  return page.evaluate(async () => {
    const browser = globalThis as unknown as {
      __view: unknown; __onRendered?: () => void;
      postMessage(message: unknown, origin: string): void;
      requestAnimationFrame(callback: () => void): number;
      performance: { now(): number };
      document: { querySelectorAll(selector: string): { length: number } };
    };
    const started = browser.performance.now();
    const rendered = new Promise<void>((resolve) => { browser.__onRendered = resolve; });
    browser.postMessage({ type: 'show', view: browser.__view }, '*');
    await rendered;
    const done = browser.performance.now();
    await new Promise<void>((resolve) => browser.requestAnimationFrame(() => browser.requestAnimationFrame(() => resolve())));
    const painted = browser.performance.now() - started;
    // Counted after the clock stopped: what the browser had to style, lay out and paint.
    return { rendered: done - started, painted, drawn: browser.document.querySelectorAll('.sequence-body text.item').length, elements: browser.document.querySelectorAll('.sequence-body *, .sequence-ruler *').length };
  }, undefined);
}

async function timeMermaid(page: Page, text: string): Promise<Timing & { drawn: number }> {
  return page.evaluate(async (diagram: string) => {
    const browser = globalThis as unknown as {
      mermaid: { initialize(config: Record<string, unknown>): void; render(id: string, text: string): Promise<{ svg: string }> };
      requestAnimationFrame(callback: () => void): number;
      performance: { now(): number };
      document: { getElementById(id: string): { innerHTML: string; getBoundingClientRect(): unknown; querySelectorAll(selector: string): { length: number } } | null };
    };
    // Mermaid refuses texts over 50,000 characters by default; ours is longer.
    browser.mermaid.initialize({ startOnLoad: false, maxTextSize: 10_000_000, securityLevel: 'strict' });
    const started = browser.performance.now();
    const { svg } = await browser.mermaid.render('sequence', diagram);
    const out = browser.document.getElementById('out')!;
    out.innerHTML = svg;
    out.getBoundingClientRect();
    const done = browser.performance.now();
    await new Promise<void>((resolve) => browser.requestAnimationFrame(() => browser.requestAnimationFrame(() => resolve())));
    return { rendered: done - started, painted: browser.performance.now() - started, drawn: out.querySelectorAll('.messageLine0, .messageLine1').length };
  }, text);
}

async function measure(browser: Browser, pages: Map<string, { type: string; body: string }>, name: string, height: number, run: (page: Page) => Promise<Timing & { drawn: number; elements?: number }>): Promise<{ rendered: number; painted: number; drawn: number; elements?: number; loadMs: number }> {
  const samples: (Timing & { drawn: number; elements?: number; loadMs: number })[] = [];
  for (let index = 0; index <= RUNS; index++) {
    const { page, loadMs } = await openPage(browser, pages, name, height);
    const timing = await run(page);
    await page.close();
    if (index > 0) samples.push({ ...timing, loadMs });
  }
  return {
    rendered: median(samples.map((sample) => sample.rendered)),
    painted: median(samples.map((sample) => sample.painted)),
    drawn: samples[0].drawn,
    ...(samples[0].elements !== undefined ? { elements: samples[0].elements } : {}),
    loadMs: median(samples.map((sample) => sample.loadMs)),
  };
}

async function main(): Promise<void> {
  if (!hasChromium()) {
    console.log(`sequence render: skipped, no ${CHROMIUM} (apt-get install chromium)`);
    return;
  }
  if (!existsSync(join(TOOLS, 'node_modules', 'mermaid')) || !existsSync(join(TOOLS, 'node_modules', 'playwright-core'))) {
    execFileSync('bash', [join(ROOT, '.ci', 'install-bench-tools.sh'), TOOLS], { stdio: 'inherit' });
  }
  const diagram = trace();
  // As extension/panel.ts sends it: the payloads only the details panel reads are held back.
  const { trace: sent, held } = holdBackPayloads(diagram);
  const view: RouteView = { routeId: 'shop-orders POST /orders (1,000 messages)', title: 'shop-orders POST /orders', apiType: 'HTTP', scenario: 'series', scenarios: traceScenarioOptions('HTTP'), trace: sent, heldPayloads: held, costUsd: 0 };
  const groups = findRepeatRuns(diagram.events).map((run) => `g${diagram.events[run.start].id}-${diagram.events[run.start + run.period * run.repeats - 1].id}`);
  const mermaidText = toMermaid(diagram);
  const pages = files(view, groups);
  const browser = await launchChromium(TOOLS);
  try {
    const mermaidVersion = (JSON.parse(readFileSync(join(TOOLS, 'node_modules', 'mermaid', 'package.json'), 'utf8')) as { version: string }).version;
    // Tall enough for the header, 1,000 rows of 30 px and the margins: nothing left to virtualise.
    const allRowsHeight = 54 + MESSAGES * 30 + 400;
    const results = {
      default: await measure(browser, pages, 'ours.html', 900, timeOurs),
      expanded: await measure(browser, pages, 'ours-expanded.html', 900, timeOurs),
      allRows: await measure(browser, pages, 'ours-expanded.html', allRowsHeight, timeOurs),
      mermaid: await measure(browser, pages, 'mermaid.html', 900, (page) => timeMermaid(page, mermaidText)),
    };
    const line = (label: string, result: typeof results.default): string =>
      `  ${label.padEnd(44)} ${result.rendered.toFixed(1).padStart(8)} ms rendered ${result.painted.toFixed(1).padStart(8)} ms painted  ${String(result.drawn).padStart(5)} arrows in the DOM${result.elements !== undefined ? ` (${result.elements} elements with the ruler)` : ''}  (script load ${result.loadMs.toFixed(0)} ms)`;
    console.log(`sequence render: ${MESSAGES} messages (${mermaidText.length.toLocaleString('en-US')} characters of Mermaid), median of ${RUNS} fresh pages, Chromium headless`);
    console.log(line('ours, default (repeats grouped, visible rows)', results.default));
    console.log(line(`ours, ${groups.length} groups expanded (visible rows)`, results.expanded));
    console.log(line('ours, expanded, all 1,000 rows drawn', results.allRows));
    console.log(line(`Mermaid ${mermaidVersion} render + insert`, results.mermaid));
    const ratio = (ours: typeof results.default): string => `${(results.mermaid.painted / ours.painted).toFixed(1)}x`;
    console.log(`  Mermaid / ours (painted): default ${ratio(results.default)}, expanded ${ratio(results.expanded)}, all rows ${ratio(results.allRows)} (goal >= 10x)`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
