import type { SequenceItem } from '../drawing/sequenceLayout';
import { lowerBound } from './viewport';

/*
 * Which item the pointer is over, found from the layout rather than from the DOM. An item's
 * hit area is a band around its arrow or a box around its mark and label, in screen pixels:
 * the same shape the view draws, only for the hovered, selected or focused item, as its
 * highlight (itemElements.ts). Drawing a hidden hit element for every row instead cost the
 * browser a tenth of a full render's time to style, lay out and keep (issue 12).
 *
 *        ┌───────────────────────┐   rect: inflated by HIT_MARGIN on every side
 *   ─────┼── arrow ──────────────┼─▶ line: within HIT_MARGIN of the segment
 *        └───────────────────────┘
 */

/** Half the highlight's stroke (14 px, `.item .hit` in style.css): how far from its shape an item takes the pointer. */
export const HIT_MARGIN = 7;

/** Farther than any item's hit area reaches beyond its layout extent (`top` to `bottom`), in screen pixels. */
const REACH = 24;

/** Where an item takes the pointer and shows its highlight, in screen pixels. */
export type HitArea =
  | { shape: 'line'; x1: number; y1: number; x2: number; y2: number }
  | { shape: 'rect'; x: number; y: number; width: number; height: number };

/** The vertical zoom: layout y to screen y is `y * k + offset`. */
export interface ScreenZoom {
  k: number;
  offset: number;
}

/** An item's hit area at a zoom (`toY`: layout y to screen y); `compact` is compact time. */
export function hitArea(item: SequenceItem, toY: (y: number) => number, compact: boolean): HitArea {
  const y1 = toY(item.y1);
  const y2 = toY(item.y2);
  switch (item.kind) {
    case 'arrow':
      return { shape: 'line', x1: item.x1, y1, x2: item.x2, y2 };
    case 'self': {
      // The loop or bar and the label beside it (the label runs left at the last column).
      const width = item.label.length * 6.6 + 28;
      const leftward = item.labelAnchor === 'end';
      return { shape: 'rect', x: leftward ? item.x - width : item.x - 6, y: y1 - 9, width: width + 6, height: compact ? 18 : Math.max(18, y2 - y1 + 9) };
    }
    case 'group': {
      // Expanded: the header line. Collapsed: the box (which is also its mark), or the thick arrow with its label above.
      if (item.expanded) return { shape: 'rect', x: item.x1 - 20, y: y1 - 14, width: item.label.length * 6.6 + 30, height: 18 };
      if (item.direction === 'mixed') {
        const top = compact ? y1 - 9 : y1 - 2;
        const bottom = compact ? y1 + 9 : Math.max(y2, y1 + 16);
        return { shape: 'rect', x: item.x1 - 12, y: top, width: item.x2 - item.x1 + 24, height: bottom - top };
      }
      return { shape: 'rect', x: item.x1, y: Math.min(y1, y2) - 14, width: item.x2 - item.x1, height: Math.abs(y2 - y1) + 20 };
    }
  }
}

/** Whether screen point (x, y) is within HIT_MARGIN of `area`. */
export function hits(area: HitArea, x: number, y: number): boolean {
  if (area.shape === 'rect') {
    return x >= area.x - HIT_MARGIN && x <= area.x + area.width + HIT_MARGIN && y >= area.y - HIT_MARGIN && y <= area.y + area.height + HIT_MARGIN;
  }
  // Distance to the segment (the highlight's line has round caps).
  const dx = area.x2 - area.x1;
  const dy = area.y2 - area.y1;
  const lengthSquared = dx * dx + dy * dy;
  const along = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - area.x1) * dx + (y - area.y1) * dy) / lengthSquared));
  return Math.hypot(x - (area.x1 + along * dx), y - (area.y1 + along * dy)) <= HIT_MARGIN;
}

/**
 * The item under screen point (x, y) among `items`, the drawn ones in drawing order (sorted by
 * `top`, as the layout orders them; `maxSpan` bounds `bottom - top`). Where hit areas overlap,
 * the item drawn last, on top, wins. The rows near y are found by binary search.
 */
export function itemAtPoint(items: readonly SequenceItem[], maxSpan: number, x: number, y: number, zoom: ScreenZoom, compact: boolean): SequenceItem | undefined {
  const toY = (layoutY: number): number => layoutY * zoom.k + zoom.offset;
  const layoutY = (y - zoom.offset) / zoom.k;
  const reach = REACH / zoom.k;
  let found: SequenceItem | undefined;
  for (let index = lowerBound(items, layoutY - reach - maxSpan); index < items.length; index++) {
    const item = items[index];
    if (item.top > layoutY + reach) break;
    if (item.bottom >= layoutY - reach && hits(hitArea(item, toY, compact), x, y)) found = item;
  }
  return found;
}
