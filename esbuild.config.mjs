// One esbuild config, several targets. Type-checking is a separate step (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');

// Start from an empty out/: a compiled test whose source was deleted must not run again.
rmSync('out', { recursive: true, force: true });

/** Every `*.ts` file under `dir`, for the unbundled test and bench builds. */
function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The webview modules that only run in the page, left out of the Node build: the entry point, the
 * panel controller, the VS Code API, the views that draw (`<folder>/<name>View.ts`) and the DOM helpers they share.
 */
const WEBVIEW_DOM_ONLY = /webview\/(entry|controller|vscodeApi|dom|sequence\/(itemElements|rulerTimes)|\w+\/\w+View)\.ts$/;

// 'module' first: jsonc-parser's UMD entry cannot be bundled, its ESM entry can.
const common = { platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'] };

const targets = [
  // The CLI: one file, `ws` and friends bundled in, so `apigw-sim` runs without node_modules.
  { ...common, entryPoints: ['simulator/cli/main.ts'], bundle: true, outfile: 'out/cli.js', minify: production,
    banner: { js: '#!/usr/bin/env node' } },
  // The live harness's delay relay runs as a process of its own (simulator/fidelity/relayChild.ts): beside the CLI's and the extension's bundles.
  { ...common, entryPoints: ['simulator/fidelity/relayProcess.ts'], bundle: true, outfile: 'out/relayProcess.js', minify: production },
  // Tests and benchmarks: compiled file by file (not bundled) so that stack traces and
  // `node --test` file discovery map one-to-one onto the sources.
  // The pure extension and webview modules (no vscode, no DOM) are compiled too, so tests can load them in Node.
  { ...common, entryPoints: [...tsFiles('simulator'), ...tsFiles('test'), ...tsFiles('bench'), ...['extension/routeIndex.ts', 'extension/routePreview.ts', 'extension/scenarioRuns.ts', 'extension/piecewiseTransfer.ts', 'extension/configReader.ts', 'extension/configReading.ts', 'extension/slicedWork.ts'], ...tsFiles('webview').filter((path) => !WEBVIEW_DOM_ONLY.test(path))], outbase: '.', outdir: 'out' },
];

// The extension host and webview bundles join the build when their entry points exist
// (the VS Code extension issue); the host bundle keeps `vscode` external.
if (existsSync('extension/extension.ts')) {
  targets.push({ ...common, entryPoints: ['extension/extension.ts'], bundle: true, outfile: 'out/extension.js', external: ['vscode'], minify: production });
  // The worker thread that parses configs for the editor (extension/configReader.ts starts it).
  targets.push({ ...common, entryPoints: ['extension/configWorker.ts'], bundle: true, outfile: 'out/configWorker.js', minify: production });
}
if (existsSync('webview/entry.ts')) {
  // Explicit compile hints (https://v8.dev/blog/explicit-compile-hints, Chrome 136+): the page
  // calls most of the bundle the first time it shows a route, so V8 compiles its functions on the
  // thread that streams the script rather than lazily, on the main thread, during that first
  // draw (about 16 ms of CPU with every row of the render bench drawn, 2 ms with the hint).
  // Engines without the feature read a comment. It must be the file's first line.
  targets.push({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/entry.ts'], bundle: true, outfile: 'out/webview.js', minify: production,
    banner: { js: '//# allFunctionsCalledOnLoad' } });
}

await Promise.all(targets.map((options) => esbuild.build(options)));
