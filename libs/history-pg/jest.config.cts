module.exports = {
  displayName: 'history-pg',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // The sample records are real calculations (contracts' DTOs read decorator metadata).
  setupFiles: ['reflect-metadata'],
  // Each test file starts its own PostgreSQL cluster (a few seconds on a shared machine).
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/history-pg',
};
