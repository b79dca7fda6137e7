import type { TraceEventJson } from '../../simulator/trace/trace';
import { formatBytes } from './format';
import { readableName } from './eventLabels';

/*
 * HTTP/2 frames grouped per stream for the sequence diagram. A stream is one request and its
 * response (RFC 9113 §5): its HEADERS, CONTINUATION, DATA, WINDOW_UPDATE and RST_STREAM frames
 * carry its id. Stream 0 is the connection itself (§5.1.1): the preface, SETTINGS and their
 * ACKs, PING, GOAWAY and connection WINDOW_UPDATEs. Stream ids are per connection, so a second
 * connection's stream 1 is another group.
 *
 *   Client            API Gateway
 *     │═ connection · preface, SETTINGS, WINDOW_UPDATE ═▶│   a segment: the group's frames one way
 *     │═ stream 1 · GET /orders/o-1001 ════════════════▶│
 *     │◀═ connection · SETTINGS, SETTINGS ACK ══════════│
 *     │◀═ stream 1 · 200 ═══════════════════════════════│
 *
 * Collapsed, a group shows one thick arrow per segment (its frames going one way until the
 * connection carries a frame the other way), so the request and the response stay visible
 * where they happen; expanded, every frame is an arrow of its own under the group's header.
 */

/** One stream (or the connection's stream 0) of one HTTP/2 connection, as indexes into the event list. */
export interface StreamGroup {
  /** `s<first event id>-<last event id>`: the key the user's expanded set holds. */
  key: string;
  stream: number;
  /** Indexes of the group's frames in the event list, in order. */
  members: number[];
  /** The members split into runs going one way (see the file comment), each a list of indexes. */
  segments: number[][];
  /** The header of the group: `stream 3 · GET /products/123 → 200 (5 frames, 812 B)`. */
  label: string;
  /** Each segment's label: `stream 3 · GET /products/123 · 2 frames, 448 B`, or `· 374 B` for one frame. */
  segmentLabels: string[];
}

/** The stream an HTTP/2 frame event belongs to, or undefined for anything else. */
export function http2Stream(event: TraceEventJson): number | undefined {
  const stream = event.detail?.stream;
  return event.layer === 'http' && event.detail?.httpVersion === '2' && typeof stream === 'number' ? stream : undefined;
}

/** The connection an event travels on; the pair of parties when the trace does not say. */
function connectionOf(event: TraceEventJson): string {
  return event.connection ?? [event.from, event.to].sort().join('|');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `2 frames, 505 B`; a single frame's size alone (`374 B`), so that a short arrow keeps its size in view. */
function sizeText(events: readonly TraceEventJson[]): string {
  const bytes = formatBytes(events.reduce((sum, event) => sum + event.bytes, 0));
  return events.length === 1 ? bytes : `${plural(events.length, 'frame')}, ${bytes}`;
}

/** A connection frame's type as the diagram names it: `preface`, `SETTINGS ACK`, `GOAWAY`. */
function connectionFrameName(event: TraceEventJson): string {
  const type = String(event.detail?.frameType ?? event.kind);
  if (type === 'PREFACE') return 'preface';
  return (type === 'SETTINGS' || type === 'PING') && event.detail?.flags === 'ACK' ? `${type} ACK` : type;
}

/** What the frames say, for a label: the request line, the status, or the connection frames' types. */
function gist(stream: number, events: readonly TraceEventJson[]): string {
  if (stream === 0) return [...new Set(events.map(connectionFrameName))].join(', ');
  const parts: string[] = [];
  for (const event of events) {
    if (event.kind === 'http.request' && typeof event.detail?.method === 'string') parts.push(readableName(`${event.detail.method} ${String(event.detail.target ?? '')}`.trim()));
    else if (event.kind === 'http.response' && event.detail?.status !== undefined) parts.push(String(event.detail.status));
    else if (event.kind === 'http.h2_rst_stream') parts.push('RST_STREAM');
  }
  return parts.join(' → ');
}

function groupLabel(stream: number, events: readonly TraceEventJson[]): string {
  const what = gist(stream, events);
  return `${stream === 0 ? 'connection' : `stream ${stream}`}${what ? ` · ${what}` : ''} (${sizeText(events)})`;
}

function segmentLabel(stream: number, events: readonly TraceEventJson[]): string {
  const what = gist(stream, events);
  const warning = events.some((event) => event.error !== undefined) ? '⚠ ' : '';
  return `${warning}${stream === 0 ? 'connection' : `stream ${stream}`}${what ? ` · ${what}` : ''} · ${sizeText(events)}`;
}

/**
 * The HTTP/2 streams among `events` (a filtered event list), in the order their first frames
 * come. Deterministic and O(n): one pass keeps, per connection, the open segment of each stream.
 */
export function findStreamGroups(events: readonly TraceEventJson[]): StreamGroup[] {
  interface Building { stream: number; members: number[]; segments: number[][]; open: boolean; direction: string }
  const groups = new Map<string, Building>();
  const byConnection = new Map<string, Building[]>();
  events.forEach((event, index) => {
    const stream = http2Stream(event);
    if (stream === undefined) return;
    const connection = connectionOf(event);
    const direction = `${event.from}>${event.to}`;
    const streams = byConnection.get(connection) ?? [];
    byConnection.set(connection, streams);
    // A frame one way closes every segment of the connection going the other way.
    for (const other of streams) if (other.direction !== direction) other.open = false;
    const id = `${connection}#${stream}`;
    let group = groups.get(id);
    if (!group) {
      group = { stream, members: [], segments: [], open: false, direction };
      groups.set(id, group);
      streams.push(group);
    }
    group.members.push(index);
    if (group.open && group.direction === direction) group.segments[group.segments.length - 1].push(index);
    else group.segments.push([index]);
    group.open = true;
    group.direction = direction;
  });
  return [...groups.values()].map((group) => {
    const members = group.members.map((index) => events[index]);
    return {
      key: `s${members[0].id}-${members[members.length - 1].id}`,
      stream: group.stream,
      members: group.members,
      segments: group.segments,
      label: groupLabel(group.stream, members),
      segmentLabels: group.segments.map((segment) => segmentLabel(group.stream, segment.map((index) => events[index]))),
    };
  });
}
