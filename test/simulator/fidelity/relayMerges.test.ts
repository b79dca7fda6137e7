import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionView, Side, WirePacket } from '../../../simulator/fidelity/connectionView';
import { pathMerges, pathMergesNote } from '../../../simulator/fidelity/relayMerges';

/*
 * Where the relay joined a sender's segments, read off its two legs: a segment that starts on the
 * sender's own leg but not on the far one was passed on joined to the one before.
 */

/** A leg with the given data segments (payload sizes, in order) for each side; sequence numbers as tshark's relative ones. */
function leg(segments: Record<Side, number[]>): ConnectionView {
  const packets: WirePacket[] = [];
  for (const from of ['client', 'server'] as const) {
    let seq = 1;
    for (const payloadBytes of segments[from]) {
      packets.push({ from, time: packets.length, ipBytes: 52 + payloadBytes, payloadBytes, flags: 'PSH,ACK', seq });
      seq += payloadBytes;
    }
  }
  return { stream: 0, origin: 0, packets, records: [], http: [], webSocket: [], http2: [] };
}

describe('the relay\'s joins', () => {
  it('names each side\'s segment the far leg has joined to the one before, by its stream offset', () => {
    // curl wrote 64, 86 and 98; the stand-in got 64 and 184. The stand-in wrote 542, 37 and 31; the client got 579 and 31.
    const clientLeg = leg({ client: [517, 64, 86, 98], server: [1448, 579, 31] });
    const serverLeg = leg({ client: [517, 64, 184], server: [1448, 542, 37, 31] });
    assert.deepEqual(pathMerges(clientLeg, serverLeg), { client: [517 + 64 + 86], server: [1448 + 542] });
    assert.match(pathMergesNote(pathMerges(clientLeg, serverLeg))!, /1 of the client's segments and 1 of the stand-in's/);
  });

  it('names none when each leg has the other\'s segments, and says nothing then', () => {
    const same = leg({ client: [517, 64], server: [1448, 542] });
    assert.deepEqual(pathMerges(same, same), { client: [], server: [] });
    assert.equal(pathMergesNote(pathMerges(same, same)), undefined);
  });
});
