export * from './pg-cluster';
export * from './records';
