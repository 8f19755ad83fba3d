export * from './milvus-version';
