export * from './milvus-cluster';
export * from './milvus-cluster-chart';
export * from './cluster-config';
