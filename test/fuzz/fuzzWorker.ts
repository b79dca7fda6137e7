import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ReaderContext } from '../../simulator/config/formatReader';
import { corpusSiblings, type CorpusFile } from './fuzzCorpus';
import { fuzzInput, type FuzzInput } from './fuzzInputs';
import { crashOutcome, runTarget, type Outcome } from './fuzzTarget';

/*
 * A worker thread of the campaign: it makes input `index` itself (or takes a given text, for
 * the shrinker) and runs it through the target. Each input runs in a worker so that a hang can
 * be ended by terminating the thread and a runaway allocation stops at the worker's heap limit,
 * while the campaign goes on. Under `node --test` (the main thread) this file does nothing.
 */

export interface WorkerSetup {
  corpus: CorpusFile[];
  seed: number | string;
}

export type WorkerRequest = { index: number } | { input: Pick<FuzzInput, 'file' | 'text' | 'routePick'> };

/** Ready once started; then, for each request, `made` when the input is made (the time limit starts) and `outcome` when it has run. */
export type WorkerReply = { ready: true } | { made: true } | { outcome: Outcome; bytes: number };

if (!isMainThread && parentPort) {
  const port = parentPort;
  // Crash stacks name the TypeScript lines.
  process.setSourceMapsEnabled(true);
  const { corpus, seed } = workerData as WorkerSetup;
  const siblings = new Map<string, ReaderContext['readSibling']>();
  const siblingsOf = (file: string): ReaderContext['readSibling'] => {
    let reader = siblings.get(file);
    if (!reader) siblings.set(file, (reader = corpusSiblings(corpus, file)));
    return reader;
  };
  port.on('message', (request: WorkerRequest) => {
    let input: Pick<FuzzInput, 'file' | 'text' | 'routePick'>;
    try {
      input = 'index' in request ? fuzzInput(corpus, seed, request.index) : request.input;
    } catch (error) {
      // A bug of the campaign itself: reported as a crash so that it is seen, named as the fuzzer's.
      const crash = crashOutcome(error);
      port.postMessage({ outcome: { ...crash, signature: `fuzzer bug: ${crash.signature}` }, bytes: 0 } satisfies WorkerReply);
      return;
    }
    port.postMessage({ made: true } satisfies WorkerReply);
    port.postMessage({ outcome: runTarget(input, siblingsOf(input.file)), bytes: Buffer.byteLength(input.text) } satisfies WorkerReply);
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}
