import { layerClass } from '../drawing/layers';
import { xmlAttribute, xmlText } from '../drawing/xml';
import { hitArea, type HitArea } from './hitTest';
import type { GroupItem, SelfItem, SequenceItem } from '../drawing/sequenceLayout';
import { arrowHead, arrowPath, selfLoopPath } from '../drawing/arrowPaths';

/*
 * What the sequence diagram's items look like at one frame, and that look as SVG markup: pure,
 * no DOM, so it is tested in Node. itemElements.ts writes the markup of the items entering the
 * view in one string a run (the browser parses it in one go) and sets, on items that stay, only
 * the attributes whose values changed. Every text in the markup comes from the trace, so each
 * goes through xml.ts, as in the SVG export, and stays text: a route called `<img onerror=…>`
 * is shown, never parsed.
 *
 * An item is one element, its label: the <text> is also the option in the body's listbox, with
 * the item's id, state and accessible name (which says more than the label: time, from, to).
 * One element rather than a <g> around the <text>: with every row drawn, the browser parses,
 * styles and lays out a thousand elements fewer.
 *
 *   <text class="item arrow …" role="option" id="seq-e12" aria-label="0.000 s: Client to …" aria-selected="false" x="…" y="…" text-anchor="middle">SYN · 32 B</text>
 *
 * A label the culling dropped (viewport.ts labelledKeys) is an empty <text>: the option stays
 * for assistive technology (aria-activedescendant, its accessible name), and the browser shapes
 * and lays out no text for it. (Hidden with `visibility`, the option would leave the
 * accessibility tree with its label.)
 *
 * The item's mark (its arrow, loop, bar or bracket) and its highlight are drawn by look, with
 * the marks of every item that looks the same, under the labels (sequence/markGroups.ts).
 */

/** What an item's mark is drawn with: an arrow, a self-event's loop or bar, a group's bracket, box or thick line. */
export interface Mark {
  tag: 'path' | 'rect' | 'line';
  className: string;
  attributes: Record<string, number | string>;
}

/** Everything an item's elements show at one frame, but its texts (which come with the item). */
export interface ItemLook {
  /** The item group's class: kind, layer, error, on the critical path, and the hover, selection and focus states. */
  className: string;
  selected: boolean;
  mark: Mark;
  /** A collapsed one-way group's head (its thick line is translucent, the head is not): its path. */
  head?: string;
  labelX: number;
  labelY: number;
  labelAnchor: string;
  /** The culling dropped the label (viewport.ts labelledKeys): the element shows no text. */
  labelHidden: boolean;
  /** The highlight (hitTest.ts's hit area, drawn): only while the item is hovered, selected or focused. */
  hit?: HitArea;
}

/** Where the screen is: layout y to screen y, and which labels the culling kept. */
export interface ItemFrame {
  toY(y: number): number;
  labelled: ReadonlySet<string>;
  compact: boolean;
  selectedKey: string | undefined;
  focusKey: string | undefined;
  hoveredKey: string | undefined;
  /** The events on the critical path the view highlights (the toolbar's "Critical path"), if it does. */
  critical?: ReadonlySet<number>;
}

/**
 * Join key: the item's key plus what fixes its shape (its kind; for a group, expanded or not,
 * and its direction), since the elements are built once. Text and positions are set on every draw.
 */
export function joinKey(item: SequenceItem): string {
  return `${item.kind}:${item.key}${item.kind === 'group' ? `:${item.expanded ? 'open' : 'closed'}:${item.direction}` : ''}`;
}

/** What `item` looks like in `frame`. */
export function itemLook(item: SequenceItem, frame: ItemFrame): ItemLook {
  const selected = item.key === frame.selectedKey;
  const focused = item.key === frame.focusKey;
  const hovered = item.key === frame.hoveredKey;
  // A group is on the path when one of its messages is; its mark is drawn with the path's look.
  const critical = frame.critical !== undefined && (item.kind === 'group' ? item.eventIds.some((id) => frame.critical!.has(id)) : frame.critical.has(item.eventId));
  const toY = frame.toY;
  let mark: Mark;
  let head: string | undefined;
  switch (item.kind) {
    case 'arrow':
      mark = { tag: 'path', className: 'arrow', attributes: { d: arrowPath(item.x1, toY(item.y1), item.x2, toY(item.y2)) } };
      break;
    case 'self':
      mark = selfMark(item, toY, frame.compact);
      break;
    case 'group':
      ({ mark, head } = groupMark(item, toY, frame.compact));
      break;
  }
  return {
    className: `item ${item.kind} ${layerClass(item.layer)}${item.error ? ' error' : ''}${selected ? ' selected' : ''}${focused ? ' focused' : ''}${hovered ? ' hovered' : ''}${item.kind !== 'group' && item.groupKey ? ' grouped' : ''}${critical ? ' critical' : ''}`,
    selected,
    mark,
    ...(head !== undefined ? { head } : {}),
    labelX: item.labelX,
    labelY: toY(item.labelY) + item.labelDy,
    labelAnchor: item.labelAnchor,
    labelHidden: !frame.labelled.has(item.key),
    ...(selected || focused || hovered ? { hit: hitArea(item, toY, frame.compact) } : {}),
  };
}

function selfMark(item: SelfItem, toY: (y: number) => number, compact: boolean): Mark {
  const y1 = toY(item.y1);
  // Compact: a small loop beside the lifeline, out, down, back with an arrowhead.
  if (compact) return { tag: 'path', className: 'arrow', attributes: { d: selfLoopPath(item.x, y1, item.labelAnchor === 'end' ? -1 : 1) } };
  // Proportional: an activation bar as long as the step takes.
  const y2 = Math.max(toY(item.y2), y1 + 3);
  return { tag: 'path', className: 'bar', attributes: { d: `M${item.x - 4},${y1}h8V${y2}h-8Z` } };
}

function groupMark(item: GroupItem, toY: (y: number) => number, compact: boolean): { mark: Mark; head?: string } {
  const y1 = toY(item.y1);
  const y2 = toY(item.y2);
  if (item.expanded) {
    const x = item.x1 - 18;
    return { mark: { tag: 'path', className: 'bracket', attributes: { d: `M${x + 6},${y1 - 8}h-6V${Math.max(y2, y1 + 8) + 6}h6` } } };
  }
  // The box is the group's hit area.
  if (item.direction === 'mixed') return { mark: { tag: 'rect', className: 'box', attributes: { ...areaAttributes(hitArea(item, toY, compact)), rx: 4 } } };
  const [from, to] = item.direction === 'right' ? [item.x1, item.x2] : [item.x2, item.x1];
  const endX = to - Math.sign(to - from) * 7;
  const endY = compact ? y1 : y2;
  return { mark: { tag: 'line', className: 'stroke double', attributes: { x1: from, y1, x2: endX, y2: endY } }, head: arrowHead(from, y1, to, endY, 10) };
}

/** A hit area as the attributes of its SVG element (a <line> or a <rect>). */
export function areaAttributes(area: HitArea): Record<string, number> {
  return area.shape === 'line' ? { x1: area.x1, y1: area.y1, x2: area.x2, y2: area.y2 } : { x: area.x, y: area.y, width: area.width, height: area.height };
}

/** Attributes as markup, each value escaped (` name="value"` each). */
function attributeMarkup(values: Record<string, number | string>): string {
  let markup = '';
  for (const name in values) markup += ` ${name}="${xmlAttribute(String(values[name]))}"`;
  return markup;
}

/** The text an item's element shows as `look` draws it: its label, or nothing when the culling dropped it. */
export function shownLabel(item: SequenceItem, look: ItemLook): string {
  return look.labelHidden ? '' : item.label;
}

/** The markup of an item's element as `look` draws it (see the diagram at the top). */
export function itemMarkup(item: SequenceItem, look: ItemLook): string {
  return `<text role="option" id="${xmlAttribute(`seq-${item.key}`)}" aria-label="${xmlAttribute(item.ariaLabel)}" class="${xmlAttribute(look.className)}" aria-selected="${look.selected}" x="${look.labelX}" y="${look.labelY}" text-anchor="${look.labelAnchor}">${xmlText(shownLabel(item, look))}</text>`;
}

/** The markup of a shape mark (a box) or a highlight: its tag and escaped attributes. */
export function shapeMarkup(tag: string, className: string, attributes: Record<string, number | string>): string {
  return `<${tag} class="${className}"${attributeMarkup(attributes)}/>`;
}
