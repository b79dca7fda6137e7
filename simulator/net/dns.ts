import { isIPv4, isIPv6 } from 'node:net';
import type { Link } from '../engine/link';
import type { Simulation } from '../engine/simulation';
import { ParameterError } from '../errors';
import type { TraceRecorder } from '../trace/recorder';
import { oneOf } from '../validate';
import { IPV4_HEADER_BYTES, UDP_HEADER_BYTES } from './ip';

/*
 * DNS over UDP (RFC 1035 §4), encoded to its real bytes:
 *
 *   client ── query (A? name) ──▶ recursive resolver ── (on a miss) ──▶ authoritative (Route 53)
 *   client ◀── response ───────── recursive resolver ◀─────────────────
 *
 * A stub resolver's query carries no EDNS(0) OPT record: neither glibc (without `options
 * edns0`) nor Node's c-ares adds one. A recursive resolver asking Route 53 does (RFC 6891
 * §6.1.2: 11 bytes with no options); a response carries OPT only when its query did (§7).
 * Answer names point back at the question (compression, RFC 1035 §4.1.4).
 */

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME';

export interface DnsAnswer {
  type: DnsRecordType;
  /** Owner name; must be the question name or an earlier answer's CNAME target. */
  name: string;
  /** IPv4/IPv6 address, or the CNAME target name. */
  data: string;
  ttl: number;
}

const TYPE_CODES: Record<DnsRecordType, number> = { A: 1, AAAA: 28, CNAME: 5 };
const CLASS_IN = 1;
const TYPE_OPT = 41;
/** The UDP payload size stub resolvers advertise (DNS Flag Day 2020 recommends 1232). */
export const EDNS_UDP_PAYLOAD_SIZE = 1232;
/** RFC 1035 §2.3.4: labels of at most 63 octets, names of at most 255. */
const MAX_LABEL = 63;
const MAX_NAME = 255;

function labels(name: string): string[] {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const parts = trimmed.split('.');
  if (trimmed.length === 0 || parts.some((label) => label.length === 0 || label.length > MAX_LABEL) || trimmed.length + 2 > MAX_NAME) {
    throw new ParameterError('hostname', name, 'a DNS name of labels of 1 to 63 characters, 255 in all (RFC 1035 §2.3.4)');
  }
  return parts;
}

/** Encodes a name, pointing at an already written suffix where possible (RFC 1035 §4.1.4). */
function writeName(out: number[], name: string, offsets: Map<string, number>): void {
  const parts = labels(name);
  for (let i = 0; i < parts.length; i++) {
    const suffix = parts.slice(i).join('.').toLowerCase();
    const pointer = offsets.get(suffix);
    if (pointer !== undefined) {
      out.push(0xc0 | (pointer >> 8), pointer & 0xff);
      return;
    }
    if (out.length < 0x4000) offsets.set(suffix, out.length);
    out.push(parts[i].length, ...Buffer.from(parts[i], 'ascii'));
  }
  out.push(0);
}

function writeUint16(out: number[], value: number): void {
  out.push((value >> 8) & 0xff, value & 0xff);
}

function writeUint32(out: number[], value: number): void {
  out.push((value >>> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
}

function writeOpt(out: number[]): void {
  out.push(0); // root name
  writeUint16(out, TYPE_OPT);
  writeUint16(out, EDNS_UDP_PAYLOAD_SIZE); // CLASS carries the UDP payload size
  writeUint32(out, 0); // extended RCODE, version 0, flags
  writeUint16(out, 0); // no options
}

function encodeAddress(type: DnsRecordType, data: string): number[] {
  if (type === 'A') {
    if (!isIPv4(data)) throw new ParameterError('answers.data', data, 'an IPv4 address');
    return data.split('.').map(Number);
  }
  if (!isIPv6(data) || data.includes('.')) throw new ParameterError('answers.data', data, 'an IPv6 address in hexadecimal groups');
  const halves = data.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const groups = [...head, ...Array(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail];
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) throw new ParameterError('answers.data', data, 'an IPv6 address');
  return groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]);
}

export interface DnsMessageOptions {
  /** Add an EDNS(0) OPT record (RFC 6891). */
  edns?: boolean;
}

/** A standard query with recursion desired. */
export function encodeDnsQuery(id: number, name: string, type: DnsRecordType = 'A', options: DnsMessageOptions = {}): Uint8Array {
  const out: number[] = [];
  writeUint16(out, id);
  writeUint16(out, 0x0100); // RD
  writeUint16(out, 1); // QDCOUNT
  writeUint16(out, 0);
  writeUint16(out, 0);
  writeUint16(out, options.edns ? 1 : 0); // ARCOUNT: OPT
  writeName(out, name, new Map());
  writeUint16(out, TYPE_CODES[type]);
  writeUint16(out, CLASS_IN);
  if (options.edns) writeOpt(out);
  return Uint8Array.from(out);
}

/** The response to `encodeDnsQuery(id, name, type, options)`: question echoed, then the answers. */
export function encodeDnsResponse(id: number, name: string, type: DnsRecordType, answers: readonly DnsAnswer[], options: DnsMessageOptions = {}): Uint8Array {
  const out: number[] = [];
  const offsets = new Map<string, number>();
  writeUint16(out, id);
  writeUint16(out, 0x8180); // QR, RD, RA, NOERROR
  writeUint16(out, 1);
  writeUint16(out, answers.length);
  writeUint16(out, 0);
  writeUint16(out, options.edns ? 1 : 0);
  writeName(out, name, offsets);
  writeUint16(out, TYPE_CODES[type]);
  writeUint16(out, CLASS_IN);
  for (const answer of answers) {
    writeName(out, answer.name, offsets);
    writeUint16(out, TYPE_CODES[answer.type]);
    writeUint16(out, CLASS_IN);
    writeUint32(out, answer.ttl);
    if (answer.type === 'CNAME') {
      // RDLENGTH is known only once the (possibly compressed) target name is written.
      const lengthAt = out.length;
      writeUint16(out, 0);
      writeName(out, answer.data, offsets);
      const length = out.length - lengthAt - 2;
      out[lengthAt] = length >> 8;
      out[lengthAt + 1] = length & 0xff;
    } else {
      const address = encodeAddress(answer.type, answer.data);
      writeUint16(out, address.length);
      out.push(...address);
    }
  }
  if (options.edns) writeOpt(out);
  return Uint8Array.from(out);
}

/** Where the answer comes from: the client's own cache, the resolver's cache, or a full resolution. */
export type DnsCacheState = 'hit' | 'resolver' | 'miss';
export const DNS_CACHE_STATES: readonly DnsCacheState[] = ['hit', 'resolver', 'miss'];

export interface DnsLookupOptions {
  hostname: string;
  type?: DnsRecordType;
  answers: readonly DnsAnswer[];
  cache: DnsCacheState;
  clientId: string;
  resolverId: string;
  authoritativeId: string;
  clientToResolver: Link;
  resolverToClient: Link;
  resolverToAuthoritative: Link;
  authoritativeToResolver: Link;
}

/**
 * Resolves `hostname` and calls `onResolved` at the client when the answer is in.
 * Packets and events go to the recorder; a cache hit costs nothing on the wire.
 */
export function dnsLookup(simulation: Simulation, recorder: TraceRecorder, options: DnsLookupOptions, onResolved: (at: number) => void): void {
  const cache = oneOf('dnsCache', options.cache, DNS_CACHE_STATES);
  const type = options.type ?? 'A';
  const { hostname, answers } = options;
  if (cache === 'hit') {
    recorder.event({
      time: simulation.now, arrival: simulation.now, from: options.clientId, to: options.clientId, layer: 'dns', kind: 'dns.cache_hit',
      name: `DNS cache hit ${hostname}`, bytes: 0, wireBytes: 0, detail: { cache, hostname },
    });
    onResolved(simulation.now);
    return;
  }
  const connection = recorder.connectionId('udp');
  const id = simulation.random.int(0, 0xffff);
  const messages = (edns: boolean): { query: Uint8Array; response: Uint8Array } => ({
    query: encodeDnsQuery(id, hostname, type, { edns }),
    response: encodeDnsResponse(id, hostname, type, answers, { edns }),
  });
  // A response carries what it answered, for code (the capture's addresses): the A records' addresses, in order.
  const answered = answers.filter((answer) => answer.type === 'A').map((answer) => answer.data).join(',');
  const send = (from: string, to: string, link: Link, message: Uint8Array, kind: 'dns.query' | 'dns.response', name: string, onArrive: () => void): void => {
    const ipBytes = IPV4_HEADER_BYTES + UDP_HEADER_BYTES + message.length;
    const transmission = link.transmit(ipBytes, onArrive);
    recorder.packet({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from, to, connection, protocol: 'udp',
      payloadBytes: message.length, ipBytes, lost: transmission.lost, retransmission: false,
    });
    recorder.event({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from, to, layer: 'dns', kind, name,
      bytes: message.length, wireBytes: ipBytes, connection, payload: message,
      detail: { id, cache, hostname, ...(kind === 'dns.response' && answered ? { addresses: answered } : {}) },
      ...(transmission.lost ? { error: { code: 'PACKET_LOST', message: 'DNS datagram lost; the asker retries after its timeout' } } : {}),
    });
  };
  /**
   * UDP has no retransmission of its own: the asker re-sends the query when no answer has
   * come within its timeout, a fixed number of times, then gives up.
   */
  const exchange = (from: string, to: string, there: Link, back: Link, label: string, retry: RetryPolicy, answer: (reply: () => void) => void, done: () => void): void => {
    const { query, response } = messages(retry.edns);
    let answered = false;
    const attempt = (number: number): void => {
      send(from, to, there, query, 'dns.query', `${label} query ${type} ${hostname}${number > 1 ? ` (retry ${number - 1})` : ''}`, () =>
        answer(() => send(to, from, back, response, 'dns.response', `${label} response ${describeAnswers(answers)}`, () => {
          if (answered) return; // a late answer to an earlier attempt
          answered = true;
          done();
        })));
      simulation.schedule(retry.timeoutMs, () => {
        if (answered) return;
        if (number < retry.attempts) {
          attempt(number + 1);
          return;
        }
        recorder.event({
          time: simulation.now, arrival: simulation.now, from, to, layer: 'dns', kind: 'dns.timeout', name: `${label} timeout`, bytes: 0, wireBytes: 0, connection,
          error: { code: 'DNS_TIMEOUT', message: `no answer for ${hostname} after ${retry.attempts} attempts of ${retry.timeoutMs} ms` },
        });
      });
    };
    attempt(1);
  };
  const recurse = (reply: () => void): void => {
    if (cache === 'resolver') reply();
    else exchange(options.resolverId, options.authoritativeId, options.resolverToAuthoritative, options.authoritativeToResolver, 'Route 53', RESOLVER_RETRY, (answer) => answer(), reply);
  };
  exchange(options.clientId, options.resolverId, options.clientToResolver, options.resolverToClient, 'DNS', STUB_RETRY, recurse, () => onResolved(simulation.now));
}

interface RetryPolicy {
  timeoutMs: number;
  attempts: number;
  edns: boolean;
}

/** A stub resolver's defaults: glibc's `timeout:5` and `attempts:2` (resolv.conf(5)); no EDNS. */
const STUB_RETRY: RetryPolicy = { timeoutMs: 5000, attempts: 2, edns: false };
/** A recursive resolver asking an authoritative server: EDNS, a shorter timeout, three tries (an assumption; resolvers adapt theirs). */
const RESOLVER_RETRY: RetryPolicy = { timeoutMs: 1000, attempts: 3, edns: true };

function describeAnswers(answers: readonly DnsAnswer[]): string {
  return answers.map((answer) => `${answer.type} ${answer.data}`).join(', ');
}
