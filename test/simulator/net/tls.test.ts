import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import { applicationRecordSizes, clientHelloBytes, encryptedRecordBytes, planHandshake, type TlsOptions } from '../../../simulator/net/tls';
import { API_GATEWAY_SERVER, CIPHER_SUITES, CLIENT_PROFILES } from '../../../simulator/net/tlsProfiles';

const base: TlsOptions = {
  version: '1.3', resumption: 'none', earlyData: false, serverName: 'abc123.execute-api.us-east-1.amazonaws.com', alpn: [],
  client: CLIENT_PROFILES.node, server: API_GATEWAY_SERVER,
};

describe('TLS sizes', () => {
  it('sizes Chromium\'s post-quantum ClientHello as the captured Chromium 156 sends it (record length 1988 for a 16-character host)', () => {
    // Debian's Chromium 156.0.8078.129, headless, fetch() to https://shop.example.com:<port>/ read
    // by a raw TCP server: record lengths 1924, 1956 and 1988 for ECH GREASE payloads of 144, 176
    // and 208 bytes (clientHello.realClients.test.ts captures it again). An older published capture
    // (Chrome 131-140, "jct.ac.il", record 1810) predates trust_anchors and ML-DSA signature schemes.
    for (const [payload, record] of [[144, 1924], [176, 1956], [208, 1988]] as const) {
      const hello = clientHelloBytes(CLIENT_PROFILES.browser, { maxVersion: '1.3', serverName: 'shop.example.com', alpn: ['h2', 'http/1.1'], pick: () => payload });
      assert.equal(5 + hello.bytes, record);
    }
  });

  it('splits Chrome\'s post-quantum ClientHello over two TCP segments', () => {
    const trace = planHandshake({ ...base, client: CLIENT_PROFILES.browser, alpn: ['h2', 'http/1.1'] }, (choices) => choices[0]);
    assert.ok(trace.flights[0].records[0].bytes > 1448);
  });

  it('adds the AEAD tag and inner content type in 1.3, and the explicit nonce and tag in 1.2 GCM', () => {
    assert.equal(encryptedRecordBytes(100, '1.3', CIPHER_SUITES.TLS_AES_128_GCM_SHA256), 5 + 100 + 1 + 16);
    assert.equal(encryptedRecordBytes(100, '1.2', CIPHER_SUITES['ECDHE-RSA-AES128-GCM-SHA256']), 5 + 8 + 100 + 16);
  });

  it('adds no explicit nonce for ChaCha20-Poly1305 in 1.2, and lets a suite override the client\'s preference', () => {
    assert.equal(encryptedRecordBytes(100, '1.2', CIPHER_SUITES['ECDHE-RSA-CHACHA20-POLY1305']), 5 + 100 + 16);
    const plan = planHandshake({ ...base, version: '1.2', cipherSuite: 'ECDHE-RSA-CHACHA20-POLY1305' }, () => 0);
    assert.equal(plan.suite.name, 'ECDHE-RSA-CHACHA20-POLY1305');
    // The client's encrypted Finished: 4-byte header + 12 bytes verify_data, sealed without a nonce.
    assert.equal(plan.flights[2].records.at(-1)!.bytes, 5 + 16 + 16);
  });

  it('carries the session ticket in Chrome\'s ClientHello when resuming a TLS 1.2 session', () => {
    const fresh = clientHelloBytes(CLIENT_PROFILES.browser, { maxVersion: '1.2', serverName: 'a.example', alpn: [], pick: () => 144 });
    const resuming = clientHelloBytes(CLIENT_PROFILES.browser, { maxVersion: '1.2', serverName: 'a.example', alpn: [], ticketLength: 192, pick: () => 144 });
    assert.equal(resuming.bytes - fresh.bytes, 192);
  });

  it('answers a TLS 1.2 client that offers no session_ticket (curl 7.88) with a session id and no NewSessionTicket, as node:tls does', () => {
    // The fidelity harness's capture of curl 7.88 against node:tls (TLS 1.2, ALPN h2): ServerHello record length 102
    // (a 32-byte session id, no session_ticket extension: RFC 5077 §3.2), then ChangeCipherSpec and a 40-byte Finished
    // record with no NewSessionTicket before them (RFC 5077 §3.3). Chromium, which offers the extension, gets a 74-byte
    // ServerHello and a ticket.
    const options: TlsOptions = { ...base, version: '1.2', alpn: ['h2', 'http/1.1'], serverAlpn: ['h2', 'http/1.1'] };
    const curl = planHandshake({ ...options, client: CLIENT_PROFILES.curl }, (choices) => choices[0]);
    assert.equal(curl.flights[1].records[0].bytes - 5, 102);
    assert.deepEqual(curl.flights[3].records.map((record) => `${record.name} ${record.bytes - 5}`), ['ChangeCipherSpec 1', 'Finished 40']);
    const browser = planHandshake({ ...options, client: CLIENT_PROFILES.browser }, (choices) => choices[0]);
    assert.equal(browser.flights[1].records[0].bytes - 5, 74);
    assert.deepEqual(browser.flights[3].records.map((record) => record.name), ['NewSessionTicket', 'ChangeCipherSpec', 'Finished']);
  });

  it('cuts application data into records of at most 16 KiB of plaintext', () => {
    assert.deepEqual(applicationRecordSizes(40000), [16384, 16384, 7232]);
    assert.deepEqual(applicationRecordSizes(16384), [16384]);
  });

  it('sends the certificate chain in a full handshake and not in a resumed one', () => {
    const full = planHandshake(base, () => 0).flights.flatMap((flight) => flight.records.map((record) => record.name));
    const resumed = planHandshake({ ...base, resumption: 'ticket' }, () => 0).flights.flatMap((flight) => flight.records.map((record) => record.name));
    assert.ok(full.includes('Certificate') && full.includes('CertificateVerify'));
    assert.ok(!resumed.includes('Certificate') && !resumed.includes('CertificateVerify'));
  });

  it('sizes the API Gateway server flight as a captured three-certificate flight (4,327 bytes for a 1,481-byte leaf)', () => {
    // "SSL handshake has read 4327 bytes": ServerHello .. Finished, TLS 1.3, SHA-256 suite, no ALPN.
    const plan = planHandshake({ ...base, client: { ...CLIENT_PROFILES.node, preferredTls13Suite: CIPHER_SUITES.TLS_AES_128_GCM_SHA256 }, server: { ...API_GATEWAY_SERVER, certificateChain: [1481, 1122, 1174] } }, () => 0);
    assert.equal(plan.flights[1].records.reduce((sum, record) => sum + record.bytes, 0), 4327);
  });

  it('sends four certificates for execute-api, the last Starfield Services Root G2 cross-signed by Starfield Class 2, as openssl -showcerts prints them', () => {
    // AWS Knowledge Center eks-error-invalid-identity-token prints the chain's depth-3 certificate;
    // its PEM starts MIIEdTCC: a DER SEQUENCE of 0x0475 content bytes.
    const der = Buffer.from('MIIEdTCC', 'base64');
    assert.deepEqual([...der.subarray(0, 4)], [0x30, 0x82, 0x04, 0x75]);
    const starfieldG2 = 4 + der.readUInt16BE(2);
    assert.equal(API_GATEWAY_SERVER.certificateChain.length, 4);
    assert.equal(API_GATEWAY_SERVER.certificateChain.at(-1), starfieldG2);
    const certificate = (chain: readonly number[]): number => planHandshake({ ...base, server: { ...API_GATEWAY_SERVER, certificateChain: chain } }, () => 0)
      .flights[1].records.find((record) => record.name === 'Certificate')!.bytes;
    // TLS 1.3 CertificateEntry: a 3-byte length, the DER, 2 bytes of (empty) extensions (RFC 8446 §4.4.2).
    assert.equal(certificate(API_GATEWAY_SERVER.certificateChain) - certificate(API_GATEWAY_SERVER.certificateChain.slice(0, 3)), 3 + starfieldG2 + 2);
  });

  it('rejects an unknown version, 0-RTT without resumption and an empty ALPN name, naming the parameter', () => {
    assert.throws(() => planHandshake({ ...base, version: '1.1' as never }, () => 0), (error: ParameterError) => error.parameter === 'tlsVersion' && error.code === 'UNKNOWN_OPTION');
    assert.throws(() => planHandshake({ ...base, earlyData: true }, () => 0), (error: ParameterError) => error.parameter === 'earlyData');
    assert.throws(() => planHandshake({ ...base, alpn: [''] }, () => 0), (error: ParameterError) => error.parameter === 'alpn');
    assert.throws(() => planHandshake({ ...base, cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256' }, () => 0), (error: ParameterError) => error.parameter === 'cipherSuite');
    assert.throws(() => planHandshake({ ...base, cipherSuite: 'RC4-MD5' as never }, () => 0), (error: ParameterError) => error.parameter === 'cipherSuite' && error.code === 'UNKNOWN_OPTION');
  });
});
