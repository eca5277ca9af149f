import { createHash } from 'node:crypto';

/** A short stable hash; the same parts always give the same fingerprint. */
export function fingerprintOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}
