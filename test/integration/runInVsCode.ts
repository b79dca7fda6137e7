/*
 * Runs the extension-host suite (index.ts) inside a real VS Code, offline: code-server (VS
 * Code 1.100.3) on an ephemeral 127.0.0.1 port, its workbench opened in headless Chromium
 * with a `payload` URL parameter naming this checkout as the development extension and the
 * suite as its tests (VS Code's own web test mechanism). The suite's result comes back as
 * this process's exit code: 0 passed, 1 failed, 124 timed out. A failed run leaves
 * code-server's logs in test-results/vscode-suite/.
 * Usage: node out/test/integration/runInVsCode.js (after the build and .ci/install-code-server.sh).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { keepLogs, launchChromium, RESULTS, ROOT, startCodeServer, writeUserSettings, type CodeServer } from './codeServer';
import { CONFIGS_ENV, prepareWorkspace } from './workspace';

async function main(): Promise<number> {
  rmSync(join(RESULTS, 'vscode-suite'), { recursive: true, force: true });
  const state = mkdtempSync(join(tmpdir(), 'apigw-sim-suite-'));
  const workspace = prepareWorkspace(state);
  // The extension host inherits code-server's environment: this is how the tests find the configs.
  process.env[CONFIGS_ENV] = workspace.configs;
  writeUserSettings(state, { 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off' });
  let code: CodeServer | undefined;
  let exitCode = 3;
  try {
    code = await startCodeServer(state);
    const payload = [
      ['extensionDevelopmentPath', code.remote(ROOT)],
      ['extensionTestsPath', code.remote(join(ROOT, 'out', 'test', 'integration', 'index.js'))],
      ['skipWelcome', 'true'],
    ];
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const result = new Promise<number>((done) => {
        void page.exposeFunction('codeAutomationLog', ((_type: string, args: unknown[]) => {
          const line = format(...args);
          console.log(/^\d+ passed, \d+ failed/.test(line) ? line : `[vscode] ${line}`);
        }) as never);
        void page.exposeFunction('codeAutomationExit', ((exit: number) => done(exit)) as never);
      });
      await page.goto(`${code.origin}/?folder=${encodeURIComponent(workspace.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<number>((done) => {
        timer = setTimeout(() => done(124), Number(process.env.TEST_TIMEOUT_MS ?? 300_000));
      });
      exitCode = await Promise.race([result, timeout]);
      clearTimeout(timer);
    } finally {
      await browser.close();
    }
    return exitCode;
  } finally {
    if (code) {
      await code.stop();
      if (exitCode !== 0) console.log(`[runner] code-server's logs: ${keepLogs(code, 'vscode-suite')}`);
    }
    rmSync(state, { recursive: true, force: true });
  }
}

// `node --test` runs every file under out/test as its own process: it sets NODE_TEST_CONTEXT.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  main().then((exitCode) => {
    console.log(`[runner] the extension-host suite exited with code ${exitCode}`);
    process.exitCode = exitCode;
  }, (error: unknown) => {
    console.error('[runner]', error);
    process.exitCode = 3;
  });
}
