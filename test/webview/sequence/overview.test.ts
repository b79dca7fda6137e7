import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutSequence } from '../../../webview/drawing/sequenceLayout';
import { sequenceOverview } from '../../../webview/sequence/overview';
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
});
