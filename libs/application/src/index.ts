// The use cases shared by the API and the CLI: request resolution, calculate, catalogues, planning, HF import.
export * from './lib/resolve';
export * from './lib/runtime-choice';
export * from './lib/calculate';
export * from './lib/catalogue';
export * from './lib/planning';
export * from './lib/hf-config';
export * from './lib/serving';
