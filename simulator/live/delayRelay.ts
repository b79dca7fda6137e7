import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
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
 * that round trip itself (see liveClient.ts).
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

export interface RelayConnection {
  index: number;
  chunks: RelayChunk[];
}

/** Writes queued chunks at `sentAt + delay`, in order. */
class DelayedWriter {
  private readonly queue: { chunk: RelayChunk | undefined; dueAt: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private cancelled = false;

  constructor(private readonly target: Socket, private readonly delayMs: number, private readonly stopwatch: Stopwatch) {}

  /** Queues a chunk, or (undefined) the end of the stream. */
  push(chunk: RelayChunk | undefined, sentAt: number): void {
    // A chunk read in the same turn as the relay closed is dropped: no timer may outlive close().
    if (this.cancelled) return;
    this.queue.push({ chunk, dueAt: sentAt + this.delayMs });
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
      const { chunk, dueAt } = this.queue.shift()!;
      if (this.target.destroyed) {
        // On a real network these bytes still cross the link; the peer's kernel answers them with a reset.
        if (chunk) Object.assign(chunk, { arrivedAt: dueAt, undelivered: true });
        continue;
      }
      if (chunk) {
        chunk.arrivedAt = this.stopwatch.now();
        this.target.write(chunk.bytes);
      } else {
        this.target.end();
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

  private constructor(private readonly targetPort: number, private readonly oneWayMs: number, private readonly stopwatch: Stopwatch) {
    this.server = createServer((client) => this.accept(client));
  }

  /** A relay listening on 127.0.0.1 (ephemeral port) in front of `targetPort`. */
  static async start(targetPort: number, oneWayMs: number, stopwatch: Stopwatch): Promise<DelayRelay> {
    const relay = new DelayRelay(targetPort, oneWayMs, stopwatch);
    await new Promise<void>((resolve, reject) => {
      relay.server.once('error', reject);
      relay.server.listen(0, '127.0.0.1', () => resolve());
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
    const connection: RelayConnection = { index: this.connections.length, chunks: [] };
    this.connections.push(connection);
    const upstream = connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.sockets.delete(socket));
      // A reset from either side ends the relayed connection; the trace records what got through.
      socket.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    const pipe = (from: Socket, to: Socket, direction: Direction): void => {
      const writer = new DelayedWriter(to, this.oneWayMs, this.stopwatch);
      this.writers.add(writer);
      from.on('data', (bytes: Buffer) => {
        const sentAt = this.stopwatch.now();
        const chunk: RelayChunk = { direction, sentAt, arrivedAt: Number.NaN, bytes };
        connection.chunks.push(chunk);
        writer.push(chunk, sentAt);
      });
      from.on('end', () => writer.push(undefined, this.stopwatch.now()));
    };
    pipe(client, upstream, 'up');
    pipe(upstream, client, 'down');
  }

  /** Stops listening and destroys every relayed socket and pending timer. */
  async close(): Promise<void> {
    for (const writer of this.writers) writer.cancel();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
