import { isHttp2Acknowledgement, isPureAck } from './eventQueries';
import type { Exchange, Packet, TraceEvent, TraceSummary } from './trace';

/**
 * Counts round trips the way a network engineer reads a ladder diagram: the client sends
 * a flight, waits, the server's answer comes back: one round trip. Pure ACKs and
 * DNS are not waited for, so they do not count (nor HTTP/2's SETTINGS ACK and WINDOW_UPDATE); a server flight starts a new round trip
 * only if the client sent something since the previous one. Events are in time order.
 */
export function countRoundTrips(events: readonly TraceEvent[], clientId: string, start: number, firstByte: number): number {
  let roundTrips = 0;
  let clientSentSinceLastAnswer = false;
  for (const event of events) {
    if (event.time < start || event.layer === 'dns' || isPureAck(event) || isHttp2Acknowledgement(event)) continue;
    if (event.time >= firstByte) break;
    if (event.from === clientId) {
      clientSentSinceLastAnswer = true;
    } else if (event.to === clientId && clientSentSinceLastAnswer) {
      roundTrips++;
      clientSentSinceLastAnswer = false;
    }
  }
  return roundTrips;
}



export function summarize(events: readonly TraceEvent[], packets: readonly Packet[], exchanges: readonly Exchange[], clientId: string): TraceSummary {
  let bytesUp = 0;
  let bytesDown = 0;
  let packetsLost = 0;
  let end = 0;
  for (const packet of packets) {
    if (packet.from === clientId) bytesUp += packet.ipBytes;
    if (packet.to === clientId) bytesDown += packet.ipBytes;
    if (packet.lost) packetsLost++;
    else end = Math.max(end, packet.arrival);
  }
  for (const event of events) end = Math.max(end, event.arrival);
  const withRoundTrips = exchanges.map((exchange) => ({
    ...exchange,
    roundTrips: countRoundTrips(events, clientId, exchange.start, exchange.firstByte),
  }));
  // The first request's; a browser's CORS preflight before it is part of its time, as the page waits for both.
  const first = withRoundTrips.find((exchange) => exchange.kind !== 'preflight') ?? withRoundTrips[0];
  return {
    timeToFirstByteMs: first ? first.firstByte - first.start : 0,
    totalTimeMs: end,
    roundTrips: first ? first.roundTrips : 0,
    bytesUp,
    bytesDown,
    packets: packets.length,
    packetsLost,
    exchanges: withRoundTrips,
  };
}
