import { dataPackets, finishedIndex } from './clientCompute';
import type { ConnectionView } from './connectionView';

/*
 * How long the stand-in took to answer the client's Finished, read off its own leg of the
 * capture: from the arrival of the segment that holds the Finished to the stand-in's next data
 * (1.3 tickets; 1.2 NewSessionTicket, ChangeCipherSpec and Finished), what it also wrote then
 * (its HTTP/2 SETTINGS) riding along. A fresh Node process per run, on two CPUs shared with the
 * client, the relay and dumpcap: 0.70 to 1.2 ms in 36 of 40 captures on a quiet machine, up to
 * 2.7 ms, and 1.75 to 2.2 ms on a busier one. The model's stand-in is told this run's time, as
 * its clients are told theirs (clientCompute.ts); API Gateway's own is not observable here.
 */

export interface StandInComputeAlignment {
  /** The model's finishedComputeMs (tlsProfiles.ts), from the stand-in's read on. */
  finishedComputeMs: number;
  note: string;
}

/** Ms from the client's Finished reaching the stand-in to the stand-in's next data segment, on the stand-in's leg; undefined when the leg does not show both. */
export function standInFinishedTime(serverLeg: ConnectionView): number | undefined {
  const data = dataPackets(serverLeg);
  const finished = finishedIndex(data);
  if (finished < 0) return undefined;
  const answer = data.findIndex((packet, index) => index > finished && packet.from === 'server');
  return answer < 0 ? undefined : data[answer].time - data[finished].time;
}

/**
 * The stand-in's answer to the Finished on the first connection, less the read latency the model
 * adds before its compute, with the model's own figure, in words.
 */
export function standInComputeAlignment(serverLegs: readonly ConnectionView[], model: { finishedComputeMs: number; readLatencyMs: number }): StandInComputeAlignment | undefined {
  const measured = serverLegs[0] ? standInFinishedTime(serverLegs[0]) : undefined;
  if (measured === undefined) return undefined;
  const finishedComputeMs = Math.max(0, measured - model.readLatencyMs);
  return {
    finishedComputeMs,
    note: `the stand-in's answer to the Finished: ${measured.toFixed(2)} ms after it arrived, where the model's stand-in reads it ${model.readLatencyMs} ms after and answers ${model.finishedComputeMs} ms later; the model's stand-in ran with the measured time`,
  };
}
