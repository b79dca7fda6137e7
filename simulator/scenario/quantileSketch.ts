import { invariant } from '../errors';
import { finiteNumber } from '../validate';

/*
 * Percentiles of millions of samples in a fixed amount of memory: a log-bucket histogram in
 * the manner of DDSketch (Masson, Rim and Lee, "DDSketch: A Fast and Fully-Mergeable Quantile
 * Sketch with Relative-Error Guarantees", VLDB 2019). Bucket i holds the values in
 * (gamma^(i-1), gamma^i] with gamma = (1 + a) / (1 - a); answering a bucket with
 * 2 gamma^i / (gamma + 1) is then within a relative error a of every value in it. The buckets
 * span MIN_VALUE to MAX_VALUE once and for all (3,500 of them at a = 0.5%, 28 KB), so memory does
 * not grow with the count, and no bucket is ever merged away: the guarantee holds for every
 * quantile, with no randomness, the same answer for the same samples in any order.
 *
 *   value:   0 ... MIN_VALUE | (g^k, g^k+1] | (g^k+1, g^k+2] | ... | ... MAX_VALUE
 *   counts:  [   zero   ]    |  counts[0]   |   counts[1]    | ... | counts[n-1]
 */

/** The relative accuracy of the load scenario's percentiles: each is within 0.5% of the exact nearest-rank value. */
export const PERCENTILE_RELATIVE_ACCURACY = 0.005;

/**
 * The smallest value told apart from zero (ms: a nanosecond). Values at or below it, and zero,
 * are counted together and answered with the smallest sample: an absolute error of at most 1 ns.
 */
const MIN_VALUE = 1e-6;
/**
 * The largest value with its own bucket (ms: about 11.6 days, beyond a load run's day and its
 * fan-out's 20,000,000 calls at 10,000 per second). Larger ones share the last bucket, answered
 * with the largest sample: the accuracy holds up to here.
 */
const MAX_VALUE = 1e9;

export class QuantileSketch {
  private readonly counts: Float64Array;
  private readonly logGamma: number;
  private readonly inverseLogGamma: number;
  private readonly gamma: number;
  /** The index, on the log_gamma scale, of the first bucket. */
  private readonly offset: number;
  private zeroCount = 0;
  private total = 0;
  private sum = 0;
  private smallest = Infinity;
  private largest = -Infinity;

  constructor(readonly relativeAccuracy = PERCENTILE_RELATIVE_ACCURACY) {
    invariant(relativeAccuracy > 0 && relativeAccuracy < 1, `relative accuracy ${relativeAccuracy} outside (0, 1)`);
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.inverseLogGamma = 1 / this.logGamma;
    this.offset = Math.ceil(Math.log(MIN_VALUE) / this.logGamma);
    this.counts = new Float64Array(Math.ceil(Math.log(MAX_VALUE) / this.logGamma) - this.offset + 1);
  }

  /** Bytes the counts take: fixed at construction, whatever is added. */
  get byteLength(): number {
    return this.counts.byteLength;
  }

  get count(): number {
    return this.total;
  }

  /** Adds a sample (>= 0: latencies and delays). */
  add(value: number): void {
    // Checked before the message is built: this runs once per request of a load.
    if (!(value >= 0 && value !== Infinity)) invariant(false, `sample ${value} is not a finite number >= 0`);
    this.total++;
    this.sum += value;
    if (value < this.smallest) this.smallest = value;
    if (value > this.largest) this.largest = value;
    if (value <= MIN_VALUE) {
      this.zeroCount++;
      return;
    }
    const index = Math.ceil(Math.log(value) * this.inverseLogGamma) - this.offset;
    this.counts[Math.min(index, this.counts.length - 1)]++;
  }

  /**
   * The nearest-rank q-quantile (the value at rank ceil(q x count) of the sorted samples), within
   * the relative accuracy; never below the smallest sample or above the largest. 0 when empty.
   */
  quantile(q: number): number {
    finiteNumber('q', q);
    invariant(q >= 0 && q <= 1, `quantile ${q} outside [0, 1]`);
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = this.zeroCount;
    if (seen >= rank) return this.smallest;
    for (let index = 0; index < this.counts.length; index++) {
      seen += this.counts[index];
      if (seen >= rank) {
        // The last bucket also holds everything beyond MAX_VALUE: answered with the largest sample, exact.
        if (index === this.counts.length - 1) return this.largest;
        const estimate = (2 * Math.exp((index + this.offset) * this.logGamma)) / (this.gamma + 1);
        return Math.min(this.largest, Math.max(this.smallest, estimate));
      }
    }
    return this.largest;
  }

  /** The smallest and largest samples and the mean, exact. */
  get min(): number {
    return this.total === 0 ? 0 : this.smallest;
  }

  get max(): number {
    return this.total === 0 ? 0 : this.largest;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }
}
