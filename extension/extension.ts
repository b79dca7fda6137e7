import * as vscode from 'vscode';
import { Commands, type ExportFormat } from './commands';
import { ConfigDiagnostics } from './diagnostics';
import { DocumentModels } from './documentModels';
import { PANEL_TYPE, SimulationPanel, type PanelState } from './panel';
import { RouteCodeLensProvider, RouteHoverProvider, RoutePreviews } from './routeProviders';
import { ScenarioRuns } from './scenarioRuns';

/** Wires the pieces together; nothing is parsed until a provider or command asks. */
export function activate(context: vscode.ExtensionContext): { commands: Commands; runs: ScenarioRuns } {
  const output = vscode.window.createOutputChannel('API Gateway Traffic Simulator', { log: true });
  const models = new DocumentModels(context.extensionUri, (error) => output.error(error instanceof Error ? error.stack ?? error.message : String(error)));
  // One cache of runs for the hover, the CodeLens and the panel: one simulation per user action.
  const runs = new ScenarioRuns();
  const previews = new RoutePreviews(models, runs, (message) => output.info(message));
  const commands = new Commands(context.extensionUri, models, runs, output, context.workspaceState);
  const lenses = new RouteCodeLensProvider(models, previews);
  const selector: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'json' }, { language: 'jsonc' }, { language: 'terraform' }, { pattern: '**/*.tf' }];
  const setContext = (editor: vscode.TextEditor | undefined): Thenable<unknown> =>
    (editor ? models.get(editor.document) : Promise.resolve(undefined)).then((parsed) => vscode.commands.executeCommand('setContext', 'apigwSim.isGatewayConfig', Boolean(parsed?.result)));
  let saveTimer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    // Deactivating stops a live run in flight: the harness's child processes and servers are closed.
    output, models, new ConfigDiagnostics(models), commands.live,
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, new RouteHoverProvider(models, previews)),
    vscode.commands.registerCommand('apigwSim.simulateRoute', (uri?: string, routeId?: string, scenario?: string) => commands.simulateRoute(uri, routeId, scenario)),
    vscode.commands.registerCommand('apigwSim.showFlow', (uri?: string, routeId?: string) => commands.simulateRoute(uri, routeId)),
    vscode.commands.registerCommand('apigwSim.tryTemplate', (uri?: string, routeId?: string) => commands.tryTemplate(uri, routeId)),
    vscode.commands.registerCommand('apigwSim.exportTrace', (target?: vscode.Uri, format?: ExportFormat) => commands.exportTrace(target, format)),
    vscode.commands.registerCommand('apigwSim.runLive', () => commands.runLiveCommand()),
    vscode.commands.registerCommand('apigwSim.compareWithHar', (recording?: vscode.Uri, save?: vscode.Uri) => commands.compareWithHarRecording(recording, save)),
    vscode.commands.registerCommand('apigwSim.compareApiTypes', (workload?: string) => commands.compareApiTypes(workload)),
    vscode.commands.registerCommand('apigwSim.openExample', async () => vscode.window.showTextDocument(vscode.Uri.joinPath(context.extensionUri, 'examples', 'shop', 'template.yaml'))),
    vscode.commands.registerCommand('apigwSim.openBankingExample', async () => vscode.window.showTextDocument(vscode.Uri.joinPath(context.extensionUri, 'examples', 'banking', 'template.yaml'))),
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
      deserializeWebviewPanel: async (panel) => SimulationPanel.restore(panel, context.extensionUri, commands, context.workspaceState.get<PanelState>('lastPanel')),
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => void setContext(editor)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => commands.trustGranted()),
    vscode.workspace.onDidCloseTextDocument((document) => runs.forget(document.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((change) => change.affectsConfiguration('apigwSim') && lenses.refresh()),
    // Re-simulate the shown route when its config is saved, debounced; the webview keeps its zoom and filters.
    vscode.workspace.onDidSaveTextDocument((document) => {
      const panel = SimulationPanel.showing(document.uri.toString());
      if (!panel?.currentState) return;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => {
        const state = panel.currentState!;
        void commands.resimulate(state).then((view) => view && panel.update(view, state));
      }, 250);
    }),
    { dispose: () => clearTimeout(saveTimer) },
  );
  // The editor-title button's context needs a parse: after activation, not during it.
  const initial = setTimeout(() => void setContext(vscode.window.activeTextEditor), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });
  return { commands, runs };
}

export function deactivate(): void {}
