import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../../simulator/engine/random';
import { InvariantError } from '../../../simulator/errors';
import { percentiles } from '../../../simulator/scenario/load';
import { PERCENTILE_RELATIVE_ACCURACY, QuantileSketch } from '../../../simulator/scenario/quantileSketch';

/** The exact nearest-rank quantile: the value at rank ceil(q x count) of the sorted values. */
function nearestRank(sorted: Float64Array, q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

/** Seeded samples of a few shapes a load gives: lognormal latencies, a bimodal mix with cold starts, ties, a wide range. */
function samples(random: Random, count: number, shape: string): Float64Array {
  const gaussian = (): number => Math.sqrt(-2 * Math.log(Math.max(random.next(), 1e-12))) * Math.cos(2 * Math.PI * random.next());
  return new Float64Array(count).map(() => {
    switch (shape) {
      case 'lognormal': return 60 * Math.exp(0.3 * gaussian());
      case 'cold starts': return random.next() < 0.02 ? 250 + 50 * random.next() : 40 + 30 * random.next();
      case 'ties': return Math.floor(random.next() * 5) * 10;
      // From 2e-6 to 5e8 ms: the range the sketch states its accuracy for.
      default: return Math.exp(random.next() * 33 - 13);
    }
  });
}

const QUANTILES = [0, 0.001, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

describe('the quantile sketch', () => {
  it('answers every quantile within its relative accuracy of the exact nearest-rank value, for seeded data of several shapes and counts', () => {
    const random = new Random('quantile sketch');
    for (const shape of ['lognormal', 'cold starts', 'ties', 'wide']) {
      for (const count of [1, 2, 3, 7, 100, 101, 4099, 100_000]) {
        const values = samples(random, count, shape);
        const sketch = new QuantileSketch();
        for (const value of values) sketch.add(value);
        const sorted = values.slice().sort();
        for (const q of QUANTILES) {
          const exact = nearestRank(sorted, q);
          const found = sketch.quantile(q);
          // 1e-12 for the rounding of log and exp at a bucket's edge.
          const error = exact === 0 ? found : Math.abs(found - exact) / exact;
          assert.ok(error <= PERCENTILE_RELATIVE_ACCURACY + 1e-12, `${shape}, ${count} values, q ${q}: ${found} for ${exact} (${(error * 100).toFixed(3)}%)`);
        }
        assert.equal(sketch.max, sorted[count - 1]);
        assert.equal(sketch.min, sorted[0]);
        assert.ok(Math.abs(sketch.mean - sorted.reduce((sum, value) => sum + value, 0) / count) <= 1e-9 * Math.max(1, sketch.max));
      }
    }
  });

  it('is not exact: a finer accuracy answers closer, so the stated one is what it can promise', () => {
    const values = samples(new Random('coarse'), 10_000, 'lognormal');
    const sorted = values.slice().sort();
    const worst = (accuracy: number): number => {
      const sketch = new QuantileSketch(accuracy);
      for (const value of values) sketch.add(value);
      return Math.max(...QUANTILES.slice(1, -1).map((q) => Math.abs(sketch.quantile(q) - nearestRank(sorted, q)) / nearestRank(sorted, q)));
    };
    const coarse = worst(0.05);
    assert.ok(coarse > PERCENTILE_RELATIVE_ACCURACY && coarse <= 0.05, `5%: ${coarse}`);
    assert.ok(worst(0.0005) <= 0.0005 + 1e-12);
  });

  it('keeps the same size whatever the count, a few tens of KB', () => {
    const sketch = new QuantileSketch();
    const size = sketch.byteLength;
    assert.ok(size < 64 * 1024, `${size} bytes`);
    const random = new Random('size');
    for (let index = 0; index < 2_000_000; index++) sketch.add(random.next() * 1e6);
    assert.equal(sketch.count, 2_000_000);
    assert.equal(sketch.byteLength, size);
  });

  it('answers the same for the same samples in any order', () => {
    const values = samples(new Random('order'), 5_000, 'cold starts');
    const forward = new QuantileSketch();
    const backward = new QuantileSketch();
    for (const value of values) forward.add(value);
    for (const value of values.slice().reverse()) backward.add(value);
    for (const q of QUANTILES) assert.equal(forward.quantile(q), backward.quantile(q));
  });

  it('gives zeros for an empty sketch, and the load scenario\'s percentiles with the accuracy', () => {
    assert.deepEqual(percentiles(new QuantileSketch()), { p50: 0, p95: 0, p99: 0, max: 0, mean: 0, relativeAccuracy: PERCENTILE_RELATIVE_ACCURACY });
    const sketch = new QuantileSketch();
    for (const value of [0, 0, 5, 1e12]) sketch.add(value);
    assert.equal(sketch.quantile(0.5), 0, 'zeros are answered as zero');
    assert.equal(sketch.quantile(1), 1e12, 'a value beyond the last bucket is the exact maximum');
  });

  it('refuses negative and non-finite samples as the bug they would be', () => {
    const sketch = new QuantileSketch();
    for (const value of [-1, Number.NaN, Infinity]) assert.throws(() => sketch.add(value), InvariantError);
    assert.equal(sketch.count, 0);
  });
});
