export * from './storage-class-ref';
export * from './nfs-provisioner';
export * from './nfs-reclaim-policy';
export * from './nfs-on-delete';
export * from './volume-binding-mode';
