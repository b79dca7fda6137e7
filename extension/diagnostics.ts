import * as vscode from 'vscode';
import type { Finding } from '../simulator/config/findings';
import type { SourceLocation } from '../simulator/model/gateway';
import type { DocumentModels } from './documentModels';
import { MAX_CODELENS_ROUTES } from './routeProviders';

/*
 * The readers' findings, and a broken config's error, as editor diagnostics on their ranges,
 * refreshed as the user types (debounced, so a burst of keystrokes costs one parse).
 */

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function rangeOf(location: SourceLocation, document: vscode.TextDocument): vscode.Range {
  const line = Math.min(Math.max(location.line - 1, 0), document.lineCount - 1);
  const start = new vscode.Position(line, Math.max(location.column - 1, 0));
  if (location.endLine !== undefined && location.endColumn !== undefined && location.endLine === location.line) {
    return new vscode.Range(start, new vscode.Position(line, Math.max(location.endColumn - 1, start.character + 1)));
  }
  // Multi-line elements underline their first line only: a whole resource in red helps no one.
  return new vscode.Range(start, document.lineAt(line).range.end);
}

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('apigwSim');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly models: DocumentModels) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => void this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((change) => this.schedule(change.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
    ];
    // Documents already open are read on the debounce timer, not during activation.
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
  }

  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.refresh(document);
    }, 300));
  }

  async refresh(document: vscode.TextDocument): Promise<void> {
    const parsed = await this.models.get(document);
    // The document was closed, or changed again, while it was read: that read's diagnostics are not shown.
    if (document.isClosed || (parsed && parsed.version !== document.version)) return;
    if (!parsed) {
      this.collection.delete(document.uri);
      return;
    }
    const diagnostics: vscode.Diagnostic[] = [];
    if (parsed.error) {
      const diagnostic = new vscode.Diagnostic(rangeOf(parsed.error.location as SourceLocation, document), parsed.error.message, vscode.DiagnosticSeverity.Error);
      diagnostic.code = parsed.error.code;
      diagnostic.source = 'API Gateway';
      diagnostics.push(diagnostic);
    }
    if (parsed.routes.length > MAX_CODELENS_ROUTES) {
      const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `This file declares ${parsed.routes.length.toLocaleString('en-US')} routes: CodeLens is off above ${MAX_CODELENS_ROUTES.toLocaleString('en-US')}. Hover a route, or run API Gateway: Simulate Route..., to simulate one.`, vscode.DiagnosticSeverity.Information);
      diagnostic.code = 'CODELENS_OFF';
      diagnostic.source = 'API Gateway';
      diagnostics.push(diagnostic);
    }
    for (const finding of parsed.result?.findings ?? []) {
      if (finding.location.file !== document.uri.fsPath) continue;
      const diagnostic = new vscode.Diagnostic(rangeOf(finding.location, document), finding.message, SEVERITY[finding.severity]);
      diagnostic.code = finding.code;
      diagnostic.source = 'API Gateway';
      diagnostics.push(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}
