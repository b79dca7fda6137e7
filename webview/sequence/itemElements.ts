import { layerClass } from '../drawing/layers';
import { hitArea, type HitArea } from './hitTest';
import type { GroupItem, SelfItem, SequenceItem } from '../drawing/sequenceLayout';
import { arrowHead, arrowPath, selfLoopPath } from '../drawing/arrowPaths';

/*
 * The SVG elements of the sequence diagram's items, and the keyed join that keeps them in
 * step with the items on screen. With every row drawn (a tall panel, a zoomed-out view) this
 * is the diagram's hot path, so it is written against the DOM directly, without d3 selections:
 *
 *   <g class="item arrow …" role="option" id="seq-e12" aria-label="0.000 s: Client to …">
 *     <line class="hit"/>                   the highlight: only on the hovered, selected or focused item
 *     <path class="arrow"/>                 line and head in one path (see arrowPath)
 *     <text class="label">SYN · 32 B</text>
 *   </g>
 *
 * Three elements per arrow. The pointer is not tracked by elements: the view finds the item
 * under it from the layout (hitTest.ts) and says which one is hovered. The accessible name is
 * the group's aria-label (role option in the body's listbox); the hovered item's full text is
 * in the details panel, so there is no <title>.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An item's elements, kept so that a redraw sets attributes without querying the DOM. */
interface ItemElements {
  item: SequenceItem;
  /** The highlight (hitTest.ts's hit area, drawn): only while the item is hovered, selected or focused. */
  hit?: SVGElement;
  /** The visible mark: an arrow, a self-event's loop or bar, a group's bracket, box or thick line. */
  mark: SVGElement;
  /** A collapsed one-way group's head: its thick line is translucent, the head is not. */
  head?: SVGElement;
  label: SVGTextElement;
  /** Attribute values last set that rarely change from one draw to the next: set again only when they do. */
  last: Map<string, string | null>;
}

/** Where the screen is: layout y to screen y, and which labels the culling kept. */
export interface ItemFrame {
  toY(y: number): number;
  labelled: ReadonlySet<string>;
  compact: boolean;
  selectedKey: string | undefined;
  focusKey: string | undefined;
  hoveredKey: string | undefined;
}

/**
 * Join key: the item's key plus what fixes its shape (its kind; for a group, expanded or not,
 * and its direction), since the elements are built once. Text and positions are set on every draw.
 */
function joinKey(item: SequenceItem): string {
  return `${item.kind}:${item.key}${item.kind === 'group' ? `:${item.expanded ? 'open' : 'closed'}:${item.direction}` : ''}`;
}

function svgElement<K extends keyof SVGElementTagNameMap>(parent: Element, tag: K, className: string): SVGElementTagNameMap[K] {
  const created = document.createElementNS(SVG_NS, tag);
  created.setAttribute('class', className);
  parent.append(created);
  return created;
}

/** Sets attributes from a record; `null` removes one. */
function attributes(target: Element, values: Record<string, string | number | null>): void {
  for (const name in values) {
    const value = values[name];
    if (value === null) target.removeAttribute(name);
    else target.setAttribute(name, String(value));
  }
}

/** Sets an attribute (null removes it) unless it already has that value; `last` remembers what was set. */
function setOnce(target: Element, last: Map<string, string | null>, name: string, value: string | null): void {
  const key = target.tagName === 'g' ? name : `${target.tagName}.${name}`;
  if (last.has(key) && last.get(key) === value) return;
  last.set(key, value);
  if (value === null) target.removeAttribute(name);
  else target.setAttribute(name, value);
}

/** Draws a list of items into one layer, reusing the elements of items that stay. */
export class ItemJoin {
  private readonly drawn = new Map<string, SVGGElement>();
  private readonly elements = new WeakMap<Element, ItemElements>();
  /** The drawn items' groups by item key, and where they were last drawn: for hover, which moves no item. */
  private readonly byItemKey = new Map<string, SVGGElement>();
  private frame: ItemFrame | undefined;

  constructor(private readonly layer: SVGGElement) {}

  /** The item an element (or its ancestor item group) shows; for event delegation. */
  itemAt(target: EventTarget | null): { item: SequenceItem; node: SVGGElement } | undefined {
    const node = target instanceof Element ? target.closest<SVGGElement>('g.item') : null;
    const found = node ? this.elements.get(node) : undefined;
    return node && found ? { item: found.item, node } : undefined;
  }

  /** Removes every element (the time scale changed: shapes differ). */
  clear(): void {
    for (const node of this.drawn.values()) node.remove();
    this.drawn.clear();
    this.byItemKey.clear();
  }

  /** Marks the item with key `key` (or none) as hovered, redrawing only it and the one hovered before. */
  hover(key: string | undefined): void {
    const frame = this.frame;
    if (!frame || frame.hoveredKey === key) return;
    const before = frame.hoveredKey;
    frame.hoveredKey = key;
    for (const changed of [before, key]) {
      const node = changed === undefined ? undefined : this.byItemKey.get(changed);
      const parts = node && this.elements.get(node);
      if (node && parts) this.position(node, parts.item, frame);
    }
  }

  /**
   * Shows `items`, in their order: elements of items no longer shown go, new ones are built
   * off-document and inserted in runs (one DocumentFragment each), all are positioned.
   */
  update(items: readonly SequenceItem[], frame: ItemFrame): void {
    this.frame = frame;
    const keys = items.map(joinKey);
    const wanted = new Set(keys);
    for (const [key, node] of this.drawn) {
      if (wanted.has(key)) continue;
      node.remove();
      this.drawn.delete(key);
    }
    this.byItemKey.clear();
    let cursor: ChildNode | null = this.layer.firstChild;
    let pending: DocumentFragment | undefined;
    const flush = (): void => {
      if (pending) this.layer.insertBefore(pending, cursor);
      pending = undefined;
    };
    items.forEach((item, index) => {
      const key = keys[index];
      let node = this.drawn.get(key);
      if (!node) {
        node = this.create(item);
        this.drawn.set(key, node);
        pending ??= document.createDocumentFragment();
        pending.append(node);
      } else {
        flush();
        if (node === cursor) cursor = cursor.nextSibling;
        else this.layer.insertBefore(node, cursor);
      }
      this.byItemKey.set(item.key, node);
      this.position(node, item, frame);
    });
    flush();
  }

  /** Builds an item's elements once, when it enters the view. */
  private create(item: SequenceItem): SVGGElement {
    const node = document.createElementNS(SVG_NS, 'g');
    node.setAttribute('role', 'option');
    let mark: SVGElement;
    let head: SVGElement | undefined;
    switch (item.kind) {
      case 'arrow':
      case 'self':
        mark = svgElement(node, 'path', 'arrow');
        break;
      case 'group':
        if (item.expanded) mark = svgElement(node, 'path', 'bracket');
        else if (item.direction === 'mixed') mark = svgElement(node, 'rect', 'box');
        else {
          mark = svgElement(node, 'line', 'stroke double');
          head = svgElement(node, 'path', 'head');
        }
        break;
    }
    const label = svgElement(node, 'text', 'label');
    this.elements.set(node, { item, mark, ...(head ? { head } : {}), label, last: new Map() });
    return node;
  }

  /** Moves an item's elements to the current zoom; labels the culling dropped are hidden. */
  private position(node: SVGGElement, item: SequenceItem, frame: ItemFrame): void {
    const parts = this.elements.get(node);
    if (!parts) return;
    parts.item = item;
    // The same key may show another trace's event after a new 'show': text is always refreshed.
    if (node.getAttribute('aria-label') !== item.ariaLabel) {
      node.id = `seq-${item.key}`;
      node.setAttribute('aria-label', item.ariaLabel);
    }
    const selected = item.key === frame.selectedKey;
    const focused = item.key === frame.focusKey;
    const hovered = item.key === frame.hoveredKey;
    const last = parts.last;
    setOnce(node, last, 'class', `item ${item.kind} ${layerClass(item.layer)}${item.error ? ' error' : ''}${selected ? ' selected' : ''}${focused ? ' focused' : ''}${hovered ? ' hovered' : ''}${item.kind !== 'group' && item.groupKey ? ' grouped' : ''}`);
    setOnce(node, last, 'aria-selected', String(selected));
    const label = parts.label;
    if (label.textContent !== item.label) label.textContent = item.label;
    attributes(label, { x: item.labelX, y: frame.toY(item.labelY) + item.labelDy });
    setOnce(label, last, 'text-anchor', item.labelAnchor);
    setOnce(label, last, 'visibility', frame.labelled.has(item.key) ? null : 'hidden');
    const toY = frame.toY;
    switch (item.kind) {
      case 'arrow': parts.mark.setAttribute('d', arrowPath(item.x1, toY(item.y1), item.x2, toY(item.y2))); break;
      case 'self': positionSelf(parts, item, toY, frame.compact); break;
      case 'group': positionGroup(parts, item, toY, frame.compact); break;
    }
    highlight(node, parts, selected || focused || hovered ? hitArea(item, toY, frame.compact) : undefined);
  }
}

/** Draws an item's highlight over `area` (under its mark and label), or removes it. */
function highlight(node: SVGGElement, parts: ItemElements, area: HitArea | undefined): void {
  if (!area) {
    parts.hit?.remove();
    delete parts.hit;
    return;
  }
  if (parts.hit?.tagName !== area.shape) {
    parts.hit?.remove();
    parts.hit = document.createElementNS(SVG_NS, area.shape);
    parts.hit.setAttribute('class', 'hit');
    node.insertBefore(parts.hit, node.firstChild);
  }
  attributes(parts.hit, areaAttributes(area));
}

/** A hit area as the attributes of its SVG element (a <line> or a <rect>). */
function areaAttributes(area: HitArea): Record<string, number> {
  return area.shape === 'line' ? { x1: area.x1, y1: area.y1, x2: area.x2, y2: area.y2 } : { x: area.x, y: area.y, width: area.width, height: area.height };
}

function positionSelf(parts: ItemElements, item: SelfItem, toY: (y: number) => number, compact: boolean): void {
  const y1 = toY(item.y1);
  const leftward = item.labelAnchor === 'end';
  if (compact) {
    // A small loop beside the lifeline: out, down, back with an arrowhead.
    setOnce(parts.mark, parts.last, 'class', 'arrow');
    parts.mark.setAttribute('d', selfLoopPath(item.x, y1, leftward ? -1 : 1));
  } else {
    // An activation bar as long as the step takes.
    const y2 = Math.max(toY(item.y2), y1 + 3);
    setOnce(parts.mark, parts.last, 'class', 'bar');
    parts.mark.setAttribute('d', `M${item.x - 4},${y1}h8V${y2}h-8Z`);
  }
}

function positionGroup(parts: ItemElements, item: GroupItem, toY: (y: number) => number, compact: boolean): void {
  const y1 = toY(item.y1);
  const y2 = toY(item.y2);
  if (item.expanded) {
    const x = item.x1 - 18;
    parts.mark.setAttribute('d', `M${x + 6},${y1 - 8}h-6V${Math.max(y2, y1 + 8) + 6}h6`);
    return;
  }
  if (item.direction === 'mixed') {
    // The box is the group's hit area.
    attributes(parts.mark, { ...areaAttributes(hitArea(item, toY, compact)), rx: 4 });
    return;
  }
  const [from, to] = item.direction === 'right' ? [item.x1, item.x2] : [item.x2, item.x1];
  const endX = to - Math.sign(to - from) * 7;
  attributes(parts.mark, { x1: from, y1, x2: endX, y2: compact ? y1 : y2 });
  parts.head?.setAttribute('d', arrowHead(from, y1, to, compact ? y1 : y2, 10));
}
