export * from './exposure';
export * from './mishards-discovery';
export * from './mishards';
