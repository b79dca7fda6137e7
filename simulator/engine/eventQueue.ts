import { invariant } from '../errors';

/**
 * A binary min-heap over typed arrays, keyed by (time, order). `order` folds the priority
 * and a sequence number into one exact double (priority * 2^40 + sequence), so events at
 * equal times pop in the same order every run: lower priority first, then first scheduled.
 *
 * Each entry carries an opaque integer `slot` (the Simulation's handler index). Keeping
 * keys in typed arrays, not objects, keeps the heap free of allocation and pointer
 * chasing, which is most of an event engine's cost at 10^4 pending events.
 */
export class EventQueue {
  private times: Float64Array;
  private orders: Float64Array;
  private slots: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.orders = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  push(time: number, order: number, slot: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const orders = this.orders;
    const slots = this.slots;
    // Sift up with a hole: move parents down until the new key fits.
    let index = this.count++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime < time || (parentTime === time && orders[parent] < order)) break;
      times[index] = parentTime;
      orders[index] = orders[parent];
      slots[index] = slots[parent];
      index = parent;
    }
    times[index] = time;
    orders[index] = order;
    slots[index] = slot;
  }

  /** Time of the earliest entry; only valid when `size > 0`. */
  peekTime(): number {
    return this.times[0];
  }

  /** Slot of the earliest entry; only valid when `size > 0`. */
  peekSlot(): number {
    return this.slots[0];
  }

  /** Removes the earliest entry. */
  pop(): void {
    invariant(this.count > 0, 'pop from an empty event queue');
    const last = --this.count;
    if (last === 0) return;
    const times = this.times;
    const orders = this.orders;
    const slots = this.slots;
    const time = times[last];
    const order = orders[last];
    const slot = slots[last];
    // Sift the last entry down from the root with a hole.
    let index = 0;
    const half = last >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (right < last && (times[right] < times[child] || (times[right] === times[child] && orders[right] < orders[child]))) {
        child = right;
      }
      const childTime = times[child];
      if (time < childTime || (time === childTime && order < orders[child])) break;
      times[index] = childTime;
      orders[index] = orders[child];
      slots[index] = slots[child];
      index = child;
    }
    times[index] = time;
    orders[index] = order;
    slots[index] = slot;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const orders = new Float64Array(capacity);
    const slots = new Int32Array(capacity);
    times.set(this.times);
    orders.set(this.orders);
    slots.set(this.slots);
    this.times = times;
    this.orders = orders;
    this.slots = slots;
  }
}
