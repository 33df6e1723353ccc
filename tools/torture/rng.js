/*
 * A small seeded PRNG (xorshift32 + a splitmix step on seeding): every torture run is reproducible from its seed,
 * and a trial's own seed is printed with each finding so it can be re-run alone.
 */
'use strict';
class Rng {
  constructor(seed) {
    let s = (seed >>> 0) + 0x9e3779b9;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
    this.s = (s ^ (s >>> 16)) >>> 0 || 1;
  }
  u32() {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** 0 <= n < max */
  int(max) {
    return max <= 0 ? 0 : Math.floor((this.u32() / 4294967296) * max);
  }
  range(lo, hi) {
    return lo + this.int(hi - lo);
  }
  chance(p) {
    return this.u32() / 4294967296 < p;
  }
  pick(arr) {
    return arr[this.int(arr.length)];
  }
  bytes(n) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.u32();
      b[i] = v;
      if (i + 1 < n) b[i + 1] = v >>> 8;
      if (i + 2 < n) b[i + 2] = v >>> 16;
      if (i + 3 < n) b[i + 3] = v >>> 24;
    }
    return b;
  }
}
module.exports = { Rng };
