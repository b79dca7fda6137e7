import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { SIMULATED_EPOCH_MS } from '../../../simulator/engine/clock';
import { exportPcapng } from '../../../simulator/export/capture';
import { CIPHER_SUITES } from '../../../simulator/net/tlsProfiles';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { simulatePageLoad } from '../../../simulator/scenario/pageLoad';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import { simulateWebSocketApiSession } from '../../../simulator/scenario/websocketApiSession';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';
import { dissect, ERROR, problems, type DissectedFrame, type Field } from './tshark';

/*
 * Every exported capture is read by the real tshark: it must find nothing malformed, no
 * warning or error (checksums validated), and what it dissects must be what the model says.
 */

const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const model = readConfig(SHOP).model;

const HANDSHAKE_TYPES: Readonly<Record<string, number>> = {
  ClientHello: 1, ServerHello: 2, NewSessionTicket: 4, Certificate: 11, ServerKeyExchange: 12, ServerHelloDone: 14, ClientKeyExchange: 16,
};
const TCP_FLAGS: Readonly<Record<string, number>> = { SYN: 0x002, 'SYN, ACK': 0x012, ACK: 0x010, 'PSH, ACK': 0x018, 'FIN, ACK': 0x011, RST: 0x004 };

/** Dissects and asserts what holds for every export: no problems, every checksum good. */
function cleanDissection(capture: Uint8Array, label: string): DissectedFrame[] {
  const frames = dissect(capture);
  assert.deepEqual(problems(frames), [], `${label}: tshark finds malformed frames or warnings`);
  for (const frame of frames) {
    if (frame['ipv6.src'].length === 0) assert.deepEqual(frame['ip.checksum.status'], ['1'], `${label}: frame ${frame['frame.number']} IPv4 checksum good`);
    assert.deepEqual([...frame['tcp.checksum.status'], ...frame['udp.checksum.status']], ['1'], `${label}: frame ${frame['frame.number']} transport checksum good`);
  }
  return frames;
}

/** Every value of `field` over all frames, in frame order. */
function values(frames: readonly DissectedFrame[], field: Field): string[] {
  return frames.flatMap((frame) => frame[field]);
}

/** Handshake messages sent in the clear, in the order the model sent them. */
function modelHandshakeTypes(trace: Trace): number[] {
  return trace.events.filter((event) => event.layer === 'tls' && event.detail?.contentType === 'handshake' && event.detail.encrypted === false)
    .map((event) => HANDSHAKE_TYPES[event.name]);
}

function bytesOf(event: TraceEvent): Buffer {
  return Buffer.from(event.payload ?? []);
}

/** HTTP messages on the client's connections, read from the bytes the model serialized. */
function modelHttp(trace: Trace): { requests: string[]; responses: string[] } {
  const messages = trace.events.filter((event) => (event.kind === 'http.request' || event.kind === 'http.response') && event.connection?.startsWith('tcp') && (event.from === 'client' || event.to === 'client'));
  const startLine = (event: TraceEvent): string[] => bytesOf(event).toString('latin1').split('\r\n')[0].split(' ');
  // An HTTP/2 HEADERS frame has no start line: its method, path and status are HPACK-coded, and tshark decodes them (http2.headers.*).
  const h2 = (event: TraceEvent): boolean => event.detail?.httpVersion === '2';
  return {
    requests: messages.filter((event) => event.from === 'client').map((event) => (h2(event) ? `${String(event.detail?.method)} ${String(event.detail?.target)}` : startLine(event).slice(0, 2).join(' '))),
    responses: messages.filter((event) => event.to === 'client').map((event) => (h2(event) ? String(event.detail?.status) : startLine(event)[1])),
  };
}

/** Opcode, payload length and mask bit of every WebSocket frame the model sent, read from its bytes (RFC 6455 §5.2). */
function modelFrames(trace: Trace): string[] {
  return trace.events.filter((event) => event.layer === 'ws' && event.connection !== undefined).map((event) => {
    const frame = bytesOf(event);
    const short = frame[1] & 0x7f;
    const length = short === 126 ? frame.readUInt16BE(2) : short === 127 ? Number(frame.readBigUInt64BE(2)) : short;
    return `${frame[0] & 0x0f} ${length} ${frame[1] >> 7}`;
  });
}

/** `METHOD URI` of every HTTP request tshark dissected. */
function tsharkRequests(frames: readonly DissectedFrame[]): string[] {
  return frames.filter((frame) => frame['http.request.method'].length > 0).map((frame) => `${frame['http.request.method'][0]} ${frame['http.request.uri'][0]}`);
}

function tsharkFrames(frames: readonly DissectedFrame[]): string[] {
  return frames.flatMap((frame) => frame['websocket.opcode'].map((opcode, index) => {
    const mask = frame['websocket.mask'][index];
    return `${opcode} ${frame['websocket.payload_length'][index]} ${mask === 'True' || mask === '1' ? 1 : 0}`;
  }));
}

const restRequest = (tlsVersion: '1.2' | '1.3'): Trace =>
  simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}', tlsVersion });

describe('pcapng export read by tshark', () => {
  for (const tlsVersion of ['1.3', '1.2'] as const) {
    it(`writes a REST API request over TLS ${tlsVersion}: one frame per modelled packet, its time, flags and seq/ack numbers`, () => {
      const trace = restRequest(tlsVersion);
      const frames = cleanDissection(exportPcapng(trace), `TLS ${tlsVersion}`);
      assert.equal(frames.length, trace.packets.length);
      frames.forEach((frame, index) => {
        const packet = trace.packets[index];
        assert.ok(Math.abs(Number(frame['frame.time_epoch'][0]) - (SIMULATED_EPOCH_MS + packet.time) / 1000) < 1e-6, `frame ${index + 1} is stamped with the simulated send time`);
        if (packet.protocol === 'udp') {
          assert.deepEqual(frame['udp.length'], [String(8 + packet.payloadBytes)]);
          return;
        }
        assert.equal(Number(frame['tcp.flags'][0]), TCP_FLAGS[packet.flags!], `frame ${index + 1} flags ${packet.flags}`);
        // tshark's relative numbers, counted from the initial sequence numbers it saw, are the model's.
        assert.deepEqual(frame['tcp.seq'], [String(packet.seq)], `frame ${index + 1} seq`);
        if (packet.ack !== undefined) assert.deepEqual(frame['tcp.ack'], [String(packet.ack)], `frame ${index + 1} ack`);
        assert.deepEqual(frame['tcp.len'], [String(packet.payloadBytes)], `frame ${index + 1} payload`);
      });
      const flags = values(frames, 'tcp.flags').map(Number);
      assert.deepEqual(flags.slice(0, 3), [0x002, 0x012, 0x010], 'SYN, SYN-ACK, ACK');
      // The client's FIN without close_notify; the server's close_notify in answer, then its FIN; the client, whose socket is
      // released, answers each with a RST (as the fidelity harness captures Chromium, curl and Node's https closing: tcp.ts).
      assert.deepEqual(flags.filter((bits) => bits !== 0x010).slice(-5), [0x011, 0x018, 0x011, 0x004, 0x004], 'FIN-ACK, PSH-ACK, FIN-ACK, RST, RST');

      assert.deepEqual(values(frames, 'tls.handshake.type').map(Number), modelHandshakeTypes(trace), 'handshake messages in the clear, in the model\'s order');
      assert.deepEqual(values(frames, 'tls.handshake.type').map(Number), tlsVersion === '1.3' ? [1, 2] : [1, 2, 11, 12, 14, 16, 4]);
      // A 1.3 ServerHello names its version in supported_versions (RFC 8446 §4.2.1); a 1.2 exchange has no such extension.
      assert.deepEqual(values(frames, 'tls.handshake.extensions.supported_version').slice(-1), tlsVersion === '1.3' ? ['0x0304'] : []);
      // Both sides send one ChangeCipherSpec; 1.3 hides the rest in application_data records (RFC 8446 §5.2).
      assert.equal(values(frames, 'tls.record.content_type').filter((type) => type === '20').length, 2);
      const opaque = values(frames, 'tls.record.opaque_type');
      if (tlsVersion === '1.3') assert.ok(opaque.length > 0 && opaque.every((type) => type === '23'));
      else assert.deepEqual(opaque, []);
    });
  }

  it('answers the DNS query with the address the TCP connection then goes to', () => {
    const trace = restRequest('1.3');
    const frames = dissect(exportPcapng(trace));
    const host = /query A (\S+)/.exec(trace.events.find((event) => event.layer === 'dns')!.name)![1];
    const dns = frames.filter((frame) => frame['dns.qry.name'].length > 0);
    assert.deepEqual(dns.map((frame) => [frame['dns.qry.name'][0], frame['dns.a'][0], frame['dns.flags.response'][0]]), [[host, undefined, '0'], [host, '203.0.113.10', '1']]);
    assert.deepEqual(frames.filter((frame) => frame['tcp.flags'][0] === '0x0002').map((frame) => frame['ip.dst'][0]), ['203.0.113.10']);
  });

  it('sends each of a page\'s connections to the address its host\'s DNS answer gave, the products host and then the orders host', () => {
    const { trace } = simulatePageLoad({ model: readConfig(join(dirname(SHOP), 'template.yaml')).model, httpVersion: '1.1' });
    const frames = cleanDissection(exportPcapng(trace), 'page');
    const answers = frames.filter((frame) => frame['dns.a'].length > 0).map((frame) => frame['dns.a'][0]);
    const syns = frames.filter((frame) => frame['tcp.flags'][0] === '0x0002').map((frame) => frame['ip.dst'][0]);
    assert.equal(answers.length, 3);
    // Three sockets to the products host, then the orders host; the WebSocket shares the API Gateway lifeline, so the orders host's address.
    assert.deepEqual(syns.slice(0, 4), [answers[0], answers[0], answers[0], answers[1]]);
    assert.notEqual(answers[0], answers[1]);
  });

  it('decrypted view: the HTTP requests and responses the model serialized, with the server on port 80', () => {
    const trace = simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', requests: 3, keepAlive: true });
    const frames = cleanDissection(exportPcapng(trace, 'plain'), 'plain');
    const expected = modelHttp(trace);
    assert.equal(expected.requests.length, 3);
    assert.deepEqual(tsharkRequests(frames), expected.requests);
    assert.deepEqual(values(frames, 'http.response.code'), expected.responses);
    assert.deepEqual(values(frames, 'tls.record.content_type'), [], 'no TLS left');
    assert.deepEqual(new Set(frames.filter((frame) => frame['tcp.flags'][0] === '0x0002').map((frame) => frame['tcp.dstport'][0])), new Set(['80']));
  });

  it('a series without keep-alive: one connection per request, resumed handshakes, and each request and answer in the decrypted view', () => {
    const trace = simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', requests: 3, keepAlive: false });
    const wire = cleanDissection(exportPcapng(trace), 'series');
    assert.equal(wire.length, trace.packets.length);
    assert.equal(wire.filter((frame) => frame['tcp.flags'][0] === '0x0002').length, 3, 'three SYNs');
    assert.equal(wire.filter((frame) => frame['tcp.flags'][0] === '0x0011').length, 6, 'two FINs per connection');
    assert.deepEqual(values(wire, 'tls.handshake.type').map(Number), modelHandshakeTypes(trace));
    const plain = cleanDissection(exportPcapng(trace, 'plain'), 'series plain');
    const expected = modelHttp(trace);
    assert.deepEqual(tsharkRequests(plain), expected.requests);
    assert.equal(expected.requests.length, 3);
    assert.deepEqual(values(plain, 'http.response.code'), expected.responses);
  });

  it('decrypted view of an HTTP/2 series: tshark dissects every frame as http2, each stream\'s headers decoded through HPACK', () => {
    const trace = simulateRouteRequest({ model, api: 'shop-orders', route: 'POST /orders', requests: 3, keepAlive: true, clientProfile: 'browser' });
    const plain = cleanDissection(exportPcapng(trace, 'plain'), 'h2 plain');
    const expected = modelHttp(trace);
    // The browser's CORS preflight (stream 1), then the three orders.
    assert.deepEqual(expected.requests, ['OPTIONS /orders', 'POST /orders', 'POST /orders', 'POST /orders']);
    const methods = values(plain, 'http2.headers.method');
    const paths = values(plain, 'http2.headers.path');
    assert.deepEqual(methods.map((method, index) => `${method} ${paths[index]}`), expected.requests);
    assert.deepEqual(values(plain, 'http2.headers.status'), expected.responses);
    // Frame types (RFC 9113 §6) in the order the model wrote them, the preface aside: tshark's reading against the events.
    const modelTypes = trace.events.filter((event) => event.detail?.httpVersion === '2' && event.kind !== 'http.h2_preface' && (event.from === 'client' || event.to === 'client'))
      .map((event) => String(event.payload![3]));
    assert.deepEqual(values(plain, 'http2.type'), modelTypes);
    assert.deepEqual(values(plain, 'http.request.method'), [], 'nothing read as HTTP/1.1');
    // The wire view: the same records, encrypted, as the packets carry them.
    cleanDissection(exportPcapng(trace), 'h2 wire');
  });

  it('a request the gateway refuses: the error status in the decrypted view', () => {
    const trace = simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products', faults: ['missing-api-key'] });
    const plain = cleanDissection(exportPcapng(trace, 'plain'), 'refused');
    assert.deepEqual(values(plain, 'http.response.code'), modelHttp(trace).responses);
    assert.deepEqual(values(plain, 'http.response.code'), ['403']);
  });

  for (const tlsVersion of ['1.3', '1.2'] as const) {
    it(`decrypted view of a WebSocket API session over TLS ${tlsVersion}: the Upgrade, 101 and every frame's opcode and length`, () => {
      const trace = simulateWebSocketApiSession({ model, api: 'shop-order-status', tlsVersion });
      assert.equal(cleanDissection(exportPcapng(trace), 'ws wire').length, trace.packets.length);
      const frames = cleanDissection(exportPcapng(trace, 'plain'), 'ws plain');
      assert.deepEqual(values(frames, 'http.request.method'), ['GET']);
      assert.deepEqual(values(frames, 'http.upgrade'), ['websocket', 'websocket'], 'Upgrade asked and granted');
      assert.deepEqual([...values(frames, 'http.response.code'), ...values(frames, 'http.response.phrase')], ['101', 'Switching Protocols']);
      const websocket = tsharkFrames(frames);
      assert.deepEqual(websocket, modelFrames(trace));
      for (const opcode of ['1', '8', '9', '10']) assert.ok(websocket.some((frame) => frame.startsWith(`${opcode} `)), `opcode ${opcode} present`);
    });
  }

  it('decrypted view of fragmented and large messages: continuation and binary frames with their own lengths', () => {
    const trace = simulateWebSocketSession({
      url: 'wss://ws.example.com/prod', frameSize: 16,
      messages: [{ from: 'client', data: 'a message longer than one frame' }, { from: 'server', data: 300, afterMs: 100 }, { from: 'client', kind: 'binary', data: 70000 }],
    });
    const websocket = tsharkFrames(cleanDissection(exportPcapng(trace, 'plain'), 'fragmented'));
    assert.deepEqual(websocket, modelFrames(trace));
    assert.ok(websocket.some((frame) => frame.startsWith('0 ')), 'continuation frames');
    assert.ok(websocket.some((frame) => frame.startsWith('2 ')), 'a binary frame');
  });

  it('shows a plain http:// exchange the same way in both views', () => {
    const trace = simulateHttpExchange({ url: 'http://api.example.com/orders', method: 'POST', requestBody: '{"sku":"shoe"}', responseBody: 5000 });
    const wire = cleanDissection(exportPcapng(trace), 'http');
    assert.deepEqual(dissect(exportPcapng(trace, 'plain')), wire);
    const request = wire.find((frame) => frame['http.request.method'].length > 0)!;
    const response = wire.find((frame) => frame['http.response.code'].length > 0)!;
    assert.deepEqual([...request['http.request.method'], ...request['http.request.uri'], ...request['http.content_length_header']], ['POST', '/orders', '14']);
    assert.deepEqual([...response['http.response.code'], ...response['http.content_length_header']], ['200', '5000']);
  });

  const handshakes = [
    { clientProfile: 'node', tlsVersion: '1.2' as const, tlsResumption: 'ticket' as const },
    { clientProfile: 'node', tlsVersion: '1.3' as const, tlsResumption: 'ticket' as const, earlyData: true },
    { clientProfile: 'browser', tlsVersion: '1.3' as const },
    { clientProfile: 'browser', tlsVersion: '1.2' as const },
    { clientProfile: 'curl', tlsVersion: '1.3' as const },
    { clientProfile: 'curl', tlsVersion: '1.2' as const, tlsResumption: 'ticket' as const },
    { clientProfile: 'mobile', tlsVersion: '1.3' as const, tlsResumption: 'ticket' as const, earlyData: true, cipherSuite: 'TLS_CHACHA20_POLY1305_SHA256' as const },
    { clientProfile: 'node', tlsVersion: '1.2' as const, cipherSuite: 'ECDHE-RSA-CHACHA20-POLY1305' as const },
  ];
  for (const variant of handshakes) {
    const label = `${variant.clientProfile} TLS ${variant.tlsVersion}${variant.tlsResumption ? ' resumed' : ''}${variant.earlyData ? ' with 0-RTT' : ''}${variant.cipherSuite ? ` ${variant.cipherSuite}` : ''}`;
    it(`dissects the ${label} handshake cleanly, the ClientHello at its modelled size`, () => {
      const trace = simulateHttpExchange({ url: 'https://api.example.com/products/123', dnsCache: 'hit', ...variant });
      const frames = cleanDissection(exportPcapng(trace), label);
      assert.deepEqual(values(frames, 'tls.handshake.type').map(Number), modelHandshakeTypes(trace));
      const hello = trace.events.find((event) => event.name === 'ClientHello')!;
      assert.equal(values(frames, 'tls.record.length')[0], String(hello.bytes - 5));
      assert.deepEqual(values(frames, 'tls.handshake.extensions_server_name'), ['api.example.com']);
      // The ServerHello names the suite the model chose, by its IANA number (a ClientHello's frame lists every suite it offers).
      const chosen = trace.events.find((event) => event.kind === 'tls.server_hello')?.detail?.cipherSuite;
      const suite = Object.values(CIPHER_SUITES).find((candidate) => candidate.name === chosen);
      assert.ok(suite, `the model's ServerHello names its suite (${String(chosen)})`);
      if (variant.cipherSuite) assert.equal(suite.name, variant.cipherSuite);
      const serverHello = frames.find((frame) => frame['tls.handshake.type'].includes('2'));
      assert.deepEqual(serverHello?.['tls.handshake.ciphersuite'].map(Number), [suite.code], `${label}: ServerHello cipher suite`);
      // Browser, mobile and curl offer h2 and API Gateway selects it: the decrypted view dissects as HTTP/2 (its preface), headers decoded.
      const h2 = variant.clientProfile !== 'node';
      assert.deepEqual(modelHttp(trace).responses, ['200']);
      assert.deepEqual(values(cleanDissection(exportPcapng(trace, 'plain'), `${label} plain`), h2 ? 'http2.headers.status' : 'http.response.code'), ['200']);
    });
  }

  it('writes IPv6 frames when the model runs TCP over IPv6', () => {
    const trace = simulateHttpExchange({ url: 'https://api.example.com/products/123', tcp: { ipVersion: 6 }, dnsCache: 'hit' });
    const frames = cleanDissection(exportPcapng(trace), 'ipv6');
    assert.equal(frames.length, trace.packets.length);
    frames.forEach((frame, index) => {
      assert.match(frame['ipv6.src'][0], /^2001:db8::/);
      assert.deepEqual(frame['ipv6.plen'], [String(trace.packets[index].ipBytes - 40)]);
    });
  });

  it('under loss: lost packets are marked, every retransmission is one tshark recognises, nothing is malformed', () => {
    const trace = simulateHttpExchange({ url: 'https://api.example.com/big', responseBody: 200000, networkOverrides: { lossRate: 0.08 }, seed: 5, dnsCache: 'hit' });
    const retransmitted = trace.packets.filter((packet) => packet.retransmission).length;
    assert.ok(retransmitted > 0 && trace.packets.some((packet) => packet.lost), 'the scenario loses and retransmits packets');
    const outOfOrder = (frame: DissectedFrame): boolean => frame['tcp.analysis.out_of_order'].length > 0;
    for (const view of ['wire', 'plain'] as const) {
      const frames = dissect(exportPcapng(trace, view));
      assert.deepEqual(problems(frames, ERROR), [], `${view}: nothing malformed, no errors`);
      // The one warning loss may bring: a retransmission sent right behind other segments looks out of order to tshark.
      assert.deepEqual(problems(frames.filter((frame) => !outOfOrder(frame))), [], `${view}: no other warnings`);
    }
    const frames = dissect(exportPcapng(trace));
    assert.equal(frames.length, trace.packets.length);
    assert.equal(frames.filter((frame) => frame['frame.comment'].some((comment) => comment.startsWith('lost'))).length, trace.packets.filter((packet) => packet.lost).length);
    const recognised = frames.filter((frame) => outOfOrder(frame) || (['tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.spurious_retransmission'] as const).some((field) => frame[field].length > 0));
    assert.equal(recognised.length, retransmitted);
    assert.ok(values(frames, 'tcp.options.sack_le').length > 0, 'SACK blocks while data is missing');
  });

  it('is caught by these checks when a byte is wrong', () => {
    const capture = exportPcapng(restRequest('1.3'));
    const corrupted = Uint8Array.from(capture);
    corrupted[corrupted.length - 200] ^= 0xff; // inside the last data segments: its TCP checksum no longer holds
    assert.deepEqual(problems(dissect(capture)), []);
    assert.notDeepEqual(problems(dissect(corrupted)), []);
  });

  it('gives the same file byte for byte for the same seed, and another for another seed', () => {
    const first = exportPcapng(simulateWebSocketApiSession({ model, api: 'shop-order-status', seed: 9 }));
    const again = exportPcapng(simulateWebSocketApiSession({ model, api: 'shop-order-status', seed: 9 }));
    const other = exportPcapng(simulateWebSocketApiSession({ model, api: 'shop-order-status', seed: 10 }));
    assert.deepEqual(Buffer.from(first), Buffer.from(again));
    assert.notDeepEqual(Buffer.from(first), Buffer.from(other));
  });
});
