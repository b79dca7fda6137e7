import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Trace } from '../simulator/trace/trace';
import { toTraceEventJson, toTraceJson } from '../simulator/trace/traceJson';
import { holdBackPayloads } from '../webview/protocol/heldPayloads';
import { parseFromWebview } from '../webview/protocol/validation';
import type { CompareView, FromWebviewMessage, LiveClient, RouteView, ToWebviewMessage } from '../webview/protocol/messages';

/*
 * The webview panel beside the config. Strict CSP with a per-load nonce from crypto;
 * resources only from out/ (the bundle); every message from the webview is validated
 * before it is acted on. One panel, reused; it survives a window reload through the
 * serializer, which asks the host to simulate the same route again.
 */

export const PANEL_TYPE = 'apigwSim.simulation';

/**
 * A route as the host holds it: what the webview shows, with the trace as the simulator made
 * it (payloads as bytes, which the exports read). The panel is where it leaves for the
 * webview, as a RouteView whose trace has its payloads as hex (toTraceJson).
 */
export interface ShownRoute extends Omit<RouteView, 'trace'> {
  trace: Trace;
}

export interface PanelState {
  documentUri: string;
  routeId: string;
  scenario: string;
}

export interface PanelHost {
  /** Re-runs a route's simulation (resimulate requests, restore after reload, save). */
  resimulate(state: PanelState): Promise<ShownRoute | undefined>;
  /** "Run live": the route for real on 127.0.0.1 with `client`, its view with the measurement, or why not. */
  runLive(state: PanelState, client: LiveClient): Promise<LiveOutcome>;
  /** Stops the live run in flight, if any (the panel closed: its result would go nowhere). */
  abortLive(): void;
  /** Compares workloads for the Compare view when no command has said how (a panel restored after a reload). */
  comparer(): Promise<CompareWith>;
  log(message: string): void;
}

export type LiveOutcome = { view: ShownRoute } | { message: string };

/** What the Compare view reports once it has drawn a comparison. */
export interface CompareRendered {
  workload: string;
  apiTypes: number;
  rules: number;
}

/** Runs the comparison for a workload the user picked in the view (undefined: not a workload). */
export type CompareWith = (workload: string) => CompareView | undefined;

function locationKey(location: { file: string; line: number }): string {
  return `${location.line}:${location.file}`;
}

export class SimulationPanel implements vscode.Disposable {
  private static current: SimulationPanel | undefined;
  private view: RouteView | undefined;
  /** The shown route's trace with its bytes: where the payloads held back from the page come from. */
  private trace: Trace | undefined;
  private state: PanelState | undefined;
  /** The locations this panel has sent the page (errors' file and line): the only ones a 'reveal' may open. */
  private readonly revealable = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The drawing of the view last sent: settled by the webview's `rendered`, even before anyone asks. */
  private rendering: { routeId: string; promise: Promise<number>; resolve(events: number): void } | undefined;
  private compareView: CompareView | undefined;
  private compareWith: CompareWith | undefined;
  private compareWaiters: { workload: string; resolve(rendered: CompareRendered): void }[] = [];
  private disposed = false;
  /** The client the page last asked Run live to play with (the Run Live command uses it too). */
  private liveClient: LiveClient = 'node';
  private liveRunning = false;

  static show(extensionUri: vscode.Uri, host: PanelHost, view: ShownRoute, state: PanelState): SimulationPanel {
    const panel = SimulationPanel.open(extensionUri, host);
    panel.update(view, state, true);
    return panel;
  }

  /** Opens (or reveals) the panel on its Compare view; works with or without a simulated route. */
  static showCompare(extensionUri: vscode.Uri, host: PanelHost, view: CompareView, compareWith: CompareWith): SimulationPanel {
    const panel = SimulationPanel.open(extensionUri, host);
    panel.compareWith = compareWith;
    panel.updateCompare(view);
    return panel;
  }

  private static open(extensionUri: vscode.Uri, host: PanelHost): SimulationPanel {
    if (SimulationPanel.current) {
      SimulationPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'API Gateway simulation', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, SimulationPanel.options(extensionUri));
      SimulationPanel.current = new SimulationPanel(panel, extensionUri, host);
    }
    return SimulationPanel.current;
  }

  static async restore(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, host: PanelHost, state: PanelState | undefined): Promise<void> {
    panel.webview.options = SimulationPanel.options(extensionUri);
    SimulationPanel.current = new SimulationPanel(panel, extensionUri, host);
    const panelNow = SimulationPanel.current;
    const view = state ? await host.resimulate(state) : undefined;
    if (view && state && !panelNow.disposed) panelNow.update(view, state);
  }

  /** The panel, if one is open (Run Live, and a view sent again when trust is granted). */
  static get shown(): SimulationPanel | undefined {
    return SimulationPanel.current;
  }

  /** The panel showing a route from `documentUri`, if any (for re-simulation on save). */
  static showing(documentUri: string): SimulationPanel | undefined {
    return SimulationPanel.current?.state?.documentUri === documentUri ? SimulationPanel.current : undefined;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out')], retainContextWhenHidden: false };
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly host: PanelHost) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseFromWebview(raw);
        if (!message) {
          host.log(`ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
          return;
        }
        void this.handle(message);
      }),
    );
  }

  get currentState(): PanelState | undefined {
    return this.state;
  }

  /** Shows a route; `reveal` switches the webview to it from the Compare view (a route the user asked for). */
  update(shown: ShownRoute, state: PanelState, reveal = false): void {
    // Payloads go when the details panel asks for one (heldPayloads.ts).
    const { trace, held } = holdBackPayloads(toTraceJson(shown.trace));
    const view: RouteView = { ...shown, trace, heldPayloads: held };
    this.view = view;
    this.trace = shown.trace;
    this.state = state;
    this.panel.title = `Simulation: ${view.title}`;
    // Set up before posting: the webview may report it has drawn before a caller asks.
    let resolve!: (events: number) => void;
    const promise = new Promise<number>((settle) => { resolve = settle; });
    this.rendering = { routeId: view.routeId, promise, resolve };
    void this.post({ type: 'show', view, ...(reveal ? { reveal } : {}) });
  }

  /** Shows a comparison and switches the webview to its Compare view. */
  updateCompare(view: CompareView): void {
    this.compareView = view;
    this.panel.title = `Compare: ${view.result.workload.name}`;
    void this.post({ type: 'compare', view, reveal: true });
  }

  /** Resolves when the Compare view reports it has drawn `workload` (for tests and commands). */
  whenCompareRendered(workload: string, timeoutMs = 10_000): Promise<CompareRendered> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the webview did not report drawing the ${workload} comparison in time`)), timeoutMs);
      this.compareWaiters.push({
        workload,
        resolve: (rendered) => {
          clearTimeout(timer);
          resolve(rendered);
        },
      });
    });
  }

  /** Resolves when the webview reports it has drawn the current view (for tests and commands). */
  whenRendered(timeoutMs = 10_000): Promise<number> {
    const rendering = this.rendering;
    if (!rendering) return Promise.reject(new Error('no view has been sent to the webview'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the webview did not report rendering in time')), timeoutMs);
    });
    return Promise.race([rendering.promise, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Run live for the shown route (the page's button or the Run Live command): the webview hears
   * it start and end, and gets the view with the measurement, or the reason there is none.
   */
  async runLive(client: LiveClient = this.liveClient): Promise<LiveOutcome | undefined> {
    const state = this.state;
    if (!state) return undefined;
    this.liveClient = client;
    await this.post({ type: 'liveStatus', routeId: state.routeId, running: true });
    let outcome: LiveOutcome;
    this.liveRunning = true;
    try {
      outcome = await this.host.runLive(state, client);
    } catch (error) {
      this.host.log(`live run of ${state.routeId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      outcome = { message: `The live run failed: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      this.liveRunning = false;
    }
    // The panel may have closed, or shown another route, while the run went on.
    if (this.disposed || this.state?.routeId !== state.routeId) return outcome;
    if ('view' in outcome) this.update(outcome.view, { ...this.state, scenario: outcome.view.scenario });
    await this.post({ type: 'liveStatus', routeId: state.routeId, running: false, ...('message' in outcome ? { message: outcome.message } : {}) });
    return outcome;
  }

  private async handle(message: FromWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A reloaded webview gets both back; its saved state says which tab it was on.
        if (this.view) await this.post({ type: 'show', view: this.view });
        if (this.compareView) await this.post({ type: 'compare', view: this.compareView, reveal: false });
        return;
      case 'compareWorkload': {
        if (this.compareView?.result.workload.name === message.workload) {
          await this.post({ type: 'compare', view: this.compareView, reveal: false });
          return;
        }
        this.compareWith ??= await this.host.comparer();
        const view = this.compareWith(message.workload);
        if (view) this.updateCompare(view);
        else this.host.log(`no comparison for the workload ${JSON.stringify(message.workload)}`);
        return;
      }
      case 'compareRendered': {
        const waiting = this.compareWaiters.filter((waiter) => waiter.workload === message.workload);
        this.compareWaiters = this.compareWaiters.filter((waiter) => waiter.workload !== message.workload);
        for (const waiter of waiting) waiter.resolve({ workload: message.workload, apiTypes: message.apiTypes, rules: message.rules });
        return;
      }
      case 'rendered':
        if (this.rendering?.routeId === message.routeId) this.rendering.resolve(message.events);
        return;
      case 'resimulate': {
        if (!this.state || message.routeId !== this.state.routeId) return;
        const state = { ...this.state, scenario: message.scenario };
        const view = await this.host.resimulate(state);
        if (view && !this.disposed) this.update(view, state);
        return;
      }
      case 'runLive':
        if (!this.state || message.routeId !== this.state.routeId) return;
        await this.runLive(message.client);
        return;
      case 'reveal': {
        // The page may only open what the host showed it (an error's location), never a path of its own choosing.
        if (!this.revealable.has(locationKey(message))) {
          this.host.log(`refused to reveal ${message.file}:${message.line}: the panel showed no such location`);
          return;
        }
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(message.file));
        const line = Math.min(message.line - 1, document.lineCount - 1);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, 0, line, 0) });
        return;
      }
      case 'payload': {
        // The page counts its requests; it takes an answer only for the trace it asked about.
        const event = this.trace?.events[message.eventId];
        const payloadHex = event ? toTraceEventJson(event).payloadHex : undefined;
        await this.post({ type: 'payload', requestId: message.requestId, ...(payloadHex !== undefined ? { payloadHex } : {}) });
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage('Copied to the clipboard', 2000);
        return;
    }
  }

  private post(message: ToWebviewMessage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    if (message.type === 'error' && message.location) this.revealable.add(locationKey(message.location));
    return this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>API Gateway simulation</title>
</head>
<body>
<div id="app" role="main"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (SimulationPanel.current === this) SimulationPanel.current = undefined;
    // A run for this panel stops with it: the harness's child processes and servers are closed.
    if (this.liveRunning) this.host.abortLive();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}
