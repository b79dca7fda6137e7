import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { encryptedRecordBytes, planHandshake, type TlsRecordPlan } from '../../../simulator/net/tls';
import { CLIENT_PROFILES, nodeServerProfile, type TlsVersion } from '../../../simulator/net/tlsProfiles';
import { makeCertificate, withTlsServer, type CapturedExchange, type CapturedRecord, type TestCertificate } from '../../helpers/tlsCapture';

/*
 * The `node` client profile and a `node` server profile built from the same certificate,
 * compared record by record with what node:tls really sends on loopback. Target: every
 * handshake record within 2% of the real size, content types and order identical.
 */

const SERVER_NAME = 'shop.example.com';
const REQUEST = 'GET /products/123 HTTP/1.1\r\nHost: shop.example.com\r\n\r\n';
const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const CONTENT_TYPES: Record<TlsRecordPlan['contentType'], number> = { change_cipher_spec: 20, alert: 21, handshake: 22, application_data: 23 };

let certificate: TestCertificate;

before(() => {
  certificate = makeCertificate(SERVER_NAME);
});

function plan(version: TlsVersion, resumption: 'none' | 'ticket') {
  return planHandshake({
    version, resumption, earlyData: false, serverName: SERVER_NAME, alpn: [],
    client: CLIENT_PROFILES.node, server: nodeServerProfile([certificate.derBytes]),
  }, (choices) => choices[0]);
}

/** TLS 1.3 disguises encrypted handshake records as application_data (RFC 8446 §5.2); 1.2 does not. */
function wireType(record: TlsRecordPlan, version: TlsVersion): number {
  return version === '1.3' && record.encrypted && record.contentType === 'handshake' ? 23 : CONTENT_TYPES[record.contentType];
}

function assertRecordsMatch(modelled: TlsRecordPlan[], real: CapturedRecord[], direction: string, version: TlsVersion): void {
  const label = (records: { bytes: number }[]): string => records.map((record) => record.bytes).join(' ');
  // The ClientHello is written field by field as Node writes it (clientHellos.ts): exact, resumption included.
  if (modelled[0]?.message === 'client_hello') assert.equal(modelled[0].bytes, real[0].bytes, `${direction}: ClientHello exactly`);
  assert.deepEqual(real.slice(0, modelled.length).map((record) => record.contentType), modelled.map((record) => wireType(record, version)),
    `${direction}: record types differ (model ${label(modelled)} vs real ${label(real)})`);
  for (let i = 0; i < modelled.length; i++) {
    const error = Math.abs(modelled[i].bytes - real[i].bytes) / real[i].bytes;
    assert.ok(error <= 0.02, `${direction}: ${modelled[i].name} modelled ${modelled[i].bytes} B, real ${real[i].bytes} B (${(error * 100).toFixed(1)}% off)`);
  }
}

function modelledDirections(version: TlsVersion, resumption: 'none' | 'ticket'): { client: TlsRecordPlan[]; server: TlsRecordPlan[] } {
  const { flights } = plan(version, resumption);
  return {
    client: flights.filter((flight) => flight.from === 'client').flatMap((flight) => flight.records),
    server: flights.filter((flight) => flight.from === 'server').flatMap((flight) => flight.records),
  };
}

function assertApplicationData(real: CapturedExchange, modelledHandshake: { client: TlsRecordPlan[]; server: TlsRecordPlan[] }, version: TlsVersion): void {
  const suite = plan(version, 'none').suite;
  assert.equal(real.clientToServer[modelledHandshake.client.length].bytes, encryptedRecordBytes(REQUEST.length, version, suite), 'request record');
  assert.equal(real.serverToClient[modelledHandshake.server.length].bytes, encryptedRecordBytes(RESPONSE.length, version, suite), 'response record');
  assert.equal(real.clientToServer.at(-1)!.bytes, encryptedRecordBytes(2, version, suite), 'close_notify record');
}

for (const version of ['1.3', '1.2'] as const) {
  describe(`TLS ${version} handshakes against a live node:tls exchange`, () => {
    it('models the full handshake record by record within 2%', async () => {
      const real = await withTlsServer(certificate, `TLSv${version}`, SERVER_NAME, (connect) => connect({ request: REQUEST, response: RESPONSE }));
      assert.equal(real.resumed, false);
      const modelled = modelledDirections(version, 'none');
      assertRecordsMatch(modelled.client, real.clientToServer, 'client to server', version);
      assertRecordsMatch(modelled.server, real.serverToClient, 'server to client', version);
      assertApplicationData(real, modelled, version);
    });

    it('models the resumed handshake record by record within 2%', async () => {
      const real = await withTlsServer(certificate, `TLSv${version}`, SERVER_NAME, async (connect) => {
        const first = await connect({ request: REQUEST, response: RESPONSE });
        assert.ok(first.session, 'the first connection left a session to resume');
        return connect({ request: REQUEST, response: RESPONSE, session: first.session });
      });
      assert.equal(real.resumed, true, 'node resumed the session');
      const modelled = modelledDirections(version, 'ticket');
      assertRecordsMatch(modelled.client, real.clientToServer, 'client to server', version);
      assertRecordsMatch(modelled.server, real.serverToClient, 'server to client', version);
      assertApplicationData(real, modelled, version);
    });
  });
}
