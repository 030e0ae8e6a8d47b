/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `npm run typecheck`'s job; transpiling only keeps the suite fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/setupNetwork.ts'],
  // The Flows page's editor is a bundle built from node_modules (scripts/setup/editor.js).
  globalSetup: '<rootDir>/test/support/buildEditor.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
