// Client-safe: the REST shapes and the request error, plain types and one class, no I/O.
export * from './lib/wire-types';
export * from './lib/request-error';
export * from './lib/serving';
