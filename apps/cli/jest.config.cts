// Plain CommonJS ts-jest (the CLI has no Nest, so none of the api's ESM mode is needed).
// The process tests spawn dist/apps/cli/main.js: the test target dependsOn build (project.json).
module.exports = {
  displayName: 'cli',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/cli',
  // As main.ts does first: the contracts' DTOs need the Reflect metadata API at import time.
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
};
