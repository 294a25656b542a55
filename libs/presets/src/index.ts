export * from './lib/model-presets';
export * from './lib/gpu-presets';
export * from './lib/lookup';
export * from './lib/runtime-profiles';
export * from './lib/measured';
export * from './lib/runtime-calibration';
