import { select, type Selection } from 'd3';
import { element } from '../dom';
import { formatBytes, formatMs, formatTime } from '../drawing/format';
import { layerClass } from '../drawing/layers';
import type { FlowHop, FlowLane, FlowModel, FlowNode } from './flowDiagram';
import { FLOW_GEOMETRY, layoutFlow } from './flowLayout';
import { kindLabel } from './flowModel';

/*
 * Draws a FlowModel: boxes joined on participant ids, hops joined on their pair keys, and
 * under the diagram the same hops as a table (for exact numbers and for screen readers).
 * The diagram is laid out again for the width its panel has, and again when that changes.
 */

/** A drag of the panel's edge fires many resizes; lay out once it rests. */
const RESIZE_DEBOUNCE_MS = 120;

export interface FlowViewCallbacks {
  select(eventId: number): void;
}

type Root = Selection<SVGSVGElement, unknown, null, undefined>;

function uniqueCodes(errors: readonly { code: string; status?: number }[]): string {
  return [...new Set(errors.map((error) => `${error.code}${error.status !== undefined ? ` ${error.status}` : ''}`))].join(', ');
}

export class FlowView {
  private readonly svg: Root;
  private readonly table: HTMLTableElement;
  private readonly scroller: HTMLElement;
  private readonly tableScroller: HTMLElement;
  private selectedEventId: number | undefined;
  private shown: { model: FlowModel; title: string; width: number } | undefined;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, private readonly callbacks: FlowViewCallbacks) {
    root.classList.add('flow-view');
    const scroller = element('div', 'flow-scroller');
    this.scroller = scroller;
    root.append(scroller);
    this.svg = select(scroller).append('svg').attr('class', 'flow-diagram').attr('role', 'group');
    this.svg.append('g').attr('class', 'hops');
    this.svg.append('g').attr('class', 'nodes');
    root.append(element('h3', 'flow-table-title', 'Hops'));
    this.table = element('table', 'hop-table');
    // A narrow panel scrolls the table sideways inside its own box instead of cutting it off.
    this.tableScroller = element('div', 'hop-table-scroller');
    this.tableScroller.append(this.table);
    root.append(this.tableScroller);
    new ResizeObserver(() => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.relayout(), RESIZE_DEBOUNCE_MS);
    }).observe(scroller);
  }

  /** The width the diagram may take; 0 while the tab is hidden. */
  private availableWidth(): number {
    return this.scroller.clientWidth;
  }

  private relayout(): void {
    const width = this.availableWidth();
    if (!this.shown || width === 0 || Math.abs(width - this.shown.width) < 4) return;
    this.draw(this.shown.model, this.shown.title, width);
  }

  /** Highlights the hop (or the box) that carries the selected event. */
  setSelection(eventId: number | undefined): void {
    this.selectedEventId = eventId;
    const has = (ids: readonly number[]): boolean => eventId !== undefined && ids.includes(eventId);
    this.svg.selectAll<SVGGElement, FlowHop>('g.hop').classed('selected', (hop) => has(hop.eventIds));
    this.svg.selectAll<SVGGElement, FlowNode>('g.node').classed('selected', (node) => has(node.eventIds));
    select(this.table).selectAll<HTMLTableRowElement, FlowHop>('tbody tr').classed('selected', (hop) => has(hop.eventIds));
  }

  /** Shows the model laid out for the panel's width (as given while the tab is hidden). */
  show(model: FlowModel, title: string): void {
    // Another route's table starts at its hop names, not where the last one was scrolled to.
    const identity = (shown: FlowModel, shownTitle: string): string => `${shownTitle}|${shown.hops.map((hop) => hop.key).join(' ')}|${shown.nodes.length}`;
    if (!this.shown || identity(this.shown.model, this.shown.title) !== identity(model, title)) this.tableScroller.scrollLeft = 0;
    this.draw(model, title, this.availableWidth());
    this.drawTable(model);
    this.setSelection(this.selectedEventId);
  }

  private draw(model: FlowModel, title: string, width: number): void {
    this.shown = { model, title, width };
    const laidOut = width > 0 ? layoutFlow(model, width) : model;
    this.svg.attr('width', laidOut.width).attr('height', laidOut.height)
      .attr('class', `flow-diagram ${laidOut.orientation}`)
      .attr('aria-label', `Flow of ${title}: ${laidOut.nodes.map((node) => node.label).join(', ')}`);
    this.drawHops(laidOut.hops);
    this.drawNodes(laidOut.nodes);
    this.setSelection(this.selectedEventId);
  }

  private drawNodes(nodes: readonly FlowNode[]): void {
    const callbacks = this.callbacks;
    const joined = this.svg.select<SVGGElement>('g.nodes').selectAll<SVGGElement, FlowNode>('g.node')
      .data(nodes, (node) => node.id)
      .join((enter) => {
        const group = enter.append('g');
        group.append('title');
        group.append('rect').attr('class', 'box').attr('rx', 4);
        group.append('rect').attr('class', 'stripe');
        group.append('text').attr('class', 'node-kind');
        group.append('text').attr('class', 'node-busy');
        group.on('click', (_event: MouseEvent, node) => { if (node.eventIds.length > 0) callbacks.select(node.eventIds[0]); });
        return group;
      });
    joined
      .attr('class', (node) => `node kind-${node.kind}${node.errors.length > 0 ? ' error' : ''}`)
      .attr('transform', (node) => `translate(${node.x},${node.y})`)
      .attr('tabindex', (node) => (node.eventIds.length > 0 ? 0 : null))
      .attr('role', (node) => (node.eventIds.length > 0 ? 'button' : 'img'))
      .attr('aria-label', (node) => `${node.label} (${kindLabel(node.kind)})${node.busyMs > 0 ? `, busy ${formatMs(node.busyMs)}` : ''}${node.errors.length > 0 ? `, error ${uniqueCodes(node.errors)}` : ''}`)
      .on('keydown', (event: KeyboardEvent, node) => {
        if ((event.key === 'Enter' || event.key === ' ') && node.eventIds.length > 0) {
          event.preventDefault();
          callbacks.select(node.eventIds[0]);
        }
      });
    joined.select('title').text((node) => node.label);
    joined.select('rect.box').attr('width', (node) => node.width).attr('height', (node) => node.height);
    joined.select('rect.stripe').attr('width', 4).attr('height', (node) => node.height);
    joined.selectAll<SVGTextElement, string>('text.node-label')
      .data((node) => node.labelLines)
      .join('text')
      .attr('class', 'node-label')
      .attr('x', 12)
      .attr('y', (_line, index) => 18 + index * 15)
      .text((line) => line);
    joined.select('text.node-kind')
      .attr('x', 12).attr('y', (node) => node.height - 9)
      // An error takes the bottom line's room; the kind is in the accessible label anyway.
      .text((node) => (kindLabel(node.kind) === node.label || node.errors.length > 0 ? '' : kindLabel(node.kind)));
    joined.select('text.node-busy')
      .attr('x', (node) => node.width - 8).attr('y', (node) => node.height - 9).attr('text-anchor', 'end')
      .text((node) => (node.errors.length > 0 ? `⚠ ${uniqueCodes(node.errors)}` : node.busyMs > 0 ? formatMs(node.busyMs) : ''));
  }

  private drawHops(hops: readonly FlowHop[]): void {
    const callbacks = this.callbacks;
    const joined = this.svg.select<SVGGElement>('g.hops').selectAll<SVGGElement, FlowHop>('g.hop')
      .data(hops, (hop) => hop.key)
      .join((enter) => {
        const group = enter.append('g');
        group.append('title');
        group.on('click', (_event: MouseEvent, hop) => callbacks.select(hop.eventIds[0]));
        return group;
      });
    joined
      .attr('class', (hop) => `hop ${layerClass(hop.layer)}${hop.errors.length > 0 ? ' error' : ''}`)
      .attr('tabindex', 0)
      .attr('role', 'button')
      .attr('aria-label', (hop) => hop.ariaLabel)
      .on('keydown', (event: KeyboardEvent, hop) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          callbacks.select(hop.eventIds[0]);
        }
      });
    joined.select('title').text((hop) => hop.ariaLabel);
    joined.selectAll<SVGGElement, FlowLane>('g.lane')
      .data((hop) => [hop.request, hop.response].filter((lane): lane is FlowLane => lane !== undefined), (lane) => `${lane.from}>${lane.to}`)
      .join((enter) => {
        const lane = enter.append('g');
        lane.append('path').attr('class', 'hit');
        lane.append('path').attr('class', 'stroke');
        lane.append('path').attr('class', 'head');
        lane.append('text').attr('class', 'lane-label');
        return lane;
      })
      .attr('class', (lane) => `lane ${lane.direction}`)
      .each(function (lane) {
        const view = select(this);
        view.selectAll('path.hit, path.stroke').attr('d', lane.path);
        view.select('path.head').attr('d', lane.head);
        view.select('text.lane-label').attr('text-anchor', lane.labelAnchor)
          .selectAll('tspan').data(lane.labelLines).join('tspan')
          .attr('x', lane.labelX).attr('y', (_line, index) => lane.labelY + index * FLOW_GEOMETRY.lineHeight)
          .text((line) => line);
      });
  }

  private drawTable(model: FlowModel): void {
    const labelOf = new Map(model.nodes.map((node) => [node.id, node.label]));
    const head = element('thead');
    const headRow = element('tr');
    for (const title of ['Hop', 'Messages →', 'Bytes →', 'Messages ←', 'Bytes ←', 'One-way latency', 'First sent', 'Last arrived', 'Errors']) {
      const cell = element('th', undefined, title);
      cell.scope = 'col';
      headRow.append(cell);
    }
    head.append(headRow);
    const body = element('tbody');
    const callbacks = this.callbacks;
    for (const hop of model.hops) {
      const row = element('tr', hop.errors.length > 0 ? 'error' : undefined);
      select(row).datum(hop).on('click', () => callbacks.select(hop.eventIds[0]));
      const first = Math.min(hop.request?.firstTime ?? Infinity, hop.response?.firstTime ?? Infinity);
      const last = Math.max(hop.request?.lastArrival ?? -Infinity, hop.response?.lastArrival ?? -Infinity);
      const hopCell = element('th', undefined, `${labelOf.get(hop.a) ?? hop.a} ⇄ ${labelOf.get(hop.b) ?? hop.b}`);
      hopCell.scope = 'row';
      row.append(
        hopCell,
        element('td', 'numeric', String(hop.request?.events ?? 0)),
        element('td', 'numeric', formatBytes(hop.request?.bytes ?? 0)),
        element('td', 'numeric', String(hop.response?.events ?? 0)),
        element('td', 'numeric', formatBytes(hop.response?.bytes ?? 0)),
        element('td', 'numeric', formatMs(hop.latencyMs)),
        element('td', 'numeric', formatTime(first)),
        element('td', 'numeric', formatTime(last)),
        element('td', hop.errors.length > 0 ? 'error-text' : undefined, uniqueCodes(hop.errors)),
      );
      body.append(row);
    }
    this.table.replaceChildren(head, body);
  }
}
