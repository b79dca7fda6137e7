import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutSequence } from '../../../webview/drawing/sequenceLayout';
import { overviewBars, sequenceOverview } from '../../../webview/sequence/overview';
import { sequenceOptions as options } from '../sequenceOptions';
import { faultTrace, seriesTrace } from '../traces';

describe('sequence overview', () => {
  it('sums the events into the overview strip and flags the bins with errors', () => {
    const trace = faultTrace('throttled');
    const layout = layoutSequence(trace, options());
    const overview = sequenceOverview(layout, 40);
    assert.equal(overview.bins.reduce((sum, bin) => sum + bin.total, 0), layout.eventCount);
    assert.equal(overview.maxTotal, Math.max(...overview.bins.map((bin) => bin.total)));
    assert.ok(overview.bins.some((bin) => bin.errors > 0));
    assert.ok(overview.bins.every((bin) => bin.y0 >= 0 && bin.y1 <= layout.height + 1e-9));
  });

  it('counts the events of a collapsed group in its bin, and those of an expanded group once, through their own rows', () => {
    const trace = seriesTrace(12);
    const collapsed = layoutSequence(trace, options());
    const groups = collapsed.items.filter((item) => item.kind === 'group').map((item) => item.key);
    const expanded = layoutSequence(trace, options({ expanded: new Set(groups) }));
    for (const layout of [collapsed, expanded]) {
      assert.equal(sequenceOverview(layout).bins.reduce((sum, bin) => sum + bin.total, 0), trace.events.length);
    }
  });

  it('draws every bin as one bar in the path of its busiest layer, and every bin with errors as a tick at the right edge', () => {
    const layout = layoutSequence(faultTrace('throttled'), options());
    const model = sequenceOverview(layout, 40);
    const [width, height] = [44, 600];
    const bars = overviewBars(model, width, height);
    /** Each subpath `M x,y h w v h h -w Z` as the rectangle it draws. */
    const rectangles = (d: string): string[] => [...d.matchAll(/M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)h([-\d.e]+)Z/g)].map((match) => {
      assert.equal(Number(match[5]), -Number(match[3]), 'the subpath closes on its own left edge');
      return [match[1], match[2], match[3], match[4]].map((value) => Number(value).toFixed(6)).join(' ');
    });
    const rectangle = (x: number, y: number, barWidth: number, barHeight: number): string => [x, y, barWidth, barHeight].map((value) => value.toFixed(6)).join(' ');
    const scale = height / model.height;
    // What a rectangle per bin drew (x 4, as long as the square root of its share of the busiest bin), grouped by class.
    const expected = new Map<string, string[]>();
    for (const bin of model.bins) {
      const className = `bin layer-${bin.dominant}`;
      expected.set(className, [...(expected.get(className) ?? []), rectangle(4, bin.y0 * scale, 2 + (width - 14) * Math.sqrt(bin.total / model.maxTotal), Math.max(1.5, (bin.y1 - bin.y0) * scale - 0.5))]);
    }
    const errors = model.bins.filter((bin) => bin.errors > 0).map((bin) => rectangle(width - 7, bin.y0 * scale, 4, Math.max(3, (bin.y1 - bin.y0) * scale)));
    assert.ok(errors.length > 0, 'the throttled trace has a bin with errors');
    assert.deepEqual(new Map(bars.map((path) => [path.className, rectangles(path.d)])), new Map([...expected, ['bin-error', errors]]));
    assert.equal(bars.at(-1)?.className, 'bin-error', 'the error ticks are drawn last, over the bars');
    assert.equal(new Set(bars.map((path) => path.className)).size, bars.length, 'one path per look');
  });
});
