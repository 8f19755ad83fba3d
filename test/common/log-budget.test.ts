import { k8s } from 'cdk8s-plus-28';
import { checkPodDisk, logBudget, LogBudgetInput } from '../../src/common/_log-budget';
import { expectInvalid } from '../support';

const MIB = 2 ** 20;
const GIB = 2 ** 30;
const PROPS = { keptRotations: 'logs.rotate', maxFileSize: 'logs.size', ephemeralLimit: 'resources.ephemeral' };

function budget(over: Partial<LogBudgetInput> = {}) {
  return logBudget({
    rotation: { streams: 5, keptRotations: 1, maxFileBytes: 512 * MIB },
    emptyVolumeBytes: 64 * MIB,
    otherVolumesBytes: GIB,
    containerLogBytes: 50 * MIB,
    ephemeralLimitBytes: 8 * GIB,
    props: PROPS,
    ...over,
  });
}

describe('rotation <= log volume <= ephemeral-storage limit', () => {
  test('the volume holds every stream\'s current and kept files, plus 1 MiB per stream for the write that crosses the size', () => {
    expect(budget()).toEqual({ volumeBytes: (5 * 2 * 512 + 5) * MIB, sizeLimit: '5125Mi', rotationBytes: 5 * 2 * 512 * MIB });
  });
  test('the volume is rounded up to whole MiB', () => {
    expect(budget({ rotation: { streams: 1, keptRotations: 1, maxFileBytes: 1.5 * MIB } }).sizeLimit).toBe('4Mi');
  });
  test('no files: the fixed small volume', () => {
    expect(budget({ rotation: undefined })).toEqual({ volumeBytes: 64 * MIB, sizeLimit: '64Mi', rotationBytes: 0 });
  });
  test('keeping every rotated file is unbounded and rejected', () => {
    expectInvalid(() => budget({ rotation: { streams: 5, keptRotations: 0, maxFileBytes: 512 * MIB } }), 'logs.rotate', 'at least 1');
  });
  test('volume + other volumes beyond the ephemeral limit is rejected with the sizes and the keys to change', () => {
    expect(() => budget({ ephemeralLimitBytes: 5125 * MIB + GIB + 50 * MIB })).not.toThrow();
    expectInvalid(() => budget({ ephemeralLimitBytes: 5125 * MIB + GIB + 50 * MIB - 1 }), 'resources.ephemeral',
      '5 log files x 2 (current + 1 rotated) x 512Mi: 5125Mi), the container\'s other volumes (1024Mi) and its own output as the kubelet keeps it (50Mi): '
      + 'at least 6199Mi; raise it, or keep fewer or smaller log files (logs.rotate, logs.size)');
    expectInvalid(() => budget({ rotation: undefined, ephemeralLimitBytes: GIB }), 'resources.ephemeral', 'at least 1138Mi; raise it');
  });
  test('a fixed volume must hold the rotation, and fit the limit itself', () => {
    const fixed = {
      rotation: { streams: 5, keptRotations: 3, maxFileBytes: 32 * MIB },
      volumeBytes: GIB,
      otherVolumesBytes: 0,
      containerLogBytes: 0,
      ephemeralLimitBytes: 2 * GIB,
    };
    expect(budget(fixed)).toEqual({ volumeBytes: GIB, sizeLimit: '1024Mi', rotationBytes: 640 * MIB });
    expectInvalid(() => budget({ ...fixed, rotation: { streams: 5, keptRotations: 7, maxFileBytes: 32 * MIB } }), 'logs.rotate', 'need 1285Mi but the log volume holds 1024Mi');
    expectInvalid(() => budget({ ...fixed, ephemeralLimitBytes: GIB - MIB }), 'resources.ephemeral', 'at least 1024Mi');
  });
});

describe('the pod-level rule: disk-backed emptyDirs and every container\'s kept output fit the sum of the limits', () => {
  const q = (v: string) => k8s.Quantity.fromString(v);
  const container = (limit: string): k8s.Container => ({ name: 'c', resources: { limits: { 'ephemeral-storage': q(limit) } } });
  const volumes: k8s.Volume[] = [
    { name: 'tmp', emptyDir: { sizeLimit: q('16Mi') } },
    { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: q('1Gi') } }, // memory, not disk
  ];
  test('16Mi of /tmp + 50Mi of output fit 66Mi; memory-backed volumes do not count', () => {
    expect(() => checkPodDisk('resources.ephemeralStorageLimit', volumes, [container('66Mi')])).not.toThrow();
    expect(() => checkPodDisk('resources.ephemeralStorageLimit', volumes, [container('40Mi'), container('100Mi')])).not.toThrow();
  });
  test('below it: the limit key, the volumes and the figure needed', () => {
    expectInvalid(() => checkPodDisk('resources.ephemeralStorageLimit', volumes, [container('65Mi')]), 'resources.ephemeralStorageLimit',
      'must hold its volumes (tmp 16Mi) and what the kubelet keeps of its containers\' output (1 x 50Mi): at least 66Mi');
  });
});
