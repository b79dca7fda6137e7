import { nonNegative, positive, probability, integerInRange } from '../validate';
import type { Random } from './random';
import type { Simulation } from './simulation';

export interface LinkOptions {
  /** One-way propagation latency (ms). */
  latencyMs: number;
  /** Bottleneck bandwidth (bits per second): sets the serialization delay of each packet. */
  bandwidthBitsPerSecond: number;
  /** Largest IP datagram the path carries; TCP derives its MSS from it. */
  mtu?: number;
  /** Extra delay drawn uniformly from [0, jitterMs) per packet (seeded). */
  jitterMs?: number;
  /** Probability that a packet is dropped (seeded). */
  lossRate?: number;
}

/** What became of one packet handed to a link. */
export interface Transmission {
  /** When its first bit left (after packets queued before it). */
  sentAt: number;
  /** When its last bit arrives; meaningless when lost. */
  arrivesAt: number;
  lost: boolean;
}

/** Ethernet's 1500-byte MTU, what every hop in the default profiles carries. */
export const DEFAULT_MTU = 1500;

/**
 * A one-way link: a FIFO transmitter (serialization at the link's bandwidth), then
 * propagation latency, plus optional seeded jitter and loss. Jitter never reorders
 * packets: a packet arrives no earlier than the one before it, as on a single path.
 */
export class Link {
  readonly latencyMs: number;
  readonly bandwidthBitsPerSecond: number;
  readonly mtu: number;
  readonly jitterMs: number;
  readonly lossRate: number;
  private busyUntil = 0;
  private lastArrival = 0;
  private readonly random: Random;

  constructor(private readonly simulation: Simulation, readonly from: string, readonly to: string, options: LinkOptions) {
    this.latencyMs = nonNegative('latencyMs', options.latencyMs);
    this.bandwidthBitsPerSecond = positive('bandwidthBitsPerSecond', options.bandwidthBitsPerSecond);
    this.mtu = integerInRange('mtu', options.mtu ?? DEFAULT_MTU, 576, 65535);
    this.jitterMs = nonNegative('jitterMs', options.jitterMs ?? 0);
    this.lossRate = probability('lossRate', options.lossRate ?? 0);
    // A link's randomness is its own stream, so adding a link elsewhere does not shift it.
    this.random = simulation.random.fork(`link:${from}->${to}`);
  }

  /** Time to clock `bytes` onto the wire (ms). */
  serializationMs(bytes: number): number {
    return (bytes * 8 * 1000) / this.bandwidthBitsPerSecond;
  }

  /** Sends a packet of `bytes` now; `onArrive` runs at its arrival unless it is lost. */
  transmit(bytes: number, onArrive: () => void): Transmission {
    const now = this.simulation.now;
    const sentAt = Math.max(now, this.busyUntil);
    this.busyUntil = sentAt + this.serializationMs(bytes);
    const jitter = this.jitterMs > 0 ? this.random.next() * this.jitterMs : 0;
    const lost = this.lossRate > 0 && this.random.next() < this.lossRate;
    const arrivesAt = Math.max(this.busyUntil + this.latencyMs + jitter, this.lastArrival);
    if (!lost) {
      this.lastArrival = arrivesAt;
      this.simulation.scheduleAt(arrivesAt, onArrive);
    }
    return { sentAt, arrivesAt, lost };
  }
}
