export * from './random';
export * from './workload';
export * from './step-cost';
export * from './profile-step-cost';
export * from './scheduler';
export * from './metrics';
export * from './deployment';
export * from './recommend';
