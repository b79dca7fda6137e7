import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ConfinedRead, readConfined, readRegularFile } from '../../../simulator/config/confinedFile';
import { MAX_CONFIG_BYTES } from '../../../simulator/config/tree';

/*
 * The confined reader on its own: what lies outside the root is refused whatever the spelling
 * (`../`, an absolute path, a link out, a missing file behind a link out), what is not a regular
 * file is refused on the opened handle without blocking, and nothing is read past the cap.
 */

const POSIX = process.platform !== 'win32';
const LINUX = existsSync('/proc/self/status');

function refusal(read: ConfinedRead): { code: string; reason: string } {
  assert.equal(read.kind, 'refused', `expected a refusal, got ${read.kind === 'read' ? `a read of ${read.file}` : ''}`);
  return read as Extract<ConfinedRead, { kind: 'refused' }>;
}

function text(read: ConfinedRead): string {
  assert.equal(read.kind, 'read', read.kind === 'refused' ? `refused: ${read.reason}` : '');
  return (read as Extract<ConfinedRead, { kind: 'read' }>).text;
}

describe('readConfined', () => {
  let base: string;
  let root: string;
  before(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'apigw-sim-confined-')));
    root = join(base, 'project');
    mkdirSync(join(root, 'openapi'), { recursive: true });
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(root, 'openapi', 'api.yaml'), 'openapi: 3.0.1\n');
    writeFileSync(join(base, 'outside', 'secret.txt'), 'the secret\n');
    if (POSIX) {
      symlinkSync(join(root, 'openapi', 'api.yaml'), join(root, 'inside-link.yaml'));
      symlinkSync(join(base, 'outside', 'secret.txt'), join(root, 'outside-link.txt'));
      symlinkSync(join(base, 'outside'), join(root, 'outside-folder'));
      execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    }
    writeFileSync(join(root, 'big.yaml'), '');
    truncateSync(join(root, 'big.yaml'), MAX_CONFIG_BYTES + 1); // sparse
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads a file inside the root, relative or absolute, as the path it was named by', () => {
    const read = readConfined('openapi/api.yaml', root, root);
    assert.deepEqual(read, { kind: 'read', text: 'openapi: 3.0.1\n', file: join(root, 'openapi', 'api.yaml') });
    assert.equal(text(readConfined(join(root, 'openapi', 'api.yaml'), '/', root)), 'openapi: 3.0.1\n');
    assert.equal(text(readConfined('./api.yaml', join(root, 'openapi'), root)), 'openapi: 3.0.1\n');
  });

  it('follows a link that stays inside the root, and names the link', { skip: !POSIX }, () => {
    assert.deepEqual(readConfined('inside-link.yaml', root, root), { kind: 'read', text: 'openapi: 3.0.1\n', file: join(root, 'inside-link.yaml') });
  });

  it('refuses whatever lies outside the root: ../, absolute paths, /proc, links out', () => {
    const outside = ['../outside/secret.txt', join(base, 'outside', 'secret.txt'), 'openapi/../../outside/secret.txt'];
    if (POSIX) outside.push('/etc/passwd', '/dev/zero', 'outside-link.txt', 'outside-folder/secret.txt');
    if (LINUX) outside.push('/proc/self/environ');
    for (const reference of outside) {
      assert.deepEqual(refusal(readConfined(reference, root, root)), { kind: 'refused', code: 'OUTSIDE_ROOT', reason: "outside the config's folder: not read" }, reference);
    }
  });

  it('says "not found" only inside the root: a missing file behind a link out is outside too', () => {
    assert.deepEqual(refusal(readConfined('openapi/missing.yaml', root, root)), { kind: 'refused', code: 'NOT_FOUND', reason: 'not found' });
    assert.equal(refusal(readConfined('../outside/missing.txt', root, root)).code, 'OUTSIDE_ROOT');
    if (POSIX) assert.equal(refusal(readConfined('outside-folder/missing.txt', root, root)).code, 'OUTSIDE_ROOT');
  });

  it('refuses a FIFO at once, without waiting for a writer', { skip: !POSIX, timeout: 5000 }, () => {
    const started = Date.now();
    assert.deepEqual(refusal(readConfined('pipe.yaml', root, root)), { kind: 'refused', code: 'NOT_A_FILE', reason: 'not a regular file: not read' });
    assert.ok(Date.now() - started < 1000);
  });

  it('refuses a device and a folder as not regular files, when the root allows them', { skip: !POSIX }, () => {
    assert.equal(refusal(readConfined('/dev/zero', root, '/')).reason, 'not a regular file: not read');
    assert.equal(refusal(readConfined('openapi', root, root)).reason, 'not a regular file: not read');
  });

  it('refuses a file over the cap, and reads one at the cap', () => {
    assert.deepEqual(refusal(readConfined('big.yaml', root, root)), { kind: 'refused', code: 'TOO_LARGE', reason: 'over 10 MB: not read' });
    assert.equal(text(readConfined('openapi/api.yaml', root, root, 15)), 'openapi: 3.0.1\n');
    assert.equal(refusal(readConfined('openapi/api.yaml', root, root, 14)).code, 'TOO_LARGE');
  });
});

describe('readRegularFile', () => {
  it('never trusts the size a handle reports: a /proc file says 0 and is still capped', { skip: !LINUX }, () => {
    assert.ok(text(readRegularFile('/proc/self/status')).includes('Pid:'));
    assert.equal(refusal(readRegularFile('/proc/self/status', 16)).code, 'TOO_LARGE');
  });

  it('refuses /dev/zero on its handle instead of reading without end', { skip: !POSIX, timeout: 5000 }, () => {
    assert.equal(refusal(readRegularFile('/dev/zero')).code, 'NOT_A_FILE');
  });

  it('refuses a socket', { skip: !POSIX, timeout: 5000 }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-socket-'));
    const server = createServer();
    try {
      const path = join(directory, 'gateway.sock');
      await new Promise<void>((resolve) => server.listen(path, resolve));
      assert.equal(refusal(readRegularFile(path)).code, 'NOT_A_FILE');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('closes every handle it opens, read or refused', { skip: !LINUX }, () => {
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 50; i++) {
      readRegularFile('/proc/self/status');
      readRegularFile('/proc/self/status', 16);
      readRegularFile('/dev/zero');
      readRegularFile('/nonexistent/file');
    }
    assert.equal(open(), before);
  });

  it('names a missing file as not found, with the system code', () => {
    assert.deepEqual(readRegularFile(join(tmpdir(), 'apigw-sim-no-such-file.yaml')), { kind: 'refused', code: 'NOT_FOUND', reason: 'not found', errno: 'ENOENT' });
  });
});
