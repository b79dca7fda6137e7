/*
 * Runs test/integration/suite.ts inside a real VS Code, offline: code-server (VS Code 1.100.3)
 * on an ephemeral 127.0.0.1 port, its workbench opened in headless Chromium with a `payload`
 * URL parameter naming this extension for development and the suite as its tests (VS Code's
 * own web test mechanism). The suite's result comes back as this process's exit code.
 * Usage: npm run test:integration (installs the tools into .tools/ first).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';

interface Page {
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  goto(url: string): Promise<unknown>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
}

const ROOT = resolve(__dirname, '..', '..', '..');
const TOOLS = resolve(process.env.TOOLS_DIR ?? join(ROOT, '.tools'));

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

async function main(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(join(TOOLS, 'node_modules', 'playwright-core')) as { chromium: Chromium };
  const state = mkdtempSync(join(tmpdir(), 'apigw-sim-vscode-'));
  const port = await freePort();
  const server = spawn(join(TOOLS, 'node_modules', '.bin', 'code-server'), [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', join(state, 'user-data'), '--extensions-dir', join(state, 'extensions'),
  ], { env: { ...process.env, XDG_CONFIG_HOME: join(state, 'config'), XDG_DATA_HOME: join(state, 'data') }, stdio: 'ignore', detached: true });
  const exited = new Promise((done) => server.on('exit', done));
  const stop = (): void => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    const started = Date.now();
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() - started > 60_000) throw new Error('code-server did not start within 60 s');
      await new Promise((wait) => setTimeout(wait, 250));
    }
    const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'integration', 'suite.js'))], ['skipWelcome', 'true']];
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const result = new Promise<number>((done) => {
        void page.exposeFunction('codeAutomationLog', ((_type: string, args: unknown[]) => {
          const line = format(...args);
          // The closing "N passed, N failed" line stands alone, for CI to read.
          console.log(/^\d+ passed, \d+ failed/.test(line) ? line : `[vscode] ${line}`);
        }) as never);
        void page.exposeFunction('codeAutomationExit', ((code: number) => done(code)) as never);
      });
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ROOT)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      const timeout = new Promise<number>((done) => setTimeout(() => done(124), Number(process.env.TEST_TIMEOUT_MS ?? 180_000)));
      return await Promise.race([result, timeout]);
    } finally {
      await browser.close();
    }
  } finally {
    stop();
    await exited;
    rmSync(state, { recursive: true, force: true });
  }
}

// `node --test` runs every file under out/test as its own process: it sets NODE_TEST_CONTEXT.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  main().then((code) => {
    console.log(`[runner] the suite exited with code ${code}`);
    process.exitCode = code;
  }, (error: unknown) => {
    console.error('[runner]', error);
    process.exitCode = 3;
  });
}
