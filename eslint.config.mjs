// @ts-check
// The house rules, kept by the linter: TypeScript's and React hooks' recommended rules, and the
// layers of ../shared/design.md — lib/ is pure (no Node, no network, no clocks read implicitly,
// no server or UI code), components/ do no I/O outside their data layer (components/data/),
// server/ never reaches into the UI, and the flight recorder and the watch caches do not import
// each other (startup connects them).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'tls',
  'stream',
  'zlib',
  'util',
  'url',
  'undici',
  'server-only',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'test-results/**',
      'playwright-report/**',
      '.local-cluster*/**',
      'next-env.d.ts',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      // TypeScript checks names; the few .js/.mjs files run under Node
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './lib',
              from: ['./server', './components', './app', './cli', './local-cluster'],
              message: 'lib/ is pure and shared by browser and server',
            },
            {
              target: './components',
              from: ['./server', './app'],
              message: 'components render; data comes through components/data and the contract in lib/api',
            },
            { target: './server', from: ['./components', './app'], message: 'server/ does not depend on the UI' },
            {
              target: './server/watch',
              from: './server/recorder',
              message: 'the watch caches know nothing of the flight recorder (server/startup.ts plugs it in)',
            },
            {
              target: './server/recorder',
              from: './server/watch',
              message: 'the flight recorder gets what it needs from the watch caches at startup',
            },
            {
              target: ['./app', './components', './lib', './server', './cli'],
              from: './local-cluster',
              message: 'the simulation stays inside local-cluster/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'lib/ runs in the browser too: no Node modules' })),
          patterns: [{ regex: '^node:', message: 'lib/ runs in the browser too: no Node modules' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'lib/ does no I/O' },
        { name: 'EventSource', message: 'lib/ does no I/O' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'lib/ takes the time as a parameter (now)',
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'app/**/*.tsx'],
    ignores: ['components/data/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'components do no I/O: use a hook from components/data' },
        { name: 'EventSource', message: 'components do no I/O: use a hook from components/data' },
        { name: 'WebSocket', message: 'components do no I/O: use a hook from components/data' },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
