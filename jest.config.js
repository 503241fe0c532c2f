/**
 * Unit and integration tests: everything under test/ except the conformance suite over the fixtures
 * checkout beside the repository (../shared) and the benchmark.
 */

// Dependencies that ship ES modules only, which Jest's module loader cannot require (without
// --experimental-vm-modules): jose 6, @kubernetes/client-node 2 and the modules it imports.
const ESM_ONLY = [
  'jose',
  '@kubernetes/client-node',
  'openid-client',
  'oauth4webapi',
  'socks-proxy-agent',
  'agent-base',
];

/** @type {import('jest').Config} */
module.exports = {
  // Type-checking is `npm run typecheck`; tests only transpile, which keeps each suite fast.
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // The ES-module-only dependencies, transpiled to CommonJS.
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: '<rootDir>/jest.esm-transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // test/bench/ is `npm run bench`, not a test suite.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/conformance/',
    '<rootDir>/test/bench/',
  ],
  testTimeout: 20000,
};
