// Lint rules, including the direction of dependencies: the ledger application is deterministic
// and knows nothing of HTTP, SQL read models, the UI or the command line (docs/decisions/0001).
import path from 'node:path';
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
  // web/: shared code (lib, components, i18n) flows into features, features into the app; a
  // feature never imports another feature (bulletproof-react's rule, checked on resolved paths).
  { ignores: ['web/dist/**', 'web/src/lib/api-types.ts'] },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { web: { rules: { layers: webLayers() } } },
    rules: { 'web/layers': 'error' },
  },
);

function webLayers() {
  const src = path.resolve(import.meta.dirname, 'web/src');
  const layerOf = (file) => {
    const rel = path.relative(src, file).split(path.sep);
    if (rel[0] === 'features') return { kind: 'feature', name: rel[1] };
    if (rel[0] === 'app' || rel[0] === 'main.tsx') return { kind: 'app' };
    return { kind: 'shared' };
  };
  return {
    meta: { type: 'problem', schema: [], messages: { up: '{{from}} must not import {{to}}: shared code → features → app', across: 'feature "{{from}}" must not import feature "{{to}}"; move what both need to web/src/lib or web/src/components' } },
    create(context) {
      const from = layerOf(context.filename);
      const check = (node, spec) => {
        if (typeof spec !== 'string' || !spec.startsWith('.')) return;
        const to = layerOf(path.resolve(path.dirname(context.filename), spec));
        if (from.kind === 'shared' && to.kind !== 'shared') context.report({ node, messageId: 'up', data: { from: 'shared code', to: to.kind === 'app' ? 'the app' : `feature "${to.name}"` } });
        if (from.kind === 'feature' && to.kind === 'app') context.report({ node, messageId: 'up', data: { from: `feature "${from.name}"`, to: 'the app' } });
        if (from.kind === 'feature' && to.kind === 'feature' && to.name !== from.name) context.report({ node, messageId: 'across', data: { from: from.name, to: to.name } });
      };
      return {
        ImportDeclaration: (node) => check(node, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
        ExportAllDeclaration: (node) => check(node, node.source.value),
        ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      };
    },
  };
}
