export * from './actions';
export * from './errors';
export * from './rate-card';
export * from './default-rate-card';
export * from './text';
export * from './price-action';
export * from './parse-action';
export * from './bundles';
