import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

/** The simulator is a plain Node library: the extension is a thin shell over it, never the reverse. */
const SIMULATOR = {
  paths: [{ name: 'vscode', message: 'simulator/ must not import vscode: only extension/ does.' }],
  patterns: [{ group: ['**/extension/*', '**/webview/*'], message: 'simulator/ must not import extension/ or webview/: they are shells over the simulator, never the reverse.' }],
};

/** The engine is below the protocols: links and the Simulation know nothing of TCP, TLS or HTTP. */
const ENGINE = { patterns: [{ group: ['**/net/*'], message: 'engine/ must not import net/: the protocols run on the engine, never the reverse.' }] };

/** The protocol codecs are below the gateway: they know nothing of API Gateway. */
const NET = { patterns: [{ group: ['**/gateway/*'], message: 'net/ must not import gateway/: the gateway uses the protocols, never the reverse.' }] };

/**
 * The webview runs in a browser sandbox (DOM and d3) and talks to the host only through
 * the messages of webview/protocol/. Node's modules are listed by exact name, not as patterns,
 * because a gitignore pattern `events` would also match `./table/events`.
 */
const WEBVIEW = {
  paths: ['vscode', ...builtinModules].map((name) => ({ name, message: 'webview/ runs in a browser sandbox: no Node modules, no vscode.' })),
  patterns: [
    { group: ['node:*'], message: 'webview/ runs in a browser sandbox: no Node modules.' },
    { group: ['**/extension/*'], message: 'webview/ must not import the host (extension/): exchange the messages of webview/protocol/.' },
    { group: ['**/simulator/config/*'], message: 'webview/ must not import simulator/config/: the host reads configs and sends what the view needs.' },
  ],
};

/**
 * One way: config file -> simulator/config/ -> gateway model. Config reads the model and
 * config/aws/ (and itself), never the pipeline, the engine or what runs on them. Matched on
 * the specifier: a relative climb out of config/ straight into one of those folders, so
 * `../model/gateway` is the model, not gateway/.
 */
const CONFIG = {
  patterns: [{
    regex: '^(\\.\\.?/)+(simulator/)?(gateway|scenario|engine|net|trace|export|live|cli)(/|$)',
    caseSensitive: true,
    message: 'simulator/config/ imports only the model and config/ itself (config/aws/ for AWS semantics): the data flows config -> model -> gateway.',
  }],
};

/**
 * The host reaches into webview/ for two things only: the messages it exchanges with the view
 * (webview/protocol/) and the drawing both sides use (webview/drawing/: the sequence layout of
 * SVG export, the hover's flow image). The views themselves run only in the page.
 */
const HOST = {
  patterns: [{
    regex: '(^|/)webview/(?!(protocol|drawing)/)',
    message: 'extension/ imports from webview/ only webview/protocol/ (the messages) and webview/drawing/ (what both sides draw).',
  }],
};

/**
 * webview/drawing/ runs on both sides, in the page and on the extension host (Node, no DOM):
 * it imports only itself and the trace's types, never d3, the views or their DOM helpers.
 */
const DRAWING = {
  paths: [{ name: 'd3', message: 'webview/drawing/ also runs on the extension host: pure layout and text, no d3.' }],
  patterns: [{
    regex: '^\\.\\./(?!\\.\\./simulator/trace/)|^@vscode-elements/',
    message: 'webview/drawing/ imports only itself and simulator/trace/: it runs on the extension host too, beside no view.',
  }],
};

/**
 * webview/protocol/ is the contract between host and view: it imports the trace's and the
 * model's types and the layer names of webview/drawing/, no other code of either side.
 */
const PROTOCOL = {
  patterns: [{
    regex: '^\\.\\./(?!drawing/|\\.\\./simulator/(trace/trace|model/))',
    message: 'webview/protocol/ imports only the trace and model types (and webview/drawing/): both sides compile it without the other\'s code.',
  }],
};

/** Models schedule through the Simulation and never touch its queue (STYLE.md, "Simulator"). */
const EVENT_QUEUE = {
  patterns: [{ group: ['**/engine/eventQueue', '**/engine/eventQueue.*'], message: 'Only simulator/engine/ uses the event queue: schedule through the Simulation.' }],
};

/** One no-restricted-imports setting from the rule sets that apply to a folder. */
function restrict(...sets) {
  return ['error', { paths: sets.flatMap((set) => set.paths ?? []), patterns: sets.flatMap((set) => set.patterns ?? []) }];
}

export default tseslint.config(
  { ignores: ['out/', 'node_modules/', 'dist/', 'test-results/', '.tools/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['*.mjs', '.ci/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-throw-literal': 'error',
    },
  },
  {
    // Determinism: the simulation owns the clock and the random generator.
    files: ['simulator/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the Simulation\'s seeded Random.' },
        { object: 'Date', property: 'now', message: 'Use the Simulation clock.' }],
    },
  },
  // The design's import rules (STYLE.md, "Layout shows the architecture" and "Boundaries"), one block per folder.
  // A later block's no-restricted-imports replaces an earlier one's for the files both match (flat config merges
  // rules by name, not their options), so each block lists every rule of its folder through `restrict`.
  // Patterns match the import specifier as written, gitignore-style: `**/gateway/*` matches `../gateway/quotas` and
  // `../../simulator/gateway/quotas` but not `../model/gateway`. They see `import` and `export ... from`, type-only
  // ones included; `require()`, `import()` and `import('...').Type` are not checked (none is used across a boundary).
  // test/simulator/engine/ may import the queue: it tests the queue itself. test/lint/importRules.test.ts breaks each
  // rule on purpose and checks that it reports.
  { files: ['**/*.ts'], ignores: ['simulator/engine/**', 'test/simulator/engine/**'], rules: { 'no-restricted-imports': restrict(EVENT_QUEUE) } },
  { files: ['simulator/**/*.ts'], ignores: ['simulator/engine/**'], rules: { 'no-restricted-imports': restrict(SIMULATOR, EVENT_QUEUE) } },
  { files: ['simulator/engine/**/*.ts'], rules: { 'no-restricted-imports': restrict(SIMULATOR, ENGINE) } },
  { files: ['simulator/config/**/*.ts'], rules: { 'no-restricted-imports': restrict(SIMULATOR, EVENT_QUEUE, CONFIG) } },
  { files: ['simulator/net/**/*.ts'], rules: { 'no-restricted-imports': restrict(SIMULATOR, NET, EVENT_QUEUE) } },
  { files: ['webview/**/*.ts'], rules: { 'no-restricted-imports': restrict(WEBVIEW, EVENT_QUEUE) } },
  { files: ['webview/drawing/**/*.ts'], rules: { 'no-restricted-imports': restrict(WEBVIEW, EVENT_QUEUE, DRAWING) } },
  { files: ['webview/protocol/**/*.ts'], rules: { 'no-restricted-imports': restrict(WEBVIEW, EVENT_QUEUE, PROTOCOL) } },
  { files: ['extension/**/*.ts'], rules: { 'no-restricted-imports': restrict(EVENT_QUEUE, HOST) } },
);
