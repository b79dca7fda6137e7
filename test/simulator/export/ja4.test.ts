import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { exportPcapng } from '../../../simulator/export/capture';
import { ja4, ja4FromParts } from '../../../simulator/export/ja4';
import { ascii } from '../../../simulator/net/byteWriter';
import { clientHelloOfRecord, isGrease, parseClientHello, type ClientHelloFields, type HelloExtension } from '../../../simulator/net/clientHello';
import { ECH_GREASE_PAYLOADS } from '../../../simulator/net/clientHellos';
import type { ClientProfileName } from '../../../simulator/net/tlsProfiles';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { chromiumHellos, curlHello, HELLO_HOST, nodeHello } from '../../helpers/clientHelloCapture';
import { CHROMIUM_SKIP } from '../../helpers/headlessChromium';
import { tshark } from './tshark';

/*
 * JA4 (FoxIO, github.com/FoxIO-LLC/ja4, technical_details/JA4.md): our function against the
 * spec's worked example and FoxIO's own expected output, then the ClientHello the pcapng export
 * writes, read back by tshark, against the hello the real program sends.
 */

const u16s = (prefix: 1 | 2, values: readonly number[]): Uint8Array => {
  const body = Buffer.alloc(prefix + 2 * values.length);
  if (prefix === 1) body[0] = 2 * values.length;
  else body.writeUInt16BE(2 * values.length, 0);
  values.forEach((value, index) => body.writeUInt16BE(value, prefix + 2 * index));
  return body;
};
const alpnH2 = Uint8Array.of(0, 3, 2, ...ascii('h2'));
const sni = Uint8Array.of(0, 12, 0, 0, 9, ...ascii('a.example'));

/** A hello with these suites, extensions (types in order; bodies where JA4 reads them) and signature algorithms. */
function hello(suites: readonly number[], types: readonly number[], signatures: readonly number[], versions: readonly number[]): ClientHelloFields {
  const bodies: Readonly<Record<number, Uint8Array>> = { 0x0000: sni, 0x0010: alpnH2, 0x000d: u16s(2, signatures), 0x002b: u16s(1, versions) };
  const extensions: HelloExtension[] = types.map((type) => ({ type, body: bodies[type] ?? new Uint8Array(0) }));
  return { legacyVersion: 0x0303, random: new Uint8Array(32), sessionId: new Uint8Array(32), cipherSuites: suites, compressionMethods: Uint8Array.of(0), extensions };
}

const parse = (list: string): number[] => list.split(',').map((value) => parseInt(value, 16));

describe('JA4', () => {
  it('gives the fingerprint of the worked example in FoxIO\'s JA4 specification', () => {
    // technical_details/JA4.md, "Cipher hash" to "Example": JA4 = t13d1516h2_8daaf6152771_e5627efa2ab1.
    const fields = hello(
      parse('1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035'),
      parse('001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015'),
      parse('0403,0804,0401,0503,0805,0501,0806,0601'), [0x0304, 0x0303],
    );
    assert.equal(ja4(fields), 't13d1516h2_8daaf6152771_e5627efa2ab1');
  });

  it('ignores GREASE wherever it is, signature algorithms included, as FoxIO\'s expected output for a Chrome hello shows', () => {
    // python/test/testdata/sigalg-grease.pcapng.json: JA4.1 t13d1517h2_8daaf6152771_cb7bf5808d99, and its JA4_ro lists.
    const fields = hello(
      [0x2a2a, ...parse('1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035')],
      [0x6a6a, ...parse('fe0d,0010,0017,0033,44cd,ff01,000a,000d,0023,002b,000b,ca34,002d,0000,0005,001b,0012'), 0x9a9a],
      [0xeaea, ...parse('0904,0905,0906,0403,0804,0401,0503,0805,0501,0806,0601')], [0xcaca, 0x0304, 0x0303],
    );
    assert.equal(ja4(fields), 't13d1517h2_8daaf6152771_cb7bf5808d99');
  });

  it('writes 00 for no ALPN, i for no SNI and 000000000000 for an empty list', () => {
    // JA4.md: "If there are no extensions in the sorted extensions list, then the value of JA4_c is set to 000000000000".
    assert.equal(ja4(hello([0x1301], [], [], [])), `t12i010000_${createHash('sha256').update('1301').digest('hex').slice(0, 12)}_000000000000`);
  });
});

/** The first ClientHello of a pcapng as tshark dissects it: JA4 from tshark's fields, and the record length. */
function dissectedHello(capture: Uint8Array): { ja4: string; recordLength: number } {
  const fields = ['tls.record.length', 'tls.handshake.ciphersuite', 'tls.handshake.extension.type', 'tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str', 'tls.handshake.sig_hash_alg', 'tls.handshake.extensions.supported_version'];
  const line = tshark(capture, ['-Y', 'tls.handshake.type == 1', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', ...fields.flatMap((field) => ['-e', field])]).split('\n')[0];
  const [recordLength, suites, types, serverName, alpn, signatures, versions] = line.split('\t').map((column) => (column === '' ? [] : column.split(',')));
  const numbers = (values: readonly string[]): number[] => values.map(Number).filter((value) => !isGrease(value));
  const hex = (values: readonly number[]): string[] => values.map((value) => value.toString(16).padStart(4, '0'));
  const extensions = numbers(types);
  const version = Math.max(...numbers(versions));
  const count = (values: readonly unknown[]): string => String(values.length).padStart(2, '0');
  const first = alpn[0] ?? '';
  // The prefix as JA4.md spells it, from tshark's reading of the bytes rather than our parser's.
  const prefix = `t${version === 0x0304 ? '13' : '12'}${serverName.length > 0 ? 'd' : 'i'}${count(numbers(suites))}${count(extensions)}${first === '' ? '00' : first[0] + first.at(-1)}`;
  return {
    recordLength: 5 + Number(recordLength[0]),
    ja4: ja4FromParts({ prefix, cipherSuites: hex(numbers(suites)).sort(), extensions: hex(extensions.filter((type) => type !== 0 && type !== 0x10)).sort(), signatureAlgorithms: hex(numbers(signatures)) }),
  };
}

/** The ECH GREASE payload a hello carries (Chromium draws one of four sizes per connection), 0 without ECH. */
function echPayload(record: Buffer): number {
  const ech = parseClientHello(clientHelloOfRecord(record)).extensions.find((extension) => extension.type === 0xfe0d);
  return ech ? ech.body.length - 8 - ((ech.body[6] << 8) | ech.body[7]) - 2 : 0;
}

const realHellos: Readonly<Record<'browser' | 'curl' | 'node', { label: string; capture: () => Promise<Buffer>; skip: string | false }>> = {
  browser: { label: 'headless Chromium\'s fetch()', capture: async () => (await chromiumHellos(1))[0], skip: CHROMIUM_SKIP },
  curl: { label: 'curl (HTTP/2 offered, its default)', capture: () => curlHello([]), skip: false },
  node: { label: 'Node\'s https.get', capture: () => nodeHello('https'), skip: false },
};

describe('the exported ClientHello against the real program\'s', () => {
  for (const [profile, real] of Object.entries(realHellos) as [ClientProfileName, (typeof realHellos)['browser']][]) {
    it(`writes the ${profile} profile's hello with the JA4 and length of ${real.label}`, { skip: real.skip }, async () => {
      const record = await real.capture();
      const realJa4 = ja4(parseClientHello(clientHelloOfRecord(record)));
      for (const seed of [1, 2, 3]) {
        const trace = simulateHttpExchange({ url: `https://${HELLO_HOST}/`, dnsCache: 'hit', clientProfile: profile, seed });
        const exported = dissectedHello(exportPcapng(trace));
        assert.equal(exported.ja4, realJa4, `seed ${seed}: JA4 of the exported hello (as tshark reads it) and of the real one`);
        // Chromium's one varying size is its ECH GREASE payload: the export may have drawn another of the four.
        const sizes = ECH_GREASE_PAYLOADS.map((payload) => record.length - echPayload(record) + payload);
        if (profile === 'browser') assert.ok(sizes.includes(exported.recordLength), `seed ${seed}: exported record ${exported.recordLength} B is the real one's with some ECH payload (${sizes.join(', ')})`);
        else assert.equal(exported.recordLength, record.length, `seed ${seed}: record length`);
        const modelled = trace.events.find((event) => event.kind === 'tls.client_hello')!;
        assert.equal(modelled.bytes, exported.recordLength, `seed ${seed}: the trace's ClientHello is the exported one`);
      }
    });
  }
});
