import { packetHolding, type ConnectionView, type WirePacket } from './connectionView';
import type { ClientProfileName } from './fidelityRows';

/*
 * How long the harness's client took over its handshake, and how its first writes reached the
 * stand-in. The model's browser and curl take their profiles' figures (tlsProfiles.ts
 * serverFlightComputeMs: certificate verification and thread hops before the Finished;
 * firstWriteGapsMs: the turns between the Finished, the preface and the request). On the
 * harness's two shared CPUs, with the relay, dumpcap, playwright and the stand-in beside it,
 * Chromium's verification took 1.4 to 9.3 ms and its writes spread over up to 4.6 ms more: the
 * load of the harness's machine, not a mechanism the model lacks. So the model's client is told
 * what the real one did, and the table says so:
 * - its compute, read on the client's leg: from the server's first flight to its Finished;
 * - its first writes, as the stand-in received them: the gaps between their arrivals on the
 *   stand-in's leg. The relay passes each on its own millisecond timer, so writes 0.3 ms apart
 *   may reach the stand-in together or 1 ms apart; what the stand-in read together it answers
 *   together (http2Client.ts), so the model's writes arrive as the real ones did.
 * What the times then hold the model to is the rest: the round trips, the stand-in's answers,
 * and which segments each TCP sends.
 */

export interface ClientComputeAlignment {
  /** The model's clientComputeMs (topology.ts). */
  computeMs: number;
  /** The model's clientWriteGapsMs (topology.ts), when the writes could be read off both legs. */
  writeGapsMs?: number[];
  note: string;
}

/** A write within this long of a full segment before it is the same write, cut at the MSS (ms). */
const SAME_WRITE_MS = 0.05;

export function dataPackets(leg: ConnectionView): WirePacket[] {
  return leg.packets.filter((packet) => packet.payloadBytes > 0);
}

/** The index, among `data` (a leg's data segments), of the client's first segment after the server's first flight (its Finished), or -1. */
export function finishedIndex(data: readonly WirePacket[]): number {
  const firstServer = data.findIndex((packet) => packet.from === 'server');
  if (firstServer < 0) return -1;
  return data.findIndex((packet, index) => index > firstServer && packet.from === 'client');
}

/**
 * Ms from the last segment of the server's first flight (the server's data before the client's
 * next data) to the client's next segment, its Finished, on the client's leg; undefined when the
 * capture has no such flight or answer.
 */
export function clientHandshakeTime(clientLeg: ConnectionView): number | undefined {
  const data = dataPackets(clientLeg);
  const answer = finishedIndex(data);
  if (answer <= 0) return undefined;
  return data[answer].time - data[answer - 1].time;
}

/**
 * The gaps between the client's first writes once it may write application data (tlsProfiles.ts
 * firstWriteGapsMs), as the server's leg received them: the first write's from the client's
 * Finished (`afterOwnFinished`: TLS 1.3, or 1.2 with False Start) or, on the client's leg, from
 * the server's Finished flight reaching it (TLS 1.2 otherwise); each next one's from the write
 * before. The writes are the client's segments from its Finished until the server's next data
 * reaches it, a full segment and the one right behind it being one write. Undefined when the
 * legs do not show them.
 */
export function clientWriteGaps(clientLeg: ConnectionView, serverLeg: ConnectionView, afterOwnFinished: boolean): number[] | undefined {
  const data = dataPackets(clientLeg);
  const finished = finishedIndex(data);
  if (finished < 0) return undefined;
  const applicationStart = data[finished].seq + data[finished].payloadBytes;
  // When the client may write: as its Finished leaves, or as the server's answering flight (its last segment before the client's next data) reaches it.
  let readyIndex = finished;
  if (!afterOwnFinished) {
    const serverFlight = data.findIndex((packet, index) => index > finished && packet.from === 'server');
    if (serverFlight < 0) return undefined;
    readyIndex = serverFlight;
    while (data[readyIndex + 1]?.from === 'server') readyIndex++;
  }
  const writes: WirePacket[] = [];
  const fullSegment = Math.max(...data.map((packet) => packet.payloadBytes));
  for (const packet of data.slice(readyIndex + 1)) {
    if (packet.from === 'server') break;
    if (packet.seq < applicationStart) continue;
    const previous = data[data.indexOf(packet) - 1];
    const sameWrite = previous.from === 'client' && previous.payloadBytes === fullSegment && packet.time - previous.time < SAME_WRITE_MS;
    if (!sameWrite) writes.push(packet);
  }
  if (writes.length === 0) return undefined;
  const clientOnServerLeg = serverLeg.packets.filter((packet) => packet.from === 'client');
  const arrival = (byte: number): number | undefined => packetHolding(clientOnServerLeg, byte)?.time;
  const arrivals = writes.map((write) => arrival(write.seq));
  if (arrivals.some((at) => at === undefined)) return undefined;
  let first: number;
  if (afterOwnFinished) {
    const finishedArrival = arrival(applicationStart - 1);
    if (finishedArrival === undefined) return undefined;
    first = arrivals[0]! - finishedArrival;
  } else {
    first = writes[0].time - data[readyIndex].time;
  }
  return [first, ...arrivals.slice(1).map((at, index) => at! - arrivals[index]!)].map((gap) => Math.max(0, gap));
}

function gapsInWords(gaps: readonly number[]): string {
  return gaps.map((gap) => gap.toFixed(2)).join(', ');
}

/**
 * For the browser's and curl's rows: the client's handshake time on its first connection and
 * its first writes as the stand-in received them, with the model's own figures, in words.
 */
export function clientComputeAlignment(
  profile: ClientProfileName, model: { computeMs: number; writeGapsMs: readonly number[] }, clientLegs: readonly ConnectionView[], serverLegs: readonly ConnectionView[], afterOwnFinished: boolean,
): ClientComputeAlignment | undefined {
  if (profile === 'node' || clientLegs.length === 0) return undefined;
  const computeMs = clientHandshakeTime(clientLegs[0]);
  if (computeMs === undefined) return undefined;
  const program = profile === 'browser' ? 'Chromium' : 'curl';
  const measured = serverLegs[0] ? clientWriteGaps(clientLegs[0], serverLegs[0], afterOwnFinished) : undefined;
  // Writes the legs do not show (the server's data reached the client first: they are answers, not the first writes) keep the profile's gaps.
  const writeGapsMs = measured && [...measured, ...model.writeGapsMs.slice(measured.length)];
  const writes = writeGapsMs
    ? `; its first writes reached the stand-in ${gapsInWords(writeGapsMs)} ms apart (from ${afterOwnFinished ? 'its Finished' : 'the server\'s Finished reaching it'}; the model's ${program} writes them ${gapsInWords(model.writeGapsMs)} ms apart), and the model's were made to`
    : '';
  return {
    computeMs,
    ...(writeGapsMs ? { writeGapsMs } : {}),
    note: `${program}'s handshake: ${computeMs.toFixed(1)} ms from the server's flight to its Finished (certificate verification) on this machine, where the model's ${program} takes ${model.computeMs} ms (its profile, an uncontended machine); the model ran with the measured time${writes}`,
  };
}
