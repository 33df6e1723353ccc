/*
 * SHA-1 (FIPS 180-4) in plain JavaScript, for hosts without node:crypto: WebCrypto's digest is asynchronous, and the
 * WIM core hashes synchronously as it streams. Whole 64-byte blocks are hashed straight from the caller's bytes;
 * only a block that straddles two updates is copied. One message schedule array per digest, nothing per block.
 */
import type { Digest } from '../types';

export class JsSha1 implements Digest {
  private h0 = 0x67452301;
  private h1 = 0xefcdab89;
  private h2 = 0x98badcfe;
  private h3 = 0x10325476;
  private h4 = 0xc3d2e1f0;
  private readonly w = new Int32Array(80);
  private readonly block = new Uint8Array(64);
  private blockLen = 0;
  /** Bytes hashed so far (exact up to 2^53). */
  private total = 0;

  update(data: Uint8Array, off: number, len: number): void {
    this.total += len;
    let p = off;
    const end = off + len;
    if (this.blockLen > 0) {
      const n = Math.min(64 - this.blockLen, len);
      this.block.set(data.subarray(p, p + n), this.blockLen);
      this.blockLen += n;
      p += n;
      if (this.blockLen < 64) return;
      this.compress(this.block, 0);
      this.blockLen = 0;
    }
    for (; p + 64 <= end; p += 64) this.compress(data, p);
    if (p < end) {
      this.block.set(data.subarray(p, end), 0);
      this.blockLen = end - p;
    }
  }

  digest(out?: Uint8Array, outOff = 0): Uint8Array {
    const bits = this.total * 8;
    const tail = new Uint8Array(this.blockLen < 56 ? 64 : 128);
    tail.set(this.block.subarray(0, this.blockLen));
    tail[this.blockLen] = 0x80;
    const v = new DataView(tail.buffer);
    v.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
    v.setUint32(tail.length - 4, bits >>> 0);
    for (let p = 0; p < tail.length; p += 64) this.compress(tail, p);
    const r = out ?? new Uint8Array(20);
    const o = out ? outOff : 0;
    const hs = [this.h0, this.h1, this.h2, this.h3, this.h4];
    for (let i = 0; i < 5; i++) {
      r[o + i * 4] = hs[i] >>> 24;
      r[o + i * 4 + 1] = hs[i] >>> 16;
      r[o + i * 4 + 2] = hs[i] >>> 8;
      r[o + i * 4 + 3] = hs[i];
    }
    return r;
  }

  private compress(b: Uint8Array, p: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++, p += 4) w[i] = (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = this.h0;
    let bb = this.h1;
    let c = this.h2;
    let d = this.h3;
    let e = this.h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (bb & c) | (~bb & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = bb ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (bb & c) | (bb & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = bb ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = (bb << 30) | (bb >>> 2);
      bb = a;
      a = t;
    }
    this.h0 = (this.h0 + a) | 0;
    this.h1 = (this.h1 + bb) | 0;
    this.h2 = (this.h2 + c) | 0;
    this.h3 = (this.h3 + d) | 0;
    this.h4 = (this.h4 + e) | 0;
  }
}
