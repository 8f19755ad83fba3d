export * from './meta-store';
export * from './mysql-credentials';
export * from './mysql';
export * from './external-mysql';
