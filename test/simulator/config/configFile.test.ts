import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ConfigReadResult, readConfig } from '../../../simulator/config/configFile';
import { ConfigError, ParameterError } from '../../../simulator/errors';
import { MAX_CONFIG_BYTES } from '../../../simulator/config/tree';
import { configError } from '../../helpers/configError';

/*
 * Issue 17, confined reads: every kind of file a config names (Serverless `${file()}`, SAM
 * DefinitionUri, CloudFormation AWS::Include, Terraform file() and templatefile() bodies, a
 * `.tf` link in a module directory) is read only inside the config's folder (or --root), only
 * when it is a regular file, and only up to the cap. A refusal is a finding at the reference,
 * and nothing of the refused file reaches the result: a marker written into the files outside
 * the folder (and into this process's environment, for /proc/self/environ) must never appear.
 */

const POSIX = process.platform !== 'win32';
const LINUX = existsSync('/proc/self/environ');
const MARKER = `CONFINED-READ-MARKER-${process.pid}-${Date.now()}`;
const OUTSIDE = "outside the config's folder: not read";
const NOT_REGULAR = 'not a regular file: not read';
const OVER_CAP = 'over 10 MB: not read';

let base: string;
let project: string;
let outside: string;
/** The first line of /etc/passwd, which must not reach a result either. */
let passwdLine: string | undefined;

before(() => {
  process.env.CONFINED_READ_MARKER = MARKER;
  base = realpathSync(mkdtempSync(join(tmpdir(), 'apigw-sim-reads-')));
  outside = join(base, 'outside');
  mkdirSync(outside);
  // The secrets, each a file that its reader would turn into names and routes if it read it.
  writeFileSync(join(outside, 'secret.txt'), `${MARKER}\n`);
  writeFileSync(join(outside, 'secret.yaml'), `openapi: 3.0.1\ninfo:\n  title: ${MARKER}\n  version: '1'\npaths:\n  /${MARKER}:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n`);
  writeFileSync(join(outside, 'secret.tf'), `resource "aws_apigatewayv2_api" "leak" {\n  name          = "${MARKER}"\n  protocol_type = "HTTP"\n}\n`);
  passwdLine = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8').split('\n')[0] : undefined;
});

after(() => {
  delete process.env.CONFINED_READ_MARKER;
  rmSync(base, { recursive: true, force: true });
});

let projects = 0;
/** A fresh config folder under `base`, beside `outside`. */
function newProject(): string {
  project = join(base, `project-${++projects}`);
  mkdirSync(project);
  return project;
}

/** Nothing of a refused file in the result: not its path among the files read, not a byte of it anywhere. */
function assertNothingLeaked(result: ConfigReadResult, config: string): void {
  assert.deepEqual(result.files, [config], 'only the config itself was read');
  const json = JSON.stringify(result);
  assert.ok(!json.includes(MARKER), 'the marker of a file outside the folder is in the result');
  if (passwdLine) assert.ok(!json.includes(passwdLine), '/etc/passwd is in the result');
}

function assertRefusedAt(result: ConfigReadResult, line: number, reason: string, what: string): void {
  const found = result.findings.filter((finding) => finding.code === 'FILE_NOT_READ');
  assert.equal(found.length, 1, `${what}: one FILE_NOT_READ finding among:\n${result.findings.map((finding) => `  ${finding.code} ${finding.message}`).join('\n')}`);
  assert.equal(found[0].location.line, line, `${what}: the finding is at the reference's line`);
  assert.ok(found[0].message.includes(reason), `${what}: "${found[0].message}" gives the reason "${reason}"`);
  assert.equal(found[0].severity, 'warning');
}

/** A config of one kind that names `reference` at `line`. */
interface ReferenceKind {
  name: string;
  /** The file the config is written to. */
  file: string;
  /** The secret outside the folder it would leak (a name under `outside`). */
  secret: string;
  config(reference: string): string;
  line: number;
}

const KINDS: ReferenceKind[] = [
  {
    name: 'Serverless ${file()}', file: 'serverless.yml', secret: 'secret.txt', line: 4,
    config: (reference) => `provider:\n  name: aws\n  runtime: nodejs20.x\nservice: \${file(${reference})}\nfunctions:\n  hello:\n    handler: h.handler\n    events:\n      - httpApi:\n          path: /hello\n          method: get\n`,
  },
  {
    name: 'SAM DefinitionUri', file: 'template.yaml', secret: 'secret.yaml', line: 7,
    config: (reference) => `Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: ${reference}\n`,
  },
  {
    name: 'CloudFormation AWS::Include', file: 'template.yaml', secret: 'secret.yaml', line: 10,
    config: (reference) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n        Fn::Transform:\n          Name: AWS::Include\n          Parameters:\n            Location: ${reference}\n`,
  },
  {
    name: 'Terraform file() body', file: 'main.tf', secret: 'secret.yaml', line: 3,
    config: (reference) => `resource "aws_api_gateway_rest_api" "api" {\n  name = "api"\n  body = file("${reference}")\n}\n`,
  },
  {
    name: 'Terraform templatefile() body', file: 'main.tf', secret: 'secret.yaml', line: 4,
    config: (reference) => `resource "aws_apigatewayv2_api" "api" {\n  name          = "api"\n  protocol_type = "HTTP"\n  body          = templatefile("\${path.module}/${reference}", { region = "eu-west-1" })\n}\n`,
  },
];

/** A case: the reference, and what to put in the project folder first. */
interface Case {
  name: string;
  reason: string;
  reference(kind: ReferenceKind): string;
  prepare?(kind: ReferenceKind): void;
  skip?: boolean;
}

const CASES: Case[] = [
  { name: '../ out of the folder', reason: OUTSIDE, reference: (kind) => `../outside/${kind.secret}` },
  { name: 'an absolute path outside', reason: OUTSIDE, reference: (kind) => join(outside, kind.secret) },
  { name: '/etc/passwd', reason: OUTSIDE, reference: () => '/etc/passwd', skip: !POSIX },
  { name: '/proc/self/environ', reason: OUTSIDE, reference: () => '/proc/self/environ', skip: !LINUX },
  {
    name: 'a link out of the folder', reason: OUTSIDE, reference: (kind) => `link-${kind.secret}`, skip: !POSIX,
    prepare: (kind) => symlinkSync(join(outside, kind.secret), join(project, `link-${kind.secret}`)),
  },
  { name: '/dev/zero', reason: OUTSIDE, reference: () => '/dev/zero', skip: !POSIX },
  {
    name: 'a FIFO in the folder', reason: NOT_REGULAR, reference: () => 'pipe.yaml', skip: !POSIX,
    prepare: () => execFileSync('mkfifo', [join(project, 'pipe.yaml')]),
  },
  {
    name: 'a file over the cap', reason: OVER_CAP, reference: () => 'big.yaml',
    prepare: () => {
      writeFileSync(join(project, 'big.yaml'), '');
      truncateSync(join(project, 'big.yaml'), MAX_CONFIG_BYTES + 1); // sparse
    },
  },
];

describe('readConfig: files a config names are read only inside its folder', () => {
  for (const kind of KINDS) {
    describe(kind.name, () => {
      for (const testCase of CASES) {
        it(`refuses ${testCase.name}, as a finding at the reference`, { skip: testCase.skip, timeout: 10_000 }, () => {
          newProject();
          testCase.prepare?.(kind);
          const config = join(project, kind.file);
          writeFileSync(config, kind.config(testCase.reference(kind)));
          const result = readConfig(config);
          assertRefusedAt(result, kind.line, testCase.reason, `${kind.name}, ${testCase.name}`);
          assertNothingLeaked(result, config);
        });
      }

      it('refuses /dev/zero as not a regular file when --root allows its folder', { skip: !POSIX, timeout: 10_000 }, () => {
        newProject();
        const config = join(project, kind.file);
        writeFileSync(config, kind.config('/dev/zero'));
        const result = readConfig(config, { root: '/' });
        assertRefusedAt(result, kind.line, NOT_REGULAR, kind.name);
        assertNothingLeaked(result, config);
      });
    });
  }
});

describe('readConfig: reads inside the folder, or under --root, still work', () => {
  const inside: Record<string, { kind: string; check(result: ConfigReadResult): void }> = {};
  const openapi = 'openapi: 3.0.1\ninfo:\n  title: shared\n  version: \'1\'\npaths:\n  /shared:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n';
  const hasSharedRoute = (result: ConfigReadResult): void => {
    assert.ok(result.model.apis.some((api) => api.routes.some((route) => route.key === 'GET /shared')), `GET /shared among ${JSON.stringify(result.model.apis.map((api) => api.routes.map((route) => route.key)))}`);
  };
  inside['SAM DefinitionUri'] = { kind: 'SAM DefinitionUri', check: hasSharedRoute };
  inside['CloudFormation AWS::Include'] = { kind: 'CloudFormation AWS::Include', check: hasSharedRoute };
  inside['Terraform file() body'] = { kind: 'Terraform file() body', check: hasSharedRoute };
  inside['Terraform templatefile() body'] = { kind: 'Terraform templatefile() body', check: hasSharedRoute };
  inside['Serverless ${file()}'] = {
    kind: 'Serverless ${file()}',
    check: (result) => assert.ok(result.model.apis.some((api) => api.name.includes('shared')), result.model.apis.map((api) => api.name).join(', ')),
  };
  const sharedFile = (kind: ReferenceKind): string => (kind.secret === 'secret.txt' ? 'shared.txt' : 'shared.yaml');
  const writeShared = (folder: string, kind: ReferenceKind): string => {
    const file = join(folder, sharedFile(kind));
    writeFileSync(file, kind.secret === 'secret.txt' ? 'shared\n' : openapi);
    return file;
  };

  for (const kind of KINDS) {
    it(`${kind.name}: a file next to the config, and a link to one that stays in the folder`, () => {
      newProject();
      mkdirSync(join(project, 'defs'));
      const shared = writeShared(join(project, 'defs'), kind);
      const config = join(project, kind.file);
      writeFileSync(config, kind.config(`defs/${sharedFile(kind)}`));
      const direct = readConfig(config);
      inside[kind.name].check(direct);
      assert.deepEqual(direct.files, [config, shared]);
      assert.ok(!direct.findings.some((finding) => finding.code === 'FILE_NOT_READ'));
      if (!POSIX) return;
      symlinkSync(join('defs', sharedFile(kind)), join(project, `link-${sharedFile(kind)}`));
      writeFileSync(config, kind.config(`link-${sharedFile(kind)}`));
      const linked = readConfig(config);
      inside[kind.name].check(linked);
      assert.deepEqual(linked.files, [config, join(project, `link-${sharedFile(kind)}`)]);
    });

    it(`${kind.name}: a file beside the config's folder, read with a root that holds both`, () => {
      const workspace = join(newProject(), 'workspace');
      mkdirSync(join(workspace, 'shared'), { recursive: true });
      mkdirSync(join(workspace, 'api'));
      const shared = writeShared(join(workspace, 'shared'), kind);
      const config = join(workspace, 'api', kind.file);
      writeFileSync(config, kind.config(`../shared/${sharedFile(kind)}`));
      assertRefusedAt(readConfig(config), kind.line, OUTSIDE, `${kind.name} without a root`);
      const widened = readConfig(config, { root: workspace });
      inside[kind.name].check(widened);
      assert.deepEqual(widened.files, [config, shared]);
      // The wider root is still a boundary.
      writeFileSync(config, kind.config(`../../../outside/${kind.secret}`));
      const beyond = readConfig(config, { root: workspace });
      assertRefusedAt(beyond, kind.line, OUTSIDE, `${kind.name} beyond the root`);
      assertNothingLeaked(beyond, config);
    });
  }

  it('refuses a root that does not contain the config, or does not exist', () => {
    newProject();
    const config = join(project, 'template.yaml');
    writeFileSync(config, KINDS[1].config('api.yaml'));
    for (const root of [outside, join(base, 'no-such-folder'), join(outside, 'secret.txt')]) {
      assert.throws(() => readConfig(config, { root }), (error) => error instanceof ParameterError && error.parameter === 'root' && error.message.includes(config), root);
    }
  });
});

describe('readConfig: the config itself', () => {

  it('refuses a FIFO given as the config at once, at line 1', { skip: !POSIX, timeout: 5000 }, () => {
    const fifo = join(newProject(), 'template.yaml');
    execFileSync('mkfifo', [fifo]);
    const error = configError(() => readConfig(fifo));
    assert.equal(error.format(), `${fifo}:1:1: not a regular file (a FIFO, a device or a socket?): not read`);
  });

  it('refuses /dev/zero given as the config', { skip: !POSIX, timeout: 5000 }, () => {
    assert.match(configError(() => readConfig('/dev/zero')).format(), /^\/dev\/zero:1:1: not a regular file/);
  });

  it('refuses a socket given as the config', { skip: !POSIX, timeout: 5000 }, async () => {
    const socket = join(newProject(), 'gateway.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      assert.match(configError(() => readConfig(socket)).format(), /gateway\.sock:1:1: not a regular file/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('readConfig: a Terraform module directory', () => {
  const MAIN = 'resource "aws_apigatewayv2_api" "api" {\n  name          = "module-api"\n  protocol_type = "HTTP"\n}\n';

  /** A module with main.tf and `entry` made by `make`; the module's result. */
  function module(make: (module: string) => void, root?: string): { result: ConfigReadResult; directory: string } {
    const directory = join(newProject(), 'module');
    mkdirSync(directory);
    writeFileSync(join(directory, 'main.tf'), MAIN);
    make(directory);
    return { result: readConfig(directory, root === undefined ? {} : { root }), directory };
  }

  const refusedEntries: { name: string; reason: string; make(directory: string): void; skip?: boolean }[] = [
    { name: 'a link out of the folder', reason: OUTSIDE, make: (directory) => symlinkSync(join(outside, 'secret.tf'), join(directory, 'leak.tf')), skip: !POSIX },
    { name: 'a relative link with ../', reason: OUTSIDE, make: (directory) => symlinkSync('../../outside/secret.tf', join(directory, 'leak.tf')), skip: !POSIX },
    { name: 'a link to /etc/passwd', reason: OUTSIDE, make: (directory) => symlinkSync('/etc/passwd', join(directory, 'leak.tf')), skip: !POSIX },
    { name: 'a link to /proc/self/environ', reason: OUTSIDE, make: (directory) => symlinkSync('/proc/self/environ', join(directory, 'leak.tf')), skip: !LINUX },
    { name: 'a link to /dev/zero', reason: OUTSIDE, make: (directory) => symlinkSync('/dev/zero', join(directory, 'leak.tf')), skip: !POSIX },
    { name: 'a FIFO', reason: NOT_REGULAR, make: (directory) => execFileSync('mkfifo', [join(directory, 'leak.tf')]), skip: !POSIX },
  ];

  for (const entry of refusedEntries) {
    it(`refuses a .tf entry that is ${entry.name}, as a finding on that entry, and reads the rest`, { skip: entry.skip, timeout: 10_000 }, () => {
      const { result, directory } = module(entry.make);
      const found = result.findings.filter((finding) => finding.code === 'FILE_NOT_READ');
      assert.equal(found.length, 1, result.findings.map((finding) => finding.message).join('\n'));
      assert.deepEqual(found[0].location, { file: join(directory, 'leak.tf'), line: 1, column: 1 });
      assert.ok(found[0].message.includes(entry.reason), found[0].message);
      assert.deepEqual(result.model.apis.map((api) => api.name), ['module-api']);
      assert.deepEqual(result.files, [join(directory, 'main.tf')]);
      const json = JSON.stringify(result);
      assert.ok(!json.includes(MARKER));
      if (passwdLine) assert.ok(!json.includes(passwdLine));
    });
  }

  it('refuses a .tf link to /dev/zero as not a regular file when --root allows it', { skip: !POSIX, timeout: 10_000 }, () => {
    const { result } = module((directory) => symlinkSync('/dev/zero', join(directory, 'zero.tf')), '/');
    assert.ok(result.findings.some((finding) => finding.code === 'FILE_NOT_READ' && finding.message.includes(NOT_REGULAR)));
  });

  it('refuses a module with a .tf file over the cap, as before', () => {
    const directory = join(newProject(), 'module');
    mkdirSync(directory);
    writeFileSync(join(directory, 'main.tf'), MAIN);
    writeFileSync(join(directory, 'big.tf'), '');
    truncateSync(join(directory, 'big.tf'), MAX_CONFIG_BYTES + 1);
    assert.throws(() => readConfig(directory), (error) => error instanceof ConfigError && error.code === 'CONFIG_TOO_LARGE');
  });

  it('reads a .tf link that stays in the module, and skips a folder named *.tf', { skip: !POSIX }, () => {
    const { result, directory } = module((directory) => {
      mkdirSync(join(directory, 'shared'));
      writeFileSync(join(directory, 'shared', 'stage.tf'), 'resource "aws_apigatewayv2_stage" "default" {\n  api_id      = aws_apigatewayv2_api.api.id\n  name        = "$default"\n  auto_deploy = true\n}\n');
      symlinkSync(join('shared', 'stage.tf'), join(directory, 'stage.tf'));
      mkdirSync(join(directory, 'folder.tf'));
    });
    assert.deepEqual(result.files, [join(directory, 'main.tf'), join(directory, 'stage.tf')]);
    assert.ok(!result.findings.some((finding) => finding.code === 'FILE_NOT_READ'), result.findings.map((finding) => finding.message).join('\n'));
    assert.deepEqual(result.model.apis[0].stages.map((stage) => stage.name), ['$default']);
  });

  it('reads a .tf link to a file beside the module when the root holds both', { skip: !POSIX }, () => {
    const workspace = newProject();
    mkdirSync(join(workspace, 'shared'));
    writeFileSync(join(workspace, 'shared', 'extra.tf'), 'resource "aws_apigatewayv2_api" "extra" {\n  name          = "extra-api"\n  protocol_type = "HTTP"\n}\n');
    const directory = join(workspace, 'module');
    mkdirSync(directory);
    writeFileSync(join(directory, 'main.tf'), MAIN);
    symlinkSync('../shared/extra.tf', join(directory, 'extra.tf'));
    assert.ok(readConfig(directory).findings.some((finding) => finding.code === 'FILE_NOT_READ' && finding.message.includes(OUTSIDE)));
    const widened = readConfig(directory, { root: workspace });
    assert.deepEqual(widened.model.apis.map((api) => api.name).sort(), ['extra-api', 'module-api']);
  });

  it('is an error when no .tf file of the module can be read', { skip: !POSIX, timeout: 10_000 }, () => {
    const directory = join(newProject(), 'module');
    mkdirSync(directory);
    execFileSync('mkfifo', [join(directory, 'main.tf')]);
    assert.throws(() => readConfig(directory), (error) => error instanceof ConfigError && /none of its \.tf files can be read: main\.tf: not a regular file/.test(error.message));
  });
});
