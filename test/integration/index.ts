/*
 * The extension-host suite's entry point, in the standard shape: VS Code loads this module
 * as `extensionTestsPath` and calls `run()`; a rejection fails the run. It creates Mocha,
 * adds every `*.test.js` beside it and runs them. Launchers: runInVsCode.ts (offline, in
 * code-server) and runWithTestElectron.ts (the usual @vscode/test-electron download).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // APIGW_TEST_GREP (passed through code-server's environment) runs only the matching tests, while working on them.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec', ...(process.env.APIGW_TEST_GREP ? { grep: process.env.APIGW_TEST_GREP } : {}) });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      // The closing line stands alone, for CI to read.
      console.log(`${passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      // A suite that registered nothing (a broken guard, a missing file) must not pass silently.
      else if (passed === 0) reject(new Error('no extension-host test ran'));
      else resolve();
    });
  });
}
