import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventKind, Layer, TraceEvent } from '../../simulator/trace/trace';
import { LAYERS } from '../../webview/layers';
import {
  findRepeatRuns, fitText, itemsInRange, labelledKeys, layoutSequence, SEQUENCE_DEFAULTS, sequenceOverview, wrapLabel,
  type ArrowItem, type GroupItem, type SelfItem, type SequenceItem, type SequenceOptions,
} from '../../webview/sequence/layout';
import { faultTrace, orderStatusTrace, productTrace, seriesTrace } from './traces';

const ALL_LAYERS: ReadonlySet<Layer> = new Set(LAYERS);

function options(overrides: Partial<SequenceOptions> = {}): SequenceOptions {
  return { timeScale: 'compact', layers: ALL_LAYERS, width: 900, ...overrides };
}

function item<K extends SequenceItem['kind']>(items: readonly SequenceItem[], key: string, kind: K): Extract<SequenceItem, { kind: K }> {
  const found = items.find((candidate) => candidate.key === key);
  assert.ok(found, `an item ${key}`);
  assert.equal(found.kind, kind);
  return found as Extract<SequenceItem, { kind: K }>;
}

/** A minimal event for the grouping tests: only what the signature reads matters. */
function event(id: number, from: string, to: string, layer: Layer, name: string): TraceEvent {
  return { id, time: id, arrival: id + 1, from, to, layer, kind: KIND_OF[layer], name, bytes: 32, wireBytes: 52 };
}

/** A kind for each layer's minimal events (the grouping tests' TCP events are pure ACKs). */
const KIND_OF: Record<Layer, EventKind> = {
  dns: 'dns.query', tcp: 'tcp.ack', tls: 'tls.application_data', http: 'http.request', ws: 'ws.frame', gateway: 'gateway.message', backend: 'backend.message',
};

describe('sequence layout', () => {
  it('gives one column to each participant the shown events involve, in the trace order', () => {
    const trace = productTrace();
    const layout = layoutSequence(trace, options());
    // Route 53 is a participant, but the resolver had the name cached: no column for it.
    assert.deepEqual(layout.columns.map((column) => column.id), ['client', 'resolver', 'edge', 'gateway', 'waf', 'lambda:getProduct']);
    const xs = layout.columns.map((column) => column.x);
    assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
    assert.ok(layout.spacing >= SEQUENCE_DEFAULTS.minColumnSpacing);
    assert.equal(layout.width, layout.spacing * layout.columns.length);
  });

  it('compresses lifelines to a readable minimum in a narrow panel, then needs scrolling', () => {
    const trace = orderStatusTrace();
    const wide = layoutSequence(trace, options({ width: 2400 }));
    const narrow = layoutSequence(trace, options({ width: 290 }));
    assert.equal(wide.spacing, 2400 / wide.columns.length);
    assert.equal(narrow.spacing, 110);
    assert.ok(narrow.width > 290, 'wider than the panel: the view scrolls sideways');
    // Participant names still fit their boxes, in at most two lines.
    for (const column of narrow.columns) {
      assert.ok(column.labelLines.length <= 2 && column.labelLines.every((line) => line.length * 7 <= narrow.spacing - 14), column.label);
    }
  });

  it('shows every event exactly once, in event order, one row each in compact time', () => {
    const trace = orderStatusTrace();
    const layout = layoutSequence(trace, options({ collapseRepeats: false }));
    assert.equal(layout.items.length, trace.events.length);
    assert.deepEqual(layout.items.map((candidate) => candidate.key), trace.events.map((candidate) => `e${candidate.id}`));
    for (const [index, current] of layout.items.entries()) {
      const rowY = SEQUENCE_DEFAULTS.top + (index + 0.5) * SEQUENCE_DEFAULTS.rowHeight;
      if (current.kind === 'arrow') assert.deepEqual([current.y1, current.y2], [rowY, rowY], current.key);
      if (current.kind === 'self') assert.equal(current.y1, rowY, current.key);
    }
    assert.equal(layout.height, SEQUENCE_DEFAULTS.top + trace.events.length * SEQUENCE_DEFAULTS.rowHeight + SEQUENCE_DEFAULTS.bottom);
  });

  it('puts a send at y(time) and its arrival at y(arrival) in proportional time, so the slope is the transit', () => {
    const trace = productTrace();
    const layout = layoutSequence(trace, options({ timeScale: 'proportional', pxPerMs: 4 }));
    const syn = item(layout.items, 'e2', 'arrow');
    const sent = trace.events[2];
    assert.equal(sent.name, 'SYN');
    assert.ok(Math.abs(syn.y1 - (SEQUENCE_DEFAULTS.top + sent.time * 4)) < 0.01);
    assert.ok(Math.abs(syn.y2 - (SEQUENCE_DEFAULTS.top + sent.arrival * 4)) < 0.01);
    assert.equal(syn.x1, layout.columns.find((column) => column.id === 'client')?.x);
    assert.equal(syn.x2, layout.columns.find((column) => column.id === 'edge')?.x);
    // Items are ordered by their top edge, for the range queries.
    const tops = layout.items.map((candidate) => candidate.top);
    assert.deepEqual(tops, [...tops].sort((a, b) => a - b));
  });

  it('draws a self-event at its participant, as long as the step takes in proportional time', () => {
    const trace = productTrace();
    const handler = trace.events.find((candidate) => candidate.from === 'lambda:getProduct' && candidate.to === 'lambda:getProduct');
    assert.ok(handler, 'the Lambda runs its handler');
    const layout = layoutSequence(trace, options({ timeScale: 'proportional', pxPerMs: 2 }));
    const step = item(layout.items, `e${handler.id}`, 'self') as SelfItem;
    assert.equal(step.x, layout.columns.find((column) => column.id === 'lambda:getProduct')?.x);
    assert.ok(Math.abs(step.y2 - step.y1 - (handler.arrival - handler.time) * 2) < 0.02);
    assert.match(step.label, /^handler/);
  });

  it('collapses a run of pure TCP ACKs into one group that expands in place', () => {
    const trace = productTrace();
    const collapsed = layoutSequence(trace, options());
    const group = item(collapsed.items, 'g12-14', 'group') as GroupItem;
    assert.deepEqual(group.eventIds, [12, 13, 14]);
    assert.deepEqual(group.eventIds.map((id) => trace.events[id].name), ['ACK', 'ACK', 'ACK']);
    assert.equal(group.direction, 'right');
    assert.equal(group.expanded, false);
    assert.match(group.label, /3 × ACK/);
    assert.match(group.ariaLabel, /collapsed/);
    for (const id of group.eventIds) assert.equal(collapsed.itemOfEvent.get(id), 'g12-14');
    assert.equal(collapsed.items.some((candidate) => candidate.key === 'e13'), false);

    const expanded = layoutSequence(trace, options({ expanded: new Set(['g12-14']) }));
    const keys = expanded.items.map((candidate) => candidate.key);
    const at = keys.indexOf('g12-14');
    assert.deepEqual(keys.slice(at, at + 4), ['g12-14', 'e12', 'e13', 'e14']);
    assert.equal((expanded.items[at] as GroupItem).expanded, true);
    for (const key of ['e12', 'e13', 'e14']) assert.equal((item(expanded.items, key, 'arrow') as ArrowItem).groupKey, 'g12-14');
    assert.equal(expanded.itemOfEvent.get(13), 'e13');
    // The bracket reaches down to the last event of the group.
    assert.ok(expanded.items[at].bottom >= item(expanded.items, 'e14', 'arrow').bottom);
    assert.equal(expanded.height, collapsed.height + 3 * SEQUENCE_DEFAULTS.rowHeight);
  });

  it('collapses a keep-alive series of identical exchanges into one group of repeats', () => {
    const trace = seriesTrace(12);
    const layout = layoutSequence(trace, options());
    const groups = layout.items.filter((candidate): candidate is GroupItem => candidate.kind === 'group' && candidate.period > 1);
    assert.ok(groups.length > 0, 'the repeated requests form a group');
    const biggest = groups.reduce((best, candidate) => (candidate.eventIds.length > best.eventIds.length ? candidate : best));
    assert.ok(biggest.repeats >= 4, `${biggest.repeats} repeats`);
    assert.equal(biggest.eventIds.length, biggest.period * biggest.repeats);
    assert.match(biggest.label, /× POST \/orders \(\d+ events each\)/);
    // Every event is still reachable: through its own item or through its group.
    for (const shown of trace.events) assert.ok(layout.itemOfEvent.has(shown.id), `event ${shown.id}`);
    assert.ok(layout.items.length < trace.events.length / 3);
  });

  it('finds runs of repeats greedily, preferring the period that covers most', () => {
    const pattern = ['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B', 'C'].map((name, index) => event(index, 'client', 'gateway', 'http', name));
    assert.deepEqual(findRepeatRuns(pattern), [{ start: 0, period: 2, repeats: 4 }]);
    // Two pure ACKs, either way between the same two participants, already make a run.
    const acks = [event(0, 'client', 'gateway', 'tcp', 'ACK'), event(1, 'gateway', 'client', 'tcp', 'ACK'), event(2, 'client', 'gateway', 'tls', 'Finished')];
    assert.deepEqual(findRepeatRuns(acks), [{ start: 0, period: 1, repeats: 2 }]);
    // Three similar frames are left alone; four are a run. Digits in names do not matter.
    const frames = (count: number): TraceEvent[] => Array.from({ length: count }, (_, index) => event(index, 'gateway', 'client', 'ws', `push ${index + 1}`));
    assert.deepEqual(findRepeatRuns(frames(3)), []);
    assert.deepEqual(findRepeatRuns(frames(4)), [{ start: 0, period: 1, repeats: 4 }]);
  });

  it('hides the events of the layers that are switched off', () => {
    const trace = orderStatusTrace();
    const layers = new Set<Layer>(LAYERS.filter((layer) => layer !== 'tcp' && layer !== 'tls'));
    const layout = layoutSequence(trace, options({ layers }));
    const shownIds = new Set(trace.events.filter((candidate) => layers.has(candidate.layer)).map((candidate) => candidate.id));
    assert.equal(layout.eventCount, shownIds.size);
    assert.deepEqual([...layout.itemOfEvent.keys()].sort((a, b) => a - b), [...shownIds].sort((a, b) => a - b));
    assert.ok(layout.items.every((candidate) => candidate.layer !== 'tcp' && candidate.layer !== 'tls'));
  });

  it('marks error events and names the error in their accessible labels', () => {
    const trace = faultTrace('throttled');
    const layout = layoutSequence(trace, options());
    const errors = layout.items.filter((candidate) => candidate.error);
    assert.ok(errors.length > 0);
    for (const errorItem of errors) {
      assert.match(errorItem.ariaLabel, /error THROTTLED \(429\)/);
      assert.match(errorItem.label, /^⚠/);
    }
  });

  it('returns exactly the items that overlap a range, including long ones that start above it', () => {
    const layout = layoutSequence(orderStatusTrace(), options({ timeScale: 'proportional', pxPerMs: 2 }));
    for (const [y0, y1] of [[0, 200], [250, 400], [1000, 1500], [4000, 20000], [layout.height - 50, layout.height]]) {
      const expected = layout.items.filter((candidate) => candidate.bottom >= y0 && candidate.top <= y1).map((candidate) => candidate.key);
      assert.deepEqual(itemsInRange(layout, y0, y1).map((candidate) => candidate.key), expected, `${y0}..${y1}`);
    }
  });

  it('drops labels that would collide at a zoom, but keeps the selected and the failed ones', () => {
    const layout = layoutSequence(faultTrace('throttled'), options({ timeScale: 'proportional', pxPerMs: 1 }));
    const toScreen = (y: number): number => y;
    const selected = layout.items.find((candidate) => candidate.kind === 'arrow' && candidate.label.startsWith('ServerHello'));
    assert.ok(selected);
    const shown = labelledKeys(layout.items, toScreen, 13, new Set([selected.key]));
    assert.ok(shown.size < layout.items.length, 'at 1 px/ms the TLS flight is too dense for all labels');
    assert.ok(shown.has(selected.key));
    for (const failed of layout.items.filter((candidate) => candidate.error)) assert.ok(shown.has(failed.key));
    // No two labels that are kept (other than the forced ones) sit on top of each other.
    const collide = (scale: number, keys: ReadonlySet<string>): string[] => {
      const kept = layout.items.filter((candidate) => keys.has(candidate.key) && !candidate.error && candidate.key !== selected.key);
      const span = (candidate: SequenceItem): [number, number] => {
        const width = candidate.label.length * 6.6;
        const start = candidate.labelAnchor === 'start' ? candidate.labelX : candidate.labelAnchor === 'end' ? candidate.labelX - width : candidate.labelX - width / 2;
        return [start, start + width];
      };
      return kept.flatMap((a, index) => kept.slice(index + 1)
        .filter((b) => Math.abs((a.labelY * scale + a.labelDy) - (b.labelY * scale + b.labelDy)) < 13 && span(a)[0] < span(b)[1] && span(b)[0] < span(a)[1])
        .map((b) => `${a.key}/${b.key}`));
    };
    assert.deepEqual(collide(1, shown), []);
    // Zoomed far in, labels come back: only events at the very same instant still share a line.
    const zoomed = labelledKeys(layout.items, (y) => y * 400, 13);
    assert.ok(zoomed.size > shown.size);
    assert.deepEqual(collide(400, zoomed), []);
  });

  it('stays a small window of items for a 10,000-event trace', () => {
    const trace = seriesTrace(1100);
    assert.ok(trace.events.length >= 9500, `${trace.events.length} events`);
    const layout = layoutSequence(trace, options({ collapseRepeats: false }));
    const grouped = layoutSequence(trace, options());
    assert.equal(layout.items.length, trace.events.length);
    // What one 800 px screen shows, wherever it is scrolled to.
    for (const y0 of [0, layout.height / 2, layout.height - 800]) {
      const visible = itemsInRange(layout, y0, y0 + 800);
      assert.ok(visible.length <= 800 / SEQUENCE_DEFAULTS.rowHeight + 4, `${visible.length} items at ${y0}`);
    }
    assert.ok(grouped.items.length < 100, `${grouped.items.length} items once the repeats are grouped`);
  });

  it('sums the events into the overview strip and flags the bins with errors', () => {
    const trace = faultTrace('throttled');
    const layout = layoutSequence(trace, options());
    const overview = sequenceOverview(layout, 40);
    assert.equal(overview.bins.reduce((sum, bin) => sum + bin.total, 0), layout.eventCount);
    assert.equal(overview.maxTotal, Math.max(...overview.bins.map((bin) => bin.total)));
    assert.ok(overview.bins.some((bin) => bin.errors > 0));
    assert.ok(overview.bins.every((bin) => bin.y0 >= 0 && bin.y1 <= layout.height + 1e-9));
  });

  it('cuts labels to fit with an ellipsis and wraps participant names onto two lines', () => {
    assert.equal(fitText('ChangeCipherSpec', 30), 'ChangeCipherSpec');
    assert.equal(fitText('ChangeCipherSpec', 8), 'ChangeC…');
    assert.deepEqual(wrapLabel('API Gateway shop-order-status', 18), ['API Gateway', 'shop-order-status']);
    assert.deepEqual(wrapLabel('JWT issuer cognito-idp.us-east-1.amazonaws.com', 18), ['JWT issuer', 'cognito-idp.us-ea…']);
    assert.deepEqual(wrapLabel('Client', 18), ['Client']);
  });

  it('is deterministic: the same trace and options give the same layout', () => {
    const trace = orderStatusTrace();
    assert.deepEqual(layoutSequence(trace, options({ timeScale: 'proportional' })), layoutSequence(trace, options({ timeScale: 'proportional' })));
  });
});
