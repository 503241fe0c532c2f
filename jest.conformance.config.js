/**
 * Conformance tests over the public fixtures in the fixtures checkout beside the repository
 * (../shared; run by .ci/run when it exists).
 */
/** @type {import('jest').Config} */
module.exports = {
  // Type-checking is `npm run typecheck`; tests only transpile, which keeps each suite fast.
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
  roots: ['<rootDir>/test/conformance'],
  testTimeout: 20000,
};
