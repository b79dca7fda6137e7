import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { LiveError } from '../../../simulator/live/liveError';
import type { ClientTarget } from '../../../simulator/fidelity/clientTarget';
import { HarnessChild } from '../../../simulator/fidelity/harnessChild';
import { measureHarness, type HarnessTarget } from '../../../simulator/fidelity/harnessRun';
import { PacketCapture } from '../../../simulator/fidelity/packetCapture';
import { apiHost, type GatewayModel } from '../../../simulator/model/gateway';
import { runScenario } from '../../../simulator/scenario/registry';
import { findApi } from '../../../simulator/scenario/routeRequest';
import { descendants, eventually, isAlive, isListening } from '../../helpers/leftovers';

/*
 * The live harness's robustness (issue 13 part 5): its children stop as whole process groups and
 * do not outlive it, however it ends; a run races a time limit and an abort and closes what it
 * opened; the capture is known to be running by a probe it sees; a missing tool or right is a
 * typed error that says what to do. Needs dumpcap, tshark and root (CI has them), as the
 * reduced fidelity harness does.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const OUT = join(ROOT, 'out', 'simulator', 'fidelity');
const BANKING = resolve(ROOT, 'examples/banking/template.yaml');
const GUARD = { timeout: 60_000 };

/** Runs `source` in a fresh node process; resolves with its stdout lines as they come, and its exit. */
function nodeScript(source: string, options: { uid?: number } = {}): { lines: AsyncIterableIterator<string>; child: ReturnType<typeof spawn>; exited: Promise<number | null> } {
  const command = options.uid === undefined ? process.execPath : 'setpriv';
  const args = options.uid === undefined ? ['-e', source] : [`--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', process.execPath, '-e', source];
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    queue.push(...parts);
    wake?.();
  });
  const lines = (async function* (): AsyncIterableIterator<string> {
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  })();
  return { lines, child, exited };
}

async function nextLine(lines: AsyncIterableIterator<string>): Promise<string> {
  return (await lines.next()).value as string;
}

function bankingTarget(model: GatewayModel, profile: HarnessTarget['profile'] = 'node'): HarnessTarget {
  const api = findApi(model, 'core-banking');
  return {
    host: apiHost(api), profile, tlsVersion: '1.3',
    model: (conditions) => runScenario(model, { apiId: api.id, routeKey: 'GET /accounts/{accountId}/balance' }, 'request', conditions).trace,
  };
}

/** A client that plays nothing: it waits for the run's signal (a harness that hangs in the client's hands). */
function hangingClient(seen: { target?: ClientTarget }): (target: ClientTarget) => Promise<void> {
  return (target) => {
    seen.target = target;
    return new Promise<void>((resolve) => target.signal.addEventListener('abort', () => resolve(), { once: true }));
  };
}

describe('the live harness\'s children', () => {
  it('stops a child\'s whole process group, grandchildren too', GUARD, async () => {
    const shell = HarnessChild.spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], ['ignore', 'pipe', 'ignore']);
    const grandchild = await new Promise<number>((resolve) => shell.process.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    assert.ok(isAlive(grandchild));
    await shell.stop('SIGTERM');
    assert.ok(await eventually(() => !isAlive(grandchild), 2000), `sleep ${grandchild} outlived its group's stop`);
  });

  it('kills every child group still running when the harness\'s process ends with an uncaught error', GUARD, async () => {
    const script = nodeScript(`
      const { HarnessChild } = require(${JSON.stringify(join(OUT, 'harnessChild.js'))});
      const child = HarnessChild.spawn('sleep', ['30'], 'ignore');
      console.log(child.pid);
      setTimeout(() => { throw new Error('the harness failed'); }, 100);
    `);
    const pid = Number(await nextLine(script.lines));
    assert.notEqual(await script.exited, 0);
    assert.ok(await eventually(() => !isAlive(pid), 2000), `sleep ${pid} outlived the process that started it`);
  });

  it('leaves no relay or capture running when the harness\'s process is killed outright', GUARD, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-harness-kill-'));
    try {
      const script = nodeScript(`
        const { RelayChild } = require(${JSON.stringify(join(OUT, 'relayChild.js'))});
        const { PacketCapture } = require(${JSON.stringify(join(OUT, 'packetCapture.js'))});
        (async () => {
          const relay = await RelayChild.start(9, 20, 0);
          const capture = await PacketCapture.start(${JSON.stringify(join(directory, 'kill.pcapng'))}, [relay.port], { probePort: relay.port, maxSeconds: 3 });
          console.log(relay.port + ' ' + relay.child.pid + ' ' + capture.child.pid);
        })();
      `);
      const [port, relayPid, dumpcapPid] = (await nextLine(script.lines)).split(' ').map(Number);
      assert.ok(isAlive(relayPid) && isAlive(dumpcapPid) && await isListening(port));
      script.child.kill('SIGKILL');
      await script.exited;
      // The relay's stdin ends with its parent; dumpcap's own autostop (3 s) ends the capture.
      assert.ok(await eventually(() => !isAlive(relayPid), 3000), 'the relay outlived its parent');
      assert.equal(await isListening(port), false);
      assert.ok(await eventually(() => !isAlive(dumpcapPid), 6000), 'dumpcap outlived its parent');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the live harness\'s capture', () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'apigw-harness-capture-'));
    chmodSync(directory, 0o777);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('is running once its start probe is in the file, and holds everything sent before its end probe', GUARD, async () => {
    const file = join(directory, 'probe.pcapng');
    const capture = await PacketCapture.start(file, [9], { probePort: 9, maxSeconds: 30 });
    await capture.stop();
    const output = spawnSync('tshark', ['-r', file, '-n', '-T', 'fields', '-e', 'data.data'], { encoding: 'utf8' }).stdout;
    const probes = output.split('\n').filter((line) => line !== '').map((hex) => Buffer.from(hex, 'hex').toString());
    assert.match(probes[0], /^apigw-probe-start-[0-9a-f]{16}$/);
    assert.match(probes.at(-1)!, /^apigw-probe-end-[0-9a-f]{16}$/);
  });

  it('says which right is missing when the user may not capture (LIVE_PERMISSION_DENIED)', GUARD, async () => {
    // nobody, without the wireshark group's capture capability.
    const script = nodeScript(`
      const { PacketCapture } = require(${JSON.stringify(join(OUT, 'packetCapture.js'))});
      PacketCapture.start(${JSON.stringify(join(directory, 'denied.pcapng'))}, [9], { probePort: 9, maxSeconds: 5 })
        .then(() => console.log('{"captured":true}'), (error) => console.log(JSON.stringify({ code: error.code, message: error.message })));
    `, { uid: 65534 });
    const outcome = JSON.parse(await nextLine(script.lines)) as { code?: string; message?: string };
    await script.exited;
    assert.equal(outcome.code, 'LIVE_PERMISSION_DENIED', JSON.stringify(outcome));
    assert.match(outcome.message!, /You do not have permission to capture on device "lo"/);
    assert.match(outcome.message!, /Run as root, or .*dpkg-reconfigure wireshark-common.*usermod -aG wireshark/);
  });

  it('says that npm run fidelity\'s network namespace needs root, and what runs without it (LIVE_PERMISSION_DENIED)', GUARD, () => {
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(ROOT, 'out', 'bench', 'fidelity.js'), '--only', 'node × REST'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /^fidelity: \[LIVE_PERMISSION_DENIED\] npm run fidelity runs in a network namespace .* needs root: run it as root .*apigw-sim live <config> --route KEY --client/);
  });

  it('names the package to install when dumpcap is missing (LIVE_TOOL_MISSING)', GUARD, async () => {
    const path = process.env.PATH;
    process.env.PATH = join(directory, 'no-tools-here');
    try {
      await assert.rejects(PacketCapture.start(join(directory, 'missing.pcapng'), [9], { probePort: 9, maxSeconds: 5 }), (error: unknown) => {
        assert.ok(error instanceof LiveError);
        assert.equal(error.code, 'LIVE_TOOL_MISSING');
        assert.match(error.message, /dumpcap is not installed.*apt-get install wireshark-common/);
        return true;
      });
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('a measured run of the live harness', () => {
  const model = readConfig(BANKING).model;

  /** Runs `body` and checks that afterwards no child of this process runs and the relay's port is closed. */
  async function leavesNothing(body: (seen: { target?: ClientTarget }) => Promise<void>): Promise<void> {
    const before = new Set(descendants());
    const seen: { target?: ClientTarget } = {};
    await body(seen);
    assert.ok(seen.target, 'the client was started');
    assert.ok(await eventually(() => descendants().filter((line) => !before.has(line)).length === 0, 5000), `left running: ${descendants().filter((line) => !before.has(line)).join(', ')}`);
    assert.equal(await isListening(seen.target.relayPort), false, 'the relay still listens');
  }

  it('rejects with LIVE_TIME_LIMIT when it takes longer than its limit, and closes everything it opened', GUARD, async () => {
    await leavesNothing(async (seen) => {
      await assert.rejects(measureHarness(bankingTarget(model), { client: hangingClient(seen), timeLimitMs: 4000 }), (error: unknown) => error instanceof LiveError && error.code === 'LIVE_TIME_LIMIT');
    });
  });

  it('rejects with LIVE_ABORTED when aborted while the client plays, and closes everything it opened', GUARD, async () => {
    await leavesNothing(async (seen) => {
      const controller = new AbortController();
      const running = measureHarness(bankingTarget(model), { client: (target) => {
        setTimeout(() => controller.abort(), 200);
        return hangingClient(seen)(target);
      }, signal: controller.signal });
      await assert.rejects(running, (error: unknown) => error instanceof LiveError && error.code === 'LIVE_ABORTED');
    });
  });

  it('closes what was still starting when aborted at its first step (the stand-in, the relay process, the capture)', GUARD, async () => {
    for (const step of ['starting the stand-in gateway and the delay relay', 'starting the capture']) {
      const before = new Set(descendants());
      const servers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap').length;
      const serversBefore = servers();
      const controller = new AbortController();
      await assert.rejects(measureHarness(bankingTarget(model), {
        signal: controller.signal,
        report: (message) => {
          if (message === step) controller.abort();
        },
      }), (error: unknown) => error instanceof LiveError && error.code === 'LIVE_ABORTED');
      // Settled means closed (libuv frees a closed server's handle a loop turn after its 'close').
      assert.ok(await eventually(() => servers() === serversBefore, 200), `${step}: the stand-in still listens`);
      assert.deepEqual(descendants().filter((line) => !before.has(line)), [], `${step}: a child still runs`);
    }
  });

  it('measures a route of any config on ports the kernel picks, the node client\'s URL, Host and SNI the API\'s own', GUARD, async () => {
    const target = bankingTarget(model);
    const measurement = await measureHarness(target);
    assert.notEqual(measurement.ports.relay, 443);
    assert.notEqual(measurement.ports.gateway, 8443);
    assert.equal(measurement.connections.length, 1);
    const [request] = measurement.connections[0].http.filter((message) => message.from === 'client');
    assert.match(request.startLine, /^GET \/[^ ]*\/accounts\/[^/]+\/balance HTTP\/1\.1$/);
    assert.ok(request.headerLines.includes(`Host: ${target.host}`), request.headerLines.join('\n'));
    assert.equal(measurement.negotiated[0].tlsVersion, 'TLSv1.3');
  });
});
