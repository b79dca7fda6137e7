import type { Layer, ParticipantKind, Trace, TraceError, TraceEvent } from '../../simulator/trace/trace';
import { formatBytes, formatMs } from '../format';
import { wrapLabel } from '../sequence/layout';

/*
 * The flow diagram's view-model: the participants as boxes in path order, and every pair of
 * participants that exchanged messages as a hop with a request lane (away from the client)
 * and a response lane (back towards it).
 *
 *   [Client] ──→ 3,234 B · 10.0 ms──▶ [CloudFront edge] ──▶ [API Gateway] ──▶ [AWS WAF]
 *            ◀── ← 6,012 B ─────────                     ◀──            ╲──▶ [Lambda]
 *
 * Columns are the breadth-first distance from the client over the hop graph, so the path
 * reads left to right: client, DNS and edge, gateway, authorizers and integrations, then what
 * those call (a DynamoDB table, a VPC link's load balancer and its target). Within a column,
 * boxes are ordered by when they first take part.
 */

export const FLOW_GEOMETRY = {
  nodeWidth: 170,
  nodeHeight: 58,
  columnGap: 200,
  rowGap: 52,
  margin: 24,
  /** Distance of each lane from the hop's centre line. */
  laneOffset: 5,
} as const;

export interface FlowNode {
  id: string;
  label: string;
  labelLines: string[];
  kind: ParticipantKind;
  /** Column (distance from the client) and position within it. */
  depth: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Time spent in steps at this participant (its self-events), e.g. a handler's run. */
  busyMs: number;
  steps: number;
  /** Errors raised at the participant (on its self-events). */
  errors: TraceError[];
  /** Self-events at the participant, for selection. */
  eventIds: number[];
}

export interface FlowLane {
  /** Away from the client (`request`) or back towards it (`response`). */
  direction: 'request' | 'response';
  from: string;
  to: string;
  events: number;
  bytes: number;
  wireBytes: number;
  /** First send and last arrival on the lane (ms). */
  firstTime: number;
  lastArrival: number;
  /** SVG path of the lane, with its arrowhead at `to`. */
  path: string;
  head: string;
  label: string;
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'middle' | 'end';
}

export interface FlowHop {
  /** `<a>~<b>` with `a` the participant nearer the client. */
  key: string;
  a: string;
  b: string;
  request?: FlowLane;
  response?: FlowLane;
  /** The highest protocol layer on the hop, for its colour. */
  layer: Layer;
  /** Shortest one-way transit of a message on the hop: the hop's latency without size effects. */
  latencyMs: number;
  errors: TraceError[];
  eventIds: number[];
  ariaLabel: string;
}

export interface FlowModel {
  nodes: FlowNode[];
  hops: FlowHop[];
  width: number;
  height: number;
}

const KIND_LABELS: Readonly<Record<ParticipantKind, string>> = {
  client: 'Client',
  dns: 'DNS',
  edge: 'Edge',
  gateway: 'API Gateway',
  waf: 'WAF',
  authorizer: 'Authorizer',
  integration: 'Integration',
  vpclink: 'VPC link',
  loadbalancer: 'Load balancer',
  database: 'Database',
  backend: 'Backend',
  server: 'Server',
};

export function kindLabel(kind: ParticipantKind): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Which layer colours a hop that carries several: the application's own, then the transport's. */
const HOP_LAYER_PRIORITY: readonly Layer[] = ['ws', 'http', 'backend', 'gateway', 'dns', 'tls', 'tcp'];

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function pairKey(a: string, b: string): string {
  return `${a}~${b}`;
}

/** Builds the flow diagram of the events in the visible layers. */
export function flowModel(trace: Trace, options: { layers: ReadonlySet<Layer> }): FlowModel {
  const events = trace.events.filter((event) => options.layers.has(event.layer));
  const participantOf = new Map(trace.participants.map((participant) => [participant.id, participant]));

  // The hop graph: neighbours of each participant, in order of first contact.
  const neighbours = new Map<string, string[]>();
  const firstSeen = new Map<string, number>();
  const link = (from: string, to: string): void => {
    const list = neighbours.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    neighbours.set(from, list);
  };
  for (const event of events) {
    for (const id of [event.from, event.to]) if (!firstSeen.has(id)) firstSeen.set(id, event.time);
    if (event.from === event.to) continue;
    link(event.from, event.to);
    link(event.to, event.from);
  }

  // Breadth-first from the client (or, for parts it never reaches, from their first participant).
  const depth = new Map<string, number>();
  const order: string[] = [];
  const involved = trace.participants.map((participant) => participant.id).filter((id) => firstSeen.has(id));
  const roots = [...(involved.includes('client') ? ['client'] : []), ...involved];
  for (const root of roots) {
    if (depth.has(root)) continue;
    depth.set(root, 0);
    const queue = [root];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      order.push(current);
      for (const next of neighbours.get(current) ?? []) {
        if (depth.has(next)) continue;
        depth.set(next, (depth.get(current) ?? 0) + 1);
        queue.push(next);
      }
    }
  }

  // Boxes: columns by depth, rows by order of discovery; columns centred on the tallest.
  const { nodeWidth, nodeHeight, columnGap, rowGap, margin, laneOffset } = FLOW_GEOMETRY;
  const columns = new Map<number, string[]>();
  for (const id of order) {
    const column = columns.get(depth.get(id) ?? 0) ?? [];
    column.push(id);
    columns.set(depth.get(id) ?? 0, column);
  }
  const tallest = Math.max(1, ...[...columns.values()].map((column) => column.length));
  const contentHeight = tallest * nodeHeight + (tallest - 1) * rowGap;
  const nodes: FlowNode[] = [];
  const nodeOf = new Map<string, FlowNode>();
  for (const [column, ids] of [...columns.entries()].sort((a, b) => a[0] - b[0])) {
    const columnHeight = ids.length * nodeHeight + (ids.length - 1) * rowGap;
    ids.forEach((id, row) => {
      const participant = participantOf.get(id);
      const selfEvents = events.filter((event) => event.from === id && event.to === id);
      const node: FlowNode = {
        id,
        label: participant?.label ?? id,
        labelLines: wrapLabel(participant?.label ?? id, Math.floor((nodeWidth - 16) / 7)),
        kind: participant?.kind ?? 'server',
        depth: column,
        row,
        x: margin + column * (nodeWidth + columnGap),
        y: round(margin + (contentHeight - columnHeight) / 2 + row * (nodeHeight + rowGap)),
        width: nodeWidth,
        height: nodeHeight,
        busyMs: Math.round(selfEvents.reduce((sum, event) => sum + (event.arrival - event.time), 0) * 1000) / 1000,
        steps: selfEvents.length,
        errors: selfEvents.flatMap((event) => (event.error ? [event.error] : [])),
        eventIds: selfEvents.map((event) => event.id),
      };
      nodes.push(node);
      nodeOf.set(id, node);
    });
  }

  // Hops: one per pair, oriented away from the client (lower depth first; on a tie, first contact).
  const hopEvents = new Map<string, { a: string; b: string; events: TraceEvent[] }>();
  for (const event of events) {
    if (event.from === event.to) continue;
    const forward = pairKey(event.from, event.to);
    const backward = pairKey(event.to, event.from);
    const existing = hopEvents.get(forward) ?? hopEvents.get(backward);
    if (existing) {
      existing.events.push(event);
      continue;
    }
    const fromDepth = depth.get(event.from) ?? 0;
    const toDepth = depth.get(event.to) ?? 0;
    const [a, b] = fromDepth <= toDepth ? [event.from, event.to] : [event.to, event.from];
    hopEvents.set(pairKey(a, b), { a, b, events: [event] });
  }

  // Where several hops fan into one box from single-hop sources, each hop's labels go on its
  // source's side, where its lane is its own.
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, number>();
  for (const { a, b } of hopEvents.values()) {
    incoming.set(b, (incoming.get(b) ?? 0) + 1);
    outgoing.set(a, (outgoing.get(a) ?? 0) + 1);
  }
  const hops: FlowHop[] = [];
  for (const [key, { a, b, events: onHop }] of hopEvents) {
    const nodeA = nodeOf.get(a);
    const nodeB = nodeOf.get(b);
    if (!nodeA || !nodeB) continue;
    const labelsAtSource = (incoming.get(b) ?? 0) > 1 && (outgoing.get(a) ?? 0) === 1;
    const geometry = hopGeometry(nodeA, nodeB, laneOffset, labelsAtSource);
    const requestEvents = onHop.filter((event) => event.from === a);
    const responseEvents = onHop.filter((event) => event.from === b);
    const transits = onHop.filter((event) => event.bytes > 0).map((event) => event.arrival - event.time);
    const latencyMs = transits.length > 0 ? Math.min(...transits) : 0;
    const errors = onHop.flatMap((event) => (event.error ? [event.error] : []));
    const lane = (direction: FlowLane['direction'], from: string, to: string, laneEvents: TraceEvent[], path: LaneGeometry, withLatency: boolean): FlowLane | undefined => {
      if (laneEvents.length === 0) return undefined;
      const bytes = laneEvents.reduce((sum, event) => sum + event.bytes, 0);
      const count = laneEvents.length > 1 ? ` in ${laneEvents.length}` : '';
      return {
        direction, from, to, events: laneEvents.length, bytes,
        wireBytes: laneEvents.reduce((sum, event) => sum + event.wireBytes, 0),
        firstTime: Math.min(...laneEvents.map((event) => event.time)),
        lastArrival: Math.max(...laneEvents.map((event) => event.arrival)),
        ...path,
        label: `${direction === 'request' ? '→' : '←'} ${formatBytes(bytes)}${count}${withLatency ? ` · ${formatMs(latencyMs)}` : ''}`,
      };
    };
    const request = lane('request', a, b, requestEvents, geometry.request, true);
    const response = lane('response', b, a, responseEvents, geometry.response, !request);
    const nameA = nodeA.label;
    const nameB = nodeB.label;
    const layers = new Set(onHop.map((event) => event.layer));
    hops.push({
      key, a, b, layer: HOP_LAYER_PRIORITY.find((layer) => layers.has(layer)) ?? onHop[0].layer, latencyMs: round(latencyMs * 1000) / 1000, errors, eventIds: onHop.map((event) => event.id),
      ...(request ? { request } : {}),
      ...(response ? { response } : {}),
      ariaLabel: `${nameA} to ${nameB}: ${requestEvents.length} messages, ${formatBytes(request?.bytes ?? 0)}; back: ${responseEvents.length} messages, ${formatBytes(response?.bytes ?? 0)}; one-way latency ${formatMs(latencyMs)}${errors.length > 0 ? `; errors: ${errors.map((error) => error.code).join(', ')}` : ''}`,
    });
  }
  hops.sort((x, y) => (nodeOf.get(x.a)?.depth ?? 0) - (nodeOf.get(y.a)?.depth ?? 0) || order.indexOf(x.b) - order.indexOf(y.b));

  const maxDepth = Math.max(0, ...nodes.map((node) => node.depth));
  return {
    nodes,
    hops,
    width: 2 * margin + (maxDepth + 1) * nodeWidth + maxDepth * columnGap,
    height: 2 * margin + contentHeight + 20,
  };
}

interface LaneGeometry {
  path: string;
  head: string;
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'middle' | 'end';
}

function head(x: number, y: number, dx: number, dy: number): string {
  // A 7px arrowhead pointing along (dx, dy).
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const bx = x - ux * 7;
  const by = y - uy * 7;
  return `M${round(x)},${round(y)}L${round(bx - uy * 3.5)},${round(by + ux * 3.5)}L${round(bx + uy * 3.5)},${round(by - ux * 3.5)}Z`;
}

/** A polyline with its corners rounded (radius `r`, less where segments are short). */
function roundedPath(points: readonly [number, number][], r: number): string {
  let path = `M${round(points[0][0])},${round(points[0][1])}`;
  for (let index = 1; index < points.length - 1; index++) {
    const [px, py] = points[index - 1];
    const [x, y] = points[index];
    const [nx, ny] = points[index + 1];
    const inLength = Math.hypot(x - px, y - py);
    const outLength = Math.hypot(nx - x, ny - y);
    const radius = Math.min(r, inLength / 2, outLength / 2);
    if (radius < 0.5) {
      path += `L${round(x)},${round(y)}`;
      continue;
    }
    const beforeX = x - ((x - px) / inLength) * radius;
    const beforeY = y - ((y - py) / inLength) * radius;
    const afterX = x + ((nx - x) / outLength) * radius;
    const afterY = y + ((ny - y) / outLength) * radius;
    path += `L${round(beforeX)},${round(beforeY)}Q${round(x)},${round(y)} ${round(afterX)},${round(afterY)}`;
  }
  const [lastX, lastY] = points[points.length - 1];
  return `${path}L${round(lastX)},${round(lastY)}`;
}

/**
 * The two lanes between boxes `a` and `b`. Between columns they run as elbows: out of `a`,
 * along a trunk at 30% of the gap, then level into `b`, where each hop has its own level
 * stretch for its labels (request lane and label above, response below); with
 * `labelsAtSource` the trunk is at 70% and the labels beside `a`. Within a column they run
 * vertically between the facing edges.
 */
function hopGeometry(a: FlowNode, b: FlowNode, offset: number, labelsAtSource: boolean): { request: LaneGeometry; response: LaneGeometry } {
  if (a.depth !== b.depth) {
    const sx = a.x + a.width;
    const ex = b.x;
    const sy = a.y + a.height / 2;
    const ey = b.y + b.height / 2;
    const trunk = sx + (ex - sx) * (labelsAtSource ? 0.7 : 0.3);
    // Lanes must not cross at the trunk: the outer lane turns further out.
    const down = ey > sy + 0.5;
    const up = ey < sy - 0.5;
    const requestTrunk = down ? trunk + offset : up ? trunk - offset : trunk;
    const responseTrunk = down ? trunk - offset : up ? trunk + offset : trunk;
    const requestPoints: [number, number][] = [[sx, sy - offset], [requestTrunk, sy - offset], [requestTrunk, ey - offset], [ex - 2, ey - offset]];
    const responsePoints: [number, number][] = [[ex, ey + offset], [responseTrunk, ey + offset], [responseTrunk, sy + offset], [sx + 2, sy + offset]];
    // Labels sit on the longer level stretch: beside the target, or beside the source.
    const labelX = round(labelsAtSource ? (sx + trunk) / 2 : (trunk + ex) / 2 + 2);
    const labelY = labelsAtSource ? sy : ey;
    return {
      request: { path: roundedPath(requestPoints, 8), head: head(ex - 1, ey - offset, 1, 0), labelX, labelY: round(labelY - offset - 6), labelAnchor: 'middle' },
      response: { path: roundedPath(responsePoints, 8), head: head(sx + 1, sy + offset, -1, 0), labelX, labelY: round(labelY + offset + 15), labelAnchor: 'middle' },
    };
  }
  // Same column: vertical lanes between the facing edges.
  const [upper, lower] = a.y <= b.y ? [a, b] : [b, a];
  const down = upper === a;
  const x = a.x + a.width / 2;
  const y1 = upper.y + upper.height;
  const y2 = lower.y;
  const requestX = x - offset;
  const responseX = x + offset;
  const lanePath = (laneX: number, toLower: boolean): string => (toLower ? `M${round(laneX)},${round(y1)}L${round(laneX)},${round(y2 - 2)}` : `M${round(laneX)},${round(y2)}L${round(laneX)},${round(y1 + 2)}`);
  return {
    request: { path: lanePath(requestX, down), head: down ? head(requestX, y2 - 1, 0, 1) : head(requestX, y1 + 1, 0, -1), labelX: round(requestX - 8), labelY: round((y1 + y2) / 2 + 4), labelAnchor: 'end' },
    response: { path: lanePath(responseX, !down), head: down ? head(responseX, y1 + 1, 0, -1) : head(responseX, y2 - 1, 0, 1), labelX: round(responseX + 8), labelY: round((y1 + y2) / 2 + 4), labelAnchor: 'start' },
  };
}
