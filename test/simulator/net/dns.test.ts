import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import { encodeDnsQuery, encodeDnsResponse, type DnsAnswer, type DnsRecordType } from '../../../simulator/net/dns';

const HOSTNAME = 'abc123.execute-api.us-east-1.amazonaws.com';
const CLOUDFRONT = 'd111111abcdef8.cloudfront.net';
const TYPE_CODES: Record<DnsRecordType, number> = { A: 1, AAAA: 28, CNAME: 5 };
/** RFC 6891 §6.1.2: root name, TYPE 41, CLASS 1232 (UDP payload size), TTL 0, RDLENGTH 0. */
const OPT_RECORD_HEX = '00' + '0029' + '04d0' + '00000000' + '0000';

interface Question {
  id: number;
  flags: number;
  counts: [number, number, number, number];
  name: string;
  type: number;
  class: number;
  /** Offset just past QTYPE and QCLASS. */
  end: number;
}

/** Reads the header and the single question of a real query (RFC 1035 §4.1.1, §4.1.2). */
function decodeQuestion(query: Buffer): Question {
  const labels: string[] = [];
  let offset = 12;
  for (let length = query[offset]; length !== 0; length = query[offset]) {
    assert.ok(length < 64, `label length byte ${length} at offset ${offset}: queries carry no compression pointers`);
    labels.push(query.toString('ascii', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  offset += 1;
  return {
    id: query.readUInt16BE(0),
    flags: query.readUInt16BE(2),
    counts: [query.readUInt16BE(4), query.readUInt16BE(6), query.readUInt16BE(8), query.readUInt16BE(10)],
    name: labels.join('.'),
    type: query.readUInt16BE(offset),
    class: query.readUInt16BE(offset + 2),
    end: offset + 4,
  };
}

/**
 * Runs `lookup` with a real c-ares resolver (`dns.promises.Resolver`) pointed at a UDP server
 * on 127.0.0.1 that answers every query with `respond(query)`. Returns the lookup's result and
 * the queries as c-ares sent them.
 */
async function resolveAgainst<T>(respond: (query: Buffer) => Uint8Array, lookup: (resolver: Resolver) => Promise<T>): Promise<{ result: T; queries: Buffer[] }> {
  const socket = dgram.createSocket('udp4');
  const queries: Buffer[] = [];
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  socket.on('error', (error) => fail(error));
  socket.on('message', (query, remote) => {
    queries.push(query);
    try {
      socket.send(respond(query), remote.port, remote.address, (error) => {
        if (error) fail(error);
      });
    } catch (error) {
      fail(error);
    }
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`127.0.0.1:${socket.address().port}`]);
  try {
    const result = await Promise.race([lookup(resolver), failed]);
    return { result, queries };
  } finally {
    resolver.cancel();
    socket.close();
  }
}

/** Answers each query with `answers`, echoing the real query's id and question. */
function answering(type: DnsRecordType, answers: readonly DnsAnswer[]): (query: Buffer) => Uint8Array {
  return (query) => {
    const question = decodeQuestion(query);
    return encodeDnsResponse(question.id, question.name, type, answers);
  };
}

function aRecords(name: string, addresses: readonly (readonly [string, number])[]): DnsAnswer[] {
  return addresses.map(([data, ttl]) => ({ type: 'A', name, data, ttl }));
}

describe('DNS queries', { timeout: 10000 }, () => {
  it('matches the query c-ares sends, byte for byte', async () => {
    const { queries } = await resolveAgainst(answering('A', aRecords(HOSTNAME, [['3.5.140.2', 60]])), (resolver) => resolver.resolve4(HOSTNAME));
    assert.equal(queries.length, 1);
    const real = queries[0];
    const question = decodeQuestion(real);
    assert.equal(question.name, HOSTNAME);
    assert.equal(question.type, TYPE_CODES.A);
    assert.equal(question.class, 1);
    assert.equal(question.flags, 0x0100, 'a standard query with recursion desired');
    // Node 20 (c-ares) sends no EDNS(0) OPT record, and neither does a stub resolver's model.
    assert.deepEqual(question.counts, [1, 0, 0, 0]);
    assert.equal(Buffer.from(encodeDnsQuery(question.id, HOSTNAME)).toString('hex'), real.toString('hex'));
  });

  it('rejects malformed addresses in answers, naming the parameter', () => {
    for (const [type, data] of [['A', '1..2.3'], ['A', '1.2.3.'], ['A', '0x7f.0.0.1'], ['A', ' 1.2.3.4'], ['AAAA', '1::2::3'], ['AAAA', '1:2:3:4:5:6:7::8:9']] as const) {
      assert.throws(() => encodeDnsResponse(1, HOSTNAME, type, [{ type, name: HOSTNAME, data, ttl: 1 }]), (error: ParameterError) => error.parameter === 'answers.data', data);
    }
  });

  it('treats a trailing dot as the same fully qualified name', () => {
    assert.deepEqual(encodeDnsQuery(7, `${HOSTNAME}.`), encodeDnsQuery(7, HOSTNAME));
  });

  it('is 60 bytes for the execute-api name (12 header + 44 name + 4), 71 with an EDNS(0) OPT record ending in the RFC 6891 layout', () => {
    assert.equal(encodeDnsQuery(0x1234, HOSTNAME).length, 60);
    const withOpt = Buffer.from(encodeDnsQuery(0x1234, HOSTNAME, 'A', { edns: true }));
    assert.equal(withOpt.length, 71);
    assert.equal(withOpt.subarray(71 - 11).toString('hex'), OPT_RECORD_HEX);
  });
});

describe('DNS responses', { timeout: 10000 }, () => {
  const addressSets: readonly (readonly (readonly [string, number])[])[] = [
    [['3.5.140.2', 60]],
    [['3.5.140.2', 60], ['52.94.1.7', 300]],
    [['3.5.140.2', 60], ['52.94.1.7', 300], ['18.204.16.250', 86400]],
  ];
  for (const addresses of addressSets) {
    it(`is read by c-ares's resolve4 with ${addresses.length} A record${addresses.length > 1 ? 's' : ''}, addresses and TTLs exact`, async () => {
      const { result, queries } = await resolveAgainst(answering('A', aRecords(HOSTNAME, addresses)), (resolver) => resolver.resolve4(HOSTNAME, { ttl: true }));
      assert.equal(queries.length, 1);
      assert.equal(decodeQuestion(queries[0]).name, HOSTNAME);
      assert.equal(decodeQuestion(queries[0]).type, TYPE_CODES.A);
      assert.deepEqual(result, addresses.map(([address, ttl]) => ({ address, ttl })));
    });
  }

  it('is read by c-ares through a CNAME to CloudFront, whose two A records resolve4 returns', async () => {
    const answers: DnsAnswer[] = [
      { type: 'CNAME', name: HOSTNAME, data: CLOUDFRONT, ttl: 300 },
      ...aRecords(CLOUDFRONT, [['13.224.5.10', 60], ['13.224.5.87', 20]]),
    ];
    const { result } = await resolveAgainst(answering('A', answers), (resolver) => resolver.resolve4(HOSTNAME, { ttl: true }));
    // c-ares reports min(CNAME TTL, A TTL) for each address; the CNAME's 300 s is the longer here,
    // so the A records' own TTLs come through.
    assert.deepEqual(result, [{ address: '13.224.5.10', ttl: 60 }, { address: '13.224.5.87', ttl: 20 }]);
  });

  it('is read by c-ares\'s resolve6 with AAAA records, full and compressed', async () => {
    const answers: DnsAnswer[] = [
      { type: 'AAAA', name: HOSTNAME, data: '2600:9000:234c:5a00:1b:6f3a:4d40:93a1', ttl: 60 },
      { type: 'AAAA', name: HOSTNAME, data: '2001:db8::1', ttl: 300 },
      { type: 'AAAA', name: HOSTNAME, data: '::1', ttl: 5 },
    ];
    const { result, queries } = await resolveAgainst(answering('AAAA', answers), (resolver) => resolver.resolve6(HOSTNAME, { ttl: true }));
    assert.equal(decodeQuestion(queries[0]).type, TYPE_CODES.AAAA);
    assert.deepEqual(result, answers.map(({ data, ttl }) => ({ address: data, ttl })));
  });

  it('is read by c-ares for a name of exactly 255 bytes on the wire', async () => {
    const longest = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    assert.equal(longest.length, 253); // + the first length byte + the root label = 255
    const { result } = await resolveAgainst(answering('A', aRecords(longest, [['192.0.2.1', 30]])), (resolver) => resolver.resolve4(longest));
    assert.deepEqual(result, ['192.0.2.1']);
  });

  it('is 76, 92 and 108 bytes with 1, 2 and 3 A records (12 + 44 + 4, 16 per compressed record), 11 more with OPT', () => {
    const sizes = addressSets.map((addresses) => encodeDnsResponse(0x1234, HOSTNAME, 'A', aRecords(HOSTNAME, addresses)).length);
    assert.deepEqual(sizes, [76, 92, 108]);
    const withOpt = addressSets.map((addresses) => encodeDnsResponse(0x1234, HOSTNAME, 'A', aRecords(HOSTNAME, addresses), { edns: true }).length);
    assert.deepEqual(withOpt, [87, 103, 119]);
  });
});

describe('DNS invalid names', () => {
  const invalid: readonly [string, string][] = [
    ['a label of 64 characters', `${'a'.repeat(64)}.example.com`],
    ['an empty label', 'a..b'],
    ['a name of 256 bytes on the wire', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`],
    ['an empty name', ''],
  ];
  for (const [what, name] of invalid) {
    it(`refuses ${what}, naming the hostname parameter`, () => {
      const isHostnameError = (error: unknown): boolean => error instanceof ParameterError && error.parameter === 'hostname' && error.value === name;
      assert.throws(() => encodeDnsQuery(1, name), isHostnameError);
      assert.throws(() => encodeDnsResponse(1, name, 'A', []), isHostnameError);
    });
  }
});
