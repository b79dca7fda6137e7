import type { ConnectionView, Side } from './connectionView';

/*
 * Where the delay relay joined a sender's segments. The relay reads what has reached it and
 * writes each chunk on its own millisecond timer, so two segments that reach it together leave
 * it as one: curl's preface and request (64, 184 on the stand-in's leg, where curl sent 64, 86,
 * 98), or the stand-in's tickets and SETTINGS (542 + 37 = 579 on the client's leg). The receiver's
 * kernel then counts one segment, and the ACK Linux sends as the application reads two small
 * segments is not sent: the stand-in ACKed before its answer in 6 of the 6 captures where
 * Chromium's Finished and preface reached it as two segments and were read together, and in none
 * of the 5 where the relay joined them into one. Each sender's own segments are still compared on its own leg; the model's receivers are
 * told where the relay joined them (TcpOptions.mergedOnPath).
 */

export type PathMerges = Readonly<Record<Side, readonly number[]>>;

/** Stream offsets (0: the side's first byte) at which `side`'s data segments start on `leg`. */
function segmentStarts(leg: ConnectionView, side: Side): number[] {
  return leg.packets.filter((packet) => packet.from === side && packet.payloadBytes > 0).map((packet) => packet.seq - 1);
}

/** Offsets where a side's segment started on its own leg but not on the far one: the relay joined it to the segment before. */
export function pathMerges(clientLeg: ConnectionView, serverLeg: ConnectionView): PathMerges {
  const joined = (near: ConnectionView, far: ConnectionView, side: Side): number[] => {
    const farStarts = new Set(segmentStarts(far, side));
    return segmentStarts(near, side).filter((start) => start > 0 && !farStarts.has(start));
  };
  return { client: joined(clientLeg, serverLeg, 'client'), server: joined(serverLeg, clientLeg, 'server') };
}

/** The harness's note on a row: how many segments the relay joined on its first connection. */
export function pathMergesNote(merges: PathMerges | undefined): string | undefined {
  if (!merges || (merges.client.length === 0 && merges.server.length === 0)) return undefined;
  return `relay's joins: it passed ${merges.client.length} of the client's segments and ${merges.server.length} of the stand-in's joined to the segment before (it read them together); the model's receivers were told, and take as one the model's segments that left together at those offsets`;
}
