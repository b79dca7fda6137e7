import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultState, sanitizeState, stateForRoute, stateForShownRoute, withGroupToggled, withLayer } from '../../webview/state';

describe('persisted view state', () => {
  it('starts on the sequence tab with every layer shown, in compact time', () => {
    assert.deepEqual(sanitizeState(undefined), defaultState());
    assert.deepEqual(defaultState().layers, ['dns', 'tcp', 'tls', 'http', 'ws', 'gateway', 'backend']);
  });

  it('keeps the valid fields of a saved state and drops the rest', () => {
    const state = sanitizeState({
      routeId: 'shop-orders POST /orders', scenario: 'series', tab: 'table', layers: ['http', 'bogus', 'tcp'],
      timeScale: 'proportional', zoom: { k: 2.5, y: -300 }, selectedEventId: 17, expandedGroups: ['g12-14', '<script>', 4, 's3-9'],
      table: { sortColumn: 'bytes', sortDirection: 'descending', filter: 'ACK' }, criticalPath: true, liveClient: 'curl',
    });
    assert.deepEqual(state, {
      version: 1, routeId: 'shop-orders POST /orders', scenario: 'series', tab: 'table', layers: ['tcp', 'http'],
      timeScale: 'proportional', zoom: { k: 2.5, y: -300 }, selectedEventId: 17, expandedGroups: ['g12-14', 's3-9'],
      table: { sortColumn: 'bytes', sortDirection: 'descending', filter: 'ACK' }, criticalPath: true, liveClient: 'curl',
    });
  });

  it('falls back to defaults for fields of the wrong shape', () => {
    const state = sanitizeState({ tab: 'graph', timeScale: 'log', zoom: { k: -1, y: 0 }, selectedEventId: 1.5, table: { sortColumn: 'colour', sortDirection: 'up', filter: 7 }, scenario: 'Storm <script>', criticalPath: 'yes', liveClient: 'lynx' });
    assert.deepEqual(state, defaultState());
    assert.deepEqual(sanitizeState('not an object'), defaultState());
  });

  it('keeps view settings for a new route but forgets its zoom, selection and groups', () => {
    const before = sanitizeState({ routeId: 'a', tab: 'flow', layers: ['http'], zoom: { k: 2, y: 0 }, selectedEventId: 3, expandedGroups: ['g1-2'] });
    const same = stateForRoute(before, 'a', 'request');
    assert.deepEqual([same.zoom, same.selectedEventId, same.expandedGroups, same.scenario], [{ k: 2, y: 0 }, 3, ['g1-2'], 'request']);
    // The critical-path toggle is a view setting, like the layers: another route keeps it.
    assert.equal(stateForRoute({ ...before, criticalPath: true }, 'b', 'request').criticalPath, true);
    const other = stateForRoute(before, 'b', 'ws-session');
    assert.deepEqual([other.routeId, other.tab, other.layers, other.zoom, other.selectedEventId, other.expandedGroups, other.scenario], ['b', 'flow', ['http'], undefined, undefined, [], 'ws-session']);
  });
});

describe('view state transitions', () => {
  const route = (routeId: string, events: number): { routeId: string; scenario: string; trace: { events: unknown[] } } => ({ routeId, scenario: 'request', trace: { events: new Array(events).fill({}) } });

  it('shows a route asked for, or another one, on its diagram rather than on Compare', () => {
    const onCompare = sanitizeState({ routeId: 'a', tab: 'compare' });
    assert.equal(stateForShownRoute(onCompare, route('a', 5), true).tab, 'sequence');
    assert.equal(stateForShownRoute(onCompare, route('b', 5), false).tab, 'sequence');
    // The same route again (a reload, a save) stays where the user was.
    assert.equal(stateForShownRoute(onCompare, route('a', 5), false).tab, 'compare');
    assert.equal(stateForShownRoute(sanitizeState({ routeId: 'a', tab: 'table' }), route('b', 5), true).tab, 'table');
  });

  it('drops a selection the shown trace does not have, and keeps one it has', () => {
    const selected = sanitizeState({ routeId: 'a', selectedEventId: 7 });
    assert.equal(stateForShownRoute(selected, route('a', 8), false).selectedEventId, 7);
    assert.equal(stateForShownRoute(selected, route('a', 7), false).selectedEventId, undefined);
    assert.equal(selected.selectedEventId, 7, 'the state it started from is left as it was');
  });

  it('switches a layer on or off and keeps the layers in stack order', () => {
    assert.deepEqual(withLayer(['http', 'tcp'], 'dns', true), ['dns', 'tcp', 'http']);
    assert.deepEqual(withLayer(['dns', 'tcp', 'http'], 'tcp', false), ['dns', 'http']);
    assert.deepEqual(withLayer(['tcp'], 'tcp', true), ['tcp']);
  });

  it('expands a collapsed group and collapses an expanded one', () => {
    assert.deepEqual(withGroupToggled(['g1-2'], 'g5-9'), ['g1-2', 'g5-9']);
    assert.deepEqual(withGroupToggled(['g1-2', 'g5-9'], 'g1-2'), ['g5-9']);
  });
});
