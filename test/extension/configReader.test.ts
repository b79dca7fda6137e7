/*
 * The editor's config reader on its worker thread (extension/configReader.ts with the bundled
 * out/configWorker.js): the same result as reading in place, errors at their line, and the time
 * and memory limits that stop a read without stopping the next one.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readConfigText, readSibling } from '../../simulator/config/configFile';
import { ConfigReader, READER_LIMITS, type ReaderLimits } from '../../extension/configReader';
import { RESTRICTED_READ_REASON, type ReadOutcome } from '../../extension/configReading';
import { routeOrder } from '../../extension/routeIndex';
import { generatedOpenApi } from '../helpers/generatedOpenApi';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'out', 'configWorker.js');
const TEMPLATE = join(ROOT, 'examples', 'shop', 'template.yaml');

function reader(limits: ReaderLimits = READER_LIMITS, script = WORKER): ConfigReader {
  const created = new ConfigReader(script, limits);
  after(() => created.dispose());
  return created;
}

function request(text: string | undefined, file: string, readReferencedFiles = true) {
  return { text, file, root: dirname(file), readReferencedFiles };
}

function failure(outcome: ReadOutcome) {
  assert.equal(outcome.kind, 'failed', JSON.stringify(outcome).slice(0, 300));
  return (outcome as Extract<ReadOutcome, { kind: 'failed' }>).error;
}

describe('the config reader thread', () => {
  it('gives the result reading in place gives, for the shop template and a file it references', async () => {
    const text = readFileSync(TEMPLATE, 'utf8');
    const outcome = await reader().read('shop', request(text, TEMPLATE));
    assert.equal(outcome.kind, 'read');
    const expected = readConfigText(text, TEMPLATE, readSibling(dirname(TEMPLATE)));
    assert.deepEqual(outcome.kind === 'read' && outcome.read, { result: expected, routeOrder: routeOrder(expected.model, TEMPLATE) });
    assert.ok(outcome.kind === 'read' && outcome.read.routeOrder.length > 3, 'the template\'s routes, in file order');
  });

  it('reads a document with no unsaved edits from its file, with the same result', async () => {
    const fromText = await reader().read('shop', request(readFileSync(TEMPLATE, 'utf8'), TEMPLATE));
    assert.deepEqual(await reader().read('shop', request(undefined, TEMPLATE)), fromText);
  });

  it('refuses a FIFO given as the document\'s file at once, rather than waiting on it', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'apigw-reader-')), 'config.yaml');
    execFileSync('mkfifo', [fifo]);
    const error = failure(await reader().read('fifo', request(undefined, fifo)));
    assert.match(error.message, /not a regular file/);
  });

  it('leaves a file that mentions nothing of a gateway alone, whatever its size, and refuses a config over 10 MB at line 1', async () => {
    const shared = reader();
    assert.deepEqual(await shared.read('a', request('name: my-app\nversion: 1\n', '/configs/a.yaml')), { kind: 'notConfig' });
    assert.deepEqual(await shared.read('b', request(`{"log": "${'x'.repeat(11_000_000)}"}`, '/configs/b.json')), { kind: 'notConfig' });
    const error = failure(await shared.read('c', request(`openapi: 3.0.1\n# ${'x'.repeat(11_000_000)}\n`, '/configs/c.yaml')));
    assert.equal(error.code, 'CONFIG_TOO_LARGE');
    assert.deepEqual(error.location, { file: '/configs/c.yaml', line: 1, column: 1 });
  });

  it('reads no file a config references in Restricted Mode, and says why at the reference', async () => {
    const template = join(ROOT, 'test', 'fixtures', 'sam', 'definition-uri.yaml');
    const text = readFileSync(template, 'utf8');
    const trusted = await reader().read('t', request(text, template));
    assert.ok(trusted.kind === 'read' && trusted.read.result.files.length > 1, 'trusted: the definition is read');
    const outcome = await reader().read('r', request(text, template, false));
    assert.equal(outcome.kind, 'read');
    const { files, findings } = outcome.kind === 'read' ? outcome.read.result : { files: [], findings: [] };
    assert.deepEqual(files, [template]);
    const refusal = findings.find((finding) => finding.message.includes(RESTRICTED_READ_REASON));
    assert.ok(refusal, findings.map((finding) => finding.message).join('\n'));
    assert.equal(refusal.code, 'FILE_NOT_READ');
    assert.equal(text.split('\n')[refusal.location.line - 1].includes('DefinitionUri'), true, `at the reference: line ${refusal.location.line}`);
  });

  it('reports a broken config as its error, at its line', async () => {
    const error = failure(await reader().read('broken', request('openapi: 3.0.1\npaths:\n  /a: [\n', '/configs/broken.yaml')));
    assert.equal(error.code, 'CONFIG_SYNTAX');
    assert.equal(error.location.file, '/configs/broken.yaml');
    assert.ok(error.location.line >= 3, `line ${error.location.line}`);
  });

  it('stops a read that outlasts the time limit, says so at line 1, and reads the next config on a fresh thread', async () => {
    const limited = reader({ timeMs: 100, memoryMb: READER_LIMITS.memoryMb });
    const error = failure(await limited.read('large', request(generatedOpenApi(8_000_000).text, '/configs/large.yaml')));
    assert.equal(error.code, 'CONFIG_TIME_LIMIT');
    assert.deepEqual(error.location, { file: '/configs/large.yaml', line: 1, column: 1 });
    assert.match(error.message, /longer than 0\.1 s/);
    const next = await limited.read('small', request('openapi: 3.0.1\ninfo: {title: t, version: "1"}\npaths: {}\n', '/configs/small.yaml'));
    assert.equal(next.kind, 'read');
  });

  it('stops a read that needs more than the memory limit, and reads the next config', async () => {
    const limited = reader({ timeMs: 60_000, memoryMb: 24 });
    const error = failure(await limited.read('large', request(generatedOpenApi(8_000_000).text, '/configs/large.yaml')));
    assert.equal(error.code, 'CONFIG_MEMORY_LIMIT');
    assert.match(error.message, /more than 24 MB/);
    assert.equal((await limited.read('small', request('openapi: 3.0.1\ninfo: {title: t, version: "1"}\npaths: {}\n', '/configs/small.yaml'))).kind, 'read');
  });

  it('reads only the newest of the versions of a document queued behind another read, and answers all of them with it', async () => {
    const shared = reader();
    const first = shared.read('a', request(readFileSync(TEMPLATE, 'utf8'), TEMPLATE));
    const older = shared.read('b', request('openapi: 3.0.1\npaths:\n  /a: [\n', '/configs/b.yaml'));
    const newer = shared.read('b', request('openapi: 3.0.1\ninfo: {title: newest, version: "1"}\npaths: {}\n', '/configs/b.yaml'));
    assert.equal((await first).kind, 'read');
    const [a, b] = await Promise.all([older, newer]);
    assert.deepEqual(a, b);
    assert.equal(a.kind === 'read' && a.read.result.model.apis[0]?.name, 'newest');
  });

  it('turns a thread that dies into an internal failure, and starts another for the next read', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'apigw-reader-'));
    const script = join(folder, 'dies.js');
    // A worker that exits on its first message, then (as a new thread) answers normally by delegating to the real one.
    const marker = join(folder, 'died');
    writeFileSync(script, `const fs = require('node:fs');
if (!fs.existsSync(${JSON.stringify(marker)})) {
  require('node:worker_threads').parentPort.once('message', () => { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.exit(3); });
} else {
  require(${JSON.stringify(WORKER)});
}
`);
    const dying = reader(READER_LIMITS, script);
    const outcome = await dying.read('x', request('openapi: 3.0.1\npaths: {}\n', '/configs/x.yaml'));
    assert.equal(outcome.kind, 'internal');
    assert.match(outcome.kind === 'internal' ? outcome.message : '', /exit code 3/);
    assert.equal((await dying.read('x', request('openapi: 3.0.1\ninfo: {title: t, version: "1"}\npaths: {}\n', '/configs/x.yaml'))).kind, 'read');
  });

  it('answers every read still waiting when it is disposed, and none after', async () => {
    const disposed = reader();
    const waiting = disposed.read('a', request(readFileSync(TEMPLATE, 'utf8'), TEMPLATE));
    disposed.dispose();
    assert.equal((await waiting).kind, 'internal');
    assert.equal((await disposed.read('a', request('x: 1', '/configs/a.yaml'))).kind, 'internal');
  });
});
