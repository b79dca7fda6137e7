import { Worker } from 'node:worker_threads';
import type { ConfigRead, ReadOutcome, ReadReply, ReadRequest } from './configReading';
import { PieceAssembler } from './piecewiseTransfer';

/*
 * Reads configs for the editor on a worker thread (configWorker.ts), one at a time, so the
 * extension host never waits on a parse: a 10 MB OpenAPI file or a hostile one costs the
 * worker's time. A read that outlasts the time limit, or a worker that runs out of its
 * memory limit, is stopped (the worker is replaced for the next read) and reported as a
 * failure at the file's first line, which the editor shows as a diagnostic.
 */

export interface ReaderLimits {
  /** Longest a read may take, from when the worker starts it. */
  timeMs: number;
  /** The worker's V8 old-generation heap limit. */
  memoryMb: number;
}

/**
 * Generous for real configs (the largest file allowed, 10 MB, reads in a few seconds) and
 * short enough that a stuck read is noticed: a figure of ours, not VS Code's.
 */
export const READER_LIMITS: ReaderLimits = { timeMs: 20_000, memoryMb: 1024 };

type Request = Omit<ReadRequest, 'id'>;

interface Waiting {
  key: string;
  request: Request;
  /** Everyone waiting on this key: a newer version of a document replaces an older one still queued. */
  resolvers: ((outcome: ReadOutcome) => void)[];
}

interface Running extends Waiting {
  id: number;
  assembler: PieceAssembler;
  /** Set once the worker has started the read. */
  timer?: NodeJS.Timeout;
}

export class ConfigReader {
  private worker: Worker | undefined;
  private readonly queue: Waiting[] = [];
  private running: Running | undefined;
  private nextId = 1;
  private disposed = false;

  /** `script`: the worker's bundled file (out/configWorker.js). */
  constructor(private readonly script: string, private readonly limits: ReaderLimits = READER_LIMITS) {}

  /** Reads one document; `key` identifies it, so a newer read of the same key replaces a queued older one. */
  read(key: string, request: Request): Promise<ReadOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'internal', message: 'the config reader was stopped' });
    return new Promise((resolve) => {
      const queued = this.queue.find((waiting) => waiting.key === key);
      if (queued) {
        queued.request = request;
        queued.resolvers.push(resolve);
      } else {
        this.queue.push({ key, request, resolvers: [resolve] });
      }
      this.startNext();
    });
  }

  private startNext(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    const id = this.nextId++;
    this.running = { ...next, id, assembler: new PieceAssembler() };
    const worker = this.ensureWorker();
    worker.ref();
    worker.postMessage({ ...next.request, id } satisfies ReadRequest);
  }

  private startClock(running: Running): void {
    running.timer = setTimeout(() => this.stop(running.id, {
      kind: 'failed',
      error: { location: { file: running.request.file, line: 1, column: 1 }, code: 'CONFIG_TIME_LIMIT', message: `reading this config took longer than ${this.limits.timeMs / 1000} s, so the editor stopped it; its routes have no hover, CodeLens or diagnostics (the CLI reads it without a limit: apigw-sim routes <file>)` },
    }), this.limits.timeMs);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb } });
    worker.on('message', (reply: ReadReply) => this.receive(reply));
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker || !this.running) return;
      const file = this.running.request.file;
      this.stop(this.running.id, error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? { kind: 'failed', error: { location: { file, line: 1, column: 1 }, code: 'CONFIG_MEMORY_LIMIT', message: `reading this config needed more than ${this.limits.memoryMb} MB of memory, so the editor stopped it; its routes have no hover, CodeLens or diagnostics` } }
        : { kind: 'internal', message: error.message, stack: error.stack });
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.running) this.stop(this.running.id, { kind: 'internal', message: `the config reader's thread stopped (exit code ${code})` });
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: ReadReply): void {
    const running = this.running;
    if (!running || reply.id !== running.id) return;
    switch (reply.kind) {
      case 'started':
        return this.startClock(running);
      case 'piece':
        running.assembler.add(reply.piece);
        return;
      case 'done':
        return this.finish({ kind: 'read', read: running.assembler.value as ConfigRead });
      case 'notConfig':
        return this.finish({ kind: 'notConfig' });
      case 'failed':
        return this.finish({ kind: 'failed', error: reply.error });
      case 'internal':
        return this.finish({ kind: 'internal', message: reply.message, stack: reply.stack });
    }
  }

  private finish(outcome: ReadOutcome): void {
    const running = this.running!;
    clearTimeout(running.timer);
    this.running = undefined;
    for (const resolve of running.resolvers) resolve(outcome);
    // An idle reader keeps no process alive by itself (the tests, a bench).
    this.worker?.unref();
    this.startNext();
  }

  /** Ends the running read with `outcome` and replaces the worker, which may be stuck or out of memory. */
  private stop(id: number, outcome: ReadOutcome): void {
    if (this.running?.id !== id) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.finish(outcome);
  }

  dispose(): void {
    this.disposed = true;
    const waiting = [...this.queue.splice(0), ...(this.running ? [this.running] : [])];
    if (this.running) clearTimeout(this.running.timer);
    this.running = undefined;
    for (const entry of waiting) for (const resolve of entry.resolvers) resolve({ kind: 'internal', message: 'the config reader was stopped' });
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
