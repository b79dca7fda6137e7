import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../../simulator/engine/random';
import { ParameterError } from '../../../simulator/errors';

function draws(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => random.uint32());
}

describe('Random', () => {
  it('gives the same sequence for the same numeric seed', () => {
    for (const seed of [0, 1, 42, -7, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      assert.deepEqual(draws(new Random(seed), 1000), draws(new Random(seed), 1000), `seed ${seed}`);
    }
  });

  it('gives the same sequence for the same string seed', () => {
    for (const seed of ['', 'shop', 'link:client->server', 'ünïcödé']) {
      const a = new Random(seed);
      const b = new Random(seed);
      assert.deepEqual([a.next(), a.int(1, 6), ...a.bytes(9), a.uint32()], [b.next(), b.int(1, 6), ...b.bytes(9), b.uint32()], `seed ${JSON.stringify(seed)}`);
    }
  });

  it('gives different sequences for different seeds, nearby ones included', () => {
    // 5 and 5 + 2^32 differ only above bit 32, which the seed folding must keep apart.
    const seeds: (number | string)[] = [0, 1, 2, 3, 1000, 5, 5 + 2 ** 32, 'a', 'b', 'ab', 'ba', '1'];
    const streams = seeds.map((seed) => draws(new Random(seed), 4).join(','));
    assert.equal(new Set(streams).size, seeds.length, `streams: ${streams.join(' | ')}`);
  });

  it('gives different sequences for a negative seed and its neighbours', () => {
    assert.notDeepEqual(draws(new Random(-1), 4), draws(new Random(0), 4));
    assert.notDeepEqual(draws(new Random(-2), 4), draws(new Random(1), 4));
  });

  it('gives a different stream from a number seed and the same digits as a string', () => {
    assert.notDeepEqual(draws(new Random(42), 4), draws(new Random('42'), 4));
  });

  it('gives a fork a stream that later parent draws do not change, and that does not shift the parent', () => {
    // Order 1: fork, drain the child, then draw from the parent.
    const parentA = new Random(7);
    const childA = parentA.fork('link');
    const childAValues = draws(childA, 200);
    const parentAValues = draws(parentA, 200);
    // Order 2: fork, draw from the parent (and fork it again) first, then drain the child.
    const parentB = new Random(7);
    const childB = parentB.fork('link');
    const childBValues: number[] = [];
    for (let index = 0; index < 200; index++) {
      parentB.uint32();
      if (index % 3 === 0) parentB.fork('other');
    }
    for (let index = 0; index < 200; index++) childBValues.push(childB.uint32());
    assert.deepEqual(childBValues, childAValues, 'the child does not depend on what the parent draws after the fork');
    const parentC = new Random(7);
    const childC = parentC.fork('link');
    draws(childC, 5000);
    assert.deepEqual(draws(parentC, 200), parentAValues, 'drawing from the child does not shift the parent');
  });

  it('gives forks with different labels different streams', () => {
    const a = new Random(7).fork('link:client->server');
    const b = new Random(7).fork('link:server->client');
    assert.notDeepEqual(draws(a, 8), draws(b, 8));
  });

  it('gives a fork a stream different from its parent\'s', () => {
    const parent = new Random(7);
    const child = parent.fork('x');
    assert.notDeepEqual(draws(child, 8), draws(parent, 8));
  });

  it('returns next() in [0, 1)', () => {
    const random = new Random('unit interval');
    let low = 1;
    let high = 0;
    for (let index = 0; index < 100_000; index++) {
      const value = random.next();
      assert.ok(value >= 0 && value < 1, `next() returned ${value}`);
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    // The range is actually covered, not a narrow band of it.
    assert.ok(low < 0.001 && high > 0.999, `range seen [${low}, ${high}]`);
  });

  it('returns uint32() as unsigned 32-bit integers', () => {
    const random = new Random(3);
    for (let index = 0; index < 10_000; index++) {
      const value = random.uint32();
      assert.ok(Number.isInteger(value) && value >= 0 && value <= 0xffffffff, `uint32() returned ${value}`);
    }
  });

  it('returns int(min, max) within the bounds and reaches both of them', () => {
    for (const [min, max] of [[1, 6], [-3, 3], [0, 1], [10, 10]] as const) {
      const random = new Random(`int ${min} ${max}`);
      const seen = new Set<number>();
      for (let index = 0; index < 10_000; index++) {
        const value = random.int(min, max);
        assert.ok(Number.isInteger(value) && value >= min && value <= max, `int(${min}, ${max}) returned ${value}`);
        seen.add(value);
      }
      assert.equal(seen.size, max - min + 1, `int(${min}, ${max}) reached every value, both bounds included`);
    }
  });

  it('returns bytes(n) of length n, the same for the same seed', () => {
    for (const length of [0, 1, 3, 4, 5, 16, 17, 1000]) {
      const a = new Random('bytes').bytes(length);
      const b = new Random('bytes').bytes(length);
      assert.ok(a instanceof Uint8Array);
      assert.equal(a.length, length);
      assert.deepEqual(a, b);
    }
    const other = new Random('other bytes').bytes(32);
    assert.notDeepEqual(other, new Random('bytes').bytes(32));
    assert.ok(other.some((byte) => byte !== 0));
  });

  it('spreads bytes(n) over all 256 values', () => {
    const seen = new Set(new Random(5).bytes(20_000));
    assert.equal(seen.size, 256);
  });

  it('is roughly uniform: chi-square over 16 buckets of 160,000 draws stays below a generous bound', () => {
    const random = new Random(2024);
    const buckets = new Array<number>(16).fill(0);
    const total = 160_000;
    for (let index = 0; index < total; index++) buckets[Math.floor(random.next() * 16)]++;
    const expected = total / 16;
    const chiSquare = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 15 degrees of freedom: mean 15; P(chi-square > 50) is about 1e-5.
    assert.ok(chiSquare < 50, `chi-square ${chiSquare.toFixed(2)} for buckets ${buckets.join(', ')}`);
  });

  for (const seed of [1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53)]) {
    it(`rejects the seed ${seed} with a ParameterError naming 'seed'`, () => {
      assert.throws(() => new Random(seed), (error: unknown) => {
        assert.ok(error instanceof ParameterError);
        assert.equal(error.parameter, 'seed');
        assert.equal(error.code, 'INVALID_PARAMETER');
        assert.match(error.message, /^seed: /);
        return true;
      });
    });
  }
});
