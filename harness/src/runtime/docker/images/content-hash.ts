// Image tags are hashes of everything that goes into the image, so "is it up to date?" is one lookup.
import { createHash } from 'node:crypto';

/** Length of the hex prefix used as a tag: 48 bits, plenty for a handful of images per machine. */
export const tagHashLength = 12;

/**
 * Hash of named parts. Keys are sorted and every part is length-prefixed, so neither the order of the keys
 * nor shifting bytes between neighbouring parts can produce the same hash for different inputs.
 */
export function contentHash(parts: Readonly<Record<string, string | Uint8Array>>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(parts).sort()) {
    const value = parts[key] ?? '';
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    hash.update(`${key.length}:${key}=${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, tagHashLength);
}
