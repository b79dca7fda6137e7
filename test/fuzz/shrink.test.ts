import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shrinkLines } from './shrink';

const unlimited = { tries: 10_000, deadline: Infinity, now: () => 0 };

describe('shrinking a failing input', () => {
  it('keeps only the lines the failure needs', async () => {
    const text = Array.from({ length: 100 }, (_, index) => `line ${index}`).join('\n');
    const shrunk = await shrinkLines(text, async (candidate) => candidate.includes('line 17') && candidate.includes('line 82'), unlimited);
    assert.equal(shrunk, 'line 17\nline 82');
  });

  it('stops at its budget of tries with a text that still fails', async () => {
    const text = Array.from({ length: 1000 }, (_, index) => `line ${index}`).join('\n');
    let tries = 0;
    const shrunk = await shrinkLines(text, async (candidate) => {
      tries++;
      return candidate.includes('line 500');
    }, { ...unlimited, tries: 5 });
    assert.equal(tries, 5);
    assert.ok(shrunk.includes('line 500'));
  });
});
