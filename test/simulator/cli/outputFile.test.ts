import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';

/*
 * `--out` must never overwrite what the command read, however the path is spelled. Every case
 * works on copies in a temporary folder, and checks the read files' bytes afterwards.
 */

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');
const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');

describe('apigw-sim --out', () => {
  let folder: string;
  let template: string;
  let referenced: string;
  let model: string;
  const before_: Map<string, string> = new Map();

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'apigw-out-'));
    cpSync(join(FIXTURES, 'sam'), join(folder, 'sam'), { recursive: true });
    template = join(folder, 'sam', 'definition-uri.yaml');
    referenced = join(folder, 'sam', 'openapi', 'inventory.yaml');
    model = join(folder, 'gateway.json');
    cpSync(join(EXAMPLES, 'shop', 'gateway.json'), model);
    for (const file of [template, referenced, model]) before_.set(file, readFileSync(file, 'utf8'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const unchanged = (): void => {
    for (const [file, text] of before_) assert.equal(readFileSync(file, 'utf8'), text, `${file} is as it was`);
  };

  it('refuses the config itself, from routes, compare and simulate, in every format', () => {
    const cases: string[][] = [
      ['routes', template, '--out', template],
      ['routes', model, '--out', model, '--format', 'json'],
      ['compare', model, '--out', model],
      ['simulate', model, '--api', 'shop-orders', '--route', 'POST /orders', '--out', model],
      ['simulate', model, '--api', 'shop-orders', '--route', 'POST /orders', '--format', 'pcapng', '--out', model],
    ];
    for (const args of cases) {
      const { output, exitCode, internal } = run(args);
      assert.equal(exitCode, 2, args.join(' '));
      assert.equal(internal, undefined);
      assert.match(output, /error \[OUTPUT_REFUSED\]: --out: .* this command read; refusing to overwrite it/, args.join(' '));
    }
    unchanged();
  });

  it('refuses a file the config references, a symbolic link and a hard link to the config, and the path spelled another way', () => {
    const symbolic = join(folder, 'link.yaml');
    const hard = join(folder, 'hard.json');
    symlinkSync(template, symbolic);
    linkSync(model, hard);
    const cases: string[][] = [
      ['routes', template, '--out', referenced],
      ['routes', template, '--out', symbolic],
      ['routes', model, '--out', hard],
      ['routes', model, '--out', join(folder, 'sam', '..', 'gateway.json')],
    ];
    for (const args of cases) {
      const { output, exitCode } = run(args);
      assert.equal(exitCode, 2, args.join(' '));
      assert.match(output, /OUTPUT_REFUSED/, args.join(' '));
    }
    unchanged();
  });

  it('refuses the workload file it read', () => {
    const workload = join(folder, 'workload.json');
    const text = JSON.stringify({ name: 'mine', description: 'a test', clients: 10, requestsPerMinute: 1, updatesPerMinute: 1, requestBytes: 100, responseBytes: 100, updateBytes: 50, pollIntervalSeconds: 10, sessionMinutes: 5 });
    writeFileSync(workload, text);
    const { output, exitCode } = run(['compare', '--workload', workload, '--out', workload]);
    assert.equal(exitCode, 2);
    assert.match(output, /OUTPUT_REFUSED/);
    assert.equal(readFileSync(workload, 'utf8'), text);
  });

  it('says what is wrong with a folder, a missing folder and a link to nothing', () => {
    const dangling = join(folder, 'dangling.txt');
    symlinkSync(join(folder, 'nowhere', 'x.txt'), dangling);
    const cases: [string, RegExp][] = [
      [join(folder, 'sam'), /OUTPUT_REFUSED\]: --out: .*sam is a folder; give a file name/],
      [join(folder, 'missing', 'routes.txt'), /OUTPUT_FAILED\]: --out: the folder .*missing does not exist/],
      [dangling, /OUTPUT_REFUSED\]: --out: .*dangling\.txt is a link to a file that does not exist/],
    ];
    for (const [out, expected] of cases) {
      const { output, exitCode, internal } = run(['routes', model, '--out', out]);
      assert.equal(exitCode, 2, out);
      assert.equal(internal, undefined, out);
      assert.match(output, expected);
    }
  });

  it('writes anywhere else, replacing a file it did not read', () => {
    mkdirSync(join(folder, 'reports'), { recursive: true });
    const target = join(folder, 'reports', 'routes.txt');
    writeFileSync(target, 'old');
    const { output, exitCode } = run(['routes', template, '--out', target]);
    assert.equal(exitCode, 0, output);
    assert.match(readFileSync(target, 'utf8'), /inventory/i);
    unchanged();
  });
});

describe('apigw-sim --workload', () => {
  it('names a missing file, and a JSON syntax error by file and line', () => {
    const folder = mkdtempSync(join(tmpdir(), 'apigw-workload-'));
    try {
      const missing = run(['compare', '--workload', join(folder, 'none.json')]);
      assert.equal(missing.exitCode, 2);
      assert.match(missing.output, /error \[INPUT_UNREADABLE\]: --workload: .*none\.json: not found/);
      const broken = join(folder, 'broken.json');
      writeFileSync(broken, '{\n  "name": "x",\n  "clients": ,\n}\n');
      const syntax = run(['compare', '--workload', broken]);
      assert.equal(syntax.exitCode, 2);
      assert.equal(syntax.internal, undefined);
      assert.match(syntax.output, /broken\.json:3:\d+: JSON syntax error/);
      // A FIFO is refused at once, not waited on (the run would never end).
      const fifo = join(folder, 'workload.json');
      execFileSync('mkfifo', [fifo]);
      const refused = run(['compare', '--workload', fifo]);
      assert.equal(refused.exitCode, 2);
      assert.match(refused.output, /error \[INPUT_UNREADABLE\]: --workload: .*workload\.json: not a regular file/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('apigw-sim on a YAML alias inside its own node', () => {
  it('gives the file and line with exit 2, not a stack trace', () => {
    const folder = mkdtempSync(join(tmpdir(), 'apigw-alias-'));
    try {
      const file = join(folder, 'alias.yaml');
      writeFileSync(file, 'a: &x [1, *x]\n');
      const { output, exitCode, internal } = run(['routes', file]);
      assert.equal(exitCode, 2);
      assert.equal(internal, undefined);
      assert.match(output, /alias\.yaml:1:\d+: this alias refers to a node that contains it/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('apigw-sim compare on configs whose WebSocket $connect is authorized', () => {
  it('prints the comparison for the fixtures that ended in a TypeError, never an internal error', () => {
    for (const fixture of ['cloudformation/http-websocket.yaml', 'sam/explicit-apis.yaml', 'terraform/websocket-api.tf']) {
      const { output, exitCode, internal } = run(['compare', join(FIXTURES, fixture)]);
      assert.equal(internal, undefined, `${fixture}: ${output}`);
      assert.equal(exitCode, 0, `${fixture}: ${output}`);
      assert.match(output, /^WEBSOCKET /m, fixture);
    }
  });
  it('says why a browser cannot open a WebSocket whose authorizer reads a header (serverless\'s default, route.request.header.Auth)', () => {
    const { output, exitCode, internal } = run(['compare', join(FIXTURES, 'serverless/broken-authorizer.yml')]);
    assert.equal(internal, undefined, output);
    assert.equal(exitCode, 2, output);
    assert.match(output, /answered 401 Unauthorized .* because it lacks Auth: a browser's WebSocket cannot set this header/);
  });
});
