import { ValidationError } from '../common/validation-error';

const MB = 2 ** 20;
const GB = 2 ** 30;
const SIZE = /^([1-9][0-9]{0,6})(MB|GB)$/;

/** A Milvus size (`256MB`, `4GB`) in bytes; Milvus reads these units as powers of 1024. */
export function milvusSize(prop: string, value: unknown, min?: number, max?: number): number {
  const range = min !== undefined && max !== undefined ? ` from ${min / MB}MB to ${max / MB}MB` : '';
  const allowed = `must be a Milvus size: a positive whole number followed by MB or GB, e.g. "256MB" or "4GB"${range}`;
  if (typeof value !== 'string') { throw new ValidationError(prop, value, allowed); }
  const m = SIZE.exec(value);
  if (!m) { throw new ValidationError(prop, value, allowed); }
  const bytes = Number(m[1]) * (m[2] === 'GB' ? GB : MB);
  if ((min !== undefined && bytes < min) || (max !== undefined && bytes > max)) {
    throw new ValidationError(prop, value, allowed);
  }
  return bytes;
}
