export * from './manifests';
export * from './golden';
export * from './schema';
export * from './semantic-checks';
export * from './errors';
export * from './cli';
