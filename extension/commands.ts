import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { compareApiTypes } from '../simulator/scenario/compare';
import { WORKLOADS } from '../simulator/scenario/workloads';
import { routeTemplateTrial } from '../simulator/scenario/templateTrial';
import type { GatewayModel } from '../simulator/model/gateway';
import type { LoadResult } from '../simulator/scenario/load';
import { scenarioCost } from '../simulator/gateway/cost';
import { isTraceScenarioId, type TraceScenarioId } from '../simulator/scenario/registry';
import { SimulatorError } from '../simulator/errors';
import { LiveError } from '../simulator/live/liveError';
import { toMermaid } from '../simulator/trace/mermaid';
import { toReport } from '../simulator/trace/report';
import { toTraceJson } from '../simulator/trace/traceJson';
import { exportPcapng } from '../simulator/export/capture';
import { toHar } from '../simulator/export/har';
import { toSequenceSvg } from '../webview/drawing/sequenceSvg';
import type { DocumentModels } from './documentModels';
import { compareWithHar, type HarComparisonResult } from './harComparison';
import { liveMeasurement } from './liveMeasurement';
import { liveAvailability, liveConditionsText, LiveRunner, liveTarget } from './liveRunner';
import { isWorkspaceTrusted, LIVE_RESTRICTED_REASON, restrictedLiveAvailability } from './workspaceTrust';
import { SimulationPanel, type CompareRendered, type CompareWith, type LiveOutcome, type PanelHost, type PanelState, type ShownRoute } from './panel';
import type { IndexedRoute } from './routeIndex';
import type { LiveClient } from '../webview/protocol/messages';
import type { ScenarioRuns } from './scenarioRuns';
import { defaultScenario, loadReport, routeView, scenarioChoices, settingsOptions, simulateRouteLoad, traceRunOptions, type ScenarioChoice } from './simulate';

/*
 * The commands, each a thin shell over the simulator. They return what they opened, so
 * tests can drive them through vscode.commands.executeCommand.
 */

export interface SimulateResult {
  routeId: string;
  scenario: string;
  /** Resolves with the number of events drawn once the webview has rendered. */
  rendered: Promise<number>;
}

/** A load run: aggregates, shown as a text report beside the config rather than in the panel. */
export interface LoadRunResult {
  routeId: string;
  scenario: 'load';
  result: LoadResult;
  report: vscode.TextDocument;
}

export type ExportFormat = 'json' | 'mermaid' | 'svg' | 'har' | 'pcapng' | 'pcapng-plain';

const EXPORT_FORMATS: readonly { label: string; value: ExportFormat; filters: Record<string, string[]>; detail?: string }[] = [
  { label: 'JSON', value: 'json', filters: { JSON: ['json'] } },
  { label: 'Mermaid sequence diagram', value: 'mermaid', filters: { Mermaid: ['mmd', 'md'] } },
  { label: 'SVG sequence diagram', value: 'svg', filters: { SVG: ['svg'] } },
  { label: 'HAR (HTTP Archive)', value: 'har', filters: { HAR: ['har'] }, detail: 'As Chrome DevTools exports it: each request with its timing phases' },
  { label: 'pcapng capture (as sent)', value: 'pcapng', filters: { pcapng: ['pcapng'] }, detail: 'Opens in Wireshark; TLS payloads are seeded filler' },
  { label: 'pcapng capture (decrypted)', value: 'pcapng-plain', filters: { pcapng: ['pcapng'] }, detail: 'TLS removed, so Wireshark dissects HTTP and WebSocket' },
];

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export class Commands implements PanelHost {
  /** One live run at a time; tests wait on `live.settled()` for its sockets to close. */
  readonly live = new LiveRunner((message) => this.log(message));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: DocumentModels,
    private readonly runs: ScenarioRuns,
    private readonly output: vscode.LogOutputChannel,
    private readonly memory: vscode.Memento,
  ) {}

  log(message: string): void {
    this.output.info(message);
  }

  private async documentFor(uri: string | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri) return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    return vscode.window.activeTextEditor?.document;
  }

  private async pickRoute(document: vscode.TextDocument): Promise<IndexedRoute | undefined> {
    const parsed = await this.models.get(document);
    if (!parsed?.result) {
      void vscode.window.showWarningMessage(parsed?.error ? `This config cannot be read: ${parsed.error.format()}` : 'This file is not an API Gateway config (SAM, CloudFormation, OpenAPI, serverless.yml or Terraform).');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(parsed.routes.map((entry) => ({ label: entry.route.key, description: `${entry.api.name} · ${entry.api.type}`, detail: `line ${entry.line}`, entry })), {
      title: 'API Gateway: Simulate Route', placeHolder: 'Pick a route to simulate', matchOnDescription: true,
    });
    return picked?.entry;
  }

  private async pickScenario(entry: IndexedRoute): Promise<ScenarioChoice | undefined> {
    const choices = scenarioChoices(entry);
    if (choices.length === 1) return choices[0];
    return (await vscode.window.showQuickPick(choices.map((choice) => ({ label: choice.label, detail: choice.detail, choice })), {
      title: `API Gateway: Simulate ${entry.title}`, placeHolder: 'Pick a scenario',
    }))?.choice;
  }

  /**
   * `API Gateway: Simulate Route...`: a route (picked, or given by CodeLens/hover), then its scenario.
   * From the palette both are picked; a CodeLens or hover runs the default scenario. A trace is
   * shown beside in the panel; a load run is a report of aggregates.
   */
  async simulateRoute(uri?: string, routeId?: string, scenario?: string): Promise<SimulateResult | LoadRunResult | undefined> {
    const document = await this.documentFor(uri);
    if (!document) return undefined;
    const parsed = await this.models.get(document);
    const entry = routeId ? parsed?.routes.find((candidate) => candidate.id === routeId) : await this.pickRoute(document);
    if (!entry || !parsed?.result) return undefined;
    if (scenario !== undefined && scenario !== 'load' && !isTraceScenarioId(scenario)) {
      void vscode.window.showWarningMessage(`No scenario named ${JSON.stringify(scenario)} for ${entry.title}.`);
      return undefined;
    }
    const choice: ScenarioChoice | undefined = scenario === 'load' ? scenarioChoices(entry).find((candidate) => candidate.scenario === 'load')
      : scenario !== undefined || routeId ? scenarioChoices(entry).find((candidate) => candidate.scenario === (scenario ?? defaultScenario(entry)))
      : await this.pickScenario(entry);
    if (!choice) return undefined;
    if (choice.scenario === 'load') return this.simulateLoad(parsed.result.model, entry, choice);
    const chosen = choice.scenario;
    const state: PanelState = { documentUri: document.uri.toString(), routeId: entry.id, scenario: chosen };
    const view = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Simulating ${entry.title}` }, async () => this.routeView(document, parsed.result!.model, entry, chosen));
    this.log(`simulated ${entry.id} (${chosen}): ${view.trace.events.length} events, first byte after ${view.trace.summary.timeToFirstByteMs.toFixed(1)} ms`);
    const panel = SimulationPanel.show(this.extensionUri, this, view, state);
    await this.memory.update('lastPanel', state);
    return { routeId: entry.id, scenario: chosen, rendered: panel.whenRendered() };
  }

  /**
   * "Try this template…" from a route's hover: the route's mapping templates rendered for the
   * request its scenario sends, in an untitled document beside the config.
   */
  async tryTemplate(uri?: string, routeId?: string): Promise<vscode.TextDocument | undefined> {
    const document = await this.documentFor(uri);
    if (!document) return undefined;
    const parsed = await this.models.get(document);
    const entry = routeId ? parsed?.routes.find((candidate) => candidate.id === routeId) : await this.pickRoute(document);
    if (!entry) return undefined;
    const content = routeTemplateTrial(entry.api, entry.route);
    this.log(`tried the mapping templates of ${entry.id}`);
    const result = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    await vscode.window.showTextDocument(result, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
    return result;
  }

  /**
   * The load scenario under a cancellable progress notification: the run yields between chunks,
   * so the bar moves and Cancel aborts the computation itself, not just the wait for it.
   */
  private async simulateLoad(model: GatewayModel, entry: IndexedRoute, choice: Extract<ScenarioChoice, { scenario: 'load' }>): Promise<LoadRunResult | undefined> {
    const controller = new AbortController();
    let result: LoadResult;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${choice.label} on ${entry.title}`, cancellable: true }, async (progress, token) => {
        const cancel = token.onCancellationRequested(() => controller.abort());
        let shown = 0;
        try {
          return await simulateRouteLoad(model, entry, choice.preset, settingsOptions(), {
            signal: controller.signal,
            onProgress: ({ done, total }) => {
              const percent = Math.min(100, (done / Math.max(1, total)) * 100);
              progress.report({ increment: percent - shown, message: `${COUNT.format(done)} of about ${COUNT.format(total)}` });
              shown = percent;
            },
          });
        } finally {
          cancel.dispose();
        }
      });
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      this.log(`load on ${entry.id} cancelled`);
      return undefined;
    }
    this.log(`load on ${entry.id} (${choice.label}): ${result.requests} requests, p99 ${result.latencyMs.p99.toFixed(1)} ms`);
    const report = await vscode.workspace.openTextDocument({ content: loadReport(entry, choice.preset, result), language: 'plaintext' });
    await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return { routeId: entry.id, scenario: 'load', result, report };
  }

  /** The shown route of a panel state, in its document's current text, and the scenario to run. */
  private async shown(state: PanelState): Promise<{ document: vscode.TextDocument; model: GatewayModel; entry: IndexedRoute; scenario: TraceScenarioId } | undefined> {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === state.documentUri);
    const parsed = document ? await this.models.get(document) : undefined;
    const entry = parsed?.routes.find((candidate) => candidate.id === state.routeId);
    if (!document || !entry || !parsed?.result) return undefined;
    return { document, model: parsed.result.model, entry, scenario: isTraceScenarioId(state.scenario) ? state.scenario : defaultScenario(entry) };
  }

  /** Re-runs a shown route from the document's current text (resimulate, save, restore). */
  async resimulate(state: PanelState): ReturnType<PanelHost['resimulate']> {
    const shown = await this.shown(state);
    return shown ? this.routeView(shown.document, shown.model, shown.entry, shown.scenario) : undefined;
  }

  /**
   * The simulated view, saying whether "Run live" can play it. The run comes from the cache
   * the hover and CodeLens share, and the availability is read off the same trace.
   */
  private routeView(document: vscode.TextDocument, model: GatewayModel, entry: IndexedRoute, scenario: TraceScenarioId): ShownRoute {
    const run = this.runs.get({ uri: document.uri.toString(), version: document.version }, model, entry, scenario, traceRunOptions());
    return { ...routeView(entry, run), live: restrictedLiveAvailability() ?? liveAvailability(run.trace) };
  }

  /**
   * "Run live" from the panel: the shown route's scenario through the live harness with the
   * picked client. The view that comes back shows the model under the harness's conditions (the
   * client's profile, the relay's delay, the stand-in's certificates, lo's MTU) with the real
   * capture beside it, so that like is compared with like.
   */
  async runLive(state: PanelState, client: LiveClient = 'node'): Promise<LiveOutcome> {
    // Refused here as well as in the manifest and the view: a page or a command may still ask.
    if (!isWorkspaceTrusted()) {
      this.log(`refused to run ${state.routeId} live: the workspace is not trusted`);
      return { message: LIVE_RESTRICTED_REASON };
    }
    const shown = await this.shown(state);
    if (!shown) return { message: `${state.routeId} is no longer in its config.` };
    if (this.live.busy) return { message: 'A live run is already going.' };
    const { document, model, entry, scenario } = shown;
    const shownView = this.routeView(document, model, entry, scenario);
    if (shownView.live && !shownView.live.supported) return { message: shownView.live.reason };
    const target = liveTarget(model, entry, scenario, settingsOptions().tlsVersion ?? '1.3', client);
    this.log(`running ${entry.id} (${scenario}) live: ${liveConditionsText(target)}`);
    try {
      const result = await this.live.run(entry.title, target);
      if (!result) return { message: 'Live run cancelled.' };
      this.log(`live ${entry.id}: ${result.comparison.differences.length === 0 ? 'model and capture agree' : result.comparison.differences.join('; ')}`);
      const trace = result.measurement.model;
      return { view: { ...shownView, trace, costUsd: scenarioCost(entry.api.type, trace).usd, measured: liveMeasurement(result, liveConditionsText(target, result.measurement.mtu)) } };
    } catch (error) {
      if (!(error instanceof LiveError)) throw error;
      this.log(`live run of ${entry.id} failed [${error.code}]: ${error.message}`);
      return { message: `The live run failed: ${error.message}` };
    }
  }

  abortLive(): void {
    this.live.abort();
  }

  /**
   * `API Gateway: Run Live`: Run live for the route the panel shows, as its button does. Disabled
   * in Restricted Mode by the manifest; refused with the reason if it is called anyway.
   */
  async runLiveCommand(): Promise<LiveOutcome | undefined> {
    if (!isWorkspaceTrusted()) {
      void vscode.window.showWarningMessage(LIVE_RESTRICTED_REASON);
      return { message: LIVE_RESTRICTED_REASON };
    }
    const panel = SimulationPanel.shown;
    if (!panel?.currentState) {
      void vscode.window.showInformationMessage('Simulate a route first: Run Live plays the route the simulation panel shows.');
      return undefined;
    }
    return panel.runLive();
  }

  /** Trust granted: the panel's view is sent again, so that Run live is offered without a reload. */
  async trustGranted(): Promise<void> {
    const panel = SimulationPanel.shown;
    const state = panel?.currentState;
    const view = state ? await this.resimulate(state) : undefined;
    if (panel && state && view) panel.update(view, state);
  }

  /** `API Gateway: Export Trace...`: the shown (or a picked) route's trace as JSON, Mermaid, SVG, HAR or pcapng, to a file the user names. */
  async exportTrace(target?: vscode.Uri, format?: ExportFormat): Promise<vscode.Uri | undefined> {
    const state = SimulationPanel.showing(vscode.window.activeTextEditor?.document.uri.toString() ?? '')?.currentState ?? this.memory.get<PanelState>('lastPanel');
    const view = state ? await this.resimulate(state) : undefined;
    if (!view) {
      void vscode.window.showInformationMessage('Simulate a route first (API Gateway: Simulate Route...).');
      return undefined;
    }
    const kind = EXPORT_FORMATS.find((candidate) => candidate.value === format) ?? (await vscode.window.showQuickPick(EXPORT_FORMATS, { title: 'Export trace as' }));
    if (!kind) return undefined;
    const uri = target ?? (await vscode.window.showSaveDialog({ filters: kind.filters, saveLabel: 'Export' }));
    if (!uri) return undefined;
    if (uri.toString() === state?.documentUri) throw new Error('refusing to overwrite the config file');
    writeFileSync(uri.fsPath, this.exportText(view, kind.value));
    this.log(`exported ${view.routeId} to ${uri.fsPath}`);
    return uri;
  }

  private exportText(view: ShownRoute, format: ExportFormat): string | Uint8Array {
    switch (format) {
      case 'pcapng': return exportPcapng(view.trace, 'wire');
      case 'pcapng-plain': return exportPcapng(view.trace, 'plain');
      case 'json': return JSON.stringify(toReport(view.trace, { scenario: view.scenario, route: view.routeId, requests: view.trace.summary.exchanges.length, costUsd: view.costUsd }), null, 2);
      case 'mermaid': return toMermaid(view.trace);
      case 'har': return JSON.stringify(toHar([{ trace: view.trace, title: `${view.title} (${view.scenario})` }]), null, 2);
      // The webview's own drawing, so it reads the trace as the webview does.
      case 'svg': return toSequenceSvg(toTraceJson(view.trace), { title: `${view.title} (${view.scenario})` });
    }
  }

  /** `API Gateway: Compare with a HAR Recording…`: the active config against a recording of the deployed API (harComparison.ts). */
  async compareWithHarRecording(recording?: vscode.Uri, save?: vscode.Uri): Promise<HarComparisonResult | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    const parsed = document ? await this.models.get(document) : undefined;
    if (!document || !parsed?.result) {
      void vscode.window.showInformationMessage('Open the API Gateway config of the recorded API first (SAM, CloudFormation, OpenAPI, serverless.yml or Terraform).');
      return undefined;
    }
    const result = await compareWithHar(parsed.result.model, document.uri, settingsOptions(), recording, save);
    if (result?.saved) this.log(`saved a calibration to ${result.saved.fsPath}; apigwSim.calibrationFile now names it`);
    return result;
  }

  /**
   * `API Gateway: Compare API Types`: a workload (given, or the shop preset) through REST, HTTP and
   * WebSocket, side by side in the panel's Compare view, for the active config's APIs where it has
   * them. The view's picker runs other presets through the same config.
   */
  async compareApiTypes(workloadName?: string): Promise<{ workload: string; rendered: Promise<CompareRendered> } | undefined> {
    const name = workloadName ?? 'shop';
    if (!Object.hasOwn(WORKLOADS, name)) {
      void vscode.window.showWarningMessage(`No workload named ${name}: one of ${Object.keys(WORKLOADS).join(', ')}.`);
      return undefined;
    }
    const compare = await this.comparer();
    const view = compare(name);
    if (!view) return undefined;
    const panel = SimulationPanel.showCompare(this.extensionUri, this, view, compare);
    return { workload: name, rendered: panel.whenCompareRendered(name) };
  }

  /**
   * Compares a preset workload through REST, HTTP and WebSocket, for the active config's APIs
   * where it has them (also what a panel restored after a reload compares with).
   */
  async comparer(): Promise<CompareWith> {
    const document = vscode.window.activeTextEditor?.document;
    const model = document ? (await this.models.get(document))?.result?.model : undefined;
    return (chosen) => {
      if (!Object.hasOwn(WORKLOADS, chosen)) return undefined;
      let result;
      try {
        result = compareApiTypes(WORKLOADS[chosen], { ...settingsOptions(), ...(model ? { model } : {}) });
      } catch (error) {
        // A config whose session cannot open (SESSION_REFUSED), said in words; anything else is a bug and stays one.
        if (!(error instanceof SimulatorError)) throw error;
        this.log(`could not compare API types for the ${chosen} workload: [${error.code}] ${error.message}`);
        void vscode.window.showErrorMessage(`Compare API Types: ${error.message}`);
        return undefined;
      }
      this.log(`compared API types for the ${chosen} workload${model && document ? ` with ${document.uri.fsPath}` : ''}`);
      return {
        result,
        presets: Object.values(WORKLOADS).map((preset) => ({ name: preset.name, description: preset.description })),
        ...(model && document ? { config: { file: vscode.workspace.asRelativePath(document.uri), apis: model.apis.map((api) => api.id) } } : {}),
      };
    };
  }
}
