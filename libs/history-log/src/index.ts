export * from './lib/paths';
export * from './lib/append';
export * from './lib/reader';
export * from './lib/custom-models-store';
export * from './lib/history-store';
export * from './lib/json-lines-store';
