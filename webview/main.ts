import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import './style.css';
import type { Layer } from '../simulator/trace/trace';
import { compareModel } from './compare/model';
import { ComparisonView } from './compare/render';
import { DetailsPanel } from './details/render';
import { element } from './dom';
import { flowModel } from './flow/model';
import { FlowView } from './flow/render';
import { LAYER_LABELS, LAYERS, layerClass } from './layers';
import { ghostTicks, liveButtonState, liveNoteFor } from './live/model';
import { parseToWebview } from './messages';
import type { CompareView, FromWebviewMessage, RouteView, ToWebviewMessage } from './protocol';
import { layoutSequence, type TimeScale } from './sequence/layout';
import { SequenceView } from './sequence/render';
import { sanitizeState, stateForRoute, TABS, type TabId, type ViewState } from './state';
import { SummaryView } from './summary/render';
import { computeWaterfall } from './summary/waterfall';
import { nextSort, tableColumns, tableCsv, tableRows, type TableQuery } from './table/model';
import { TableView } from './table/render';

/*
 * The webview's entry point: the VS Code API, the persisted view state, the toolbar and tabs,
 * and one switch over the host's messages. Each tab is drawn when it is shown and the data
 * under it changed; the views only draw what their pure models computed.
 */

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: ViewState = sanitizeState(vscode.getState());
let current: RouteView | undefined;
/** The last comparison the host sent; the Compare view works with or without a route. */
let currentCompare: CompareView | undefined;
let hoveredEventId: number | undefined;
/** A zoom read from the saved state, applied once when its route is shown again. */
let pendingZoom = state.zoom;
/** Tabs whose data changed since they were last drawn. */
const stale = new Set<TabId>();

function post(message: FromWebviewMessage): void {
  vscode.postMessage(message);
}

function save(): void {
  vscode.setState(state);
}

function visibleLayers(): Set<Layer> {
  return new Set(state.layers);
}

// ---------------------------------------------------------------- layout

// The host's page has an empty <div id="app">; a bare page gets one.
const app = document.getElementById('app') ?? document.body.appendChild(element('div'));
app.classList.add('app');

const toolbar = element('header', 'toolbar');
const titleBlock = element('div', 'route-title');
const title = element('h1', undefined, 'API Gateway traffic');
const apiBadge = element('span', 'api-badge');
const scenarioText = element('span', 'scenario-text');
titleBlock.append(title, apiBadge, scenarioText);

const layerToggles = element('div', 'layer-toggles');
layerToggles.setAttribute('role', 'group');
layerToggles.setAttribute('aria-label', 'Layers to show');
const checkboxes = new Map<Layer, HTMLElementTagNameMap['vscode-checkbox']>();
for (const layer of LAYERS) {
  const checkbox = element('vscode-checkbox', `layer-toggle ${layerClass(layer)}`);
  checkbox.append(element('span', `swatch ${layerClass(layer)}`), document.createTextNode(LAYER_LABELS[layer]));
  checkbox.checked = state.layers.includes(layer);
  checkbox.addEventListener('change', () => {
    state.layers = LAYERS.filter((candidate) => (candidate === layer ? checkbox.checked : state.layers.includes(candidate)));
    save();
    markStale('sequence', 'flow', 'table');
    renderActive(true);
  });
  checkboxes.set(layer, checkbox);
  layerToggles.append(checkbox);
}

const timeScale = element('vscode-radio-group', 'time-scale');
timeScale.setAttribute('aria-label', 'Time scale');
const radios = new Map<TimeScale, HTMLElementTagNameMap['vscode-radio']>();
for (const [value, text] of [['compact', 'Compact'], ['proportional', 'Proportional']] as const) {
  const radio = element('vscode-radio', undefined, text);
  radio.name = 'time-scale';
  radio.value = value;
  radio.checked = state.timeScale === value;
  radio.addEventListener('change', () => {
    if (!radio.checked || state.timeScale === value) return;
    state.timeScale = value;
    delete state.zoom;
    pendingZoom = undefined;
    save();
    markStale('sequence');
    renderActive(false);
  });
  radios.set(value, radio);
  timeScale.append(radio);
}

const scenarioSelect = element('vscode-single-select', 'scenario-select');
scenarioSelect.setAttribute('aria-label', 'Scenario to simulate');
const resimulate = element('vscode-button', 'resimulate', 'Re-simulate');
resimulate.addEventListener('click', () => {
  if (!current) return;
  const scenario = current.scenarios.some((option) => option.id === scenarioSelect.value) ? scenarioSelect.value : current.scenario;
  post({ type: 'resimulate', routeId: current.routeId, scenario });
});
// "Run live": the host runs the shown scenario for real on 127.0.0.1 and sends the measurement back.
const runLive = element('vscode-button', 'run-live', 'Run live');
runLive.setAttribute('secondary', '');
const liveNote = element('span', 'live-note');
liveNote.setAttribute('role', 'status');
let liveRunning = false;
runLive.addEventListener('click', () => {
  if (!current || runLive.disabled) return;
  liveRunning = true;
  liveNote.textContent = '';
  updateRunLive();
  post({ type: 'runLive', routeId: current.routeId });
});

/** The button's label, state and tooltip (why it is disabled) from the shown view. */
function updateRunLive(): void {
  const button = liveButtonState(current, liveRunning);
  runLive.textContent = button.label;
  runLive.disabled = button.disabled;
  runLive.title = button.tooltip;
  runLive.setAttribute('aria-label', button.disabled ? `${button.label} (unavailable: ${button.tooltip})` : button.label);
}
toolbar.append(titleBlock, layerToggles);

// Right of the tab headers: the time scale (for the sequence diagram) and re-simulation.
const addons = element('div', 'tab-addons');
addons.slot = 'addons';
addons.append(timeScale, scenarioSelect, resimulate, runLive, liveNote);

const banner = element('div', 'error-banner');
banner.setAttribute('role', 'alert');
banner.hidden = true;

const waiting = element('p', 'waiting', 'Waiting for a simulated route…');

const tabs = element('vscode-tabs', 'tabs');
tabs.hidden = true;
const panels = new Map<TabId, HTMLElement>();
const TAB_TITLES: Record<TabId, string> = { sequence: 'Sequence', flow: 'Flow', summary: 'Summary', table: 'Table', compare: 'Compare' };
/** The tabs that show a simulated route (all but Compare). */
const ROUTE_TABS: readonly TabId[] = TABS.filter((tab) => tab !== 'compare');
for (const tab of TABS) {
  const header = element('vscode-tab-header', undefined, TAB_TITLES[tab]);
  header.slot = 'header';
  tabs.append(header);
}
for (const tab of TABS) {
  const panel = element('vscode-tab-panel', `panel panel-${tab}`);
  const body = element('div', `panel-body ${tab}-panel`);
  panel.append(body);
  tabs.append(panel);
  panels.set(tab, body);
}
tabs.append(addons);
// The tab row cannot wrap: in a narrow panel the time scale and re-simulation go to the toolbar.
const narrow = window.matchMedia('(max-width: 640px)');
function placeAddons(): void {
  if (narrow.matches) {
    addons.removeAttribute('slot');
    toolbar.append(addons);
  } else {
    addons.slot = 'addons';
    tabs.append(addons);
  }
}
narrow.addEventListener('change', placeAddons);
tabs.setAttribute('selected-index', String(TABS.indexOf(state.tab)));
tabs.addEventListener('vsc-tabs-select', (event) => {
  state.tab = TABS[event.detail.selectedIndex] ?? 'sequence';
  save();
  tabChanged();
});

function tabChanged(): void {
  timeScale.hidden = state.tab !== 'sequence';
  // Layers and scenarios belong to the route views; the comparison has neither.
  const routeControls = state.tab !== 'compare' && current !== undefined;
  layerToggles.hidden = !routeControls;
  scenarioSelect.hidden = !routeControls;
  resimulate.hidden = !routeControls;
  runLive.hidden = !routeControls;
  liveNote.hidden = !routeControls;
  placeDetails();
  renderActive(false);
}

app.append(toolbar, banner, waiting, tabs);
placeAddons();

// ---------------------------------------------------------------- views

const details = new DetailsPanel({ copy: (text) => post({ type: 'copy', text }) });

function panelMain(tab: TabId): HTMLElement {
  const main = element('div', `${tab}-main`);
  panels.get(tab)?.append(main);
  return main;
}

const sequence = new SequenceView(panelMain('sequence'), {
  hover: (eventId) => hover(eventId),
  select: (eventId) => selectEvent(eventId, { reveal: true }),
  toggleGroup: (groupKey) => {
    state.expandedGroups = state.expandedGroups.includes(groupKey)
      ? state.expandedGroups.filter((key) => key !== groupKey)
      : [...state.expandedGroups, groupKey];
    save();
    markStale('sequence');
    renderActive(true);
  },
  zoomed: (zoom) => {
    state.zoom = zoom;
    save();
  },
  resized: () => scheduleResize(),
});

const comparison = new ComparisonView(panelMain('compare'), {
  choose: (workload) => {
    state.compareWorkload = workload;
    save();
    post({ type: 'compareWorkload', workload });
  },
});

const flow = new FlowView(panelMain('flow'), { select: (eventId) => selectEvent(eventId, { reveal: false }) });

const summary = new SummaryView(panelMain('summary'), {
  select: (eventId) => {
    selectEvent(eventId, { reveal: false });
    showTab('sequence');
    sequence.setSelection(eventId, true);
  },
});

const table = new TableView(panelMain('table'), {
  sort: (column) => {
    state.table = { ...state.table, ...nextSort(state.table, column) };
    save();
    markStale('table');
    renderActive(false);
  },
  filter: (text) => {
    state.table = { ...state.table, filter: text };
    save();
    markStale('table');
    renderActive(false);
  },
  select: (eventId) => selectEvent(eventId, { reveal: false }),
  open: (eventId) => {
    selectEvent(eventId, { reveal: false });
    showTab('sequence');
    sequence.setSelection(eventId, true);
    sequence.focus();
  },
  copyCsv: () => {
    if (current) post({ type: 'copy', text: tableCsv(tableRows(current.trace, tableQuery(), current.measured), tableColumns(current.measured !== undefined)) });
  },
});

/** The details panel sits beside the sequence diagram and the table (the flow diagram needs the width). */
function placeDetails(): void {
  const panel = panels.get(state.tab);
  if (!panel || state.tab === 'summary' || state.tab === 'flow' || state.tab === 'compare') return;
  if (details.element.parentElement !== panel) panel.append(details.element);
}

function showTab(tab: TabId): void {
  state.tab = tab;
  save();
  tabs.selectedIndex = TABS.indexOf(tab);
  tabs.setAttribute('selected-index', String(TABS.indexOf(tab)));
  tabChanged();
}

function tableQuery(): TableQuery {
  return { ...state.table, layers: visibleLayers() };
}

function markStale(...tabsToMark: TabId[]): void {
  for (const tab of tabsToMark) stale.add(tab);
}

// ---------------------------------------------------------------- selection

function hover(eventId: number | undefined): void {
  hoveredEventId = eventId;
  updateDetails();
}

function selectEvent(eventId: number | undefined, options: { reveal: boolean }): void {
  if (!current || (eventId !== undefined && !current.trace.events[eventId])) return;
  if (eventId === undefined) delete state.selectedEventId;
  else state.selectedEventId = eventId;
  save();
  sequence.setSelection(eventId, options.reveal);
  table.setSelection(eventId);
  flow.setSelection(eventId);
  updateDetails();
}

function updateDetails(): void {
  if (!current) return;
  const eventId = hoveredEventId ?? state.selectedEventId;
  details.show(eventId === undefined ? undefined : current.trace.events[eventId], current.trace.participants, hoveredEventId === undefined);
}

// ---------------------------------------------------------------- drawing

let resizeFrame = 0;
let lastSequenceWidth = 0;
let lastSummaryWidth = 0;

function scheduleResize(): void {
  if (resizeFrame) return;
  resizeFrame = requestAnimationFrame(() => {
    resizeFrame = 0;
    if (!current) return;
    if (Math.abs(sequence.columnsWidth() - lastSequenceWidth) > 4) markStale('sequence');
    if (Math.abs(panelWidth('summary') - lastSummaryWidth) > 4) markStale('summary');
    if (Math.abs(panelWidth('compare') - lastCompareWidth) > 4) markStale('compare');
    renderActive(true, false);
  });
}

// The sequence view reports its own resizes; the Compare view has no observer of its own.
new ResizeObserver(() => {
  if (state.tab === 'compare' && currentCompare && Math.abs(panelWidth('compare') - lastCompareWidth) > 4) {
    markStale('compare');
    renderActive(false, false);
  }
}).observe(panels.get('compare')!);

function panelWidth(tab: TabId): number {
  return panels.get(tab)?.clientWidth ?? 800;
}

/**
 * Draws the active tab if its data changed. `keepPosition` keeps the sequence diagram's zoom
 * (a layer toggled or a group expanded, as opposed to a new route or time scale).
 */
function renderActive(keepPosition: boolean, announce = true, attempt = 0): void {
  const view = current;
  const tab = state.tab;
  if (!stale.has(tab) || (tab === 'compare' ? !currentCompare : !view)) return;
  // A tab just selected is still hidden until the tabs element updates; measure it a frame later.
  if ((panels.get(tab)?.clientWidth ?? 0) === 0 && attempt < 20) {
    requestAnimationFrame(() => renderActive(keepPosition, announce, attempt + 1));
    return;
  }
  stale.delete(tab);
  if (tab === 'compare' || !view) {
    renderCompare(announce);
    return;
  }
  const layers = visibleLayers();
  switch (tab) {
    case 'sequence': {
      lastSequenceWidth = sequence.columnsWidth();
      const layout = layoutSequence(view.trace, {
        timeScale: state.timeScale, layers, expanded: new Set(state.expandedGroups), width: lastSequenceWidth,
      });
      const zoom = pendingZoom;
      pendingZoom = undefined;
      sequence.show(layout, {
        routeId: view.routeId, ...(zoom ? { zoom } : {}), keepPosition, ...(state.selectedEventId !== undefined ? { selectedEventId: state.selectedEventId } : {}),
        ...(view.measured ? { ghosts: ghostTicks(layout, view.measured) } : {}),
      });
      break;
    }
    case 'flow':
      flow.show(flowModel(view.trace, { layers }), view.title);
      flow.setSelection(state.selectedEventId);
      break;
    case 'summary':
      lastSummaryWidth = panelWidth('summary');
      summary.show(view, computeWaterfall(view.trace), lastSummaryWidth);
      break;
    case 'table':
      table.show(tableRows(view.trace, tableQuery(), view.measured), tableQuery(), view.trace.events.length, state.selectedEventId, tableColumns(view.measured !== undefined));
      break;
  }
  updateDetails();
  if (announce) post({ type: 'rendered', routeId: view.routeId, events: view.trace.events.filter((event) => layers.has(event.layer)).length });
}

let lastCompareWidth = 0;

function renderCompare(announce: boolean): void {
  const view = currentCompare;
  if (!view) return;
  lastCompareWidth = panelWidth('compare');
  comparison.show(view, compareModel(view), lastCompareWidth - 28);
  if (announce) post({ type: 'compareRendered', workload: view.result.workload.name, apiTypes: view.result.results.length, rules: view.result.rules.length });
}

function showRoute(view: RouteView, reveal: boolean): void {
  const sameRoute = state.routeId === view.routeId;
  state = stateForRoute(state, view.routeId, view.scenario);
  // A route asked for, or a new one, is shown on its diagram; the same one again (a reload, a save) where the user was.
  if ((reveal || !sameRoute) && state.tab === 'compare') {
    state.tab = 'sequence';
    tabs.selectedIndex = TABS.indexOf('sequence');
    tabs.setAttribute('selected-index', String(TABS.indexOf('sequence')));
  }
  if (!sameRoute) pendingZoom = undefined;
  if (state.selectedEventId !== undefined && !view.trace.events[state.selectedEventId]) delete state.selectedEventId;
  save();
  current = view;
  hoveredEventId = undefined;
  title.textContent = view.title;
  apiBadge.textContent = view.apiType;
  scenarioText.textContent = view.measured ? `${view.scenario} · model under the live run's conditions` : view.scenario;
  scenarioText.title = view.measured ? `The model was run again under the live run's conditions (${view.measured.conditions}, node client) so that it is compared with like` : '';
  if (!sameRoute) liveRunning = false;
  const note = liveNoteFor(view);
  liveNote.textContent = note.text;
  liveNote.title = note.title;
  updateRunLive();
  const options = view.scenarios;
  const chosen = options.some((option) => option.id === view.scenario) ? view.scenario : options[0]?.id ?? '';
  // Through the `options` property, not <vscode-option> children: on a slot change the select
  // reads each option's innerText, which forces a layout of the whole diagram drawn just before.
  scenarioSelect.options = options.map((option) => ({ label: option.title, value: option.id, selected: option.id === chosen }));
  scenarioSelect.value = chosen;
  banner.hidden = true;
  waiting.hidden = true;
  tabs.hidden = false;
  for (const tab of ROUTE_TABS) delete panels.get(tab)?.dataset.empty;
  tabChanged();
  markStale(...ROUTE_TABS);
  renderActive(sameRoute);
}

function showCompare(view: CompareView, reveal: boolean): void {
  currentCompare = view;
  state.compareWorkload = view.result.workload.name;
  save();
  if (!current) {
    title.textContent = 'Compare API types';
    apiBadge.textContent = '';
    scenarioText.textContent = '';
    // The route tabs stay, saying how to fill them.
    for (const tab of ROUTE_TABS) panels.get(tab)!.dataset.empty = 'No route simulated yet: use the “Simulate” CodeLens above a route, or API Gateway: Simulate Route…';
  }
  banner.hidden = true;
  waiting.hidden = true;
  tabs.hidden = false;
  markStale('compare');
  // Without a route the comparison is all there is; with one, a reload keeps the tab the user was on.
  if ((reveal || !current) && state.tab !== 'compare') showTab('compare');
  else tabChanged();
}

function showError(message: string, location?: { file: string; line: number; column: number }): void {
  const parts: Node[] = [element('strong', undefined, '⚠ '), document.createTextNode(message)];
  if (location) {
    const link = element('button', 'link', `${location.file}:${location.line}:${location.column}`);
    link.type = 'button';
    link.addEventListener('click', () => post({ type: 'reveal', file: location.file, line: location.line }));
    parts.push(document.createTextNode(' '), link);
  }
  banner.replaceChildren(...parts);
  banner.hidden = false;
  waiting.hidden = true;
}

function handle(message: ToWebviewMessage): void {
  switch (message.type) {
    case 'show':
      showRoute(message.view, message.reveal === true);
      break;
    case 'compare':
      showCompare(message.view, message.reveal);
      break;
    case 'error':
      showError(message.message, message.location);
      break;
    case 'theme':
      document.body.dataset.theme = message.kind;
      break;
    case 'liveStatus':
      if (message.routeId !== current?.routeId) break;
      liveRunning = message.running;
      if (message.message) liveNote.textContent = `⚠ ${message.message}`;
      updateRunLive();
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseToWebview(event.data);
  if (parsed.ok) handle(parsed.value);
  else showError(`The view could not read a message from the extension: ${parsed.reason}.`);
});

tabChanged();
post({ type: 'ready' });
// A restored panel that was comparing asks for the same workload again.
if (state.tab === 'compare' && state.compareWorkload) post({ type: 'compareWorkload', workload: state.compareWorkload });
