import type { Layer } from '../simulator/trace/trace';
import { LAYERS } from './drawing/layers';
import type { LiveClient } from './protocol/messages';
import { isLiveClient, isObject, isScenarioIdText, isWorkloadName } from './protocol/validation';
import type { TimeScale } from './drawing/sequenceLayout';
import { isColumnId, type SortDirection, type TableColumnId } from './table/tableModel';

/*
 * What the webview keeps across reloads through vscode.setState/getState. The host may read
 * `routeId` and `scenario` from a serialised panel's state to simulate the same route again.
 * Whatever getState returns is checked field by field: a stale or foreign shape falls back
 * to the defaults rather than breaking the view.
 */

export const TABS = ['sequence', 'flow', 'summary', 'table', 'compare'] as const;
export type TabId = (typeof TABS)[number];

export interface ZoomState {
  /** Zoom factor of the time axis, and the vertical offset in screen pixels. */
  k: number;
  y: number;
}

export interface ViewState {
  version: 1;
  /** The route last shown; selection, zoom and expanded groups belong to it. */
  routeId?: string;
  /** The scenario last picked, as the host's registry names it. */
  scenario?: string;
  tab: TabId;
  /** Layers whose events are shown. */
  layers: Layer[];
  timeScale: TimeScale;
  zoom?: ZoomState;
  selectedEventId?: number;
  expandedGroups: string[];
  table: { sortColumn: TableColumnId; sortDirection: SortDirection; filter: string };
  /** The workload last compared, asked for again when the view is restored. */
  compareWorkload?: string;
  /** The sequence toolbar's "Critical path" toggle is on. */
  criticalPath?: true;
  /** The client Run live plays the route with, as last picked (node when never picked). */
  liveClient?: LiveClient;
}

export function defaultState(): ViewState {
  return {
    version: 1,
    tab: 'sequence',
    layers: [...LAYERS],
    timeScale: 'compact',
    expandedGroups: [],
    table: { sortColumn: 'id', sortDirection: 'ascending', filter: '' },
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

/** Reads a persisted state, keeping every valid field and defaulting the rest. */
export function sanitizeState(value: unknown): ViewState {
  const state = defaultState();
  if (!isObject(value)) return state;
  if (typeof value.routeId === 'string' && value.routeId.length <= 500) state.routeId = value.routeId;
  if (isScenarioIdText(value.scenario)) state.scenario = value.scenario;
  state.tab = oneOf(value.tab, TABS, state.tab);
  if (Array.isArray(value.layers)) state.layers = LAYERS.filter((layer) => (value.layers as unknown[]).includes(layer));
  state.timeScale = oneOf<TimeScale>(value.timeScale, ['proportional', 'compact'], state.timeScale);
  if (isObject(value.zoom) && Number.isFinite(value.zoom.k) && Number.isFinite(value.zoom.y) && (value.zoom.k as number) > 0) {
    state.zoom = { k: value.zoom.k as number, y: value.zoom.y as number };
  }
  if (Number.isInteger(value.selectedEventId) && (value.selectedEventId as number) >= 0) state.selectedEventId = value.selectedEventId as number;
  if (Array.isArray(value.expandedGroups)) {
    state.expandedGroups = value.expandedGroups.filter((key): key is string => typeof key === 'string' && /^[gs]\d+-\d+$/.test(key)).slice(0, 1000);
  }
  if (isWorkloadName(value.compareWorkload)) state.compareWorkload = value.compareWorkload;
  if (value.criticalPath === true) state.criticalPath = true;
  if (isLiveClient(value.liveClient)) state.liveClient = value.liveClient;
  if (isObject(value.table)) {
    const table = value.table;
    if (isColumnId(table.sortColumn)) state.table.sortColumn = table.sortColumn;
    state.table.sortDirection = oneOf<SortDirection>(table.sortDirection, ['ascending', 'descending'], state.table.sortDirection);
    if (typeof table.filter === 'string') state.table.filter = table.filter.slice(0, 500);
  }
  return state;
}

/** The state for a newly shown route: view settings stay, what belonged to the old route goes. */
export function stateForRoute(state: ViewState, routeId: string, scenario: string): ViewState {
  const next: ViewState = { ...state, table: { ...state.table }, layers: [...state.layers], expandedGroups: [...state.expandedGroups] };
  if (isScenarioIdText(scenario)) next.scenario = scenario;
  else delete next.scenario;
  if (state.routeId === routeId) return next;
  next.routeId = routeId;
  delete next.zoom;
  delete next.selectedEventId;
  next.expandedGroups = [];
  return next;
}

/**
 * The state once `view` is shown (stateForRoute, then): a route asked for (`reveal`) or another
 * one is shown on its diagram rather than on Compare, and a selection its trace does not have is dropped.
 */
export function stateForShownRoute(state: ViewState, view: { routeId: string; scenario: string; trace: { events: readonly unknown[] } }, reveal: boolean): ViewState {
  const sameRoute = state.routeId === view.routeId;
  const next = stateForRoute(state, view.routeId, view.scenario);
  if ((reveal || !sameRoute) && next.tab === 'compare') next.tab = 'sequence';
  if (next.selectedEventId !== undefined && !view.trace.events[next.selectedEventId]) delete next.selectedEventId;
  return next;
}

/** The layers shown once `layer` is switched on or off, in stack order. */
export function withLayer(layers: readonly Layer[], layer: Layer, shown: boolean): Layer[] {
  return LAYERS.filter((candidate) => (candidate === layer ? shown : layers.includes(candidate)));
}

/** The expanded groups (runs of repeats `g…`, HTTP/2 streams `s…`) once the group `key` is toggled: collapsed if it was expanded, else expanded (last). */
export function withGroupToggled(expandedGroups: readonly string[], key: string): string[] {
  return expandedGroups.includes(key) ? expandedGroups.filter((candidate) => candidate !== key) : [...expandedGroups, key];
}
