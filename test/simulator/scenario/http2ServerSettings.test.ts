import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { harnessConditions, rowScenario, type FidelityRow } from '../../../simulator/fidelity/fidelityRows';
import { API_GATEWAY_SERVER } from '../../../simulator/net/tlsProfiles';
import type { ScenarioOptions } from '../../../simulator/scenario/topology';

/*
 * When the server writes its HTTP/2 SETTINGS and the ACK of the client's, against the fidelity
 * harness's captures of node's http2 server (the stand-in): its SETTINGS when it has read the
 * client's Finished, the ACK when it has read the client's SETTINGS; one record, with the TLS
 * layer's writes, when it reads both together.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;

/** The server's data segments from its flight's end to the response, as `payload (record lengths)`. */
function serverSegmentsBeforeResponse(row: FidelityRow, extra: Partial<ScenarioOptions> = {}): string[] {
  const trace = rowScenario(model, row.api).model({ ...harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500), ...extra });
  const server = trace.packets.filter((packet) => packet.protocol === 'tcp' && packet.to === 'client' && packet.payloadBytes > 0 && packet.payloadBytes < 1000);
  return server.slice(0, -2).map((packet) => String(packet.payloadBytes));
}

describe('the server\'s HTTP/2 SETTINGS and SETTINGS ACK', () => {
  it('are two segments after the tickets when the client writes its Finished and preface apart (Chromium 156, TLS 1.3: 542, 37, 31 as captured)', () => {
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'browser', api: 'REST', tlsVersion: '1.3' }), ['542', '37', '31']);
  });

  it('are two segments after the TLS 1.2 Finished flight (curl 7.88: 51, 44, 38; Chromium with False Start: 274, 44, 38, as captured)', () => {
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'curl', api: 'REST', tlsVersion: '1.2' }), ['51', '44', '38']);
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'browser', api: 'REST', tlsVersion: '1.2' }), ['274', '44', '38']);
  });

  it('are one record in the tickets\' segment when the preface comes with the Finished (588 = 542 + 46, as captured when curl\'s segments arrived together)', () => {
    // Node's client writes its Finished, the preface and the request in one write; made to speak h2 here.
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'node', api: 'REST', tlsVersion: '1.3' }, { httpVersion: '2' }), ['588']);
  });
});
