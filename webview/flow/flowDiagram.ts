import type { Layer, ParticipantKind, TraceError } from '../../simulator/trace/trace';

/*
 * The flow diagram as the view draws it: a box per participant (FlowNode), a hop per pair
 * that exchanged messages (FlowHop) with a lane each way (FlowLane), and the whole diagram
 * (FlowModel). flowModel.ts fills in what the trace says, flowLayout.ts where everything goes for
 * the panel's width, and flowView.ts only draws the result.
 */

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
  /** The label as drawn: one line, or two when its stretch is short; `labelY` is the first baseline. */
  labelLines: string[];
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'middle' | 'end';
  /** Where the label's text is, estimated from its length, so layouts can keep it clear of boxes. */
  labelBox: LabelBox;
}

export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
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
  /** Left to right in columns, or top to bottom as a call tree (narrow panels). */
  orientation: 'across' | 'down';
  nodes: FlowNode[];
  hops: FlowHop[];
  width: number;
  height: number;
}
