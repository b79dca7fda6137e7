import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hitArea, hits, HIT_MARGIN, itemAtPoint, type ScreenZoom } from '../../../webview/sequence/hitTest';
import { layoutSequence, type SequenceItem, type SequenceLayout } from '../../../webview/drawing/sequenceLayout';
import { sequenceOptions as options } from '../sequenceOptions';
import { orderStatusTrace, productTrace, seriesTrace } from '../traces';

/** What the browser did with one hit element per item: the last drawn item whose area takes the point. */
function topmostByScan(items: readonly SequenceItem[], x: number, y: number, zoom: ScreenZoom, compact: boolean): SequenceItem | undefined {
  const toY = (layoutY: number): number => layoutY * zoom.k + zoom.offset;
  return items.filter((item) => hits(hitArea(item, toY, compact), x, y)).pop();
}

/** A small deterministic generator (a linear congruential one) for the sampled points. */
function points(count: number, width: number, height: number): [number, number][] {
  let state = 12345;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => [next() * width, next() * height]);
}

function itemAt(layout: SequenceLayout, x: number, y: number, zoom: ScreenZoom = { k: 1, offset: 0 }): SequenceItem | undefined {
  return itemAtPoint(layout.items, layout.maxSpan, x, y, zoom, layout.timeScale === 'compact');
}

describe('sequence hit testing', () => {
  it('finds an arrow anywhere along it, up to 7 px either side, and nothing between two rows', () => {
    const layout = layoutSequence(productTrace(), options());
    const arrows = layout.items.filter((item) => item.kind === 'arrow');
    assert.ok(arrows.length > 10);
    let between = 0;
    for (const arrow of arrows) {
      const middle = (arrow.x1 + arrow.x2) / 2;
      assert.equal(itemAt(layout, middle, arrow.y1)?.key, arrow.key, `${arrow.key} at its middle`);
      assert.equal(itemAt(layout, arrow.x2, arrow.y1 + HIT_MARGIN - 0.5)?.key, arrow.key, `${arrow.key} just below its tip`);
      // Rows are 30 px apart: half-way down to the next row is no longer this arrow; nobody's, unless
      // the next row is a collapsed group, whose area reaches up over its label.
      const below = itemAt(layout, middle, arrow.y1 + 15);
      assert.notEqual(below?.key, arrow.key, `${arrow.key} 15 px below`);
      if (!below) between++;
    }
    assert.ok(between > arrows.length / 2, `${between} of ${arrows.length} arrows have nothing half a row below`);
  });

  it('follows the zoom: a row found at its screen position, not its layout one', () => {
    const layout = layoutSequence(productTrace(), options());
    const arrow = layout.items.find((item) => item.kind === 'arrow' && item.y1 > 200);
    assert.ok(arrow?.kind === 'arrow');
    const zoom = { k: 2.5, offset: -400 };
    const middle = (arrow.x1 + arrow.x2) / 2;
    assert.equal(itemAt(layout, middle, arrow.y1 * 2.5 - 400, zoom)?.key, arrow.key);
    assert.notEqual(itemAt(layout, middle, arrow.y1, zoom)?.key, arrow.key);
  });

  it('takes a self-event by its loop and its label, and a collapsed group by its box or thick arrow', () => {
    const layout = layoutSequence(orderStatusTrace(), options());
    const self = layout.items.find((item) => item.kind === 'self' && item.labelAnchor === 'start');
    assert.ok(self?.kind === 'self');
    // Over the end of its label, well right of the lifeline.
    assert.equal(itemAt(layout, self.x + self.label.length * 6, self.y1)?.key, self.key);
    const series = layoutSequence(seriesTrace(6), options());
    const group = series.items.find((item) => item.kind === 'group' && !item.expanded);
    assert.ok(group?.kind === 'group');
    assert.equal(itemAt(series, (group.x1 + group.x2) / 2, group.y1)?.key, group.key);
  });

  it('answers as a scan of every item would, the last drawn winning where areas overlap, in both time scales and at any zoom', () => {
    const trace = seriesTrace(8);
    const expanded = new Set(layoutSequence(trace, options()).items.filter((item) => item.kind === 'group').map((item) => item.key));
    for (const timeScale of ['compact', 'proportional'] as const) {
      for (const groups of [new Set<string>(), expanded]) {
        const layout = layoutSequence(trace, options({ timeScale, expanded: groups, pxPerMs: 0.5 }));
        const compact = timeScale === 'compact';
        for (const zoom of [{ k: 1, offset: 0 }, { k: 0.3, offset: 0 }, { k: 4, offset: -900 }]) {
          let found = 0;
          for (const [x, y] of points(3000, layout.width, 1200)) {
            const expected = topmostByScan(layout.items, x, y, zoom, compact);
            assert.equal(itemAtPoint(layout.items, layout.maxSpan, x, y, zoom, compact)?.key, expected?.key, `${timeScale}, ${groups.size} groups open, zoom ${JSON.stringify(zoom)}, at ${x},${y}`);
            if (expected) found++;
          }
          assert.ok(found > 30, `${timeScale} at ${JSON.stringify(zoom)}: only ${found} points over an item`);
        }
      }
    }
  });
});
