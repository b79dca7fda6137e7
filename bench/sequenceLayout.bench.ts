/**
 * The webview's sequence layout on a 10,000-event trace (1,100 kept-alive POST /orders): the
 * pure step that runs before anything is drawn, in Node, with repeats grouped (the default
 * view) and with every row laid out. Median of 15 runs after 3 warm-ups.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromJson } from '../simulator/config/modelJson/modelFromJson';
import { simulateRouteRequest } from '../simulator/scenario/routeRequest';
import { toTraceJson } from '../simulator/trace/traceJson';
import { LAYERS } from '../webview/drawing/layers';
import { layoutSequence, type SequenceOptions } from '../webview/drawing/sequenceLayout';
import { itemsInRange } from '../webview/sequence/viewport';

const file = join(__dirname, '..', '..', 'examples', 'shop', 'gateway.json');
const model = modelFromJson(readFileSync(file, 'utf8'), file);
// As the webview receives it (payloads as hex).
const trace = toTraceJson(simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', requests: 1100, keepAlive: true }));

function median(options: SequenceOptions): { ms: number; items: number; height: number } {
  const times: number[] = [];
  let layout = layoutSequence(trace, options);
  for (let run = 0; run < 18; run++) {
    const start = process.hrtime.bigint();
    layout = layoutSequence(trace, options);
    if (run >= 3) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], items: layout.items.length, height: layout.height };
}

const base: SequenceOptions = { timeScale: 'compact', layers: new Set(LAYERS), width: 900 };
const grouped = median(base);
const all = median({ ...base, collapseRepeats: false });
const full = layoutSequence(trace, { ...base, collapseRepeats: false });
const window = itemsInRange(full, full.height / 2, full.height / 2 + 800).length;
console.log(`sequence layout, ${trace.events.length.toLocaleString('en-US')} events (median of 15):`);
console.log(`  repeats grouped  ${grouped.ms.toFixed(2).padStart(7)} ms, ${grouped.items} items`);
console.log(`  every row        ${all.ms.toFixed(2).padStart(7)} ms, ${all.items.toLocaleString('en-US')} items, ${window} in an 800 px window`);
