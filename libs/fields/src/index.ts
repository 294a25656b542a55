export * from './lib/field';
export * from './lib/request-fields';
export * from './lib/model-fields';
export * from './lib/planning-fields';
export * from './lib/serving-fields';
