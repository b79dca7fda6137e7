/**
 * The packaged extension's size (goal: under 2 MB): a production build, then vsce, as
 * `npm run package` does. Runs last in `npm run bench`: the production build replaces out/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-vsix-'));
try {
  execFileSync(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: root, stdio: 'ignore' });
  const vsix = join(directory, 'extension.vsix');
  execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--baseContentUrl', 'https://apigw-traffic-sim.invalid/', '--out', vsix], { cwd: root, stdio: 'ignore' });
  console.log(`vsix: ${(statSync(vsix).size / 1024).toFixed(0)} KB (goal < 2048 KB)`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
