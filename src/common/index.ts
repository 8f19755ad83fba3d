// ValidationError extends Error, which jsii cannot model: only the Errors helpers are part of the jsii API.
export * from './errors';
export * from './container-resources';
export * from './dns-egress-options';
export * from './image-options';
export * from './image-pull-policy';
export * from './pod-placement-options';
export * from './selectable-pods';
