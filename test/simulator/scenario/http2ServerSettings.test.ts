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
 * client's Finished (and its compute for it), the ACK when it has read the client's SETTINGS;
 * one record, with the TLS layer's writes, when it read both in one read.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const model = readConfig(join(ROOT, 'examples', 'shop', 'template.yaml')).model;

/** The server's data segments from its flight's end to the response, as `payload (record lengths)`. */
function serverSegmentsBeforeResponse(row: FidelityRow, extra: Partial<ScenarioOptions> = {}): string[] {
  const trace = rowScenario(model, row.api).model({ ...harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500), ...extra });
  const server = trace.packets.filter((packet) => packet.protocol === 'tcp' && packet.to === 'client' && packet.payloadBytes > 0 && packet.payloadBytes < 1000);
  return server.slice(0, -2).map((packet) => String(packet.payloadBytes));
}

/** The row's conditions with a server that reads the client's Finished alone and answers it at once (no finishedComputeMs, no read latency). */
function answeringAtOnce(row: FidelityRow): Partial<ScenarioOptions> {
  const conditions = harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500);
  return { server: { ...conditions.server!, finishedComputeMs: 0 }, tcp: { serverReadLatencyMs: 0 } };
}

describe('the server\'s HTTP/2 SETTINGS and SETTINGS ACK', () => {
  it('share the tickets\' segment, one record, when the client\'s preface is read with its Finished (the preface 48 to 102 µs behind it on the stand-in\'s leg: 588 = 542 + 46 for TLS 1.3, 327 = 274 + 53 for 1.2, as captured)', () => {
    const together = { clientWriteGapsMs: [0.05, 1] };
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'browser', api: 'REST', tlsVersion: '1.3' }, together), ['588']);
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'curl', api: 'REST', tlsVersion: '1.3' }, together), ['588']);
    // TLS 1.2 with False Start: NewSessionTicket, ChangeCipherSpec and Finished, then SETTINGS + ACK.
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'browser', api: 'REST', tlsVersion: '1.2' }, together), ['327']);
  });

  it('are three writes when the preface arrives after the Finished\'s read, even while the server computes its answer (542, 37, 31: the preface 156 and 167 µs behind the Finished, answered 0.6 ms later)', () => {
    for (const gap of [0.16, 0.6, 3]) {
      assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'browser', api: 'REST', tlsVersion: '1.3' }, { clientWriteGapsMs: [gap, 1] }), ['542', '37', '31'], `preface ${gap} ms behind`);
      assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'browser', api: 'REST', tlsVersion: '1.2' }, { clientWriteGapsMs: [gap, 1] }), ['274', '44', '38'], `preface ${gap} ms behind`);
    }
    // Chromium's own spread (tlsProfiles.ts firstWriteGapsMs) puts its preface apart.
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'browser', api: 'REST', tlsVersion: '1.3' }), ['542', '37', '31']);
  });

  it('read a preface that arrived during the compute only when it is done: no ACK of it before the tickets, which carry it', () => {
    const row: FidelityRow = { profile: 'browser', api: 'REST', tlsVersion: '1.3' };
    const trace = rowScenario(model, row.api).model({ ...harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500), clientWriteGapsMs: [0.16, 1] });
    const server = trace.packets.filter((packet) => packet.protocol === 'tcp' && packet.to === 'client');
    const tickets = server.findIndex((packet) => packet.payloadBytes === 542);
    // The server's packets between its flight and its tickets: none (the Finished and the preface ride on the tickets).
    const flightEnd = server.map((packet) => packet.payloadBytes > 1000).lastIndexOf(true);
    assert.equal(tickets, flightEnd + 1);
  });

  it('are two writes after the tickets when the server answers the Finished before the preface arrives (542, 37, 31)', () => {
    const row: FidelityRow = { profile: 'browser', api: 'REST', tlsVersion: '1.3' };
    assert.deepEqual(serverSegmentsBeforeResponse(row, { ...answeringAtOnce(row), clientWriteGapsMs: [0, 1] }), ['542', '37', '31']);
  });

  it('are two segments after the TLS 1.2 Finished flight when the client waits for it (curl 7.88, no False Start: 51, 44, 38, as captured)', () => {
    assert.deepEqual(serverSegmentsBeforeResponse({ profile: 'curl', api: 'REST', tlsVersion: '1.2' }), ['51', '44', '38']);
  });

  it('are one record in the tickets\' segment when the preface comes with the Finished, whatever the compute (588)', () => {
    // Node's client writes its Finished, the preface and the request in one write; made to speak h2 here.
    const row: FidelityRow = { profile: 'node', api: 'REST', tlsVersion: '1.3' };
    assert.deepEqual(serverSegmentsBeforeResponse(row, { httpVersion: '2' }), ['588']);
    assert.deepEqual(serverSegmentsBeforeResponse(row, { httpVersion: '2', ...answeringAtOnce(row) }), ['588']);
  });

  it('leave the stand-in\'s compute after the client\'s Finished arrived', () => {
    const row: FidelityRow = { profile: 'browser', api: 'HTTP', tlsVersion: '1.3' };
    const conditions = harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500);
    const events = rowScenario(model, row.api).model(conditions).events;
    const finished = events.find((event) => event.kind === 'tls.finished' && event.from === 'client')!;
    const ticket = events.find((event) => event.kind === 'tls.new_session_ticket')!;
    assert.ok(Math.abs(ticket.time - finished.arrival - conditions.server!.finishedComputeMs!) < 1e-9, `tickets ${ticket.time - finished.arrival} ms after the Finished`);
  });
});

describe('a server that reads what arrived together in one read', () => {
  /** The server's packets from its SETTINGS to its response, as `ack` or the payload size. */
  function serverAfterSettings(extra: Partial<ScenarioOptions> = {}): string[] {
    const row: FidelityRow = { profile: 'curl', api: 'REST', tlsVersion: '1.2' };
    const trace = rowScenario(model, row.api).model({ ...harnessConditions(row, API_GATEWAY_SERVER.certificateChain, 1500), ...extra });
    const server = trace.packets.filter((packet) => packet.protocol === 'tcp' && packet.to === 'client');
    const settings = server.findIndex((packet) => packet.payloadBytes === 44);
    return server.slice(settings, settings + 4).map((packet) => (packet.payloadBytes > 0 ? String(packet.payloadBytes) : 'ack'));
  }

  it('ACKs curl\'s preface, request and SETTINGS ACK as it reads them, before it writes its SETTINGS ACK (curl × REST × TLS 1.2: 44, ack, 38, 366 in 3 of 3 captures)', () => {
    assert.deepEqual(serverAfterSettings(), ['44', 'ack', '38', '366']);
  });

  it('answers the first segment before the ACK when it reads each as it arrives (no read latency)', () => {
    assert.deepEqual(serverAfterSettings({ tcp: { serverReadLatencyMs: 0 } }), ['44', '38', 'ack', '366']);
  });
});
