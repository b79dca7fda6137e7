import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutSequence, SEQUENCE_DEFAULTS, type SequenceItem } from '../../../webview/drawing/sequenceLayout';
import { itemsInRange, labelledKeys } from '../../../webview/sequence/viewport';
import { sequenceOptions as options } from '../sequenceOptions';
import { faultTrace, orderStatusTrace, seriesTrace } from '../traces';

describe('sequence viewport', () => {
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
});
