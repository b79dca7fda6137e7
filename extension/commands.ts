import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { compareApiTypes } from '../simulator/scenario/compare';
import { WORKLOADS } from '../simulator/scenario/workloads';
import { formatCompare } from '../simulator/cli/format';
import { toMermaid } from '../simulator/trace/mermaid';
import { toReport } from '../simulator/trace/report';
import type { DocumentModels } from './documentModels';
import { SimulationPanel, type PanelHost, type PanelState } from './panel';
import type { IndexedRoute } from './routeIndex';
import { defaultScenario, settingsOptions, simulateView, type Scenario } from './simulate';

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

export class Commands implements PanelHost {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: DocumentModels,
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
    const parsed = this.models.get(document);
    if (!parsed?.result) {
      void vscode.window.showWarningMessage(parsed?.error ? `This config cannot be read: ${parsed.error.format()}` : 'This file is not an API Gateway config (SAM, CloudFormation, OpenAPI, serverless.yml or Terraform).');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(parsed.routes.map((entry) => ({ label: entry.route.key, description: `${entry.api.name} · ${entry.api.type}`, detail: `line ${entry.line}`, entry })), {
      title: 'API Gateway: Simulate Route', placeHolder: 'Pick a route to simulate', matchOnDescription: true,
    });
    return picked?.entry;
  }

  /** `API Gateway: Simulate Route...`: a route (picked, or given by CodeLens/hover), then its scenario, shown beside. */
  async simulateRoute(uri?: string, routeId?: string, scenario?: Scenario): Promise<SimulateResult | undefined> {
    const document = await this.documentFor(uri);
    if (!document) return undefined;
    const parsed = this.models.get(document);
    const entry = routeId ? parsed?.routes.find((candidate) => candidate.id === routeId) : await this.pickRoute(document);
    if (!entry || !parsed?.result) return undefined;
    const chosen = scenario ?? defaultScenario(entry);
    const state: PanelState = { documentUri: document.uri.toString(), routeId: entry.id, scenario: chosen };
    const view = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Simulating ${entry.id}` }, async () => simulateView(parsed.result!.model, entry, chosen, settingsOptions()));
    this.log(`simulated ${entry.id} (${chosen}): ${view.trace.events.length} events, first byte after ${view.trace.summary.timeToFirstByteMs.toFixed(1)} ms`);
    const panel = SimulationPanel.show(this.extensionUri, this, view, state);
    await this.memory.update('lastPanel', state);
    return { routeId: entry.id, scenario: chosen, rendered: panel.whenRendered() };
  }

  /** Re-runs a shown route from the document's current text (resimulate, save, restore). */
  resimulate(state: PanelState): ReturnType<PanelHost['resimulate']> {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === state.documentUri);
    const parsed = document ? this.models.get(document) : undefined;
    const entry = parsed?.routes.find((candidate) => candidate.id === state.routeId);
    if (!entry || !parsed?.result) return undefined;
    return simulateView(parsed.result.model, entry, state.scenario as Scenario, settingsOptions());
  }

  /** `API Gateway: Export Trace...`: the shown (or a picked) route's trace as JSON or Mermaid, to a file the user names. */
  async exportTrace(target?: vscode.Uri, format?: 'json' | 'mermaid'): Promise<vscode.Uri | undefined> {
    const state = SimulationPanel.showing(vscode.window.activeTextEditor?.document.uri.toString() ?? '')?.currentState ?? this.memory.get<PanelState>('lastPanel');
    const view = state ? this.resimulate(state) : undefined;
    if (!view) {
      void vscode.window.showInformationMessage('Simulate a route first (API Gateway: Simulate Route...).');
      return undefined;
    }
    const kind = format ?? (await vscode.window.showQuickPick([{ label: 'JSON', value: 'json' as const }, { label: 'Mermaid sequence diagram', value: 'mermaid' as const }], { title: 'Export trace as' }))?.value;
    if (!kind) return undefined;
    const uri = target ?? (await vscode.window.showSaveDialog({ filters: kind === 'json' ? { JSON: ['json'] } : { Mermaid: ['mmd', 'md'] }, saveLabel: 'Export' }));
    if (!uri) return undefined;
    if (uri.toString() === state?.documentUri) throw new Error('refusing to overwrite the config file');
    const text = kind === 'json' ? JSON.stringify(toReport(view.trace, { scenario: view.scenario, route: view.routeId, requests: view.trace.summary.exchanges.length, costUsd: view.costUsd }), null, 2) : toMermaid(view.trace);
    writeFileSync(uri.fsPath, text);
    this.log(`exported ${view.routeId} to ${uri.fsPath}`);
    return uri;
  }

  /** `API Gateway: Compare API Types`: a workload through REST, HTTP and WebSocket, as a text report. */
  async compareApiTypes(workloadName?: string): Promise<vscode.TextDocument | undefined> {
    const name = workloadName ?? (await vscode.window.showQuickPick(Object.values(WORKLOADS).map((workload) => ({ label: workload.name, detail: workload.description })), { title: 'Compare API types for a workload' }))?.label;
    if (!name || !WORKLOADS[name]) return undefined;
    const document = vscode.window.activeTextEditor?.document;
    const model = document ? this.models.get(document)?.result?.model : undefined;
    const result = compareApiTypes(WORKLOADS[name], { ...settingsOptions(), ...(model ? { model } : {}) });
    const report = await vscode.workspace.openTextDocument({ content: formatCompare(result), language: 'plaintext' });
    await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return report;
  }
}
