import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatCount } from '../../../webview/drawing/format';

describe('number formats', () => {
  it('writes counts and byte sizes as ICU writes en-US whole numbers, separators included', () => {
    // The independent implementation: ICU through Intl, which the views used for every number before.
    const icu = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const values = [0, -0, 1, 7, 99, 999, 1000, 1001, 9999, 10_000, 65_535, 100_000, 999_999, 1_000_000, 12_345_678, 2 ** 31, Number.MAX_SAFE_INTEGER, 2 ** 60, -1, -1234, 0.4, 0.5, 1.5, 2.5, 999.5, 1234.49, 1234.5, -0.4];
    for (let value = 0; value < 20_000; value += 7) values.push(value);
    for (const value of values) {
      assert.equal(formatCount(value), icu.format(value), `count ${value}`);
      if (Math.abs(value) < 1e6) assert.equal(formatBytes(value), `${icu.format(value)} B`, `bytes ${value}`);
    }
    assert.equal(formatBytes(1789), '1,789 B');
    assert.equal(formatCount(10_000), '10,000');
  });
});
