import type { Layer, ParticipantKind, TraceJson, TraceEventJson } from '../../simulator/trace/trace';
import { formatBytes, formatMs } from '../drawing/format';
import type { FlowHop, FlowLane, FlowModel, FlowNode } from './flowDiagram';
import { layoutFlow } from './flowLayout';

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

/**
 * Builds the flow diagram of the events in the visible layers, laid out for `width` px
 * (left to right when unbounded; the view lays it out again for its panel's width).
 */
export function flowModel(trace: TraceJson, options: { layers: ReadonlySet<Layer>; width?: number }): FlowModel {
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

  // Boxes: depth, and the position among those of the same depth by order of discovery.
  const rows = new Map<number, number>();
  const nodes: FlowNode[] = [];
  const nodeOf = new Map<string, FlowNode>();
  for (const id of order) {
    const participant = participantOf.get(id);
    const selfEvents = events.filter((event) => event.from === id && event.to === id);
    const nodeDepth = depth.get(id) ?? 0;
    const row = rows.get(nodeDepth) ?? 0;
    rows.set(nodeDepth, row + 1);
    const node: FlowNode = {
      id,
      label: participant?.label ?? id,
      labelLines: [],
      kind: participant?.kind ?? 'server',
      depth: nodeDepth,
      row,
      x: 0,
      y: 0,
      width: 0,
      height: 0,
      busyMs: Math.round(selfEvents.reduce((sum, event) => sum + (event.arrival - event.time), 0) * 1000) / 1000,
      steps: selfEvents.length,
      errors: selfEvents.flatMap((event) => (event.error ? [event.error] : [])),
      eventIds: selfEvents.map((event) => event.id),
    };
    nodes.push(node);
    nodeOf.set(id, node);
  }
  // Columns, then rows: the order the boxes are drawn and read in.
  nodes.sort((x, y) => x.depth - y.depth || x.row - y.row);

  // Hops: one per pair, oriented away from the client (lower depth first; on a tie, first contact).
  const hopEvents = new Map<string, { a: string; b: string; events: TraceEventJson[] }>();
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

  const hops: FlowHop[] = [];
  for (const [key, { a, b, events: onHop }] of hopEvents) {
    const nodeA = nodeOf.get(a);
    const nodeB = nodeOf.get(b);
    if (!nodeA || !nodeB) continue;
    const requestEvents = onHop.filter((event) => event.from === a);
    const responseEvents = onHop.filter((event) => event.from === b);
    const transits = onHop.filter((event) => event.bytes > 0).map((event) => event.arrival - event.time);
    const latencyMs = transits.length > 0 ? Math.min(...transits) : 0;
    const errors = onHop.flatMap((event) => (event.error ? [event.error] : []));
    const lane = (direction: FlowLane['direction'], from: string, to: string, laneEvents: TraceEventJson[], withLatency: boolean): FlowLane | undefined => {
      if (laneEvents.length === 0) return undefined;
      const bytes = laneEvents.reduce((sum, event) => sum + event.bytes, 0);
      const count = laneEvents.length > 1 ? ` in ${laneEvents.length}` : '';
      return {
        direction, from, to, events: laneEvents.length, bytes,
        wireBytes: laneEvents.reduce((sum, event) => sum + event.wireBytes, 0),
        firstTime: Math.min(...laneEvents.map((event) => event.time)),
        lastArrival: Math.max(...laneEvents.map((event) => event.arrival)),
        path: '', head: '', labelLines: [], labelX: 0, labelY: 0, labelAnchor: 'middle', labelBox: { x: 0, y: 0, width: 0, height: 0 },
        label: `${direction === 'request' ? '→' : '←'} ${formatBytes(bytes)}${count}${withLatency ? ` · ${formatMs(latencyMs)}` : ''}`,
      };
    };
    const request = lane('request', a, b, requestEvents, true);
    const response = lane('response', b, a, responseEvents, !request);
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

  return layoutFlow({ nodes, hops }, options.width ?? Infinity);
}
