import * as vscode from 'vscode';
import type { DocumentModels } from './documentModels';
import { previewMarkdown, previewRoute, type RoutePreview } from './routePreview';
import type { IndexedRoute } from './routeIndex';
import { routeAt } from './routeIndex';
import { settingsOptions } from './simulate';

/*
 * CodeLens above every route ("Simulate · cold 145 ms") and a hover with the route's flow.
 * Predictions are computed when asked (resolveCodeLens, provideHover) and cached per
 * document version, never on the typing path.
 */

export class RoutePreviews {
  private readonly cache = new Map<string, RoutePreview>();

  get(document: vscode.TextDocument, entry: IndexedRoute, models: DocumentModels): RoutePreview | undefined {
    const parsed = models.get(document);
    if (!parsed?.result) return undefined;
    const key = `${document.uri.toString()}@${document.version}:${entry.id}`;
    let preview = this.cache.get(key);
    if (!preview) {
      if (this.cache.size > 500) this.cache.clear();
      preview = previewRoute(parsed.result.model, entry.api, entry.route, settingsOptions());
      this.cache.set(key, preview);
    }
    return preview;
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

  provideCodeLenses(document: vscode.TextDocument): RouteLens[] {
    if (!vscode.workspace.getConfiguration('apigwSim').get<boolean>('codeLens.enabled', true)) return [];
    const parsed = this.models.get(document);
    return (parsed?.routes ?? []).map((entry) => new RouteLens(new vscode.Range(entry.line - 1, 0, entry.line - 1, 0), document, entry));
  }

  resolveCodeLens(lens: RouteLens): RouteLens {
    const preview = this.previews.get(lens.document, lens.entry, this.models);
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

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const parsed = this.models.get(document);
    const entry = parsed ? routeAt(parsed.routes, position.line + 1) : undefined;
    if (!entry) return undefined;
    const preview = this.previews.get(document, entry, this.models);
    if (!preview) return undefined;
    const argumentsUri = encodeURIComponent(JSON.stringify(simulateArguments(document, entry)));
    const markdown = new vscode.MarkdownString(previewMarkdown(entry.api, entry.route, preview, {
      simulate: `command:apigwSim.simulateRoute?${argumentsUri}`,
      showFlow: `command:apigwSim.showFlow?${argumentsUri}`,
    }));
    // Only our own commands may run from the hover's links.
    markdown.isTrusted = { enabledCommands: ['apigwSim.simulateRoute', 'apigwSim.showFlow'] };
    markdown.supportThemeIcons = true;
    return new vscode.Hover(markdown, new vscode.Range(entry.line - 1, 0, entry.line - 1, document.lineAt(entry.line - 1).text.length));
  }
}
