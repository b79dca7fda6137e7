import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConfigError } from '../../../simulator/errors';
import { readConfigText } from '../../../simulator/config/configFile';

/*
 * Whatever text arrives, reading it ends in a model or a ConfigError with a location:
 * never another exception, a hang or a crash. Random text, and the example and
 * fixture configs cut, spliced and corrupted. Fixed seeds keep CI runs repeatable; the
 * number of cases is bounded.
 */

/**
 * A hang guard, not a speed test: a reader that loops or blows up on some input never
 * finishes, while a whole property here takes seconds even on a loaded CI machine.
 * Reading speed is measured by bench/config.bench.ts.
 */
const HANG_GUARD = { timeout: 60_000 };

const ROOT = join(__dirname, '..', '..', '..', '..');

function files(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ya?ml|json|tf|tpl)$/.test(name) ? [path] : [];
  });
}

const CORPUS = [...files(join(ROOT, 'examples')), ...files(join(ROOT, 'test', 'fixtures'))];

function readsSafely(text: string, file: string): void {
  try {
    readConfigText(text, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw new Error(`${file}: ${String(error)}\n--- input ---\n${text.slice(0, 2000)}`);
    assert.ok(error.location.line >= 1 && error.location.column >= 1, 'errors carry a location');
  }
}

describe('reading arbitrary input', HANG_GUARD, () => {
  it('ends every random text in a model or a located ConfigError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom('x.yaml', 'x.json', 'x.tf'), (text, file) => readsSafely(text, file)), { seed: 20261125, numRuns: 400 });
  });

  it('ends every config-shaped random text (YAML, JSON, CloudFormation tags, HCL tokens) the same way', () => {
    const token = fc.constantFrom('{', '}', '[', ']', ':', ',', '"', "'", '\n', '  ', '- ', '!Ref ', '!GetAtt ', '!Sub ', '&a ', '*a', '<<: ', 'Resources:', 'Type: AWS::ApiGateway::RestApi', 'openapi: 3.0.0', 'paths:', 'resource "aws_apigatewayv2_api" "x" {', '${', '= ', 'swagger', 'apis', 'service: x', 'provider:', '#', '//', '/*', '*/', '<<EOT\n', 'EOT\n');
    fc.assert(fc.property(fc.array(token, { maxLength: 120 }), fc.constantFrom('t.yaml', 't.json', 't.tf'), (tokens, file) => readsSafely(tokens.join(''), file)), { seed: 7, numRuns: 600 });
  });

  for (const path of CORPUS) {
    it(`survives ${relative(ROOT, path)} cut, spliced and corrupted`, () => {
      const original = readFileSync(path, 'utf8');
      const mutation = fc.tuple(fc.nat({ max: original.length }), fc.nat({ max: 200 }), fc.string({ maxLength: 20 }), fc.constantFrom('delete', 'insert', 'replace', 'truncate', 'duplicate'));
      fc.assert(fc.property(mutation, ([at, length, text, kind]) => {
        const mutated = kind === 'delete' ? original.slice(0, at) + original.slice(at + length)
          : kind === 'insert' ? original.slice(0, at) + text + original.slice(at)
          : kind === 'replace' ? original.slice(0, at) + text + original.slice(at + text.length)
          : kind === 'truncate' ? original.slice(0, at)
          : original.slice(0, at) + original.slice(at, at + length) + original.slice(at);
        readsSafely(mutated, path);
      }), { seed: 11, numRuns: 150 });
    });
  }
});
