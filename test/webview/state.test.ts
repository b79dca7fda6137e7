import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultState, sanitizeState, stateForRoute } from '../../webview/state';

describe('persisted view state', () => {
  it('starts on the sequence tab with every layer shown, in compact time', () => {
    assert.deepEqual(sanitizeState(undefined), defaultState());
    assert.deepEqual(defaultState().layers, ['dns', 'tcp', 'tls', 'http', 'ws', 'gateway', 'backend']);
  });

  it('keeps the valid fields of a saved state and drops the rest', () => {
    const state = sanitizeState({
      routeId: 'shop-orders POST /orders', scenario: 'series', tab: 'table', layers: ['http', 'bogus', 'tcp'],
      timeScale: 'proportional', zoom: { k: 2.5, y: -300 }, selectedEventId: 17, expandedGroups: ['g12-14', '<script>', 4],
      table: { sortColumn: 'bytes', sortDirection: 'descending', filter: 'ACK' },
    });
    assert.deepEqual(state, {
      version: 1, routeId: 'shop-orders POST /orders', scenario: 'series', tab: 'table', layers: ['tcp', 'http'],
      timeScale: 'proportional', zoom: { k: 2.5, y: -300 }, selectedEventId: 17, expandedGroups: ['g12-14'],
      table: { sortColumn: 'bytes', sortDirection: 'descending', filter: 'ACK' },
    });
  });

  it('falls back to defaults for fields of the wrong shape', () => {
    const state = sanitizeState({ tab: 'graph', timeScale: 'log', zoom: { k: -1, y: 0 }, selectedEventId: 1.5, table: { sortColumn: 'colour', sortDirection: 'up', filter: 7 }, scenario: 'Storm <script>' });
    assert.deepEqual(state, defaultState());
    assert.deepEqual(sanitizeState('not an object'), defaultState());
  });

  it('keeps view settings for a new route but forgets its zoom, selection and groups', () => {
    const before = sanitizeState({ routeId: 'a', tab: 'flow', layers: ['http'], zoom: { k: 2, y: 0 }, selectedEventId: 3, expandedGroups: ['g1-2'] });
    const same = stateForRoute(before, 'a', 'request');
    assert.deepEqual([same.zoom, same.selectedEventId, same.expandedGroups, same.scenario], [{ k: 2, y: 0 }, 3, ['g1-2'], 'request']);
    const other = stateForRoute(before, 'b', 'ws-session');
    assert.deepEqual([other.routeId, other.tab, other.layers, other.zoom, other.selectedEventId, other.expandedGroups, other.scenario], ['b', 'flow', ['http'], undefined, undefined, [], 'ws-session']);
  });
});
