import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfig } from '../simulator/config/configFile';
import type { RealClient } from '../simulator/fidelity/clientTarget';
import type { ConnectionView } from '../simulator/fidelity/connectionView';
import { CURL_HAS_NO_WEBSOCKET, runCurlClient } from '../simulator/fidelity/curlClient';
import { allRows, HARNESS_ONE_WAY_MS, reducedRows, rowName, rowScenario, type ClientProfileName, type FidelityRow } from '../simulator/fidelity/fidelityRows';
import { formatTable, type TableRow } from '../simulator/fidelity/fidelityTable';
import { compareRow, interfaceMtu, measureReal, modelConnections } from '../simulator/fidelity/harnessRow';
import { headlessAlignment } from '../simulator/fidelity/headlessChromium';
import { MUTATIONS } from '../simulator/fidelity/modelMutations';
import { evaluateMutation, formatMutations, type MeasuredRow, type MutationOutcome } from '../simulator/fidelity/mutationRun';
import { runNodeClient } from '../simulator/fidelity/nodeClient';
import { runChromiumClient } from './chromiumClient';

/*
 * `npm run fidelity`: the model held against real programs on the wire (issue 13). For each
 * client profile (browser: Chromium; curl: curl; node: Node's https and ws) × API type × TLS
 * version, the real client talks to the stand-in gateway through the delay relay while dumpcap
 * captures loopback; the model runs the same row; tshark reads both; the table names every
 * difference in words. `-- --mutate` then holds deliberately broken models against the same
 * captures and ends with `mutations caught: K/N`. `-- --reduced`: one row per profile and API
 * type. `-- --only TEXT`: the rows whose name contains TEXT. `-- --json FILE`: the results for the tests.
 *
 * It runs in a network namespace of its own (unshare -n, as root): a private loopback whose
 * MTU is set to 1500, the Ethernet MTU the model assumes for the path to the Region, with
 * segmentation offload limited to one segment, and whose ports 443 and 8443 nobody else uses. The rows run one at a time.
 */

const NAMESPACE_FLAG = 'APIGW_FIDELITY_NETNS';
const MTU = 1500;

const CLIENTS: Record<ClientProfileName, RealClient> = { browser: runChromiumClient, curl: runCurlClient, node: runNodeClient };

function reexecInNamespace(): number {
  // gso_max_segs 1: the kernel hands the capture one MTU-sized segment per packet, as a NIC
  // puts them on the wire, not the up-to-64 KB GSO packets loopback passes by default.
  const script = `ip link set lo up mtu ${MTU} gso_max_segs 1 && exec "$0" "$@"`;
  const result = spawnSync('unshare', ['--net', '--', 'sh', '-c', script, process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, [NAMESPACE_FLAG]: '1' } });
  if (result.error) throw new Error(`unshare failed (the harness needs root and util-linux's unshare): ${result.error.message}`);
  return result.status ?? 1;
}

export interface FidelityJson {
  rows: { name: string; notMeasured?: string; differences?: string[]; negotiated?: string; instrument?: string; aligned?: readonly string[] }[];
  mutations?: MutationOutcome[];
}

async function main(): Promise<void> {
  if (process.env[NAMESPACE_FLAG] !== '1') {
    process.exitCode = reexecInNamespace();
    return;
  }
  const args = process.argv.slice(2);
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
    process.stderr.write(`measuring ${name}\n`);
    const real = await measureReal(row, scenario, CLIENTS[row.profile]);
    const baseline = modelConnections(scenario.model(real.conditions));
    const comparison = compareRow(baseline, real.connections);
    const negotiated = real.negotiated.map((connection) => `${connection.alpn} ${connection.tlsVersion} ${connection.cipher}`).join('; ');
    const { relayMedian, relayMax, standInMax } = real.lateness;
    const instrument = `the capture shows the relay passing segments on ${relayMedian.toFixed(1)} ms late (median; max ${relayMax.toFixed(1)}), the stand-in's waits ended up to ${standInMax.toFixed(1)} ms late: both only add to the real time`;
    const headless = headlessAlignment(row.profile);
    table.push({ name, comparison, negotiated, instrument, ...(headless ? { aligned: [headless.note] } : {}) });
    measured.push({
      name, real: real.connections, baseline, baselineComparison: comparison,
      remodel: (variation): ConnectionView[] => modelConnections(scenario.model(real.conditions, variation)),
    });
  }
  const versions = `${execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0].split(' ').slice(0, 2).join(' ')}, ${execFileSync('chromium', ['--version'], { encoding: 'utf8' }).trim()}, Node ${process.version}`;
  process.stdout.write(`${formatTable(table, `Fidelity: model vs real programs on loopback (MTU ${interfaceMtu()}), ${HARNESS_ONE_WAY_MS} ms one-way delay in a user-space relay; ${versions}`)}\n`);
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
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  // Exit rather than wait: a child or listener that failed to close would keep the event loop, and the run, alive.
  process.exit(1);
});
