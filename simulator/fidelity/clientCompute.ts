import type { ConnectionView } from './connectionView';
import type { ClientProfileName } from './fidelityRows';

/*
 * How long the harness's Chromium took, on its own machine, from the server's first flight to
 * its first request. The model's browser takes its profile's figure (tlsProfiles.ts
 * serverFlightComputeMs: 2 ms, the uncontended time of Chromium's certificate verification and
 * thread hops, held against this machine by tlsClientCompute.realBrowser.test.ts), and writes its
 * Finished, the HTTP/2 preface and the request at once. On the harness's two shared CPUs, with
 * the relay, dumpcap, playwright and the stand-in beside it, Chromium's verification takes 2.6 to
 * 9.3 ms and it spreads those three writes over up to 4.6 ms more (12 captures of browser ×
 * HTTP): the load of the harness's machine, not a mechanism the model lacks. So the model's
 * browser is told how long the real one took, read on the client's leg, and the table says so;
 * what the time then holds the model to is the rest: the round trips, the relay, the stand-in.
 */

export interface ClientComputeAlignment {
  /** The model's clientComputeMs (topology.ts). */
  computeMs: number;
  note: string;
}

/**
 * Ms from the last segment of the server's first flight (the server's data before the client's
 * next data) to the segment that completes the client's first request, on the client's leg;
 * undefined when the capture has no request or no flight.
 */
export function clientHandshakeTime(clientLeg: ConnectionView): number | undefined {
  const requestAt = clientLeg.firstRequestAt;
  if (requestAt === undefined) return undefined;
  const data = clientLeg.packets.filter((packet) => packet.payloadBytes > 0 && packet.time <= requestAt);
  const firstServer = data.findIndex((packet) => packet.from === 'server');
  if (firstServer < 0) return undefined;
  const answer = data.findIndex((packet, index) => index > firstServer && packet.from === 'client');
  if (answer < 0) return undefined;
  return requestAt - data[answer - 1].time;
}

/** For the browser's rows: its first connection's handshake time, and the model's own figure, in words. */
export function clientComputeAlignment(profile: ClientProfileName, modelComputeMs: number, clientLegs: readonly ConnectionView[]): ClientComputeAlignment | undefined {
  if (profile !== 'browser' || clientLegs.length === 0) return undefined;
  const computeMs = clientHandshakeTime(clientLegs[0]);
  if (computeMs === undefined) return undefined;
  return {
    computeMs,
    note: `Chromium's handshake: ${computeMs.toFixed(1)} ms from the server's flight to its first request (certificate verification, then its Finished and the request's writes) on this machine; the model's browser takes ${modelComputeMs} ms (its profile, an uncontended machine) and ran with the measured time`,
  };
}
