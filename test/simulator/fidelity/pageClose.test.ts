import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { harnessConditions, rowScenario, type FidelityRow } from '../../../simulator/fidelity/fidelityRows';
import { clientCloseDelay, pageCloseAlignment } from '../../../simulator/fidelity/pageClose';
import type { ConnectionView, WirePacket } from '../../../simulator/fidelity/connectionView';
import type { ScenarioOptions } from '../../../simulator/scenario/topology';

/*
 * When the page let its connection go: read off the client's leg, and told to the model's
 * browser, which then acknowledges the last response on its own (Linux's 40 ms delayed ACK)
 * before its FIN, as the harness's captures of Chromium show; closing at once, its FIN carries
 * the ACK, as curl's does.
 */

const model = readConfig(resolve(__dirname, '../../../../examples/shop/template.yaml')).model;
const ROW: FidelityRow = { profile: 'browser', api: 'HTTP', tlsVersion: '1.3' };

function packet(from: 'client' | 'server', time: number, payloadBytes: number, flags: string): WirePacket {
  return { from, time, payloadBytes, flags, ipBytes: 52 + payloadBytes, seq: 1 };
}

function view(packets: WirePacket[]): ConnectionView {
  return { stream: 0, origin: 0, packets, records: [], http: [], webSocket: [], http2: [] };
}

/** The client's packets after the last response's DATA, as `ACK @ms` from the response's departure. */
function clientAfterResponse(extra: Partial<ScenarioOptions>): string[] {
  const trace = rowScenario(model, ROW.api).model({ ...harnessConditions(ROW, [1488, 1122, 1174, 1145], 1500), ...extra });
  const server = trace.packets.filter((candidate) => candidate.protocol === 'tcp' && candidate.from !== 'client' && candidate.payloadBytes > 0);
  const response = server[server.length - 2];
  return trace.packets.filter((candidate) => candidate.protocol === 'tcp' && candidate.from === 'client' && candidate.time >= response.arrival)
    .map((candidate) => `${candidate.flags} @${(candidate.time - response.arrival).toFixed(0)}`);
}

describe('when the page closes its connection', () => {
  it('is the time from the connection\'s last data to the client\'s FIN, on its leg', () => {
    const leg = view([packet('client', 0, 0, 'SYN'), packet('server', 50, 88, 'PSH,ACK'), packet('client', 94, 0, 'ACK'), packet('client', 180, 0, 'FIN,ACK'), packet('server', 190, 24, 'PSH,ACK')]);
    assert.equal(clientCloseDelay(leg), 130);
    assert.equal(clientCloseDelay(view([packet('server', 50, 88, 'PSH,ACK')])), undefined, 'no FIN: nothing to align');
    // What the client wrote after the response (a RST_STREAM) is its last exchange: the wait runs from there.
    assert.equal(clientCloseDelay(view([packet('server', 50, 88, 'PSH,ACK'), packet('client', 52, 35, 'PSH,ACK'), packet('client', 180, 0, 'FIN,ACK')])), 128);
    assert.equal(pageCloseAlignment('browser', false, [leg])?.delayMs, 130);
    assert.match(pageCloseAlignment('browser', false, [leg])!.note, /130\.0 ms after its last exchange/);
    assert.equal(pageCloseAlignment('curl', false, [leg]), undefined, 'curl closes when it is done: the model says so itself');
    assert.equal(pageCloseAlignment('browser', true, [leg]), undefined, 'a WebSocket page closes by its close frame');
  });

  it('makes the model\'s browser ACK the last response on its own, 40 ms on, before its FIN', () => {
    assert.deepEqual(clientAfterResponse({}), ['FIN, ACK @0', 'RST @40', 'RST @40']);
    assert.deepEqual(clientAfterResponse({ clientCloseDelayMs: 130 }), ['ACK @40', 'FIN, ACK @130', 'RST @170', 'RST @170']);
  });
});
