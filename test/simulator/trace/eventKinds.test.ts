/*
 * Every event says what it is (its kind), and the kind agrees with what real parsers make of
 * the event's bytes: Node's HTTP parser for http.request/http.response, ws's receiver for a
 * ws.frame's opcode, and the packet list's TCP flags for tcp.* events.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateDemo } from '../../../simulator/scenario/demo';
import type { Trace } from '../../../simulator/trace/trace';
import { parseRequestWithNode, parseResponseWithNode } from '../../helpers/nodeHttp';
import { receiveWithWs } from '../../helpers/wsInternals';

const flows = simulateDemo();

/** Frame type codes as RFC 9113 §6 (and §11.2's registry) lists them, written out here rather than taken from the codec. */
const RFC_9113_FRAME_TYPES: Readonly<Record<string, number>> = {
  DATA: 0, HEADERS: 1, PRIORITY: 2, RST_STREAM: 3, SETTINGS: 4, PUSH_PROMISE: 5, PING: 6, GOAWAY: 7, WINDOW_UPDATE: 8, CONTINUATION: 9,
};

function bytes(payload: Uint8Array | undefined): Buffer {
  assert.ok(payload, 'the event carries its bytes');
  return Buffer.from(payload);
}

describe('typed trace events', () => {
  for (const flow of flows) {
    const trace: Trace = flow.trace;

    it(`gives every event of the ${flow.name} flow a kind of its own layer`, () => {
      for (const event of trace.events) assert.ok(event.kind.startsWith(`${event.layer}.`), `${event.id} ${event.name}: ${event.kind}`);
    });

    it(`names HTTP messages of the ${flow.name} flow as Node's parser reads their bytes`, async () => {
      // Messages on the wire in HTTP/1.1 text; a browser's CORS check (http.cors_check) is a step the client takes by itself, without bytes.
      for (const event of trace.events.filter((candidate) => candidate.layer === 'http' && candidate.kind !== 'http.cors_check' && candidate.detail?.httpVersion !== '2')) {
        if (event.kind === 'http.request') assert.ok((await parseRequestWithNode(bytes(event.payload))).method, event.name);
        else {
          assert.equal(event.kind, 'http.response', event.name);
          assert.ok((await parseResponseWithNode(bytes(event.payload), { upgrade: /^101 /.test(event.name) })).statusCode > 0, event.name);
        }
      }
    });

    it(`gives each HTTP/2 frame of the ${flow.name} flow the type and stream RFC 9113's frame header reads from its bytes`, () => {
      for (const event of trace.events.filter((candidate) => candidate.detail?.httpVersion === '2' && candidate.kind !== 'http.h2_preface')) {
        const frame = bytes(event.payload);
        // RFC 9113 §4.1: 24-bit length, 8-bit type, 8-bit flags, 31-bit stream.
        assert.equal(frame.readUIntBE(0, 3), frame.length - 9, event.name);
        assert.equal(frame[3], RFC_9113_FRAME_TYPES[String(event.detail?.frameType)], event.name);
        assert.equal(frame.readUInt32BE(5) & 0x7fffffff, event.detail?.stream, event.name);
        const expectedKind = event.detail?.frameType === 'HEADERS' ? (event.from === 'client' ? 'http.request' : 'http.response') : `http.h2_${String(event.detail?.frameType).toLowerCase()}`;
        assert.equal(event.kind, expectedKind, event.name);
      }
    });

    it(`gives each WebSocket frame of the ${flow.name} flow the opcode ws reads from its bytes`, async () => {
      for (const event of trace.events.filter((candidate) => candidate.kind === 'ws.frame')) {
        const [received] = await receiveWithWs([bytes(event.payload)], { isServer: event.from === 'client' });
        const expected = received.kind === 'message' ? (received.isBinary ? 'binary' : 'text') : received.kind;
        assert.equal(event.detail?.opcode, expected, event.name);
      }
    });

    it(`marks SYN, SYN-ACK and FIN events of the ${flow.name} flow as their packets' flags say`, () => {
      const flagsOf: Record<string, string> = { 'tcp.syn': 'SYN', 'tcp.syn_ack': 'SYN, ACK', 'tcp.fin': 'FIN, ACK' };
      for (const event of trace.events.filter((candidate) => candidate.kind in flagsOf)) {
        const packet = trace.packets.find((candidate) => candidate.connection === event.connection && candidate.time === event.time && candidate.from === event.from);
        assert.equal(packet?.flags, flagsOf[event.kind], `${event.id} ${event.name}`);
      }
    });
  }

  it('carries the addresses a DNS response answered with, which the capture export uses', () => {
    const answers = flows[0].trace.events.filter((event) => event.kind === 'dns.response');
    assert.ok(answers.length > 0);
    for (const answer of answers) assert.match(String(answer.detail?.addresses), /^\d+\.\d+\.\d+\.\d+(,\d+\.\d+\.\d+\.\d+)*$/);
  });
});
