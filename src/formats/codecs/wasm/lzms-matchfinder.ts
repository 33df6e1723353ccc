/*
 * AssemblyScript: the LZMS binary-tree match finder of ../lzms-matchfinder.ts compiled to WebAssembly (built with and
 * without 128-bit SIMD by scripts/build-wasm.js; the finder has no use for SIMD, the two builds are the same code).
 * Same hash tables, trees, window and visiting order as the TypeScript finder, so it reports exactly the same matches
 * (test/formats/codecs/wasm-kernels.test.ts); that file explains the technique, this one only what differs.
 *
 * Nothing is allocated here: the caller (../lzms-matchfinder-wasm.ts) lays out one linear memory per compressor,
 * sized once for its largest chunk, and hands the regions' addresses to setup():
 *   buf      the chunk, as the compressor filters and parses it (the compressor's own buffer is a view of it);
 *            8 bytes past the chunk are zero (the compressor writes them), which the 8-byte loads below may read
 *   child    two i32 per position of the window (the subtrees)
 *   heads    the four-byte trees' roots (1 << 20), then the three-byte (1 << 16) and two-byte (1 << 16) tables
 *   matches  lengths then offsets, MAX_MATCHES i32 each (the compressor's mLen and mOff are views of them)
 * Common prefixes are measured 8 bytes at a time (an unaligned 64-bit load, xor, count trailing zeros) and capped as
 * the byte loops of the TypeScript finder are, so the lengths are the same.
 */

const HASH4_BITS: i32 = 20;
const HASH4_SHIFT: u32 = 32 - HASH4_BITS;
const HASH3_BITS: i32 = 16;
const HASH3_SHIFT: u32 = 32 - HASH3_BITS;
const MAX_LEN2_OFFSET: i32 = 1 << 12;
const MAX_LEN3_OFFSET: i32 = 1 << 16;
const HEAD3: i32 = 1 << HASH4_BITS;
const HEAD2: i32 = HEAD3 + (1 << HASH3_BITS);
const HEADS_SIZE: i32 = HEAD2 + (1 << 16);

let bufAt: usize = 0;
let childAt: usize = 0;
let headsAt: usize = 0;
let lensAt: usize = 0;
let offsAt: usize = 0;
let cap: i32 = 0;
let mask: i32 = 0;
let window: i32 = 0;

/** The first free byte of linear memory (the regions start above it). */
export function heapBase(): usize {
  return __heap_base;
}

/** The i32 entries of the heads region, so that the caller's layout cannot drift from this file's. */
export function headsSize(): i32 {
  return HEADS_SIZE;
}

/** Records the regions (addresses in linear memory), the match list's capacity and the window (a power of two). */
export function setup(buf: usize, child: usize, heads: usize, lens: usize, offs: usize, capacity: i32, win: i32): void {
  bufAt = buf;
  childAt = child;
  headsAt = heads;
  lensAt = lens;
  offsAt = offs;
  cap = capacity;
  window = win;
  mask = win - 1;
}

/** Forgets every position (chunks are independent). */
export function reset(): void {
  memory.fill(headsAt, 0xff, <usize>HEADS_SIZE << 2);
}

@inline function head(i: i32): i32 {
  return load<i32>(headsAt + (<usize>i << 2));
}

@inline function setHead(i: i32, v: i32): void {
  store<i32>(headsAt + (<usize>i << 2), v);
}

@inline function link(i: i32): i32 {
  return load<i32>(childAt + (<usize>i << 2));
}

@inline function setLink(i: i32, v: i32): void {
  store<i32>(childAt + (<usize>i << 2), v);
}

@inline function report(k: i32, len: i32, off: i32): void {
  store<i32>(lensAt + (<usize>k << 2), len);
  store<i32>(offsAt + (<usize>k << 2), off);
}

/** The common prefix of buf[a...] and buf[b...], known to be at least len, capped at max (len < max). */
@inline function extend(a: usize, b: usize, len: i32, max: i32): i32 {
  for (;;) {
    const x = load<u64>(a + <usize>len) ^ load<u64>(b + <usize>len);
    if (x != 0) {
      len += <i32>(ctz(x) >> 3);
      break;
    }
    len += 8;
    if (len >= max) break;
  }
  return len < max ? len : max;
}

/**
 * Inserts position p of buf[0, n) and, when `want` is set, writes its matches (lengths increasing, at most `nice`
 * long) and returns how many: LzmsMatchFinder.find with the buffer and lists implicit.
 */
export function find(p: i32, n: i32, nice: i32, depth: i32, want: bool): i32 {
  const remaining = n - p;
  if (remaining < 4) return 0;
  const buf = bufAt;
  const bp = buf + <usize>p;
  const w4 = load<u32>(bp);
  const w2 = <i32>(w4 & 0xffff);
  const c2 = head(HEAD2 + w2);
  setHead(HEAD2 + w2, p);
  const w3 = w4 & 0xffffff;
  const h3 = HEAD3 + <i32>((w3 * 0x1e35a7bd) >> HASH3_SHIFT);
  const c3 = head(h3);
  setHead(h3, p);
  const h4 = <i32>((w4 * 0x9e3779b1) >> HASH4_SHIFT);
  let cur = head(h4);
  const lowestWin = p - window + 1;
  const lowest = lowestWin > 0 ? lowestWin : 0;
  let count = 0;
  let best = 1;
  const capacity = want ? cap : 0;
  if (want && c2 >= lowest && p - c2 < MAX_LEN2_OFFSET) {
    report(0, 2, p - c2);
    count = 1;
    best = 2;
  }
  if (want && c3 >= lowest && p - c3 < MAX_LEN3_OFFSET && (load<u32>(buf + <usize>c3) & 0xffffff) == w3) {
    report(count, 3, p - c3);
    count++;
    best = 3;
  }
  let d = depth;
  if (remaining <= nice) {
    // The chunk's tail: read-only descent, every length measured from the first byte.
    const maxLen = remaining;
    while (cur >= lowest && d-- > 0) {
      const bc = buf + <usize>cur;
      const len = extend(bc, bp, 0, maxLen);
      if (len > best && count < capacity) {
        best = len;
        report(count, len, p - cur);
        count++;
      }
      if (len >= maxLen) break;
      const ci = (cur & mask) << 1;
      cur = load<u8>(bc + <usize>len) < load<u8>(bp + <usize>len) ? link(ci + 1) : link(ci);
    }
    return count;
  }
  setHead(h4, p);
  let pendingLt = (p & mask) << 1;
  let pendingGt = pendingLt + 1;
  let ltLen = 0;
  let gtLen = 0;
  for (;;) {
    if (cur < lowest || d-- <= 0) {
      setLink(pendingLt, -1);
      setLink(pendingGt, -1);
      break;
    }
    const bc = buf + <usize>cur;
    const len = extend(bc, bp, ltLen < gtLen ? ltLen : gtLen, nice);
    if (len > best) {
      best = len;
      if (want) {
        if (count < capacity) {
          report(count, len, p - cur);
          count++;
        } else {
          report(count - 1, len, p - cur);
        }
      }
    }
    const ci = (cur & mask) << 1;
    if (len >= nice) {
      // p takes cur's place: it inherits cur's subtrees.
      setLink(pendingLt, link(ci));
      setLink(pendingGt, link(ci + 1));
      break;
    }
    if (load<u8>(bc + <usize>len) < load<u8>(bp + <usize>len)) {
      setLink(pendingLt, cur);
      pendingLt = ci + 1;
      cur = link(pendingLt);
      ltLen = len;
    } else {
      setLink(pendingGt, cur);
      pendingGt = ci;
      cur = link(pendingGt);
      gtLen = len;
    }
  }
  return count;
}
