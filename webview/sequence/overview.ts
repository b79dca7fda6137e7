import type { Layer } from '../../simulator/trace/trace';
import type { SequenceLayout } from '../drawing/sequenceLayout';
import { layerClass } from '../drawing/layers';

/*
 * The overview strip beside the sequence diagram: the whole trace at a glance, binned by
 * height, each bin as long as its number of events and coloured by its busiest layer.
 */

export interface OverviewBin {
  /** Layout y range of the bin. */
  y0: number;
  y1: number;
  total: number;
  /** The layer with most events in the bin, for its colour. */
  dominant: Layer;
  errors: number;
}

export interface SequenceOverview {
  bins: OverviewBin[];
  maxTotal: number;
  height: number;
}

/** The overview strip: how many events fall in each of `binCount` slices of the diagram's height. */
export function sequenceOverview(layout: SequenceLayout, binCount = 120): SequenceOverview {
  const binHeight = layout.height / binCount;
  const counts: Map<Layer, number>[] = Array.from({ length: binCount }, () => new Map());
  const errors = new Array<number>(binCount).fill(0);
  for (const item of layout.items) {
    if (item.kind === 'group' && item.expanded) continue;
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor((item.top + item.bottom) / 2 / binHeight)));
    const count = item.kind === 'group' ? item.eventIds.length : 1;
    counts[bin].set(item.layer, (counts[bin].get(item.layer) ?? 0) + count);
    if (item.error) errors[bin]++;
  }
  const bins: OverviewBin[] = [];
  counts.forEach((byLayer, index) => {
    let total = 0;
    let dominant: Layer = 'tcp';
    let most = -1;
    for (const [layer, count] of byLayer) {
      total += count;
      if (count > most) [dominant, most] = [layer, count];
    }
    if (total > 0 || errors[index] > 0) bins.push({ y0: index * binHeight, y1: (index + 1) * binHeight, total, dominant, errors: errors[index] });
  });
  return { bins, maxTotal: bins.reduce((max, bin) => Math.max(max, bin.total), 0), height: layout.height };
}

/** The overview's bars of one look as one path: the bins whose busiest layer is the same, or the error ticks. */
export interface OverviewBars {
  /** `bin layer-<layer>` or `bin-error` (style.css colours them). */
  className: string;
  d: string;
}

/** A rectangle as a closed subpath. */
function rectanglePath(x: number, y: number, width: number, height: number): string {
  return `M${x},${y}h${width}v${height}h${-width}Z`;
}

/**
 * The overview's bars in a strip `width` by `height` pixels: each bin a bar from the left as long
 * as the square root of its share of the busiest bin, an error tick at the right edge of each
 * bin with errors. A path per look rather than a rectangle per bin: the strip is drawn on every
 * show and scroll, and a browser styles, lays out and paints per element (see markGroups.ts).
 * The bins do not overlap (each is at most its slice's height, less half a pixel, except in a
 * strip under 180 px, where the 1.5 px minimum can make neighbours touch).
 */
export function overviewBars(model: SequenceOverview, width: number, height: number): OverviewBars[] {
  const scale = height / Math.max(1, model.height);
  const barRoom = width - 14;
  const paths = new Map<string, string>();
  for (const bin of model.bins) {
    const className = `bin ${layerClass(bin.dominant)}`;
    const bar = rectanglePath(4, bin.y0 * scale, 2 + barRoom * Math.sqrt(bin.total / Math.max(1, model.maxTotal)), Math.max(1.5, (bin.y1 - bin.y0) * scale - 0.5));
    paths.set(className, (paths.get(className) ?? '') + bar);
  }
  let errors = '';
  for (const bin of model.bins) if (bin.errors > 0) errors += rectanglePath(width - 7, bin.y0 * scale, 4, Math.max(3, (bin.y1 - bin.y0) * scale));
  const bars = [...paths].map(([className, d]) => ({ className, d }));
  return errors === '' ? bars : [...bars, { className: 'bin-error', d: errors }];
}
