// ESLint flat config: typescript-eslint strict type-checked rules, jest rules for tests, and the
// import boundaries of the layout (src/ is runtime code and the manifest validator: no cdk8s, no
// dev dependencies of the charts, nothing from cdk8s/ and nothing from charts/ but the platform
// limits tables of charts/limits/; only src/worker/ imports Koa; only src/labelers/vision-labeler.ts
// imports the Vision client). The generated cdk8s/imports/ is not linted.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
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

// The validator's one import from charts/ that is no limits table: synth's processing budget
// (ceil(VISION_TIMEOUT_MS / 1000) + 10), which the ack-deadline rules compare with; it belongs in the
// worker contract (src/config/).
const validatorCharts = 'deployment-config-rules$';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'cdk8s/imports/',
      '*.config.js',
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
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: devOnly, message: 'src/ is runtime code: no cdk8s or dev dependencies.' },
            {
              regex: toolsOnly,
              message: 'src/ does not import cdk8s/ or charts/ (but charts/limits/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/validator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: devOnly, message: 'src/ is runtime code: no cdk8s or dev dependencies.' },
            {
              regex: `^(?!.*charts/${validatorCharts}).*${toolsOnly}`,
              message: 'src/ does not import cdk8s/ or charts/ (but charts/limits/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/events/**/*.ts', 'src/handling/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: devOnly, message: 'src/ is runtime code: no cdk8s or dev dependencies.' },
            {
              regex: toolsOnly,
              message: 'src/ does not import cdk8s/ or charts/ (but charts/limits/).',
            },
            {
              group: ['koa', 'jose', '@google-cloud/vision', 'sharp', 'node:fs', 'fs', 'node:http'],
              message: 'The event core is pure: no Koa, jose, Vision, files or servers.',
            },
          ],
        },
      ],
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
