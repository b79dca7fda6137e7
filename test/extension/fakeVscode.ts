/*
 * A minimal stand-in for the `vscode` module, enough to load the bundled extension
 * (out/extension.js) in plain Node, activate it and drive its commands: for the activation
 * bench and the command tests that need no real VS Code. It implements only what the
 * extension calls, records what matters (documents read, progress, opened reports), and lets
 * a test script the user's answers (quick picks, save dialogs, a Cancel on a progress bar).
 * It is not a test itself: `node --test` loads it and finds nothing to run.
 */
import { basename, isAbsolute, relative } from 'node:path';
import Module from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

type Listener<T> = (value: T) => unknown;

class Disposable {
  constructor(private readonly callback: () => void = () => undefined) {}
  dispose(): void {
    this.callback();
  }
}

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => { this.listeners = this.listeners.filter((candidate) => candidate !== listener); });
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Uri {
  private constructor(readonly scheme: string, readonly path: string) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    return value.startsWith('file:') ? new Uri('file', fileURLToPath(value)) : new Uri(value.split(':')[0], value.slice(value.indexOf(':') + 1));
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...parts].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return this.scheme === 'file' ? pathToFileURL(this.path).href : `${this.scheme}:${this.path}`;
  }
}

class Position {
  constructor(readonly line: number, readonly character: number) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position | number, end: Position | number, endLine?: number, endCharacter?: number) {
    if (typeof start === 'number') {
      this.start = new Position(start, end as number);
      this.end = new Position(endLine ?? start, endCharacter ?? (end as number));
    } else {
      this.start = start;
      this.end = end as Position;
    }
  }
}

/** A text document whose reads are counted, so a bench can tell whether activation parsed it. */
export class FakeDocument {
  readonly uri: Uri;
  readonly fileName: string;
  version = 1;
  reads = 0;
  private readonly lines: string[];
  constructor(path: string, private readonly text: string, readonly languageId: string) {
    this.uri = path.startsWith('untitled:') ? Uri.parse(path) : Uri.file(path);
    this.fileName = path;
    this.lines = text.split('\n');
  }
  static fromFile(path: string, languageId = 'yaml'): FakeDocument {
    return new FakeDocument(path, readFileSync(path, 'utf8'), languageId);
  }
  getText(range?: Range): string {
    this.reads++;
    if (!range) return this.text;
    const lines = this.text.split('\n');
    return [...lines.slice(range.start.line, range.end.line), ...(range.end.line < lines.length ? [lines[range.end.line].slice(0, range.end.character)] : [])].join('\n');
  }
  get lineCount(): number {
    return this.lines.length;
  }
  lineAt(line: number): { text: string; range: Range } {
    const text = this.lines[line] ?? '';
    return { text, range: new Range(line, 0, line, text.length) };
  }
}

/**
 * A webview panel without a page: it records what the host posts and lets a test post what a
 * webview would. Like the real webview, it answers a `show` with `rendered`.
 */
export class FakeWebviewPanel {
  title = '';
  disposed = false;
  /**
   * When the page answers a `show` with `rendered`: a turn later, as a page draws a frame
   * later; or within the post itself, the earliest a real webview could, which a host must
   * not miss.
   */
  drawsAt: 'next turn' | 'at once' = 'next turn';
  /** Messages the host posted, in order (also after dispose, where VS Code would refuse them: tests look for those). */
  readonly posted: { type: string; [key: string]: unknown }[] = [];
  private readonly received = new EventEmitter<unknown>();
  private readonly disposing = new EventEmitter<void>();
  private readonly postedEvents = new EventEmitter<{ type: string; [key: string]: unknown }>();
  readonly onDidDispose = this.disposing.event;
  /** Fires on each message the host posts (after it is recorded). */
  readonly onPosted = this.postedEvents.event;
  readonly webview = {
    html: '',
    options: {},
    cspSource: 'fake-webview:',
    asWebviewUri: (uri: Uri): Uri => uri,
    onDidReceiveMessage: this.received.event,
    postMessage: async (message: { type: string; [key: string]: unknown }): Promise<boolean> => {
      this.posted.push(message);
      if (this.disposed) return false;
      this.postedEvents.fire(message);
      const view = message.view as { routeId: string; trace: { events: unknown[] } } | undefined;
      const draw = (): void => this.send({ type: 'rendered', routeId: view!.routeId, events: view!.trace.events.length });
      if (message.type === 'show' && view) {
        if (this.drawsAt === 'at once') draw();
        else setTimeout(draw, 0);
      }
      return true;
    },
  };

  /** A message from the webview to the host. */
  send(message: unknown): void {
    if (!this.disposed) this.received.fire(message);
  }

  reveal(): void {}

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposing.fire();
  }
}

export interface ProgressReport {
  increment?: number;
  message?: string;
}

export interface FakeVscodeScript {
  /** Answers to showQuickPick, in order: the label of the item to pick, or undefined for Escape. */
  quickPicks?: (string | undefined)[];
  /** Called on every progress report of a cancellable notification; return true to press Cancel. */
  cancelOn?: (report: ProgressReport, index: number) => boolean;
  /** The workspace state (Memento) the extension starts with. */
  workspaceState?: Record<string, unknown>;
  /** Whether createWebviewPanel gives a FakeWebviewPanel (otherwise it throws: no webviews). */
  webviews?: boolean;
  /** Whether the workspace is trusted (`workspace.isTrusted`); false is Restricted Mode. Default true. */
  trusted?: boolean;
  /** Settings by full name (`apigwSim.calibrationFile`); the others read as their defaults. */
  settings?: Record<string, unknown>;
}

/** What the fake saw, for assertions and figures. */
export interface FakeVscodeRecord {
  progress: { title: string; location: number; cancellable: boolean; reports: ProgressReport[] }[];
  opened: FakeDocument[];
  messages: string[];
  contexts: Map<string, unknown>;
  log: string[];
  panels: FakeWebviewPanel[];
  /** The settings, as the extension last updated them. */
  settings: Map<string, unknown>;
  /** Webview serializers by view type: what VS Code calls to restore a panel after a window reload. */
  serializers: Map<string, { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> | void }>;
}

export interface FakeVscode {
  api: Record<string, unknown>;
  record: FakeVscodeRecord;
  documents: FakeDocument[];
  commands: Map<string, (...args: unknown[]) => unknown>;
  context: { subscriptions: { dispose(): void }[]; extensionUri: Uri; workspaceState: { get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void> } };
  executeCommand<T>(name: string, ...args: unknown[]): Promise<T>;
  open(document: FakeDocument, active?: boolean): void;
  /** The user trusts the workspace: `isTrusted` turns true and onDidGrantWorkspaceTrust fires, as VS Code does. */
  grantTrust(): void;
}

/** Builds a fake `vscode` API over `documents`; `extensionRoot` is the extension's folder. */
export function createFakeVscode(extensionRoot: string, script: FakeVscodeScript = {}): FakeVscode {
  const record: FakeVscodeRecord = { progress: [], opened: [], messages: [], contexts: new Map(), log: [], panels: [], settings: new Map(Object.entries(script.settings ?? {})), serializers: new Map() };
  const documents: FakeDocument[] = [];
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const quickPicks = [...(script.quickPicks ?? [])];
  const state = new Map(Object.entries(script.workspaceState ?? {}));
  const events = {
    open: new EventEmitter<FakeDocument>(), change: new EventEmitter<unknown>(), close: new EventEmitter<FakeDocument>(),
    save: new EventEmitter<FakeDocument>(), configuration: new EventEmitter<unknown>(), editor: new EventEmitter<unknown>(),
    trust: new EventEmitter<void>(),
  };
  let trusted = script.trusted ?? true;
  let activeTextEditor: { document: FakeDocument } | undefined;
  let untitled = 0;
  const disposable = (): Disposable => new Disposable();
  const logger = (level: string) => (message: string): void => { record.log.push(`${level} ${message}`); };

  const api = {
    Uri, Position, Range, Disposable, EventEmitter,
    CodeLens: class { constructor(readonly range: Range, readonly command?: unknown) {} },
    Hover: class { constructor(readonly contents: unknown, readonly range?: Range) {} },
    MarkdownString: class { isTrusted = false; supportThemeIcons = false; constructor(readonly value = '') {} },
    Diagnostic: class { source?: string; code?: unknown; constructor(readonly range: Range, readonly message: string, readonly severity: number) {} },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    env: { clipboard: { writeText: async () => undefined } },
    window: {
      get activeTextEditor() { return activeTextEditor; },
      createOutputChannel: () => ({ info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug'), trace: logger('trace'), appendLine: logger('line'), show: () => undefined, dispose: () => undefined }),
      showQuickPick: async (items: { label: string }[] | Promise<{ label: string }[]>) => {
        const label = quickPicks.shift();
        return label === undefined ? undefined : (await items).find((item) => item.label === label || item.label.startsWith(label));
      },
      showSaveDialog: async () => undefined,
      showInformationMessage: async (message: string) => { record.messages.push(message); return undefined; },
      showWarningMessage: async (message: string) => { record.messages.push(message); return undefined; },
      showErrorMessage: async (message: string) => { record.messages.push(message); return undefined; },
      setStatusBarMessage: () => disposable(),
      showTextDocument: async (document: FakeDocument) => { activeTextEditor = { document }; events.editor.fire(activeTextEditor); return activeTextEditor; },
      withProgress: async <T>(options: { title: string; location: number; cancellable?: boolean }, task: (progress: { report(value: ProgressReport): void }, token: unknown) => Promise<T>): Promise<T> => {
        const entry = { title: options.title, location: options.location, cancellable: options.cancellable === true, reports: [] as ProgressReport[] };
        record.progress.push(entry);
        const cancel = new EventEmitter<void>();
        const token = { isCancellationRequested: false, onCancellationRequested: cancel.event };
        return task({
          report: (value) => {
            entry.reports.push(value);
            if (options.cancellable && script.cancelOn?.(value, entry.reports.length - 1) && !token.isCancellationRequested) {
              token.isCancellationRequested = true;
              cancel.fire();
            }
          },
        }, token);
      },
      onDidChangeActiveTextEditor: events.editor.event,
      registerWebviewPanelSerializer: (viewType: string, serializer: FakeVscodeRecord['serializers'] extends Map<string, infer S> ? S : never) => {
        record.serializers.set(viewType, serializer);
        return disposable();
      },
      createWebviewPanel: () => {
        if (!script.webviews) throw new Error('the fake vscode has no webviews');
        const panel = new FakeWebviewPanel();
        record.panels.push(panel);
        return panel;
      },
    },
    workspace: {
      get textDocuments() { return documents; },
      get isTrusted() { return trusted; },
      onDidGrantWorkspaceTrust: events.trust.event,
      getConfiguration: (section = '') => ({
        get: <T>(key: string, fallback: T): T => (record.settings.has(`${section}.${key}`) ? record.settings.get(`${section}.${key}`) as T : fallback),
        update: async (key: string, value: unknown) => { record.settings.set(`${section}.${key}`, value); },
      }),
      // The extension's folder stands in for the workspace folder.
      asRelativePath: (target: Uri | string) => relative(extensionRoot, typeof target === 'string' ? target : target.fsPath),
      getWorkspaceFolder: (target: Uri) => {
        const rest = relative(extensionRoot, target.fsPath);
        return rest.startsWith('..') || isAbsolute(rest) ? undefined : { uri: Uri.file(extensionRoot), name: basename(extensionRoot), index: 0 };
      },
      openTextDocument: async (target: Uri | { content: string; language?: string }) => {
        if (target instanceof Uri) {
          const found = documents.find((document) => document.uri.toString() === target.toString());
          if (found) return found;
          const document = FakeDocument.fromFile(target.fsPath);
          documents.push(document);
          return document;
        }
        const document = new FakeDocument(`untitled:Untitled-${++untitled}`, target.content, target.language ?? 'plaintext');
        record.opened.push(document);
        return document;
      },
      onDidOpenTextDocument: events.open.event,
      onDidChangeTextDocument: events.change.event,
      onDidCloseTextDocument: events.close.event,
      onDidSaveTextDocument: events.save.event,
      onDidChangeConfiguration: events.configuration.event,
    },
    languages: {
      registerCodeLensProvider: () => disposable(),
      registerHoverProvider: () => disposable(),
      createDiagnosticCollection: () => ({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined }),
    },
    commands: {
      registerCommand: (name: string, callback: (...args: unknown[]) => unknown) => {
        commands.set(name, callback);
        return new Disposable(() => commands.delete(name));
      },
      executeCommand: async (name: string, ...args: unknown[]) => {
        if (name === 'setContext') {
          record.contexts.set(String(args[0]), args[1]);
          return undefined;
        }
        const command = commands.get(name);
        if (!command) throw new Error(`command ${name} not found`);
        return command(...args);
      },
    },
  };
  return {
    api, record, documents, commands,
    context: {
      subscriptions: [],
      extensionUri: Uri.file(extensionRoot),
      workspaceState: { get: <T>(key: string) => state.get(key) as T | undefined, update: async (key: string, value: unknown) => { state.set(key, value); } },
    },
    executeCommand: async <T>(name: string, ...args: unknown[]) => (await api.commands.executeCommand(name, ...args)) as T,
    open(document: FakeDocument, active = false): void {
      documents.push(document);
      if (active) activeTextEditor = { document };
      events.open.fire(document);
    },
    grantTrust(): void {
      if (trusted) return;
      trusted = true;
      events.trust.fire();
    },
  };
}

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
}

/**
 * Makes `require('vscode')` return `api` from now on (the module is external to the bundle,
 * so VS Code normally provides it). Returns a function that undoes it.
 */
export function installFakeVscode(api: Record<string, unknown>): () => void {
  const internals = Module as unknown as ModuleInternals;
  const original = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
  };
  const cache = require.cache as Record<string, unknown>;
  cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api, children: [], paths: [] };
  return () => {
    internals._resolveFilename = original;
    delete cache.vscode;
  };
}
