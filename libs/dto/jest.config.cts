module.exports = {
  displayName: 'dto',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // class-transformer's @Type reads decorator metadata at load time.
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/dto',
};
