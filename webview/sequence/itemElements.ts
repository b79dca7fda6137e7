import type { SequenceItem } from '../drawing/sequenceLayout';
import { areaAttributes, itemLook, itemMarkup, joinKey, shapeMarkup, shownLabel, type ItemFrame, type ItemLook } from './itemMarkup';
import { highlights, markGroups, type MarkGroup } from './markGroups';

export type { ItemFrame } from './itemMarkup';

/*
 * The SVG elements of the sequence diagram's items, in three layers, bottom to top:
 *
 *   highlights   the hovered, selected or focused item's hit area, drawn
 *   marks        every arrow, loop, bar and bracket, by look: one <path> for all the marks that
 *                look the same (markGroups.ts), since a browser pays per element, not per subpath
 *   items        a <text> per item: its label, its role (option in the body's listbox) and its
 *                accessible name: what assistive technology and the pointer's fallback read
 *
 * With every row drawn (a tall panel, a zoomed-out view) this is the diagram's hot path, so it
 * is written against the DOM directly, without d3 selections: a run of items entering the view
 * is written as one markup string, parsed by the browser in one go; items that stay have only
 * the attributes that changed set again, from the look they were last drawn with, without
 * reading the DOM. The marks are rewritten each draw (a few dozen `d` attributes).
 *
 * The pointer is not tracked by elements: the view finds the item under it from the layout
 * (hitTest.ts) and says which one is hovered. The hovered item's full text is in the details
 * panel, so there is no <title>.
 */

/** What an item's element shows now, so that a redraw sets attributes without reading the DOM. */
interface ItemElements {
  item: SequenceItem;
  look: ItemLook;
  /** The texts last written: the same key may show another trace's event after a new 'show', and a culled label shows none. */
  labelText: string;
  ariaLabel: string;
}

/** A mark group's elements: its <g> with the look's classes, the path of its marks, the path of its heads, and the markup of its shapes. */
interface MarkElements {
  group: SVGGElement;
  path: SVGPathElement;
  heads?: SVGPathElement;
  shapes: string;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Draws a list of items into the three layers, reusing the elements of items that stay. */
export class ItemJoin {
  private readonly drawn = new Map<string, SVGTextElement>();
  private readonly elements = new WeakMap<Element, ItemElements>();
  /** The drawn items' elements by item key, for hover, which moves no item. */
  private readonly byItemKey = new Map<string, SVGTextElement>();
  /** The looks of the items drawn, by item key, in drawing order: what the marks and highlights are drawn from. */
  private looks = new Map<string, ItemLook>();
  /** Each mark group's elements by its classes, kept while the group is drawn. */
  private readonly markElements = new Map<string, MarkElements>();
  private frame: ItemFrame | undefined;

  constructor(private readonly layer: SVGGElement, private readonly markLayer: SVGGElement, private readonly highlightLayer: SVGGElement) {}

  /** The item an element shows; for event delegation. */
  itemAt(target: EventTarget | null): { item: SequenceItem; node: SVGTextElement } | undefined {
    const node = target instanceof Element ? target.closest<SVGTextElement>('text.item') : null;
    const found = node ? this.elements.get(node) : undefined;
    return node && found ? { item: found.item, node } : undefined;
  }

  /** Removes every element (the time scale changed: shapes differ). */
  clear(): void {
    for (const node of this.drawn.values()) node.remove();
    this.drawn.clear();
    this.byItemKey.clear();
    this.looks.clear();
    this.drawMarks();
  }

  /** Marks the item with key `key` (or none) as hovered, redrawing only it, the one hovered before, and the highlights. */
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
    this.drawHighlights();
  }

  /**
   * Shows `items`, in their order: elements of items no longer shown go, items that stay are
   * moved, and each run of new ones is written as one markup string where it belongs; then the
   * marks and highlights of all of them.
   */
  update(items: readonly SequenceItem[], frame: ItemFrame): void {
    this.frame = frame;
    this.looks = new Map();
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
      let node = (cursor ? cursor.previousElementSibling : this.layer.lastElementChild) as SVGTextElement;
      for (let index = pending.length - 1; index >= 0; index--) {
        const { item, key, look } = pending[index];
        this.elements.set(node, { item, look, labelText: shownLabel(item, look), ariaLabel: item.ariaLabel });
        this.drawn.set(key, node);
        this.byItemKey.set(item.key, node);
        node = node.previousElementSibling as SVGTextElement;
      }
      pending = [];
      markup = '';
    };
    items.forEach((item, index) => {
      const key = keys[index];
      const node = this.drawn.get(key);
      if (!node) {
        const look = itemLook(item, frame);
        this.looks.set(item.key, look);
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
    this.drawMarks();
    this.drawHighlights();
  }

  /** Moves an item's element to the current zoom and state, setting only what changed. */
  private position(node: SVGTextElement, parts: ItemElements, item: SequenceItem, frame: ItemFrame): void {
    parts.item = item;
    const before = parts.look;
    const look = itemLook(item, frame);
    parts.look = look;
    this.looks.set(item.key, look);
    if (parts.ariaLabel !== item.ariaLabel) {
      node.id = `seq-${item.key}`;
      node.setAttribute('aria-label', (parts.ariaLabel = item.ariaLabel));
    }
    if (before.className !== look.className) node.setAttribute('class', look.className);
    if (before.selected !== look.selected) node.setAttribute('aria-selected', String(look.selected));
    const text = shownLabel(item, look);
    if (parts.labelText !== text) node.textContent = parts.labelText = text;
    if (before.labelX !== look.labelX) node.setAttribute('x', String(look.labelX));
    if (before.labelY !== look.labelY) node.setAttribute('y', String(look.labelY));
    if (before.labelAnchor !== look.labelAnchor) node.setAttribute('text-anchor', look.labelAnchor);
  }

  /** The marks of the items drawn, a group of elements per look, reusing the groups that stay. */
  private drawMarks(): void {
    const groups = markGroups([...this.looks.values()]);
    const seen = new Set<string>();
    let previous: Element | null = null;
    for (const group of groups) {
      const key = `${group.className}\n${group.markClass}`;
      seen.add(key);
      const elements = this.markElements.get(key) ?? this.newMarkGroup(key, group);
      // In look order (a new group, or one whose place changed, goes after the previous one).
      if (elements.group.parentNode !== this.markLayer || elements.group.previousElementSibling !== previous) this.markLayer.insertBefore(elements.group, previous ? previous.nextElementSibling : this.markLayer.firstElementChild);
      previous = elements.group;
      if (elements.path.getAttribute('d') !== group.d) elements.path.setAttribute('d', group.d);
      if (group.heads !== '') {
        if (!elements.heads) {
          elements.heads = document.createElementNS(SVG, 'path');
          elements.heads.setAttribute('class', 'head');
          elements.group.append(elements.heads);
        }
        if (elements.heads.getAttribute('d') !== group.heads) elements.heads.setAttribute('d', group.heads);
      } else if (elements.heads) {
        elements.heads.remove();
        delete elements.heads;
      }
      const shapes = group.shapes.map((shape) => shapeMarkup(shape.tag, shape.className, shape.attributes)).join('');
      if (shapes !== elements.shapes) {
        for (const old of [...elements.group.children]) if (old !== elements.path && old !== elements.heads) old.remove();
        elements.group.insertAdjacentHTML('beforeend', shapes);
        elements.shapes = shapes;
      }
    }
    for (const [key, elements] of this.markElements) {
      if (seen.has(key)) continue;
      elements.group.remove();
      this.markElements.delete(key);
    }
  }

  private newMarkGroup(key: string, group: MarkGroup): MarkElements {
    const element = document.createElementNS(SVG, 'g');
    element.setAttribute('class', group.className);
    element.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('class', group.markClass);
    element.append(path);
    const elements: MarkElements = { group: element, path, shapes: '' };
    this.markElements.set(key, elements);
    return elements;
  }

  /** The hovered, selected and focused items' highlights, under the marks. */
  private drawHighlights(): void {
    const markup = highlights(this.looks).map(({ className, hit }) => `<g class="${className}" aria-hidden="true">${shapeMarkup(hit.shape, 'hit', areaAttributes(hit))}</g>`).join('');
    // At most three: rewritten whole.
    this.highlightLayer.innerHTML = markup;
  }
}
