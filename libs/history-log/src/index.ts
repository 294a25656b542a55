export * from './lib/paths';
export * from './lib/append';
export * from './lib/reader';
export * from './lib/custom-models-store';
