import { createHash } from 'node:crypto';

/** 12 hex digits of SHA-256: short enough to store beside every deadline, long enough never to collide in practice. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
