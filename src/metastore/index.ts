export * from './meta-store';
