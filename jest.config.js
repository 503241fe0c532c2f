/** Unit and integration tests: everything under test/ except the conformance suite over ../shared and the benchmark. */
/** @type {import('jest').Config} */
module.exports = {
  // Type-checking is `npm run typecheck`; tests only transpile, which keeps each suite fast.
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // jose 6 is ES modules only, which Jest's own module loader cannot require: transpile it to CommonJS.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
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
