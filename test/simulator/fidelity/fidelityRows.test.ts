import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { harnessConditions, rowScenario, type FidelityRow } from '../../../simulator/fidelity/fidelityRows';
import { API_GATEWAY_SERVER } from '../../../simulator/net/tlsProfiles';

/*
 * The model's side of a fidelity row takes the stand-in's own facts where the capture shows
 * node:tls, not API Gateway (whose are assumptions): here its TLS 1.2 session ticket.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;

/** The NewSessionTicket records' lengths (without the 5-byte header) the model's run of a row sends. */
function ticketRecordLengths(row: FidelityRow): number[] {
  const trace = rowScenario(model, row.api).model(harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500));
  return trace.events.filter((event) => event.kind === 'tls.new_session_ticket').map((event) => event.bytes - 5);
}

describe('the fidelity rows\' conditions', () => {
  it('give the TLS 1.2 ticket node:tls issues: a 218-byte record with an ALPN protocol in the session, 202 without, as captured', () => {
    // The harness's captures: Chromium's TLS 1.2 rows (ALPN h2, and http/1.1 for a WebSocket) 218, Node's (no ALPN) 202.
    assert.deepEqual(ticketRecordLengths({ profile: 'browser', api: 'REST', tlsVersion: '1.2' }), [218]);
    assert.deepEqual(ticketRecordLengths({ profile: 'browser', api: 'WebSocket', tlsVersion: '1.2' }), [218]);
    assert.deepEqual(ticketRecordLengths({ profile: 'node', api: 'REST', tlsVersion: '1.2' }), [202]);
    // curl offers no session_ticket: no ticket at all (RFC 5077 §3.2).
    assert.deepEqual(ticketRecordLengths({ profile: 'curl', api: 'REST', tlsVersion: '1.2' }), []);
  });

  it('leave API Gateway\'s own assumed TLS 1.2 ticket as it is', () => {
    assert.equal(API_GATEWAY_SERVER.ticketLengthTls12, 192);
  });
});
