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
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*', 'fs', 'net', 'tls', 'child_process', 'vscode'], message: 'webview/ runs in a browser sandbox.' }],
      }],
    },
  },
);
