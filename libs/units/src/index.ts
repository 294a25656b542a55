export * from './lib/units';
