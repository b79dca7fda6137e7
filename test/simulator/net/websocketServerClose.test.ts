import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { harnessConditions, rowScenario } from '../../../simulator/fidelity/fidelityRows';
import { API_GATEWAY_SERVER } from '../../../simulator/net/tlsProfiles';

/*
 * The server answers a client's close frame with its own, then closes: as `ws` does it, the
 * close frame, the close_notify and the FIN are three writes and three segments. Expected sizes
 * from the fidelity harness's captures of the node × WebSocket rows (ws server behind node:tls):
 * TLS 1.3 45 then 24 bytes, TLS 1.2 52 then 31, where the model used to send one segment of 69 (83).
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;

describe('a WebSocket server closing after its close frame', () => {
  for (const [tlsVersion, sizes] of [['1.3', [45, 24]], ['1.2', [52, 31]]] as const) {
    it(`sends its close frame and its close_notify as separate segments, then its FIN (TLS ${tlsVersion}: ${sizes.join(' then ')} bytes, as captured)`, () => {
      const trace = rowScenario(model, 'WebSocket').model(harnessConditions({ profile: 'node', tlsVersion }, API_GATEWAY_SERVER.certificateChain, 1500));
      const server = trace.packets.filter((packet) => packet.protocol === 'tcp' && packet.to === 'client' && (packet.payloadBytes > 0 || packet.flags?.includes('FIN')));
      assert.deepEqual(server.slice(-3).map((packet) => `${packet.flags} ${packet.payloadBytes}`), [`PSH, ACK ${sizes[0]}`, `PSH, ACK ${sizes[1]}`, 'FIN, ACK 0']);
    });
  }
});
