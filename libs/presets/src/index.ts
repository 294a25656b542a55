export * from './lib/model-presets';
export * from './lib/gpu-presets';
export * from './lib/lookup';
