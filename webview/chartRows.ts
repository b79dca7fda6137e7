import type { EnterElement, Selection } from 'd3';

/*
 * The skeleton of a chart row: the summary's waterfalls and the Compare tab's bars each join a
 * <g> per datum holding the same few children, built once on enter and set on every draw.
 */

/** A child of a row: its SVG tag and class (none for a <title>). */
export type RowChild = readonly [tag: 'title' | 'rect' | 'text' | 'g', className?: string];

/** Appends a <g> per entering datum with `children`, in order. */
export function appendRow<Datum, Parent extends Element>(enter: Selection<EnterElement, Datum, Parent, unknown>, children: readonly RowChild[]): Selection<SVGGElement, Datum, Parent, unknown> {
  const group = enter.append('g');
  for (const [tag, className] of children) {
    const child = group.append(tag);
    if (className) child.attr('class', className);
  }
  return group;
}
