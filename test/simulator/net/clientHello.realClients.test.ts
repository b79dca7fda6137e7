import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../../simulator/engine/random';
import { ja4 } from '../../../simulator/export/ja4';
import { clientHelloOfRecord, encodeClientHello, isGrease, parseClientHello, u16ListOf, type ClientHelloFields } from '../../../simulator/net/clientHello';
import { seededHelloRandom, writeClientHello } from '../../../simulator/net/clientHellos';
import { CIPHER_SUITES, CLIENT_PROFILES, nodeServerProfile, type ClientHelloContext, type TlsClientProfile } from '../../../simulator/net/tlsProfiles';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { chromiumHellos, chromiumResumingHellos, chromiumVersion, curlHello, curlVersion, HELLO_HOST, nodeHello, type NodeClient } from '../../helpers/clientHelloCapture';
import { CHROMIUM, CHROMIUM_SKIP } from '../../helpers/headlessChromium';

/*
 * Each client profile's ClientHello against the real program's, captured on loopback by a raw
 * TCP server (test/helpers/clientHelloCapture.ts): the same record length, cipher suites,
 * extensions and every extension body that is not random, and the same JA4 fingerprint
 * (FoxIO, technical_details/JA4.md). Random parts are compared by shape: GREASE values
 * (RFC 8701) by position, key shares by group and length, ECH GREASE by its fixed header and lengths.
 *
 * The profiles were read from: curl 7.88.1 (OpenSSL 3.0, Debian 12), Node v20 (OpenSSL 3.0),
 * Chromium 156 (Debian 12). Another version may write another hello; those tests skip, saying which.
 */

const hex = (value: number): string => value.toString(16).padStart(4, '0');
const grease = (value: number): string => (isGrease(value) ? 'GREASE' : hex(value));

/** An extension body with its random parts reduced to their shape. */
function bodyShape(type: number, body: Uint8Array): string {
  switch (type) {
    case 0x000a: return u16ListOf(body, 2).map(grease).join(',');
    case 0x000d: return u16ListOf(body, 2).map(grease).join(',');
    case 0x002b: return u16ListOf(body, 1).map(grease).join(',');
    case 0x0033: { // KeyShareClientHello: group 2, key_exchange <2> (RFC 8446 §4.2.8)
      const shares: string[] = [];
      for (let offset = 2; offset < body.length;) {
        const length = (body[offset + 2] << 8) | body[offset + 3];
        shares.push(`${grease((body[offset] << 8) | body[offset + 1])}:${length}`);
        offset += 4 + length;
      }
      return shares.join(',');
    }
    case 0xfe0d: // ECH outer: type, KDF, AEAD (fixed); config id (random); enc <2> and payload <2>: lengths only
      return `${Buffer.from(body.subarray(0, 5)).toString('hex')} enc ${(body[6] << 8) | body[7]} payload ${body.length - 8 - ((body[6] << 8) | body[7]) - 2}`;
    default:
      return isGrease(type) ? `${body.length}` : Buffer.from(body).toString('hex');
  }
}

interface HelloShape {
  legacyVersion: string;
  sessionIdLength: number;
  compression: string;
  cipherSuites: string[];
  extensions: string[];
}

function shape(fields: ClientHelloFields): HelloShape {
  return {
    legacyVersion: hex(fields.legacyVersion), sessionIdLength: fields.sessionId.length, compression: Buffer.from(fields.compressionMethods).toString('hex'),
    cipherSuites: fields.cipherSuites.map(grease),
    extensions: fields.extensions.map((extension) => `${grease(extension.type)} ${bodyShape(extension.type, extension.body)}`),
  };
}

/** The ECH GREASE payload length the real client drew (the one size choice the model takes from `pick`). */
function echPayload(fields: ClientHelloFields): number | undefined {
  const ech = fields.extensions.find((extension) => extension.type === 0xfe0d);
  return ech ? ech.body.length - 8 - ((ech.body[6] << 8) | ech.body[7]) - 2 : undefined;
}

/** The model's hello for `context`, the size choice taken from the real one, its random contents seeded. */
function modelled(profile: TlsClientProfile, context: Omit<ClientHelloContext, 'pick'>, real: ClientHelloFields, seed = 1): ClientHelloFields {
  const pick = (choices: readonly number[]): number => {
    const choice = echPayload(real);
    assert.ok(choice !== undefined && choices.includes(choice), `the real ECH GREASE payload (${choice}) is one the model can draw (${choices.join(', ')})`);
    return choice;
  };
  return writeClientHello(profile.hello, { ...context, pick }, seededHelloRandom(new Random(seed))).fields;
}

function assertSameHello(realRecord: Buffer, model: ClientHelloFields, label: string, { ordered, realFields }: { ordered: boolean; realFields?: ClientHelloFields }): void {
  const real = realFields ?? parseClientHello(clientHelloOfRecord(realRecord));
  assert.equal(realRecord[0], 22, `${label}: a handshake record`);
  assert.equal(5 + encodeClientHello(model).length, realRecord.length, `${label}: record length`);
  const [realShape, modelShape] = [shape(real), shape(model)];
  if (!ordered) {
    // Chromium permutes its extensions per connection: GREASE first and last, the rest as a set.
    for (const hello of [realShape, modelShape]) {
      assert.ok(hello.extensions[0].startsWith('GREASE 0') && hello.extensions.at(-1)!.startsWith('GREASE 1'), `${label}: an empty GREASE extension first, a one-byte one last`);
      hello.extensions = [hello.extensions[0], ...hello.extensions.slice(1, -1).sort(), hello.extensions.at(-1)!];
    }
  }
  assert.deepEqual(modelShape, realShape, `${label}: the model's hello has the real one's fields`);
  assert.equal(ja4(model), ja4(real), `${label}: JA4`);
}

const installedCurl = curlVersion();
const curlSkip = /^curl 7\.88\.\d .* OpenSSL\/3\.0/.test(installedCurl) ? false : `the curl profile is curl 7.88 on OpenSSL 3.0, this is ${installedCurl}`;

describe(`the curl profile's ClientHello against the real curl (${installedCurl.split(' (')[0]})`, { skip: curlSkip }, () => {
  const cases = [
    ['--http2', '1.3', ['h2', 'http/1.1']], ['--http1.1', '1.3', ['http/1.1']],
    ['--http2', '1.2', ['h2', 'http/1.1']], ['--http1.1', '1.2', ['http/1.1']],
  ] as const;
  for (const [option, version, alpn] of cases) {
    it(`writes curl ${option} --tls-max ${version}'s hello field for field, padding included`, async () => {
      const real = await curlHello([option, '--tls-max', version]);
      const model = modelled(CLIENT_PROFILES.curl, { maxVersion: version, serverName: HELLO_HOST, alpn }, parseClientHello(clientHelloOfRecord(real)));
      assertSameHello(real, model, `curl ${option} TLS ${version}`, { ordered: true });
    });
  }
});

const nodeSkip = process.versions.node.startsWith('20.') && process.versions.openssl.startsWith('3.0') ? false : `the node profile is Node 20 on OpenSSL 3.0, this is ${process.version} on OpenSSL ${process.versions.openssl}`;

describe(`the node profile's ClientHello against Node's own clients (${process.version}, OpenSSL ${process.versions.openssl})`, { skip: nodeSkip }, () => {
  const cases: [NodeClient, string, ClientHelloContext['maxVersion'], readonly string[]][] = [
    ['https', 'https.get', '1.3', []],
    ['https-alpn', 'https.get with ALPNProtocols h2, http/1.1', '1.3', ['h2', 'http/1.1']],
    ['https-tls12', 'https.get with maxVersion TLSv1.2', '1.2', []],
    ['http2', 'http2.connect', '1.3', ['h2']],
    ['ws', 'a ws WebSocket', '1.3', []],
  ];
  for (const [client, label, version, alpn] of cases) {
    it(`writes the hello of ${label} field for field`, async () => {
      const real = await nodeHello(client);
      const model = modelled(CLIENT_PROFILES.node, { maxVersion: version, serverName: HELLO_HOST, alpn }, parseClientHello(clientHelloOfRecord(real)));
      assertSameHello(real, model, label, { ordered: true });
    });
  }
});

const installedChromium = CHROMIUM_SKIP ? '' : chromiumVersion(CHROMIUM);
const chromiumSkip = CHROMIUM_SKIP || (/^Chromium 156\./.test(installedChromium) ? false : `the browser profile is Chromium 156, this is ${installedChromium}`);

describe(`the browser profile's ClientHello against headless Chromium (${installedChromium})`, { skip: chromiumSkip }, () => {
  it('writes every hello of four fetches field for field, extensions as a set between the two GREASE ones', async () => {
    const hellos = await chromiumHellos(4);
    hellos.forEach((real, index) => {
      const fields = parseClientHello(clientHelloOfRecord(real));
      const model = modelled(CLIENT_PROFILES.browser, { maxVersion: '1.3', serverName: HELLO_HOST, alpn: CLIENT_PROFILES.browser.alpn }, fields, index);
      assertSameHello(real, model, `Chromium hello ${index + 1}`, { ordered: false });
    });
  });

  it('offers the server\'s ticket in pre_shared_key, after the last GREASE extension, when it resumes a TLS 1.3 session', async () => {
    // A node:https server issues the tickets: 240-byte identities (nodeServerProfile), and it picks
    // TLS_AES_256_GCM_SHA384 (its own order first), so binders are 48 bytes.
    const server = nodeServerProfile([1000]);
    const hellos = await chromiumResumingHellos(3);
    const context = { maxVersion: '1.3', serverName: HELLO_HOST, alpn: CLIENT_PROFILES.browser.alpn } as const;
    const offersTicket = (record: Buffer): boolean => parseClientHello(clientHelloOfRecord(record)).extensions.some((extension) => extension.type === 0x0029);
    assert.equal(offersTicket(hellos[0]), false, 'the first connection has no ticket to offer');
    const resumed = hellos.filter(offersTicket);
    assert.ok(resumed.length >= 2, `the later loads resume (${hellos.length} connections, ${resumed.length} with a ticket)`);
    for (const [index, fresh] of hellos.filter((record) => !offersTicket(record)).entries()) {
      assertSameHello(fresh, modelled(CLIENT_PROFILES.browser, context, parseClientHello(clientHelloOfRecord(fresh)), index), `Chromium, connection ${index + 1} without a ticket`, { ordered: false });
    }
    resumed.forEach((real, index) => {
      const fields = parseClientHello(clientHelloOfRecord(real));
      assert.equal(fields.extensions.at(-1)!.type, 0x0029, 'pre_shared_key is last (RFC 8446 §4.2.11)');
      const model = modelled(CLIENT_PROFILES.browser, { ...context, ticketLength: server.ticketLengthTls13, binderLength: CIPHER_SUITES.TLS_AES_256_GCM_SHA384.hashLength }, fields, index);
      assert.equal(model.extensions.at(-1)!.type, 0x0029);
      const psk = (hello: ClientHelloFields): number => hello.extensions.at(-1)!.body.length;
      assert.equal(psk(model), psk(fields), `resumed connection ${index + 1}: pre_shared_key length`);
      // Strip the PSK (random identity and binder) and compare the rest field for field.
      const withoutPsk = (hello: ClientHelloFields): ClientHelloFields => ({ ...hello, extensions: hello.extensions.slice(0, -1) });
      assertSameHello(Buffer.from(real.subarray(0, real.length - 4 - psk(fields))), withoutPsk(model), `Chromium, resumed connection ${index + 1}`, { ordered: false, realFields: withoutPsk(fields) });
    });
  });

  it('draws GREASE as BoringSSL does: one value for the group and its key share, two different GREASE extensions', async () => {
    const hellos = (await chromiumHellos(3)).map((record) => parseClientHello(clientHelloOfRecord(record)));
    const models = [1, 2, 3, 4, 5].map((seed) => writeClientHello(CLIENT_PROFILES.browser.hello, { maxVersion: '1.3', serverName: HELLO_HOST, alpn: ['h2', 'http/1.1'], pick: (choices) => choices[0] }, seededHelloRandom(new Random(seed))).fields);
    for (const hello of [...hellos, ...models]) {
      const body = (type: number): Uint8Array => hello.extensions.find((extension) => extension.type === type)!.body;
      assert.equal(u16ListOf(body(0x000a), 2)[0], (body(0x0033)[2] << 8) | body(0x0033)[3], 'supported_groups and key_share open with the same GREASE group');
      assert.notEqual(hello.extensions[0].type, hello.extensions.at(-1)!.type, 'the first and last GREASE extensions differ');
      for (const value of [hello.cipherSuites[0], hello.extensions[0].type, hello.extensions.at(-1)!.type, u16ListOf(body(0x002b), 1)[0], u16ListOf(body(0x000d), 2)[0]]) {
        assert.ok(isGrease(value), `${hex(value)} is a GREASE value`);
      }
    }
  });

  it('permutes the extensions per connection, and so does the model, per connection and seeded', async () => {
    const orders = (await chromiumHellos(4)).map((record) => parseClientHello(clientHelloOfRecord(record)).extensions.map((extension) => grease(extension.type)).join(' '));
    assert.ok(new Set(orders).size > 1, `Chromium sent its extensions in more than one order: ${orders.join(' | ')}`);
    // The model draws the order per connection from the simulation's seed: the trace names it.
    const modelOrder = (seed: string): string => String(simulateHttpExchange({ url: `https://${HELLO_HOST}/`, dnsCache: 'hit', clientProfile: 'browser', seed })
      .events.find((event) => event.kind === 'tls.client_hello')!.detail!.extensions);
    assert.notEqual(modelOrder('a'), modelOrder('b'), 'two seeds, two orders');
    assert.equal(modelOrder('a'), modelOrder('a'), 'one seed, one order');
  });
});
