import { criticalEventIds, criticalPathAt, criticalPathSentence, criticalPaths, type CriticalPath } from '../simulator/trace/criticalPath';
import type { Layer, TraceJson } from '../simulator/trace/trace';
import { compareModel } from './compare/compareModel';
import { ComparisonView } from './compare/compareView';
import { DetailsPanel } from './details/detailsView';
import { element } from './dom';
import { flowModel } from './flow/flowModel';
import { FlowView } from './flow/flowView';
import type { HostMessageTarget, ThemeKind } from './hostMessages';
import { liveNoteFor } from './live/liveModel';
import type { CompareView, FromWebviewMessage, LiveClient, RouteView } from './protocol/messages';
import { layoutSequence, type TimeScale } from './drawing/sequenceLayout';
import { SequenceView } from './sequence/sequenceView';
import { stateForShownRoute, withGroupToggled, withLayer, type TabId, type ViewState } from './state';
import { SummaryView } from './summary/summaryView';
import { computeWaterfall } from './summary/waterfall';
import { nextSort, tableCsv, tableRows, type TableQuery } from './table/tableModel';
import { TableView } from './table/tableView';
import { hasDetails, NO_ROUTE_YET, ROUTE_TABS } from './tabs/tabsModel';
import { Tabs } from './tabs/tabsView';
import { scenarioToSimulate } from './toolbar/toolbarModel';
import { Toolbar } from './toolbar/toolbarView';
import type { VsCodeApi } from './vscodeApi';

/*
 * The panel: what is shown (a route, a comparison, or an error), the persisted view state,
 * and the views under the tabs. Each tab is drawn when it is shown and the data under it
 * changed since; the views only draw what their pure models computed. The host's messages
 * arrive through hostMessages.ts; everything going back goes through `post`.
 */

export class PanelController implements HostMessageTarget {
  private state: ViewState;
  private current: RouteView | undefined;
  /** The last comparison the host sent; the Compare view works with or without a route. */
  private currentCompare: CompareView | undefined;
  private hoveredEventId: number | undefined;
  /** A zoom read from the saved state, applied once when its route is shown again. */
  private pendingZoom: ViewState['zoom'];
  /** Tabs whose data changed since they were last drawn. */
  private readonly stale = new Set<TabId>();
  private liveRunning = false;
  /** The shown route's payloads the host holds back (RouteView.heldPayloads), those it has sent since, and the requests out for them. */
  private held = new Set<number>();
  private readonly payloads = new Map<number, string>();
  private readonly payloadRequests = new Map<number, number>();
  private nextPayloadRequest = 0;

  private readonly toolbar: Toolbar;
  private readonly tabs: Tabs;
  private readonly banner = element('div', 'error-banner');
  private readonly waiting = element('p', 'waiting', 'Waiting for a simulated route…');
  private readonly details: DetailsPanel;
  private readonly sequence: SequenceView;
  private readonly comparison: ComparisonView;
  private readonly flow: FlowView;
  private readonly summary: SummaryView;
  private readonly table: TableView;

  private resizeFrame = 0;
  private lastSequenceWidth = 0;
  private lastSummaryWidth = 0;
  private lastCompareWidth = 0;
  /** The toolbar's "Critical path" toggle: the diagram highlights the selected request's path. Kept in the view state. */
  private get criticalPathShown(): boolean {
    return this.state.criticalPath === true;
  }

  private set criticalPathShown(shown: boolean) {
    if (shown) this.state.criticalPath = true;
    else delete this.state.criticalPath;
    this.save();
  }

  /** The shown trace's critical paths, computed when the toggle first needs them. */
  private criticalCache: { trace: TraceJson; paths: CriticalPath[] } | undefined;

  constructor(app: HTMLElement, private readonly vscode: VsCodeApi, saved: ViewState) {
    this.state = saved;
    this.pendingZoom = saved.zoom;
    this.toolbar = new Toolbar(saved, {
      layerToggled: (layer, shown) => this.toggleLayer(layer, shown),
      timeScaleChosen: (timeScale) => this.chooseTimeScale(timeScale),
      resimulate: (selected) => {
        if (this.current) this.post({ type: 'resimulate', routeId: this.current.routeId, scenario: scenarioToSimulate(selected, this.current) });
      },
      runLive: () => this.runLive(),
      liveClientChosen: (client) => {
        this.state.liveClient = client;
        this.save();
        this.toolbar.showLiveButton(this.current, this.liveRunning, client);
      },
      criticalPathToggled: (shown) => {
        this.criticalPathShown = shown;
        this.updateCriticalPath(true);
      },
    });
    this.banner.setAttribute('role', 'alert');
    this.banner.hidden = true;
    this.tabs = new Tabs(saved.tab, this.toolbar.addons, this.toolbar.element, (tab) => {
      this.state.tab = tab;
      this.save();
      this.tabChanged();
    });
    app.append(this.toolbar.element, this.banner, this.waiting, this.tabs.element);
    this.tabs.placeAddons();

    this.details = new DetailsPanel({ copy: (text) => this.post({ type: 'copy', text }) });
    this.sequence = new SequenceView(this.tabs.viewRoot('sequence'), {
      hover: (eventId) => this.hover(eventId),
      select: (eventId) => this.selectEvent(eventId, { reveal: true }),
      toggleGroup: (groupKey) => {
        this.state.expandedGroups = withGroupToggled(this.state.expandedGroups, groupKey);
        this.save();
        this.markStale('sequence');
        this.renderActive(true);
      },
      zoomed: (zoom) => {
        this.state.zoom = zoom;
        this.save();
      },
      resized: () => this.scheduleResize(),
    });
    this.comparison = new ComparisonView(this.tabs.viewRoot('compare'), {
      choose: (workload) => {
        this.state.compareWorkload = workload;
        this.save();
        this.post({ type: 'compareWorkload', workload });
      },
    });
    this.flow = new FlowView(this.tabs.viewRoot('flow'), { select: (eventId) => this.selectEvent(eventId, { reveal: false }) });
    this.summary = new SummaryView(this.tabs.viewRoot('summary'), {
      select: (eventId) => {
        this.selectEvent(eventId, { reveal: false });
        this.showTab('sequence');
        this.sequence.setSelection(eventId, true);
      },
      showCriticalPath: (eventId) => {
        this.criticalPathShown = true;
        this.selectEvent(eventId, { reveal: false });
        this.showTab('sequence');
        this.sequence.setSelection(eventId, true);
      },
    });
    this.table = new TableView(this.tabs.viewRoot('table'), {
      sort: (column) => {
        this.state.table = { ...this.state.table, ...nextSort(this.state.table, column) };
        this.save();
        this.markStale('table');
        this.renderActive(false);
      },
      filter: (text) => {
        this.state.table = { ...this.state.table, filter: text };
        this.save();
        this.markStale('table');
        this.renderActive(false);
      },
      select: (eventId) => this.selectEvent(eventId, { reveal: false }),
      open: (eventId) => {
        this.selectEvent(eventId, { reveal: false });
        this.showTab('sequence');
        this.sequence.setSelection(eventId, true);
        this.sequence.focus();
      },
      copyCsv: () => {
        const view = this.current;
        if (view) this.post({ type: 'copy', text: tableCsv(tableRows(view.trace, this.tableQuery())) });
      },
    });

    // The sequence view reports its own resizes; the Compare view has no observer of its own.
    new ResizeObserver(() => {
      if (this.state.tab === 'compare' && this.currentCompare && Math.abs(this.tabs.width('compare') - this.lastCompareWidth) > 4) {
        this.markStale('compare');
        this.renderActive(false, false);
      }
    }).observe(this.tabs.panel('compare'));
  }

  /** Shows the controls of the saved tab and tells the host the view is ready for a route. */
  start(): void {
    this.tabChanged();
    this.post({ type: 'ready' });
    // A restored panel that was comparing asks for the same workload again.
    if (this.state.tab === 'compare' && this.state.compareWorkload) this.post({ type: 'compareWorkload', workload: this.state.compareWorkload });
  }

  // ---------------------------------------------------------------- what the host sends

  showRoute(view: RouteView, reveal: boolean): void {
    const sameRoute = this.state.routeId === view.routeId;
    const previousTab = this.state.tab;
    this.state = stateForShownRoute(this.state, view, reveal);
    // A route asked for, or a new one, is shown on its diagram; the same one again (a reload, a save) where the user was.
    if (previousTab === 'compare' && this.state.tab !== 'compare') this.tabs.select(this.state.tab);
    if (!sameRoute) this.pendingZoom = undefined;
    this.save();
    this.current = view;
    this.held = new Set(view.heldPayloads);
    // Payloads of the trace shown before are not this one's, and answers still out are for that trace.
    this.payloads.clear();
    this.payloadRequests.clear();
    this.hoveredEventId = undefined;
    if (!sameRoute) this.liveRunning = false;
    this.toolbar.showRoute(view, this.state.scenario, liveNoteFor(view), this.liveRunning, this.liveClient);
    this.banner.hidden = true;
    this.waiting.hidden = true;
    this.tabs.element.hidden = false;
    this.tabs.setEmpty(ROUTE_TABS, undefined);
    this.tabChanged();
    this.markStale(...ROUTE_TABS);
    this.renderActive(sameRoute);
  }

  showCompare(view: CompareView, reveal: boolean): void {
    this.currentCompare = view;
    this.state.compareWorkload = view.result.workload.name;
    this.save();
    if (!this.current) {
      this.toolbar.showCompareTitle();
      // The route tabs stay, saying how to fill them.
      this.tabs.setEmpty(ROUTE_TABS, NO_ROUTE_YET);
    }
    this.banner.hidden = true;
    this.waiting.hidden = true;
    this.tabs.element.hidden = false;
    this.markStale('compare');
    // Without a route the comparison is all there is; with one, a reload keeps the tab the user was on.
    if ((reveal || !this.current) && this.state.tab !== 'compare') this.showTab('compare');
    else this.tabChanged();
  }

  showError(message: string, location?: { file: string; line: number; column: number }): void {
    const parts: Node[] = [element('strong', undefined, '⚠ '), document.createTextNode(message)];
    if (location) {
      const link = element('button', 'link', `${location.file}:${location.line}:${location.column}`);
      link.type = 'button';
      link.addEventListener('click', () => this.post({ type: 'reveal', file: location.file, line: location.line }));
      parts.push(document.createTextNode(' '), link);
    }
    this.banner.replaceChildren(...parts);
    this.banner.hidden = false;
    this.waiting.hidden = true;
  }

  setTheme(kind: ThemeKind): void {
    document.body.dataset.theme = kind;
  }

  /** A live run of `routeId` started or ended; `message` says why one ended without a measurement. */
  liveStatus(routeId: string, running: boolean, message: string | undefined): void {
    if (routeId !== this.current?.routeId) return;
    this.liveRunning = running;
    if (message) this.toolbar.setLiveNote(`⚠ ${message}`);
    this.toolbar.showLiveButton(this.current, this.liveRunning, this.liveClient);
  }

  payloadArrived(requestId: number, payloadHex: string | undefined): void {
    const eventId = this.payloadRequests.get(requestId);
    // An answer for a trace shown before (its requests were dropped with it).
    if (eventId === undefined) return;
    this.payloadRequests.delete(requestId);
    this.payloads.set(eventId, payloadHex ?? '');
    this.updateDetails();
  }

  // ---------------------------------------------------------------- what the user does

  private post(message: FromWebviewMessage): void {
    this.vscode.postMessage(message);
  }

  private save(): void {
    this.vscode.setState(this.state);
  }

  private toggleLayer(layer: Layer, shown: boolean): void {
    this.state.layers = withLayer(this.state.layers, layer, shown);
    this.save();
    this.markStale('sequence', 'flow', 'table');
    this.renderActive(true);
  }

  private chooseTimeScale(timeScale: TimeScale): void {
    if (this.state.timeScale === timeScale) return;
    this.state.timeScale = timeScale;
    delete this.state.zoom;
    this.pendingZoom = undefined;
    this.save();
    this.markStale('sequence');
    this.renderActive(false);
  }

  /** The client Run live plays the route with: the one last picked, node before any pick. */
  private get liveClient(): LiveClient {
    return this.state.liveClient ?? 'node';
  }

  private runLive(): void {
    if (!this.current) return;
    this.liveRunning = true;
    this.toolbar.setLiveNote('');
    this.toolbar.showLiveButton(this.current, this.liveRunning, this.liveClient);
    this.post({ type: 'runLive', routeId: this.current.routeId, client: this.liveClient });
  }

  private showTab(tab: TabId): void {
    this.state.tab = tab;
    this.save();
    this.tabs.select(tab);
    this.tabChanged();
  }

  private tabChanged(): void {
    this.toolbar.showControlsFor(this.state.tab, this.current !== undefined);
    this.placeDetails();
    this.renderActive(false);
  }

  /** The details panel sits beside the views that have it (see hasDetails). */
  private placeDetails(): void {
    if (!hasDetails(this.state.tab)) return;
    const panel = this.tabs.panel(this.state.tab);
    if (this.details.element.parentElement !== panel) panel.append(this.details.element);
  }

  // ---------------------------------------------------------------- selection

  private hover(eventId: number | undefined): void {
    this.hoveredEventId = eventId;
    this.updateDetails();
  }

  private selectEvent(eventId: number | undefined, options: { reveal: boolean }): void {
    if (!this.current || (eventId !== undefined && !this.current.trace.events[eventId])) return;
    if (eventId === undefined) delete this.state.selectedEventId;
    else this.state.selectedEventId = eventId;
    this.save();
    // The highlighted path follows the selection to its request; drawn with the selection.
    this.updateCriticalPath(false);
    this.sequence.setSelection(eventId, options.reveal);
    this.table.setSelection(eventId);
    this.flow.setSelection(eventId);
    this.updateDetails();
  }

  /**
   * The critical path the diagram highlights: the selected request's (criticalPathAt), while the
   * toggle is on; the toolbar says which in its tooltip. `redraw` false when a draw follows.
   */
  private updateCriticalPath(redraw: boolean): void {
    const view = this.current;
    let path: CriticalPath | undefined;
    if (this.criticalPathShown && view) {
      if (this.criticalCache?.trace !== view.trace) this.criticalCache = { trace: view.trace, paths: criticalPaths(view.trace) };
      path = criticalPathAt(this.criticalCache.paths, view.trace.events, this.state.selectedEventId);
    }
    this.sequence.setCriticalPath(path ? criticalEventIds(path) : undefined, redraw);
    this.toolbar.setCriticalPath(this.criticalPathShown, path ? criticalPathSentence(path) : undefined);
  }

  private updateDetails(): void {
    if (!this.current) return;
    const eventId = this.hoveredEventId ?? this.state.selectedEventId;
    const event = eventId === undefined ? undefined : this.current.trace.events[eventId];
    const pinned = this.hoveredEventId === undefined;
    if (!event || !this.held.has(event.id)) {
      this.details.show(event, this.current.trace.participants, pinned);
      return;
    }
    const payloadHex = this.payloads.get(event.id);
    if (payloadHex === undefined) this.askForPayload(event.id);
    this.details.show(payloadHex ? { ...event, payloadHex } : event, this.current.trace.participants, pinned, payloadHex === undefined);
  }

  /** Asks the host for a held-back payload, once while the request is out. */
  private askForPayload(eventId: number): void {
    for (const asked of this.payloadRequests.values()) if (asked === eventId) return;
    const requestId = this.nextPayloadRequest++;
    this.payloadRequests.set(requestId, eventId);
    this.post({ type: 'payload', requestId, eventId });
  }

  // ---------------------------------------------------------------- drawing

  private markStale(...tabs: TabId[]): void {
    for (const tab of tabs) this.stale.add(tab);
  }

  private visibleLayers(): Set<Layer> {
    return new Set(this.state.layers);
  }

  private tableQuery(): TableQuery {
    return { ...this.state.table, layers: this.visibleLayers() };
  }

  private scheduleResize(): void {
    if (this.resizeFrame) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = 0;
      if (!this.current) return;
      if (Math.abs(this.sequence.columnsWidth() - this.lastSequenceWidth) > 4) this.markStale('sequence');
      if (Math.abs(this.tabs.width('summary') - this.lastSummaryWidth) > 4) this.markStale('summary');
      if (Math.abs(this.tabs.width('compare') - this.lastCompareWidth) > 4) this.markStale('compare');
      this.renderActive(true, false);
    });
  }

  /**
   * Draws the active tab if its data changed. `keepPosition` keeps the sequence diagram's zoom
   * (a layer toggled or a group expanded, as opposed to a new route or time scale).
   */
  private renderActive(keepPosition: boolean, announce = true, attempt = 0): void {
    const view = this.current;
    const tab = this.state.tab;
    if (!this.stale.has(tab) || (tab === 'compare' ? !this.currentCompare : !view)) return;
    // A tab just selected is still hidden until the tabs element updates; measure it a frame later.
    if (this.tabs.width(tab) === 0 && attempt < 20) {
      requestAnimationFrame(() => this.renderActive(keepPosition, announce, attempt + 1));
      return;
    }
    this.stale.delete(tab);
    if (tab === 'compare' || !view) {
      this.renderCompare(announce);
      return;
    }
    const layers = this.visibleLayers();
    switch (tab) {
      case 'sequence': {
        this.lastSequenceWidth = this.sequence.columnsWidth();
        const layout = layoutSequence(view.trace, {
          timeScale: this.state.timeScale, layers, expanded: new Set(this.state.expandedGroups), width: this.lastSequenceWidth,
        });
        const zoom = this.pendingZoom;
        this.pendingZoom = undefined;
        this.updateCriticalPath(false);
        this.sequence.show(layout, {
          routeId: view.routeId, ...(zoom ? { zoom } : {}), keepPosition, ...(this.state.selectedEventId !== undefined ? { selectedEventId: this.state.selectedEventId } : {}),
        });
        break;
      }
      case 'flow':
        this.flow.show(flowModel(view.trace, { layers }), view.title);
        this.flow.setSelection(this.state.selectedEventId);
        break;
      case 'summary':
        this.lastSummaryWidth = this.tabs.width('summary');
        this.summary.show(view, computeWaterfall(view.trace), this.lastSummaryWidth);
        break;
      case 'table':
        this.table.show(tableRows(view.trace, this.tableQuery()), this.tableQuery(), view.trace.events.length, this.state.selectedEventId);
        break;
    }
    this.updateDetails();
    if (announce) this.post({ type: 'rendered', routeId: view.routeId, events: view.trace.events.filter((event) => layers.has(event.layer)).length });
  }

  private renderCompare(announce: boolean): void {
    const view = this.currentCompare;
    if (!view) return;
    this.lastCompareWidth = this.tabs.width('compare');
    this.comparison.show(view, compareModel(view), this.lastCompareWidth - 28);
    if (announce) this.post({ type: 'compareRendered', workload: view.result.workload.name, apiTypes: view.result.results.length, rules: view.result.rules.length });
  }
}
