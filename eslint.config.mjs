// ESLint flat config: typescript-eslint strict type-checked rules, jest rules for tests, no import
// cycles, and the import boundaries of the layout (src/ is runtime code, the manifest validator and
// the CLIs: no cdk8s, no dev dependencies, nothing from cdk8s/ and nothing from charts/ but the
// platform limits tables of charts/limits/; only src/worker/ imports Koa; only
// src/labelers/vision-client.ts loads the Vision client; only src/source/pubsub-client.ts loads the
// Pub/Sub client; the event core is pure). The generated
// cdk8s/imports/ is not linted.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const devOnly = [
  'cdk8s',
  'cdk8s-*',
  'constructs',
  'supertest',
  'fast-check',
  'jest',
  '@jest/*',
  'autocannon',
];

// The manifest tooling (charts/, cdk8s/) imports from src/, never the other way round; src/ reads
// only the platform limits tables of charts/limits/, which import nothing.
const toolsOnly = '(^|/)(cdk8s(/|$)|charts($|/(?!limits(/|$))))';

/** The event core: decoding and handling, free of frameworks, clients, files and `process`. */
const EVENT_CORE = ['src/events/**/*.ts', 'src/handling/**/*.ts'];

const KOA = { group: ['koa', 'koa/*'], message: 'Only src/worker/ imports Koa.' };

// Types may be imported anywhere (vision-labeler.ts reads the response types); the client itself
// is loaded in one place, on first use.
const VISION = {
  group: ['@google-cloud/vision', '@google-cloud/vision/*', 'google-gax', 'google-gax/*'],
  allowTypeImports: true,
  message: 'Only src/labelers/vision-client.ts loads the Vision client (and google-gax).',
};

// The Pub/Sub client is loaded by the source's adapter and, with RESULTS_MODE=pubsub only, by the
// worker's result publisher (which the worker imports on demand, so that no other mode loads it).
const PUBSUB = {
  group: ['@google-cloud/pubsub', '@google-cloud/pubsub/*'],
  allowTypeImports: true,
  message:
    'Only src/source/pubsub-client.ts loads the Pub/Sub client (src/results/pubsub-publisher.ts uses it through that module).',
};

const PURE = {
  group: ['jose', 'sharp', 'node:fs', 'fs', 'node:fs/*', 'fs/*', 'node:http', 'http'],
  message: 'The event core is pure: no Koa, jose, Vision, files or servers.',
};

/**
 * `no-restricted-imports` for src/: the boundaries every runtime file keeps, plus `extra`. A later
 * config object replaces a rule's options instead of merging them, so each file group gets the
 * whole list.
 */
function restrictImports(...extra) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: devOnly, message: 'src/ is runtime code: no cdk8s or dev dependencies.' },
          {
            regex: toolsOnly,
            message:
              'src/ does not import cdk8s/ or charts/ (but the limits tables of charts/limits/).',
          },
          ...extra,
        ],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'cdk8s/imports/',
      '*.config.js',
      'jest.esm-transform.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // A cycle of imports makes load order matter and hides which module owns a concept.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/worker/**',
      'src/labelers/vision-client.ts',
      'src/source/pubsub-client.ts',
      ...EVENT_CORE,
    ],
    rules: restrictImports(KOA, VISION, PUBSUB),
  },
  { files: ['src/worker/**/*.ts'], rules: restrictImports(VISION, PUBSUB) },
  { files: ['src/labelers/vision-client.ts'], rules: restrictImports(KOA, PUBSUB) },
  { files: ['src/source/pubsub-client.ts'], rules: restrictImports(KOA, VISION) },
  {
    files: EVENT_CORE,
    rules: {
      ...restrictImports(KOA, VISION, PUBSUB, PURE),
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The event core does not touch process.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-conditional-expect': 'error',
      'jest/no-identical-title': 'error',
      'jest/valid-expect': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Jest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // Support modules are imported by test files; one may declare a suite shared by two of them.
    files: ['test/support/**/*.ts'],
    rules: { 'jest/no-export': 'off' },
  },
  prettier,
);
