import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import { ConfigError } from '../simulator/errors';
import type { ConfigReadResult } from '../simulator/config/configFile';
import { CONFIG_LANGUAGES, mightBeGatewayConfig } from './configHint';
import { ConfigReader, READER_LIMITS, type ReaderLimits } from './configReader';
import type { ReadOutcome } from './configReading';
import { RouteTreeBuilder } from '../simulator/gateway/routeMatch';
import { indexedRoute, type IndexedRoute } from './routeIndex';
import { mapInSlices, untilDone } from './slicedWork';

/*
 * Parsed configs, once per document version: hovers, CodeLens and diagnostics all read from
 * here, so typing never triggers more than one parse per version (and only when something
 * asks). The parse itself runs on a worker thread (configReader.ts): the extension host only
 * waits for it. Files that are not gateway configs are remembered as such, cheaply.
 */

export interface ParsedDocument {
  version: number;
  result?: ConfigReadResult;
  error?: ConfigError;
  routes: IndexedRoute[];
}

/** How much of a document the look before parsing reads (the worker reads the whole text again). */
const HEAD_LINES = 5000;

export class DocumentModels implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; parsed: Promise<ParsedDocument> }>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly reader: ConfigReader;

  constructor(extensionUri: vscode.Uri, private readonly onInternalError?: (error: unknown) => void, limits: ReaderLimits = READER_LIMITS) {
    this.reader = new ConfigReader(join(extensionUri.fsPath, 'out', 'configWorker.js'), limits);
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
      // Trusting the workspace lets files next to a config be read: what was read without them is read again.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.cache.clear()),
    ];
  }

  /** The parsed config for a document, or undefined when it is not a gateway config at all. */
  async get(document: vscode.TextDocument): Promise<ParsedDocument | undefined> {
    if (!CONFIG_LANGUAGES.includes(document.languageId) && !document.fileName.endsWith('.tf')) return undefined;
    const key = document.uri.toString();
    let cached = this.cache.get(key);
    if (!cached || cached.version !== document.version) {
      cached = { version: document.version, parsed: this.parse(document) };
      this.cache.set(key, cached);
    }
    const parsed = await cached.parsed;
    return parsed.result || parsed.error ? parsed : undefined;
  }

  private async parse(document: vscode.TextDocument): Promise<ParsedDocument> {
    const version = document.version;
    // Most YAML and JSON files are not gateway configs: a look at the head before anything is sent.
    if (!mightBeGatewayConfig(document.getText(new vscode.Range(0, 0, HEAD_LINES, 0)))) return { version, routes: [] };
    const file = document.uri.fsPath;
    const outcome = await this.reader.read(document.uri.toString(), {
      // A file with no unsaved edits is read by the worker from disk (configReading.ts says why).
      text: document.isDirty || document.uri.scheme !== 'file' ? document.getText() : undefined,
      file,
      root: vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(file),
      readReferencedFiles: vscode.workspace.isTrusted,
    });
    return this.parsedFrom(outcome, version, file);
  }

  private async parsedFrom(outcome: ReadOutcome, version: number, file: string): Promise<ParsedDocument> {
    switch (outcome.kind) {
      case 'read': {
        // What the host still does per route, in slices: the index entries, and the trees a request is matched on.
        const { result, routeOrder } = outcome.read;
        const routes = await mapInSlices(routeOrder, ([api, route]) => indexedRoute(result.model.apis[api], result.model.apis[api].routes[route]));
        for (const api of result.model.apis) {
          const builder = new RouteTreeBuilder(api.routes);
          await untilDone((size) => builder.add(size));
        }
        return { version, result, routes };
      }
      case 'notConfig':
        return { version, routes: [] };
      case 'failed': {
        // Not a gateway config at all: remembered as nothing. A broken one: its error becomes a diagnostic.
        if (/^not a gateway config/.test(outcome.error.message)) return { version, routes: [] };
        return { version, error: new ConfigError(outcome.error.location, outcome.error.message, outcome.error.code), routes: [] };
      }
      case 'internal':
        // A reader bug must not take the editor features down with it: it is shown at line 1, and logged.
        this.onInternalError?.(outcome.stack ?? outcome.message);
        return { version, error: new ConfigError({ file, line: 1, column: 1 }, `the simulator failed to read this file (a bug; please report it): ${outcome.message}`), routes: [] };
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.reader.dispose();
    this.cache.clear();
  }
}
