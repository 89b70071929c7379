/**
 * Lint for the whole repository, run first by `npm test` with zero warnings allowed.
 *
 * Besides the usual TypeScript and React hooks rules, it enforces the layout ARCHITECTURE.md
 * describes: the folder says which process runs the code, so
 * - renderer/ and shared/ import no Node built-in (every name in builtinModules, bare and node:),
 *   no `electron`, nothing from electron/;
 * - electron/ imports nothing from renderer/, and only the Electron shell files import `electron`;
 * - no production file imports vitest, Playwright or the test helpers;
 * - no import cycles (import-x/no-cycle; type-only cycles are caught by test/import-cycles.test.ts).
 * Formatting is Prettier's job (`.prettierrc.json`); eslint-config-prettier turns off the rules
 * that would fight it.
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SOURCE = ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'];
const TESTS = [
  '**/*.test.{ts,tsx}',
  'test/**',
  'e2e/**',
  'bench/**',
  'scripts/**',
  '*.config.{ts,mjs}',
  'renderer/vite.config.ts',
];

/** The Node built-ins, as a bare name and with the `node:` scheme, as no-restricted-imports paths. */
const nodeBuiltins = [...new Set(builtinModules.flatMap((name) => [name, `node:${name.replace(/^node:/, '')}`]))].map(
  (name) => ({
    name,
    message: 'Code that runs in the window (renderer/, shared/) cannot use Node; ask the main process over a channel.',
  }),
);

const noElectron = {
  name: 'electron',
  message: 'Only the main process talks to Electron; the renderer uses window.api, shared/ stays process-free.',
};

const noTestCode = [
  { name: 'vitest', message: 'Production code never imports the test runner.' },
  { name: '@playwright/test', message: 'Production code never imports Playwright.' },
];
const testFolders = {
  group: ['**/test/**', '**/test', '**/e2e/**', '**/e2e'],
  message: 'Production code never imports test helpers (test/support, e2e/support).',
};

/** Imports with the node: scheme, including the scheme-only modules builtinModules leaves out (node:test, node:sqlite). */
const nodeScheme = { group: ['node:*'], message: nodeBuiltins[0].message };

/**
 * Folder boundaries by resolved path, which also catch `import()` and `require()` (no-restricted-imports
 * sees only static imports). Production files get the test-folder zone as well.
 */
const folderZones = [
  { target: './renderer', from: './electron', message: 'The window reaches the main process only through window.api.' },
  {
    target: './shared',
    from: ['./electron', './renderer'],
    message: 'shared/ runs in both processes and imports neither.',
  },
  { target: './electron', from: './renderer', message: 'The main process never imports the renderer.' },
];
const testZone = {
  target: ['./electron', './shared', './renderer', './cli'],
  from: ['./test', './e2e'],
  message: 'Production code never imports test helpers (test/support, e2e/support).',
};

/** One no-restricted-imports entry per zone: ESLint keeps only the last config's options for a rule, so each zone lists all it forbids. */
function restricted({ paths = [], patterns = [] }) {
  return ['error', { paths: [...paths, ...noTestCode], patterns: [testFolders, ...patterns] }];
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      'build/generated/**',
      'reports/**',
      'screenshots/**',
      'test-results/**',
      'electron/main/io/fixtures/**',
      '**/*.d.mts',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: SOURCE,
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 'latest', sourceType: 'module' },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'renderer/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Prettier wraps code at 120; this catches the comments it leaves alone. Strings, URLs and
      // regular expressions may run long rather than be split mid-text.
      'max-len': [
        'error',
        { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
      // The app checks bytes (header values, JSON text, file names): a control character in a
      // regular expression is the point there, not a typo.
      'no-control-regex': 'off',
      // An error thrown from a catch is a sentence for the user; the caught one (an errno, a path,
      // a server's text) is dropped on purpose so it cannot reach a sentence, a log or the window.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The two classic rules of hooks. The plugin's other recommended rules police patterns for the
    // React Compiler, which the app does not use.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Benches and e2e specs hand functions to page.evaluate, which run in the window.
    files: ['bench/**', 'e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Playwright fixtures that need no other fixture are written `async ({}, use) => …`.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  // Zones. Each later block replaces the rule's options for its files, so each lists all it forbids.
  {
    files: ['electron/**'],
    rules: {
      'no-restricted-imports': restricted({
        paths: [noElectron],
        patterns: [
          { group: ['**/renderer/**', '**/renderer'], message: 'The main process never imports the renderer.' },
        ],
      }),
    },
  },
  {
    // The Electron shell: the only main-process files that may import `electron` itself.
    files: [
      'electron/main/index.ts',
      'electron/main/window.ts',
      'electron/main/protocol.ts',
      'electron/main/auth-window.ts',
      'electron/main/menu.ts',
      'electron/preload/**',
    ],
    rules: {
      'no-restricted-imports': restricted({
        patterns: [
          { group: ['**/renderer/**', '**/renderer'], message: 'The main process never imports the renderer.' },
        ],
      }),
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': restricted({
        paths: [...nodeBuiltins, noElectron],
        patterns: [
          nodeScheme,
          {
            group: ['**/electron/**', '**/electron/*', '!electron'],
            message:
              'Code that runs in the window reaches the main process only through window.api (shared/contract.ts).',
          },
        ],
      }),
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': restricted({
        paths: [...nodeBuiltins, noElectron],
        patterns: [
          nodeScheme,
          {
            group: ['**/electron/**', '**/electron/*', '!electron'],
            message: 'shared/ runs in both processes: it imports nothing from electron/.',
          },
          {
            group: ['**/renderer/**', '**/renderer/*'],
            message: 'shared/ runs in both processes: it imports nothing from renderer/.',
          },
        ],
      }),
    },
  },
  {
    // The workbench command runs in plain Node: the domain code of electron/main, never Electron itself.
    files: ['cli/**'],
    rules: {
      'no-restricted-imports': restricted({
        paths: [noElectron],
        patterns: [
          { group: ['**/renderer/**', '**/renderer'], message: 'The workbench command never imports the renderer.' },
          {
            group: [
              '**/electron/main/index',
              '**/electron/main/window',
              '**/electron/main/protocol',
              '**/electron/main/auth-window',
              '**/electron/main/menu',
              '**/electron/preload/**',
            ],
            message: 'The workbench command runs in plain Node: it imports no Electron shell file.',
          },
        ],
      }),
    },
  },
  {
    files: ['renderer/**', 'shared/**'],
    ignores: ['renderer/vite.config.ts'],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    files: ['electron/**', 'shared/**', 'renderer/**', 'cli/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...folderZones, testZone] }] },
  },
  {
    // Tests, helpers, benches and scripts may import test code, Node and Electron's fake.
    files: TESTS,
    rules: {
      'no-restricted-imports': 'off',
      'import-x/no-nodejs-modules': 'off',
      'import-x/no-restricted-paths': ['error', { zones: folderZones }],
    },
  },
  {
    // Tests of renderer and shared modules run in Node under Vitest but must still not reach into electron/.
    files: ['renderer/**/*.test.{ts,tsx}', 'shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', '**/electron/*', '!electron'],
              message: 'Window code and its tests stay out of electron/.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
