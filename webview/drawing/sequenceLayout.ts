import type { Layer, Participant, TraceJson, TraceEventJson } from '../../simulator/trace/trace';
import { formatCount, formatMs, formatTime } from './format';
import { LAYER_LABELS } from './layers';
import { CHAR_WIDTH, fitText, wrapLabel } from './textFit';
import { findRepeatRuns } from './repeatRuns';
import { findStreamGroups, type StreamGroup } from './streamGroups';
import { eventLabel, framePayloadText, readableName } from './eventLabels';
import { round } from './arrowPaths';

/*
 * The sequence diagram's view-model: where every participant, arrow, self-event and
 * collapsed group goes, in layout pixels (zoom factor 1). No DOM here: sequenceView.ts only draws
 * what this computes, and the tests check it in Node.
 *
 *   ruler │  Client        API Gateway      Lambda
 *         │    │─── SYN ───────▶│               │      one arrow per event, keyed `e<id>`
 *         │    │◀── SYN, ACK ───│               │
 *         │    │═ 3 × ACK ═════▶│               │      a run of repeats, keyed `g<first>-<last>`
 *         │    │═ stream 1 · GET ▶│               │      an HTTP/2 stream, keyed `s<first>-<last>` (streamGroups.ts)
 *         │    │                │── Invoke ────▶│
 *         │    │                │               ├┐ handler (38 ms)   a self-event
 *
 * Proportional time puts an event's send at y(time) and its arrival at y(arrival), so an
 * arrow's slope is its transit time. Compact time gives every item one row, in event order.
 */

export type TimeScale = 'proportional' | 'compact';

export interface SequenceOptions {
  timeScale: TimeScale;
  /** Layers whose events are shown. */
  layers: ReadonlySet<Layer>;
  /** Keys of the groups the user has expanded; `all`: every group (a file that shows every message). */
  expanded?: ReadonlySet<string> | 'all';
  /** Width available for the participant columns (the ruler is not included). */
  width: number;
  /** Compact mode: height of one row. */
  rowHeight?: number;
  /** Proportional mode: layout pixels per simulated millisecond. */
  pxPerMs?: number;
  minColumnSpacing?: number;
  /** Collapse runs of repeats (pure TCP ACKs, similar frames, repeated exchanges) into groups. */
  collapseRepeats?: boolean;
  /** Group HTTP/2 frames per stream (default true); stream groups start collapsed. */
  groupStreams?: boolean;
}

export const SEQUENCE_DEFAULTS = {
  rowHeight: 30,
  pxPerMs: 4,
  /** The readable minimum: two lines of about 13 characters per participant; narrower panels scroll. */
  minColumnSpacing: 110,
  /** Space above the first item and below the last. */
  top: 18,
  bottom: 28,
} as const;

export interface Column {
  id: string;
  label: string;
  /** The label cut into at most two lines that fit the column. */
  labelLines: string[];
  kind: Participant['kind'];
  x: number;
}

interface ItemBase {
  /** Stable key for the data join: `e<event id>`, `g<first id>-<last id>`, or `s<first id>-<last id>` (with `p<segment>` when collapsed). */
  key: string;
  /** Vertical extent in layout pixels, for virtualisation. */
  top: number;
  bottom: number;
  /** Send time of the (first) event, for the ruler and the details. */
  time: number;
  layer: Layer;
  ariaLabel: string;
  /** The event (or one of the group's events) carries an error. */
  error: boolean;
  label: string;
  /** Label anchor: x in layout pixels, y in layout pixels plus `labelDy` screen pixels (which do not scale with zoom). */
  labelX: number;
  labelY: number;
  labelDy: number;
  /** SVG text-anchor of the label: centred over arrows, beside a self-event. */
  labelAnchor: 'start' | 'middle' | 'end';
}

export interface ArrowItem extends ItemBase {
  kind: 'arrow';
  eventId: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Key of the expanded group the event belongs to. */
  groupKey?: string;
}

export interface SelfItem extends ItemBase {
  kind: 'self';
  eventId: number;
  x: number;
  y1: number;
  y2: number;
  groupKey?: string;
}

export interface GroupItem extends ItemBase {
  kind: 'group';
  /** The key the group is expanded and collapsed by: a collapsed HTTP/2 stream has an item per segment, all with its key. */
  groupKey: string;
  /** An HTTP/2 stream's group (0: the connection's frames); undefined for a run of repeats. */
  stream?: number;
  expanded: boolean;
  eventIds: number[];
  /** Events in the repeated block, and how many times it repeats. */
  period: number;
  repeats: number;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  /** `right`/`left` when every event goes the same way between two columns (drawn as one thick arrow). */
  direction: 'right' | 'left' | 'mixed';
}

export type SequenceItem = ArrowItem | SelfItem | GroupItem;

export interface SequenceLayout {
  timeScale: TimeScale;
  columns: Column[];
  spacing: number;
  width: number;
  height: number;
  /** Items ordered by `top` (then by event order). */
  items: SequenceItem[];
  /** Largest `bottom - top` of any item, for range queries. */
  maxSpan: number;
  /** Proportional mode: layout y of time t is `top + t * pxPerMs`. */
  pxPerMs: number;
  /** Compact mode: row r spans `top + r * rowHeight` to `top + (r + 1) * rowHeight`, item r sits on its middle. */
  rowHeight: number;
  top: number;
  /** [first send, last arrival] of the shown events (ms). */
  timeDomain: [number, number];
  /** For every shown event: the key of the item that shows it (its arrow, or its collapsed group). */
  itemOfEvent: Map<number, string>;
  /** Events shown after the layer filter. */
  eventCount: number;
}

function errorText(event: TraceEventJson): string {
  if (!event.error) return '';
  return `, error ${event.error.code}${event.error.status !== undefined ? ` (${event.error.status})` : ''}`;
}

/** The text a data frame carries, for the accessible label (the visible one shows a preview). */
function payloadText(event: TraceEventJson): string {
  const text = framePayloadText(event);
  return text === undefined ? '' : `, text ${text}`;
}

interface GroupRow {
  kind: 'group';
  key: string;
  groupKey: string;
  events: TraceEventJson[];
  period: number;
  repeats: number;
  expanded: boolean;
  /** What the label says, before the ▸/▾ and the fit. */
  text: string;
  stream?: number;
}

type Row = { kind: 'event'; event: TraceEventJson; groupKey?: string } | GroupRow;

/** What an event is to the grouping: a member of a run of repeats, or a frame of an HTTP/2 stream's segment. */
type Membership =
  | { kind: 'run'; row: GroupRow; first: boolean }
  | { kind: 'stream'; group: StreamGroup; header: GroupRow; segment: GroupRow; firstOfGroup: boolean; firstOfSegment: boolean };

/** The label of a run of repeats: `3 × ACK`, `4 × GET /orders (6 events each)`. */
function repeatText(members: readonly TraceEventJson[], period: number, repeats: number): { text: string; layer: Layer } {
  const first = members[0];
  const representative = period === 1 ? first
    : members.find((event) => event.from === 'client' && (event.layer === 'http' || event.layer === 'ws'))
      ?? members.find((event) => event.layer === 'http' || event.layer === 'ws')
      ?? members.find((event) => event.layer !== 'tcp') ?? first;
  const text = period === 1 ? `${repeats} × ${readableName(first.name)}` : `${repeats} × ${readableName(representative.name)} (${period} events each)`;
  return { text, layer: representative.layer };
}

/**
 * The rows in order: single events; a run of repeats as one group row (with its events after
 * it when expanded); an HTTP/2 stream as a row per segment when collapsed, or a header row and
 * its frames where they happen when expanded. Streams are found first and runs of repeats among
 * the other events, so a frame is in one group only. Without HTTP/2 frames, runs are contiguous
 * and the rows are the same as when runs were the only groups.
 */
function sequenceRows(events: readonly TraceEventJson[], options: SequenceOptions): Row[] {
  const expanded = options.expanded ?? new Set<string>();
  const isExpanded = (key: string): boolean => expanded === 'all' || expanded.has(key);
  const membership: (Membership | undefined)[] = new Array<Membership | undefined>(events.length);
  for (const group of options.groupStreams === false ? [] : findStreamGroups(events)) {
    const members = group.members.map((index) => events[index]);
    const open = isExpanded(group.key);
    const header: GroupRow = { kind: 'group', key: group.key, groupKey: group.key, events: members, period: members.length, repeats: 1, expanded: open, text: group.label, stream: group.stream };
    group.segments.forEach((segment, segmentIndex) => {
      const segmentEvents = segment.map((index) => events[index]);
      const row: GroupRow = {
        kind: 'group', key: `${group.key}p${segmentIndex}`, groupKey: group.key, events: segmentEvents, period: segmentEvents.length, repeats: 1,
        expanded: false, text: group.segmentLabels[segmentIndex], stream: group.stream,
      };
      segment.forEach((index, position) => {
        membership[index] = { kind: 'stream', group, header, segment: row, firstOfGroup: index === group.members[0], firstOfSegment: position === 0 };
      });
    });
  }
  const rest = events.flatMap((_event, index) => (membership[index] ? [] : [index]));
  const runs = options.collapseRepeats === false ? [] : findRepeatRuns(rest.map((index) => events[index]));
  for (const run of runs) {
    const indexes = rest.slice(run.start, run.start + run.period * run.repeats);
    const members = indexes.map((index) => events[index]);
    const key = `g${members[0].id}-${members[members.length - 1].id}`;
    const row: GroupRow = { kind: 'group', key, groupKey: key, events: members, period: run.period, repeats: run.repeats, expanded: isExpanded(key), text: repeatText(members, run.period, run.repeats).text };
    indexes.forEach((index, position) => { membership[index] = { kind: 'run', row, first: position === 0 }; });
  }
  const rows: Row[] = [];
  events.forEach((event, index) => {
    const member = membership[index];
    if (!member) {
      rows.push({ kind: 'event', event });
    } else if (member.kind === 'run') {
      if (member.first) rows.push(member.row);
      if (member.row.expanded) rows.push({ kind: 'event', event, groupKey: member.row.key });
    } else if (member.header.expanded) {
      if (member.firstOfGroup) rows.push(member.header);
      rows.push({ kind: 'event', event, groupKey: member.header.key });
    } else if (member.firstOfSegment) {
      rows.push(member.segment);
    }
  });
  return rows;
}

/** Lays out the sequence diagram for `trace` (see the file comment). */
export function layoutSequence(trace: TraceJson, options: SequenceOptions): SequenceLayout {
  const rowHeight = options.rowHeight ?? SEQUENCE_DEFAULTS.rowHeight;
  const pxPerMs = options.pxPerMs ?? SEQUENCE_DEFAULTS.pxPerMs;
  const top = SEQUENCE_DEFAULTS.top;
  const events = trace.events.filter((event) => options.layers.has(event.layer));

  // Columns: the participants that the shown events involve, in the trace's order.
  const involved = new Set<string>();
  for (const event of events) {
    involved.add(event.from);
    involved.add(event.to);
  }
  const shownParticipants = trace.participants.filter((participant) => involved.has(participant.id));
  const spacing = Math.max(options.minColumnSpacing ?? SEQUENCE_DEFAULTS.minColumnSpacing, options.width / Math.max(1, shownParticipants.length));
  const labelChars = Math.max(8, Math.floor((spacing - 16) / 7));
  const columns: Column[] = shownParticipants.map((participant, index) => ({
    id: participant.id,
    label: participant.label,
    labelLines: wrapLabel(participant.label, labelChars),
    kind: participant.kind,
    x: round(spacing * (index + 0.5)),
  }));
  const xOf = new Map(columns.map((column) => [column.id, column.x]));
  const layoutWidth = spacing * columns.length;
  const labelOf = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
  const nameOf = (id: string): string => labelOf.get(id) ?? id;

  const rows = sequenceRows(events, options);

  const items: SequenceItem[] = [];
  const itemOfEvent = new Map<number, string>();
  const yOfTime = (time: number): number => round(top + time * pxPerMs);
  const compact = options.timeScale === 'compact';
  let rowIndex = 0;
  const nextRowY = (): number => top + (rowIndex++ + 0.5) * rowHeight;

  const groupItems = new Map<string, GroupItem>();
  for (const row of rows) {
    if (row.kind === 'group') {
      const item = groupItem(row, compact ? nextRowY() : undefined);
      if (row.expanded) groupItems.set(item.groupKey, item);
      items.push(item);
      if (!row.expanded) for (const event of row.events) itemOfEvent.set(event.id, item.key);
      continue;
    }
    const item = eventItem(row.event, compact ? nextRowY() : undefined, row.groupKey);
    items.push(item);
    itemOfEvent.set(row.event.id, item.key);
    // An expanded group's bracket reaches down to its last event's row.
    if (row.groupKey && compact) {
      const group = groupItems.get(row.groupKey);
      if (group) {
        group.bottom = Math.max(group.bottom, item.bottom);
        group.y2 = group.bottom - rowHeight / 2 + 6;
      }
    }
  }

  function eventItem(event: TraceEventJson, rowY: number | undefined, groupKey: string | undefined): ArrowItem | SelfItem {
    const fromX = xOf.get(event.from) ?? 0;
    const toX = xOf.get(event.to) ?? 0;
    const error = event.error !== undefined;
    const layerName = LAYER_LABELS[event.layer];
    if (event.from === event.to) {
      const duration = event.arrival - event.time;
      const y1 = rowY ?? yOfTime(event.time);
      const y2 = rowY ?? Math.max(yOfTime(event.arrival), y1);
      // A self-event's label runs to the right; in compact mode its row is its own, so it may cross lifelines.
      // At the rightmost column the label goes to the left of the lifeline instead.
      const edgeRoom = layoutWidth - fromX - 22;
      const leftward = edgeRoom < spacing * 0.9 && fromX > spacing;
      const room = compact ? Math.min(leftward ? fromX - 22 : edgeRoom, spacing * 2.6) : spacing * 0.92 - 14;
      const label = fitText(`${error ? '⚠ ' : ''}${readableName(event.name)}`, Math.floor(room / CHAR_WIDTH));
      return {
        kind: 'self', key: `e${event.id}`, eventId: event.id, layer: event.layer, error, time: event.time,
        x: fromX, y1, y2, top: y1 - (rowY === undefined ? 4 : rowHeight / 2), bottom: rowY === undefined ? Math.max(y2, y1 + 4) : y1 + rowHeight / 2,
        label, labelX: round(leftward ? fromX - 22 : fromX + 22), labelY: y1, labelDy: 4, labelAnchor: leftward ? 'end' : 'start',
        ariaLabel: `${formatTime(event.time)}: ${layerName} step at ${nameOf(event.from)}: ${readableName(event.name)}${duration > 0 ? `, ${formatMs(duration)}` : ''}${errorText(event)}`,
        ...(groupKey ? { groupKey } : {}),
      };
    }
    const y1 = rowY ?? yOfTime(event.time);
    const y2 = rowY ?? yOfTime(event.arrival);
    const maxChars = Math.max(6, Math.floor(arrowLabelRoom(fromX, toX) / CHAR_WIDTH));
    return {
      kind: 'arrow', key: `e${event.id}`, eventId: event.id, layer: event.layer, error, time: event.time,
      x1: fromX, y1, x2: toX, y2,
      top: Math.min(y1, y2) - (rowY === undefined ? 14 : rowHeight / 2), bottom: Math.max(y1, y2) + (rowY === undefined ? 4 : rowHeight / 2),
      label: fitText(eventLabel(event), maxChars), labelX: round((fromX + toX) / 2), labelY: round((y1 + y2) / 2), labelDy: -5, labelAnchor: 'middle',
      ariaLabel: `${formatTime(event.time)}: ${nameOf(event.from)} to ${nameOf(event.to)}, ${layerName} ${readableName(event.name)}, ${formatCount(event.bytes)} bytes (${formatCount(event.wireBytes)} on the wire)${payloadText(event)}${errorText(event)}`,
      ...(groupKey ? { groupKey } : {}),
    };
  }

  /** Centred over an arrow; in compact mode the row is the arrow's own, so the label may overhang its ends. */
  function arrowLabelRoom(fromX: number, toX: number): number {
    const span = Math.abs(toX - fromX);
    return compact ? Math.min(Math.max(span - 16, spacing * 1.6), 2 * Math.min((fromX + toX) / 2, layoutWidth - (fromX + toX) / 2) - 8) : span - 16;
  }

  function groupItem(row: GroupRow, rowY: number | undefined): GroupItem {
    const members = row.events;
    const xs = members.flatMap((event) => [xOf.get(event.from) ?? 0, xOf.get(event.to) ?? 0]);
    const first = members[0];
    const sameWay = members.every((event) => event.from === first.from && event.to === first.to && event.from !== event.to);
    const fromX = xOf.get(first.from) ?? 0;
    const toX = xOf.get(first.to) ?? 0;
    const direction = sameWay ? (toX >= fromX ? 'right' : 'left') : 'mixed';
    const start = Math.min(...members.map((event) => event.time));
    const end = Math.max(...members.map((event) => event.arrival));
    const layer = row.stream !== undefined ? first.layer : repeatText(members, row.period, row.repeats).layer;
    const text = row.text;
    const x1 = Math.min(...xs);
    const x2 = Math.max(...xs);
    const y1 = rowY ?? yOfTime(start);
    const y2 = rowY ?? Math.max(yOfTime(end), y1 + 8);
    const error = members.some((event) => event.error !== undefined);
    const width = Math.max(x2 - x1, spacing * 0.8);
    return {
      kind: 'group', key: row.key, groupKey: row.groupKey, expanded: row.expanded, eventIds: members.map((event) => event.id),
      period: row.period, repeats: row.repeats, layer, error, time: start, ...(row.stream !== undefined ? { stream: row.stream } : {}),
      x1, x2, y1, y2, direction,
      top: y1 - (rowY === undefined ? 14 : rowHeight / 2), bottom: rowY === undefined ? y2 + 4 : y1 + rowHeight / 2,
      // A stream's segment is one message one way, labelled as an arrow is; a run's label stays over its own span.
      label: fitText(`${row.expanded ? '▾' : '▸'} ${text}`, Math.floor((row.expanded ? layoutWidth - x1 : row.stream !== undefined && direction !== 'mixed' ? arrowLabelRoom(fromX, toX) : width - 16) / CHAR_WIDTH)),
      ...groupLabelPosition(row.expanded, direction, x1, x2, y1, y2, rowY),
      ariaLabel: `${row.stream !== undefined ? 'HTTP/2 ' : ''}${text}: ${formatCount(members.length)} ${row.stream !== undefined ? 'frame' : 'event'}${members.length === 1 ? '' : 's'} from ${formatTime(start)} to ${formatTime(end)}${error ? ', with errors' : ''}, ${row.expanded ? 'expanded' : 'collapsed'}`,
    };
  }

  /**
   * Expanded: a header at the top of the bracket. Collapsed, one way: above the thick arrow.
   * Collapsed, mixed directions: inside the box.
   */
  function groupLabelPosition(isExpanded: boolean, direction: GroupItem['direction'], x1: number, x2: number, y1: number, y2: number, rowY: number | undefined): Pick<GroupItem, 'labelX' | 'labelY' | 'labelDy' | 'labelAnchor'> {
    if (isExpanded) return { labelX: round(x1 - 8), labelY: rowY ?? y1, labelDy: rowY !== undefined ? 4 : -6, labelAnchor: 'start' };
    if (direction === 'mixed') return { labelX: round((x1 + x2) / 2), labelY: rowY ?? y1, labelDy: rowY !== undefined ? 4 : 12, labelAnchor: 'middle' };
    return { labelX: round((x1 + x2) / 2), labelY: round((y1 + y2) / 2), labelDy: -5, labelAnchor: 'middle' };
  }

  // Proportional items are placed by time, which is almost but not exactly event order.
  if (!compact) items.sort((a, b) => a.top - b.top);

  const lastArrival = events.reduce((latest, event) => Math.max(latest, event.arrival), 0);
  const firstTime = events.length > 0 ? events[0].time : 0;
  const height = compact ? top + rowIndex * rowHeight + SEQUENCE_DEFAULTS.bottom : yOfTime(lastArrival) + SEQUENCE_DEFAULTS.bottom;
  return {
    timeScale: options.timeScale,
    columns,
    spacing,
    width: layoutWidth,
    height,
    items,
    maxSpan: items.reduce((span, item) => Math.max(span, item.bottom - item.top), 0),
    pxPerMs,
    rowHeight,
    top,
    timeDomain: [firstTime, lastArrival],
    itemOfEvent,
    eventCount: events.length,
  };
}
