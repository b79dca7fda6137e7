import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { clientComputeAlignment, clientHandshakeTime, clientWriteGaps } from '../../../simulator/fidelity/clientCompute';
import { HARNESS_ONE_WAY_MS, harnessConditions, rowScenario } from '../../../simulator/fidelity/fidelityRows';
import type { ConnectionView } from '../../../simulator/fidelity/connectionView';
import { modelConnections } from '../../../simulator/fidelity/harnessRow';
import { CLIENT_PROFILES } from '../../../simulator/net/tlsProfiles';

/*
 * The client's handshake time and first writes read off a connection (clientCompute.ts): from the
 * server's first flight to the client's Finished, and the gaps between the writes that follow as
 * the server's leg received them. Read here off the model's own connections, whose client takes
 * known times (its profile's, or the ones it is told), so the reading can be held to them, and
 * the model can be shown to take the times it is told; the harness reads the same off the legs
 * of a capture.
 */

const model = readConfig(resolve(__dirname, '../../../../examples/shop/template.yaml')).model;

interface Legs {
  /** As the client's leg of a capture shows it: the server's packets when they reach the client, one way after they left. */
  client: ConnectionView;
  /** As the server's leg shows it: the client's packets when they reach the server. */
  server: ConnectionView;
}

function legs(profile: 'browser' | 'curl', tlsVersion: '1.2' | '1.3', told: { clientComputeMs?: number; clientWriteGapsMs?: number[] } = {}): Legs {
  const conditions = { ...harnessConditions({ profile, tlsVersion }, [1488, 1122, 1174, 1145], 1500), ...told };
  const view = modelConnections(rowScenario(model, 'HTTP').model(conditions))[0];
  const shifted = (side: 'client' | 'server'): ConnectionView => ({
    ...view, packets: view.packets.map((packet) => (packet.from === side ? { ...packet, time: packet.time + HARNESS_ONE_WAY_MS } : packet)).sort((a, b) => a.time - b.time),
  });
  return { client: shifted('server'), server: shifted('client') };
}

const near = (actual: number | undefined, expected: number): boolean => actual !== undefined && Math.abs(actual - expected) < 0.01;

describe('the client\'s handshake time and first writes', () => {
  for (const tlsVersion of ['1.3', '1.2'] as const) {
    it(`reads the time from the server's flight to the browser's Finished (TLS ${tlsVersion}): the profile's, or the time the model is told`, () => {
      assert.ok(near(clientHandshakeTime(legs('browser', tlsVersion).client), CLIENT_PROFILES.browser.serverFlightComputeMs!.full));
      assert.ok(near(clientHandshakeTime(legs('browser', tlsVersion, { clientComputeMs: 7.5 }).client), 7.5));
    });
  }

  it('reads the browser\'s preface and request as the server received them, from its Finished: the profile\'s gaps, or the gaps the model is told', () => {
    for (const tlsVersion of ['1.3', '1.2'] as const) {
      const own = legs('browser', tlsVersion);
      assert.deepEqual(clientWriteGaps(own.client, own.server, true)?.map((gap) => gap.toFixed(2)), CLIENT_PROFILES.browser.firstWriteGapsMs!.map((gap) => gap.toFixed(2)));
      const told = legs('browser', tlsVersion, { clientWriteGapsMs: [0, 2.5] });
      // 0: the preface reached the server with the Finished.
      assert.deepEqual(clientWriteGaps(told.client, told.server, true)?.map((gap) => gap.toFixed(2)), ['0.00', '2.50']);
    }
  });

  it('reads curl\'s first writes over TLS 1.2, where it waits for the server\'s Finished, from that Finished reaching it', () => {
    const told = legs('curl', '1.2', { clientWriteGapsMs: [0.4, 0.3, 0.2] });
    // The preface, the request, and the ACK of the server's SETTINGS (which came with its Finished).
    assert.deepEqual(clientWriteGaps(told.client, told.server, false)?.map((gap) => gap.toFixed(2)), ['0.40', '0.30', '0.20']);
  });

  it('aligns the browser and curl, not Node, and says both figures', () => {
    const { client, server } = legs('browser', '1.3', { clientComputeMs: 6.2, clientWriteGapsMs: [0.3, 1.1] });
    const alignment = clientComputeAlignment('browser', { computeMs: 3, writeGapsMs: [0.6, 0.9] }, [client], [server], true);
    assert.ok(alignment && near(alignment.computeMs, 6.2));
    assert.deepEqual(alignment.writeGapsMs?.map((gap) => gap.toFixed(2)), ['0.30', '1.10']);
    assert.match(alignment.note, /^Chromium's handshake: 6\.2 ms from the server's flight to its Finished .* the model's Chromium takes 3 ms .* reached the stand-in 0\.30, 1\.10 ms apart .* writes them 0\.60, 0\.90 ms apart/);
    assert.match(clientComputeAlignment('curl', { computeMs: 2, writeGapsMs: [] }, [client], [server], true)!.note, /^curl's handshake/);
    assert.equal(clientComputeAlignment('node', { computeMs: 0, writeGapsMs: [] }, [client], [server], true), undefined);
    assert.equal(clientComputeAlignment('browser', { computeMs: 3, writeGapsMs: [] }, [], [], true), undefined);
  });

  it('keeps the profile\'s gap for a write the legs do not show as a first write (the server\'s data reached the client before it)', () => {
    // Told to write its request 45 ms after its preface: the server's tickets (one round trip after the Finished) come first.
    const { client, server } = legs('browser', '1.3', { clientWriteGapsMs: [0.6, 45] });
    assert.deepEqual(clientWriteGaps(client, server, true)?.map((gap) => gap.toFixed(2)), ['0.60']);
    const alignment = clientComputeAlignment('browser', { computeMs: 2, writeGapsMs: [0.6, 0.9] }, [client], [server], true);
    assert.deepEqual(alignment?.writeGapsMs?.map((gap) => gap.toFixed(2)), ['0.60', '0.90']);
  });

  it('refuses a negative time', () => {
    assert.throws(() => legs('browser', '1.3', { clientComputeMs: -1 }), /clientComputeMs/);
    assert.throws(() => legs('browser', '1.3', { clientWriteGapsMs: [0.5, -1] }), /clientWriteGapsMs/);
  });
});
