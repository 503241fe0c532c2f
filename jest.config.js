/** Unit and integration tests: everything under test/ except the conformance suite over ../shared. */
/** @type {import('jest').Config} */
module.exports = {
  // Type-checking is `npm run typecheck`; tests only transpile, which keeps each suite fast.
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/conformance/'],
  testTimeout: 20000,
};
