/** Unit and integration tests: everything under test/ except the conformance suite over ../shared. */
/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/conformance/'],
  testTimeout: 20000,
};
