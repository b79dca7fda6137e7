import type { Layer, Trace, TraceEvent } from '../trace/trace';

/*
 * Model against measurement: the messages each side of the client's connection sent, at
 * the layers a live run can see (TLS records, HTTP messages, WebSocket frames), paired in
 * order per layer and direction; and each exchange's round trips and time to first byte.
 * What the live run cannot see (DNS, TCP segments, the gateway's internal hops) is listed
 * as not measured rather than compared.
 */

export type Direction = 'client → server' | 'server → client';

export interface MessageComparison {
  layer: Layer;
  direction: Direction;
  /** The model's name for the message (the measured one's when the model has none). */
  name: string;
  /** What paired the two: the message's kind and the details that tell messages of that kind apart (see messageKey). */
  key: string;
  /** The paired events' ids in the model's and in the measured trace. */
  modelEventId?: number;
  liveEventId?: number;
  modelBytes?: number;
  liveBytes?: number;
  /** Allowed relative difference: 0 for HTTP and WebSocket, 2% for TLS records. */
  tolerance: number;
  ok: boolean;
}

export interface ExchangeComparison {
  name: string;
  modelRoundTrips: number;
  liveRoundTrips: number;
  modelTimeToFirstByteMs: number;
  liveTimeToFirstByteMs: number;
}

export interface TraceComparison {
  messages: MessageComparison[];
  exchanges: ExchangeComparison[];
  /** One sentence per difference beyond tolerance; empty when model and measurement agree. */
  differences: string[];
  notMeasured: string[];
}

/** TLS record sizes depend on random-length fields (signatures, tickets): 2%. HTTP and WebSocket bytes are exact. */
export const TOLERANCE: Partial<Record<Layer, number>> = { tls: 0.02, http: 0, ws: 0 };

const COMPARED_LAYERS: readonly Layer[] = ['tls', 'http', 'ws'];

function direction(event: TraceEvent, clientId: string): Direction | undefined {
  if (event.from === clientId && event.to !== clientId) return 'client → server';
  if (event.to === clientId && event.from !== clientId) return 'server → client';
  return undefined;
}

function within(model: number, live: number, tolerance: number): boolean {
  return live === 0 ? model === 0 : Math.abs(model - live) / live <= tolerance;
}

export function compareTraces(model: Trace, live: Trace, clientId = 'client'): TraceComparison {
  const messages: MessageComparison[] = [];
  const differences: string[] = [];
  for (const layer of COMPARED_LAYERS) {
    for (const way of ['client → server', 'server → client'] as const) {
      const pick = (trace: Trace): TraceEvent[] => trace.events.filter((event) => event.layer === layer && direction(event, clientId) === way);
      // Paired in order per message key: a push may overtake a pong on a busy machine without either changing size.
      const pairs = pairByKey(pick(model), pick(live));
      const tolerance = TOLERANCE[layer] ?? 0;
      for (const [m, l] of pairs) {
        const ok = m !== undefined && l !== undefined && within(m.bytes, l.bytes, tolerance);
        const name = m?.name ?? l!.name;
        messages.push({
          layer, direction: way, name, key: messageKey((m ?? l)!),
          ...(m ? { modelEventId: m.id, modelBytes: m.bytes } : {}), ...(l ? { liveEventId: l.id, liveBytes: l.bytes } : {}), tolerance, ok,
        });
        if (ok) continue;
        if (!l) differences.push(`${layer} ${way}: the model sends ${m!.name} (${m!.bytes} B), the live run did not`);
        else if (!m) differences.push(`${layer} ${way}: the live run sent ${l.name} (${l.bytes} B), the model does not`);
        else differences.push(`${layer} ${way}: ${m.name} modelled ${m.bytes} B, measured ${l.bytes} B${m.name === l.name ? '' : ` (${l.name})`}`);
      }
    }
  }
  const exchanges = model.summary.exchanges.flatMap((modelled, index): ExchangeComparison[] => {
    const measured = live.summary.exchanges[index];
    if (!measured) return [];
    return [{
      name: modelled.name, modelRoundTrips: modelled.roundTrips, liveRoundTrips: measured.roundTrips,
      modelTimeToFirstByteMs: modelled.firstByte - modelled.start, liveTimeToFirstByteMs: measured.firstByte - measured.start,
    }];
  });
  for (const exchange of exchanges) {
    if (exchange.modelRoundTrips !== exchange.liveRoundTrips) differences.push(`${exchange.name}: ${exchange.modelRoundTrips} round trips modelled, ${exchange.liveRoundTrips} measured`);
  }
  return {
    messages, exchanges, differences,
    notMeasured: ['DNS (live runs connect to 127.0.0.1)', 'TCP segments and ACKs (below user space; the handshake is connect() plus the injected delay)', 'the gateway\'s internal hops (authorizers, integrations: the emulator answers after the model\'s time)'],
  };
}

/** A message's type as people read it: its name without the numbering of fragments and exchanges, or a request's query. For tables only; pairing uses messageKey. */
export function messageType(name: string): string {
  return name.replace(/ \d+\/\d+$/, '').replace(/ #\d+$/, '').replace(/^([A-Z]+ [^ ?]*)\?\S*/, '$1');
}

/**
 * What makes two messages the same message, read from the kind and the structured details
 * both traces record, never from the display name: a request's method and path (not its
 * query) and whether it upgrades; a response's status; a frame's opcode (and a close frame's
 * code); a TLS record's message (and an alert's description, an unknown handshake's type).
 */
export function messageKey(event: TraceEvent): string {
  const detail = event.detail ?? {};
  switch (event.kind) {
    case 'http.request': {
      const path = String(detail.target ?? '').split('?')[0];
      return `${event.kind} ${String(detail.method)} ${path}${detail.upgrade === undefined ? '' : ` upgrade ${String(detail.upgrade)}`}`;
    }
    case 'http.response':
      return `${event.kind} ${String(detail.status)}`;
    case 'ws.frame':
      return `${event.kind} ${String(detail.opcode)}${detail.opcode === 'close' && detail.code !== undefined ? ` ${String(detail.code)}` : ''}`;
    case 'tls.alert':
      return detail.alert === undefined ? event.kind : `${event.kind} ${String(detail.alert)}`;
    case 'tls.handshake':
      return `${event.kind} ${String(detail.handshakeType)}`;
    default:
      return event.kind;
  }
}

/** The n-th message of each key in one list with the n-th of the same key in the other, in the first list's order. */
function pairByKey(modelled: readonly TraceEvent[], measured: readonly TraceEvent[]): [TraceEvent | undefined, TraceEvent | undefined][] {
  const remaining = new Map<string, TraceEvent[]>();
  for (const event of measured) {
    const key = messageKey(event);
    remaining.set(key, [...(remaining.get(key) ?? []), event]);
  }
  const pairs: [TraceEvent | undefined, TraceEvent | undefined][] = modelled.map((event) => [event, remaining.get(messageKey(event))?.shift()]);
  const paired = new Set(pairs.map(([, event]) => event));
  for (const event of measured) if (!paired.has(event)) pairs.push([undefined, event]);
  return pairs;
}

export interface MessageTypeRow {
  layer: Layer;
  direction: Direction;
  /** The first message's type as people read it (messageType of its name). */
  type: string;
  count: number;
  modelBytes: number;
  liveBytes: number;
  /** Every message of the row within tolerance. */
  ok: boolean;
}

/** Sums of modelled and measured bytes per message key (see messageKey), for tables. */
export function byMessageType(comparison: TraceComparison): MessageTypeRow[] {
  const rows = new Map<string, MessageTypeRow>();
  for (const message of comparison.messages) {
    const key = `${message.layer}|${message.direction}|${message.key}`;
    const row = rows.get(key) ?? { layer: message.layer, direction: message.direction, type: messageType(message.name), count: 0, modelBytes: 0, liveBytes: 0, ok: true };
    row.count++;
    row.modelBytes += message.modelBytes ?? 0;
    row.liveBytes += message.liveBytes ?? 0;
    row.ok &&= message.ok;
    rows.set(key, row);
  }
  return [...rows.values()];
}
