import { axisTop, scaleLinear, select, type ScaleLinear, type Selection } from 'd3';
import { appendRow } from '../chartRows';
import { definition, element } from '../dom';
import { formatBytes, formatCount, formatMs, formatTime, formatUsd } from '../drawing/format';
import { LAYER_LABELS, layerClass } from '../drawing/layers';
import { liveSummary } from '../live/liveModel';
import { liveSummarySection } from '../live/liveView';
import type { RouteView } from '../protocol/messages';
import { fitText } from '../drawing/textFit';
import type { Waterfall, WaterfallPhase } from './waterfall';
import { PHASE_LABELS } from '../../simulator/trace/requestTimings';
import { requestPhaseRows, type PhaseSegment, type RequestPhaseRow } from './requestPhases';
import { criticalPathSummary, type CriticalBarSegment, type CriticalPathRow } from './criticalPathRows';
import { CRITICAL_SEGMENT_LABELS, type CriticalSegmentKind } from '../../simulator/trace/criticalPath';

/*
 * Draws the summary: model vs measured after a live run, the totals, the waterfall of the first exchange (and of the rest of the
 * session when there is one), and bytes per layer. Phases are joined on their keys.
 */

const ROW_HEIGHT = 24;
const LABEL_WIDTH = 300;
const DURATION_WIDTH = 96;
const AXIS_HEIGHT = 26;

export interface SummaryViewCallbacks {
  select(eventId: number): void;
  /** "Show in sequence": highlight the critical path of the request with this event in the diagram. */
  showCriticalPath(eventId: number): void;
}

export class SummaryView {
  constructor(private readonly root: HTMLElement, private readonly callbacks: SummaryViewCallbacks) {
    root.classList.add('summary-view');
  }

  show(view: RouteView, waterfall: Waterfall, width: number): void {
    const cards = element('dl', 'summary-cards');
    definition(cards, 'Total time', formatMs(waterfall.totalMs));
    definition(cards, 'Time to first byte', formatMs(waterfall.timeToFirstByteMs));
    definition(cards, 'Round trips before it', String(waterfall.roundTrips));
    definition(cards, 'Bytes up (IP)', formatBytes(waterfall.bytesUp));
    definition(cards, 'Bytes down (IP)', formatBytes(waterfall.bytesDown));
    definition(cards, 'Packets', `${formatCount(waterfall.packets)}${waterfall.packetsLost > 0 ? ` (${formatCount(waterfall.packetsLost)} lost)` : ''}`, waterfall.packetsLost > 0 ? 'warning' : undefined);
    definition(cards, 'Messages', formatCount(view.trace.events.length));
    definition(cards, 'API Gateway cost', formatUsd(view.costUsd)).querySelector('dd')?.append(element('small', undefined, `${formatUsd(view.costUsd * 1e6)} per million`));
    const calibration = view.trace.calibration;
    if (calibration) definition(cards, 'Calibrated from', calibration.source).querySelector('dd')?.append(element('small', undefined, `${formatCount(calibration.samples)} recorded requests`));

    const parts: HTMLElement[] = [element('h3', undefined, `Where the time goes: ${waterfall.firstRequest ?? 'first exchange'}`)];
    const chartWidth = Math.max(640, width - 8);
    // A single request has nothing after its answer but the close: one chart is enough for that.
    const closeOnly = waterfall.later.length === 1 && waterfall.later[0].category === 'close';
    const firstPhases = closeOnly ? [...waterfall.phases, ...waterfall.later] : waterfall.phases;
    const firstEnd = closeOnly ? waterfall.totalMs : waterfall.firstExchangeEnd;
    parts.push(this.waterfallChart(firstPhases, Math.max(firstEnd, 0.001), chartWidth, waterfall.timeToFirstByteMs, 'Timing of the connection set-up and first exchange'));
    if (waterfall.later.length > 0 && !closeOnly) {
      parts.push(element('h3', undefined, 'The rest of the session'));
      parts.push(this.waterfallChart(waterfall.later, Math.max(waterfall.totalMs, 0.001), chartWidth, undefined, 'Timing of the later exchanges and the close'));
      if (waterfall.moreExchanges) {
        parts.push(element('p', 'note', `… and ${formatCount(waterfall.moreExchanges.count)} more exchanges, ${formatMs(waterfall.moreExchanges.meanMs)} each on average.`));
      }
    }

    const { rows: requestRows, more } = requestPhaseRows(view.trace);
    if (requestRows.length > 0) {
      parts.push(element('h3', undefined, 'Requests as Chrome DevTools times them'));
      parts.push(phaseLegend());
      parts.push(this.requestPhaseChart(requestRows, Math.max(waterfall.totalMs, 0.001), chartWidth));
      if (more > 0) parts.push(element('p', 'note', `… and ${formatCount(more)} more requests (Export Trace… > HAR lists every one).`));
      parts.push(timingTable(requestRows[0]));
    }

    const critical = criticalPathSummary(view.trace);
    if (critical.rows.length > 0) {
      parts.push(element('h3', undefined, 'Critical path to the first byte'));
      if (critical.fixFirst) parts.push(element('p', 'fix-first', critical.fixFirst));
      parts.push(criticalLegend(critical.kinds, critical.shared));
      parts.push(this.criticalPathChart(critical.rows, chartWidth));
      if (critical.more > 0) parts.push(element('p', 'note', `… and ${formatCount(critical.more)} more requests (apigw-sim lists every one).`));
      const show = element('vscode-button', 'show-critical-path', 'Show in sequence');
      show.setAttribute('secondary', '');
      show.title = 'Highlight the critical path of the first request in the sequence diagram';
      const reported = critical.reportedEventId;
      if (reported !== undefined) {
        show.addEventListener('click', () => this.callbacks.showCriticalPath(reported));
        parts.push(show);
      }
    }

    parts.push(element('h3', undefined, 'Bytes by layer'));
    const table = element('table', 'layer-table');
    const head = element('tr');
    for (const title of ['Layer', 'Messages', 'Bytes', 'On the wire']) {
      const cell = element('th', title === 'Layer' ? undefined : 'numeric', title);
      cell.scope = 'col';
      head.append(cell);
    }
    const thead = element('thead');
    thead.append(head);
    const tbody = element('tbody');
    for (const entry of waterfall.byLayer) {
      const row = element('tr');
      const name = element('th');
      name.scope = 'row';
      name.append(element('span', `swatch ${layerClass(entry.layer)}`), document.createTextNode(LAYER_LABELS[entry.layer]));
      row.append(name, element('td', 'numeric', formatCount(entry.events)), element('td', 'numeric', formatBytes(entry.bytes)), element('td', 'numeric', formatBytes(entry.wireBytes)));
      tbody.append(row);
    }
    table.append(thead, tbody);
    parts.push(table);
    // After "Run live" the comparison comes first: it is what the user just asked for.
    this.root.replaceChildren(...(view.measured ? [liveSummarySection(liveSummary(view.measured))] : []), cards, ...parts);
  }

  /** DevTools' Network waterfall: a row per request, its phases as stacked segments on the trace's time axis. */
  private requestPhaseChart(rows: readonly RequestPhaseRow[], end: number, width: number): HTMLElement {
    const { container, x, groups } = this.requestRows(rows, end, width, 'waterfall request-phases', 'Each request\'s timing phases, as Chrome DevTools shows them', phaseSentence);
    groups.select('g.segments').selectAll<SVGRectElement, PhaseSegment>('rect')
      .data((row) => row.segments, (segment) => segment.phase)
      .join('rect')
      .attr('class', (segment) => `segment phase-${segment.phase}`)
      .attr('x', (segment) => x(segment.start)).attr('y', (segment) => (segment.phase === 'ssl' ? 8 : 5))
      .attr('width', (segment) => Math.max(1, x(segment.end) - x(segment.start))).attr('height', (segment) => (segment.phase === 'ssl' ? ROW_HEIGHT - 16 : ROW_HEIGHT - 10));
    groups.select('text.phase-duration')
      .attr('x', (row) => Math.max(x(row.start) + 2, x(row.end)) + 6).attr('y', ROW_HEIGHT / 2 + 4)
      .text((row) => formatMs(row.end - row.start));
    return container;
  }

  /**
   * A chart of a row per request on a time axis from 0 to `end`: each row a list item named by
   * its label and `describe`, selecting its request on click, with an empty `g.segments` and
   * `text.phase-duration` for the chart to fill.
   */
  private requestRows<Row extends { key: string; label: string; eventId: number }>(rows: readonly Row[], end: number, width: number, className: string, label: string, describe: (row: Row) => string) {
    const container = element('div', className);
    const height = AXIS_HEIGHT + rows.length * ROW_HEIGHT + 8;
    const svg = select(container).append('svg').attr('width', width).attr('height', height).attr('role', 'list').attr('aria-label', label);
    const x = this.timeAxis(svg, end, width, height);
    const callbacks = this.callbacks;
    const groups = svg.append('g').selectAll<SVGGElement, Row>('g.phase-row')
      .data(rows, (row) => row.key)
      .join((enter) => appendRow(enter, [['title'], ['rect', 'row-background'], ['text', 'phase-label'], ['g', 'segments'], ['text', 'phase-duration']]))
      .attr('class', 'phase-row selectable')
      .attr('role', 'listitem')
      .attr('transform', (_row, index) => `translate(0,${AXIS_HEIGHT + index * ROW_HEIGHT})`)
      .attr('aria-label', (row) => `${row.label}: ${describe(row)}`)
      .on('click', (_event: MouseEvent, row) => callbacks.select(row.eventId));
    groups.select('title').text((row) => `${row.label}\n${describe(row)}`);
    groups.select('rect.row-background').attr('width', width).attr('height', ROW_HEIGHT);
    groups.select('text.phase-label').attr('x', 6).attr('y', ROW_HEIGHT / 2 + 4).text((row) => fitText(row.label, Math.floor((LABEL_WIDTH - 14) / 6.6)));
    return { container, x, groups };
  }

  /**
   * The critical paths: a row per request, its segments stacked from its start to its first
   * byte, on one scale for all rows (the longest time to first byte), so rows compare.
   */
  private criticalPathChart(rows: readonly CriticalPathRow[], width: number): HTMLElement {
    const end = Math.max(0.001, ...rows.map((row) => row.timeToFirstByte));
    const { container, x, groups } = this.requestRows(rows, end, width, 'waterfall critical-path', 'Each request\'s critical path: what its time to first byte waited on', (row) => row.sentence);
    const segments = groups.select('g.segments').selectAll<SVGGElement, CriticalBarSegment>('g.critical-segment')
      .data((row) => row.segments, (segment) => segment.key)
      .join((enter) => {
        const segment = enter.append('g');
        segment.append('rect');
        segment.append('text');
        return segment;
      })
      .attr('class', (segment) => `critical-segment critical-${segment.kind}${segment.largest ? ' largest' : ''}${segment.shared ? ' shared' : ''}`);
    segments.select('rect')
      .attr('x', (segment) => x(segment.start)).attr('y', 5)
      .attr('width', (segment) => Math.max(1, x(segment.end) - x(segment.start))).attr('height', ROW_HEIGHT - 10);
    // The kind's short name on the segment when it fits; the tooltip and the legend say it always.
    segments.select('text')
      .attr('x', (segment) => (x(segment.start) + x(segment.end)) / 2).attr('y', ROW_HEIGHT / 2 + 4).attr('text-anchor', 'middle')
      .text((segment) => fitsShort(segment, x(segment.end) - x(segment.start)));
    groups.select('text.phase-duration')
      .attr('x', (row) => x(row.timeToFirstByte) + 6).attr('y', ROW_HEIGHT / 2 + 4)
      .text((row) => formatMs(row.timeToFirstByte));
    return container;
  }

  /** The time axis and grid of a chart from 0 to `end`, returning its scale. */
  private timeAxis(svg: Selection<SVGSVGElement, unknown, null, undefined>, end: number, width: number, height: number): ScaleLinear<number, number> {
    const x = scaleLinear().domain([0, end]).range([LABEL_WIDTH, width - DURATION_WIDTH]).nice();
    const ticks = Math.max(2, Math.floor((width - LABEL_WIDTH - DURATION_WIDTH) / 90));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${AXIS_HEIGHT - 4})`)
      .call(axisTop(x).ticks(ticks).tickFormat((value) => formatMs(Number(value))).tickSizeOuter(0));
    svg.append('g').attr('class', 'grid').selectAll('line').data(x.ticks(ticks)).join('line')
      .attr('x1', (tick) => x(tick)).attr('x2', (tick) => x(tick)).attr('y1', AXIS_HEIGHT - 4).attr('y2', height);
    return x;
  }

  /** One waterfall: a row per phase, bars on a shared time axis, the duration after each bar. */
  private waterfallChart(phases: readonly WaterfallPhase[], end: number, width: number, marker: number | undefined, label: string): HTMLElement {
    const container = element('div', 'waterfall');
    const height = AXIS_HEIGHT + phases.length * ROW_HEIGHT + 8;
    const svg: Selection<SVGSVGElement, unknown, null, undefined> = select(container).append('svg')
      .attr('width', width).attr('height', height).attr('role', 'list').attr('aria-label', label);
    const x = this.timeAxis(svg, end, width, height);
    const callbacks = this.callbacks;
    const rows = svg.append('g').selectAll<SVGGElement, WaterfallPhase>('g.phase-row')
      .data(phases, (phase) => phase.key)
      .join((enter) => appendRow(enter, [['title'], ['rect', 'row-background'], ['text', 'phase-label'], ['rect', 'bar'], ['text', 'phase-duration']]))
      .attr('class', (phase) => `phase-row cat-${phase.category}${phase.eventIds.length > 0 ? ' selectable' : ''}`)
      .attr('role', 'listitem')
      .attr('transform', (_phase, index) => `translate(0,${AXIS_HEIGHT + index * ROW_HEIGHT})`)
      .attr('aria-label', (phase) => `${phase.label}: ${formatTime(phase.start)} to ${formatTime(phase.end)}, ${formatMs(phase.end - phase.start)}`)
      .on('click', (_event: MouseEvent, phase) => { if (phase.eventIds.length > 0) callbacks.select(phase.eventIds[0]); });
    rows.select('title').text((phase) => `${phase.label}\n${formatTime(phase.start)} → ${formatTime(phase.end)} (${formatMs(phase.end - phase.start)})`);
    rows.select('rect.row-background').attr('width', width).attr('height', ROW_HEIGHT);
    rows.select('text.phase-label')
      .attr('x', (phase) => 6 + phase.depth * 18).attr('y', ROW_HEIGHT / 2 + 4)
      .text((phase) => fitText(phase.label, Math.floor((LABEL_WIDTH - 14 - phase.depth * 18) / 6.6)));
    rows.select('rect.bar')
      .attr('x', (phase) => x(phase.start)).attr('y', 5)
      .attr('width', (phase) => Math.max(2, x(phase.end) - x(phase.start))).attr('height', ROW_HEIGHT - 10).attr('rx', 2);
    rows.select('text.phase-duration')
      .attr('x', (phase) => Math.max(x(phase.start) + 2, x(phase.end)) + 6).attr('y', ROW_HEIGHT / 2 + 4)
      .text((phase) => formatMs(phase.end - phase.start));
    if (marker !== undefined) {
      const markerGroup = svg.append('g').attr('class', 'ttfb-marker');
      markerGroup.append('line').attr('x1', x(marker)).attr('x2', x(marker)).attr('y1', AXIS_HEIGHT - 4).attr('y2', height);
    }
    return container;
  }
}

/** A request's phases in words, for its tooltip and accessible name. */
function phaseSentence(row: RequestPhaseRow): string {
  return PHASE_LABELS.filter(([phase]) => row.phases[phase] >= 0).map(([phase, label]) => `${label} ${formatMs(row.phases[phase])}`).join(', ');
}

/** A segment's short name if it fits in `width` pixels (about 6.6 per character at the chart's size), else nothing. */
function fitsShort(segment: CriticalBarSegment, width: number): string {
  const short = CRITICAL_SEGMENT_LABELS[segment.kind].short;
  return short.length * 6.6 + 8 <= width ? short : '';
}

/** The colours of the critical path's segment kinds that the chart shows. */
function criticalLegend(kinds: readonly CriticalSegmentKind[], shared: boolean): HTMLElement {
  const legend = element('ul', 'phase-legend critical-legend');
  for (const kind of kinds) {
    const item = element('li');
    item.append(element('span', `swatch critical-${kind}`), document.createTextNode(CRITICAL_SEGMENT_LABELS[kind].long));
    legend.append(item);
  }
  if (shared) {
    const item = element('li');
    item.append(element('span', 'swatch shared'), document.createTextNode('Faded: another request\'s connection setup (DevTools: Stalled)'));
    legend.append(item);
  }
  return legend;
}

/** The colours of the phases, in DevTools' order. */
function phaseLegend(): HTMLElement {
  const legend = element('ul', 'phase-legend');
  for (const [phase, label] of PHASE_LABELS) {
    const item = element('li');
    item.append(element('span', `swatch phase-${phase}`), document.createTextNode(label));
    legend.append(item);
  }
  return legend;
}

/** DevTools' Timing tab for one request: each phase and its duration, `-` where it did not happen. */
function timingTable(row: RequestPhaseRow): HTMLElement {
  const table = element('table', 'layer-table timing-table');
  table.append(element('caption', undefined, `Timing of ${row.label}`));
  const tbody = element('tbody');
  for (const [phase, label] of PHASE_LABELS) {
    const tr = element('tr');
    const name = element('th');
    name.scope = 'row';
    name.append(element('span', `swatch phase-${phase}`), document.createTextNode(label));
    tr.append(name, element('td', 'numeric', row.phases[phase] < 0 ? '-' : formatMs(row.phases[phase])));
    tbody.append(tr);
  }
  table.append(tbody);
  return table;
}
