/*
 * `apigw-sim vtl` on AWS's documented mapping-template examples (test/fixtures/vtl/README.md
 * names each page). Outputs are compared with the documented ones: as normalised JSON where the
 * page shows pretty-printed JSON, exactly where the page shows the text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';
import { parseHttpRequestFile } from '../../../simulator/gateway/mapping/httpMessageFile';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'vtl');
const fixture = (name: string): string => join(FIXTURES, name);
const json = (name: string): unknown => JSON.parse(readFileSync(fixture(name), 'utf8'));

function vtl(...args: string[]): { output: string; exitCode: number } {
  return run(['vtl', ...args]);
}

describe('apigw-sim vtl on the DG examples', () => {
  it('photos example: the input mapping template rebuilds the original data', () => {
    const { output, exitCode } = vtl(fixture('photos-request.vtl'), '--request', fixture('photos-request.http'));
    assert.equal(exitCode, 0);
    assert.deepEqual(JSON.parse(output), json('photos-original.json'));
  });

  it('photos example: the output mapping template gives the documented transformed data', () => {
    const { output, exitCode } = vtl(fixture('photos-response.vtl'), '--request', fixture('photos-request.http'), '--response', fixture('photos-response.http'));
    assert.equal(exitCode, 0);
    assert.deepEqual(JSON.parse(output), json('photos-transformed.expected.json'));
  });

  it('$util.parseJson example: exactly the documented output', () => {
    const { output, exitCode } = vtl(fixture('parse-json.vtl'), '--request', fixture('parse-json.http'));
    assert.equal(exitCode, 0);
    assert.equal(output.trimEnd(), readFileSync(fixture('parse-json.expected.json'), 'utf8').trimEnd());
  });

  it('$input example: the id from the path and the documented count "3" from $input.path(...).size()', () => {
    const { output, exitCode } = vtl(fixture('things.vtl'), '--request', fixture('things.http'), '--context', fixture('things.context.json'));
    assert.equal(exitCode, 0);
    assert.match(output, /"id" : "abc",/);
    assert.match(output, /"count" : "3",/);
    // escapeJavaScript escapes the quotes of the JSON it is given (Commons Lang), as the DG's note on it warns.
    assert.match(output, /"things" : \{\\"1\\":\{\},\\"2\\":\{\},\\"3\\":\{\}\}/);
  });

  it('parameter mapping example: every parameter, #foreach with $foreach.hasNext making valid JSON', () => {
    const { output, exitCode } = vtl(fixture('all-params.vtl'), '--request', fixture('all-params.http'), '--context', fixture('all-params.context.json'));
    assert.equal(exitCode, 0);
    assert.deepEqual(JSON.parse(output), {
      params: {
        path: { petId: '7' },
        querystring: { type: 'dog', sort: 'age' },
        header: { Host: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', Accept: 'application/json', 'X-Note': 'say "hi"' },
      },
    });
  });

  it('request override example: header3 is header1Valheader2Val and header1 is foo, as the DG\'s log shows', () => {
    const { output, exitCode } = vtl(fixture('override-request.vtl'), '--request', fixture('override-request.http'));
    assert.equal(exitCode, 0);
    assert.match(output, /^## requestOverride\.header\.header3 = header1Valheader2Val$/m);
    assert.match(output, /^## requestOverride\.header\.header1 = foo$/m);
  });

  it('response override example: the body unchanged and status 400, as "Method completed with status: 400"', () => {
    const { output, exitCode } = vtl(fixture('override-response.vtl'), '--request', fixture('get-pet.http'), '--response', fixture('override-response.http'));
    assert.equal(exitCode, 0);
    const [body] = output.split('\n## ');
    assert.deepEqual(JSON.parse(body), { errors: [{ key: 'GetPetRequest.petId', message: 'The value is out of range.' }] });
    assert.match(output, /^## responseOverride\.status = 400$/m);
  });

  it('mock integration example: scope=internal gives statusCode 200, anything else 500', () => {
    const internal = vtl(fixture('mock-scope.vtl'), '--request', fixture('mock-internal.http'));
    const external = vtl(fixture('mock-scope.vtl'), '--request', fixture('mock-external.http'));
    assert.deepEqual([internal.exitCode, external.exitCode], [0, 0]);
    assert.deepEqual(JSON.parse(internal.output), { statusCode: 200 });
    assert.deepEqual(JSON.parse(external.output), { statusCode: 500 });
  });
});

describe('apigw-sim vtl errors', () => {
  it('exits 2 with file:line:column on a syntax error', () => {
    const directory = mkdtempSync(join(tmpdir(), 'vtl-'));
    try {
      const template = join(directory, 'broken.vtl');
      writeFileSync(template, '{\n  "a": #if($x\n}\n');
      const { output, exitCode } = vtl(template, '--request', fixture('things.http'));
      assert.equal(exitCode, 2);
      assert.match(output, new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: syntax error: `));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage message without --request, and names a missing file', () => {
    assert.equal(vtl(fixture('things.vtl')).exitCode, 2);
    const missing = vtl(fixture('things.vtl'), '--request', fixture('nope.http'));
    assert.equal(missing.exitCode, 2);
    assert.match(missing.output, /INPUT_UNREADABLE.*nope\.http/);
  });
});

describe('.http request files', () => {
  it('reads a request line with an absolute URL, comments before it, headers and the body', () => {
    const request = parseHttpRequestFile('### create\n# a comment\nPOST https://api.example.com/prod/pets?x=1 HTTP/1.1\nContent-Type: application/json\n\n{"a": 1}\n', 'r.http');
    assert.deepEqual(request, { method: 'POST', target: '/prod/pets?x=1', headers: [['Host', 'api.example.com'], ['Content-Type', 'application/json']], body: '{"a": 1}\n' });
  });
});
