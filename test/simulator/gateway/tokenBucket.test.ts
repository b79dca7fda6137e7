import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import { TokenBucket } from '../../../simulator/gateway/tokenBucket';

/** Takes tokens at `nowMs` until one is refused; returns how many were granted. */
function drain(bucket: TokenBucket, nowMs: number): number {
  let granted = 0;
  while (bucket.take(nowMs)) {
    granted++;
    assert.ok(granted <= 1e6, 'the bucket never ran dry');
  }
  return granted;
}

describe('TokenBucket', () => {
  it('starts full, with burstLimit tokens', () => {
    const bucket = new TokenBucket(10, 25);
    assert.equal(bucket.available(0), 25);
    assert.equal(drain(bucket, 0), 25);
    assert.equal(bucket.available(0), 0);
  });

  it('refuses a request when the bucket is empty', () => {
    const bucket = new TokenBucket(1, 2);
    assert.equal(bucket.take(0), true);
    assert.equal(bucket.take(0), true);
    assert.equal(bucket.take(0), false);
    assert.equal(bucket.take(0), false, 'a refused request does not go into debt or change anything');
  });

  it('refills at rateLimit tokens per second of simulated time', () => {
    const bucket = new TokenBucket(10, 100);
    drain(bucket, 0);
    // 10 tokens/s: 250 ms give 2.5 tokens, of which 2 are whole.
    assert.equal(bucket.available(250), 2);
    assert.equal(bucket.available(500), 5);
    assert.equal(drain(bucket, 1000), 10);
    assert.equal(bucket.available(1000), 0);
  });

  it('grants the next request exactly one refill interval (1 / rateLimit s) after running dry', () => {
    const bucket = new TokenBucket(4, 1);
    assert.equal(bucket.take(0), true);
    // 4 tokens/s: one token every 250 ms.
    assert.equal(bucket.take(249), false);
    assert.equal(bucket.take(250), true);
    assert.equal(bucket.take(250), false);
    assert.equal(bucket.take(500), true);
  });

  it('never holds more than burstLimit tokens, however long it idles', () => {
    const bucket = new TokenBucket(1000, 50);
    drain(bucket, 0);
    assert.equal(bucket.available(60_000), 50);
    assert.equal(bucket.available(86_400_000), 50);
    assert.equal(drain(bucket, 86_400_000), 50);
  });

  it('rejects everything when burstLimit is 0', () => {
    const bucket = new TokenBucket(100, 0);
    for (const nowMs of [0, 1, 1000, 3_600_000]) {
      assert.equal(bucket.take(nowMs), false, `at ${nowMs} ms`);
      assert.equal(bucket.available(nowMs), 0);
    }
  });

  it('never refills when rateLimit is 0', () => {
    const bucket = new TokenBucket(0, 3);
    assert.equal(drain(bucket, 0), 3);
    assert.equal(bucket.take(3_600_000), false);
  });

  it('measures the refill from the start time it is given', () => {
    const bucket = new TokenBucket(1, 1, 5000);
    assert.equal(bucket.take(5000), true);
    assert.equal(bucket.take(5999), false);
    assert.equal(bucket.take(6000), true);
  });

  it('adds no tokens when asked about an earlier time', () => {
    const bucket = new TokenBucket(10, 10);
    drain(bucket, 1000);
    assert.equal(bucket.take(500), false);
    assert.equal(bucket.available(1000), 0);
    assert.equal(bucket.available(1100), 1);
  });

  it('gives the same answers for the same simulated times, run after run', () => {
    const times = [0, 0, 0, 0, 30, 95, 140, 145, 400, 400, 400, 400, 430, 480, 2000];
    const run = (): boolean[] => {
      const bucket = new TokenBucket(20, 3);
      return times.map((nowMs) => bucket.take(nowMs));
    };
    const first = run();
    assert.deepEqual(run(), first);
    // 20 tokens/s is 0.02 per ms. By hand (tokens before -> after each take):
    assert.deepEqual(first, [
      true, true, true, false, // 3 -> 0 at 0 ms
      false, // 0.6 at 30 ms
      true, // 1.9 at 95 ms -> 0.9
      true, // 1.8 at 140 ms -> 0.8
      false, // 0.9 at 145 ms
      true, true, true, false, // 6.0, capped at 3, at 400 ms -> 0
      false, // 0.6 at 430 ms
      true, // 1.6 at 480 ms -> 0.6
      true, // capped at 3 at 2000 ms
    ]);
  });

  it('does not depend on how often it was asked in between', () => {
    const polled = new TokenBucket(100, 1);
    const unpolled = new TokenBucket(100, 1);
    assert.equal(polled.take(0), true);
    assert.equal(unpolled.take(0), true);
    for (let nowMs = 1; nowMs < 10; nowMs++) assert.equal(polled.take(nowMs), false, `at ${nowMs} ms`);
    // 10 ms at 100 tokens/s is exactly one token either way.
    assert.equal(unpolled.take(10), true);
    assert.equal(polled.take(10), true);
  });

  it('rejects a negative or non-finite rate or burst with a ParameterError naming it', () => {
    for (const [rateLimit, burstLimit, parameter] of [[-1, 10, 'rateLimit'], [10, -1, 'burstLimit'], [Number.NaN, 10, 'rateLimit'], [10, Infinity, 'burstLimit']] as const) {
      assert.throws(() => new TokenBucket(rateLimit, burstLimit), (error) => {
        assert.ok(error instanceof ParameterError);
        assert.equal(error.parameter, parameter);
        return true;
      });
    }
  });
});
