import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          // Data flows one way: client -> api/cli -> history-log (node I/O) -> contracts -> presets -> engine.
          // The engine depends on nothing of the project.
          depConstraints: [
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:units', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:presets', onlyDependOnLibsWithTags: ['type:engine'] },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:engine', 'type:presets'],
            },
            {
              // history-pg (the PostgreSQL adapter) implements history-log's HistoryStore port.
              sourceTag: 'type:node-io',
              onlyDependOnLibsWithTags: ['type:engine', 'type:presets', 'type:contracts', 'type:node-io'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:engine', 'type:presets', 'type:contracts', 'type:node-io', 'type:units'],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.ts',
      '**/*.tsx',
      '**/*.cts',
      '**/*.mts',
      '**/*.js',
      '**/*.jsx',
      '**/*.cjs',
      '**/*.mjs',
    ],
    // Override or add rules here
    rules: {},
  },
];
