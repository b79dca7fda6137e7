import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCampaign } from './campaign';
import { defaultCorpusFolders, readCorpus } from './fuzzCorpus';
import { fuzzInput } from './fuzzInputs';
import { runTarget } from './fuzzTarget';
import { NOT_FOUND } from '../../simulator/config/confinedFile';

/*
 * The CI slice of `npm run fuzz`: a fixed seed, 2,000 inputs, the same workers, limits and
 * target as the full campaign. Every input must end in a result or a clean error.
 */

const SLICE = { inputs: 2000, seed: 20261207 };

describe('the fuzz campaign', () => {
  it(`ends ${SLICE.inputs.toLocaleString('en-US')} mutated configs (seed ${SLICE.seed}) in a result or a clean error: no crash, no hang`, { timeout: 900_000 }, async () => {
    const report = await runCampaign({ ...SLICE, folders: defaultCorpusFolders() });
    const failures = report.failures.map((failure) => `${failure.kind} x${failure.count}: ${failure.signature}, first input ${failure.index} from ${failure.file} (${failure.mutations.join(', ')}): ${failure.message}`);
    assert.deepEqual(failures, []);
    assert.equal(report.crashes, 0);
    assert.equal(report.hangs, 0);
    assert.equal(report.inputs, SLICE.inputs);
    // The mutations reach the readers, not only their syntax errors.
    assert.ok(report.results > SLICE.inputs / 4, `${report.results} inputs read into a model`);
    assert.ok(report.cleanErrors > 0);
  });

  it('makes the same input from the same seed and index, and another from another seed', () => {
    const corpus = readCorpus(defaultCorpusFolders());
    for (const index of [0, 1, 17, 999]) {
      assert.deepEqual(fuzzInput(corpus, 5, index), fuzzInput(corpus, 5, index));
    }
    const texts = (seed: number): string[] => [0, 1, 2, 3, 4, 5].map((index) => fuzzInput(corpus, seed, index).text);
    assert.notDeepEqual(texts(5), texts(6));
  });

  it('counts a ConfigError as a clean error and anything else thrown as a crash', () => {
    const clean = runTarget({ file: 'x.yaml', text: 'a: [', routePick: 0 }, () => NOT_FOUND);
    assert.deepEqual(clean, { kind: 'clean-error', code: 'CONFIG_SYNTAX' });
    // A reader bug, stood in for by a sibling reader that throws a TypeError where a SAM template reads its DefinitionUri.
    const template = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: api.yaml\n';
    const crash = runTarget({ file: 'template.yaml', text: template, routePick: 0 }, () => {
      throw new TypeError('a reader bug');
    });
    assert.equal(crash.kind, 'crash');
    assert.ok(crash.kind === 'crash' && crash.name === 'TypeError' && crash.signature.startsWith('TypeError at '), JSON.stringify(crash));
  });
});
