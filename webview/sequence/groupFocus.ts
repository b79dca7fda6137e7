import type { SequenceItem } from '../drawing/sequenceLayout';

/*
 * Where keyboard focus goes when a group is toggled. A run of repeats keeps its key whether it is
 * collapsed or expanded, but a collapsed HTTP/2 stream is an item per segment (`s3-9p0`, `s3-9p1`)
 * and expanded one header (`s3-9`): the focused key disappears on Enter. Focus then moves to the
 * group's first item in the new layout, so Enter again collapses what it expanded.
 */

/** The key to focus in `next` when `focusKey` was focused in `previous`: itself if still shown, else its group's first item. */
export function keptFocusKey(previous: readonly SequenceItem[], next: readonly SequenceItem[], focusKey: string | undefined): string | undefined {
  if (focusKey === undefined || next.some((item) => item.key === focusKey)) return focusKey;
  const focused = previous.find((item) => item.key === focusKey);
  if (focused?.kind !== 'group') return focusKey;
  return next.find((item) => item.kind === 'group' && item.groupKey === focused.groupKey)?.key ?? focusKey;
}
