import type { Layer } from '../../simulator/trace/trace';
import type { SequenceLayout } from '../drawing/sequenceLayout';

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
