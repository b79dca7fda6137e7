import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { toTraceJson } from '../../../simulator/trace/traceJson';
import { layoutSequence } from '../../../webview/drawing/sequenceLayout';
import { keptFocusKey } from '../../../webview/sequence/groupFocus';
import { withGroupToggled } from '../../../webview/state';
import { sequenceOptions as options } from '../sequenceOptions';
import { seriesTrace } from '../traces';

describe('keyboard focus across a group toggle', () => {
  const trace = toTraceJson(simulateHttpExchange({ url: 'https://api.example.com/items', clientProfile: 'curl', requests: 2, networkOverrides: { lossRate: 0, jitterMs: 0 } }));

  it('moves from a collapsed HTTP/2 stream\'s segment to the stream\'s header when Enter expands it, and back', () => {
    const collapsed = layoutSequence(trace, options());
    const response = collapsed.items.find((item) => item.kind === 'group' && item.stream === 3 && item.direction === 'left')!;
    assert.ok(response.key !== response.groupKey, 'a segment has a key of its own');
    const expanded = layoutSequence(trace, options({ expanded: new Set(withGroupToggled([], response.kind === 'group' ? response.groupKey : '')) }));
    const header = keptFocusKey(collapsed.items, expanded.items, response.key);
    assert.equal(header, response.kind === 'group' ? response.groupKey : undefined);
    assert.ok(expanded.items.some((item) => item.key === header && item.kind === 'group' && item.expanded));
    // Enter on the header collapses the stream: focus goes to its first segment, the request.
    const back = keptFocusKey(expanded.items, collapsed.items, header);
    const first = collapsed.items.find((item) => item.kind === 'group' && item.stream === 3)!;
    assert.equal(back, first.key);
  });

  it('keeps a key that is still shown: a run of repeats, an arrow', () => {
    const series = seriesTrace(6);
    const layout = layoutSequence(series, options());
    const run = layout.items.find((item) => item.kind === 'group')!;
    const expanded = layoutSequence(series, options({ expanded: new Set([run.key]) }));
    assert.equal(keptFocusKey(layout.items, expanded.items, run.key), run.key);
    const arrow = layout.items.find((item) => item.kind === 'arrow')!;
    assert.equal(keptFocusKey(layout.items, expanded.items, arrow.key), arrow.key);
    assert.equal(keptFocusKey(layout.items, expanded.items, undefined), undefined);
  });
});
