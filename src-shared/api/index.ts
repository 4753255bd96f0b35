export * from './errors';
export * from './files';
export * from './methods';
export * from './events';
export * from './client';
export type * from './views';
export * from './usage-request';
export * from './wire';
export * from './names';
