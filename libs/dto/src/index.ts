// The API's and the CLI's validation: class-validator DTOs whose rules come from the field registry.
export * from './lib/field-rules';
export * from './lib/custom-model.dto';
export * from './lib/custom-gpu.dto';
export * from './lib/calculate-request.dto';
export * from './lib/history-query.dto';
export * from './lib/planning.dto';
export * from './lib/validate';
export * from './lib/serving.dto';
