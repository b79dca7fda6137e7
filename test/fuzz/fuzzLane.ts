import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './fuzzTarget';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './fuzzWorker';

/*
 * One lane of the campaign: a worker thread that runs one input at a time under a time limit
 * and a heap limit. An input past the time limit is a hang: the thread is terminated and the
 * next input gets a fresh one. A worker that dies (its heap limit reached) is a crash.
 */

export type LaneResult = { outcome: Outcome | { kind: 'hang' }; bytes: number };

export interface LaneLimits {
  /** The worker's old-generation heap, in MB (worker resourceLimits). */
  memoryMb: number;
}

/** How long making one input may take: far more than the largest takes, so only a bug in the campaign reaches it. */
const MAKING_LIMIT_MS = 120_000;

function fuzzerBug(message: string): Outcome {
  return { kind: 'crash', name: 'FuzzerError', message, stack: '', signature: `fuzzer bug: ${message}` };
}

export class FuzzLane {
  private worker: Promise<Worker> | undefined;

  constructor(private readonly setup: WorkerSetup, private readonly limits: LaneLimits) {}

  /**
   * Runs one request. The time limit counts from when the input is made: making a large input
   * (writing megabytes of YAML) is the campaign's work, not the reader's, and has its own
   * generous limit.
   */
  async run(request: WorkerRequest, timeLimitMs: number): Promise<LaneResult> {
    let worker: Worker;
    try {
      worker = await (this.worker ??= this.spawn());
    } catch (error) {
      // The next request gets another worker.
      this.worker = undefined;
      return { outcome: fuzzerBug(`the worker did not start: ${(error as Error).message}`), bytes: 0 };
    }
    return new Promise((resolve) => {
      const expire = (outcome: LaneResult['outcome']): void => {
        this.worker = undefined;
        void worker.terminate();
        done({ outcome, bytes: 0 });
      };
      let timer = setTimeout(() => expire(fuzzerBug(`making the input took over ${MAKING_LIMIT_MS} ms`)), MAKING_LIMIT_MS);
      const done = (result: LaneResult): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (reply: WorkerReply): void => {
        if ('made' in reply) {
          clearTimeout(timer);
          timer = setTimeout(() => expire({ kind: 'hang' }), timeLimitMs);
        } else if ('outcome' in reply) done(reply);
      };
      const onError = (error: Error): void => {
        this.worker = undefined;
        const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        done({ outcome: { kind: 'crash', name: error.name, message: error.message, stack: error.stack ?? '', signature: outOfMemory ? `out of memory (a ${this.limits.memoryMb} MB heap)` : `worker died: ${error.name}` }, bytes: 0 });
      };
      const onExit = (code: number): void => {
        this.worker = undefined;
        done({ outcome: { kind: 'crash', name: 'WorkerExit', message: `the worker exited with code ${code}`, stack: '', signature: `worker exited (${code})` }, bytes: 0 });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }

  /** A worker, once it has loaded the simulator and said it is ready. */
  private spawn(): Promise<Worker> {
    const worker = new Worker(join(__dirname, 'fuzzWorker.js'), {
      workerData: this.setup,
      // About the main thread's stack (V8's 984 KB), so a recursion that would overflow the CLI's stack overflows here too.
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, stackSizeMb: 1 },
    });
    // A worker that fails after its input was settled (terminated on a hang) must not take the campaign down.
    worker.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`no word from it in ${MAKING_LIMIT_MS} ms`));
      }, MAKING_LIMIT_MS);
      worker.once('message', (reply: WorkerReply) => {
        clearTimeout(timer);
        if ('ready' in reply) resolve(worker);
        else reject(new Error('its first message was not ready'));
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`it exited with code ${code}`));
      });
    });
  }
}
