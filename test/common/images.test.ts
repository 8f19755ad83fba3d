import { inheritImages, registryPrefix, resolveImages, withRegistry } from '../../src/common/_images';
import { ImagePullPolicy } from '../../src/common/image-pull-policy';
import { expectInvalid } from '../support';

describe('withRegistry: the registry host is replaced, the repository path kept', () => {
  test.each([
    ['busybox:1.36.1', 'harbor.example.com/dockerhub/library/busybox:1.36.1'],
    ['alpine:3.20.3@sha256:' + 'a'.repeat(64), 'harbor.example.com/dockerhub/library/alpine:3.20.3@sha256:' + 'a'.repeat(64)],
    ['milvusdb/milvus:0.10.0-cpu-d061620-5f3c00', 'harbor.example.com/dockerhub/milvusdb/milvus:0.10.0-cpu-d061620-5f3c00'],
    ['registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2', 'harbor.example.com/dockerhub/sig-storage/nfs-subdir-external-provisioner:v4.0.2'],
    ['registry.local:5000/milvus:0.10.6-cpu-custom', 'harbor.example.com/dockerhub/milvus:0.10.6-cpu-custom'],
    ['localhost/mysql:5.7.44', 'harbor.example.com/dockerhub/mysql:5.7.44'],
  ])('%s', (image, expected) => {
    expect(withRegistry(image, 'harbor.example.com/dockerhub')).toBe(expected);
  });
  test('no prefix: unchanged', () => {
    expect(withRegistry('busybox:1.36.1', undefined)).toBe('busybox:1.36.1');
  });
});

describe('registryPrefix', () => {
  test.each(['harbor.example.com/dockerhub', 'registry.local:5000', 'localhost:5000/mirror/hub', '10.0.0.5:5000', 'mirror.gcr.io'])('%s is accepted', p => {
    expect(registryPrefix('imageRegistry', p)).toBe(p);
  });
  // "harbor/dockerhub" would read as the Docker Hub user "harbor"; the others are not references.
  test.each(['harbor/dockerhub', 'https://harbor.example.com', 'harbor.example.com/', 'harbor.example.com/Hub', 'harbor.example.com/hub:tag', ''])('%j is rejected', p => {
    expectInvalid(() => registryPrefix('imageRegistry', p), 'imageRegistry', p === '' ? undefined : 'registry host');
  });
});

describe('resolveImages and inheritImages', () => {
  test('defaults: IfNotPresent, no secrets, the images\' own registries', () => {
    expect(resolveImages('mysql', {})).toEqual({ pullPolicy: ImagePullPolicy.IF_NOT_PRESENT, pullSecrets: undefined, registry: undefined });
  });
  test('settings are checked under the part\'s keys, all problems at once', () => {
    expect(resolveImages('mysql', { imagePullSecrets: ['db-registry', 'hub'], imageRegistry: 'registry.local:5000', imagePullPolicy: ImagePullPolicy.NEVER }))
      .toEqual({ pullPolicy: 'Never', pullSecrets: [{ name: 'db-registry' }, { name: 'hub' }], registry: 'registry.local:5000' });
    expect(resolveImages('', { imagePullSecrets: [] }).pullSecrets).toBeUndefined();
    expectInvalid(() => resolveImages('mysql', { imagePullSecrets: ['Bad_Name'] }), 'mysql.imagePullSecrets[0]');
    expectInvalid(() => resolveImages('', { imagePullSecrets: ['a', 'a'] }), 'imagePullSecrets', 'listed twice');
    expectInvalid(() => resolveImages('', { imagePullSecrets: 'a' as any }), 'imagePullSecrets', 'list of Secret names');
    expectInvalid(() => resolveImages('mysql', { imageRegistry: 'harbor' }), 'mysql.imageRegistry');
    expectInvalid(() => resolveImages('', { imagePullPolicy: 'Sometimes' as any }), 'imagePullPolicy');
    let all: any;
    try { resolveImages('', { imageRegistry: 'harbor', imagePullPolicy: 'Sometimes' as any }); } catch (e) { all = e; }
    expect(all.problems.map((p: any) => p.prop)).toEqual(['imagePullPolicy', 'imageRegistry']);
  });
  test('a part\'s own keys win, key by key; the release fills the rest', () => {
    const release = { imagePullSecrets: ['hub'], imageRegistry: 'harbor.example.com/dockerhub', imagePullPolicy: ImagePullPolicy.ALWAYS };
    expect(inheritImages(undefined, release)).toEqual(release);
    expect(inheritImages({ imagePullSecrets: [], imagePullPolicy: ImagePullPolicy.NEVER }, release))
      .toEqual({ imagePullSecrets: [], imageRegistry: 'harbor.example.com/dockerhub', imagePullPolicy: 'Never' });
  });
});
