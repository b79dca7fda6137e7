import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventQueue } from '../../../simulator/engine/eventQueue';
import { Random } from '../../../simulator/engine/random';
import { Simulation } from '../../../simulator/engine/simulation';
import { InvariantError } from '../../../simulator/errors';

/** The order key the Simulation folds into the queue: priority * 2^40 + sequence. */
const PRIORITY_UNIT = 2 ** 40;

describe('Simulation', () => {
  it('runs events in time order, whatever order they were scheduled in', () => {
    const simulation = new Simulation();
    const ran: number[] = [];
    for (const delay of [30, 10, 50, 0, 20, 40, 10.5, 0.25]) simulation.schedule(delay, () => ran.push(delay));
    assert.equal(simulation.run(), 8);
    assert.deepEqual(ran, [0, 0.25, 10, 10.5, 20, 30, 40, 50]);
  });

  it('runs events at equal times by priority, then in scheduling order', () => {
    const simulation = new Simulation();
    const ran: string[] = [];
    simulation.schedule(5, () => ran.push('p2 first'), 2);
    simulation.schedule(5, () => ran.push('p0 first'));
    simulation.schedule(5, () => ran.push('p1'), 1);
    simulation.schedule(5, () => ran.push('p0 second'), 0);
    simulation.schedule(5, () => ran.push('p2 second'), 2);
    simulation.schedule(4, () => ran.push('earlier, p3'), 3);
    simulation.run();
    assert.deepEqual(ran, ['earlier, p3', 'p0 first', 'p0 second', 'p1', 'p2 first', 'p2 second']);
  });

  it('keeps ties stable across thousands of events at the same time and priority', () => {
    const simulation = new Simulation();
    const random = new Random('ties');
    const ran: [number, number][] = [];
    const expected: [number, number][] = [];
    for (let index = 0; index < 5000; index++) {
      const priority = random.int(0, 3);
      simulation.schedule(7, () => ran.push([priority, index]), priority);
      expected.push([priority, index]);
    }
    // A stable sort by priority keeps scheduling order within each priority.
    expected.sort((a, b) => a[0] - b[0]);
    simulation.run();
    assert.deepEqual(ran, expected);
  });

  it('runs events scheduled at the current time from inside a handler after those already waiting at that time', () => {
    const simulation = new Simulation();
    const ran: string[] = [];
    simulation.schedule(1, () => {
      ran.push('a');
      simulation.schedule(0, () => ran.push('a.child'));
    });
    simulation.schedule(1, () => ran.push('b'));
    simulation.run();
    assert.deepEqual(ran, ['a', 'b', 'a.child']);
  });

  it('does not run a cancelled event', () => {
    const simulation = new Simulation();
    const ran: string[] = [];
    simulation.schedule(1, () => ran.push('kept'));
    const id = simulation.schedule(2, () => ran.push('cancelled'));
    simulation.schedule(3, () => ran.push('kept too'));
    simulation.cancel(id);
    assert.equal(simulation.run(), 2);
    assert.deepEqual(ran, ['kept', 'kept too']);
    assert.equal(simulation.eventsProcessed, 2);
  });

  it('ignores cancelling twice, or cancelling an event that already ran', () => {
    const simulation = new Simulation();
    const ran: string[] = [];
    const cancelledTwice = simulation.schedule(1, () => ran.push('cancelled'));
    simulation.cancel(cancelledTwice);
    simulation.cancel(cancelledTwice);
    const first = simulation.schedule(2, () => ran.push('first'));
    simulation.run();
    simulation.cancel(first);
    simulation.cancel(first);
    // Both handles are stale now; new events (which may reuse their slots) are unaffected.
    const later = [simulation.schedule(1, () => ran.push('second')), simulation.schedule(2, () => ran.push('third'))];
    simulation.cancel(cancelledTwice);
    simulation.cancel(first);
    simulation.run();
    assert.deepEqual(ran, ['first', 'second', 'third']);
    assert.notEqual(later[0], first);
  });

  it('can cancel an event from inside another handler at the same time', () => {
    const simulation = new Simulation();
    const ran: string[] = [];
    let victim = -1;
    simulation.schedule(5, () => {
      ran.push('canceller');
      simulation.cancel(victim);
    });
    victim = simulation.schedule(5, () => ran.push('victim'));
    simulation.run();
    assert.deepEqual(ran, ['canceller']);
  });

  it('advances now to each event\'s time and never moves it back', () => {
    const simulation = new Simulation();
    const random = new Random(11);
    const seen: [number, number][] = [];
    let scheduled = 0;
    const spawn = (): void => {
      const due = simulation.now + (random.int(0, 3) === 0 ? 0 : random.next() * 10);
      scheduled++;
      simulation.scheduleAt(due, () => {
        seen.push([due, simulation.now]);
        if (scheduled < 2000) {
          spawn();
          if (random.int(0, 1) === 0) spawn();
        }
      });
    };
    for (let index = 0; index < 10; index++) spawn();
    assert.equal(simulation.now, 0);
    simulation.run();
    assert.equal(seen.length, scheduled);
    for (let index = 0; index < seen.length; index++) {
      assert.equal(seen[index][1], seen[index][0], 'now is the event\'s own time while it runs');
      if (index > 0) assert.ok(seen[index][1] >= seen[index - 1][1], `now went back from ${seen[index - 1][1]} to ${seen[index][1]}`);
    }
    assert.equal(simulation.now, seen[seen.length - 1][1]);
  });

  it('throws InvariantError when an event is scheduled in the past', () => {
    const simulation = new Simulation();
    let thrown: unknown;
    simulation.schedule(10, () => {
      try {
        simulation.scheduleAt(9.999, () => {});
      } catch (error) {
        thrown = error;
      }
    });
    simulation.run();
    assert.ok(thrown instanceof InvariantError);
    assert.equal(thrown.code, 'INVARIANT_VIOLATED');
    assert.equal(simulation.pending, 0);
  });

  for (const delay of [-1, -Number.MIN_VALUE, NaN, Infinity, -Infinity]) {
    it(`throws InvariantError for a delay of ${delay}`, () => {
      const simulation = new Simulation();
      assert.throws(() => simulation.schedule(delay, () => {}), InvariantError);
      assert.equal(simulation.pending, 0);
    });
  }

  for (const time of [NaN, Infinity, -1]) {
    it(`throws InvariantError for an absolute time of ${time}`, () => {
      const simulation = new Simulation();
      assert.throws(() => simulation.scheduleAt(time, () => {}), InvariantError);
      assert.equal(simulation.pending, 0);
    });
  }

  it('accepts an absolute time equal to now', () => {
    const simulation = new Simulation();
    const ran: number[] = [];
    simulation.schedule(3, () => simulation.scheduleAt(simulation.now, () => ran.push(simulation.now)));
    simulation.run();
    assert.deepEqual(ran, [3]);
  });

  it('stops run({ until }) before later events and leaves them pending', () => {
    const simulation = new Simulation();
    const ran: number[] = [];
    for (const time of [5, 10, 12, 15, 20]) simulation.scheduleAt(time, () => ran.push(time));
    assert.equal(simulation.run({ until: 12 }), 3);
    assert.deepEqual(ran, [5, 10, 12], 'an event exactly at `until` runs');
    assert.equal(simulation.pending, 2);
    assert.ok(simulation.now >= 12 && simulation.now < 15);
    assert.equal(simulation.run({ until: 14 }), 0);
    assert.deepEqual(ran, [5, 10, 12]);
    assert.equal(simulation.run(), 2);
    assert.deepEqual(ran, [5, 10, 12, 15, 20]);
    assert.equal(simulation.now, 20);
  });

  it('stops run({ until }) before later events even when a cancelled event comes first', () => {
    const simulation = new Simulation();
    const ran: number[] = [];
    const cancelled = simulation.scheduleAt(5, () => ran.push(5));
    simulation.scheduleAt(20, () => ran.push(20));
    simulation.cancel(cancelled);
    simulation.run({ until: 10 });
    assert.deepEqual(ran, []);
    assert.equal(simulation.pending, 1);
    assert.ok(simulation.now <= 10);
  });

  it('throws InvariantError from run({ maxEvents }) on a model that reschedules itself forever', () => {
    const simulation = new Simulation();
    let ticks = 0;
    const tick = (): void => {
      ticks++;
      simulation.schedule(1, tick);
    };
    simulation.schedule(0, tick);
    assert.throws(() => simulation.run({ maxEvents: 1000 }), InvariantError);
    assert.equal(ticks, 1000);
  });

  it('throws InvariantError from run({ maxEvents }) on a zero-delay loop that never advances the clock', () => {
    const simulation = new Simulation();
    const spin = (): void => {
      simulation.schedule(0, spin);
    };
    simulation.schedule(0, spin);
    assert.throws(() => simulation.run({ maxEvents: 500 }), InvariantError);
    assert.equal(simulation.now, 0);
  });

  it('lets run({ maxEvents }) finish a model that settles within the limit', () => {
    const simulation = new Simulation();
    for (let index = 0; index < 10; index++) simulation.schedule(index, () => {});
    assert.equal(simulation.run({ maxEvents: 10 }), 10);
    assert.equal(simulation.pending, 0);
  });

  it('lets run({ maxEvents }) finish when only cancelled events are left after the limit', () => {
    const simulation = new Simulation();
    simulation.schedule(1, () => {});
    simulation.cancel(simulation.schedule(2, () => {}));
    assert.equal(simulation.run({ maxEvents: 1 }), 1);
  });
});

describe('EventQueue', () => {
  it('pops in (time, order) order against a sorted reference over 100,000 random inserts interleaved with pops', () => {
    const random = new Random('heap');
    // A small initial capacity, so the heap grows (doubles) many times during the run.
    const queue = new EventQueue(16);
    // Reference kept sorted in descending key order, so the minimum is at the end.
    const reference: [number, number, number][] = [];
    const before = (a: [number, number, number], b: [number, number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    const insertReference = (entry: [number, number, number]): void => {
      let low = 0;
      let high = reference.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (before(reference[middle], entry)) high = middle;
        else low = middle + 1;
      }
      reference.splice(low, 0, entry);
    };
    let popped = 0;
    let largest = 0;
    const popAndCompare = (): void => {
      const expected = reference.pop()!;
      assert.equal(queue.peekTime(), expected[0]);
      assert.equal(queue.peekSlot(), expected[2]);
      queue.pop();
      popped++;
    };
    for (let sequence = 0; sequence < 100_000; sequence++) {
      // Few distinct times and priorities: many exact ties on time, and on priority within a time.
      const time = random.int(0, 999) / 4;
      const priority = random.int(0, 3);
      const slot = sequence;
      queue.push(time, priority * PRIORITY_UNIT + sequence, slot);
      insertReference([time, priority * PRIORITY_UNIT + sequence, slot]);
      largest = Math.max(largest, queue.size);
      // Grow first, then pop about as often as we push.
      if (sequence >= 5000) {
        const pops = random.int(0, 2);
        for (let index = 0; index < pops && queue.size > 0; index++) popAndCompare();
      }
      assert.equal(queue.size, reference.length);
    }
    while (queue.size > 0) popAndCompare();
    assert.equal(reference.length, 0);
    assert.equal(popped, 100_000);
    assert.ok(largest > 4096, `the heap grew past several doublings (largest size ${largest})`);
  });

  it('grows past the default capacity and still pops in order', () => {
    const queue = new EventQueue();
    const count = 3000;
    // Push in descending time: every push sifts to the root.
    for (let index = 0; index < count; index++) queue.push(count - index, index, index);
    assert.equal(queue.size, count);
    for (let expected = 1; expected <= count; expected++) {
      assert.equal(queue.peekTime(), expected);
      assert.equal(queue.peekSlot(), count - expected);
      queue.pop();
    }
    assert.equal(queue.size, 0);
  });

  it('throws InvariantError when popping an empty queue', () => {
    const queue = new EventQueue(4);
    queue.push(1, 0, 0);
    queue.pop();
    assert.throws(() => queue.pop(), InvariantError);
  });
});
