import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

/*
 * The reduced fidelity harness (issue 13): one row per client profile and API type, TLS 1.3,
 * run by `npm run fidelity -- --reduced --mutate` (out/bench/fidelity.js) in a network
 * namespace of its own: real Chromium, curl and Node against the stand-in gateway, captured
 * with dumpcap and read with tshark, held against the model. Chromium, curl, tshark/dumpcap and
 * playwright-core are required: without them this fails (CI installs them:
 * .ci/install-test-packages.sh, .ci/install-code-server.sh).
 *
 * What it asserts is what is true today, listed explicitly, so that a model fix flips an
 * assertion and whoever lands it updates the list: the real side is the real programs' (their
 * ALPN choices), what now agrees (the server's flight, the hellos, Node's requests), the
 * differences the model still has, and every mutation of the model side caught.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const HARNESS = join(ROOT, 'out', 'bench', 'fidelity.js');

interface HarnessJson {
  rows: { name: string; notMeasured?: string; differences?: string[]; negotiated?: string; aligned?: string[] }[];
  mutations: { mutation: string; caught: boolean; rows: { row: string; verdict: 'caught' | 'missed' | 'unchanged' }[] }[];
}

const PROFILES = ['browser', 'curl', 'node'] as const;
const APIS = ['REST', 'HTTP', 'WebSocket'] as const;

describe('the fidelity harness, reduced (one row per client profile and API type)', () => {
  let directory: string;
  let result: HarnessJson;
  let output: string;

  before(() => {
    for (const [program, args] of [['chromium', ['--version']], ['curl', ['--version']], ['tshark', ['--version']], ['dumpcap', ['--version']], ['unshare', ['--version']]] as const) {
      try {
        execFileSync(program, [...args], { stdio: 'ignore' });
      } catch (error) {
        throw new Error(`${program} is required by the fidelity harness and is not runnable here (${(error as Error).message}); .ci/install-test-packages.sh installs it`);
      }
    }
    directory = mkdtempSync(join(tmpdir(), 'apigw-harness-test-'));
    const jsonFile = join(directory, 'fidelity.json');
    const run = spawnSync(process.execPath, [HARNESS, '--reduced', '--mutate', '--json', jsonFile], { encoding: 'utf8', timeout: 170_000, maxBuffer: 64 * 1024 * 1024 });
    output = run.stdout;
    assert.ok(run.error === undefined, `the harness did not finish: ${run.error?.message}\n${run.stderr}`);
    assert.ok(run.status === 0 || run.status === 1, `the harness failed (status ${run.status}, signal ${run.signal}):\n${run.stderr}`);
    result = JSON.parse(readFileSync(jsonFile, 'utf8')) as HarnessJson;
  });

  after(() => rmSync(directory, { recursive: true, force: true }));

  const row = (profile: string, api: string): HarnessJson['rows'][number] => result.rows.find((candidate) => candidate.name === `${profile} × ${api} × TLS 1.3`)!;

  it('measures every profile × API type but curl × WebSocket, which Debian\'s curl cannot play', () => {
    assert.deepEqual(result.rows.map((candidate) => candidate.name), PROFILES.flatMap((profile) => APIS.map((api) => `${profile} × ${api} × TLS 1.3`)));
    assert.match(row('curl', 'WebSocket').notMeasured ?? '', /without WebSocket support/);
    for (const candidate of result.rows.filter((other) => other.name !== 'curl × WebSocket × TLS 1.3')) assert.ok(candidate.differences, `${candidate.name} measured`);
  });

  it('takes the client\'s side from the real programs: their own ALPN offers decide HTTP/2 or HTTP/1.1', () => {
    // Chromium and curl offer h2 and the stand-in (as API Gateway) prefers it; Node's https and ws offer no ALPN; a browser's WebSocket offers http/1.1 only.
    assert.match(row('browser', 'REST').negotiated!, /^h2 TLSv1\.3 /);
    assert.match(row('browser', 'HTTP').negotiated!, /^h2 TLSv1\.3 /);
    assert.match(row('curl', 'REST').negotiated!, /^h2 TLSv1\.3 /);
    assert.match(row('browser', 'WebSocket').negotiated!, /^http\/1\.1 TLSv1\.3 /);
    for (const api of APIS) assert.match(row('node', api).negotiated!, /^none TLSv1\.3 /);
  });

  it('finds the server\'s handshake, Chromium\'s and curl\'s ClientHellos and Node\'s requests as the programs write them, and names what still differs', () => {
    for (const candidate of result.rows.filter((other) => other.differences)) {
      // Linux's segments of the server's flight (ServerHello to Finished, split at the MSS) and every handshake record agree.
      assert.ok(!candidate.differences!.some((difference) => /^server TLS records #[1-6]: /.test(difference)), `${candidate.name}: ${candidate.differences!.join('\n')}`);
    }
    // Chromium's and curl's hellos, byte for byte (Chromium's ECH GREASE size aligned first); Chromium's for a WebSocket offers http/1.1 alone.
    for (const [profile, api] of [['browser', 'REST'], ['browser', 'HTTP'], ['browser', 'WebSocket'], ['curl', 'REST'], ['curl', 'HTTP']] as const) {
      assert.ok(!row(profile, api).differences!.some((difference) => difference.startsWith('client TLS records #1: ')), `${profile} × ${api}`);
    }
    // Chromium's requests as it writes them: every HEADERS frame (fetch() and preflight, HPACK and all) and the WebSocket
    // Upgrade's head, once the model is told headless Chromium's User-Agent (the one alignment, printed); and the
    // RST_STREAM(CANCEL) it sends on the CORS-blocked REST response's stream, a TLS record of its own.
    for (const api of APIS) {
      const differences = row('browser', api).differences!.filter((difference) => /^client (HTTP\/2 frames|HTTP\/1\.1)/.test(difference));
      assert.deepEqual(differences, [], `browser × ${api}`);
      assert.match(row('browser', api).aligned?.join('\n') ?? '', /HeadlessChrome\/156/);
    }
    // Node writes its request as the model does (header order, Finished and request in one write), and closes as the
    // model's node profile does: a FIN with no close_notify, a RST for the stand-in's close_notify. Its packets agree.
    for (const api of ['REST', 'HTTP'] as const) {
      const differences = row('node', api).differences!.filter((difference) => /^client (packets|TLS records|HTTP\/1\.1)/.test(difference));
      assert.deepEqual(differences, [], `node × ${api}`);
    }
    // No client sends a close_notify as it closes, in the model as in the captures (tlsProfiles.ts TlsClientClose).
    for (const candidate of result.rows.filter((other) => other.differences)) {
      assert.ok(!candidate.differences!.some((difference) => /^client TLS records #\d+: model (alert|application_data 19 B)/.test(difference)), `${candidate.name}: ${candidate.differences!.join('\n')}`);
    }
    // Chromium's records on the REST row, the RST_STREAM's among them, are the model's, and so are its data segments.
    const restClient = row('browser', 'REST').differences!;
    assert.deepEqual(restClient.filter((difference) => difference.startsWith('client TLS records')), [], restClient.join('\n'));
    const [modelData, realData] = [...(restClient.find((difference) => difference.startsWith('client packets: ')) ?? '').matchAll(/with data: ([\d, ]+);/g)].map((match) => match[1]);
    assert.equal(modelData, realData, `browser × REST: ${restClient.join('\n')}`);
    // Chromium and curl write Finished, the h2 preface and the request in three writes, and so does the model: curl's
    // data segments agree.
    for (const api of ['REST', 'HTTP'] as const) {
      const packets = row('curl', api).differences!.find((difference) => difference.startsWith('client packets: ')) ?? '';
      const [model, real] = [...packets.matchAll(/with data: ([\d, ]+);/g)].map((match) => match[1]);
      assert.equal(model, real, `curl × ${api}: ${packets}`);
    }
  });

  it('finds the server\'s close of a WebSocket as ws writes it: close frame, close_notify and FIN apart', () => {
    // The server's data segments agree in both WebSocket rows (its pure ACKs depend on the relay's timing and are left out here).
    for (const profile of ['browser', 'node'] as const) {
      const packets = row(profile, 'WebSocket').differences!.find((difference) => difference.startsWith('server packets: ')) ?? '';
      const [model, real] = [...packets.matchAll(/with data: ([\d, ]+);/g)].map((match) => match[1]);
      assert.equal(model, real, `${profile} × WebSocket: ${packets}`);
    }
  });

  it('catches every mutation of the model side', () => {
    const byName = new Map(result.mutations.map((outcome) => [outcome.mutation, outcome]));
    assert.deepEqual([...byName.keys()], [
      'an extra 500-byte response header', 'one TLS record per segment', 'a gateway step 300 ms slower', 'a ClientHello 10% larger', 'client frames unmasked', 'a missing preflight',
    ]);
    // Since the model segments as Linux does, one TLS record per segment is a change the capture shows.
    for (const outcome of result.mutations) {
      assert.equal(outcome.caught, true, `${outcome.mutation}: ${JSON.stringify(outcome.rows)}`);
      assert.ok(outcome.rows.some((candidate) => candidate.verdict === 'caught'));
    }
    assert.equal(byName.get('client frames unmasked')!.rows.filter((candidate) => candidate.verdict === 'caught').length, 2, 'both WebSocket rows');
    assert.deepEqual(byName.get('a missing preflight')!.rows.filter((candidate) => candidate.verdict === 'caught').map((candidate) => candidate.row), ['browser × HTTP × TLS 1.3']);
    assert.equal(output.trimEnd().split('\n').at(-1), 'mutations caught: 6/6');
  });
});
