export * from './lib/presets';
