import { createHash } from 'crypto';

/**
 * sha256 of rendered configuration, for a `checksum/config` pod annotation: files mounted
 * with subPath and env values never see ConfigMap updates, so a changed checksum is what
 * rolls the pods.
 */
export function configChecksum(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
