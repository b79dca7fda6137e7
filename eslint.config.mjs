import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
    // The simulator is a plain Node library: the extension is a thin shell over it, never the reverse.
    files: ['simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'simulator/ must not import vscode.' }] }],
      // Determinism: the simulation owns the clock and the random generator.
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the Simulation\'s seeded Random.' },
        { object: 'Date', property: 'now', message: 'Use the Simulation clock.' }],
    },
  },
  {
    // One way: config file -> simulator/config/ -> gateway model. Config reads the model and config/aws/ (and itself),
    // never the pipeline, the engine or what runs on them. Matched on the specifier: a relative climb out of config/
    // straight into one of those folders, so `../model/gateway` is the model, not gateway/. Rules replace, not merge,
    // per file: the simulator-wide vscode ban is repeated here.
    files: ['simulator/config/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'simulator/ must not import vscode.' }],
        patterns: [{
          regex: '^(\\.\\.?/)+(simulator/)?(gateway|scenario|engine|net|trace|export|live|cli)(/|$)',
          caseSensitive: true,
          message: 'simulator/config/ imports only the model and config/ itself (config/aws/ for AWS semantics): the data flows config -> model -> gateway.',
        }],
      }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*', 'fs', 'net', 'tls', 'child_process', 'vscode'], message: 'webview/ runs in a browser sandbox.' }],
      }],
    },
  },
);
