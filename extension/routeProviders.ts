import * as vscode from 'vscode';
import { SimulatorError } from '../simulator/errors';
import { hasMappingTemplate } from '../simulator/scenario/templateTrial';
import type { DocumentModels } from './documentModels';
import { previewMarkdown, previewRoute, type RoutePreview } from './routePreview';
import type { IndexedRoute } from './routeIndex';
import { routeAt } from './routeIndex';
import type { ScenarioRuns } from './scenarioRuns';
import { defaultScenario, traceRunOptions } from './simulate';

/*
 * CodeLens above every route ("Simulate · cold 145 ms") and a hover with the route's flow.
 * Both show the run of the route's default scenario, the one a click on Simulate opens, from
 * the shared cache of runs per document version; nothing is computed on the typing path.
 */

/**
 * Above this many routes in one file, no CodeLens: VS Code asks for every lens of a document at
 * once, and 40,000 of them (a 10 MB OpenAPI file) cost the extension host and the editor
 * hundreds of milliseconds in one go while helping no one. The hover still simulates a route.
 */
export const MAX_CODELENS_ROUTES = 2000;

export class RoutePreviews {
  constructor(private readonly models: DocumentModels, private readonly runs: ScenarioRuns, private readonly log: (message: string) => void) {}

  async get(document: vscode.TextDocument, entry: IndexedRoute): Promise<RoutePreview | undefined> {
    const parsed = await this.models.get(document);
    if (!parsed?.result) return undefined;
    try {
      return previewRoute(this.runs.get({ uri: document.uri.toString(), version: document.version }, parsed.result.model, entry, defaultScenario(entry), traceRunOptions()));
    } catch (error) {
      // A route the simulator cannot run (it says why) has no prediction; the lens still offers Simulate, which shows the reason.
      if (!(error instanceof SimulatorError)) throw error;
      this.log(`no preview of ${entry.id}: ${error.message}`);
      return undefined;
    }
  }
}

function simulateArguments(document: vscode.TextDocument, entry: IndexedRoute): [string, string] {
  return [document.uri.toString(), entry.id];
}

class RouteLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly document: vscode.TextDocument, readonly entry: IndexedRoute) {
    super(range);
  }
}

export class RouteCodeLensProvider implements vscode.CodeLensProvider<RouteLens> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly models: DocumentModels, private readonly previews: RoutePreviews) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<RouteLens[]> {
    if (!vscode.workspace.getConfiguration('apigwSim').get<boolean>('codeLens.enabled', true)) return [];
    const parsed = await this.models.get(document);
    if ((parsed?.routes.length ?? 0) > MAX_CODELENS_ROUTES) return [];
    return (parsed?.routes ?? []).map((entry) => new RouteLens(new vscode.Range(entry.line - 1, 0, entry.line - 1, 0), document, entry));
  }

  async resolveCodeLens(lens: RouteLens): Promise<RouteLens> {
    const preview = await this.previews.get(lens.document, lens.entry);
    lens.command = {
      title: preview ? `$(play) Simulate · cold ${preview.coldMs.toFixed(0)} ms` : '$(play) Simulate',
      tooltip: `Simulate ${lens.entry.id}`,
      command: 'apigwSim.simulateRoute',
      arguments: simulateArguments(lens.document, lens.entry),
    };
    return lens;
  }
}

export class RouteHoverProvider implements vscode.HoverProvider {
  constructor(private readonly models: DocumentModels, private readonly previews: RoutePreviews) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const parsed = await this.models.get(document);
    const entry = parsed ? routeAt(parsed.routes, position.line + 1) : undefined;
    if (!entry) return undefined;
    const preview = await this.previews.get(document, entry);
    if (!preview) return undefined;
    const argumentsUri = encodeURIComponent(JSON.stringify(simulateArguments(document, entry)));
    const markdown = new vscode.MarkdownString(previewMarkdown(entry.api, entry.route, preview, {
      simulate: `command:apigwSim.simulateRoute?${argumentsUri}`,
      showFlow: `command:apigwSim.showFlow?${argumentsUri}`,
      // REST non-proxy routes with a mapping template: its output for the scenario's request.
      ...(hasMappingTemplate(entry.api, entry.route) ? { tryTemplate: `command:apigwSim.tryTemplate?${argumentsUri}` } : {}),
    }));
    // Only our own commands may run from the hover's links.
    markdown.isTrusted = { enabledCommands: ['apigwSim.simulateRoute', 'apigwSim.showFlow', 'apigwSim.tryTemplate'] };
    markdown.supportThemeIcons = true;
    return new vscode.Hover(markdown, new vscode.Range(entry.line - 1, 0, entry.line - 1, document.lineAt(entry.line - 1).text.length));
  }
}
