// Lint rules double as the architecture's import boundaries (see ARCHITECTURE.md, "Layout").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronValueImport = {
  name: 'electron',
  message: "Only src-main/electron/** may import 'electron' (tests run under plain Node).",
  allowTypeImports: true,
};
const outside = (dir) => ({
  group: [`**/${dir}`, `**/${dir}/**`],
  message: `This folder must not import ${dir} (see ARCHITECTURE.md, Layout).`,
});
// Main hosts the endpoint embedded, so it may start it, but only through its public entry; the wire
// types both sides speak live in src-shared/sync.
const serverInternals = {
  group: ['**/src-server/*', '**/src-server/**'],
  message:
    "src-main may import the endpoint only through its public entry ('src-server', i.e. src-server/index.ts); wire types are in src-shared/sync (see docs/decisions.md, Boundaries).",
};

const rendererImports = (more = []) => ({
  paths: [
    { name: 'electron', message: 'The renderer talks to main only through window.creditdesk.' },
    ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node access.' })),
  ],
  patterns: [outside('src-main'), outside('src-server'), ...more],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.tsbuild/',
      'artifacts/',
      'test-results/',
      'playwright-report/',
      'test/fixtures/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronValueImport] }],
    },
  },
  {
    files: ['src-shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src-shared is pure TypeScript: no Electron.' },
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'src-shared is pure TypeScript: no Node built-ins.',
            })),
          ],
          patterns: [outside('src-main'), outside('src-server'), outside('src-renderer'), outside('test')],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rendererImports()],
    },
  },
  {
    // The renderer's shared rooms serve every feature, so they must not depend on one (docs/architecture.md).
    files: ['src-renderer/src/{stores,components,lib,api}/**'],
    rules: { 'no-restricted-imports': ['error', rendererImports([outside('features')])] },
  },
  {
    files: ['src-server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronValueImport], patterns: [outside('src-main'), outside('src-renderer')] },
      ],
    },
  },
  {
    files: ['src-main/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronValueImport], patterns: [serverInternals] }],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverInternals] }] },
  },
);
