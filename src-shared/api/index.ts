export * from './errors';
export * from './files';
export * from './methods';
export * from './events';
export * from './client';
export type * from './views';
