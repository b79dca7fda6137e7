import { CHAR_WIDTH } from '../drawing/textFit';
import type { SequenceItem, SequenceLayout } from '../drawing/sequenceLayout';

/*
 * What the sequence view draws at the current zoom: the items that overlap the visible window
 * (virtualisation, so a 10,000-event trace costs what its visible part costs), and which of
 * their labels have room. Screen positions come in through `toScreenY`; no DOM here.
 */

/** Index of the first item whose `top` is at least `y` (items are sorted by `top`). */
export function lowerBound(items: readonly SequenceItem[], y: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (items[middle].top < y) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The items that overlap the layout range [y0, y1]: what the render step draws (virtualisation). */
export function itemsInRange(layout: SequenceLayout, y0: number, y1: number): SequenceItem[] {
  const result: SequenceItem[] = [];
  for (let index = lowerBound(layout.items, y0 - layout.maxSpan); index < layout.items.length; index++) {
    const item = layout.items[index];
    if (item.top > y1) break;
    if (item.bottom >= y0) result.push(item);
  }
  return result;
}

/**
 * Which labels to draw at the current zoom: walking down the items, a label is dropped when it
 * would sit closer than `minGap` screen pixels to a drawn label whose horizontal span it overlaps.
 * Selected and error items always keep their labels.
 */
export function labelledKeys(items: readonly SequenceItem[], toScreenY: (y: number) => number, minGap = 13, keep: ReadonlySet<string> = new Set()): Set<string> {
  const shown = new Set<string>();
  const placed: { y: number; x1: number; x2: number }[] = [];
  for (const item of items) {
    const y = toScreenY(item.labelY) + item.labelDy;
    const width = item.label.length * CHAR_WIDTH;
    const x1 = item.labelAnchor === 'start' ? item.labelX : item.labelAnchor === 'end' ? item.labelX - width : item.labelX - width / 2;
    const x2 = x1 + width;
    const must = keep.has(item.key) || item.error;
    let clash = false;
    for (let index = placed.length - 1; index >= 0 && !clash; index--) {
      const other = placed[index];
      if (y - other.y >= minGap) break;
      clash = Math.abs(y - other.y) < minGap && x1 < other.x2 && other.x1 < x2;
    }
    if (clash && !must) continue;
    shown.add(item.key);
    placed.push({ y, x1, x2 });
    // Keep `placed` sorted by y so the backwards scan can stop early.
    for (let index = placed.length - 1; index > 0 && placed[index].y < placed[index - 1].y; index--) {
      [placed[index], placed[index - 1]] = [placed[index - 1], placed[index]];
    }
  }
  return shown;
}
