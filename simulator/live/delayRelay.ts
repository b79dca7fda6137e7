import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { abortable } from './abortable';
import type { Stopwatch } from './stopwatch';

/*
 * The injected one-way delay, in user space (the kernel here has no netem): a TCP relay on
 * 127.0.0.1 between the client and the gateway emulator that holds every chunk it reads for
 * `oneWayMs` before writing it on, in order, per direction. It is also the capture point:
 * it keeps each chunk's bytes with the time it was read (sent) and written on (arrived).
 *
 *   client ──▶ relay ──(+oneWayMs)──▶ emulator      client ◀──(+oneWayMs)── relay ◀── emulator
 *
 * What it cannot delay is the kernel's own SYN/SYN-ACK on loopback; the live client adds
 * that round trip itself.
 *
 * Both legs are half-open sockets, so each FIN is relayed like the bytes before it: one delay
 * after its sender's, never at once (a socket that is not half-open would end its write side
 * as soon as it read its peer's FIN, and send the receiver an end-of-stream ahead of the data
 * still held for it, such as the server's close_notify). The relay records when it read each
 * direction's end of stream and when it passed it on, so a run can wait for the whole close.
 */

export type Direction = 'up' | 'down';

export interface RelayChunk {
  direction: Direction;
  /** When the relay read the chunk from its sender (ms on the run's stopwatch). */
  sentAt: number;
  /** When the relay wrote it to the receiver; NaN until then. */
  arrivedAt: number;
  /** The receiver had closed when the chunk was due: it went as far as the receiver's kernel would take it, not into the application. */
  undelivered?: true;
  bytes: Buffer;
}

/** A direction's end of stream (its sender's FIN): when the relay read it and when it passed it on (NaN until then). */
export interface RelayEnd {
  sentAt: number;
  arrivedAt: number;
}

export interface RelayConnection {
  index: number;
  chunks: RelayChunk[];
  /** Each direction's end of stream, once its sender has closed. */
  ends?: Partial<Record<Direction, RelayEnd>>;
}

/** Writes queued chunks at `sentAt + delay`, in order. */
class DelayedWriter {
  private readonly queue: { chunk: RelayChunk | RelayEnd; end: boolean; dueAt: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private cancelled = false;

  constructor(private readonly target: Socket, private readonly delayMs: number, private readonly stopwatch: Stopwatch, private readonly onEnd: () => void) {}

  /** Queues a chunk, or the end of the stream (`end`). */
  push(chunk: RelayChunk | RelayEnd, end = false): void {
    // A chunk read in the same turn as the relay closed is dropped: no timer may outlive close().
    if (this.cancelled) return;
    this.queue.push({ chunk, end, dueAt: chunk.sentAt + this.delayMs });
    if (!this.timer) this.arm();
  }

  cancel(): void {
    this.cancelled = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head) return;
    this.timer = setTimeout(() => this.drain(), Math.max(0, head.dueAt - this.stopwatch.now()));
  }

  private drain(): void {
    this.timer = undefined;
    const now = this.stopwatch.now();
    while (this.queue.length > 0 && this.queue[0].dueAt <= now + 0.05) {
      const { chunk, end, dueAt } = this.queue.shift()!;
      if (this.target.destroyed) {
        // On a real network these bytes still cross the link; the peer's kernel answers them with a reset.
        Object.assign(chunk, end ? { arrivedAt: dueAt } : { arrivedAt: dueAt, undelivered: true });
        if (end) this.onEnd();
        continue;
      }
      chunk.arrivedAt = this.stopwatch.now();
      if (end) {
        this.target.end();
        this.onEnd();
      } else {
        this.target.write((chunk as RelayChunk).bytes);
      }
    }
    this.arm();
  }
}

export class DelayRelay {
  readonly connections: RelayConnection[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly writers = new Set<DelayedWriter>();
  /** Called whenever an end of stream is passed on: the waits of closeSeen(). */
  private readonly endWaiters = new Set<() => void>();

  private constructor(private readonly targetPort: number, private readonly oneWayMs: number, private readonly stopwatch: Stopwatch) {
    this.server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
  }

  /** A relay listening on 127.0.0.1 (`listenPort`, default an ephemeral one) in front of `targetPort`. */
  static async start(targetPort: number, oneWayMs: number, stopwatch: Stopwatch, listenPort = 0): Promise<DelayRelay> {
    const relay = new DelayRelay(targetPort, oneWayMs, stopwatch);
    await new Promise<void>((resolve, reject) => {
      relay.server.once('error', reject);
      relay.server.listen(listenPort, '127.0.0.1', () => resolve());
    });
    return relay;
  }

  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Open sockets right now (both legs of every relayed connection). */
  get openSockets(): number {
    return [...this.sockets].filter((socket) => !socket.destroyed).length;
  }

  private accept(client: Socket): void {
    const connection: RelayConnection = { index: this.connections.length, chunks: [], ends: {} };
    this.connections.push(connection);
    const upstream = connect({ port: this.targetPort, host: '127.0.0.1', allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.sockets.delete(socket));
      // A reset from either side ends the relayed connection; the trace records what got through.
      socket.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    const pipe = (from: Socket, to: Socket, direction: Direction): void => {
      const writer = new DelayedWriter(to, this.oneWayMs, this.stopwatch, () => { for (const waiter of [...this.endWaiters]) waiter(); });
      this.writers.add(writer);
      from.on('data', (bytes: Buffer) => {
        const chunk: RelayChunk = { direction, sentAt: this.stopwatch.now(), arrivedAt: Number.NaN, bytes };
        connection.chunks.push(chunk);
        writer.push(chunk);
      });
      from.on('end', () => {
        const end: RelayEnd = { sentAt: this.stopwatch.now(), arrivedAt: Number.NaN };
        connection.ends![direction] = end;
        writer.push(end, true);
      });
    };
    pipe(client, upstream, 'up');
    pipe(upstream, client, 'down');
  }

  /**
   * Resolves true once every relayed connection has been closed both ways (each side's FIN read
   * and passed on, so every byte sent before it too), or false at `deadline` (stopwatch time),
   * with whatever has been seen by then: a peer that never closes bounds the wait, it does not
   * hang it. Rejects with LIVE_ABORTED, its timer and listener removed, if `signal` fires first.
   */
  async closeSeen(deadline: number, signal?: AbortSignal): Promise<boolean> {
    const complete = (): boolean => this.connections.every((connection) => (['up', 'down'] as const).every((direction) => Number.isFinite(connection.ends?.[direction]?.arrivedAt)));
    if (complete()) return true;
    let timer: NodeJS.Timeout | undefined;
    const waiter = (): void => { if (complete()) resolveWait(); };
    let resolveWait: () => void = () => {};
    const stop = (): void => {
      clearTimeout(timer);
      this.endWaiters.delete(waiter);
    };
    const wait = new Promise<void>((resolve) => {
      resolveWait = resolve;
      this.endWaiters.add(waiter);
      timer = setTimeout(resolve, Math.max(0, deadline - this.stopwatch.now()));
    });
    try {
      await abortable(wait, signal, stop);
    } finally {
      stop();
    }
    return complete();
  }

  /** Stops listening and destroys every relayed socket and pending timer. */
  async close(): Promise<void> {
    for (const writer of this.writers) writer.cancel();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
