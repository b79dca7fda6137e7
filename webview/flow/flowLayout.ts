import { CHAR_WIDTH, wrapLabel } from '../drawing/textFit';
import type { FlowHop, FlowLane, FlowModel, FlowNode, LabelBox } from './flowDiagram';

/*
 * Where the flow diagram's boxes, lanes and labels go for the width the panel has.
 *
 * Across (wide panels): one column per breadth-first distance from the client, lanes as
 * elbows between columns, each lane's label on its own level stretch.
 *
 * Down (narrow panels, the usual column beside the config): a call tree, one box per row,
 * each box indented one step under its caller; the caller's lanes run down its left edge
 * and turn into the callee, whose labels sit in the band just above it. A participant
 * called by several (a table that every Lambda writes to) is placed after its last caller
 * and reached through a bus on the right; those labels sit beside each caller's box.
 *
 *   [Client]
 *   │  → 3,843 B in 13 · 20.00 ms
 *   │  ← 4,951 B in 11
 *   ├─▶[DNS resolver]
 *   └─▶[API Gateway]
 *       ├─▶[JWT issuer]
 *       └─▶[Lambda createOrder]
 */

export const FLOW_GEOMETRY = {
  nodeHeight: 58,
  margin: 16,
  /** Distance of each lane from the hop's centre line. */
  laneOffset: 5,
  /** Across: box width, and the gap between columns (shrunk to fit, never below the minimum). */
  nodeWidth: 150,
  columnGap: 200,
  minColumnGap: 132,
  rowGap: 52,
  /** Down: widest and narrowest box, indent per call level, and the gap between rows without labels. */
  downNodeWidth: 170,
  downMinNodeWidth: 120,
  indent: 28,
  downGap: 14,
  /** Baseline to baseline of a label's lines (11.5px text), and its ascent and descent. */
  lineHeight: 13,
  ascent: 10,
  descent: 3,
} as const;

/** The graph a layout places: nodes and hops with their numbers; positions are ignored. */
export interface FlowGraph {
  nodes: readonly FlowNode[];
  hops: readonly FlowHop[];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Width of a label's text by the estimate the sequence layout uses to cut its labels. */
export function textWidth(text: string): number {
  return text.length * CHAR_WIDTH;
}

/** A lane label on one line, or split after its bytes when that line is longer than `room`. */
function labelLines(label: string, room: number): string[] {
  if (textWidth(label) <= room) return [label];
  const at = label.indexOf(' · ');
  return at < 0 ? [label] : [label.slice(0, at), label.slice(at + 1)];
}

/**
 * The rectangle of a label's text: `anchor` as in SVG's text-anchor, `firstBaseline` of the
 * first line, the others below it.
 */
function labelBox(lines: readonly string[], x: number, firstBaseline: number, anchor: FlowLane['labelAnchor']): LabelBox {
  const { lineHeight, ascent, descent } = FLOW_GEOMETRY;
  const width = round(Math.max(0, ...lines.map(textWidth)));
  const left = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  return { x: round(left), y: round(firstBaseline - ascent), width, height: round((lines.length - 1) * lineHeight + ascent + descent) };
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

interface LaneGeometry {
  path: string;
  head: string;
  labelX: number;
  labelY: number;
  labelAnchor: FlowLane['labelAnchor'];
  labelLines: string[];
}

function placeLane(lane: FlowLane | undefined, geometry: LaneGeometry): FlowLane | undefined {
  if (!lane) return undefined;
  return { ...lane, ...geometry, labelBox: labelBox(geometry.labelLines, geometry.labelX, geometry.labelY, geometry.labelAnchor) };
}

function withLanes(hop: FlowHop, request: LaneGeometry, response: LaneGeometry): FlowHop {
  const placedRequest = placeLane(hop.request, request);
  const placedResponse = placeLane(hop.response, response);
  const placed: FlowHop = { ...hop };
  delete placed.request;
  delete placed.response;
  return { ...placed, ...(placedRequest ? { request: placedRequest } : {}), ...(placedResponse ? { response: placedResponse } : {}) };
}

function nodeWith(node: FlowNode, x: number, y: number, width: number): FlowNode {
  return { ...node, x: round(x), y: round(y), width, height: FLOW_GEOMETRY.nodeHeight, labelLines: wrapLabel(node.label, Math.floor((width - 16) / 7)) };
}

/** The right and bottom edge of everything drawn, plus the margin. */
function extent(nodes: readonly FlowNode[], hops: readonly FlowHop[], extraRight = 0): { width: number; height: number } {
  const boxes = [
    ...nodes.map((node) => ({ x: node.x, y: node.y, width: node.width, height: node.height })),
    ...hops.flatMap((hop) => [hop.request?.labelBox, hop.response?.labelBox].filter((box): box is LabelBox => box !== undefined)),
  ];
  return {
    width: Math.ceil(Math.max(extraRight, ...boxes.map((box) => box.x + box.width)) + FLOW_GEOMETRY.margin),
    height: Math.ceil(Math.max(0, ...boxes.map((box) => box.y + box.height)) + FLOW_GEOMETRY.margin),
  };
}

// ---------------------------------------------------------------- across

/**
 * Left to right, or undefined when it does not fit in `available`: columns by depth, rows
 * by order of discovery, columns centred on the tallest.
 */
function layoutAcross(graph: FlowGraph, available: number): FlowModel | undefined {
  const { nodeWidth, nodeHeight, columnGap, minColumnGap, rowGap, margin, laneOffset } = FLOW_GEOMETRY;
  const columnCount = Math.max(0, ...graph.nodes.map((node) => node.depth)) + 1;
  const spare = (available - 2 * margin - columnCount * nodeWidth) / Math.max(1, columnCount - 1);
  const gap = Math.min(columnGap, spare);
  if (columnCount > 1 && gap < minColumnGap) return undefined;
  const columns = new Map<number, FlowNode[]>();
  for (const node of graph.nodes) columns.set(node.depth, [...(columns.get(node.depth) ?? []), node]);
  const tallest = Math.max(1, ...[...columns.values()].map((column) => column.length));
  const contentHeight = tallest * nodeHeight + (tallest - 1) * rowGap;
  // Room above the first row for a two-line label.
  const top = margin + FLOW_GEOMETRY.lineHeight;
  const nodes = graph.nodes.map((node) => {
    const count = columns.get(node.depth)?.length ?? 1;
    const columnHeight = count * nodeHeight + (count - 1) * rowGap;
    return nodeWith(node, margin + node.depth * (nodeWidth + gap), top + (contentHeight - columnHeight) / 2 + node.row * (nodeHeight + rowGap), nodeWidth);
  });
  const nodeOf = new Map(nodes.map((node) => [node.id, node]));

  // Where several hops fan into one box from single-hop sources, each hop's labels go on its
  // source's side, where its lane is its own.
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, number>();
  for (const { a, b } of graph.hops) {
    incoming.set(b, (incoming.get(b) ?? 0) + 1);
    outgoing.set(a, (outgoing.get(a) ?? 0) + 1);
  }
  const hops: FlowHop[] = [];
  for (const hop of graph.hops) {
    const a = nodeOf.get(hop.a);
    const b = nodeOf.get(hop.b);
    if (!a || !b) continue;
    const labelsAtSource = (incoming.get(hop.b) ?? 0) > 1 && (outgoing.get(hop.a) ?? 0) === 1;
    const geometry = acrossGeometry(a, b, laneOffset, labelsAtSource, hop);
    if (!geometry) return undefined;
    hops.push(withLanes(hop, geometry.request, geometry.response));
  }
  const size = extent(nodes, hops);
  if (size.width > available) return undefined;
  return { orientation: 'across', nodes, hops, ...size };
}

/**
 * The two lanes between boxes `a` and `b`. Between columns they run as elbows: out of `a`,
 * along a trunk at 20% of the gap, then level into `b`, where each hop has its own level
 * stretch for its labels (request lane and label above, response below); with
 * `labelsAtSource` the trunk is at 80% and the labels beside `a`. Within a column they run
 * vertically between the facing edges. Undefined when a label does not fit its stretch.
 */
function acrossGeometry(a: FlowNode, b: FlowNode, offset: number, labelsAtSource: boolean, hop: FlowHop): { request: LaneGeometry; response: LaneGeometry } | undefined {
  const { lineHeight } = FLOW_GEOMETRY;
  if (a.depth !== b.depth) {
    const sx = a.x + a.width;
    const ex = b.x;
    const sy = a.y + a.height / 2;
    const ey = b.y + b.height / 2;
    const trunk = sx + (ex - sx) * (labelsAtSource ? 0.8 : 0.2);
    const room = labelsAtSource ? trunk - sx - 12 : ex - trunk - 16;
    const requestLines = labelLines(hop.request?.label ?? '', room);
    const responseLines = labelLines(hop.response?.label ?? '', room);
    if (Math.max(...[...requestLines, ...responseLines].map(textWidth)) > room) return undefined;
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
      request: { path: roundedPath(requestPoints, 8), head: head(ex - 1, ey - offset, 1, 0), labelX, labelY: round(labelY - offset - 6 - (requestLines.length - 1) * lineHeight), labelAnchor: 'middle', labelLines: requestLines },
      response: { path: roundedPath(responsePoints, 8), head: head(sx + 1, sy + offset, -1, 0), labelX, labelY: round(labelY + offset + 15), labelAnchor: 'middle', labelLines: responseLines },
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
    request: { path: lanePath(requestX, down), head: down ? head(requestX, y2 - 1, 0, 1) : head(requestX, y1 + 1, 0, -1), labelX: round(requestX - 8), labelY: round((y1 + y2) / 2 + 4), labelAnchor: 'end', labelLines: [hop.request?.label ?? ''] },
    response: { path: lanePath(responseX, !down), head: down ? head(responseX, y1 + 1, 0, -1) : head(responseX, y2 - 1, 0, 1), labelX: round(responseX + 8), labelY: round((y1 + y2) / 2 + 4), labelAnchor: 'start', labelLines: [hop.response?.label ?? ''] },
  };
}

// ---------------------------------------------------------------- down

/**
 * The call tree: which hop brings each participant in (its one caller), which participants
 * are called by several (reached through the bus), and the order of the rows: depth first
 * from the client, a participant with several callers right after its last caller.
 */
function callTree(graph: FlowGraph): { order: string[]; treeHop: Map<string, FlowHop>; busHops: Map<string, FlowHop[]> } {
  const depthOf = new Map(graph.nodes.map((node) => [node.id, node.depth]));
  const into = new Map<string, FlowHop[]>();
  for (const hop of graph.hops) into.set(hop.b, [...(into.get(hop.b) ?? []), hop]);
  const treeHop = new Map<string, FlowHop>();
  const busHops = new Map<string, FlowHop[]>();
  for (const [id, hops] of into) {
    const single = hops.length === 1 && (depthOf.get(hops[0].a) ?? 0) < (depthOf.get(id) ?? 0);
    if (single) treeHop.set(id, hops[0]);
    else busHops.set(id, hops);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (id: string): void => {
    if (placed.has(id)) return;
    placed.add(id);
    order.push(id);
    for (const node of graph.nodes) if (treeHop.get(node.id)?.a === id) visit(node.id);
    // A participant with several callers comes once all of them are placed.
    for (const [target, hops] of busHops) if (!placed.has(target) && hops.every((hop) => placed.has(hop.a))) visit(target);
  };
  // Roots first (the client), then anything the tree did not reach.
  for (const node of graph.nodes) if (!treeHop.has(node.id) && !busHops.has(node.id)) visit(node.id);
  for (const node of graph.nodes) visit(node.id);
  return { order, treeHop, busHops };
}

/** Top to bottom for a node width; the caller shrinks the boxes when it is too wide. */
function layoutDown(graph: FlowGraph, available: number, nodeWidth: number): FlowModel {
  const { nodeHeight, margin, laneOffset: offset, indent, downGap, lineHeight, ascent } = FLOW_GEOMETRY;
  const { order, treeHop, busHops } = callTree(graph);
  const graphNode = new Map(graph.nodes.map((node) => [node.id, node]));
  const nodeOf = new Map<string, FlowNode>();
  const hopsOut: FlowHop[] = [];
  let y = margin;
  for (const id of order) {
    const node = graphNode.get(id);
    if (!node) continue;
    const hop = treeHop.get(id);
    const caller = hop ? nodeOf.get(hop.a) : undefined;
    const x = caller ? caller.x + indent : margin + node.depth * indent;
    let bandLines: { request: string[]; response: string[] } | undefined;
    if (hop && caller) {
      // The band above the box holds its hop's labels, a line each (split when too long).
      const room = available - margin - x - 2;
      bandLines = { request: hop.request ? labelLines(hop.request.label, room) : [], response: hop.response ? labelLines(hop.response.label, room) : [] };
      y += 6 + (bandLines.request.length + bandLines.response.length) * lineHeight + 4;
    } else if (nodeOf.size > 0) {
      y += downGap;
    }
    const placed = nodeWith(node, x, y, nodeWidth);
    nodeOf.set(id, placed);
    y += nodeHeight;
    if (hop && caller && bandLines) {
      const mid = placed.y + nodeHeight / 2;
      const bandTop = placed.y - 4 - (bandLines.request.length + bandLines.response.length) * lineHeight;
      const bottom = caller.y + caller.height;
      const requestX = caller.x + 16;
      const responseX = caller.x + 8;
      const labelX = round(placed.x + 2);
      hopsOut.push(withLanes(hop,
        {
          path: roundedPath([[requestX, bottom], [requestX, mid - offset], [placed.x - 2, mid - offset]], 6), head: head(placed.x - 1, mid - offset, 1, 0),
          labelX, labelY: round(bandTop + ascent - 2), labelAnchor: 'start', labelLines: bandLines.request,
        },
        {
          path: roundedPath([[placed.x, mid + offset], [responseX, mid + offset], [responseX, bottom + 2]], 6), head: head(responseX, bottom + 1, 0, -1),
          labelX, labelY: round(bandTop + ascent - 2 + bandLines.request.length * lineHeight), labelAnchor: 'start', labelLines: bandLines.response,
        }));
    }
  }

  // The bus: right of every caller's box and labels, down to the shared callee's right side.
  let busRight = 0;
  for (const [target, hops] of busHops) {
    const callee = nodeOf.get(target);
    if (!callee) continue;
    const labelled = hops.map((hop) => ({ hop, caller: nodeOf.get(hop.a) })).filter((entry): entry is { hop: FlowHop; caller: FlowNode } => entry.caller !== undefined);
    // Each caller's labels sit between its box and the bus, split in two where the panel is short of room.
    const callersRight = Math.max(...labelled.map(({ caller }) => caller.x + caller.width));
    const room = available - margin - callersRight - 10 - 10 - 12;
    const lines = new Map(labelled.map(({ hop }) => [hop.key, { request: labelLines(hop.request?.label ?? '', room), response: labelLines(hop.response?.label ?? '', room) }]));
    const labelWidth = (hop: FlowHop): number => Math.max(0, ...[...(lines.get(hop.key)?.request ?? []), ...(lines.get(hop.key)?.response ?? [])].map(textWidth));
    const busX = Math.max(callee.x + callee.width + 16, ...labelled.map(({ hop, caller }) => caller.x + caller.width + 10 + labelWidth(hop) + 10));
    const calleeMid = callee.y + nodeHeight / 2;
    busRight = Math.max(busRight, busX + 8 + 4);
    for (const { hop, caller } of labelled) {
      const callerMid = caller.y + nodeHeight / 2;
      const sx = caller.x + caller.width;
      const ex = callee.x + callee.width;
      const requestX = busX;
      const responseX = busX + 8;
      const labelX = round(sx + 10);
      hopsOut.push(withLanes(hop,
        {
          path: roundedPath([[sx, callerMid - offset], [requestX, callerMid - offset], [requestX, calleeMid - offset], [ex + 2, calleeMid - offset]], 6), head: head(ex + 1, calleeMid - offset, -1, 0),
          labelX, labelY: round(callerMid - offset - 5 - ((lines.get(hop.key)?.request.length ?? 1) - 1) * lineHeight), labelAnchor: 'start', labelLines: lines.get(hop.key)?.request ?? [],
        },
        {
          path: roundedPath([[ex, calleeMid + offset], [responseX, calleeMid + offset], [responseX, callerMid + offset], [sx + 2, callerMid + offset]], 6), head: head(sx + 1, callerMid + offset, -1, 0),
          labelX, labelY: round(callerMid + offset + 14), labelAnchor: 'start', labelLines: lines.get(hop.key)?.response ?? [],
        }));
    }
  }
  // The hops keep the model's order (the table's order), whatever order they were placed in.
  const rank = new Map(graph.hops.map((hop, index) => [hop.key, index]));
  hopsOut.sort((x, y2) => (rank.get(x.key) ?? 0) - (rank.get(y2.key) ?? 0));
  const nodes = graph.nodes.map((node) => nodeOf.get(node.id)).filter((node): node is FlowNode => node !== undefined);
  return { orientation: 'down', nodes, hops: hopsOut, ...extent(nodes, hopsOut, busRight) };
}

/**
 * Lays the graph out for a panel `available` px wide: left to right when that fits, else top
 * to bottom with the boxes narrowed as far as readable; what still does not fit scrolls.
 */
export function layoutFlow(graph: FlowGraph, available: number): FlowModel {
  const across = layoutAcross(graph, available);
  if (across) return across;
  const { downNodeWidth, downMinNodeWidth } = FLOW_GEOMETRY;
  const wide = layoutDown(graph, available, downNodeWidth);
  if (wide.width <= available) return wide;
  const nodeWidth = Math.max(downMinNodeWidth, downNodeWidth - (wide.width - available));
  return layoutDown(graph, available, nodeWidth);
}
