/** Conformance tests over the public fixtures in ../shared (run by .ci/run when ../shared exists). */
/** @type {import('jest').Config} */
module.exports = {
  // Type-checking is `npm run typecheck`; tests only transpile, which keeps each suite fast.
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
  roots: ['<rootDir>/test/conformance'],
  testTimeout: 20000,
};
