import type { SequenceItem } from '../drawing/sequenceLayout';
import type { HitArea } from './hitTest';
import { areaAttributes, itemLook, itemMarkup, joinKey, type ItemFrame, type ItemLook } from './itemMarkup';

export type { ItemFrame } from './itemMarkup';

/*
 * The SVG elements of the sequence diagram's items (see itemMarkup.ts for their shape), and the
 * keyed join that keeps them in step with the items on screen. With every row drawn (a tall
 * panel, a zoomed-out view) this is the diagram's hot path, so it is written against the DOM
 * directly, without d3 selections: a run of items entering the view is written as one markup
 * string, parsed by the browser in one go; items that stay have only the attributes that
 * changed set again, from the look they were last drawn with, without reading the DOM.
 *
 * Three elements per arrow. The pointer is not tracked by elements: the view finds the item
 * under it from the layout (hitTest.ts) and says which one is hovered. The accessible name is
 * the group's aria-label (role option in the body's listbox); the hovered item's full text is
 * in the details panel, so there is no <title>.
 */

/** An item's elements and what they show now, so that a redraw sets attributes without reading the DOM. */
interface ItemElements {
  item: SequenceItem;
  hit?: SVGElement;
  mark: SVGElement;
  head?: SVGElement;
  label: SVGTextElement;
  look: ItemLook;
  /** The texts last written: the same key may show another trace's event after a new 'show'. */
  labelText: string;
  ariaLabel: string;
}

/** Sets the attributes in `next` that differ from `before` (all of them without `before`). */
function changedAttributes(target: Element, next: Record<string, number | string>, before: Record<string, number | string> | undefined): void {
  for (const name in next) {
    if (before?.[name] !== next[name]) target.setAttribute(name, String(next[name]));
  }
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
      if (node && parts) this.position(node, parts, parts.item, frame);
    }
  }

  /**
   * Shows `items`, in their order: elements of items no longer shown go, items that stay are
   * moved, and each run of new ones is written as one markup string where it belongs.
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
    let cursor: Element | null = this.layer.firstElementChild;
    /** The run of new items before `cursor`, their looks and their markup. */
    let pending: { item: SequenceItem; key: string; look: ItemLook }[] = [];
    let markup = '';
    const flush = (): void => {
      if (pending.length === 0) return;
      if (cursor) cursor.insertAdjacentHTML('beforebegin', markup);
      else this.layer.insertAdjacentHTML('beforeend', markup);
      // The run's elements are the siblings just before the cursor, last first.
      let node = (cursor ? cursor.previousElementSibling : this.layer.lastElementChild) as SVGGElement;
      for (let index = pending.length - 1; index >= 0; index--) {
        const { item, key, look } = pending[index];
        this.adopt(node, item, look);
        this.drawn.set(key, node);
        this.byItemKey.set(item.key, node);
        node = node.previousElementSibling as SVGGElement;
      }
      pending = [];
      markup = '';
    };
    items.forEach((item, index) => {
      const key = keys[index];
      const node = this.drawn.get(key);
      if (!node) {
        const look = itemLook(item, frame);
        pending.push({ item, key, look });
        markup += itemMarkup(item, look);
        return;
      }
      flush();
      if (node === cursor) cursor = cursor.nextElementSibling;
      else this.layer.insertBefore(node, cursor);
      this.byItemKey.set(item.key, node);
      const parts = this.elements.get(node);
      if (parts) this.position(node, parts, item, frame);
    });
    flush();
  }

  /** Keeps the elements of an item just written as markup (see itemMarkup for their order). */
  private adopt(node: SVGGElement, item: SequenceItem, look: ItemLook): void {
    let child = node.firstElementChild as SVGElement;
    let hit: SVGElement | undefined;
    if (look.hit) {
      hit = child;
      child = child.nextElementSibling as SVGElement;
    }
    const mark = child;
    const head = look.head !== undefined ? (mark.nextElementSibling as SVGElement) : undefined;
    this.elements.set(node, {
      item, mark, label: node.lastElementChild as SVGTextElement, look, labelText: item.label, ariaLabel: item.ariaLabel,
      ...(hit ? { hit } : {}), ...(head ? { head } : {}),
    });
  }

  /** Moves an item's elements to the current zoom and state, setting only what changed. */
  private position(node: SVGGElement, parts: ItemElements, item: SequenceItem, frame: ItemFrame): void {
    parts.item = item;
    const before = parts.look;
    const look = itemLook(item, frame);
    parts.look = look;
    if (parts.ariaLabel !== item.ariaLabel) {
      node.id = `seq-${item.key}`;
      node.setAttribute('aria-label', (parts.ariaLabel = item.ariaLabel));
    }
    if (before.className !== look.className) node.setAttribute('class', look.className);
    if (before.selected !== look.selected) node.setAttribute('aria-selected', String(look.selected));
    const label = parts.label;
    if (parts.labelText !== item.label) label.textContent = parts.labelText = item.label;
    if (before.labelX !== look.labelX) label.setAttribute('x', String(look.labelX));
    if (before.labelY !== look.labelY) label.setAttribute('y', String(look.labelY));
    if (before.labelAnchor !== look.labelAnchor) label.setAttribute('text-anchor', look.labelAnchor);
    if (before.labelHidden !== look.labelHidden) {
      if (look.labelHidden) label.setAttribute('visibility', 'hidden');
      else label.removeAttribute('visibility');
    }
    if (before.mark.className !== look.mark.className) parts.mark.setAttribute('class', look.mark.className);
    changedAttributes(parts.mark, look.mark.attributes, before.mark.attributes);
    if (look.head !== undefined && before.head !== look.head) parts.head?.setAttribute('d', look.head);
    highlight(node, parts, look.hit, before.hit);
  }
}

/** Draws an item's highlight over `area` (under its mark and label), or removes it; `before` is the area drawn so far. */
function highlight(node: SVGGElement, parts: ItemElements, area: HitArea | undefined, before: HitArea | undefined): void {
  if (!area) {
    parts.hit?.remove();
    delete parts.hit;
    return;
  }
  let previous = before;
  if (!parts.hit || parts.hit.tagName !== area.shape) {
    parts.hit?.remove();
    parts.hit = document.createElementNS('http://www.w3.org/2000/svg', area.shape);
    parts.hit.setAttribute('class', 'hit');
    node.insertBefore(parts.hit, node.firstChild);
    previous = undefined;
  }
  changedAttributes(parts.hit, areaAttributes(area), previous && areaAttributes(previous));
}
