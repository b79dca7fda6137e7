import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMs } from '../../../webview/drawing/format';
import { compactRulerBlocks, RULER_BLOCK_LINES, rowOf } from '../../../webview/sequence/compactRuler';
import { layoutSequence } from '../../../webview/drawing/sequenceLayout';
import { sequenceOptions as options } from '../sequenceOptions';
import { productTrace, seriesTrace } from '../traces';

describe('the compact time ruler', () => {
  it('finds the row of every item of a compact layout, arrows, self-events and groups alike', () => {
    const layout = layoutSequence(productTrace(), options());
    assert.ok(layout.items.some((item) => item.kind === 'self') && layout.items.some((item) => item.kind === 'group'));
    assert.deepEqual(layout.items.map((item) => rowOf(layout, item)), layout.items.map((_, index) => index));
  });

  it('writes one line per row from the first labelled row, blank where a label was culled', () => {
    const layout = layoutSequence(productTrace(), options());
    const labelled = layout.items.filter((_, index) => index >= 3 && index <= 8 && index !== 5);
    const [block, ...rest] = compactRulerBlocks(layout, labelled);
    assert.deepEqual(rest, []);
    assert.equal(block.firstRow, 3);
    assert.deepEqual(block.lines, [3, 4, 5, 6, 7, 8].map((row) => (row === 5 ? '' : formatMs(layout.items[row].time))));
  });

  it('keeps blocks short, so that lines the browser stacks stay on their rows', () => {
    const layout = layoutSequence(seriesTrace(8), options({ collapseRepeats: false }));
    const blocks = compactRulerBlocks(layout, layout.items);
    assert.ok(blocks.every((block) => block.lines.length <= RULER_BLOCK_LINES));
    assert.deepEqual(blocks.map((block) => block.firstRow), blocks.map((_, index) => index * RULER_BLOCK_LINES));
    assert.deepEqual(blocks.flatMap((block) => block.lines), layout.items.map((item) => formatMs(item.time)));
    // A gap of more than a block's lines starts a new block at the next labelled row.
    const far = compactRulerBlocks(layout, [layout.items[0], layout.items[40]]);
    assert.deepEqual(far.map((block) => [block.firstRow, block.lines.length]), [[0, 1], [40, 1]]);
  });

  it('has nothing to write when no label is shown', () => {
    assert.deepEqual(compactRulerBlocks(layoutSequence(productTrace(), options()), []), []);
  });
});
