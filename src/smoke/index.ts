export * from './milvus-smoke-test';
