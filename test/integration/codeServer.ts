/*
 * A real VS Code for the tests, offline: code-server (VS Code 1.100.3 server and web
 * workbench, installed by .ci/install-code-server.sh into .tools/code-server/) on an ephemeral 127.0.0.1
 * port, and headless Debian Chromium driven by playwright-core to open its workbench. All
 * state (user data, extensions, XDG folders) lives in a temporary folder, never in $HOME.
 * Shared by the extension-host runner (runInVsCode.ts) and the workbench test (test/e2e/).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/** The repository root, from out/test/integration/ (compiled) or test/integration/. */
export const ROOT = resolve(__dirname, '..', '..', ...(__dirname.includes(`${join('out', 'test')}`) ? ['..'] : []));
export const TOOLS = resolve(process.env.TOOLS_DIR ?? join(ROOT, '.tools', 'code-server'));
export const RESULTS = join(ROOT, 'test-results');
const CODE_SERVER = join(TOOLS, 'node_modules', '.bin', 'code-server');

/** A port the kernel just handed out on 127.0.0.1, free again for code-server to take. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls `condition` until it returns a value other than undefined/false; no fixed sleeps. */
export async function waitFor<T>(what: string, condition: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((wait) => setTimeout(wait, intervalMs));
  }
}

export interface CodeServer {
  port: number;
  origin: string;
  /** `vscode-remote://` URI of a path on this machine, for the workbench's payload. */
  remote(path: string): string;
  userDataDir: string;
  /** code-server's stdout and stderr. */
  logFile: string;
  stop(): Promise<void>;
}

/** Folders for one run, all under `state` (a temporary folder the caller deletes). */
function folders(state: string): { userData: string; extensions: string; env: NodeJS.ProcessEnv } {
  return {
    userData: join(state, 'user-data'),
    extensions: join(state, 'extensions'),
    // Without these, code-server writes ~/.config/code-server and ~/.local/share/code-server.
    env: { ...process.env, XDG_CONFIG_HOME: join(state, 'config'), XDG_DATA_HOME: join(state, 'data') },
  };
}

/** Installs a .vsix into the run's extensions folder with code-server's own CLI. */
export function installExtension(state: string, vsix: string): string {
  if (!existsSync(CODE_SERVER)) throw new Error(`${CODE_SERVER} is missing: run \`bash .ci/install-code-server.sh .tools/code-server\``);
  const { userData, extensions, env } = folders(state);
  const result = spawnSync(CODE_SERVER, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${result.status}): ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** User settings read by the workbench at load (the theme, no welcome page, no tips). */
export function writeUserSettings(state: string, settings: Record<string, unknown>): void {
  const dir = join(folders(state).userData, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Starts code-server on a fresh port and waits until it answers /healthz. */
export async function startCodeServer(state: string): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER)) throw new Error(`${CODE_SERVER} is missing: run \`bash .ci/install-code-server.sh .tools/code-server\` (npm run test:vscode does)`);
  const { userData, extensions, env } = folders(state);
  const port = await freePort();
  const logFile = join(state, 'code-server.log');
  const log = openSync(logFile, 'a');
  const server = spawn(CODE_SERVER, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userData, '--extensions-dir', extensions,
  ], { env, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  const exited = new Promise<void>((done) => {
    server.on('exit', () => done());
    server.on('error', () => done());
  });
  let running = true;
  void exited.then(() => { running = false; });
  const stop = async (): Promise<void> => {
    if (!running) return;
    // The whole process group: code-server forks its server and extension hosts.
    const kill = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-server.pid!, signal);
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    const hard = setTimeout(() => kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(hard);
  };
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitFor('code-server to answer /healthz', async () => {
      if (!running) throw new Error('code-server exited early');
      return (await fetch(`${origin}/healthz`)).ok;
    }, 60_000, 200);
  } catch (error) {
    await stop();
    // The caller deletes `state`: keep the log where a person looks after a failed run.
    mkdirSync(RESULTS, { recursive: true });
    cpSync(logFile, join(RESULTS, 'code-server-start-failure.log'));
    throw new Error(`${error instanceof Error ? error.message : String(error)}; code-server's log: ${join(RESULTS, 'code-server-start-failure.log')}`);
  }
  return { port, origin, remote: (path) => `vscode-remote://127.0.0.1:${port}${path}`, userDataDir: userData, logFile, stop };
}

/** Keeps a failed run's evidence: code-server's log and the workbench's own logs. */
export function keepLogs(code: CodeServer, name: string): string {
  const target = join(RESULTS, name);
  mkdirSync(target, { recursive: true });
  cpSync(code.logFile, join(target, 'code-server.log'), { force: true });
  if (existsSync(join(code.userDataDir, 'logs'))) cpSync(join(code.userDataDir, 'logs'), join(target, 'vscode-logs'), { recursive: true, force: true });
  return target;
}

/* Only what the tests use of playwright-core (loaded from .tools/code-server/, not a project dependency). */
export interface Frame {
  url(): string;
  evaluate<T>(expression: string): Promise<T>;
}
export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  count(): Promise<number>;
  innerText(options?: { timeout: number }): Promise<string>;
  hover(options?: { timeout?: number; position?: { x: number; y: number }; force?: boolean }): Promise<void>;
  click(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'visible' | 'attached' | 'hidden'; timeout?: number }): Promise<void>;
  isVisible(): Promise<boolean>;
  boundingBox(options?: { timeout: number }): Promise<{ x: number; y: number; width: number; height: number } | null>;
  getAttribute(name: string, options?: { timeout: number }): Promise<string | null>;
}
export interface Page {
  evaluate<T>(expression: string): Promise<T>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  goto(url: string, options?: { timeout: number }): Promise<unknown>;
  locator(selector: string): Locator;
  frames(): Frame[];
  keyboard: { press(key: string): Promise<void>; type(text: string, options?: { delay: number }): Promise<void> };
  mouse: { move(x: number, y: number): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<Buffer>;
  on(event: 'console' | 'pageerror', handler: (message: { text?(): string; message?: string }) => void): void;
  close(): Promise<void>;
  waitForTimeout(ms: number): Promise<void>;
}
export interface Browser {
  newPage(options?: { viewport: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Headless Debian Chromium (CHROMIUM overrides the path). */
export async function launchChromium(): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(join(TOOLS, 'node_modules', 'playwright-core')) as {
    chromium: { launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> };
  };
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
