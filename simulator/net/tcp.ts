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
 *     |◀─── ACK (quick at first; later delayed 40 ms, piggybacked on data, or past one MSS)
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
 *
 * Writes: what one side writes at one simulated instant is one write, and leaves together,
 * cut only at the MSS. An application answers an event (a flight arriving, a request read) at
 * one instant in the model, and that is what the real stacks do with one read: OpenSSL writes a
 * whole flight into its buffer before Node flushes it, Node's TLS socket flushes what its
 * callbacks wrote while it processed one read once (TLSWrap's Cycle), so a TLS 1.3 client's
 * ChangeCipherSpec, Finished and first request share a segment, as do a server's tickets and
 * the response it wrote on reading the request (captured on Linux loopback:
 * test/simulator/net/tcpSegments.realNode.test.ts).
 *
 * ACKs as Linux sends them (net/ipv4/tcp_input.c __tcp_ack_snd_check, tcp_output.c
 * tcp_event_data_sent, tcp_timer.c tcp_delack_timer_handler):
 * - quick ACKs: a receiver starts with TCP_MAX_QUICKACKS (16) immediate ACKs from its first
 *   data on, and each is sent as the data arrives, before the application can answer;
 * - pingpong (interactive) mode: a side that sends data within the ACK timeout (40 ms) of
 *   receiving some stops quick-ACKing; its ACKs wait up to 40 ms (TCP_DELACK_MIN) for data to
 *   ride on; a delayed-ACK timer that fires ends the mode;
 * - more than one full segment (rcv_mss) unacknowledged, or data out of order: ACK at once;
 * - two segments smaller than rcv_mss unacknowledged (one, outside pingpong mode): ACK as the
 *   application reads them (tcp_cleanup_rbuf, ICSK_ACK_PUSHED2), before it can answer.
 * Simplified: the ACK timeout stays 40 ms (Linux adapts `ato` to the arrival pattern and the
 * RTT); rcv_mss is the largest segment received (at least 536, TCP_MSS_DEFAULT, capped at the
 * MSS); the quick-ACK budget is 16 (Linux takes min(16, rcv_wnd / (2 rcv_mss)), 16 for the
 * 64 KB initial windows of these connections).
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

/** Linux's TCP_MAX_QUICKACKS: immediate ACKs a receiver sends at the start (and after an idle gap longer than the RTO). */
export const QUICK_ACKS = 16;
/** Linux's TCP_MSS_DEFAULT: what a receiver assumes the sender's segment size is until it sees larger ones. */
const DEFAULT_RECEIVE_MSS = 536;
/**
 * Events at one instant run before this priority: a side's writes of that instant are all
 * queued when its flush runs (lower priorities run first, simulation.ts).
 */
const FLUSH_PRIORITY = 1000;

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
  /**
   * The server application's time from data reaching its kernel to its read (ms; default 0: it
   * reads as each segment arrives). What arrives meanwhile is read with it, in one read: the
   * kernel's ACK of two small segments, due as the application reads (tcp_cleanup_rbuf), leaves
   * then, before what the application writes in answer.
   */
  serverReadLatencyMs?: number;
  /** Initial retransmission timeout (RFC 6298 §2.1: 1 s). */
  initialRtoMs?: number;
  /** Floor of the retransmission timeout (Linux TCP_RTO_MIN: 200 ms). */
  minRtoMs?: number;
  /** Retransmissions of one segment before the connection is abandoned (Linux tcp_retries2 = 15; SYN: tcp_syn_retries = 6). */
  maxRetransmissions?: number;
  /**
   * Where a side's segments met on the way: stream offsets (0 for the side's first byte) at which
   * a segment that left at the same instant as the one before it reached the receiver joined to
   * it, as one segment. A user-space relay in the path does that when it reads two segments at
   * once (the fidelity harness's, read off its two legs); the receiver's kernel then counts one
   * segment, for its ACKs. Absent: every segment arrives as it left.
   */
  mergedOnPath?: Readonly<Record<TcpSide, readonly number[]>>;
}

/** How a side closes (`TcpConnection.close`). */
export interface TcpCloseOptions {
  /**
   * The application releases the socket as it closes (close(), Node's destroy()) rather than
   * half-closing it (shutdown(SHUT_WR), Node's end()): it reads nothing more, so data arriving
   * after its FIN draws a RST (RFC 1122 §4.2.2.13: "if new data is received after CLOSE is
   * called, its TCP SHOULD send a RST"; Linux's tcp_rcv_state_process, TCPAbortOnData), and
   * the peer's FIN that follows finds no connection and draws another (tcp_v4_send_reset).
   */
  releases?: boolean;
  /**
   * Runs at the peer as the FIN arrives, before the peer sends its own: what the peer writes on
   * reading end of stream (a TLS close_notify, tls.ts) leaves before its FIN.
   */
  onFinArrived?: () => void;
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
  /** It ends what its sender had written when it left: PSH. */
  push: boolean;
  /** When its sender handed it to the link (before any serialisation wait). */
  writtenAt: number;
  /** It reaches the receiver joined to the next segment (TcpOptions.mergedOnPath): its arrival is that one's. */
  continued?: boolean;
  /** The first byte of the segment it arrives joined to, when a segment before it was joined to it. */
  mergedStart?: number;
  /** Its first transmission was lost on the link (it joins nothing then). */
  lostOnLink?: boolean;
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
  /** The sender has sent a RST (its released socket got data): the connection is gone for it. */
  resetSent: boolean;
  /** Run when the sender has sent its FIN and had the peer's (TcpConnection.close). */
  onClosed: ((at: number) => void)[];
  /** The sender has released its socket (TcpCloseOptions.releases): what arrives for it draws a RST. */
  released: boolean;
  /** Writes of this instant are waiting for the flush that sends them together. */
  flushPending: boolean;
  // receiver
  receiveNext: number;
  outOfOrder: [number, number][];
  deliverIndex: number;
  /** receiveNext when the receiver last sent an ACK (Linux's rcv_wup): the bytes above it are unacknowledged. */
  acknowledgedTo: number;
  delayedAck: EventId | undefined;
  /** Quick ACKs the receiver may still send (Linux's icsk_ack.quick); undefined before its first data. */
  quickAcks: number | undefined;
  /** The receiver answers data within the ACK timeout, so its ACKs wait to ride on its answers (icsk_ack.pingpong). */
  pingpong: boolean;
  /** When the receiver last received data (icsk_ack.lrcvtime). */
  lastReceivedAt: number;
  /** Largest segment the receiver has seen (icsk_ack.rcv_mss). */
  receiveMss: number;
  /** Segments smaller than receiveMss received since the receiver's last ACK, up to 2 (ICSK_ACK_PUSHED, ICSK_ACK_PUSHED2). */
  smallSegments: number;
  /** The receiving application's read is scheduled (TcpOptions.serverReadLatencyMs). */
  readPending: boolean;
  /** What the receiving application does at the end of that read (reading the end of the stream). */
  afterRead: (() => void)[];
  /** The sender's FIN acknowledged the peer's, which had reached it first. */
  answeredPeerFin: boolean;
  /** The sender's FIN arrived ahead of data still missing: taken when that data has arrived. */
  finWaiting: (() => void) | undefined;
  /** The sender's next writes are spaced in time (TcpConnection.spaceWrites); undefined when they leave as written. */
  spacing: WriteSpacing | undefined;
  /** The receiving application computes until then (TcpConnection.busyUntil): it reads nothing before. */
  busyUntil: number;
  /** The receiving application answers what it read before it drains the socket (TcpConnection.answersBeforeDraining). */
  answersBeforeDraining: boolean;
  /** The sender's close is over (closed()): a close callback added now runs at once. */
  closeDone: boolean;
  /** The sender's last new segment, and where its segments meet on the way (TcpOptions.mergedOnPath). */
  lastSent: Segment | undefined;
  mergedOnPath: ReadonlySet<number>;
}

/** Writes a program makes apart in time (TcpConnection.spaceWrites). */
interface WriteSpacing {
  /** The gaps still to apply, the next write's first (ms). */
  gaps: number[];
  /** When the previous write left, or when the spacing began. */
  previousAt: number;
  /** Stream offset up to which writes have been placed. */
  placedTo: number;
  /** Writes placed but not yet due, in order. */
  waiting: { start: number; leaveAt: number }[];
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
  private readonly serverReadLatencyMs: number;
  private readonly initialRtoMs: number;
  private readonly minRtoMs: number;
  private readonly maxRetransmissions: number;
  private readonly directions: [Direction, Direction];
  private established = false;
  private synAckStarted = false;
  private failed = false;
  /** A RST has reached the peer of the side that sent it: nothing is retransmitted any more. */
  private reset = false;
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
    this.serverReadLatencyMs = nonNegative('serverReadLatencyMs', options.serverReadLatencyMs ?? 0);
    this.initialRtoMs = positive('initialRtoMs', options.initialRtoMs ?? 1000);
    this.minRtoMs = positive('minRtoMs', options.minRtoMs ?? 200);
    this.maxRetransmissions = integerInRange('maxRetransmissions', options.maxRetransmissions ?? 15, 0, 100);
    // Both ends announce an MSS; each sends at most the smaller one.
    this.payloadPerSegment = segmentPayloadBytes(Math.min(clientToServer.mtu, serverToClient.mtu), ipVersion);
    this.directions = [this.direction(clientId, serverId, clientToServer), this.direction(serverId, clientId, serverToClient)];
    this.directions[0].mergedOnPath = new Set(options.mergedOnPath?.client ?? []);
    this.directions[1].mergedOnPath = new Set(options.mergedOnPath?.server ?? []);
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
    if (direction.flushPending) return;
    // One write per side and instant (see the header comment): the flush runs after this instant's other events.
    direction.flushPending = true;
    this.simulation.schedule(0, () => {
      direction.flushPending = false;
      this.endWrite(direction);
      this.pump(direction);
    }, FLUSH_PRIORITY);
  }

  /** Sends what `side` wrote at this instant as one write now (a program's separate write() call); the pending flush sends what follows. */
  flush(side: TcpSide): void {
    const direction = this.directions[side === 'client' ? 0 : 1];
    if (!direction.flushPending) return;
    this.endWrite(direction);
    this.pump(direction);
  }

  /**
   * `side`'s next writes leave apart in time, as a program that makes them in separate turns:
   * the first `gapsMs[0]` after now, each later one `gapsMs[k]` after the one before (or when it
   * is written, if that is later). What follows them leaves as written, and nothing overtakes a
   * write still waiting. The bytes are the same; only their departure moves (tlsProfiles.ts
   * firstWriteGapsMs: a client's preface and first request after its Finished).
   */
  spaceWrites(side: TcpSide, gapsMs: readonly number[]): void {
    const direction = this.directions[side === 'client' ? 0 : 1];
    gapsMs.forEach((gap) => nonNegative('write gap (ms)', gap));
    if (gapsMs.length === 0) return;
    direction.spacing = { gaps: [...gapsMs], previousAt: this.simulation.now, placedTo: direction.writeEnd, waiting: direction.spacing?.waiting ?? [] };
  }

  /** The write of this instant is complete: under spacing, it gets its time to leave. */
  private endWrite(direction: Direction): void {
    const spacing = direction.spacing;
    if (!spacing || direction.writeEnd <= spacing.placedTo) return;
    // Past the gaps, a write that queues behind one still waiting leaves right after it, as a write of its own.
    if (spacing.gaps.length === 0 && spacing.waiting.length === 0) return;
    const leaveAt = Math.max(this.simulation.now, spacing.previousAt + (spacing.gaps.shift() ?? 0));
    spacing.previousAt = leaveAt;
    if (leaveAt > this.simulation.now) {
      spacing.waiting.push({ start: spacing.placedTo, leaveAt });
      this.simulation.scheduleAt(leaveAt, () => {
        spacing.waiting.shift();
        this.pump(direction);
      }, FLUSH_PRIORITY);
    }
    spacing.placedTo = direction.writeEnd;
  }

  /**
   * `side`'s application computes until `until` (ms, simulation time): a single-threaded program
   * (the stand-in's Node, answering a TLS Finished) reads what arrives meanwhile only when it is
   * done, after what it then writes has left, in a read and a write of their own. Its kernel still
   * ACKs what must be ACKed at once; an ACK due as the application reads waits for that read.
   */
  busyUntil(side: TcpSide, until: number): void {
    const receiving = this.directions[side === 'client' ? 1 : 0];
    receiving.busyUntil = Math.max(receiving.busyUntil, until);
  }

  /**
   * `side`'s application answers what it has read before it reads what arrived behind it (a
   * program that reads a TLS record at a time, or processes one read before the next): the ACK
   * Linux sends as a read drains the socket (tcp_cleanup_rbuf: only when sk_rmem_alloc is empty)
   * comes after its answer, which carries it, so none leaves; what the application does not
   * answer is ACKed then, after this instant's writes, and after writes it spaced (spaceWrites).
   */
  answersBeforeDraining(side: TcpSide): void {
    this.directions[side === 'client' ? 1 : 0].answersBeforeDraining = true;
  }

  /** Where the sender's data may go to now: up to the first write still waiting for its time. */
  private sendLimit(direction: Direction): number {
    return direction.spacing?.waiting[0]?.start ?? direction.writeEnd;
  }

  /**
   * Closes from `side` once its queued data is out: FIN, the peer's FIN-ACK, the last ACK.
   * The peer's FIN also waits for the peer's own queued data, so what the peer wrote as it
   * read end-of-stream (a TLS close_notify in reply, see tls.ts) leaves before its FIN.
   * `onClosed` runs when `side` has both sent its FIN and had the peer's.
   */
  close(side: TcpSide, onClosed: (at: number) => void = () => {}, options: TcpCloseOptions = {}): void {
    const direction = this.directions[side === 'client' ? 0 : 1];
    direction.finPending = true;
    // Closed already (both FINs, or a reset): nothing more to send, and nothing to wait for.
    if (direction.closeDone) {
      onClosed(this.simulation.now);
      return;
    }
    direction.onClosed.push(onClosed);
    this.afterQueuedData(direction, () => {
      direction.released = options.releases === true;
      this.sendFin(direction, options.onFinArrived);
    });
  }

  /** A half-close: the FIN, and `side` reads on (what arrives after it is ACKed, not reset). */
  end(side: TcpSide, onClosed?: (at: number) => void): void {
    this.close(side, onClosed);
  }

  /** Runs `action` once every byte queued on `direction` has been sent (polled each millisecond while data is queued). */
  private afterQueuedData(direction: Direction, action: () => void): void {
    // A reset connection sends nothing more: what is queued never leaves.
    if (this.reset) return;
    if (direction.flushPending) {
      this.simulation.schedule(0, () => this.afterQueuedData(direction, action), FLUSH_PRIORITY + 1); // right after this instant's write
      return;
    }
    if (direction.sendNext < direction.writeEnd) {
      // Behind a write waiting for its time (spaceWrites): right after it leaves. Otherwise (the window is full): try again shortly.
      const waiting = direction.spacing?.waiting;
      const held = waiting && waiting.length > 0 && direction.sendNext >= waiting[0].start ? waiting[waiting.length - 1] : undefined;
      if (held) this.simulation.scheduleAt(held.leaveAt, () => this.afterQueuedData(direction, action), FLUSH_PRIORITY + 1);
      else this.simulation.schedule(1, () => this.afterQueuedData(direction, action));
      return;
    }
    action();
  }

  /**
   * `direction`'s FIN, once: when its sender closes, or when its application, reading the peer's
   * FIN, answers it. Each FIN acknowledges the data its sender has received (RFC 9293 §3.10.4),
   * and the peer's FIN when that has arrived: an answer.
   */
  private sendFin(direction: Direction, onFinArrived?: () => void): void {
    if (direction.finSent) return;
    direction.finSent = true;
    const reverse = this.reverse(direction);
    const answering = reverse.finReceived;
    this.acknowledgeSent(reverse);
    const acknowledged = reverse.receiveNext;
    // Simplified: a FIN counts as acknowledged once it has arrived (a lost ACK of a FIN is not modelled; a lost FIN is sent again).
    let arrived = false;
    this.sendControl(direction, 'tcp.fin', 'FIN, ACK', SEGMENT_HEADER, 1 + direction.writeEnd, 1 + acknowledged + (answering ? 1 : 0), () => arrived, () => {
      if (arrived) return;
      arrived = true;
      this.receiveAck(reverse, acknowledged, []);
      const take = (): void => {
        direction.finReceived = true;
        // The application reads the end of the stream in the read of the data before it (TcpOptions.serverReadLatencyMs).
        const atEnd = (): void => {
          onFinArrived?.();
          this.finArrived(direction);
        };
        if (direction.readPending) direction.afterRead.push(atEnd);
        else atEnd();
      };
      // A FIN ahead of data still missing (lost, to be sent again) waits for it: TCP takes a FIN in sequence (RFC 9293
      // §3.10.7.4, its eighth step); meanwhile the receiver ACKs what it has, as for any segment past a hole. From the
      // RFC, not a capture: the harness has no lossy link (netem is not available on these machines).
      if (direction.receiveNext < direction.writeEnd) {
        direction.finWaiting = take;
        if (!this.reset && !reverse.released) this.sendPureAck(reverse, 'ACK');
        return;
      }
      take();
    });
    // Its sender had the peer's FIN already: this one acknowledges it, and with it sent, its close is done.
    if (answering) {
      direction.answeredPeerFin = true;
      this.closed(direction);
    }
  }

  /** The receiver of `direction`'s FIN: it ACKs it, will answer it with the FIN it is about to send, or answers it now. */
  private finArrived(direction: Direction): void {
    const receiver = this.reverse(direction);
    // Its own FIN left after this one reached its kernel, and acknowledged it (a read that came later): nothing more to send.
    if (receiver.answeredPeerFin) return;
    if (receiver.finSent) {
      // Its own FIN has left: this one answers it, or crossed it (both closed; RFC 9293 §3.6). Either is ACKed at once
      // (Linux's FIN_WAIT_1/2: tcp_fin, then tcp_send_ack), by a released socket too: a bare FIN is no data to reset for
      // (tcp_rcv_state_process resets an orphaned socket only for data past its close). Read from Linux's source; the
      // harness captures no released socket meeting a bare FIN (its servers answer a close with close_notify, data).
      // A socket that has reset data after its close is gone, and resets this too (tcp_v4_send_reset).
      if (receiver.resetSent) this.sendReset(receiver);
      else if (!this.reset) this.sendPureAck(receiver, 'ACK');
      this.closed(receiver);
      return;
    }
    // Its own close is waiting for its queued data: the FIN it sends then answers this one.
    if (receiver.finPending) return;
    // Its application closes as soon as it reads end-of-stream: its FIN, after what it has queued, carries the ACK.
    this.afterQueuedData(receiver, () => this.sendFin(receiver));
  }

  /** `direction`'s sender has sent its FIN and had the peer's, or the connection was reset: its close callbacks run, and any added later at once. */
  private closed(direction: Direction): void {
    direction.closeDone = true;
    for (const onClosed of direction.onClosed.splice(0)) onClosed(this.simulation.now);
  }

  private direction(from: string, to: string, link: Link): Direction {
    return {
      from, to, link,
      writeEnd: 0, sendNext: 0, sendUnacked: 0, messages: [], attributeIndex: 0, inFlight: [],
      congestionWindow: this.initialWindow, slowStartThreshold: Infinity,
      smoothedRtt: NaN, rttVariance: NaN, rto: this.initialRtoMs,
      finPending: false, finSent: false, finReceived: false, released: false, resetSent: false, onClosed: [], flushPending: false, readPending: false, afterRead: [], answeredPeerFin: false, finWaiting: undefined, spacing: undefined, busyUntil: -Infinity, answersBeforeDraining: false, closeDone: false, lastSent: undefined, mergedOnPath: new Set(),
      receiveNext: 0, outOfOrder: [], deliverIndex: 0, acknowledgedTo: 0, delayedAck: undefined,
      quickAcks: undefined, pingpong: false, lastReceivedAt: -Infinity, receiveMss: Math.min(DEFAULT_RECEIVE_MSS, this.payloadPerSegment), smallSegments: 0,
    };
  }

  private reverse(direction: Direction): Direction {
    return direction === this.directions[0] ? this.directions[1] : this.directions[0];
  }

  /** Sends new segments while the congestion window allows. */
  private pump(direction: Direction): void {
    const limit = this.sendLimit(direction);
    while (!this.failed && !this.reset && direction.sendNext < limit && direction.inFlight.length < Math.floor(direction.congestionWindow)) {
      const start = direction.sendNext;
      const end = Math.min(start + this.payloadPerSegment, limit);
      direction.sendNext = end;
      // PSH on the last segment of what was written (tcp_push: the end of a send call), a write held behind it included.
      const segment: Segment = { start, end, sentAt: this.simulation.now, retransmitted: false, retries: 0, timer: -1, push: end === limit, writtenAt: this.simulation.now };
      direction.inFlight.push(segment);
      this.transmitData(direction, segment);
    }
  }

  private transmitData(direction: Direction, segment: Segment): void {
    const reverse = this.reverse(direction);
    const payload = segment.end - segment.start;
    const ipBytes = this.ipHeader + SEGMENT_HEADER + payload;
    // An answer within the ACK timeout of the last data received: the sender is interactive (tcp_event_data_sent).
    if (this.simulation.now - reverse.lastReceivedAt < this.delayedAckMs) reverse.pingpong = true;
    // Data carries the ACK for the reverse direction: no separate ACK needed.
    this.acknowledgeSent(reverse);
    const retransmission = segment.retransmitted;
    const flags = segment.push ? 'PSH, ACK' : 'ACK';
    const acknowledged = reverse.receiveNext;
    const previous = direction.lastSent;
    const transmission = direction.link.transmit(ipBytes, () => {
      // The segment's ACK field tells the peer's sender what we have received.
      this.receiveAck(reverse, acknowledged, []);
      // Joined to the next on the way: the receiver gets these bytes with it.
      if (segment.continued && !segment.retransmitted) return;
      this.receiveData(direction, segment.retransmitted ? segment.start : segment.mergedStart ?? segment.start, segment.end);
    });
    segment.sentAt = transmission.sentAt;
    if (!retransmission) {
      segment.lostOnLink = transmission.lost;
      // Left in the same instant as the segment before it, and met it on the way (TcpOptions.mergedOnPath): one segment for
      // the receiver. Decided once both are known to arrive (both arrive later than now: the flag is read on arrival).
      if (previous && previous.end === segment.start && previous.writtenAt === segment.writtenAt && !previous.retransmitted && !previous.lostOnLink && !transmission.lost
        && direction.mergedOnPath.has(segment.start)) {
        previous.continued = true;
        segment.mergedStart = previous.mergedStart ?? previous.start;
      }
      direction.lastSent = segment;
    }
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
    if (this.failed || this.reset || !direction.inFlight.includes(segment)) return;
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
      // A duplicate (our ACK was lost or late): acknowledge at once (a released socket: RST).
      if (reverse.released) this.sendReset(reverse);
      else this.sendPureAck(reverse, 'ACK');
      return;
    }
    const hadHole = direction.outOfOrder.length > 0 || start > direction.receiveNext;
    this.insertRange(direction, start, end);
    // tcp_event_data_recv: the first data, or data after an idle gap longer than the RTO, earns quick ACKs.
    if (direction.quickAcks === undefined || now - direction.lastReceivedAt > reverse.rto) direction.quickAcks = Math.max(direction.quickAcks ?? 0, QUICK_ACKS);
    direction.lastReceivedAt = now;
    // tcp_measure_rcv_mss: a segment below rcv_mss marks the pending ACK as pushed (twice: pushed twice).
    if (end - start < direction.receiveMss) direction.smallSegments = Math.min(direction.smallSegments + 1, 2);
    direction.receiveMss = Math.max(direction.receiveMss, Math.min(end - start, this.payloadPerSegment));
    // The receiver released its socket (TcpCloseOptions.releases): its kernel answers with a RST. The
    // data still reached the host, and the trace shows it arriving; no application reads it.
    const refused = reverse.released;
    if (refused) {
      this.sendReset(reverse);
    } else if (hadHole || direction.receiveNext - direction.acknowledgedTo > direction.receiveMss || (direction.quickAcks > 0 && !direction.pingpong)) {
      this.sendPureAck(reverse, 'ACK');
    } else if (direction.delayedAck === undefined) {
      direction.delayedAck = this.simulation.schedule(this.delayedAckMs, () => {
        direction.delayedAck = undefined;
        // A delayed ACK that had to be sent: the receiver is not answering in time, so it leaves pingpong mode.
        direction.pingpong = false;
        if (direction.receiveNext > direction.acknowledgedTo) this.sendPureAck(reverse, 'ACK');
      });
    }
    // Record the first byte of every message that has started arriving in order.
    for (let index = direction.deliverIndex; index < direction.messages.length && direction.messages[index].start < direction.receiveNext; index++) {
      const message = direction.messages[index];
      if (Number.isNaN(message.firstByteAt)) message.firstByteAt = now;
    }
    const latency = direction === this.directions[0] ? this.serverReadLatencyMs : 0;
    const busy = direction.busyUntil > now && !refused;
    if ((latency === 0 && !busy) || refused) {
      this.read(direction);
    } else if (!direction.readPending) {
      direction.readPending = true;
      const readAt = Math.max(now + latency, direction.busyUntil);
      // Done computing: the read comes after what the application wrote as it finished has left (FLUSH_PRIORITY).
      this.simulation.scheduleAt(readAt, () => {
        direction.readPending = false;
        this.read(direction);
      }, busy && readAt === direction.busyUntil ? FLUSH_PRIORITY + 1 : 0);
    }
    // The data a FIN waited for has all arrived: the FIN is taken, after it.
    const finWaiting = direction.finWaiting;
    if (finWaiting && direction.receiveNext >= direction.writeEnd) {
      direction.finWaiting = undefined;
      finWaiting();
    }
  }

  /** The receiving application reads what has arrived in order: the complete messages are delivered. */
  private read(direction: Direction): void {
    const delivered: Message[] = [];
    while (direction.deliverIndex < direction.messages.length && direction.messages[direction.deliverIndex].end <= direction.receiveNext) {
      delivered.push(direction.messages[direction.deliverIndex++]);
    }
    // tcp_cleanup_rbuf: as the application reads, a pending ACK of two small segments (or of one, outside pingpong
    // mode) leaves at once, before the application can answer (seen on loopback: a client ACKs a `ws` server's
    // close frame and close_notify before it answers the close_notify).
    if (!direction.answersBeforeDraining) this.ackOnRead(direction);
    for (const message of delivered) {
      message.delivered = true;
      message.onDelivered({
        sentAt: message.sentAt, firstByteAt: message.firstByteAt, deliveredAt: this.simulation.now,
        streamBytes: message.end - message.start, wireBytes: message.end - message.start + message.headerBytes, segments: message.segments,
      });
    }
    for (const action of direction.afterRead.splice(0)) action();
    if (direction.answersBeforeDraining) this.ackAfterAnswers(direction);
  }

  /** The ACK Linux sends as the application's read drains the socket, when one is due. */
  private ackOnRead(direction: Direction): void {
    const reverse = this.reverse(direction);
    if (!reverse.released && direction.receiveNext > direction.acknowledgedTo && (direction.smallSegments === 2 || (direction.smallSegments === 1 && !direction.pingpong))) {
      this.sendPureAck(reverse, 'ACK');
    }
  }

  /** For an application that answers before it drains the socket: the ACK on that read, after this instant's writes and any it spaced. */
  private ackAfterAnswers(direction: Direction): void {
    // Nothing unacknowledged now: no ACK can come due from this read (a later arrival brings a read of its own).
    if (direction.receiveNext <= direction.acknowledgedTo || direction.smallSegments === 0) return;
    const ack = (): void => {
      if (!this.reset && !this.failed) this.ackOnRead(direction);
    };
    this.simulation.schedule(0, () => {
      const waiting = this.reverse(direction).spacing?.waiting;
      const last = waiting?.[waiting.length - 1];
      if (last) this.simulation.scheduleAt(last.leaveAt, ack, FLUSH_PRIORITY + 1);
      else ack();
    }, FLUSH_PRIORITY + 1);
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

  /** An ACK of everything `receiving` has received leaves (pure, on data, or on a FIN): a quick ACK spent if one was due (tcp_dec_quickack_mode). */
  private acknowledgeSent(receiving: Direction): void {
    if (receiving.receiveNext > receiving.acknowledgedTo && receiving.quickAcks !== undefined && receiving.quickAcks > 0) receiving.quickAcks--;
    receiving.acknowledgedTo = receiving.receiveNext;
    receiving.smallSegments = 0;
    if (receiving.delayedAck !== undefined) {
      this.simulation.cancel(receiving.delayedAck);
      receiving.delayedAck = undefined;
    }
  }

  /** A pure ACK travelling along `direction`, acknowledging what its reverse has received. */
  private sendPureAck(direction: Direction, name: string): void {
    const receiving = this.reverse(direction);
    this.acknowledgeSent(receiving);
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

  /**
   * A RST from the sender of `direction`, whose socket is released: as Linux sends it in answer
   * to a segment (tcp_v4_send_reset), RST alone, the sequence number the peer expects next, no
   * ACK, no options (a 20-byte header: 40-byte IPv4 packets in the fidelity harness's captures of
   * Chromium, curl and Node closing). The peer that reads it drops the connection: nothing it has
   * in flight is retransmitted.
   */
  private sendReset(direction: Direction): void {
    direction.resetSent = true;
    const receiving = this.reverse(direction);
    if (receiving.delayedAck !== undefined) {
      this.simulation.cancel(receiving.delayedAck);
      receiving.delayedAck = undefined;
    }
    const ipBytes = this.ipHeader + TCP_BASE_HEADER_BYTES;
    const transmission = direction.link.transmit(ipBytes, () => {
      this.reset = true;
      for (const segment of receiving.inFlight) this.simulation.cancel(segment.timer);
      receiving.inFlight = [];
      // The connection is gone for the peer too: a close waiting for queued data or for the FIN is over (RFC 9293 §3.10.7.2:
      // a RST in these states enters CLOSED). A peer that never closed has nothing to run.
      this.closed(receiving);
    });
    // The sender is done with the connection as it resets it (its socket released).
    this.closed(direction);
    this.recorder.packet({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, connection: this.id,
      protocol: 'tcp', flags: 'RST', seq: 1 + direction.writeEnd + (direction.finSent ? 1 : 0), payloadBytes: 0, ipBytes, lost: transmission.lost, retransmission: false,
    });
    this.recorder.event({
      time: transmission.sentAt, arrival: transmission.arrivesAt, from: direction.from, to: direction.to, layer: 'tcp', kind: 'tcp.rst',
      name: 'RST', bytes: TCP_BASE_HEADER_BYTES, wireBytes: ipBytes, connection: this.id,
      ...(transmission.lost ? { error: { code: 'PACKET_LOST', message: 'RST lost on the link' } } : {}),
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
      if (acknowledged() || this.failed || this.reset) return;
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
