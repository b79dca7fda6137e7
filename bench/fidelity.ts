import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfig } from '../simulator/config/configFile';
import type { ConnectionView } from '../simulator/fidelity/connectionView';
import { CURL_HAS_NO_WEBSOCKET } from '../simulator/fidelity/curlClient';
import { allRows, HARNESS_ONE_WAY_MS, reducedRows, rowName, rowScenario, type FidelityRow } from '../simulator/fidelity/fidelityRows';
import { formatTable, type TableRow } from '../simulator/fidelity/fidelityTable';
import { measureReal, modelConnections, type RealMeasurement } from '../simulator/fidelity/harnessRow';
import { compareWithRuns } from '../simulator/fidelity/repeatedRuns';
import { CLIENTS, interfaceMtu } from '../simulator/fidelity/harnessRun';
import { alignmentNotes, instrumentText, negotiatedText } from '../simulator/fidelity/routeMeasurement';
import { toolMissing } from '../simulator/fidelity/harnessChild';
import { LiveError } from '../simulator/live/liveError';
import { ParameterError, SimulatorError } from '../simulator/errors';
import { MUTATIONS } from '../simulator/fidelity/modelMutations';
import { evaluateMutation, formatMutations, type MeasuredRow, type MutationOutcome } from '../simulator/fidelity/mutationRun';

/*
 * `npm run fidelity`: the model held against real programs on the wire (issue 13). For each
 * client profile (browser: Chromium; curl: curl; node: Node's https and ws) × API type × TLS
 * version, the real client talks to the stand-in gateway through the delay relay while dumpcap
 * captures loopback; the model runs the same row; tshark reads both; the table names every
 * difference in words. `-- --mutate` then holds deliberately broken models against the same
 * captures and ends with `mutations caught: K/N`. `-- --reduced`: one row per profile and API
 * type. `-- --only TEXT`: the rows whose name contains TEXT. `-- --runs N`: each row's real run N times
 * (default 3, 1 with --reduced); the model is held against the closest run and the runs' median time. `-- --json FILE`: the results for the tests.
 *
 * It runs in a network namespace of its own (unshare -n, as root): a private loopback whose
 * MTU is set to 1500, the Ethernet MTU the model assumes for the path to the Region, with
 * segmentation offload limited to one segment, and whose ports 443 and 8443 nobody else uses. The rows run one at a time.
 */

const NAMESPACE_FLAG = 'APIGW_FIDELITY_NETNS';
const MTU = 1500;

function reexecInNamespace(): number {
  // unshare -n needs CAP_SYS_ADMIN: said before trying, with what to do instead, rather than as unshare's EPERM.
  if (process.getuid?.() !== 0) {
    throw new LiveError('LIVE_PERMISSION_DENIED', 'npm run fidelity runs in a network namespace of its own (unshare -n: a private loopback on the fixed ports 443 and 8443, MTU 1500), which needs root: run it as root (sudo npm run fidelity), or measure one route without root, with only dumpcap\'s capture right, by `apigw-sim live <config> --route KEY --client browser|curl|node`');
  }
  // gso_max_segs 1: the kernel hands the capture one MTU-sized segment per packet, as a NIC
  // puts them on the wire, not the up-to-64 KB GSO packets loopback passes by default.
  const script = `ip link set lo up mtu ${MTU} gso_max_segs 1 && exec "$0" "$@"`;
  const result = spawnSync('unshare', ['--net', '--', 'sh', '-c', script, process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, [NAMESPACE_FLAG]: '1' } });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw toolMissing('unshare');
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export interface FidelityJson {
  rows: { name: string; notMeasured?: string; differences?: string[]; negotiated?: string; instrument?: string; aligned?: readonly string[] }[];
  mutations?: MutationOutcome[];
}

async function main(): Promise<void> {
  // `--runs=3` is read as `--runs 3`.
  const args = process.argv.slice(2).flatMap((arg) => (/^--[a-z]+=/.test(arg) ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]));
  // Each row's real run repeated (default 3; 1 for --reduced, the test's harness): the real programs vary from run to run (repeatedRuns.ts).
  // Checked before the namespace is made, so a wrong value is said at once.
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : args.includes('--reduced') ? 1 : 3;
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new ParameterError('--runs', String(args[args.indexOf('--runs') + 1]), 'a whole number from 1 to 20');
  if (process.env[NAMESPACE_FLAG] !== '1') {
    process.exitCode = reexecInNamespace();
    return;
  }
  const jsonFile = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const model = readConfig(resolve(__dirname, '../../examples/shop/template.yaml')).model;
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const rows: FidelityRow[] = (args.includes('--reduced') ? reducedRows() : allRows()).filter((row) => only === undefined || rowName(row).includes(only));
  const table: TableRow[] = [];
  const measured: MeasuredRow[] = [];
  for (const row of rows) {
    const name = rowName(row);
    if (row.profile === 'curl' && row.api === 'WebSocket') {
      table.push({ name, notMeasured: CURL_HAS_NO_WEBSOCKET });
      continue;
    }
    const scenario = rowScenario(model, row.api);
    const reals: RealMeasurement[] = [];
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`measuring ${name}${runs > 1 ? ` (run ${run}/${runs})` : ''}\n`);
      reals.push(await measureReal(row, scenario, CLIENTS[row.profile], { ports: 'namespace' }));
    }
    // Each run's model trace under its conditions, as the harness ran it (its page's close included): not simulated again here.
    const models = reals.map((real) => modelConnections(real.model));
    const repeated = compareWithRuns(models, reals.map((real) => real.connections));
    const real = reals[repeated.closest];
    const comparison = repeated.comparison;
    const negotiated = negotiatedText(real);
    const instrument = instrumentText(real);
    const aligned = alignmentNotes(row.profile, real);
    table.push({ name, comparison, negotiated, instrument, ...(aligned.length > 0 ? { aligned } : {}), runs: { count: runs, closest: repeated.closest, variation: repeated.variation, differencesPerRun: repeated.differencesPerRun } });
    measured.push({
      name, real: real.connections, baseline: models[repeated.closest], baselineComparison: comparison, realTimes: repeated.realTimes,
      remodel: (variation): ConnectionView[] => modelConnections(scenario.model(real.conditions, variation)),
    });
  }
  const versions = `${execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0].split(' ').slice(0, 2).join(' ')}, ${execFileSync('chromium', ['--version'], { encoding: 'utf8' }).trim()}, Node ${process.version}`;
  process.stdout.write(`${formatTable(table, `Fidelity: model vs real programs on loopback (MTU ${await interfaceMtu()}), ${HARNESS_ONE_WAY_MS} ms one-way delay in a user-space relay; ${versions}`)}\n`);
  const json: FidelityJson = { rows: table.map((row) => ({ name: row.name, ...(row.notMeasured ? { notMeasured: row.notMeasured } : {}), ...(row.comparison ? { differences: row.comparison.differences } : {}), ...(row.negotiated ? { negotiated: row.negotiated } : {}), ...(row.instrument ? { instrument: row.instrument } : {}), ...(row.aligned ? { aligned: row.aligned } : {}) })) };
  if (args.includes('--mutate')) {
    const outcomes = MUTATIONS.map((mutation) => evaluateMutation(mutation, measured));
    json.mutations = outcomes;
    process.stdout.write(`\n${formatMutations(outcomes)}\n`);
    if (outcomes.some((outcome) => !outcome.caught)) process.exitCode = 1;
  }
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(json, null, 2));
}

main().catch((error: unknown) => {
  // A typed harness error is the user's to act on: its code and message, without a stack.
  process.stderr.write(`${error instanceof SimulatorError ? `fidelity: [${error.code}] ${error.message}` : error instanceof Error ? error.stack : String(error)}\n`);
  // Exit rather than wait: a child or listener that failed to close would keep the event loop, and the run, alive.
  process.exit(1);
});
