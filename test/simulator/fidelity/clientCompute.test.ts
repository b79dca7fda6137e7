import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { clientComputeAlignment, clientHandshakeTime } from '../../../simulator/fidelity/clientCompute';
import { HARNESS_ONE_WAY_MS, harnessConditions, rowScenario } from '../../../simulator/fidelity/fidelityRows';
import type { ConnectionView } from '../../../simulator/fidelity/connectionView';
import { modelConnections } from '../../../simulator/fidelity/harnessRow';
import { CLIENT_PROFILES } from '../../../simulator/net/tlsProfiles';

/*
 * The browser's handshake time read off a connection (clientCompute.ts): from the server's first
 * flight to the client's first request. Read here off the model's own connections, whose
 * browser takes a known time (its profile's, or the one it is told), so the reading can be held
 * to it, and the model can be shown to take the time it is told; the harness reads the same off
 * Chromium's leg of a capture.
 */

const model = readConfig(resolve(__dirname, '../../../../examples/shop/template.yaml')).model;

/**
 * The model's browser connection as the client's leg of a capture shows it, with the time its
 * first request's segment left marked as tshark marks a capture's (the model's views carry no
 * HTTP/2 reading): Chromium's three writes after the flight are its Finished, the preface and the
 * request.
 */
function browserConnection(tlsVersion: '1.2' | '1.3', clientComputeMs?: number): ConnectionView {
  const conditions = { ...harnessConditions({ profile: 'browser', tlsVersion }, [1488, 1122, 1174, 1145], 1500), ...(clientComputeMs !== undefined ? { clientComputeMs } : {}) };
  const view = modelConnections(rowScenario(model, 'HTTP').model(conditions))[0];
  const flightEnd = view.packets.map((packet) => packet.from === 'server' && packet.payloadBytes > 1000).lastIndexOf(true);
  const request = view.packets.slice(flightEnd).filter((packet) => packet.from === 'client' && packet.payloadBytes > 0)[2];
  // The client's leg, as the capture has it: the server's packets when they reach the client, one way after they left.
  const clientLeg = view.packets.map((packet) => (packet.from === 'server' ? { ...packet, time: packet.time + HARNESS_ONE_WAY_MS } : packet)).sort((a, b) => a.time - b.time);
  return { ...view, packets: clientLeg, firstRequestAt: request.time };
}

describe('the browser\'s handshake time', () => {
  for (const tlsVersion of ['1.3', '1.2'] as const) {
    it(`reads the time from the server's flight to the first request (TLS ${tlsVersion}): the profile's, or the time the model is told`, () => {
      assert.ok(Math.abs(clientHandshakeTime(browserConnection(tlsVersion))! - CLIENT_PROFILES.browser.serverFlightComputeMs!.full) < 0.01);
      assert.ok(Math.abs(clientHandshakeTime(browserConnection(tlsVersion, 7.5))! - 7.5) < 0.01);
    });
  }

  it('aligns the browser alone, and says both figures', () => {
    const view = browserConnection('1.3', 6.2);
    const alignment = clientComputeAlignment('browser', 3, [view]);
    assert.ok(alignment && Math.abs(alignment.computeMs - 6.2) < 0.01);
    assert.match(alignment.note, /^Chromium's handshake: 6\.2 ms from the server's flight to its first request .* the model's browser takes 3 ms/);
    assert.equal(clientComputeAlignment('curl', 3, [view]), undefined);
    assert.equal(clientComputeAlignment('browser', 3, []), undefined);
  });

  it('refuses a negative time', () => {
    assert.throws(() => browserConnection('1.3', -1), /clientComputeMs/);
  });
});
