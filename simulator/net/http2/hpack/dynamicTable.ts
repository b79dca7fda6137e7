import { invariant } from '../../../errors';
import { STATIC_TABLE_LENGTH } from './staticTable';

/** Each entry counts its name and value octets plus 32 (RFC 7541 §4.1). */
export const ENTRY_OVERHEAD = 32;

/** The size of an entry as RFC 7541 §4.1 counts it. */
export function entrySize(name: string, value: string): number {
  return name.length + value.length + ENTRY_OVERHEAD;
}

/**
 * The HPACK dynamic table (RFC 7541 §2.3.2, §4): newest entry at index 62, oldest evicted first
 * when an addition or a smaller maximum would exceed the size limit. Encoder and decoder each
 * keep one; they agree because they apply the same additions and size updates in the same order.
 */
export class DynamicTable {
  /** Oldest first, so an addition is a push and an eviction a shift. */
  private entries: (readonly [string, string])[] = [];
  private used = 0;

  constructor(private limit: number) {}

  get size(): number {
    return this.used;
  }

  get maxSize(): number {
    return this.limit;
  }

  get length(): number {
    return this.entries.length;
  }

  /** Adds `name: value`; an entry larger than the whole table empties it and is not added (RFC 7541 §4.4). */
  add(name: string, value: string): void {
    const size = entrySize(name, value);
    this.evictDownTo(this.limit - size);
    if (size <= this.limit) {
      this.entries.push([name, value]);
      this.used += size;
    }
  }

  /** A new maximum size, evicting as needed (RFC 7541 §4.3). */
  setMaxSize(limit: number): void {
    this.limit = limit;
    this.evictDownTo(limit);
  }

  /** The entry at HPACK index `index` (62 and up), or undefined past the end. */
  at(index: number): readonly [string, string] | undefined {
    const position = this.entries.length - 1 - (index - STATIC_TABLE_LENGTH - 1);
    return position >= 0 && position < this.entries.length ? this.entries[position] : undefined;
  }

  /** HPACK index of the newest entry equal to `name: value`, or 0. */
  findExact(name: string, value: string): number {
    for (let position = this.entries.length - 1; position >= 0; position--) {
      const entry = this.entries[position];
      if (entry[0] === name && entry[1] === value) return this.indexOf(position);
    }
    return 0;
  }

  /** HPACK index of the newest entry named `name`, or 0. */
  findName(name: string): number {
    for (let position = this.entries.length - 1; position >= 0; position--) {
      if (this.entries[position][0] === name) return this.indexOf(position);
    }
    return 0;
  }

  /** The entries newest first, as RFC 7541 Appendix C prints a table. */
  list(): (readonly [string, string])[] {
    return [...this.entries].reverse();
  }

  private indexOf(position: number): number {
    return STATIC_TABLE_LENGTH + this.entries.length - position;
  }

  private evictDownTo(target: number): void {
    while (this.used > Math.max(target, 0) && this.entries.length > 0) {
      const [name, value] = this.entries.shift()!;
      this.used -= entrySize(name, value);
    }
    invariant(this.used >= 0, 'dynamic table size below zero');
  }
}
