import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { readCorpus } from './fuzzCorpus';
import { fuzzInput } from './fuzzInputs';
import { FuzzLane, type LaneResult } from './fuzzLane';
import type { Outcome } from './fuzzTarget';
import { shrinkLines } from './shrink';

/*
 * The fuzz campaign: inputs 0..n-1 of one seed through the target in worker lanes, tallied as
 * results, clean errors, crashes and hangs; each distinct crash (by signature) and the first
 * hangs are shrunk and written as reproducers. An input over the time limit runs once more,
 * alone on a fresh worker with four times the limit, before it counts as a hang, so a loaded
 * machine does not make one.
 */

export interface CampaignOptions {
  inputs: number;
  seed: number | string;
  /** Folders of seed files. */
  folders: readonly string[];
  workers?: number;
  timeLimitMs?: number;
  memoryLimitMb?: number;
  /** Where minimised reproducers are written; none are written without it. */
  reproducers?: string;
  /** Called now and then with the inputs done. */
  progress?: (done: number) => void;
}

export interface Failure {
  kind: 'crash' | 'hang';
  signature: string;
  count: number;
  /** The first input that failed this way: `fuzzInput(corpus, seed, index)` makes it again. */
  index: number;
  file: string;
  mutations: string[];
  message: string;
  stack: string;
  reproducer?: string;
}

export interface CampaignReport {
  seed: number | string;
  corpusFiles: number;
  inputs: number;
  results: number;
  cleanErrors: number;
  crashes: number;
  hangs: number;
  /** Over the time limit once, within four times it on the second run. */
  slow: number;
  largestInputBytes: number;
  /** The process's peak resident memory, workers included, in MB. */
  peakMemoryMb: number;
  wallMs: number;
  errorCodes: Record<string, number>;
  failures: Failure[];
}

const DEFAULT_TIME_LIMIT_MS = 5000;
const DEFAULT_MEMORY_LIMIT_MB = 1024;
const HANGS_SHRUNK = 3;

export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = Date.now();
  const corpus = readCorpus(options.folders);
  if (corpus.length === 0) throw new Error(`no config files under ${options.folders.join(', ')}`);
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const setup = { corpus, seed: options.seed };
  const limits = { memoryMb: options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB };
  const lanes = Array.from({ length: Math.max(1, options.workers ?? Math.min(2, availableParallelism())) }, () => new FuzzLane(setup, limits));
  const report: CampaignReport = {
    seed: options.seed, corpusFiles: corpus.length, inputs: 0, results: 0, cleanErrors: 0, crashes: 0, hangs: 0, slow: 0,
    largestInputBytes: 0, peakMemoryMb: 0, wallMs: 0, errorCodes: {}, failures: [],
  };
  const bySignature = new Map<string, Failure>();
  const record = (index: number, outcome: Outcome | { kind: 'hang' }): void => {
    report.inputs++;
    if (outcome.kind === 'result') report.results++;
    else if (outcome.kind === 'clean-error') {
      report.cleanErrors++;
      report.errorCodes[outcome.code] = (report.errorCodes[outcome.code] ?? 0) + 1;
    } else {
      const signature = outcome.kind === 'hang' ? `hang over ${timeLimitMs * 4} ms` : outcome.signature;
      if (outcome.kind === 'hang') report.hangs++;
      else report.crashes++;
      const known = bySignature.get(signature);
      if (known && outcome.kind === 'crash') known.count++;
      else {
        // Made again here only to name it; a fuzzer bug that broke making it in the worker breaks it here too.
        const input = outcome.kind === 'crash' && outcome.signature.startsWith('fuzzer bug') ? { file: '?', mutations: [] } : fuzzInput(corpus, options.seed, index);
        const failure: Failure = {
          kind: outcome.kind, signature: outcome.kind === 'hang' ? `${signature} (input ${index})` : signature, count: 1, index, file: input.file, mutations: input.mutations,
          message: outcome.kind === 'crash' ? outcome.message : '', stack: outcome.kind === 'crash' ? outcome.stack : '',
        };
        bySignature.set(failure.signature, failure);
        report.failures.push(failure);
      }
    }
  };
  let next = 0;
  const every = Math.max(1, Math.floor(options.inputs / 20));
  try {
    await Promise.all(lanes.map(async (lane) => {
      for (let index = next++; index < options.inputs; index = next++) {
        let result: LaneResult = await lane.run({ index }, timeLimitMs);
        if (result.outcome.kind === 'hang') {
          result = await lane.run({ index }, timeLimitMs * 4);
          if (result.outcome.kind !== 'hang') report.slow++;
        }
        report.largestInputBytes = Math.max(report.largestInputBytes, result.bytes);
        record(index, result.outcome);
        if (report.inputs % every === 0) options.progress?.(report.inputs);
      }
    }));
    if (options.reproducers) await writeReproducers(report, options.reproducers, lanes[0], corpus, options.seed, timeLimitMs);
  } finally {
    // Workers left running would keep the process (and a `node --test` run) alive after a failure.
    await Promise.all(lanes.map((lane) => lane.close()));
  }
  report.failures.sort((a, b) => a.index - b.index);
  report.peakMemoryMb = Math.round(process.resourceUsage().maxRSS / 1024);
  report.wallMs = Date.now() - started;
  return report;
}

/** Each distinct crash and the first hangs, shrunk while they fail the same way, as `<n>-<signature>.<ext>` and a note beside it. */
async function writeReproducers(report: CampaignReport, folder: string, lane: FuzzLane, corpus: Parameters<typeof fuzzInput>[0], seed: number | string, timeLimitMs: number): Promise<void> {
  mkdirSync(folder, { recursive: true });
  let hangs = 0;
  for (const [number, failure] of report.failures.entries()) {
    if ((failure.kind === 'hang' && ++hangs > HANGS_SHRUNK) || failure.signature.startsWith('fuzzer bug')) continue;
    const input = fuzzInput(corpus, seed, failure.index);
    const failsAlike = async (text: string): Promise<boolean> => {
      const { outcome } = await lane.run({ input: { file: input.file, text, routePick: input.routePick } }, timeLimitMs);
      return failure.kind === 'hang' ? outcome.kind === 'hang' : outcome.kind === 'crash' && outcome.signature === failure.signature;
    };
    const shrunk = await shrinkLines(input.text, failsAlike, { tries: failure.kind === 'hang' ? 40 : 400, deadline: Date.now() + 120_000, now: Date.now });
    const slug = failure.signature.replace(/[^A-Za-z0-9.]+/g, '-').slice(0, 80);
    const path = join(folder, `${number + 1}-${slug}${extname(input.file) || '.txt'}`);
    writeFileSync(path, shrunk);
    writeFileSync(`${path}.txt`, [
      `${failure.kind}: ${failure.signature} (${failure.count} inputs)`,
      `first input: seed ${JSON.stringify(seed)}, index ${failure.index}, from ${input.file} (read with that name: ${basename(input.file)})`,
      `mutations: ${input.mutations.join(', ')}`,
      `shrunk from ${input.text.split('\n').length} lines to ${shrunk.split('\n').length}`,
      '', failure.message, failure.stack, '',
    ].join('\n'));
    failure.reproducer = path;
  }
}
