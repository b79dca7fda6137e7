import assert from 'node:assert/strict';
import { formatBytes } from '../../../webview/drawing/format';
import { describe, it } from 'node:test';
import { compareApiTypes } from '../../../simulator/scenario/compare';
import { WORKLOADS } from '../../../simulator/scenario/workloads';
import { barLayout, chartColumns, compareModel, formatMonthlyUsd, lowest, workloadText } from '../../../webview/compare/compareModel';
import type { CompareView } from '../../../webview/protocol/messages';

/** A comparison as the host sends it: the simulator's result unchanged, the presets, the config's APIs. */
function compareView(workload: string, config?: CompareView['config']): CompareView {
  return {
    result: compareApiTypes(WORKLOADS[workload]),
    presets: Object.values(WORKLOADS).map((preset) => ({ name: preset.name, description: preset.description })),
    ...(config ? { config } : {}),
  };
}

const chat = compareView('chat');

describe('the Compare view-model', () => {
  it('shows latency, bytes per message and monthly cost for the three API types, from the simulated figures', () => {
    const model = compareModel(chat);
    assert.deepEqual(model.metrics.map((metric) => metric.id), ['latency', 'bytes', 'cost']);
    assert.deepEqual(model.apiTypes.map((entry) => entry.label), ['REST API', 'HTTP API', 'WebSocket API']);
    const [rest, http, websocket] = chat.result.results;
    const bar = (metric: string, apiType: string, series: string): number | undefined =>
      model.metrics.find((entry) => entry.id === metric)?.bars.find((candidate) => candidate.key === `${metric}:${apiType}:${series}`)?.value;
    assert.equal(bar('latency', 'REST', 'p99'), rest.p99LatencyMs);
    assert.equal(bar('latency', 'HTTP', 'later'), http.warmLatencyMs);
    assert.equal(bar('bytes', 'WEBSOCKET', 'down'), websocket.bytesDownPerMessage);
    assert.equal(bar('cost', 'HTTP', 'month'), http.monthlyCostUsd);
  });

  it('marks the cheapest and the fastest API type as the figures decide, not by a fixed answer', () => {
    for (const name of Object.keys(WORKLOADS)) {
      const view = compareView(name);
      const model = compareModel(view);
      const results = view.result.results;
      const cheapest = results.reduce((best, result) => (result.monthlyCostUsd < best.monthlyCostUsd ? result : best));
      const fastest = results.reduce((best, result) => (result.warmLatencyMs < best.warmLatencyMs ? result : best));
      const cost = model.metrics.find((metric) => metric.id === 'cost')!;
      const latency = model.metrics.find((metric) => metric.id === 'latency')!;
      assert.ok(cost.winners.includes(cheapest.apiType), `${name}: ${cheapest.apiType} is cheapest`);
      assert.ok(latency.winners.includes(fastest.apiType), `${name}: ${fastest.apiType} is fastest`);
      assert.match(cost.ariaLabel, /Cheapest: /);
    }
    // Many clients receiving many updates: push beats polling on cost.
    assert.deepEqual(compareModel(compareView('ticker')).metrics.find((metric) => metric.id === 'cost')!.winners, ['WEBSOCKET']);
  });

  it('calls a tie a tie', () => {
    const [rest, http] = chat.result.results;
    assert.deepEqual(lowest([{ ...rest, monthlyCostUsd: 5 }, { ...http, monthlyCostUsd: 5 }], (result) => result.monthlyCostUsd), ['REST', 'HTTP']);
  });

  it('shows the four rules of thumb with the verdict the simulator reached', () => {
    const model = compareModel(chat);
    assert.equal(model.rules.length, 4);
    for (const [index, rule] of model.rules.entries()) {
      assert.equal(rule.holds, chat.result.rules[index].holds);
      assert.equal(rule.verdict, rule.holds ? 'Holds' : 'Does not hold');
      assert.equal(rule.finding, chat.result.rules[index].finding);
    }
    // With keep-alive, later requests skip the handshakes: the folklore does not hold.
    assert.equal(model.rules.find((rule) => /handshake/.test(rule.rule))?.holds, false);
  });

  it('says whose APIs were compared: the config’s where it has the type, the reference ones otherwise', () => {
    assert.match(compareModel(chat).source, /reference APIs/);
    const partly = compareModel({ ...chat, config: { file: 'template.yaml', apis: ['httpref001'] } });
    assert.deepEqual(partly.apiTypes.map((entry) => entry.fromConfig), [false, true, false]);
    assert.match(partly.source, /Your APIs from template\.yaml where it has one of the type/);
  });

  it('tells the config\'s APIs from the reference ones by id, not by a display name they may share', () => {
    const results = chat.result.results.map((result) => ({ ...result, api: 'dev-catalog' }));
    const view = { ...chat, result: { ...chat.result, results }, config: { file: 'serverless.yml', apis: ['restref001'] } };
    assert.deepEqual(compareModel(view).apiTypes.map((entry) => entry.fromConfig), [true, false, false]);
  });

  it('describes the workload in one line', () => {
    assert.equal(workloadText(WORKLOADS.shop), '1,000 clients · 2 calls/min each (200 B up, 1,500 B down) · 0.05 server updates/min (80 B), polled every 10 s without WebSocket');
    assert.match(workloadText(WORKLOADS.banking), /no server updates$/);
  });

  it('puts every figure in the table, one column per API type, the best of each row starred', () => {
    const model = compareModel(chat);
    assert.deepEqual(model.table.head, ['', 'REST API', 'HTTP API', 'WebSocket API']);
    const costRow = model.table.rows.find((row) => row.header.startsWith('Monthly cost'))!;
    const cheapest = chat.result.results.findIndex((result) => model.metrics[2].winners.includes(result.apiType));
    assert.equal(costRow.best[cheapest], true);
    assert.equal(costRow.best.filter(Boolean).length, 1);
    assert.ok(model.table.rows.every((row) => row.cells.length === 3));
  });

  it('lists each API type\'s request header bytes, first and later request, over HTTP/1.1 and over h2, as the comparison measured them', () => {
    const model = compareModel(chat);
    const row = (header: string): string[] => model.table.rows.find((candidate) => candidate.header.startsWith(header))!.cells;
    chat.result.results.forEach((result, index) => {
      const bytes = result.requestHeaderBytes;
      if (!bytes) {
        // A WebSocket message carries no request headers.
        assert.equal(row('Request headers over HTTP/1.1')[index], '–');
        return;
      }
      assert.equal(row('Request headers over HTTP/1.1')[index], `${formatBytes(bytes.http1.first)} / ${formatBytes(bytes.http1.later)}`);
      assert.equal(row('Request headers over h2')[index], `${formatBytes(bytes.http2.first)} / ${formatBytes(bytes.http2.later)}`);
      assert.ok(bytes.http2.later < bytes.http1.later, `${result.apiType}: HPACK makes a later request's headers smaller`);
    });
  });
});

describe('the Compare view\'s HTTP/1.1 and h2 header chart', () => {
  const model = compareModel(chat);
  const headers = model.headers!;
  const apiTypes = model.apiTypes.map((entry) => entry.apiType);

  it('draws each API type\'s request header bytes, first and second request, over HTTP/1.1 and h2, as the comparison measured them', () => {
    for (const result of chat.result.results) {
      const bars = headers.bars.filter((bar) => bar.apiType === result.apiType);
      const bytes = result.requestHeaderBytes;
      if (!bytes) continue;
      assert.deepEqual(bars.map((bar) => [bar.series, bar.value, bar.text]), [
        ['h1-first', bytes.http1.first, formatBytes(bytes.http1.first)], ['h1-later', bytes.http1.later, formatBytes(bytes.http1.later)],
        ['h2-first', bytes.http2.first, formatBytes(bytes.http2.first)], ['h2-later', bytes.http2.later, formatBytes(bytes.http2.later)],
      ]);
    }
  });

  it('sets a WebSocket message\'s frame header beside them, the figure the rule of thumb compares with', () => {
    const ws = chat.result.results.find((result) => result.apiType === 'WEBSOCKET')!;
    assert.deepEqual(headers.bars.filter((bar) => bar.apiType === 'WEBSOCKET').map((bar) => [bar.series, bar.value]), [['frame', ws.overheadUpBytes]]);
    // Masked client frames: 2 bytes of header plus a 4-byte key, 6 or 8 with a 16-bit length (RFC 6455 §5.2).
    assert.ok(ws.overheadUpBytes === 6 || ws.overheadUpBytes === 8);
  });

  it('names every API type once, the WebSocket API on its only bar, and stars none', () => {
    const layout = barLayout(headers, 600, apiTypes);
    assert.equal(layout.rows.length, 9);
    assert.deepEqual(layout.rows.filter((row) => row.apiLabel).map((row) => [row.apiLabel, row.series]), [['REST API', 'h1-first'], ['HTTP API', 'h1-first'], ['WebSocket API', 'frame']]);
    assert.ok(headers.ariaLabel.includes('HTTP/2, the next request on the kept-alive connection'));
  });

  it('has no header chart when no REST or HTTP API measured request headers', () => {
    const withoutHeaders: CompareView = { ...chat, result: { ...chat.result, results: chat.result.results.map(({ requestHeaderBytes: _omitted, ...result }) => result) } };
    assert.equal(compareModel(withoutHeaders).headers, undefined);
  });
});

describe('the Compare bar layout', () => {
  const model = compareModel(chat);
  const latency = model.metrics[0];
  const apiTypes = model.apiTypes.map((entry) => entry.apiType);

  it('draws lengths in proportion to the values, the largest filling the plot', () => {
    const layout = barLayout(latency, 600, apiTypes);
    assert.equal(layout.rows.length, 9);
    const largest = Math.max(...latency.bars.map((bar) => bar.value));
    for (const row of layout.rows) {
      const value = latency.bars.find((bar) => bar.key === row.key)!.value;
      assert.ok(Math.abs(row.width - Math.max(2, (value / largest) * layout.plotWidth)) <= 0.1, row.key);
    }
    assert.equal(Math.max(...layout.rows.map((row) => row.width)), layout.plotWidth);
  });

  it('names each API type once, starring the winner, and separates the groups', () => {
    const layout = barLayout(latency, 600, apiTypes);
    const labels = layout.rows.filter((row) => row.apiLabel).map((row) => row.apiLabel);
    assert.equal(labels.length, 3);
    assert.equal(labels.filter((label) => label?.startsWith('★ ')).length, latency.winners.length);
    assert.equal(layout.separators.length, 2);
    const ys = layout.rows.map((row) => row.y);
    assert.deepEqual(ys, [...ys].sort((a, b) => a - b));
  });

  it('puts the three charts side by side in a wide panel and one above the other in a narrow one', () => {
    assert.deepEqual(chartColumns(1380, 3), { columns: 3, width: 445 });
    assert.deepEqual(chartColumns(800, 3), { columns: 2, width: 389 });
    assert.deepEqual(chartColumns(392, 3), { columns: 1, width: 392 });
    for (const width of [300, 420, 799, 1200, 2000]) {
      const grid = chartColumns(width, 3);
      assert.ok(grid.columns * grid.width + (grid.columns - 1) * 22 <= width, `${width}`);
    }
  });

  it('writes monthly bills with thousands separators and cents', () => {
    assert.equal(formatMonthlyUsd(14026.8), '$14,026.80');
    assert.equal(formatMonthlyUsd(0.5), '$0.50');
    assert.equal(formatMonthlyUsd(0.0035), '$0.0035');
  });

  it('keeps every bar inside a narrow panel, value text inside long bars', () => {
    const layout = barLayout(model.metrics[2], 300, apiTypes);
    for (const row of layout.rows) assert.ok(layout.plotLeft + row.width <= 300, row.key);
    const longest = layout.rows.reduce((best, row) => (row.width > best.width ? row : best));
    assert.equal(longest.textInside, true);
  });
});
