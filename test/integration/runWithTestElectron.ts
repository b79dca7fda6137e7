/*
 * The usual way to run the extension-host suite, for anyone whose machine can download VS
 * Code: @vscode/test-electron fetches a VS Code build (into .vscode-test/), starts it with
 * this checkout as the development extension and index.ts as the tests, and exits with the
 * result. Not run in CI (no downloads there): CI runs the same suite in code-server through
 * runInVsCode.ts. Usage: npm run build && node out/test/integration/runWithTestElectron.js
 * (VSCODE_VERSION picks the build, default 'stable').
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './codeServer';
import { CONFIGS_ENV, prepareWorkspace } from './workspace';

async function main(): Promise<void> {
  const state = mkdtempSync(join(tmpdir(), 'apigw-sim-electron-'));
  try {
    const workspace = prepareWorkspace(state);
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'integration', 'index.js'),
      extensionTestsEnv: { [CONFIGS_ENV]: workspace.configs },
      launchArgs: [workspace.folder, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(state, 'user-data'), '--extensions-dir', join(state, 'extensions')],
    });
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

// `node --test` runs every file under out/test as its own process: it sets NODE_TEST_CONTEXT.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  main().catch((error: unknown) => {
    console.error('[runner]', error);
    process.exitCode = 1;
  });
}
