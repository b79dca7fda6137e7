import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import fs, { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, readConfigText } from '../../../simulator/config/configFile';
import { detectFormat } from '../../../simulator/config/formats';
import { MAX_ALIAS_EXPANSION, MAX_CONFIG_BYTES, parseConfigTree, parseJsonTree, parseYamlTree, plain, get, entry } from '../../../simulator/config/tree';
import { configError } from '../../helpers/configError';
import { countedReads } from '../../helpers/countedReads';


describe('the positioned config tree', () => {
  it('turns CloudFormation short-form tags into their long forms, GetAtt strings split at the first dot', () => {
    const tree = parseYamlTree('A: !Ref Param\nB: !GetAtt Fn.Arn\nC: !Sub "${AWS::StackName}-api"\nD: !Join ["-", [a, !Ref B]]\nE: !GetAtt Stack.Outputs.Url\n', 't.yaml');
    assert.deepEqual(plain(tree), {
      A: { Ref: 'Param' },
      B: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      C: { 'Fn::Sub': '${AWS::StackName}-api' },
      D: { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] },
      E: { 'Fn::GetAtt': ['Stack', 'Outputs.Url'] },
    });
  });

  it('keeps each node\'s file, line and column, and where it ends', () => {
    const tree = parseYamlTree('Resources:\n  Api:\n    Type: AWS::Serverless::Api\n', 'template.yaml');
    const type = get(get(get(tree, 'Resources'), 'Api'), 'Type')!;
    assert.deepEqual(type.location, { file: 'template.yaml', line: 3, column: 11, endLine: 3, endColumn: 31 });
    const json = parseJsonTree('{\n  "a": {\n    "b": 1\n  }\n}', 'x.json');
    assert.deepEqual(get(get(json, 'a'), 'b')!.location, { file: 'x.json', line: 3, column: 10, endLine: 3, endColumn: 11 });
  });

  it('reads JSON with comments and YAML by content, whatever the file is called', () => {
    assert.equal(parseConfigTree('// a comment\n{ "a": 1 }', 'config.yaml').kind, 'map');
    assert.deepEqual(plain(parseConfigTree('a: [1, 2]', 'config.json')), { a: [1, 2] });
  });

  // The timeout is a hang guard, not a speed test: a full expansion (10^9 nodes) never ends.
  it('stops an alias bomb with a located error instead of expanding it', { timeout: 30_000 }, () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const error = configError(() => parseYamlTree(levels.join('\n'), 'bomb.yaml'));
    assert.equal(error.code, 'CONFIG_TOO_LARGE');
    // Stopped at the cap, 10^4 times short of the full expansion, and located on an aliasing line.
    assert.match(error.message, new RegExp(`more than ${MAX_ALIAS_EXPANSION} nodes through aliases`));
    assert.ok(error.location.line >= 2 && error.location.line <= levels.length, `line ${error.location.line}`);
  });

  it('refuses an alias inside the node it names, at the alias, in 12 bytes as in a longer chain', () => {
    const self = configError(() => parseYamlTree('a: &x [1, *x]\n', 'self.yaml'));
    assert.equal(self.code, 'CONFIG_SYNTAX');
    assert.match(self.message, /refers to a node that contains it/);
    assert.deepEqual([self.location.file, self.location.line], ['self.yaml', 1]);
    const nested = configError(() => parseYamlTree('top:\n  list: &x\n    - name: a\n      more: [*x]\n', 'nested.yaml'));
    assert.match(nested.message, /refers to a node that contains it/);
    assert.equal(nested.location.line, 4);
    // The same anchor used twice side by side is no cycle.
    assert.deepEqual(plain(parseYamlTree('a: &x [1]\nb: [*x, *x]\n', 'twice.yaml')), { a: [1], b: [[1], [1]] });
  });

  it('counts the nodes aliases expand to, not the document\'s own: a large file without aliases is read', () => {
    const entries = Math.ceil(MAX_ALIAS_EXPANSION / 2);
    const text = `paths:\n${Array.from({ length: entries }, (_, index) => `  /p${index}: [${index}]`).join('\n')}\n`;
    const tree = parseYamlTree(text, 'many.yaml');
    assert.equal(get(tree, 'paths')?.kind, 'map');
    assert.equal(Object.keys((plain(tree) as { paths: object }).paths).length, entries);
  });

  it('merges `<<` in a map reached through an alias as in a map written in place, own keys first', () => {
    const text = 'base: &b {x: 1, y: 1}\nmid: &m\n  <<: *b\n  y: 2\nuse: *m\nmore:\n  <<: [*m, {z: 3, x: 9}]\n  w: 4\n';
    assert.deepEqual(plain(parseYamlTree(text, 'merge.yaml')), {
      base: { x: 1, y: 1 }, mid: { y: 2, x: 1 }, use: { y: 2, x: 1 }, more: { w: 4, y: 2, x: 1, z: 3 },
    });
  });

  it('expands ordinary aliases and merges', () => {
    assert.deepEqual(plain(parseYamlTree('base: &b {x: 1}\nuse: *b\n', 'a.yaml')), { base: { x: 1 }, use: { x: 1 } });
  });

  it('reports broken YAML and JSON at their line', () => {
    assert.equal(configError(() => parseYamlTree('a: 1\nb: [1, 2\nc: 3\n', 'b.yaml')).location.line, 3);
    const json = configError(() => parseJsonTree('{\n  "a": 1,\n  "b": \n}', 'b.json'));
    assert.equal(json.location.line, 4);
    assert.equal(json.code, 'CONFIG_SYNTAX');
  });

  it('refuses a file over the size cap before parsing it, and nesting too deep to parse safely', () => {
    assert.equal(configError(() => parseYamlTree('#'.repeat(MAX_CONFIG_BYTES + 1), 'big.yaml')).code, 'CONFIG_TOO_LARGE');
    assert.equal(configError(() => parseJsonTree('['.repeat(100_000) + ']'.repeat(100_000), 'deep.json')).code, 'CONFIG_SYNTAX');
    assert.equal(configError(() => parseYamlTree('a: ' + '['.repeat(100_000) + ']'.repeat(100_000), 'deep.yaml')).code, 'CONFIG_SYNTAX');
  });
});

describe('format detection', () => {
  const detect = (text: string) => detectFormat(text, /^\s*resource /m.test(text) ? undefined : parseConfigTree(text, 'x'));

  it('tells the formats apart by content', () => {
    assert.equal(detect('Transform: AWS::Serverless-2016-10-31\nResources: {}\n'), 'sam');
    assert.equal(detect('Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources: {}\n'), 'sam');
    assert.equal(detect('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'), 'cloudformation');
    assert.equal(detect('{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi"}}}'), 'cloudformation');
    assert.equal(detect('openapi: 3.0.1\npaths: {}\n'), 'openapi');
    assert.equal(detect('{"swagger": "2.0", "paths": {}}'), 'openapi');
    assert.equal(detect('service: shop\nprovider:\n  name: aws\nfunctions: {}\n'), 'serverless');
    assert.equal(detect('resource "aws_api_gateway_rest_api" "shop" {\n  name = "shop"\n}\n'), 'terraform');
    assert.equal(detect('{"apis": []}'), 'model');
    assert.equal(detect('name: my-app\nversion: 1.0.0\n'), undefined);
  });

  it('says a YAML file that is no gateway config is not one, at line 1', () => {
    const error = configError(() => readConfigText('name: docker-compose\nservices:\n  web: {}\n', 'compose.yaml'));
    assert.match(error.format(), /^compose\.yaml:1:1: not a gateway config/);
  });
});

describe('reading files', () => {
  it('refuses a 50 MB file from its size alone, without reading it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-big-'));
    try {
      const file = join(directory, 'template.yaml');
      writeFileSync(file, '');
      truncateSync(file, 50 * 1024 * 1024); // sparse: no 50 MB is written
      const small = join(directory, 'small.yaml');
      writeFileSync(small, 'openapi: 3.0.1\npaths: {}\n');
      // Watch node:fs for any read of the file: its size alone must decide.
      const reads = [mock.method(fs, 'readFileSync'), mock.method(fs, 'openSync')];
      const readsOf = (path: string): number => reads.reduce((sum, spy) => sum + spy.mock.calls.filter((call) => call.arguments[0] === path).length, 0);
      const error = configError(() => readConfig(file));
      assert.equal(error.code, 'CONFIG_TOO_LARGE');
      assert.match(error.format(), /template\.yaml:1:1: the file is 50\.0 MB; configs over 10 MB are not read/);
      assert.equal(readsOf(file), 0, 'the 50 MB file was opened');
      // The same watch sees an ordinary file being read, so the zero above means something.
      readConfig(small);
      assert.ok(readsOf(small) > 0, 'the watch missed the read of a small file');
    } finally {
      mock.restoreAll();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('looking keys up in a large map', () => {
  it('finds each of 5,000 keys reading about each entry once, where a scan per lookup read 12.5 million', () => {
    const count = 5000;
    const tree = parseJsonTree(JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, index) => [`/items${index}`, index]))), 'big.json');
    assert.equal(tree.kind, 'map');
    const counted = countedReads(tree.kind === 'map' ? tree.entries : []);
    const map = { ...tree, entries: counted.list };
    for (let index = 0; index < count; index++) assert.equal(plain(get(map, `/items${index}`)), index);
    assert.equal(entry(map, '/missing'), undefined);
    assert.ok(counted.reads() <= 2 * count, `${counted.reads()} entries read for ${count} lookups`);
  });

  it('finds the first of duplicated keys, as a scan does, and keys added after a lookup', () => {
    const tree = parseYamlTree(`${Array.from({ length: 40 }, (_, index) => `k${index}: ${index}`).join('\n')}\n`, 'big.yaml');
    assert.equal(tree.kind, 'map');
    if (tree.kind !== 'map') return;
    tree.entries.push({ ...tree.entries[3], value: { kind: 'scalar', location: tree.location, value: 'second' } });
    assert.equal(plain(get(tree, 'k3')), 3);
    tree.entries.push({ key: 'late', keyLocation: tree.location, value: { kind: 'scalar', location: tree.location, value: 'added' } });
    assert.equal(plain(get(tree, 'late')), 'added');
  });
});
