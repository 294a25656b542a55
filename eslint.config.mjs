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
          // Data flows one way: client -> api/cli -> history (node I/O) -> application -> dto ->
          // fields/contracts -> presets -> engine. The engine depends on nothing of the project; the
          // client only on what is client-safe (no Node I/O, no DTO classes, no preset resolution).
          depConstraints: [
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:units', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:fields', onlyDependOnLibsWithTags: ['type:engine'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:engine'] },
            { sourceTag: 'type:presets', onlyDependOnLibsWithTags: ['type:engine'] },
            {
              sourceTag: 'type:dto',
              onlyDependOnLibsWithTags: ['type:engine', 'type:fields', 'type:contracts', 'type:presets'],
            },
            {
              sourceTag: 'type:application',
              onlyDependOnLibsWithTags: ['type:engine', 'type:fields', 'type:contracts', 'type:presets', 'type:dto'],
            },
            {
              // history-pg (the PostgreSQL adapter) implements history-log's HistoryStore port.
              sourceTag: 'type:node-io',
              onlyDependOnLibsWithTags: ['type:engine', 'type:fields', 'type:contracts', 'type:presets', 'type:dto', 'type:application', 'type:node-io'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:engine',
                'type:fields',
                'type:contracts',
                'type:presets',
                'type:dto',
                'type:application',
                'type:node-io',
                'type:units',
              ],
            },
            {
              sourceTag: 'scope:client',
              onlyDependOnLibsWithTags: ['type:engine', 'type:fields', 'type:contracts', 'type:units'],
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
    rules: {
      // `const { gpu: _dropped, ...rest } = x` is how a field is left out of a copy: the named
      // sibling of a rest element is not an unused variable.
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true }],
    },
  },
];
