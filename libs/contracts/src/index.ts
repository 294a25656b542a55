export * from './lib/wire-types';
