import type { Link } from '../engine/link';
import type { EventId, Simulation } from '../engine/simulation';
import { invariant } from '../errors';
import type { TraceRecorder } from '../trace/recorder';
import { integerInRange, nonNegative, positive } from '../validate';
import { ipHeaderBytes, type IpVersion } from './ip';
import type { Delivery, TcpSide, Transport } from './transport';

/*
 * TCP as Linux speaks it, at the level that decides bytes and timing:
 *
 *   client                     server
 *     |──── SYN ─────────────────▶|   60 B: IP 20 + TCP 20 + options 20
 *     |◀─── SYN, ACK ─────────────|   60 B
 *     |──── ACK ─────────────────▶|   52 B: IP 20 + TCP 20 + timestamps 12
 *     |──── data (≤ MSS) ────────▶|   52 B + payload
 *     |◀─── ACK (every 2nd, or delayed 40 ms, or piggybacked on data)
 *     |──── FIN, ACK ────────────▶|
 *     |◀─── FIN, ACK ─────────────|
 *     |──── ACK ─────────────────▶|
 *
 * Modelled: segmentation at the MSS, slow start from an initial window of 10 segments
 * (RFC 6928) with congestion avoidance past ssthresh, delayed and piggybacked ACKs
 * (RFC 1122 §4.2.3.2, RFC 5681 §4.2), selective acknowledgement of out-of-order data
 * (RFC 2018), RTT estimation and retransmission timeout with backoff (RFC 6298, Karn's
 * rule, Linux's 200 ms floor). Not modelled: fast retransmit, receive-window limits
 * (window scaling makes them irrelevant at these sizes), Nagle (Node sets TCP_NODELAY).
 */

/** SYN options as Linux sends them: MSS 4, SACK-permitted 2, timestamps 10, NOP 1, window scale 3 (RFC 9293, 2018, 7323). */
export const SYN_OPTION_BYTES = 20;
/** Every later segment carries timestamps: NOP, NOP, TS (10) = 12 bytes (RFC 7323 §3.2, Linux layout). */
export const TIMESTAMP_OPTION_BYTES = 12;
export const TCP_BASE_HEADER_BYTES = 20;
/** SACK option: NOP, NOP, kind, length, then 8 bytes per block; at most 3 blocks fit beside timestamps (RFC 2018 §3). */
export function sackOptionBytes(blocks: number): number {
  return blocks === 0 ? 0 : 4 + 8 * Math.min(blocks, 3);
}

/** The MSS a host announces for an MTU: MTU minus the IP and base TCP headers (RFC 9293 §3.7.1). */
export function announcedMss(mtu: number, ipVersion: IpVersion = 4): number {
  return mtu - ipHeaderBytes(ipVersion) - TCP_BASE_HEADER_BYTES;
}

/** Payload per full segment: the MSS less the timestamp option every segment carries (1448 on a 1500 MTU). */
export function segmentPayloadBytes(mtu: number, ipVersion: IpVersion = 4): number {
  return announcedMss(mtu, ipVersion) - TIMESTAMP_OPTION_BYTES;
}

/** Splits `length` stream bytes into segment payload sizes. */
export function segmentSizes(length: number, payloadPerSegment: number): number[] {
  const sizes: number[] = [];
  for (let offset = 0; offset < length; offset += payloadPerSegment) sizes.push(Math.min(payloadPerSegment, length - offset));
  return sizes;
}

export interface TcpOptions {
  ipVersion?: IpVersion;
  /** Initial congestion window in segments (RFC 6928: 10). */
  initialWindowSegments?: number;
  /** Delayed-ACK timer (ms); Linux's TCP_DELACK_MIN is 40 ms. */
  delayedAckMs?: number;
  /** Initial retransmission timeout (RFC 6298 §2.1: 1 s). */
  initialRtoMs?: number;
  /** Floor of the retransmission timeout (Linux TCP_RTO_MIN: 200 ms). */
  minRtoMs?: number;
  /** Retransmissions of one segment before the connection is abandoned (Linux tcp_retries2 = 15; SYN: tcp_syn_retries = 6). */
  maxRetransmissions?: number;
}

interface Message {
  start: number;
  end: number;
  sentAt: number;
  firstByteAt: number;
  headerBytes: number;
  segments: number;
  delivered: boolean;
  onDelivered: (delivery: Delivery) => void;
}

interface Segment {
  start: number;
  end: number;
  sentAt: number;
  retransmitted: boolean;
  retries: number;
  timer: EventId;
}

/** One direction of the connection: the sender's state and the receiver's state. */
interface Direction {
  from: string;
  to: string;
  link: Link;
  // sender
  writeEnd: number;
  sendNext: number;
  sendUnacked: number;
  messages: Message[];
  attributeIndex: number;
  inFlight: Segment[];
  congestionWindow: number;
  slowStartThreshold: number;
  smoothedRtt: number;
  rttVariance: number;
  rto: number;
  finPending: boolean;
  finSent: boolean;
  finReceived: boolean;
  // receiver
  receiveNext: number;
  outOfOrder: [number, number][];
  deliverIndex: number;
  unackedSegments: number;
  delayedAck: EventId | undefined;
}

const HANDSHAKE_HEADER = TCP_BASE_HEADER_BYTES + SYN_OPTION_BYTES;
const SEGMENT_HEADER = TCP_BASE_HEADER_BYTES + TIMESTAMP_OPTION_BYTES;

/**
 * One TCP connection between a client and a server over a pair of links. Upper layers
 * hand it messages (`send`) and learn when each has arrived in order (`Delivery`).
 */
export class TcpConnection implements Transport {
  readonly id: string;
  readonly payloadPerSegment: number;
  private readonly ipHeader: number;
  private readonly initialWindow: number;
  private readonly delayedAckMs: number;
  private readonly initialRtoMs: number;
  private readonly minRtoMs: number;
  private readonly maxRetransmissions: number;
  private readonly directions: [Direction, Direction];
  private established = false;
  private synAckStarted = false;
  private failed = false;
  private onFailure: ((reason: string) => void) | undefined;

  constructor(
    private readonly simulation: Simulation,
    private readonly recorder: TraceRecorder,
    readonly clientId: string,
    readonly serverId: string,
    clientToServer: Link,
    serverToClient: Link,
    options: TcpOptions = {},
  ) {
    this.id = recorder.connectionId('tcp');
    const ipVersion = options.ipVersion ?? 4;
    this.ipHeader = ipHeaderBytes(ipVersion);
    this.initialWindow = integerInRange('initialWindowSegments', options.initialWindowSegments ?? 10, 1, 1000);
    this.delayedAckMs = nonNegative('delayedAckMs', options.delayedAckMs ?? 40);
    this.initialRtoMs = positive('initialRtoMs', options.initialRtoMs ?? 1000);
    this.minRtoMs = positive('minRtoMs', options.minRtoMs ?? 200);
    this.maxRetransmissions = integerInRange('maxRetransmissions', options.maxRetransmissions ?? 15, 0, 100);
    // Both ends announce an MSS; each sends at most the smaller one.
    this.payloadPerSegment = segmentPayloadBytes(Math.min(clientToServer.mtu, serverToClient.mtu), ipVersion);
    this.directions = [this.direction(clientId, serverId, clientToServer), this.direction(serverId, clientId, serverToClient)];
  }

  get connectionId(): string {
    return this.id;
  }

  /** Called once if the connection gives up (retransmission limit). */
  onFail(handler: (reason: string) => void): void {
    this.onFailure = handler;
  }

  /** Three-way handshake; `onEstablished` runs on the client when the SYN-ACK arrives. */
  connect(onEstablished: (at: number) => void): void {
    const [up, down] = this.directions;
    let synAcked = false;
    this.sendControl(up, 'tcp.syn', 'SYN', HANDSHAKE_HEADER, 0, undefined, () => synAcked, () => {
      // A retransmitted SYN: the SYN-ACK already has its own retransmission timer.
      if (this.established || this.synAckStarted) return;
      this.synAckStarted = true;
      let clientAcked = false;
      this.sendControl(down, 'tcp.syn_ack', 'SYN, ACK', HANDSHAKE_HEADER, 0, 1, () => clientAcked, () => {
        if (synAcked) return;
        synAcked = true;
        this.established = true;
        clientAcked = true;
        this.sendPureAck(up, 'ACK');
        onEstablished(this.simulation.now);
      });
    }, 6);
  }

  /** Queues `length` stream bytes from `side`; `onDelivered` runs when all have arrived in order. */
  send(side: TcpSide, length: number, onDelivered: (delivery: Delivery) => void): void {
    invariant(this.established, `tcp ${this.id}: send before the connection is established`);
    invariant(Number.isInteger(length) && length > 0, `tcp ${this.id}: message length must be a positive integer, got ${length}`);
    const direction = this.directions[side === 'client' ? 0 : 1];
    invariant(!direction.finPending, `tcp ${this.id}: send after close`);
    direction.messages.push({ start: direction.writeEnd, end: direction.writeEnd + length, sentAt: NaN, firstByteAt: NaN, headerBytes: 0, segments: 0, delivered: false, onDelivered });
    direction.writeEnd += length;
    this.pump(direction);
  }

  /**
   * Closes from `side` once its queued data is out: FIN, the peer's FIN-ACK, the last ACK.
   * The peer's FIN also waits for the peer's own queued data, so what the peer wrote as it
   * read end-of-stream (a TLS close_notify in reply, see tls.ts) leaves before its FIN.
   */
  close(side: TcpSide, onClosed: (at: number) => void = () => {}): void {
    const direction = this.directions[side === 'client' ? 0 : 1];
    const reverse = this.reverse(direction);
    direction.finPending = true;
    this.afterQueuedData(direction, () => this.finish(direction, reverse, onClosed));
  }

  /** Runs `action` once every byte queued on `direction` has been sent (polled each millisecond while data is queued). */
  private afterQueuedData(direction: Direction, action: () => void): void {
    if (direction.sendNext < direction.writeEnd) {
      this.simulation.schedule(1, () => this.afterQueuedData(direction, action)); // data still queued: try again shortly
      return;
    }
    action();
  }

  /** The FIN of `direction`, the peer's FIN in answer (after the peer's queued data), and the last ACK. */
  private finish(direction: Direction, reverse: Direction, onClosed: (at: number) => void): void {
    if (direction.finSent) return;
    direction.finSent = true;
    let finAcked = false;
    this.cancelDelayedAck(reverse);
    // Each FIN also acknowledges the data its sender has received (RFC 9293 §3.10.4).
    const reverseAcked = reverse.receiveNext;
    this.sendControl(direction, 'tcp.fin', 'FIN, ACK', SEGMENT_HEADER, 1 + direction.writeEnd, 1 + reverseAcked, () => finAcked, () => {
      if (finAcked || direction.finReceived) return;
      direction.finReceived = true;
      this.receiveAck(reverse, reverseAcked, []);
      // The peer application closes as soon as it reads end-of-stream, so its FIN carries the ACK.
      let lastAcked = false;
      this.afterQueuedData(reverse, () => {
        reverse.finSent = true;
        this.cancelDelayedAck(direction);
        const directionAcked = direction.receiveNext;
        this.sendControl(reverse, 'tcp.fin', 'FIN, ACK', SEGMENT_HEADER, 1 + reverse.writeEnd, 2 + directionAcked, () => lastAcked, () => {
          if (lastAcked) return;
          lastAcked = true;
          finAcked = true;
          reverse.finReceived = true;
          this.receiveAck(direction, directionAcked, []);
          this.sendPureAck(direction, 'ACK');
          onClosed(this.simulation.now);
        });
      });
    });
  }

  private direction(from: string, to: string, link: Link): Direction {
    return {
      from, to, link,
      writeEnd: 0, sendNext: 0, sendUnacked: 0, messages: [], attributeIndex: 0, inFlight: [],
      congestionWindow: this.initialWindow, slowStartThreshold: Infinity,
      smoothedRtt: NaN, rttVariance: NaN, rto: this.initialRtoMs,
      finPending: false, finSent: false, finReceived: false,
      receiveNext: 0, outOfOrder: [], deliverIndex: 0, unackedSegments: 0, delayedAck: undefined,
    };
  }

  private reverse(direction: Direction): Direction {
    return direction === this.directions[0] ? this.directions[1] : this.directions[0];
  }

  /** Sends new segments while the congestion window allows. */
  private pump(direction: Direction): void {
    while (!this.failed && direction.sendNext < direction.writeEnd && direction.inFlight.length < Math.floor(direction.congestionWindow)) {
      const start = direction.sendNext;
      const end = Math.min(start + this.payloadPerSegment, direction.writeEnd);
      direction.sendNext = end;
      const segment: Segment = { start, end, sentAt: this.simulation.now, retransmitted: false, retries: 0, timer: -1 };
      direction.inFlight.push(segment);
      this.transmitData(direction, segment);
    }
  }

  private transmitData(direction: Direction, segment: Segment): void {
    const reverse = this.reverse(direction);
    const payload = segment.end - segment.start;
    const ipBytes = this.ipHeader + SEGMENT_HEADER + payload;
    // Data carries the ACK for the reverse direction: no separate ACK needed.
    this.cancelDelayedAck(reverse);
    const retransmission = segment.retransmitted;
    const flags = segment.end === direction.writeEnd ? 'PSH, ACK' : 'ACK';
    const acknowledged = reverse.receiveNext;
    const transmission = direction.link.transmit(ipBytes, () => {
      // The segment's ACK field tells the peer's sender what we have received.
      this.receiveAck(reverse, acknowledged, []);
      this.receiveData(direction, segment.start, segment.end);
    });
    segment.sentAt = transmission.sentAt;
    this.recorder.packet({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, connection: this.id,
      protocol: 'tcp', flags, seq: 1 + segment.start, ack: 1 + reverse.receiveNext, payloadBytes: payload, ipBytes,
      lost: transmission.lost, retransmission,
    });
    if (retransmission) {
      this.recorder.event({
        time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, layer: 'tcp', kind: 'tcp.retransmission',
        name: 'TCP Retransmission', bytes: SEGMENT_HEADER + payload, wireBytes: ipBytes, connection: this.id,
        detail: { seq: 1 + segment.start, length: payload, retry: segment.retries },
        ...(transmission.lost ? { error: { code: 'PACKET_LOST', message: 'segment lost on the link' } } : {}),
      });
    } else {
      // The header bytes belong to the message that owns the segment's first byte.
      while (direction.messages[direction.attributeIndex].end <= segment.start) direction.attributeIndex++;
      const owner = direction.messages[direction.attributeIndex];
      owner.headerBytes += ipBytes - payload;
      if (Number.isNaN(owner.sentAt)) owner.sentAt = transmission.sentAt;
      for (let index = direction.attributeIndex; index < direction.messages.length && direction.messages[index].start < segment.end; index++) {
        const message = direction.messages[index];
        message.segments++;
        if (Number.isNaN(message.sentAt)) message.sentAt = transmission.sentAt;
      }
      if (transmission.lost) {
        this.recorder.event({
          time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, layer: 'tcp', kind: 'tcp.segment_lost',
          name: 'segment lost', bytes: 0, wireBytes: 0, connection: this.id,
          detail: { seq: 1 + segment.start, length: payload },
          error: { code: 'PACKET_LOST', message: 'segment lost on the link; it will be retransmitted after the RTO' },
        });
      }
    }
    // The timer runs from when the segment leaves the link, as RTT samples do: time spent
    // queued behind earlier segments is not a reason to retransmit.
    segment.timer = this.simulation.scheduleAt(transmission.sentAt + direction.rto, () => this.retransmit(direction, segment));
  }

  private retransmit(direction: Direction, segment: Segment): void {
    if (this.failed || !direction.inFlight.includes(segment)) return;
    if (segment.retries >= this.maxRetransmissions) {
      this.fail(direction, `segment at seq ${1 + segment.start} unacknowledged after ${segment.retries} retransmissions`);
      return;
    }
    // RFC 5681 §3.1: after a timeout, restart from one segment; RFC 6298 §5.5: back off the timer.
    direction.slowStartThreshold = Math.max(Math.floor(direction.inFlight.length / 2), 2);
    direction.congestionWindow = 1;
    direction.rto = Math.min(direction.rto * 2, 120000);
    segment.retries++;
    segment.retransmitted = true;
    this.transmitData(direction, segment);
  }

  private receiveData(direction: Direction, start: number, end: number): void {
    if (this.failed) return;
    const reverse = this.reverse(direction);
    const now = this.simulation.now;
    if (end <= direction.receiveNext) {
      // A duplicate (our ACK was lost or late): acknowledge at once.
      this.sendPureAck(reverse, 'ACK');
      return;
    }
    const hadHole = direction.outOfOrder.length > 0 || start > direction.receiveNext;
    this.insertRange(direction, start, end);
    // Record the first byte of every message that has started arriving in order.
    for (let index = direction.deliverIndex; index < direction.messages.length && direction.messages[index].start < direction.receiveNext; index++) {
      const message = direction.messages[index];
      if (Number.isNaN(message.firstByteAt)) message.firstByteAt = now;
    }
    direction.unackedSegments++;
    const delivered: Message[] = [];
    while (direction.deliverIndex < direction.messages.length && direction.messages[direction.deliverIndex].end <= direction.receiveNext) {
      delivered.push(direction.messages[direction.deliverIndex++]);
    }
    for (const message of delivered) {
      message.delivered = true;
      message.onDelivered({
        sentAt: message.sentAt, firstByteAt: message.firstByteAt, deliveredAt: now,
        streamBytes: message.end - message.start, wireBytes: message.end - message.start + message.headerBytes, segments: message.segments,
      });
    }
    // The application may have answered already, and its data carried the ACK.
    if (direction.unackedSegments === 0) return;
    if (hadHole || direction.unackedSegments >= 2) {
      this.sendPureAck(reverse, 'ACK');
    } else if (direction.delayedAck === undefined) {
      direction.delayedAck = this.simulation.schedule(this.delayedAckMs, () => {
        direction.delayedAck = undefined;
        if (direction.unackedSegments > 0) this.sendPureAck(reverse, 'ACK');
      });
    }
  }

  private insertRange(direction: Direction, start: number, end: number): void {
    const ranges = direction.outOfOrder;
    ranges.push([Math.max(start, direction.receiveNext), end]);
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    while (merged.length > 0 && merged[0][0] <= direction.receiveNext) {
      direction.receiveNext = Math.max(direction.receiveNext, merged[0][1]);
      merged.shift();
    }
    direction.outOfOrder = merged;
  }

  private cancelDelayedAck(receiving: Direction): void {
    receiving.unackedSegments = 0;
    if (receiving.delayedAck !== undefined) {
      this.simulation.cancel(receiving.delayedAck);
      receiving.delayedAck = undefined;
    }
  }

  /** A pure ACK travelling along `direction`, acknowledging what its reverse has received. */
  private sendPureAck(direction: Direction, name: string): void {
    const receiving = this.reverse(direction);
    this.cancelDelayedAck(receiving);
    const sacks = receiving.outOfOrder.map(([start, end]) => [start, end] as [number, number]);
    const header = SEGMENT_HEADER + sackOptionBytes(sacks.length);
    const ipBytes = this.ipHeader + header;
    const acknowledged = receiving.receiveNext;
    const transmission = direction.link.transmit(ipBytes, () => this.receiveAck(receiving, acknowledged, sacks));
    // A FIN occupies one sequence number (RFC 9293 §3.4).
    const ack = 1 + acknowledged + (receiving.finReceived ? 1 : 0);
    this.recorder.packet({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, connection: this.id,
      protocol: 'tcp', flags: 'ACK', seq: 1 + direction.sendNext + (direction.finSent ? 1 : 0), ack, payloadBytes: 0, ipBytes, lost: transmission.lost, retransmission: false,
    });
    this.recorder.event({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, layer: 'tcp', kind: 'tcp.ack',
      name, bytes: header, wireBytes: ipBytes, connection: this.id,
      detail: sacks.length > 0 ? { ack, sackBlocks: sacks.length } : { ack },
      ...(transmission.lost ? { error: { code: 'PACKET_LOST', message: 'ACK lost on the link' } } : {}),
    });
  }

  /** The sender side of `direction` learns that the receiver has everything below `acknowledged`. */
  private receiveAck(direction: Direction, acknowledged: number, sacks: [number, number][]): void {
    if (acknowledged < direction.sendUnacked && sacks.length === 0) return; // stale
    direction.sendUnacked = Math.max(direction.sendUnacked, acknowledged);
    const covered = (segment: Segment): boolean =>
      segment.end <= acknowledged || sacks.some(([start, end]) => start <= segment.start && segment.end <= end);
    const remaining: Segment[] = [];
    let newlyAcked = 0;
    for (const segment of direction.inFlight) {
      if (!covered(segment)) {
        remaining.push(segment);
        continue;
      }
      newlyAcked++;
      this.simulation.cancel(segment.timer);
      if (!segment.retransmitted) this.sampleRtt(direction, this.simulation.now - segment.sentAt);
    }
    direction.inFlight = remaining;
    for (let i = 0; i < newlyAcked; i++) {
      // RFC 5681 §3.1: slow start adds a segment per ACKed segment; congestion avoidance one per window.
      direction.congestionWindow += direction.congestionWindow < direction.slowStartThreshold ? 1 : 1 / direction.congestionWindow;
    }
    this.pump(direction);
  }

  private sampleRtt(direction: Direction, sample: number): void {
    // RFC 6298 §2.2-2.3.
    if (Number.isNaN(direction.smoothedRtt)) {
      direction.smoothedRtt = sample;
      direction.rttVariance = sample / 2;
    } else {
      direction.rttVariance = 0.75 * direction.rttVariance + 0.25 * Math.abs(direction.smoothedRtt - sample);
      direction.smoothedRtt = 0.875 * direction.smoothedRtt + 0.125 * sample;
    }
    direction.rto = Math.max(this.minRtoMs, direction.smoothedRtt + 4 * direction.rttVariance);
  }

  /**
   * A control segment (SYN, SYN-ACK, FIN) that is retransmitted with backoff until
   * `acknowledged()` says the peer answered. `onArrive` runs at the peer per copy received.
   */
  private sendControl(
    direction: Direction, kind: 'tcp.syn' | 'tcp.syn_ack' | 'tcp.fin', flags: string, tcpHeader: number, seq: number, ack: number | undefined,
    acknowledged: () => boolean, onArrive: () => void, maxRetries = this.maxRetransmissions, retry = 0,
  ): void {
    if (this.failed) return;
    // Named as a protocol analyser lists the flags.
    const name = flags;
    const ipBytes = this.ipHeader + tcpHeader;
    const transmission = direction.link.transmit(ipBytes, onArrive);
    this.recorder.packet({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, connection: this.id,
      protocol: 'tcp', flags, seq, ...(ack === undefined ? {} : { ack }), payloadBytes: 0, ipBytes, lost: transmission.lost, retransmission: retry > 0,
    });
    this.recorder.event({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, layer: 'tcp', kind,
      name: retry > 0 ? `${name} (retransmission)` : name, bytes: tcpHeader, wireBytes: ipBytes, connection: this.id,
      detail: tcpHeader === HANDSHAKE_HEADER
        ? { mss: this.payloadPerSegment + TIMESTAMP_OPTION_BYTES, options: 'MSS, SACK_PERM, TS, NOP, WS' }
        : { options: 'NOP, NOP, TS' },
      ...(transmission.lost ? { error: { code: 'PACKET_LOST', message: `${name} lost on the link` } } : {}),
    });
    const timeout = this.initialRtoMs * 2 ** retry;
    this.simulation.schedule(timeout, () => {
      if (acknowledged() || this.failed) return;
      if (retry >= maxRetries) {
        this.fail(direction, `${name} unanswered after ${retry} retransmissions`);
        return;
      }
      this.sendControl(direction, kind, flags, tcpHeader, seq, ack, acknowledged, onArrive, maxRetries, retry + 1);
    });
  }

  private fail(direction: Direction, reason: string): void {
    this.failed = true;
    this.recorder.event({
      time: this.simulation.now, arrival: this.simulation.now, from: direction.from, to: direction.to, layer: 'tcp', kind: 'tcp.abandoned',
      name: 'connection abandoned', bytes: 0, wireBytes: 0, connection: this.id,
      error: { code: 'TCP_RETRANSMISSION_LIMIT', message: reason },
    });
    for (const segment of [...this.directions[0].inFlight, ...this.directions[1].inFlight]) this.simulation.cancel(segment.timer);
    this.onFailure?.(reason);
  }
}
