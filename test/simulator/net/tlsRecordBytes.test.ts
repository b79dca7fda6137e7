import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../../simulator/engine/random';
import { applicationRecordSizes, encryptedRecordBytes, planHandshake, recordPlanOf, tlsSessionOf, type TlsOptions } from '../../../simulator/net/tls';
import { API_GATEWAY_SERVER, CIPHER_SUITES, CLIENT_PROFILES } from '../../../simulator/net/tlsProfiles';
import { encodeApplicationData, encodeRecord, type TlsRecordContext } from '../../../simulator/net/tlsRecordBytes';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { splitRecords } from '../../helpers/tlsCapture';

/*
 * The TLS model plans records by size; tlsRecordBytes.ts lays them out. Every record must
 * come out at exactly the planned size with the header the plan says, and a capture built
 * after the run must read the same plan back from the trace. (tshark reads the result in
 * test/simulator/export/capture.test.ts.)
 */

const base: TlsOptions = {
  version: '1.3', resumption: 'none', earlyData: false, serverName: 'abc123.execute-api.us-east-1.amazonaws.com', alpn: [],
  client: CLIENT_PROFILES.node, server: API_GATEWAY_SERVER,
};

const CONTENT_TYPES = { change_cipher_spec: 20, alert: 21, handshake: 22, application_data: 23 } as const;
const HANDSHAKE_TYPES: Readonly<Record<string, number>> = {
  client_hello: 1, server_hello: 2, new_session_ticket: 4, end_of_early_data: 5, encrypted_extensions: 8, certificate: 11,
  server_key_exchange: 12, server_hello_done: 14, certificate_verify: 15, client_key_exchange: 16, finished: 20,
};

const variants: [string, TlsOptions][] = [
  ['TLS 1.3 full', base],
  ['TLS 1.3 resumed with 0-RTT', { ...base, resumption: 'ticket', earlyData: true }],
  ['TLS 1.3 from Chrome', { ...base, client: CLIENT_PROFILES.browser, alpn: ['h2', 'http/1.1'] }],
  ['TLS 1.2 full', { ...base, version: '1.2' }],
  ['TLS 1.2 full from curl, which offers no session ticket', { ...base, version: '1.2', client: CLIENT_PROFILES.curl, alpn: ['h2', 'http/1.1'], serverAlpn: ['h2', 'http/1.1'] }],
  ['TLS 1.2 resumed, ChaCha20', { ...base, version: '1.2', resumption: 'ticket', cipherSuite: 'ECDHE-RSA-CHACHA20-POLY1305' }],
  ['TLS 1.3 refused by a 1.2-only server', { ...base, serverVersions: ['1.2'] }],
];

describe('TLS record bytes', () => {
  for (const [label, options] of variants) {
    it(`lays out every record of a ${label} handshake at its planned size, with the planned content and handshake type`, () => {
      const helloChoices: number[] = [];
      const plan = planHandshake(options, (choices) => {
        helloChoices.push(choices[0]);
        return choices[0];
      });
      const context: TlsRecordContext = {
        version: options.version, suite: plan.suite, resumed: options.resumption === 'ticket', serverName: options.serverName!,
        clientHelloExtensions: plan.clientHelloExtensions, random: new Random(label),
        clientProfile: options.client.name, alpnOffered: options.alpn, helloChoices,
        ...(options.resumption === 'ticket' ? { ticketLength: options.version === '1.3' ? options.server.ticketLengthTls13 : options.server.ticketLengthTls12 } : {}),
      };
      const records = plan.flights.flatMap((flight) => flight.records);
      const encoded = records.map((record) => encodeRecord(record, context));
      records.forEach((record, index) => {
        const bytes = Buffer.from(encoded[index]);
        assert.equal(bytes.length, record.bytes, `${record.name}: length`);
        // TLS 1.3 seals everything after the ServerHello as application_data (RFC 8446 §5.2).
        assert.equal(bytes[0], record.encrypted && options.version === '1.3' ? 23 : CONTENT_TYPES[record.contentType], `${record.name}: content type`);
        assert.equal(bytes.readUInt16BE(3), record.bytes - 5, `${record.name}: record length field`);
        if (record.contentType === 'handshake' && !record.encrypted) {
          assert.equal(bytes[5], HANDSHAKE_TYPES[record.message], `${record.name}: handshake type`);
          assert.equal(bytes.readUIntBE(6, 3), record.plaintextBytes - 4, `${record.name}: handshake length field`);
        }
      });
      // The same records, concatenated, read as a stream of records.
      assert.deepEqual(splitRecords(Buffer.concat(encoded)).map((record) => record.bytes), records.map((record) => record.bytes));
    });
  }

  it('names the chosen suite by its number in the ServerHello', () => {
    for (const suite of Object.values(CIPHER_SUITES)) {
      const options: TlsOptions = { ...base, version: suite.version, cipherSuite: suite.name as keyof typeof CIPHER_SUITES };
      const plan = planHandshake(options, (choices) => choices[0]);
      const serverHello = plan.flights[1].records[0];
      const context: TlsRecordContext = { version: suite.version, suite, resumed: false, clientHelloExtensions: plan.clientHelloExtensions, clientProfile: 'node', alpnOffered: [], random: new Random(1) };
      const bytes = Buffer.from(encodeRecord(serverHello, context));
      // record 5, handshake header 4, version 2, random 32, session id (length 1 + its bytes), then the suite.
      const sessionIdLength = bytes[5 + 4 + 2 + 32];
      assert.equal(bytes.readUInt16BE(5 + 4 + 2 + 32 + 1 + sessionIdLength), suite.code, suite.name);
    }
  });

  it('writes a 32-byte session id and no session_ticket extension in the TLS 1.2 ServerHello to a client that offered no ticket (RFC 5077 §3.2)', () => {
    const serverHelloOf = (options: TlsOptions): Buffer => {
      const plan = planHandshake(options, (choices) => choices[0]);
      const context: TlsRecordContext = {
        version: '1.2', suite: plan.suite, resumed: false, clientHelloExtensions: plan.clientHelloExtensions, clientProfile: options.client.name, alpnOffered: options.alpn, random: new Random(2),
      };
      return Buffer.from(encodeRecord(plan.flights[1].records[0], context));
    };
    const extensionTypes = (hello: Buffer): number[] => {
      const sessionIdLength = hello[5 + 4 + 2 + 32];
      let offset = 5 + 4 + 2 + 32 + 1 + sessionIdLength + 2 + 1 + 2;
      const types: number[] = [];
      while (offset < hello.length) {
        types.push(hello.readUInt16BE(offset));
        offset += 4 + hello.readUInt16BE(offset + 2);
      }
      return types;
    };
    const alpn = { alpn: ['h2', 'http/1.1'], serverAlpn: ['h2', 'http/1.1'] };
    // node:tls's answers as the fidelity harness captured them: to curl 7.88 a 32-byte session id and extensions
    // renegotiation_info, ec_point_formats, ALPN, extended_master_secret (65281, 11, 16, 23); to Chromium an empty id and session_ticket (35) too.
    const curl = serverHelloOf({ ...base, version: '1.2', client: CLIENT_PROFILES.curl, ...alpn });
    assert.equal(curl[5 + 4 + 2 + 32], 32);
    assert.deepEqual(extensionTypes(curl).sort((a, b) => a - b), [11, 16, 23, 65281]);
    const browser = serverHelloOf({ ...base, version: '1.2', client: CLIENT_PROFILES.browser, ...alpn });
    assert.equal(browser[5 + 4 + 2 + 32], 0);
    assert.ok(extensionTypes(browser).includes(35));
  });

  for (const [version, suite] of [['1.3', CIPHER_SUITES.TLS_AES_128_GCM_SHA256], ['1.2', CIPHER_SUITES['ECDHE-RSA-AES128-GCM-SHA256']], ['1.2', CIPHER_SUITES['ECDHE-RSA-CHACHA20-POLY1305']]] as const) {
    it(`seals application data in records of the sizes the model counts (TLS ${version}, ${suite.name})`, () => {
      const plaintext = Uint8Array.from({ length: 40_000 }, (_, index) => index & 0xff);
      const records = encodeApplicationData(plaintext, { version, suite, resumed: false, clientHelloExtensions: [], random: new Random(2) });
      assert.deepEqual(records.map((record) => record.plaintext.length), applicationRecordSizes(plaintext.length));
      assert.deepEqual(Buffer.concat(records.map((record) => record.plaintext)), Buffer.from(plaintext));
      const wire = records.map((record) => Buffer.concat([record.header, record.ciphertext, record.trailer]));
      assert.deepEqual(wire.map((record) => record.length), applicationRecordSizes(plaintext.length).map((length) => encryptedRecordBytes(length, version, suite)));
      for (const record of wire) assert.deepEqual([record[0], record.readUInt16BE(1), record.readUInt16BE(3)], [23, 0x0303, record.length - 5]);
      assert.ok(records.every((record) => record.header.length === 5 + (version === '1.2' ? suite.explicitNonceLength : 0)), 'TLS 1.2 GCM carries its explicit nonce after the header');
    });
  }

  for (const [label, scenario] of [['TLS 1.3', {}], ['TLS 1.2 resumed', { tlsVersion: '1.2', tlsResumption: 'ticket' }], ['TLS 1.3 ChaCha20', { cipherSuite: 'TLS_CHACHA20_POLY1305_SHA256' }]] as const) {
    it(`reads back from a simulated ${label} trace the records and session the model planned`, () => {
      const options: TlsOptions = {
        ...base, serverName: 'api.example.com', version: 'tlsVersion' in scenario ? scenario.tlsVersion : '1.3',
        resumption: 'tlsResumption' in scenario ? scenario.tlsResumption : 'none', ...('cipherSuite' in scenario ? { cipherSuite: scenario.cipherSuite } : {}),
      };
      const trace = simulateHttpExchange({ url: 'https://api.example.com/products', dnsCache: 'hit', ...scenario });
      const plan = planHandshake(options, (choices) => choices[0]);
      const events = trace.events.filter((event) => event.layer === 'tls');
      const planned = plan.flights.flatMap((flight) => flight.records).map(({ name: _name, ...record }) => record);
      assert.deepEqual(events.slice(0, planned.length).map(recordPlanOf), planned);
      assert.deepEqual(tlsSessionOf(events), {
        version: options.version, suite: plan.suite, resumed: options.resumption === 'ticket', serverName: 'api.example.com', clientHelloExtensions: plan.clientHelloExtensions,
        clientProfile: 'node', alpnOffered: [], ...(options.resumption === 'ticket' ? { ticketLength: options.server.ticketLengthTls12 } : {}),
      });
    });
  }
});
