/*
 * The bundled extension (out/extension.js) driven through its commands, with the fake `vscode`
 * module: the export formats and the load scenario's cancellable progress. What only a real
 * VS Code can show (the webview drawing) is in test/integration.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { dissect, problems, type DissectedFrame } from '../simulator/export/tshark';
import { activated, ROUTE, ROUTE_TITLE, TEMPLATE } from './activated';
import { FakeDocument, type FakeVscodeScript } from './fakeVscode';

const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-commands-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const lastPanel = (): FakeVscodeScript['workspaceState'] => ({ lastPanel: { documentUri: FakeDocument.fromFile(TEMPLATE).uri.toString(), routeId: ROUTE, scenario: 'request' } });

describe('Export Trace', () => {
  it('writes the last simulated route as a standalone SVG sequence diagram (executeCommand(..., uri, "svg"))', async () => {
    const fake = activated({ workspaceState: lastPanel() });
    const Uri = fake.api.Uri as { file(path: string): { fsPath: string } };
    const target = Uri.file(join(directory, 'trace.svg'));
    const written = await fake.executeCommand<{ fsPath: string }>('apigwSim.exportTrace', target, 'svg');
    assert.equal(written.fsPath, target.fsPath);
    const svg = readFileSync(target.fsPath, 'utf8');
    assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /shop-orders · POST \/orders \(request\)/);
    const arrows = svg.match(/<g class="message /g)?.length ?? 0;
    assert.ok(arrows > 20, `${arrows} messages drawn`);
    assert.ok(!svg.includes('var(--vscode'), 'concrete colours');
  });

  it('offers SVG in the format quick pick next to JSON and Mermaid', async () => {
    const fake = activated({ workspaceState: lastPanel(), quickPicks: ['SVG sequence diagram'] });
    const Uri = fake.api.Uri as { file(path: string): { fsPath: string } };
    const target = Uri.file(join(directory, 'picked.svg'));
    await fake.executeCommand('apigwSim.exportTrace', target);
    assert.match(readFileSync(target.fsPath, 'utf8'), /<svg /);
    const mermaid = Uri.file(join(directory, 'trace.mmd'));
    await fake.executeCommand('apigwSim.exportTrace', mermaid, 'mermaid');
    assert.match(readFileSync(mermaid.fsPath, 'utf8'), /^sequenceDiagram\n/);
  });

  it('writes the last simulated route as HAR 1.2, the request with its DevTools phases', async () => {
    const fake = activated({ workspaceState: lastPanel(), quickPicks: ['HAR (HTTP Archive)'] });
    const Uri = fake.api.Uri as { file(path: string): { fsPath: string } };
    const target = Uri.file(join(directory, 'trace.har'));
    await fake.executeCommand('apigwSim.exportTrace', target);
    const har = JSON.parse(readFileSync(target.fsPath, 'utf8')) as { log: { version: string; pages: { title: string }[]; entries: { request: { method: string; url: string }; timings: Record<string, number>; _resourceType: string }[] } };
    assert.equal(har.log.version, '1.2');
    assert.deepEqual(har.log.pages.map((page) => page.title), [`${ROUTE_TITLE} (request)`]);
    // The editor's browser client sends the order (JSON, Authorization) after a preflight, which opens the connection.
    const [preflight, entry] = har.log.entries;
    assert.deepEqual([preflight.request.method, preflight._resourceType], ['OPTIONS', 'preflight']);
    assert.ok(preflight.timings.dns > 0 && preflight.timings.ssl > 0, JSON.stringify(preflight.timings));
    assert.equal(entry.request.method, 'POST');
    assert.match(entry.request.url, /^https:\/\/.+\/orders$/);
    assert.ok(entry.timings.connect === -1 && entry.timings.blocked > 0 && entry.timings.wait > 0, JSON.stringify(entry.timings));
  });

  it('writes the last simulated route as pcapng captures that tshark reads: as sent, and decrypted with the request visible', async () => {
    const fake = activated({ workspaceState: lastPanel() });
    const Uri = fake.api.Uri as { file(path: string): { fsPath: string } };
    const written: Record<string, DissectedFrame[]> = {};
    for (const format of ['pcapng', 'pcapng-plain'] as const) {
      const target = Uri.file(join(directory, `${format}.pcapng`));
      await fake.executeCommand('apigwSim.exportTrace', target, format);
      written[format] = dissect(readFileSync(target.fsPath));
      assert.deepEqual(problems(written[format]), [], `${format}: no malformed or warning frames`);
    }
    assert.ok(written.pcapng.some((frame) => frame['tls.handshake.type'].includes('1')), 'a ClientHello as sent');
    // The extension's default client is the browser, which API Gateway answers over h2: tshark decodes the HEADERS of its CORS preflight and of the request through HPACK.
    assert.deepEqual(written['pcapng-plain'].flatMap((frame) => frame['http2.headers.method']), ['OPTIONS', 'POST'], 'the preflight and the request, readable once TLS is removed');
  });
});

describe('the load scenario from Simulate Route', () => {
  it('is offered in the scenario quick pick and opens its report under a cancellable notification', async () => {
    const fake = activated({ quickPicks: ['POST /orders', 'Load: 1,000 requests per second'] });
    const result = await fake.executeCommand<{ routeId: string; scenario: string; result: { requests: number } }>('apigwSim.simulateRoute');
    assert.equal(result.routeId, ROUTE);
    assert.equal(result.scenario, 'load');
    assert.ok(Math.abs(result.result.requests - 60_000) < 1500, `${result.result.requests} requests`);
    const [progress] = fake.record.progress;
    assert.deepEqual([progress.location, progress.cancellable], [15, true], 'a cancellable notification');
    assert.equal(fake.record.opened.length, 1);
    assert.match(fake.record.opened[0].getText(), /^shop-orders · POST \/orders: Load: 1,000 requests per second for 1 minute\n\n\d+ requests: \d+ answered/);
  });

  it('reports progress as the run goes, and Cancel stops the run itself: no report, no more progress', async () => {
    const fake = activated({ quickPicks: ['POST /orders', 'Load: 10,000 requests per second'], cancelOn: (_report, index) => index === 1 });
    const result = await fake.executeCommand('apigwSim.simulateRoute');
    assert.equal(result, undefined);
    const reports = fake.record.progress[0].reports;
    assert.equal(reports.length, 2, 'the run stopped at the chunk after Cancel');
    assert.ok((reports[0].increment ?? 0) > 0 && (reports[0].increment ?? 0) < 5, `first step ${reports[0].increment} %`);
    assert.match(reports[1].message ?? '', /^131,072 of about 6,050,000$/);
    assert.equal(fake.record.opened.length, 0, 'no report for a cancelled run');
    assert.ok(fake.record.log.some((line) => /load on OrdersApi POST \/orders cancelled/.test(line)));
    // The computation itself stopped: no chunk goes on running, and reporting, in the background.
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    assert.equal(reports.length, 2);
  });

  it('runs the default scenario, not the quick pick, when a CodeLens names the route', async () => {
    const fake = activated({ quickPicks: [] });
    // No webview in the fake: the panel cannot open, which shows the trace scenario was chosen.
    await assert.rejects(fake.executeCommand('apigwSim.simulateRoute', FakeDocument.fromFile(TEMPLATE).uri.toString(), ROUTE), /no webviews/);
    assert.equal(fake.record.progress[0].title, `Simulating ${ROUTE_TITLE}`);
  });
});
