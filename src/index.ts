export * from './common';
export * from './storage';
export * from './metastore';
export * from './milvus';
export * from './proxy';
export * from './smoke';
export * from './cluster';
