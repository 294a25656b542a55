export * from './lib/columns';
export * from './lib/errors';
export * from './lib/migrate';
export * from './lib/spool';
export * from './lib/pg-history-store';
export * from './lib/open-history-store';
export * from './lib/transfer';
