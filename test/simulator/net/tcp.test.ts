import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Link, type Transmission } from '../../../simulator/engine/link';
import { Simulation } from '../../../simulator/engine/simulation';
import type { IpVersion } from '../../../simulator/net/ip';
import { QUICK_ACKS, TcpConnection, type TcpOptions } from '../../../simulator/net/tcp';
import type { Delivery, TcpSide } from '../../../simulator/net/transport';
import { TraceRecorder } from '../../../simulator/trace/recorder';
import type { Packet, Trace } from '../../../simulator/trace/trace';

interface HarnessOptions {
  /** One-way latency of each link (ms): the RTT is twice this. */
  latencyMs?: number;
  bandwidthBitsPerSecond?: number;
  mtu?: number;
  lossUp?: number;
  lossDown?: number;
  seed?: number | string;
  ipVersion?: IpVersion;
  tcp?: TcpOptions;
}

interface Harness {
  simulation: Simulation;
  recorder: TraceRecorder;
  tcp: TcpConnection;
  up: Link;
  down: Link;
}

function harness(options: HarnessOptions = {}): Harness {
  const seed = options.seed ?? 1;
  const simulation = new Simulation(seed);
  const recorder = new TraceRecorder('tcp test', seed);
  recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
  recorder.participant({ id: 'server', label: 'Server', kind: 'server' });
  const link = (from: string, to: string, lossRate: number): Link => new Link(simulation, from, to, {
    latencyMs: options.latencyMs ?? 20,
    bandwidthBitsPerSecond: options.bandwidthBitsPerSecond ?? 1e9,
    mtu: options.mtu ?? 1500,
    lossRate,
  });
  const up = link('client', 'server', options.lossUp ?? 0);
  const down = link('server', 'client', options.lossDown ?? 0);
  const tcp = new TcpConnection(simulation, recorder, 'client', 'server', up, down, { ipVersion: options.ipVersion ?? 4, ...options.tcp });
  return { simulation, recorder, tcp, up, down };
}

/** Records a delivered message as an upper layer does: one event carrying the Delivery's wire bytes. */
function recordDelivery(recorder: TraceRecorder, tcp: TcpConnection, side: TcpSide, delivery: Delivery): void {
  recorder.event({
    time: delivery.sentAt, arrival: delivery.deliveredAt, from: side, to: side === 'client' ? 'server' : 'client', layer: 'http', kind: side === 'client' ? 'http.request' : 'http.response',
    name: 'message', bytes: delivery.streamBytes, wireBytes: delivery.wireBytes, connection: tcp.id,
  });
}

/** A link that can be switched to lose every packet from then on. */
class BlackholeLink extends Link {
  dropping = false;

  override transmit(bytes: number, onArrive: () => void): Transmission {
    if (!this.dropping) return super.transmit(bytes, onArrive);
    return { ...super.transmit(bytes, () => {}), lost: true };
  }
}

function serializationMs(bytes: number, bandwidthBitsPerSecond: number): number {
  return (bytes * 8 * 1000) / bandwidthBitsPerSecond;
}

function assertClose(actual: number, expected: number, tolerance: number, message: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message}: expected ${expected} (±${tolerance}), got ${actual}`);
}

function dataPackets(trace: Trace, from: string): Packet[] {
  return trace.packets.filter((packet) => packet.from === from && packet.payloadBytes > 0);
}

function pureAcks(trace: Trace, from: string): Packet[] {
  return trace.packets.filter((packet) => packet.from === from && packet.flags === 'ACK' && packet.payloadBytes === 0);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

describe('TCP connection', () => {
  describe('three-way handshake', () => {
    for (const [ipVersion, sizes, mss] of [[4, [60, 60, 52], 1460], [6, [80, 80, 72], 1440]] as const) {
      it(`sends SYN ${sizes[0]} B, SYN-ACK ${sizes[1]} B and ACK ${sizes[2]} B over IPv${ipVersion}`, () => {
        const { simulation, recorder, tcp } = harness({ ipVersion });
        tcp.connect(() => {});
        simulation.run();
        const trace = recorder.finish();
        // IP header (20 or 40) + TCP header 20 + SYN options 20 (MSS, SACK_PERM, TS, NOP, WS), then + timestamps 12.
        assert.deepEqual(trace.packets.map((packet) => [packet.from, packet.flags, packet.ipBytes, packet.payloadBytes, packet.seq, packet.ack]), [
          ['client', 'SYN', sizes[0], 0, 0, undefined],
          ['server', 'SYN, ACK', sizes[1], 0, 0, 1],
          ['client', 'ACK', sizes[2], 0, 1, 1],
        ]);
        assert.deepEqual(trace.events.map((event) => [event.name, event.from, event.to, event.wireBytes, event.bytes]), [
          ['SYN', 'client', 'server', sizes[0], 40],
          ['SYN, ACK', 'server', 'client', sizes[1], 40],
          ['ACK', 'client', 'server', sizes[2], 32],
        ]);
        // The announced MSS is the MTU less the IP and base TCP headers (RFC 9293 §3.7.1).
        assert.equal(trace.events[0].detail?.mss, mss);
        assert.ok(trace.packets.every((packet) => !packet.lost && !packet.retransmission && packet.connection === tcp.id));
      });
    }

    it('is established on the client after exactly one round trip', () => {
      const bandwidth = 1e7;
      const { simulation, tcp } = harness({ latencyMs: 25, bandwidthBitsPerSecond: bandwidth });
      const established: number[] = [];
      tcp.connect((at) => established.push(at, simulation.now));
      simulation.run();
      // SYN out and SYN-ACK back, each clocked out at the link's bandwidth.
      const expected = 2 * 25 + 2 * serializationMs(60, bandwidth);
      assert.equal(established.length, 2);
      assertClose(established[0], expected, 1e-9, 'established at');
      assert.equal(established[1], established[0]);
    });

    it('refuses to send before the connection is established', () => {
      const { tcp } = harness();
      tcp.connect(() => {});
      assert.throws(() => tcp.send('client', 10, () => {}), { code: 'INVARIANT_VIOLATED' });
    });
  });

  describe('segmentation', () => {
    it('carries a 10,000-byte message in 7 segments of at most 1448 payload bytes on a 1500 MTU', () => {
      const { simulation, recorder, tcp } = harness();
      const deliveries: Delivery[] = [];
      tcp.connect(() => tcp.send('client', 10_000, (delivery) => deliveries.push(delivery)));
      simulation.run();
      const trace = recorder.finish();
      const data = dataPackets(trace, 'client');
      // 1500 - IP 20 - TCP 20 - timestamps 12 = 1448 bytes per segment; ceil(10000 / 1448) = 7.
      assert.equal(tcp.payloadPerSegment, 1448);
      assert.deepEqual(data.map((packet) => packet.payloadBytes), [1448, 1448, 1448, 1448, 1448, 1448, 1312]);
      assert.ok(data.every((packet) => packet.ipBytes === packet.payloadBytes + 52 && packet.ipBytes <= 1500));
      assert.deepEqual(data.map((packet) => packet.seq), [1, 1449, 2897, 4345, 5793, 7241, 8689]);
      assert.deepEqual(data.map((packet) => packet.flags), ['ACK', 'ACK', 'ACK', 'ACK', 'ACK', 'ACK', 'PSH, ACK']);
      assert.equal(deliveries.length, 1);
      assert.equal(deliveries[0].segments, 7);
      assert.equal(deliveries[0].streamBytes, 10_000);
      assert.equal(deliveries[0].wireBytes, 10_000 + 7 * 52);
      assert.equal(deliveries[0].firstByteAt <= deliveries[0].deliveredAt, true);
      assert.equal(deliveries[0].sentAt, data[0].time);
      assert.equal(deliveries[0].deliveredAt, data[6].arrival);
    });

    it('uses the smaller MTU of the two links, and 20 more header bytes on IPv6', () => {
      const small = harness({ mtu: 1280 });
      assert.equal(small.tcp.payloadPerSegment, 1280 - 20 - 20 - 12);
      const v6 = harness({ ipVersion: 6 });
      assert.equal(v6.tcp.payloadPerSegment, 1500 - 40 - 20 - 12);
      const deliveries: Delivery[] = [];
      v6.tcp.connect(() => v6.tcp.send('client', 10_000, (delivery) => deliveries.push(delivery)));
      v6.simulation.run();
      // ceil(10000 / 1428) = 8 segments of 72 header bytes each.
      assert.equal(deliveries[0].segments, 8);
      assert.equal(deliveries[0].wireBytes, 10_000 + 8 * 72);
    });

    it('sends what one side writes at one instant as one write, cut only at the MSS', () => {
      const { simulation, recorder, tcp } = harness();
      const deliveries: Delivery[] = [];
      // A flight of records written together, as OpenSSL writes one: 100 + 2000 + 300 bytes.
      tcp.connect(() => [100, 2000, 300].forEach((length) => tcp.send('server', length, (delivery) => deliveries.push(delivery))));
      simulation.run();
      const data = dataPackets(recorder.finish(), 'server');
      assert.deepEqual(data.map((packet) => packet.payloadBytes), [1448, 2400 - 1448]);
      assert.deepEqual(data.map((packet) => packet.flags), ['ACK', 'PSH, ACK']);
      // The header bytes of a segment go to the message its first byte belongs to.
      assert.deepEqual(deliveries.map((delivery) => [delivery.segments, delivery.wireBytes]), [[1, 152], [2, 2052], [1, 300]]);
    });

    it('sends writes of different instants in segments of their own', () => {
      const { simulation, recorder, tcp } = harness();
      tcp.connect(() => {
        tcp.send('client', 100, () => {});
        simulation.schedule(0.001, () => tcp.send('client', 200, () => {}));
      });
      simulation.run();
      assert.deepEqual(dataPackets(recorder.finish(), 'client').map((packet) => [packet.payloadBytes, packet.flags]), [[100, 'PSH, ACK'], [200, 'PSH, ACK']]);
    });
  });

  describe('slow start', () => {
    /** Round trips of data needed when the window starts at `initial` segments and doubles every RTT. */
    function flightsFor(segments: number, initial: number): number[] {
      const flights: number[] = [];
      let window = initial;
      for (let remaining = segments; remaining > 0; window *= 2) {
        flights.push(Math.min(window, remaining));
        remaining -= window;
      }
      return flights;
    }

    for (const bytes of [100_000, 102_400, 14_480, 14_481]) {
      it(`delivers ${bytes} bytes over a 40 ms RTT in the round trips slow start allows`, () => {
        const latencyMs = 20;
        const rtt = 2 * latencyMs;
        const { simulation, recorder, tcp } = harness({ latencyMs, bandwidthBitsPerSecond: 1e12 });
        let established = NaN;
        const deliveries: Delivery[] = [];
        tcp.connect((at) => {
          established = at;
          tcp.send('client', bytes, (delivery) => deliveries.push(delivery));
        });
        simulation.run();
        const segments = Math.ceil(bytes / 1448);
        const flights = flightsFor(segments, 10);
        // Each flight leaves one RTT after the previous one; the last lands one way later.
        const expected = established + (flights.length - 1) * rtt + latencyMs;
        assert.equal(deliveries.length, 1);
        assertClose(deliveries[0].deliveredAt, expected, 0.01, `${segments} segments in flights ${flights.join(', ')}: delivered at`);
        // The segments leave in flights of 10, 20, 40, ... one RTT apart.
        const data = dataPackets(recorder.finish(), 'client');
        assert.equal(data.length, segments);
        const perFlight = new Array<number>(flights.length).fill(0);
        for (const packet of data) {
          const flight = Math.round((packet.time - established) / rtt);
          assertClose(packet.time, established + flight * rtt, 0.01, `segment at seq ${packet.seq} leaves with flight ${flight}`);
          perFlight[flight]++;
        }
        assert.deepEqual(perFlight, flights);
      });
    }

    it('honours a different initial window', () => {
      const { simulation, recorder, tcp } = harness({ latencyMs: 20, bandwidthBitsPerSecond: 1e12, tcp: { initialWindowSegments: 4 } });
      let established = NaN;
      tcp.connect((at) => {
        established = at;
        tcp.send('client', 30 * 1448, () => {});
      });
      simulation.run();
      const perFlight = [0, 0, 0, 0];
      for (const packet of dataPackets(recorder.finish(), 'client')) perFlight[Math.round((packet.time - established) / 40)]++;
      assert.deepEqual(perFlight, [4, 8, 16, 2]);
    });
  });

  describe('acknowledgements', () => {
    /*
     * Linux's ACK policy, as captured on loopback (tcpSegments.realNode.test.ts: the ClientHello and
     * the server's first flight are ACKed at once, everything after rides on the answers) and as
     * net/ipv4/tcp_input.c writes it: quick ACKs at first, delayed ACKs once the receiver answers
     * within the ACK timeout (pingpong mode), at once past one full segment.
     */

    /** One request answered at once, so both sides have answered within the ACK timeout (pingpong); then `next` at `at` ms. */
    function afterOneExchange(tcp: TcpConnection, simulation: Simulation, at: number, next: () => void): void {
      tcp.connect(() => tcp.send('client', 100, () => tcp.send('server', 100, () => {
        simulation.scheduleAt(at, next);
      })));
    }

    it('acknowledges the first data of a connection at once (a quick ACK), before any answer', () => {
      const { simulation, recorder, tcp } = harness();
      const deliveries: Delivery[] = [];
      tcp.connect(() => tcp.send('client', 100, (delivery) => {
        deliveries.push(delivery);
        simulation.schedule(10, () => tcp.send('server', 300, () => {}));
      }));
      simulation.run({ until: 500 });
      const acks = pureAcks(recorder.finish(), 'server');
      assert.equal(acks.length, 1);
      assert.equal(acks[0].time, deliveries[0].deliveredAt);
      assert.equal(acks[0].ack, 101);
      assert.equal(acks[0].seq, 1);
      assert.equal(acks[0].ipBytes, 52);
    });

    // RFC 1122 §4.2.3.2 allows delaying an ACK; Linux's minimum delayed-ACK timer is 40 ms. 100 ms: longer, yet shorter
    // than the client's 200 ms RTO floor, which a longer timer would race.
    for (const delayedAckMs of [40, 100]) {
      it(`acknowledges a lone segment with a pure ACK ${delayedAckMs} ms after it arrives once the receiver is interactive (delayedAckMs ${delayedAckMs})`, () => {
        const { simulation, recorder, tcp } = harness({ tcp: { delayedAckMs } });
        const deliveries: Delivery[] = [];
        afterOneExchange(tcp, simulation, 200, () => tcp.send('client', 100, (delivery) => deliveries.push(delivery)));
        simulation.run();
        const acks = pureAcks(recorder.finish(), 'server').filter((packet) => packet.time > 200);
        assert.equal(acks.length, 1);
        assertClose(acks[0].time, deliveries[0].deliveredAt + delayedAckMs, 1e-9, 'delayed ACK sent at');
        assert.equal(acks[0].ack, 201);
      });
    }

    it('acknowledges more than one full segment at once, without waiting for the timer', () => {
      const { simulation, recorder, tcp } = harness();
      const deliveries: Delivery[] = [];
      afterOneExchange(tcp, simulation, 200, () => tcp.send('client', 2 * 1448, (delivery) => deliveries.push(delivery)));
      simulation.run();
      const acks = pureAcks(recorder.finish(), 'server').filter((packet) => packet.time > 200);
      // RFC 5681 §4.2: an ACK at least for every second full-sized segment.
      assert.equal(acks.length, 1);
      assert.equal(acks[0].time, deliveries[0].deliveredAt);
      assert.equal(acks[0].ack, 101 + 2 * 1448);
    });

    it('quick-ACKs each of the first 16 segments of a connection, then every second full segment', () => {
      const { simulation, recorder, tcp } = harness();
      tcp.connect(() => tcp.send('client', 20 * 1448, () => {}));
      simulation.run();
      const trace = recorder.finish();
      const data = dataPackets(trace, 'client');
      const acks = pureAcks(trace, 'server');
      const acked = [...Array.from({ length: QUICK_ACKS }, (_, index) => index + 1), 18, 20];
      assert.deepEqual(acks.map((packet) => packet.ack), acked.map((count) => 1 + count * 1448));
      assert.deepEqual(acks.map((packet) => packet.time), acked.map((count) => data[count - 1].arrival));
    });

    it('lets a reply sent within 40 ms carry the ACK, with no pure ACK', () => {
      const { simulation, recorder, tcp } = harness();
      const request: Delivery[] = [];
      const reply: Delivery[] = [];
      afterOneExchange(tcp, simulation, 200, () => tcp.send('client', 100, (delivery) => {
        request.push(delivery);
        simulation.schedule(10, () => tcp.send('server', 300, (answer) => reply.push(answer)));
      }));
      // Up to well past the delayed-ACK timer, but before the client's first retransmission timeout.
      simulation.run({ until: 700 });
      const trace = recorder.finish();
      assert.deepEqual(pureAcks(trace, 'server').filter((packet) => packet.time > 200), []);
      const serverData = dataPackets(trace, 'server').filter((packet) => packet.time > 200);
      assert.equal(serverData.length, 1);
      assert.equal(serverData[0].flags, 'PSH, ACK');
      assert.equal(serverData[0].ack, 201);
      assertClose(serverData[0].time, request[0].deliveredAt + 10, 1e-9, 'reply sent at');
      // The client wrote this request 140 ms after it last received data, not within the ACK
      // timeout: it is not interactive, so it quick-ACKs the answer on arrival.
      const clientAcks = pureAcks(trace, 'client').filter((packet) => packet.time > request[0].sentAt);
      assert.equal(clientAcks.length, 1);
      assert.equal(clientAcks[0].ack, 401);
      assert.equal(clientAcks[0].time, reply[0].deliveredAt, 'client quick ACK at');
    });

    it('acknowledges two small segments as the application reads the second, before it answers', () => {
      const { simulation, recorder, tcp } = harness();
      const second: Delivery[] = [];
      let firstSmallSentAt = NaN;
      // The client answers the server's first message at once (pingpong mode: its ACKs wait); then the server sends
      // 30 and 24 bytes 5 ms apart, and the client answers the second at once.
      tcp.connect(() => tcp.send('client', 100, () => tcp.send('server', 100, () => tcp.send('client', 100, () => {
        simulation.schedule(5, () => {
          firstSmallSentAt = simulation.now;
          tcp.send('server', 30, () => {});
        });
        simulation.schedule(10, () => tcp.send('server', 24, (delivery) => {
          second.push(delivery);
          tcp.send('client', 24, () => {});
        }));
      }))));
      simulation.run();
      const trace = recorder.finish();
      const acks = pureAcks(trace, 'client').filter((packet) => packet.time > firstSmallSentAt);
      assert.equal(acks.length, 1);
      assert.equal(acks[0].time, second[0].deliveredAt);
      assert.equal(acks[0].ack, 1 + 100 + 30 + 24);
      // The answer leaves after that ACK.
      assert.ok(dataPackets(trace, 'client').at(-1)!.time > acks[0].time);
    });

    it('lets a reply sent at once, from the delivery callback, carry the ACK', () => {
      const { simulation, recorder, tcp } = harness();
      afterOneExchange(tcp, simulation, 200, () => tcp.send('client', 100, () => tcp.send('server', 300, () => {})));
      simulation.run({ until: 700 });
      const trace = recorder.finish();
      assert.deepEqual(pureAcks(trace, 'server').filter((packet) => packet.time > 200), []);
      assert.equal(dataPackets(trace, 'server').filter((packet) => packet.time > 200)[0].ack, 201);
    });

    it('treats the ACK carried by a reply as acknowledging the request, so nothing is retransmitted later', () => {
      const { simulation, recorder, tcp } = harness();
      tcp.connect(() => tcp.send('client', 100, () => tcp.send('server', 300, () => {})));
      simulation.run();
      const trace = recorder.finish();
      assert.deepEqual(trace.events.filter((event) => event.name === 'TCP Retransmission').map((event) => event.time), []);
    });

    it('sends the pure ACK first when the reply comes after the 40 ms timer, and quick-ACKs again after it', () => {
      const { simulation, recorder, tcp } = harness();
      const request: Delivery[] = [];
      afterOneExchange(tcp, simulation, 200, () => tcp.send('client', 100, (delivery) => {
        request.push(delivery);
        simulation.schedule(60, () => tcp.send('server', 300, () => tcp.send('client', 100, (again) => request.push(again))));
      }));
      simulation.run();
      const trace = recorder.finish();
      const acks = pureAcks(trace, 'server').filter((packet) => packet.time > 200);
      assert.equal(acks.length, 2);
      assertClose(acks[0].time, request[0].deliveredAt + 40, 1e-9, 'pure ACK at');
      assertClose(dataPackets(trace, 'server').filter((packet) => packet.time > 200)[0].time, request[0].deliveredAt + 60, 1e-9, 'reply at');
      // The timer ended pingpong mode (tcp_delack_timer_handler) with quick ACKs left: the next request is ACKed on arrival.
      assert.equal(acks[1].time, request[1].deliveredAt);
    });
  });

  describe('loss and retransmission', () => {
    for (const seed of [1, 2, 3, 'lossy']) {
      it(`delivers every message intact and in order over links losing 10% of packets (seed ${JSON.stringify(seed)})`, () => {
        const { simulation, recorder, tcp } = harness({ seed, lossUp: 0.1, lossDown: 0.1, latencyMs: 15, bandwidthBitsPerSecond: 5e7 });
        const requests = [3000, 20_000, 1, 1448, 50_000, 700];
        const replies = [40_000, 10, 2896, 65_000, 1449, 5];
        const received: Record<TcpSide, number[]> = { client: [], server: [] };
        let closed = NaN;
        tcp.onFail((reason) => assert.fail(`connection failed: ${reason}`));
        tcp.connect(() => {
          for (const length of requests) {
            tcp.send('client', length, (delivery) => {
              received.server.push(delivery.streamBytes);
              recordDelivery(recorder, tcp, 'client', delivery);
              tcp.send('server', replies[received.server.length - 1], (answer) => {
                received.client.push(answer.streamBytes);
                recordDelivery(recorder, tcp, 'server', answer);
                if (received.client.length === replies.length) tcp.close('client', (at) => { closed = at; });
              });
            });
          }
        });
        simulation.run({ maxEvents: 1_000_000 });
        assert.deepEqual(received.server, requests);
        assert.deepEqual(received.client, replies);
        assert.ok(closed > 0, 'the connection closed');
        const trace = recorder.finish();
        const retransmittedData = trace.packets.filter((packet) => packet.retransmission && packet.payloadBytes > 0);
        const retransmissionEvents = trace.events.filter((event) => event.name === 'TCP Retransmission');
        assert.ok(trace.packets.some((packet) => packet.lost), 'some packets were lost');
        assert.ok(retransmissionEvents.length > 0, 'some segments were retransmitted');
        assert.equal(retransmissionEvents.length, retransmittedData.length);
        for (const event of retransmissionEvents) {
          assert.ok(retransmittedData.some((packet) => packet.time === event.time && packet.seq === event.detail?.seq && packet.ipBytes === event.wireBytes));
        }
        // Every byte on the wire is attributed to exactly one event.
        assert.equal(sum(trace.events.map((event) => event.wireBytes)), sum(trace.packets.map((packet) => packet.ipBytes)));
        assert.equal(simulation.pending, 0);
      });
    }

    it('attributes every wire byte exactly once in a loss-free run', () => {
      const { simulation, recorder, tcp } = harness();
      tcp.connect(() => {
        tcp.send('client', 5000, (delivery) => {
          recordDelivery(recorder, tcp, 'client', delivery);
          tcp.send('server', 123_456, (answer) => {
            recordDelivery(recorder, tcp, 'server', answer);
            tcp.close('client');
          });
        });
        tcp.send('client', 77, (delivery) => recordDelivery(recorder, tcp, 'client', delivery));
      });
      simulation.run();
      const trace = recorder.finish();
      assert.equal(sum(trace.events.map((event) => event.wireBytes)), sum(trace.packets.map((packet) => packet.ipBytes)));
    });

    it('retransmits an unanswered SYN after 1 s, 2 s, 4 s, ... and then abandons the connection', () => {
      const { simulation, recorder, tcp } = harness({ lossUp: 1 });
      const failures: [number, string][] = [];
      let established = false;
      tcp.onFail((reason) => failures.push([simulation.now, reason]));
      tcp.connect(() => {
        established = true;
      });
      simulation.run({ maxEvents: 10_000 });
      const trace = recorder.finish();
      // RFC 6298 §2.1 and §5.5: initial RTO 1 s, doubled on every timeout; Linux tcp_syn_retries = 6.
      const syns = trace.packets.filter((packet) => packet.flags === 'SYN');
      const expectedTimes = [0];
      for (let retry = 0; retry < 6; retry++) expectedTimes.push(expectedTimes[expectedTimes.length - 1] + 1000 * 2 ** retry);
      assert.deepEqual(syns.map((packet) => packet.time), expectedTimes);
      assert.deepEqual(syns.map((packet) => packet.retransmission), [false, true, true, true, true, true, true]);
      assert.ok(syns.every((packet) => packet.lost));
      assert.deepEqual(trace.events.filter((event) => event.name.startsWith('SYN')).map((event) => event.name), ['SYN', ...new Array<string>(6).fill('SYN (retransmission)')]);
      // Abandoned one more doubled timeout after the last retransmission: 63 s + 64 s.
      const abandoned = trace.events.filter((event) => event.error?.code === 'TCP_RETRANSMISSION_LIMIT');
      assert.equal(abandoned.length, 1);
      assert.equal(abandoned[0].time, 127_000);
      assert.deepEqual(failures.map(([at]) => at), [127_000]);
      assert.equal(typeof failures[0][1], 'string');
      assert.equal(established, false);
      assert.equal(simulation.pending, 0);
      assert.equal(trace.packets.filter((packet) => packet.from === 'server').length, 0);
    });

    it('abandons the connection when data is never acknowledged, after maxRetransmissions', () => {
      const simulation = new Simulation(1);
      const recorder = new TraceRecorder('tcp test', 1);
      recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
      recorder.participant({ id: 'server', label: 'Server', kind: 'server' });
      const up = new BlackholeLink(simulation, 'client', 'server', { latencyMs: 20, bandwidthBitsPerSecond: 1e9 });
      const down = new Link(simulation, 'server', 'client', { latencyMs: 20, bandwidthBitsPerSecond: 1e9 });
      const tcp = new TcpConnection(simulation, recorder, 'client', 'server', up, down, { maxRetransmissions: 3 });
      const failures: string[] = [];
      let delivered = false;
      tcp.onFail((reason) => failures.push(reason));
      tcp.connect(() => {
        // From now on every packet from the client is lost.
        up.dropping = true;
        tcp.send('client', 100, () => {
          delivered = true;
        });
      });
      simulation.run({ maxEvents: 10_000 });
      const trace = recorder.finish();
      assert.equal(delivered, false);
      assert.equal(failures.length, 1);
      const data = dataPackets(trace, 'client');
      assert.equal(data.length, 1 + 3);
      assert.ok(data.every((packet) => packet.lost));
      // RFC 6298 §5.5: each timeout doubles the RTO (initially 1 s, no RTT sample yet).
      for (const [index, interval] of [1000, 2000, 4000].entries()) {
        assertClose(data[index + 1].time - data[index].time, interval, 0.01, `timeout ${index + 1}`);
      }
      const abandoned = trace.events.filter((event) => event.error?.code === 'TCP_RETRANSMISSION_LIMIT');
      assert.equal(abandoned.length, 1);
      assertClose(abandoned[0].time, data[3].time + 8000, 0.01, 'abandoned at');
      assert.equal(simulation.pending, 0);
    });
  });

  describe('close', () => {
    it('sends FIN,ACK, FIN,ACK and ACK with sequence numbers that count each FIN as one', () => {
      const { simulation, recorder, tcp } = harness();
      const closed: number[] = [];
      tcp.connect(() => tcp.send('client', 1000, () => tcp.send('server', 500, () => tcp.close('client', (at) => closed.push(at)))));
      simulation.run();
      const trace = recorder.finish();
      const fins = trace.packets.filter((packet) => packet.flags === 'FIN, ACK');
      const lastAck = trace.packets[trace.packets.length - 1];
      // Client sent 1000 bytes (seq 1..1000), server 500 (seq 1..500), relative to each ISN.
      assert.deepEqual(fins.map((packet) => [packet.from, packet.seq, packet.ack, packet.ipBytes]), [
        ['client', 1001, 501, 52],
        ['server', 501, 1002, 52],
      ]);
      assert.deepEqual([lastAck.from, lastAck.flags, lastAck.seq, lastAck.ack, lastAck.ipBytes], ['client', 'ACK', 1002, 502, 52]);
      // Each step takes one trip across.
      assertClose(fins[1].time, fins[0].arrival, 1e-9, 'server FIN');
      assertClose(lastAck.time, fins[1].arrival, 1e-9, 'last ACK');
      assert.deepEqual(closed, [lastAck.time]);
      assert.deepEqual(trace.events.slice(-3).map((event) => event.name), ['FIN, ACK', 'FIN, ACK', 'ACK']);
    });

    it('answers FINs that crossed with one ACK each, and no second FIN (RFC 9293 §3.6 simultaneous close)', () => {
      const { simulation, recorder, tcp } = harness();
      const closed: string[] = [];
      // The server closes; 5 ms later, before its FIN has arrived (20 ms one way), the client closes too.
      tcp.connect(() => tcp.send('client', 1000, () => tcp.send('server', 500, () => {
        tcp.close('server', () => closed.push('server'));
        simulation.schedule(5, () => tcp.end('client', () => closed.push('client')));
      })));
      simulation.run();
      const trace = recorder.finish();
      const fins = trace.packets.filter((packet) => packet.flags === 'FIN, ACK');
      assert.deepEqual(fins.map((packet) => [packet.from, packet.seq, packet.ack]), [['server', 501, 1001], ['client', 1001, 501]]);
      const afterFins = trace.packets.filter((packet) => packet.time > fins[1].time);
      // Each side ACKs the other's FIN as it arrives, counting it as one; nothing else is sent.
      assert.deepEqual(afterFins.map((packet) => [packet.from, packet.flags, packet.seq, packet.ack]), [['client', 'ACK', 1002, 502], ['server', 'ACK', 502, 1002]]);
      assert.deepEqual(closed.sort(), ['client', 'server']);
      assert.equal(trace.packets.filter((packet) => packet.flags === 'RST').length, 0);
    });

    it('sends one FIN a side when the peer\'s FIN arrives while this side\'s waits behind its data, and that FIN answers it', () => {
      // The server has 200 kB queued when it closes; the client closes a moment later, while the server's FIN still waits.
      for (const clientDelay of [0, 0.5, 0.7, 1, 2, 5]) {
        const { simulation, recorder, tcp } = harness({ latencyMs: 2 });
        const closed: string[] = [];
        tcp.connect(() => tcp.send('client', 100, () => {
          tcp.send('server', 200_000, () => {});
          tcp.close('server', () => closed.push('server'));
          simulation.schedule(clientDelay, () => tcp.close('client', () => closed.push('client')));
        }));
        simulation.run();
        const trace = recorder.finish();
        const fins = trace.packets.filter((packet) => packet.flags === 'FIN, ACK');
        assert.deepEqual(fins.map((packet) => packet.from).sort(), ['client', 'server'], `client ${clientDelay} ms later`);
        // The client's FIN arrived first: the server's, after its data, acknowledges it (one more than the client's 100 bytes).
        const serverFin = fins.find((packet) => packet.from === 'server')!;
        assert.deepEqual([serverFin.seq, serverFin.ack], [200_001, 102], `client ${clientDelay} ms later`);
        assert.deepEqual(closed.sort(), ['client', 'server'], `client ${clientDelay} ms later`);
        assert.equal(trace.packets.filter((packet) => packet.flags === 'RST').length, 0);
      }
    });

    it('reads data and the FIN behind it in one read when the server reads a moment after they arrive, and its FIN answers both', () => {
      const { simulation, recorder, tcp } = harness({ tcp: { serverReadLatencyMs: 0.1 } });
      let readAt = Number.NaN;
      // The client writes 100 bytes and closes at once; the server, reading them, closes too.
      tcp.connect(() => {
        tcp.send('client', 100, (delivery) => {
          readAt = delivery.deliveredAt;
          tcp.close('server');
        });
        tcp.close('client');
      });
      simulation.run();
      const trace = recorder.finish();
      const dataArrival = trace.packets.find((packet) => packet.from === 'client' && packet.payloadBytes === 100)!.arrival;
      assertClose(readAt, dataArrival + 0.1, 1e-6, 'the read');
      const server = trace.packets.filter((packet) => packet.from === 'server' && packet.time >= dataArrival);
      // The kernel's quick ACK of the first data as it arrives, then one FIN, acknowledging the data and the client's FIN;
      // no ACK of the FIN besides (a TCP in LAST_ACK sends none).
      assert.deepEqual(server.map((packet) => [packet.flags, packet.ack]), [['ACK', 101], ['FIN, ACK', 102]]);
    });

    it('takes a FIN that arrives ahead of lost data only when that data has arrived, and answers it after delivering it', () => {
      let finAheadOfData = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const { simulation, recorder, tcp } = harness({ seed, lossUp: 0.2, latencyMs: 5 });
        let deliveredAt = Number.NaN;
        tcp.connect(() => {
          tcp.send('client', 30_000, (delivery) => { deliveredAt = delivery.deliveredAt; });
          tcp.close('client');
        });
        simulation.run();
        const trace = recorder.finish();
        const clientFin = trace.packets.find((packet) => packet.from === 'client' && packet.flags === 'FIN, ACK' && !packet.lost);
        const serverFin = trace.packets.find((packet) => packet.from === 'server' && packet.flags === 'FIN, ACK');
        if (!clientFin || !serverFin) continue;
        const lastData = Math.max(...trace.packets.filter((packet) => packet.from === 'client' && packet.payloadBytes > 0 && !packet.lost).map((packet) => packet.arrival));
        if (lastData > clientFin.arrival) finAheadOfData++;
        // The server's FIN answers only once the 30,000 bytes are in: it acknowledges them all and the client's FIN.
        assert.equal(serverFin.ack, 30_002, `seed ${seed}`);
        assert.ok(serverFin.time >= lastData && serverFin.time >= deliveredAt, `seed ${seed}: the server's FIN at ${serverFin.time}, the data in at ${lastData}`);
      }
      assert.ok(finAheadOfData > 0, 'some seed has the client\'s FIN arrive ahead of lost data');
    });

    it('ACKs a bare FIN that reaches a released socket (no data to reset for: Linux\'s FIN_WAIT_2 takes it)', () => {
      const { simulation, recorder, tcp } = harness();
      tcp.connect(() => tcp.send('client', 100, () => tcp.send('server', 100, () => tcp.close('client', () => {}, { releases: true }))));
      simulation.run();
      const trace = recorder.finish();
      const last = trace.packets[trace.packets.length - 1];
      assert.deepEqual([last.from, last.flags], ['client', 'ACK']);
      assert.equal(trace.packets.filter((packet) => packet.flags === 'RST').length, 0);
    });

    it('sends the FIN after data still queued, with the sequence number after the last byte', () => {
      const { simulation, recorder, tcp } = harness();
      const deliveries: Delivery[] = [];
      tcp.connect(() => {
        tcp.send('client', 100_000, (delivery) => deliveries.push(delivery));
        tcp.close('client');
      });
      simulation.run();
      const trace = recorder.finish();
      const data = dataPackets(trace, 'client');
      const fins = trace.packets.filter((packet) => packet.flags === 'FIN, ACK');
      assert.equal(deliveries.length, 1);
      assert.equal(fins.length, 2);
      assert.ok(fins[0].time >= data[data.length - 1].time, 'the FIN leaves after the last data segment');
      assert.equal(fins[0].seq, 100_001);
      assert.equal(fins[1].ack, 100_002);
      assert.equal(trace.packets.filter((packet) => packet.retransmission).length, 0);
    });

    it('refuses to send after close', () => {
      const { simulation, tcp } = harness();
      let thrown: unknown;
      tcp.connect(() => {
        tcp.close('client');
        try {
          tcp.send('client', 10, () => {});
        } catch (error) {
          thrown = error;
        }
      });
      simulation.run();
      assert.equal((thrown as { code?: string } | undefined)?.code, 'INVARIANT_VIOLATED');
    });

    it('retransmits nothing after close in a loss-free run', () => {
      const { simulation, recorder, tcp } = harness();
      tcp.connect(() => tcp.send('client', 4000, () => tcp.send('server', 30_000, () => tcp.close('client'))));
      // Run well past every retransmission timer.
      simulation.run({ until: 300_000 });
      simulation.run();
      const trace = recorder.finish();
      assert.deepEqual(trace.events.filter((event) => event.name === 'TCP Retransmission' || event.name.endsWith('(retransmission)')), []);
      assert.deepEqual(trace.packets.filter((packet) => packet.retransmission), []);
      assert.equal(trace.packets.filter((packet) => packet.flags === 'FIN, ACK').length, 2);
      assert.equal(simulation.pending, 0);
    });
  });

  it('retransmits nothing in a loss-free bulk transfer over a slow link', () => {
    const { simulation, recorder, tcp } = harness({ latencyMs: 20, bandwidthBitsPerSecond: 1e6 });
    const deliveries: Delivery[] = [];
    tcp.connect(() => tcp.send('client', 1_000_000, (delivery) => deliveries.push(delivery)));
    simulation.run({ maxEvents: 1_000_000 });
    const trace = recorder.finish();
    assert.equal(deliveries.length, 1);
    assert.deepEqual(trace.events.filter((event) => event.name === 'TCP Retransmission').length, 0);
  });
});

describe('a program that writes apart in time (spaceWrites)', () => {
  /** The client's data segments: payload and departure. */
  function clientData(trace: Trace): [number, number][] {
    // To 0.01 ms: a segment queued behind another on the link leaves when the one before is serialised (microseconds at 1 Gbit/s).
    return trace.packets.filter((packet) => packet.from === 'client' && packet.payloadBytes > 0).map((packet) => [packet.payloadBytes, Number(packet.time.toFixed(2))]);
  }

  it('sends each write its gap after the one before, each a segment of its own, and a write behind them right after the last, apart', () => {
    const { simulation, recorder, tcp } = harness();
    let start = Number.NaN;
    tcp.connect((at) => {
      start = at;
      tcp.send('client', 64, () => {});
      tcp.flush('client');
      tcp.spaceWrites('client', [0.5, 1]);
      // Three writes at one instant, as a program queues them: the first two are spaced, the third queues behind.
      tcp.send('client', 92, () => {});
      tcp.flush('client');
      tcp.send('client', 406, () => {});
      tcp.flush('client');
      tcp.send('client', 31, () => {});
    });
    simulation.run();
    const data = clientData(recorder.finish());
    assert.deepEqual(data, [[64, start], [92, start + 0.5], [406, start + 1.5], [31, start + 1.5]].map(([bytes, at]) => [bytes, Number(at.toFixed(2))]));
  });

  it('sends a write made after its time at once, and the next its gap after that', () => {
    const { simulation, recorder, tcp } = harness();
    let start = Number.NaN;
    tcp.connect((at) => {
      start = at;
      tcp.spaceWrites('client', [0.5, 1]);
      simulation.schedule(2, () => {
        tcp.send('client', 92, () => {});
        tcp.flush('client');
        tcp.send('client', 406, () => {});
      });
    });
    simulation.run();
    assert.deepEqual(clientData(recorder.finish()), [[92, Number((start + 2).toFixed(2))], [406, Number((start + 3).toFixed(2))]]);
  });

  it('leaves writes together when nothing spaces them (the bytes and their count are the same either way)', () => {
    const { simulation, recorder, tcp } = harness();
    tcp.connect(() => {
      tcp.send('client', 92, () => {});
      tcp.send('client', 406, () => {});
    });
    simulation.run();
    assert.deepEqual(clientData(recorder.finish()).map(([bytes]) => bytes), [498]);
  });

  it('sends a close queued behind a held write right after it, not on a later poll', () => {
    const { simulation, recorder, tcp } = harness();
    let start = Number.NaN;
    tcp.connect((at) => {
      start = at;
      tcp.spaceWrites('client', [0.6]);
      tcp.send('client', 100, () => {});
      tcp.close('client');
    });
    simulation.run();
    const trace = recorder.finish();
    const data = trace.packets.find((packet) => packet.from === 'client' && packet.payloadBytes === 100)!;
    const fin = trace.packets.find((packet) => packet.from === 'client' && packet.flags === 'FIN, ACK')!;
    assertClose(data.time, start + 0.6, 0.01, 'the data');
    assertClose(fin.time, data.time, 0.01, 'the FIN right behind it');
  });

  it('refuses a negative gap', () => {
    const { simulation, tcp } = harness();
    tcp.connect(() => assert.throws(() => tcp.spaceWrites('client', [-1]), /write gap/));
    simulation.run();
  });
});

describe('an application busy computing (busyUntil)', () => {
  it('reads what arrives meanwhile when it is done, after what it wrote then, and answers in a write of its own', () => {
    const { simulation, recorder, tcp } = harness({ tcp: { serverReadLatencyMs: 0.1 } });
    let busyEnds = Number.NaN;
    let secondReadAt = Number.NaN;
    tcp.connect(() => {
      tcp.send('client', 64, (delivery) => {
        // Reading the first message, the server computes for 1 ms, then writes.
        busyEnds = delivery.deliveredAt + 1;
        tcp.busyUntil('server', busyEnds);
        simulation.scheduleAt(busyEnds, () => tcp.send('server', 542, () => {}));
      });
      tcp.flush('client');
      tcp.spaceWrites('client', [0.3]);
      tcp.send('client', 92, (delivery) => {
        secondReadAt = delivery.deliveredAt;
        tcp.send('server', 31, () => {});
      });
    });
    simulation.run();
    const trace = recorder.finish();
    assertClose(secondReadAt, busyEnds, 1e-9, 'the second message is read when the compute ends');
    const secondArrival = trace.packets.find((packet) => packet.from === 'client' && packet.payloadBytes === 92)!.arrival;
    assert.ok(secondArrival < busyEnds, 'it arrived during the compute');
    // The answer to the first, then the answer to the second as a segment of its own.
    const server = trace.packets.filter((packet) => packet.from === 'server' && packet.payloadBytes > 0);
    assert.deepEqual(server.map((packet) => packet.payloadBytes), [542, 31]);
    for (const packet of server) assertClose(packet.time, busyEnds, 0.01, `the ${packet.payloadBytes}-byte segment`);
  });

  it('reads as usual when it is not busy: a read latency after the arrival', () => {
    const { simulation, recorder, tcp } = harness({ tcp: { serverReadLatencyMs: 0.1 } });
    let readAt = Number.NaN;
    tcp.connect(() => tcp.send('client', 64, (delivery) => { readAt = delivery.deliveredAt; }));
    simulation.run();
    const arrival = recorder.finish().packets.find((packet) => packet.from === 'client' && packet.payloadBytes === 64)!.arrival;
    assertClose(readAt, arrival + 0.1, 1e-9, 'the read');
  });
});

describe('a close that a reset or an earlier close ends', () => {
  it('runs both sides\' close callbacks when a released client\'s RST reaches a server with data still queued', () => {
    const { simulation, recorder, tcp } = harness({ bandwidthBitsPerSecond: 1e7 });
    const closed: string[] = [];
    tcp.connect(() => {
      tcp.send('client', 100, () => {
        // The server answers with more than its window lets out at once, and closes behind it.
        tcp.send('server', 200_000, () => {});
        tcp.close('server', () => closed.push('server'));
      });
      // The client releases its socket at once: the server's data draws its RST.
      tcp.close('client', () => closed.push('client'), { releases: true });
    });
    simulation.run();
    const trace = recorder.finish();
    assert.ok(trace.packets.some((packet) => packet.flags === 'RST' && packet.from === 'client'), 'the client resets');
    assert.deepEqual(closed.sort(), ['client', 'server']);
  });

  it('runs a close callback added after the side has closed at once', () => {
    const { simulation, tcp } = harness();
    const closedAt: number[] = [];
    tcp.connect(() => {
      tcp.send('client', 100, () => tcp.close('server'));
      tcp.close('client', () => {
        const at = simulation.now;
        tcp.close('client', (later) => closedAt.push(later - at));
      });
    });
    simulation.run();
    assert.deepEqual(closedAt, [0]);
  });
});

describe('segments that meet on the way (mergedOnPath)', () => {
  /** The client writes 64 and 92 bytes as two writes at one instant; the server's pure ACKs of them, and the client's segments. */
  function twoWrites(mergedOnPath?: TcpOptions['mergedOnPath']): { serverAcks: number; clientSegments: number[]; readAt: number[] } {
    const { simulation, recorder, tcp } = harness({ tcp: mergedOnPath ? { mergedOnPath } : {} });
    const readAt: number[] = [];
    tcp.connect(() => {
      tcp.send('client', 64, (delivery) => readAt.push(delivery.deliveredAt));
      tcp.flush('client');
      tcp.send('client', 92, (delivery) => readAt.push(delivery.deliveredAt));
    });
    simulation.run();
    const trace = recorder.finish();
    const firstData = trace.packets.find((packet) => packet.payloadBytes > 0)!.time;
    return {
      serverAcks: trace.packets.filter((packet) => packet.from === 'server' && packet.payloadBytes === 0 && packet.flags === 'ACK' && packet.time >= firstData).length,
      clientSegments: trace.packets.filter((packet) => packet.from === 'client' && packet.payloadBytes > 0).map((packet) => packet.payloadBytes),
      readAt,
    };
  }

  it('counts two segments that met on the way as one at the receiver: one quick ACK, not two; the sender still sent two', () => {
    const apart = twoWrites();
    const joined = twoWrites({ client: [64], server: [] });
    assert.deepEqual([apart.serverAcks, joined.serverAcks], [2, 1]);
    assert.deepEqual(joined.clientSegments, [64, 92]);
    // The first write reaches the server with the second.
    assert.ok(Math.abs(joined.readAt[0] - joined.readAt[1]) < 0.01);
  });

  it('joins nothing to a segment lost on the way: the one before is read as it arrives, and only the lost one is sent again', () => {
    const simulation = new Simulation(1);
    const recorder = new TraceRecorder('tcp test', 1);
    recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
    recorder.participant({ id: 'server', label: 'Server', kind: 'server' });
    /** Loses the first 92-byte data segment. */
    class LosesOne extends Link {
      lost = false;
      override transmit(bytes: number, onArrive: () => void): Transmission {
        if (this.lost || bytes !== 20 + 32 + 92) return super.transmit(bytes, onArrive);
        this.lost = true;
        return { ...super.transmit(bytes, () => {}), lost: true };
      }
    }
    const up = new LosesOne(simulation, 'client', 'server', { latencyMs: 20, bandwidthBitsPerSecond: 1e9 });
    const down = new Link(simulation, 'server', 'client', { latencyMs: 20, bandwidthBitsPerSecond: 1e9 });
    const tcp = new TcpConnection(simulation, recorder, 'client', 'server', up, down, { mergedOnPath: { client: [64], server: [] } });
    let sentAt = Number.NaN;
    let firstReadAt = Number.NaN;
    tcp.connect((at) => {
      sentAt = at;
      tcp.send('client', 64, (delivery) => { firstReadAt = delivery.deliveredAt; });
      tcp.flush('client');
      tcp.send('client', 92, () => {});
    });
    simulation.run();
    assertClose(firstReadAt, sentAt + 20, 0.01, 'the 64 bytes are read as they arrive');
    const retransmitted = recorder.finish().packets.filter((packet) => packet.retransmission && packet.payloadBytes > 0).map((packet) => packet.payloadBytes);
    assert.deepEqual(retransmitted, [92]);
  });

  it('joins nothing where the offset is not a boundary of segments that left together', () => {
    assert.equal(twoWrites({ client: [65], server: [] }).serverAcks, 2);
  });
});
