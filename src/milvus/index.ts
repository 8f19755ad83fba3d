export * from './milvus-version';
export * from './milvus-role';
export * from './milvus-server-config';
export * from './milvus-gpu-options';
export * from './milvus-data-volume';
export * from './milvus-node';
