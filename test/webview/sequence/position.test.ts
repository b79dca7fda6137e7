import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPosition } from '../../../webview/sequence/position';

const orders = { routeId: 'shop-orders POST /orders', timeScale: 'compact' } as const;
const status = { routeId: 'shop-order-status $connect', timeScale: 'compact' } as const;

describe('sequence start position', () => {
  it('goes back to the top and the left edge when another route is shown', () => {
    assert.deepEqual(startPosition(orders, status, { savedZoom: false, keepPosition: false }), { vertical: 'initial', resetHorizontal: true });
    // Even if the caller asked to keep the position: the old columns are not the new ones.
    assert.deepEqual(startPosition(orders, status, { savedZoom: false, keepPosition: true }), { vertical: 'initial', resetHorizontal: true });
  });

  it('keeps zoom and both scrolls when the same route is simulated again', () => {
    assert.deepEqual(startPosition(orders, { ...orders }, { savedZoom: false, keepPosition: true }), { vertical: 'kept', resetHorizontal: false });
  });

  it('restores a saved zoom, and starts at the top of a new time scale without moving sideways', () => {
    assert.deepEqual(startPosition(undefined, orders, { savedZoom: true, keepPosition: false }), { vertical: 'saved', resetHorizontal: false });
    assert.deepEqual(startPosition(orders, { ...orders, timeScale: 'proportional' }, { savedZoom: false, keepPosition: true }), { vertical: 'initial', resetHorizontal: false });
    assert.deepEqual(startPosition(undefined, orders, { savedZoom: false, keepPosition: true }), { vertical: 'initial', resetHorizontal: false });
  });
});
