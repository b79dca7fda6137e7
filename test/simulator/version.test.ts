import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { SIMULATOR_VERSION } from '../../simulator/version';

it('names the version package.json gives, so exports name the release that made them', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  assert.equal(SIMULATOR_VERSION, manifest.version);
});
