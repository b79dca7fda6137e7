import { axisLeft, drag, pointer, scaleLinear, select, zoom, zoomIdentity, ZoomTransform, type Selection, type ZoomBehavior } from 'd3';
import { formatMs } from '../drawing/format';
import type { ZoomState } from '../state';
import { itemAtPoint } from './hitTest';
import { keptFocusKey } from './groupFocus';
import { ItemJoin } from './itemElements';
import { compactRulerBlocks } from './compactRuler';
import { startPosition, type ShownSequence } from './position';
import { RulerTimes } from './rulerTimes';
import type { Column, SequenceItem, SequenceLayout } from '../drawing/sequenceLayout';
import { overviewBars, sequenceOverview, type OverviewBars, type SequenceOverview } from './overview';
import { itemsInRange, labelledKeys } from './viewport';

/*
 * Draws a SequenceLayout with d3. It computes nothing about the trace: positions come from
 * the layout, and the only arithmetic here is the zoom (layout y -> screen y) and the choice
 * of which items are on screen. Zoom is semantic and vertical only: d3-zoom's transform
 * scales the time axis (k) and pans it (y); text keeps its size. Only the items inside the
 * visible window are in the DOM, joined on their stable keys, so a 10,000-event trace costs
 * what its visible part costs.
 *
 *   ┌ scroller (horizontal scroll) ───────────────────────┐ ┌overview┐
 *   │ corner │ header svg: participant boxes               │ │        │
 *   │ ruler  │ body svg: lifelines, arrows (zoom target)   │ │ bins   │
 *   └──────────────────────────────────────────────────────┘ └────────┘
 *
 * Vertical movement is the zoom's, so the header row is always in view. A panel too narrow
 * for the columns scrolls sideways: the corner and the time ruler are sticky on the left, so
 * times stay readable beside whichever lifelines are in view.
 */

export const HEADER_HEIGHT = 54;
export const RULER_WIDTH = 78;
const OVERVIEW_WIDTH = 44;
/** Beyond this many items on screen, the view draws every n-th one (errors and the focus always). */
const MAX_DRAWN_ITEMS = 2500;

export interface SequenceViewCallbacks {
  hover(eventId: number | undefined): void;
  select(eventId: number | undefined): void;
  toggleGroup(groupKey: string): void;
  zoomed(zoom: ZoomState): void;
  resized(): void;
}

type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;
type GroupSelection = Selection<SVGGElement, unknown, null, undefined>;

function itemEventId(item: SequenceItem): number | undefined {
  return item.kind === 'group' ? undefined : item.eventId;
}

export class SequenceView {
  private readonly scroller: HTMLDivElement;
  private readonly header: SvgSelection;
  private readonly rulerSvg: SvgSelection;
  private readonly body: SvgSelection;
  private readonly overview: SvgSelection;
  private readonly grid: GroupSelection;
  private readonly ruler: GroupSelection;
  private readonly lifelines: GroupSelection;
  private readonly items: ItemJoin;
  private readonly rulerTimes = new RulerTimes(RULER_WIDTH - 10);
  private readonly zoomBehaviour: ZoomBehavior<SVGSVGElement, unknown>;
  private layout: SequenceLayout | undefined;
  /** The route and time scale last shown, to tell a re-simulation from another route. */
  private shown: ShownSequence | undefined;
  private overviewModel: SequenceOverview | undefined;
  private transform: ZoomTransform = zoomIdentity;
  private viewportHeight = 300;
  private selectedEventId: number | undefined;
  private focusKey: string | undefined;
  /** The items last drawn, in drawing order: what the pointer can be over. */
  private drawnItems: readonly SequenceItem[] = [];
  private hoveredKey: string | undefined;
  /** The events on the critical path the toolbar's toggle highlights; undefined while it is off. */
  private critical: ReadonlySet<number> | undefined;
  /** Where the pointer is over the body (screen pixels), to find the item under it again after a redraw. */
  private pointerAt: [number, number] | undefined;
  private frame = 0;
  private zoomNotice: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, private readonly callbacks: SequenceViewCallbacks) {
    root.classList.add('sequence-view');
    this.scroller = document.createElement('div');
    this.scroller.className = 'sequence-scroller';
    root.append(this.scroller);
    const headerRow = select(this.scroller).append('div').attr('class', 'sequence-row sequence-header-row');
    headerRow.append('div').attr('class', 'sequence-corner').style('width', `${RULER_WIDTH}px`).style('height', `${HEADER_HEIGHT}px`);
    this.header = headerRow.append('svg').attr('class', 'sequence-header').attr('aria-hidden', 'true');
    const bodyRow = select(this.scroller).append('div').attr('class', 'sequence-row sequence-body-row');
    this.rulerSvg = bodyRow.append('svg').attr('class', 'sequence-ruler').attr('width', RULER_WIDTH).attr('aria-hidden', 'true');
    this.body = bodyRow.append('svg')
      .attr('class', 'sequence-body')
      .attr('tabindex', 0)
      .attr('role', 'listbox')
      .attr('aria-label', 'Sequence diagram. Arrow keys move between messages, Enter expands a group, plus and minus zoom.');
    this.grid = this.body.append('g').attr('class', 'grid');
    this.lifelines = this.body.append('g').attr('class', 'lifelines');
    // Highlights under the marks under the labels (itemElements.ts).
    const highlightLayer = this.body.append('g').attr('class', 'highlights');
    const markLayer = this.body.append('g').attr('class', 'marks');
    const itemLayer = this.body.append('g').attr('class', 'items');
    this.items = new ItemJoin(itemLayer.node() as SVGGElement, markLayer.node() as SVGGElement, highlightLayer.node() as SVGGElement);
    // The item under the pointer comes from the layout (hitTest.ts), not from per-item hit elements.
    this.body
      .on('pointermove', (event: PointerEvent) => {
        this.pointerAt = pointer(event, this.body.node());
        this.hoverAt(this.pointerAt);
      })
      .on('pointerleave', () => {
        this.pointerAt = undefined;
        this.hoverAt(undefined);
      })
      .on('click', (event: MouseEvent) => {
        // A click dispatched on an item's element (assistive technology, tests) has no useful position.
        const item = this.itemAt(pointer(event, this.body.node())) ?? this.items.itemAt(event.target)?.item;
        if (!item) return;
        if (item.kind === 'group') callbacks.toggleGroup(item.groupKey);
        else callbacks.select(item.eventId);
      });
    this.ruler = this.rulerSvg.append('g').attr('class', 'ruler');
    // The background first, the compact times over it (proportional time adds its axis after them).
    this.ruler.append('rect').attr('class', 'ruler-background').attr('width', RULER_WIDTH);
    (this.ruler.node() as SVGGElement).append(this.rulerTimes.element);
    this.overview = select(root).append('svg').attr('class', 'sequence-overview').attr('width', OVERVIEW_WIDTH)
      .attr('role', 'img').attr('aria-label', 'Overview of the whole trace; click or drag to move the view');

    this.zoomBehaviour = zoom<SVGSVGElement, unknown>()
      // The wheel scrolls; with Ctrl (or a pinch, which browsers report as Ctrl+wheel) it zooms.
      .filter((event: Event) => (event.type === 'wheel' ? (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey : !(event as MouseEvent).button))
      .constrain((transform) => this.constrain(transform))
      .on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) => {
        // The zoom keeps x at 0; a sideways drag scrolls the columns instead.
        if (event.sourceEvent?.type === 'mousemove') this.scroller.scrollLeft -= (event.sourceEvent as MouseEvent).movementX;
        this.transform = event.transform;
        this.scheduleDraw();
        this.noticeZoom();
      });
    this.body.call(this.zoomBehaviour).on('dblclick.zoom', null);
    // Over the ruler too, the wheel scrolls through time.
    bodyRow.on('wheel.scroll', (event: WheelEvent) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
      event.preventDefault();
      const pixels = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaMode === 2 ? event.deltaY * this.viewportHeight : event.deltaY;
      this.zoomBehaviour.translateBy(this.body, 0, -pixels / this.transform.k);
    });
    this.body.on('keydown', (event: KeyboardEvent) => this.onKey(event));
    this.overview.call(drag<SVGSVGElement, unknown>()
      .container(() => this.overview.node() as SVGSVGElement)
      .on('start drag', (event: { y: number }) => this.centreOnOverview(event.y)));

    new ResizeObserver(() => {
      const height = Math.max(120, this.scroller.clientHeight - HEADER_HEIGHT - 2);
      if (height !== this.viewportHeight) {
        this.viewportHeight = height;
        this.scheduleDraw();
      }
      this.callbacks.resized();
    }).observe(root);
  }

  /** Width the layout can use for its columns without horizontal scrolling. */
  columnsWidth(): number {
    return Math.max(120, this.scroller.clientWidth - RULER_WIDTH - 8);
  }

  /**
   * Shows the layout of route `routeId`. `zoom` restores a saved position; `keepPosition` keeps
   * the current one (a layer toggled, a group expanded, the same route re-simulated); otherwise,
   * and always for another route, the view starts at the top (see startPosition).
   */
  show(layout: SequenceLayout, options: { routeId: string; zoom?: ZoomState; keepPosition?: boolean; selectedEventId?: number }): void {
    const scaleChanged = this.layout !== undefined && this.layout.timeScale !== layout.timeScale;
    const start = startPosition(this.shown, { routeId: options.routeId, timeScale: layout.timeScale }, { savedZoom: options.zoom !== undefined, keepPosition: options.keepPosition === true });
    this.shown = { routeId: options.routeId, timeScale: layout.timeScale };
    // A write, not a read: it forces no layout.
    if (start.resetHorizontal) this.scroller.scrollLeft = 0;
    // A toggled HTTP/2 stream changes its items' keys: focus follows the group (groupFocus.ts).
    if (this.layout) this.focusKey = keptFocusKey(this.layout.items, layout.items, this.focusKey);
    this.layout = layout;
    this.overviewModel = sequenceOverview(layout);
    this.selectedEventId = options.selectedEventId;
    this.viewportHeight = Math.max(120, this.scroller.clientHeight - HEADER_HEIGHT - 2);
    // The page was just laid out for the read above: reading the ruler font's baseline now costs nothing more.
    this.rulerTimes.measure();
    if (scaleChanged) this.items.clear();
    const width = layout.width + 8;
    this.header.attr('width', width).attr('height', HEADER_HEIGHT);
    this.body.attr('width', width).attr('height', this.viewportHeight);
    this.rulerSvg.attr('height', this.viewportHeight);
    this.body.attr('aria-label', `Sequence diagram of ${layout.eventCount} messages. Arrow keys move between messages, Enter expands a group, plus and minus zoom.`);
    this.zoomBehaviour.scaleExtent(this.scaleExtent(layout));
    let transform: ZoomTransform;
    if (start.vertical === 'saved' && options.zoom) transform = new ZoomTransform(options.zoom.k, 0, options.zoom.y);
    else if (start.vertical === 'kept') transform = this.transform;
    else transform = this.initialTransform(layout);
    this.drawHeader(layout.columns);
    // transform() runs the constraint and fires 'zoom', which draws.
    this.body.call(this.zoomBehaviour.transform, transform);
    this.draw();
  }

  /** Marks the selected event; `reveal` scrolls it into view. */
  setSelection(eventId: number | undefined, reveal: boolean): void {
    this.selectedEventId = eventId;
    const key = eventId === undefined ? undefined : this.layout?.itemOfEvent.get(eventId);
    if (key) this.focusKey = key;
    if (reveal && key) this.reveal(key);
    this.draw();
  }

  /**
   * Highlights the events of a critical path (undefined: none): their marks drawn with the
   * path's look, the rest dimmed. `redraw` false when a draw follows anyway (show, a selection).
   */
  setCriticalPath(events: ReadonlySet<number> | undefined, redraw = true): void {
    this.critical = events;
    this.body.classed('critical-path-shown', events !== undefined);
    if (redraw) this.draw();
  }

  focus(): void {
    this.body.node()?.focus();
  }

  private scaleExtent(layout: SequenceLayout): [number, number] {
    const fit = Math.min(1, this.viewportHeight / Math.max(1, layout.height));
    // Never so far out that more than about MAX_DRAWN_ITEMS items share the screen on average.
    const crowded = (this.viewportHeight * layout.items.length) / (MAX_DRAWN_ITEMS * Math.max(1, layout.height));
    const minimum = Math.min(1, Math.max(fit, crowded, layout.timeScale === 'compact' ? 0.2 : 0));
    return [minimum, layout.timeScale === 'compact' ? 4 : 500];
  }

  private initialTransform(layout: SequenceLayout): ZoomTransform {
    if (layout.timeScale === 'proportional' && layout.height <= this.viewportHeight * 3) {
      const k = Math.min(1, this.viewportHeight / layout.height);
      return new ZoomTransform(Math.max(k, this.scaleExtent(layout)[0]), 0, 0);
    }
    return zoomIdentity;
  }

  /** Keeps x at 0 (the zoom is vertical) and the content covering the viewport. */
  private constrain(transform: ZoomTransform): ZoomTransform {
    const height = (this.layout?.height ?? 0) * transform.k;
    const y = height <= this.viewportHeight ? 0 : Math.min(0, Math.max(this.viewportHeight - height, transform.y));
    return transform.x === 0 && transform.y === y ? transform : new ZoomTransform(transform.k, 0, y);
  }

  private noticeZoom(): void {
    clearTimeout(this.zoomNotice);
    this.zoomNotice = setTimeout(() => this.callbacks.zoomed({ k: this.transform.k, y: this.transform.y }), 250);
  }

  private scheduleDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private reveal(key: string): void {
    const layout = this.layout;
    const item = layout?.items.find((candidate) => candidate.key === key);
    if (!layout || !item) return;
    const { k, y } = this.transform;
    const top = item.top * k + y;
    const bottom = item.bottom * k + y;
    if (top >= 0 && bottom <= this.viewportHeight) return;
    this.zoomBehaviour.translateTo(this.body, 0, (item.top + item.bottom) / 2);
  }

  private centreOnOverview(screenY: number): void {
    const layout = this.layout;
    if (!layout) return;
    const y = (Math.max(0, Math.min(this.viewportHeight, screenY)) / this.viewportHeight) * layout.height;
    this.zoomBehaviour.translateTo(this.body, 0, y);
  }

  /** The drawn item at screen point `at` in the body, if any. */
  private itemAt(at: [number, number]): SequenceItem | undefined {
    const layout = this.layout;
    if (!layout) return undefined;
    return itemAtPoint(this.drawnItems, layout.maxSpan, at[0], at[1], { k: this.transform.k, offset: this.transform.y }, layout.timeScale === 'compact');
  }

  /** Hovers the item at `at` (undefined: the pointer left), telling the controller when that changes. */
  private hoverAt(at: [number, number] | undefined): void {
    const item = at ? this.itemAt(at) : undefined;
    if (item?.key === this.hoveredKey) return;
    this.hoveredKey = item?.key;
    this.items.hover(this.hoveredKey);
    this.callbacks.hover(item ? itemEventId(item) : undefined);
  }

  private onKey(event: KeyboardEvent): void {
    const layout = this.layout;
    if (!layout || layout.items.length === 0) return;
    const index = layout.items.findIndex((item) => item.key === this.focusKey);
    const move = (to: number): void => {
      const item = layout.items[Math.max(0, Math.min(layout.items.length - 1, to))];
      this.focusKey = item.key;
      this.reveal(item.key);
      const eventId = itemEventId(item);
      if (eventId !== undefined) this.callbacks.select(eventId);
      else this.draw();
    };
    switch (event.key) {
      case 'ArrowDown': move(index + 1); break;
      case 'ArrowUp': move(index < 0 ? 0 : index - 1); break;
      case 'Home': move(0); break;
      case 'End': move(layout.items.length - 1); break;
      case 'PageDown': this.zoomBehaviour.translateBy(this.body, 0, (-this.viewportHeight * 0.9) / this.transform.k); break;
      case 'PageUp': this.zoomBehaviour.translateBy(this.body, 0, (this.viewportHeight * 0.9) / this.transform.k); break;
      case '+': case '=': this.zoomBehaviour.scaleBy(this.body, 1.5, [0, this.viewportHeight / 2]); break;
      case '-': this.zoomBehaviour.scaleBy(this.body, 1 / 1.5, [0, this.viewportHeight / 2]); break;
      case '0': this.body.call(this.zoomBehaviour.transform, this.initialTransform(layout)); break;
      case 'Escape': this.callbacks.select(undefined); break;
      case 'Enter': case ' ': {
        const item = layout.items[index];
        if (!item) return;
        if (item.kind === 'group') this.callbacks.toggleGroup(item.groupKey);
        else this.callbacks.select(item.eventId);
        break;
      }
      default: return;
    }
    event.preventDefault();
  }

  private drawHeader(columns: readonly Column[]): void {
    const spacing = this.layout?.spacing ?? 140;
    const boxWidth = Math.min(spacing - 14, 190);
    const boxes = this.header.selectAll<SVGGElement, Column>('g.participant')
      .data(columns, (column) => column.id)
      .join((enter) => {
        const group = enter.append('g');
        group.append('title');
        group.append('rect').attr('rx', 3);
        return group;
      });
    boxes.attr('class', (column) => `participant kind-${column.kind}`)
      .attr('transform', (column) => `translate(${column.x},0)`);
    boxes.select('title').text((column) => column.label);
    boxes.select('rect').attr('x', -boxWidth / 2).attr('y', 6).attr('width', boxWidth).attr('height', HEADER_HEIGHT - 12);
    boxes.selectAll<SVGTextElement, string>('text')
      .data((column) => column.labelLines.map((line) => line))
      .join('text')
      .attr('text-anchor', 'middle')
      .attr('y', (_line, index, nodes) => HEADER_HEIGHT / 2 + 4 + (index - (nodes.length - 1) / 2) * 15)
      .text((line) => line);
  }

  private draw(): void {
    // Drawn now: a frame scheduled earlier (show() fires a zoom event before drawing) has nothing left to do.
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const layout = this.layout;
    if (!layout) return;
    const { k, y: offset } = this.transform;
    const height = this.viewportHeight;
    this.body.attr('height', height);
    this.rulerSvg.attr('height', height);
    const toY = (y: number): number => y * k + offset;
    const margin = 60 / k;
    let items = itemsInRange(layout, -offset / k - margin, (height - offset) / k + margin);
    const selectedKey = this.selectedEventId === undefined ? undefined : layout.itemOfEvent.get(this.selectedEventId);
    if (items.length > MAX_DRAWN_ITEMS) {
      const step = Math.ceil(items.length / MAX_DRAWN_ITEMS);
      items = items.filter((item, index) => index % step === 0 || item.error || item.key === selectedKey || item.key === this.focusKey);
    }
    const keep = new Set([selectedKey, this.focusKey].filter((key): key is string => key !== undefined));
    const labelled = labelledKeys(items, toY, 13, keep);

    this.drawRuler(layout, items, labelled, toY);
    this.lifelines.selectAll<SVGLineElement, Column>('line')
      .data(layout.columns, (column) => column.id)
      .join('line')
      .attr('class', (column) => `lifeline kind-${column.kind}`)
      .attr('x1', (column) => column.x).attr('x2', (column) => column.x)
      .attr('y1', Math.max(0, toY(0))).attr('y2', Math.min(height, toY(layout.height)));

    this.drawnItems = items;
    this.items.update(items, { toY, labelled, compact: layout.timeScale === 'compact', selectedKey, focusKey: this.focusKey, hoveredKey: this.hoveredKey, ...(this.critical ? { critical: this.critical } : {}) });
    // The view moved under a pointer that did not: what it is over may have changed.
    if (this.pointerAt) this.hoverAt(this.pointerAt);
    if (this.focusKey && items.some((item) => item.key === this.focusKey)) this.body.attr('aria-activedescendant', `seq-${this.focusKey}`);
    else this.body.attr('aria-activedescendant', null);
    this.drawOverview(height);
  }

  private drawRuler(layout: SequenceLayout, items: readonly SequenceItem[], labelled: ReadonlySet<string>, toY: (y: number) => number): void {
    const height = this.viewportHeight;
    this.ruler.select('.ruler-background').attr('height', height);
    if (layout.timeScale === 'proportional') {
      const end = Math.max(layout.timeDomain[1], 0.001);
      const scale = scaleLinear().domain([0, end]).range([layout.top, layout.top + end * layout.pxPerMs]);
      const screen = scale.copy().range(scale.range().map(toY));
      // Ticks for the visible stretch of time only, so that zooming in brings finer ones.
      const visible = scaleLinear().domain([Math.max(0, screen.invert(0)), Math.min(end, screen.invert(height))]);
      const ticks = visible.ticks(Math.max(2, Math.floor(height / 60)));
      this.rulerTimes.clear();
      this.ruler.selectAll<SVGGElement, unknown>('g.axis').data([0]).join('g').attr('class', 'axis')
        .attr('transform', `translate(${RULER_WIDTH - 6},0)`)
        .call(axisLeft(screen).tickValues(ticks).tickFormat((value) => formatMs(Number(value))).tickSizeOuter(0));
      this.grid.selectAll<SVGLineElement, number>('line').data(ticks).join('line')
        .attr('x1', 0).attr('x2', layout.width)
        .attr('y1', (tick) => screen(tick)).attr('y2', (tick) => screen(tick));
      return;
    }
    this.ruler.selectAll('g.axis').remove();
    this.grid.selectAll('line').remove();
    const blocks = compactRulerBlocks(layout, items.filter((item) => labelled.has(item.key)));
    this.rulerTimes.update(blocks, (row) => toY(layout.top + (row + 0.5) * layout.rowHeight) + 4, layout.rowHeight * this.transform.k, height);
  }

  private drawOverview(height: number): void {
    const model = this.overviewModel;
    if (!model) return;
    this.overview.attr('height', height).style('margin-top', `${HEADER_HEIGHT}px`);
    const scale = height / Math.max(1, model.height);
    this.overview.selectAll('.overview-background').data([0]).join('rect').attr('class', 'overview-background').attr('width', OVERVIEW_WIDTH).attr('height', height);
    // The bars change with the trace and the height only, not with the zoom: the path is compared before it is set again.
    // New bars go under the window, as on the first draw, whatever the trace shown before.
    this.overview.selectAll<SVGPathElement, OverviewBars>('path.bars')
      .data(overviewBars(model, OVERVIEW_WIDTH, height), (bars) => bars.className)
      .join((enter) => enter.insert('path', 'rect.window'))
      .attr('class', (bars) => `bars ${bars.className}`)
      .each(function (bars) {
        if (this.getAttribute('d') !== bars.d) this.setAttribute('d', bars.d);
      });
    const { k, y } = this.transform;
    const top = Math.max(0, (-y / k) * scale);
    const bottom = Math.min(height, ((height - y) / k) * scale);
    this.overview.selectAll('rect.window').data([0]).join('rect').attr('class', 'window')
      .attr('x', 1).attr('width', OVERVIEW_WIDTH - 2)
      .attr('y', top).attr('height', Math.max(4, bottom - top));
  }
}
