import type { HitArea } from './hitTest';
import type { ItemLook, Mark } from './itemMarkup';

/*
 * The marks of the items on screen (arrows, self loops, bars, group brackets and lines), drawn
 * by look rather than by item: every arrow that looks the same (same kind, layer and state) is
 * one subpath of one <path>. A browser styles, lays out and paints a path element at a cost that
 * a subpath does not have, so a view with every row drawn paints its thousand arrows as a few
 * dozen paths. The item's own element (sequence/itemMarkup.ts) keeps its label and its
 * accessible name; its highlight is drawn here too, under the marks. Pure: looks in, groups out.
 */

/** Marks that look the same, drawn as one element group. */
export interface MarkGroup {
  /** The classes of the items' looks that style a mark (kind, layer, selected, error, grouped, critical), behind `item-marks`. */
  className: string;
  /** The mark's own class (`arrow`, `bar`, `bracket`, `stroke double`, `box`). */
  markClass: string;
  /** The path marks, one subpath each, joined. */
  d: string;
  /** The heads of collapsed one-way groups, joined. */
  heads: string;
  /** Marks that are not paths (a mixed group's box, which has rounded corners), each drawn by itself. */
  shapes: Mark[];
}

/** An item's highlight under its marks: the hovered, selected or focused one. */
export interface Highlight {
  key: string;
  className: string;
  hit: HitArea;
}

/** Mark classes by item classes: a diagram has a few dozen looks (kinds, layers and states bound them), and every row drawn asks for one. */
const markClassNames = new Map<string, string>();

/** What the classes of a look say about how its mark is drawn: the item's state without hover and focus (they only show the highlight). */
function markClassName(look: ItemLook): string {
  let className = markClassNames.get(look.className);
  if (className === undefined) {
    className = `item-marks ${look.className.split(' ').filter((name) => name !== 'item' && name !== 'hovered' && name !== 'focused').join(' ')}`;
    markClassNames.set(look.className, className);
  }
  return className;
}

/** A line mark as a path with the same stroke. */
function linePath(attributes: Mark['attributes']): string {
  return `M${attributes.x1},${attributes.y1}L${attributes.x2},${attributes.y2}`;
}

/** The items' marks grouped by look, in the order the looks first appear. */
export function markGroups(looks: readonly ItemLook[]): MarkGroup[] {
  const groups = new Map<string, MarkGroup>();
  for (const look of looks) {
    const className = markClassName(look);
    const key = `${className}\n${look.mark.className}`;
    let group = groups.get(key);
    if (!group) {
      group = { className, markClass: look.mark.className, d: '', heads: '', shapes: [] };
      groups.set(key, group);
    }
    const { mark } = look;
    if (mark.tag === 'path') group.d += String(mark.attributes.d);
    else if (mark.tag === 'line') group.d += linePath(mark.attributes);
    else group.shapes.push(mark);
    if (look.head !== undefined) group.heads += look.head;
  }
  return [...groups.values()];
}

/** The highlights of the looks that have one (hovered, selected, focused), with the item's classes, which say which. */
export function highlights(looks: ReadonlyMap<string, ItemLook>): Highlight[] {
  const found: Highlight[] = [];
  for (const [key, look] of looks) if (look.hit) found.push({ key, className: look.className.replace(/^item /, 'item-marks '), hit: look.hit });
  return found;
}
