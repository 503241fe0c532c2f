/** Conformance tests over the public fixtures in ../shared (run by .ci/run when ../shared exists). */
/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/conformance'],
  testTimeout: 20000,
};
