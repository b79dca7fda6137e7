import { formatMs } from '../drawing/format';
import type { SequenceItem, SequenceLayout } from '../drawing/sequenceLayout';

/*
 * The time ruler of compact time, where every item has a row of its own: the time of each
 * labelled item beside its row. Written as a few blocks of text, one line per row (blank
 * where a label was culled), rather than one SVG <text> per time: with every row drawn, a
 * thousand text elements cost the browser more to lay out than the arrows they sit beside.
 * A block stays short so that its lines, stacked by the browser, keep to the rows.
 *
 *   ruler      block (firstRow 40)
 *   50.10 ms   line for row 40
 *              row 41: its label culled at this zoom
 *   51.26 ms   row 42
 */

/** Lines per block at most: the browser stacks lines in 1/64 px, so a short block stays within a fraction of a pixel of its rows. */
export const RULER_BLOCK_LINES = 16;

export interface RulerBlock {
  /** The row of the first line. */
  firstRow: number;
  /** One line per row from firstRow on. */
  lines: string[];
}

/** The row an item of a compact layout sits on. */
export function rowOf(layout: SequenceLayout, item: SequenceItem): number {
  const y = item.kind === 'arrow' ? Math.min(item.y1, item.y2) : item.y1;
  return Math.round((y - layout.top) / layout.rowHeight - 0.5);
}

/**
 * The ruler's blocks for the labelled `items` of a compact layout, in row order: a block
 * starts at a labelled row and takes the rows after it while it has fewer than `maxLines`.
 */
export function compactRulerBlocks(layout: SequenceLayout, items: readonly SequenceItem[], maxLines = RULER_BLOCK_LINES): RulerBlock[] {
  const blocks: RulerBlock[] = [];
  let block: RulerBlock | undefined;
  for (const item of items) {
    const row = rowOf(layout, item);
    if (!block || row - block.firstRow >= maxLines || row < block.firstRow + block.lines.length) {
      block = { firstRow: row, lines: [] };
      blocks.push(block);
    }
    while (block.firstRow + block.lines.length < row) block.lines.push('');
    block.lines.push(formatMs(item.time));
  }
  return blocks;
}
