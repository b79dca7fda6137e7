import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { ConfigError } from '../simulator/errors';
import { readConfigText, readSibling, type ConfigReadResult } from '../simulator/config/configFile';
import { MAX_CONFIG_BYTES } from '../simulator/config/tree';
import { indexRoutes, type IndexedRoute } from './routeIndex';

/*
 * Parsed configs, once per document version: hovers, CodeLens and diagnostics all read from
 * here, so typing never triggers more than one parse per version (and only when something
 * asks). Files that are not gateway configs are remembered as such, cheaply.
 */

export interface ParsedDocument {
  version: number;
  result?: ConfigReadResult;
  error?: ConfigError;
  routes: IndexedRoute[];
}

/** Languages whose files may be gateway configs. */
export const CONFIG_LANGUAGES = ['yaml', 'json', 'jsonc', 'terraform'];

/** A quick look before parsing: does the text mention anything a gateway config would? */
export function mightBeGatewayConfig(text: string): boolean {
  return /AWS::Serverless|AWS::ApiGateway|x-amazon-apigateway|"?openapi"?\s*:|"?swagger"?\s*:|aws_api_gateway|aws_apigatewayv2|\bhttpApi\b|\bwebsocket\b|- http\b|"apis"\s*:/.test(text.slice(0, 200_000));
}

export class DocumentModels implements vscode.Disposable {
  private readonly cache = new Map<string, ParsedDocument>();
  private readonly closed: vscode.Disposable;

  constructor(private readonly onInternalError?: (error: unknown) => void) {
    this.closed = vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString()));
  }

  /** The parsed config for a document, or undefined when it is not a gateway config at all. */
  get(document: vscode.TextDocument): ParsedDocument | undefined {
    if (!CONFIG_LANGUAGES.includes(document.languageId) && !document.fileName.endsWith('.tf')) return undefined;
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.result || cached.error ? cached : undefined;
    const text = document.getText();
    let parsed: ParsedDocument = { version: document.version, routes: [] };
    if (Buffer.byteLength(text) <= MAX_CONFIG_BYTES && mightBeGatewayConfig(text)) {
      try {
        const result = readConfigText(text, document.uri.fsPath, readSibling(dirname(document.uri.fsPath), vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath));
        parsed = { version: document.version, result, routes: indexRoutes(result, document.uri.fsPath) };
      } catch (caught) {
        // A reader bug must not take the editor features down with it: it is shown at line 1, and logged.
        const error = caught instanceof ConfigError ? caught
          : new ConfigError({ file: document.uri.fsPath, line: 1, column: 1 }, `the simulator failed to read this file (a bug; please report it): ${caught instanceof Error ? caught.message : String(caught)}`);
        if (!(caught instanceof ConfigError)) this.onInternalError?.(caught);
        // Not a gateway config at all: remembered as nothing. A broken one: its error becomes a diagnostic.
        if (!/^not a gateway config/.test(error.message)) parsed = { version: document.version, error, routes: [] };
      }
    }
    this.cache.set(key, parsed);
    return parsed.result || parsed.error ? parsed : undefined;
  }

  dispose(): void {
    this.closed.dispose();
    this.cache.clear();
  }
}
