import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrowHead, arrowPath, round, selfLoopPath } from '../../../webview/drawing/arrowPaths';

/** The points of a path written as M/L commands with absolute coordinates. */
function points(path: string): [number, number][] {
  return [...path.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

describe('sequence paths', () => {
  it('points an arrowhead at its tip, its base a head length back and as wide as it is long', () => {
    const [tip, left, right] = points(arrowHead(0, 0, 100, 0));
    assert.deepEqual(tip, [100, 0]);
    assert.deepEqual([left, right], [[92, 4], [92, -4]]);
    // Sloped: the base is still 8 px back along the line.
    const [sloped, a, b] = points(arrowHead(0, 0, 30, 40));
    assert.deepEqual(sloped, [30, 40]);
    const base = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    assert.ok(Math.abs(Math.hypot(30 - base[0], 40 - base[1]) - 8) < 0.02);
  });

  it('draws an arrow as its line, stopped 6 px before the tip, then the closed head', () => {
    const path = arrowPath(10, 20, 210, 20);
    assert.deepEqual(points(path), [[10, 20], [204, 20], [210, 20], [202, 24], [202, 16]]);
    assert.ok(path.endsWith('Z'));
    // A leftward arrow mirrors it.
    assert.deepEqual(points(arrowPath(210, 20, 10, 20)).slice(0, 3), [[210, 20], [16, 20], [10, 20]]);
  });

  it('loops a self-event out to the right, or to the left at the last column, and back to its lifeline', () => {
    // Out 16 px, down 12, back 10 and out again (the loop encloses no area), then the head on the lifeline.
    assert.equal(selfLoopPath(100, 50, 1), 'M100,44h16v12h-10h10v-12h-16M100,56L107,52.5L107,59.5Z');
    assert.equal(selfLoopPath(100, 50, -1), 'M100,44h-16v12h10h-10v-12h16M100,56L93,59.5L93,52.5Z');
  });

  it('rounds coordinates to hundredths', () => {
    assert.equal(round(1 / 3), 0.33);
    assert.equal(round(-2.005), -2);
    assert.equal(round(12), 12);
  });
});
