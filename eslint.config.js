// Lint rules, including the direction of dependencies: the ledger application is deterministic
// and knows nothing of HTTP, SQL read models, the UI or the command line (docs/decisions/0001).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outsideLedger = ['**/api/**', '**/indexer/**', '**/web/**', '**/cli/**', '**/bench/**', '**/test/**'];
const nondeterministicOrIO = ['fastify', 'pg', 'react', 'node:http', 'http', 'node:https', 'https', 'node:child_process', 'child_process'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.localnet/**', '.tmp/**', 'ledger/abci/gen/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', performance: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['ledger/**/*.ts'],
    ignores: ['ledger/**/*.test.ts', 'ledger/**/testdata/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: outsideLedger, message: 'ledger/ must not import from api/, indexer/, web/, cli/, bench/ or test/' }], paths: nondeterministicOrIO.map((name) => ({ name, message: 'ledger/ does no network or process I/O' })) }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'ledger/ does no network I/O' }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'use the block time from the header, never the wall clock' },
        { object: 'Math', property: 'random', message: 'the ledger must be deterministic' },
      ],
    },
  },
);
