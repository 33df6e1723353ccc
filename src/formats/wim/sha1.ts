/*
 * SHA-1, the digest that names every blob in a WIM (blob table entries, dentry stream hashes) and every chunk of
 * the integrity table. The hashing itself is the platform's (node:crypto on Node.js, plain JavaScript in a browser);
 * this file holds the WIM's helpers around it.
 */
import { host } from '../../platform/host';
import type { Digest } from '../../platform/types';

export const SHA1_SIZE = 20;

export class Sha1 {
  private readonly d: Digest = host().createSha1();
  update(data: Uint8Array, off = 0, len = data.length - off): this {
    this.d.update(data, off, len);
    return this;
  }
  /** The 20 bytes, in a new array or, given `out`, written at out[outOff...]. */
  digest(out?: Uint8Array, outOff = 0): Uint8Array {
    return this.d.digest(out, outOff);
  }
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Sha1().update(data).digest();
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Lower-case hex of a SHA-1 (the key of blob lookups). */
export function hashHex(h: Uint8Array, off = 0): string {
  let s = '';
  for (let i = 0; i < SHA1_SIZE; i++) s += HEX[h[off + i]];
  return s;
}

export function isZeroHash(h: Uint8Array, off = 0): boolean {
  for (let i = 0; i < SHA1_SIZE; i++) if (h[off + i] !== 0) return false;
  return true;
}

export function hashEquals(a: Uint8Array, b: Uint8Array, bOff = 0): boolean {
  for (let i = 0; i < SHA1_SIZE; i++) if (a[i] !== b[bOff + i]) return false;
  return true;
}
