/*
 * A set of SHA-1s numbered 0, 1, 2... in insertion order, held in flat typed arrays: the hashes back to back in
 * one byte array and an open-addressing slot table of (number + 1). It replaces maps keyed by hex strings, which
 * cost ~150 bytes of heap per blob (the string, the entry and the hash's own typed array); here a blob costs
 * 20 bytes of hash and 8 of slots. SHA-1s are uniformly distributed, so their first four bytes are the hash code.
 */
import { SHA1_SIZE } from './sha1';

export class HashIndex {
  /** The hashes, number i at [i * 20, i * 20 + 20). Grows; take views only for short use. */
  hashes: Uint8Array;
  private slots: Int32Array;
  private mask: number;
  count = 0;

  constructor(expected = 16) {
    this.hashes = new Uint8Array(Math.max(1, expected) * SHA1_SIZE);
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private static code(h: Uint8Array, off: number): number {
    return (h[off] | (h[off + 1] << 8) | (h[off + 2] << 16) | (h[off + 3] << 24)) >>> 0;
  }

  private equalsAt(i: number, h: Uint8Array, off: number): boolean {
    const hs = this.hashes;
    const o = i * SHA1_SIZE;
    for (let k = 0; k < SHA1_SIZE; k++) if (hs[o + k] !== h[off + k]) return false;
    return true;
  }

  /** The number of `h` (20 bytes at `off`), or -1. */
  find(h: Uint8Array, off = 0): number {
    const slots = this.slots;
    for (let s = HashIndex.code(h, off) & this.mask; ; s = (s + 1) & this.mask) {
      const v = slots[s];
      if (v === 0) return -1;
      if (this.equalsAt(v - 1, h, off)) return v - 1;
    }
  }

  /** Adds `h` if absent; returns its number either way. */
  add(h: Uint8Array, off = 0): number {
    const found = this.find(h, off);
    if (found >= 0) return found;
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if ((this.count + 1) * SHA1_SIZE > this.hashes.length) {
      const bigger = new Uint8Array(Math.max(this.hashes.length * 2, (this.count + 1) * SHA1_SIZE));
      bigger.set(this.hashes.subarray(0, this.count * SHA1_SIZE));
      this.hashes = bigger;
    }
    const i = this.count++;
    this.hashes.set(h.subarray(off, off + SHA1_SIZE), i * SHA1_SIZE);
    this.place(i);
    return i;
  }

  /** Makes room for `n` hashes in all, so that adding that many grows nothing (a blob table's entries, known ahead). */
  reserve(n: number): void {
    let cap = this.slots.length;
    while (cap < n * 2) cap *= 2;
    if (cap > this.slots.length) this.rehash(cap);
    if (n * SHA1_SIZE > this.hashes.length) {
      const bigger = new Uint8Array(n * SHA1_SIZE);
      bigger.set(this.hashes.subarray(0, this.count * SHA1_SIZE));
      this.hashes = bigger;
    }
  }

  /** Hash number i (a view: copy it to keep it past the next add()). */
  hash(i: number): Uint8Array {
    return this.hashes.subarray(i * SHA1_SIZE, (i + 1) * SHA1_SIZE);
  }

  private place(i: number): void {
    const slots = this.slots;
    let s = HashIndex.code(this.hashes, i * SHA1_SIZE) & this.mask;
    while (slots[s] !== 0) s = (s + 1) & this.mask;
    slots[s] = i + 1;
  }

  private rehash(cap: number): void {
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < this.count; i++) this.place(i);
  }

  /** Drops the spare room of the hash array once no more adds will come. */
  trim(): void {
    if (this.hashes.length > this.count * SHA1_SIZE) this.hashes = this.hashes.slice(0, this.count * SHA1_SIZE);
  }
}

/** The 20 bytes of a lower-case or upper-case hex SHA-1 (undefined when `key` is not one). */
export function hashFromHex(key: string): Uint8Array | undefined {
  if (key.length !== SHA1_SIZE * 2) return undefined;
  const out = new Uint8Array(SHA1_SIZE);
  for (let i = 0; i < SHA1_SIZE; i++) {
    const v = parseInt(key.substr(i * 2, 2), 16);
    if (!(v >= 0 && v <= 255) || !/^[0-9a-fA-F]{2}$/.test(key.substr(i * 2, 2))) return undefined;
    out[i] = v;
  }
  return out;
}
