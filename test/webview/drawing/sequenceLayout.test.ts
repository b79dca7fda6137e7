import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layer } from '../../../simulator/trace/trace';
import { LAYERS } from '../../../webview/drawing/layers';
import { layoutSequence, SEQUENCE_DEFAULTS, type ArrowItem, type GroupItem, type SelfItem, type SequenceItem } from '../../../webview/drawing/sequenceLayout';
import { sequenceOptions as options } from '../sequenceOptions';
import { faultTrace, orderStatusTrace, productTrace, seriesTrace } from '../traces';

function item<K extends SequenceItem['kind']>(items: readonly SequenceItem[], key: string, kind: K): Extract<SequenceItem, { kind: K }> {
  const found = items.find((candidate) => candidate.key === key);
  assert.ok(found, `an item ${key}`);
  assert.equal(found.kind, kind);
  return found as Extract<SequenceItem, { kind: K }>;
}

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
    // The client's ACKs of the server's TLS flight: how many depends on the flight's size, so the run is found, not pinned.
    // (The edge's quick ACKs of the two segments of the browser's ClientHello come before them: a run of two.)
    const first = trace.events.findIndex((event, index) => event.from === 'client' && event.name === 'ACK' && trace.events[index + 1]?.name === 'ACK' && event.from === trace.events[index + 1].from);
    let last = first;
    while (trace.events[last + 1]?.name === 'ACK' && trace.events[last + 1].from === trace.events[first].from) last++;
    const ids = Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
    assert.ok(ids.length >= 3, `a run of ${ids.length}`);
    const key = `g${first}-${last}`;
    const collapsed = layoutSequence(trace, options());
    const group = item(collapsed.items, key, 'group') as GroupItem;
    assert.deepEqual(group.eventIds, ids);
    assert.deepEqual(group.eventIds.map((id) => trace.events[id].name), ids.map(() => 'ACK'));
    assert.equal(group.direction, 'right');
    assert.equal(group.expanded, false);
    assert.match(group.label, new RegExp(`${ids.length} × ACK`));
    assert.match(group.ariaLabel, /collapsed/);
    for (const id of group.eventIds) assert.equal(collapsed.itemOfEvent.get(id), key);
    assert.equal(collapsed.items.some((candidate) => candidate.key === `e${first + 1}`), false);

    const expanded = layoutSequence(trace, options({ expanded: new Set([key]) }));
    const keys = expanded.items.map((candidate) => candidate.key);
    const at = keys.indexOf(key);
    assert.deepEqual(keys.slice(at, at + ids.length + 1), [key, ...ids.map((id) => `e${id}`)]);
    assert.equal((expanded.items[at] as GroupItem).expanded, true);
    for (const id of ids) assert.equal((item(expanded.items, `e${id}`, 'arrow') as ArrowItem).groupKey, key);
    assert.equal(expanded.itemOfEvent.get(first + 1), `e${first + 1}`);
    // The bracket reaches down to the last event of the group.
    assert.ok(expanded.items[at].bottom >= item(expanded.items, `e${last}`, 'arrow').bottom);
    assert.equal(expanded.height, collapsed.height + ids.length * SEQUENCE_DEFAULTS.rowHeight);
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

  it('is deterministic: the same trace and options give the same layout', () => {
    const trace = orderStatusTrace();
    assert.deepEqual(layoutSequence(trace, options({ timeScale: 'proportional' })), layoutSequence(trace, options({ timeScale: 'proportional' })));
  });
});
