/*
 * SHA-1 (and Get-FileHash's other digests) on Node.js: node:crypto's (OpenSSL's, with the CPU's SHA instructions where it has them) behind the
 * platform's Digest. node:crypto is loaded on the first digest, not at start: a wimsh run that reads no WIM
 * never needs it.
 */
import type { Digest, DigestAlgorithm } from '../types';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

class NodeDigest implements Digest {
  private readonly h: import('node:crypto').Hash;

  constructor(algorithm: string) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    this.h = (crypto ??= require('node:crypto') as Crypto).createHash(algorithm);
  }

  update(data: Uint8Array, off: number, len: number): void {
    // Hash.update takes no offset: a view is needed for part of a buffer (not for the usual whole one).
    this.h.update(off === 0 && len === data.length ? data : data.subarray(off, off + len));
  }

  digest(out?: Uint8Array, outOff = 0): Uint8Array {
    const d = this.h.digest();
    if (!out) return new Uint8Array(d); // a plain Uint8Array of its own, not a view of Buffer's shared pool
    out.set(d, outOff);
    return out;
  }
}

export function createNodeSha1(): Digest {
  return new NodeDigest('sha1');
}

/** node:crypto's name of each algorithm. */
const NODE_NAMES: Record<DigestAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512', MD5: 'md5' };

export function createNodeDigest(algorithm: DigestAlgorithm): Digest {
  return new NodeDigest(NODE_NAMES[algorithm]);
}
