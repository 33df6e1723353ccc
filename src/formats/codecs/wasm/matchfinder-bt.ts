/*
 * AssemblyScript: the binary-tree match finder of ../matchfinder-bt.ts compiled to WebAssembly (scripts/build-wasm.js
 * builds it twice: with 128-bit SIMD match extension, and scalar). Same trees, hash tables, match cache format and
 * visiting order as the TypeScript finder, so the cached matches are identical; that file explains the technique,
 * this one only what differs. Nothing is allocated here: the caller (../wasm-kernels.ts) lays out one linear memory
 * per finder, sized once for the largest chunk, and passes the regions' addresses:
 *   buf     the chunk, maxSize + 16 bytes (the 16 past the chunk are zeroed here: wide loads read into them)
 *   words   words[p] = bytes p..p+3, i32 per position, for a TypeScript parser (address 0: not filled)
 *   child   two i32 per position (the subtrees), heads the three hash tables (HEADS_SIZE i32)
 *   matches, start  the match cache, as the TypeScript finder fills it
 * Matches are extended straight from the chunk bytes (unaligned 8- or 16-byte loads) instead of through words.
 */

const HASH4_BITS: i32 = 16;
const HASH4_SHIFT: u32 = 32 - HASH4_BITS;
const HASH3_BITS: i32 = 15;
const TAG3_BITS: u32 = 24 - HASH3_BITS;
const POS_BITS: u32 = 21;
const HASH3_MUL: u32 = 0x3779b1;
const TAG3_MASK: u32 = (1 << TAG3_BITS) - 1;
const POS_LIMIT: i32 = 1 << POS_BITS;
const MATCH_OFFSET_SHIFT: i32 = 9;
const MATCH_LEN_MASK: i32 = (1 << MATCH_OFFSET_SHIFT) - 1;
const HEAD4: i32 = 0;
const HEAD3: i32 = HEAD4 + (1 << HASH4_BITS);
const HEAD2: i32 = HEAD3 + (2 << HASH3_BITS);
const HEADS_SIZE: i32 = HEAD2 + (1 << 16);

/** The first free byte of linear memory (the regions start above it). */
export function heapBase(): usize {
  return __heap_base;
}

/** HEADS_SIZE, so that the caller's layout cannot drift from this file's. */
export function headsSize(): i32 {
  return HEADS_SIZE;
}

/** True in the SIMD build (the loader reports which one runs). */
export function simd(): bool {
  return ASC_FEATURE_SIMD;
}

@inline function ld(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline function st(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

/**
 * The common prefix of buf[cur...] and buf[pos...] (cur < pos), known to be at least len, capped at maxLen. The bytes
 * past the chunk are zero here as they are in the TypeScript finder's words, and no result depends on them: every
 * comparison that reaches them is capped at maxLen <= n - pos.
 */
@inline function extend(buf: usize, cur: i32, pos: i32, len: i32, maxLen: i32): i32 {
  const a = buf + <usize>cur;
  const b = buf + <usize>pos;
  if (ASC_FEATURE_SIMD) {
    // Most matches end within 8 bytes: one 64-bit comparison first, then 16 bytes per step.
    const x = load<u64>(a + <usize>len) ^ load<u64>(b + <usize>len);
    if (x != 0) {
      len += <i32>(ctz(x) >> 3);
      return len < maxLen ? len : maxLen;
    }
    len += 8;
    while (len < maxLen) {
      const m = i8x16.bitmask(i8x16.eq(v128.load(a + <usize>len), v128.load(b + <usize>len)));
      if (m != 0xffff) {
        len += ctz(~m);
        break;
      }
      len += 16;
    }
  } else {
    for (;;) {
      const x = load<u64>(a + <usize>len) ^ load<u64>(b + <usize>len);
      if (x != 0) {
        len += <i32>(ctz(x) >> 3);
        break;
      }
      len += 8;
      if (len >= maxLen) break;
    }
  }
  return len < maxLen ? len : maxLen;
}

/**
 * Indexes buf[0, n) and caches the matches of every position, exactly as BinaryTreeMatchFinder.cacheMatches does
 * (same arguments, the arrays given as addresses).
 */
export function cacheMatches(buf: usize, words: usize, child: usize, heads: usize, maxOffset: i32, n: i32, maxMatch: i32, niceLen: i32, depth: i32, matches: usize, start: usize, softLimit: i32): void {
  store<u64>(buf + <usize>n, 0);
  store<u64>(buf + <usize>n + 8, 0);
  memory.fill(heads, 0xff, <usize>HEADS_SIZE << 2);
  // words only for a TypeScript parser (address 0: none reads them, as with the LZX kernel's own parser).
  if (words != 0) for (let i = 0; i <= n; i++) st(words, i, load<i32>(buf + <usize>i));

  let out = 0;
  let skipTo = 0;
  let skipLen = 0;
  // The hash-table entries of each position are loaded right after the previous position has been inserted (so they
  // see it) and before its tree descent; position 0's here.
  let w = load<u32>(buf);
  let h2 = HEAD2 + <i32>(w & 0xffff);
  let k3 = (w * HASH3_MUL) & 0xffffff;
  let h3 = HEAD3 + (<i32>(k3 >> TAG3_BITS) << 1);
  let tag3 = <i32>((k3 & TAG3_MASK) << POS_BITS);
  let h4 = HEAD4 + <i32>((w * 0x9e3779b1) >> HASH4_SHIFT);
  let c2 = ld(heads, h2);
  let c3 = ld(heads, h3);
  let c3b = ld(heads, h3 + 1);
  let c4 = ld(heads, h4);

  for (let pos = 0; ; pos++) {
    st(start, pos, out);
    if (pos == n) break;
    let maxLen = n - pos;
    if (maxLen < 3) continue;
    if (maxLen > maxMatch) maxLen = maxMatch;
    const skipping = pos < skipTo;
    if (skipping && maxLen > niceLen) maxLen = niceLen;
    const nice = niceLen < maxLen ? niceLen : maxLen;
    const lowest = pos > maxOffset ? pos - maxOffset : 0;
    const treeToo = !skipping || skipLen < maxMatch;
    st(heads, h2, pos);
    st(heads, h3 + 1, c3);
    st(heads, h3, pos | tag3);
    if (treeToo) st(heads, h4, pos);
    const p2 = c2;
    const p3 = c3 ^ tag3;
    const p3b = c3b ^ tag3;
    let cur = c4;

    w = load<u32>(buf + <usize>pos + 1);
    h2 = HEAD2 + <i32>(w & 0xffff);
    k3 = (w * HASH3_MUL) & 0xffffff;
    h3 = HEAD3 + (<i32>(k3 >> TAG3_BITS) << 1);
    tag3 = <i32>((k3 & TAG3_MASK) << POS_BITS);
    h4 = HEAD4 + <i32>((w * 0x9e3779b1) >> HASH4_SHIFT);
    c2 = ld(heads, h2);
    c3 = ld(heads, h3);
    c3b = ld(heads, h3 + 1);
    c4 = ld(heads, h4);

    let o = out;
    let bestLen = 1;
    if (!skipping) {
      if (p2 >= lowest) {
        st(matches, o++, 2 | ((pos - p2) << MATCH_OFFSET_SHIFT));
        bestLen = 2;
      }
      if (p3 >= lowest && p3 < POS_LIMIT) {
        st(matches, o++, 3 | ((pos - p3) << MATCH_OFFSET_SHIFT));
        bestLen = 3;
      } else if (p3b >= lowest && p3b < POS_LIMIT) {
        st(matches, o++, 3 | ((pos - p3b) << MATCH_OFFSET_SHIFT));
        bestLen = 3;
      }
    } else if (!treeToo) {
      continue;
    }

    let pendingLt = 2 * pos;
    let pendingGt = pendingLt + 1;
    let ltLen = 0;
    let gtLen = 0;
    let d = depth;
    for (;;) {
      if (cur < lowest || d-- <= 0) {
        st(child, pendingLt, -1);
        st(child, pendingGt, -1);
        break;
      }
      const len = extend(buf, cur, pos, ltLen < gtLen ? ltLen : gtLen, maxLen);
      if (len >= nice) {
        if (len > bestLen) {
          bestLen = len;
          st(matches, o++, len | ((pos - cur) << MATCH_OFFSET_SHIFT));
        }
        st(child, pendingLt, ld(child, 2 * cur));
        st(child, pendingGt, ld(child, 2 * cur + 1));
        break;
      }
      if (len > bestLen) {
        bestLen = len;
        st(matches, o++, len | ((pos - cur) << MATCH_OFFSET_SHIFT));
      }
      // len < nice <= maxLen: the bytes at len differ and order the two suffixes.
      if (load<u8>(buf + <usize>cur + <usize>len) < load<u8>(buf + <usize>pos + <usize>len)) {
        st(child, pendingLt, cur);
        pendingLt = 2 * cur + 1;
        cur = ld(child, pendingLt);
        ltLen = len;
      } else {
        st(child, pendingGt, cur);
        pendingGt = 2 * cur;
        cur = ld(child, pendingGt);
        gtLen = len;
      }
    }

    if (skipping) continue;
    if (out > softLimit && o > out + 1) {
      st(matches, out, ld(matches, o - 1));
      o = out + 1;
    }
    if (o > out && (ld(matches, o - 1) & MATCH_LEN_MASK) >= niceLen) {
      skipLen = ld(matches, o - 1) & MATCH_LEN_MASK;
      skipTo = pos + skipLen;
    }
    out = o;
  }
}
