import { ParameterError } from '../errors';
import { PARAMETER_RANGES } from '../parameterRanges';
import { isInRange, rangeText } from '../validate';

/**
 * Seeded pseudo-random generator: xoshiro128** (Blackman & Vigna), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. 32-bit arithmetic only, so the
 * sequence is identical on every platform and Node version: same seed, same trace.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private readonly seedText: string;

  constructor(seed: number | string) {
    this.seedText = typeof seed === 'string' ? `s:${seed}` : `n:${seed}`;
    let state = typeof seed === 'string' ? hashString(seed) : seedNumber(seed);
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** `length` random bytes (masking keys, Sec-WebSocket-Key, TLS randoms, filler payloads). */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      let word = this.uint32();
      for (let j = i; j < Math.min(i + 4, length); j++) {
        out[j] = word & 0xff;
        word >>>= 8;
      }
    }
    return out;
  }

  /**
   * An independent generator for a sub-model, derived from this generator's seed and
   * `label` only: it neither draws from this stream nor depends on how much of it was used,
   * so adding a sub-model elsewhere never shifts another one's randomness.
   */
  fork(label: string): Random {
    return new Random(`${this.seedText}/${label}`);
  }
}

function rotl(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}

function seedNumber(seed: number): number {
  if (!isInRange(seed, PARAMETER_RANGES.seed)) throw new ParameterError('seed', seed, `${PARAMETER_RANGES.seed.noun}, ${rangeText(PARAMETER_RANGES.seed)}, or a string`);
  // Mix the high word in, multiplied, so that neither negative seeds (whose high word is -1)
  // nor seeds differing only above 2^32 collide with others.
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) | 0;
  return (low ^ Math.imul(high ^ 0x5bd1e995, 0x9e3779b1)) | 0;
}

/** FNV-1a over UTF-16 code units: stable string seeds. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
