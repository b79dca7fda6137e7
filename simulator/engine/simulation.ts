import { InvariantError } from '../errors';
import { integerInRange } from '../validate';
import { EventQueue } from './eventQueue';
import { Random } from './random';

/** Something to run at a simulated instant. */
export type EventHandler = () => void;

/** Identifies a scheduled event, for `cancel`. */
export type EventId = number;

/** Handles encode the handler slot in their low 22 bits and the sequence number above. */
const SLOT_BITS = 4194304; // 2^22
const ORDER_PRIORITY_UNIT = 1099511627776; // 2^40
const MAX_SEQUENCE = 2 ** 31;

export interface RunOptions {
  /** Stop before the first event later than this time (ms). */
  until?: number;
  /** Stop with an error after this many events: a model that never settles must not hang the caller. */
  maxEvents?: number;
}

/**
 * The discrete-event core: owns the virtual clock (milliseconds, fractional), the event
 * queue and the seeded random generator. Models schedule through it and never touch the
 * queue, the wall clock or Math.random, so the same seed always gives the same trace.
 * Real-time pacing, if ever wanted, is a separate driver: this core runs as fast as it can.
 */
export class Simulation {
  /** The current simulated time in milliseconds. */
  now = 0;
  readonly random: Random;
  private readonly queue = new EventQueue();
  /** Handler per slot: a function while pending, null once cancelled, undefined when free. */
  private readonly handlers: (EventHandler | null | undefined)[] = [];
  private readonly slotHandles: number[] = [];
  private readonly freeSlots: number[] = [];
  private sequence = 0;
  private processed = 0;

  constructor(seed: number | string = 1) {
    this.random = new Random(seed);
  }

  /** Number of events waiting (cancelled ones included until they are popped). */
  get pending(): number {
    return this.queue.size;
  }

  /** Number of events run so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Runs `handler` after `delay` ms. Lower `priority` runs first among events at the same time. */
  schedule(delay: number, handler: EventHandler, priority = 0): EventId {
    if (!(delay >= 0) || delay === Infinity) throw new InvariantError(`schedule: delay must be finite and >= 0, got ${delay}`);
    return this.enqueue(this.now + delay, handler, priority);
  }

  /** Runs `handler` at absolute time `time` (ms), which must not be in the past. */
  scheduleAt(time: number, handler: EventHandler, priority = 0): EventId {
    if (!(time >= this.now) || time === Infinity) throw new InvariantError(`scheduleAt: time ${time} is before now (${this.now})`);
    return this.enqueue(time, handler, priority);
  }

  /** Cancels a pending event; cancelling one that already ran or was cancelled does nothing. */
  cancel(id: EventId): void {
    const slot = id % SLOT_BITS;
    if (this.slotHandles[slot] === id && this.handlers[slot]) this.handlers[slot] = null;
  }

  /** Runs the next pending event; returns false when none is left. */
  step(): boolean {
    const queue = this.queue;
    const handlers = this.handlers;
    while (queue.size > 0) {
      const slot = queue.peekSlot();
      const time = queue.peekTime();
      queue.pop();
      const handler = handlers[slot];
      handlers[slot] = undefined;
      this.freeSlots.push(slot);
      if (!handler) continue; // cancelled: dropped lazily, here
      this.now = time;
      this.processed++;
      handler();
      return true;
    }
    return false;
  }

  /** Runs events until none is left, or until `options.until`. Returns the number of events run. */
  run(options: RunOptions = {}): number {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents === undefined ? Infinity : integerInRange('maxEvents', options.maxEvents, 1, Number.MAX_SAFE_INTEGER);
    let ran = 0;
    while (this.dropCancelled() && this.queue.peekTime() <= until) {
      if (ran >= maxEvents) throw new InvariantError(`simulation did not settle within ${maxEvents} events (now ${this.now} ms)`);
      this.step();
      ran++;
    }
    if (until !== Infinity && until > this.now) this.now = until;
    return ran;
  }

  /** Pops cancelled events off the head of the queue; returns whether a live event is next. */
  private dropCancelled(): boolean {
    const queue = this.queue;
    const handlers = this.handlers;
    while (queue.size > 0) {
      const slot = queue.peekSlot();
      if (handlers[slot]) return true;
      queue.pop();
      handlers[slot] = undefined;
      this.freeSlots.push(slot);
    }
    return false;
  }

  private enqueue(time: number, handler: EventHandler, priority: number): EventId {
    // Checks written out, not through invariant(): its message would be built on every call.
    if (!(priority >= 0 && priority < 4096 && (priority | 0) === priority)) throw new InvariantError(`priority must be an integer in [0, 4096), got ${priority}`);
    if (this.sequence >= MAX_SEQUENCE) throw new InvariantError('event sequence exhausted');
    const freeSlots = this.freeSlots;
    const slot = freeSlots.length > 0 ? freeSlots.pop()! : this.handlers.length;
    if (slot >= SLOT_BITS) throw new InvariantError('too many pending events');
    const sequence = this.sequence++;
    const id = sequence * SLOT_BITS + slot;
    this.handlers[slot] = handler;
    this.slotHandles[slot] = id;
    this.queue.push(time, priority * ORDER_PRIORITY_UNIT + sequence, slot);
    return id;
  }
}
