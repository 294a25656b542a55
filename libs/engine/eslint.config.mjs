import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The engine is pure calculation: no framework, no I/O, nothing of the project but itself
    // (the module-boundary rule covers project libraries; this covers packages and Node built-ins).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'worker_threads'], message: 'The engine does no I/O.' },
            { group: ['@nestjs/*', '@angular/*', 'rxjs', 'rxjs/*', 'class-validator', 'class-transformer', 'express'], message: 'The engine imports no framework.' },
            { group: ['@llm-calc/*'], message: 'The engine imports nothing of the project but itself.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'fetch', 'window', 'document'],
    },
  },
];
