import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign, type CampaignReport } from './campaign';
import { defaultCorpusFolders } from './fuzzCorpus';

/*
 * `npm run fuzz -- [--inputs N] [--seed S] [--out DIR] [--workers N] [--time-limit MS]
 * [--memory-limit MB] [FOLDER...]`: the fuzz campaign over examples/, test/fixtures/ and the
 * folders named. Reproducers go to --out, by default a folder under the system's temporary
 * directory, never into the repository. Exits 1 when anything crashed or hung.
 */

const USAGE = 'usage: npm run fuzz -- [--inputs N (100000)] [--seed S (1)] [--out DIR] [--workers N] [--time-limit MS (5000)] [--memory-limit MB (1024)] [FOLDER...]';

function whole(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive whole number, got ${JSON.stringify(raw)}\n${USAGE}`);
  return value;
}

/** The figures, one a line, then each distinct failure with its reproducer. */
export function formatReport(report: CampaignReport): string {
  const count = (value: number): string => value.toLocaleString('en-US');
  const lines = [
    `fuzz: seed ${JSON.stringify(report.seed)}, ${report.corpusFiles} seed files`,
    `  inputs         ${count(report.inputs)}`,
    `  clean results  ${count(report.results)}`,
    `  clean errors   ${count(report.cleanErrors)}  (${Object.entries(report.errorCodes).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${count(n)}`).join(', ')})`,
    `  crashes        ${count(report.crashes)}`,
    `  hangs          ${count(report.hangs)}  (over the limit once but done on a second run: ${count(report.slow)})`,
    `  largest input  ${(report.largestInputBytes / 1048576).toFixed(1)} MB`,
    `  peak memory    ${count(report.peakMemoryMb)} MB (resident, all workers)`,
    `  wall time      ${(report.wallMs / 1000).toFixed(1)} s`,
  ];
  for (const failure of report.failures) {
    lines.push('', `${failure.kind} x${failure.count}: ${failure.signature}`, `  input ${failure.index} from ${failure.file} (${failure.mutations.join(', ')})`);
    if (failure.message) lines.push(`  ${failure.message.split('\n')[0].slice(0, 200)}`);
    if (failure.reproducer) lines.push(`  reproducer: ${failure.reproducer}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { inputs: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, 'time-limit': { type: 'string' }, 'memory-limit': { type: 'string' } },
  });
  const seed = values.seed === undefined ? 1 : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const inputs = whole('inputs', values.inputs, 100_000);
  const reproducers = values.out ?? join(tmpdir(), `apigw-sim-fuzz-${seed}`);
  const report = await runCampaign({
    inputs, seed, reproducers,
    folders: [...defaultCorpusFolders(), ...positionals],
    ...(values.workers ? { workers: whole('workers', values.workers, 2) } : {}),
    timeLimitMs: whole('time-limit', values['time-limit'], 5000),
    memoryLimitMb: whole('memory-limit', values['memory-limit'], 1024),
    progress: (done) => process.stderr.write(`fuzz: ${done.toLocaleString('en-US')} of ${inputs.toLocaleString('en-US')} inputs\n`),
  });
  console.log(formatReport(report));
  if (report.failures.length > 0) console.log(`\nreproducers in ${reproducers}`);
  process.exitCode = report.crashes + report.hangs > 0 ? 1 : 0;
}

// `node --test` runs every file under out/test as its own process: it sets NODE_TEST_CONTEXT.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
