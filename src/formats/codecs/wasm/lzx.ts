/*
 * AssemblyScript: the LZX compressor's kernels in one module, so that they share one linear memory: the binary-tree
 * match finder (matchfinder-bt.ts, re-exported) and the minimum-cost path search of ../lzx-compress.ts
 * (findMinCostPath there, which explains the parse; this is the same search, step for step, so the path and the
 * compressed bytes are identical). The compressor lays the memory out once (../lzx-compress.ts, wasmLayout) and
 * hands the regions' addresses to setup(); its cost tables are views of those regions, so it fills them in place
 * and reads the chosen items back in place.
 */

export { cacheMatches, heapBase, headsSize, simd } from './matchfinder-bt';

const MIN_MATCH: i32 = 2;
const MAX_MATCH: i32 = 257;
const MATCH_ROW: i32 = MAX_MATCH + 1;
const INFINITE_COST: i32 = 0x7fffffff;
const ITEM_CODE_SHIFT: i32 = 9;
const ITEM_LEN_MASK: i32 = (1 << ITEM_CODE_SHIFT) - 1;
const GAP_FLAG: i32 = 1 << 31;
const REP_CODE_BASE: i32 = 1;
const EXPLICIT_CODE_BASE: i32 = 3;
const MATCH_OFFSET_SHIFT: i32 = 9;
const MATCH_LEN_MASK: i32 = (1 << MATCH_OFFSET_SHIFT) - 1;

// The regions (see setup).
let buf: usize = 0;
let words: usize = 0;
let cache: usize = 0;
let cacheStart: usize = 0;
let pathCost: usize = 0;
let pathItem: usize = 0;
let pathRep: usize = 0;
let pathGap: usize = 0;
let mainCost: usize = 0;
let matchCost: usize = 0;
let alignedAdjust: usize = 0;
let slotOf: usize = 0;
let footerBits: usize = 0;
let itemLen: usize = 0;
let itemCode: usize = 0;

/** Where the compressor put each array: i32 arrays but slotOf, footerBits (u8) and itemLen (u16). */
export function setup(buf_: usize, words_: usize, cache_: usize, cacheStart_: usize, pathCost_: usize, pathItem_: usize, pathRep_: usize, pathGap_: usize, mainCost_: usize, matchCost_: usize, alignedAdjust_: usize, slotOf_: usize, footerBits_: usize, itemLen_: usize, itemCode_: usize): void {
  buf = buf_;
  words = words_;
  cache = cache_;
  cacheStart = cacheStart_;
  pathCost = pathCost_;
  pathItem = pathItem_;
  pathRep = pathRep_;
  pathGap = pathGap_;
  mainCost = mainCost_;
  matchCost = matchCost_;
  alignedAdjust = alignedAdjust_;
  slotOf = slotOf_;
  footerBits = footerBits_;
  itemLen = itemLen_;
  itemCode = itemCode_;
}

@inline function ld(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline function st(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

@inline function byteAt(base: usize, i: i32): i32 {
  return <i32>load<u8>(base + <usize>i);
}

/**
 * The match between buf[q...] and buf[i...] (q < i), whose first two bytes are known equal, capped at maxLen (the
 * bytes past the chunk are zero, as the match finder left them, and every comparison reaching them is capped).
 */
@inline function matchLength(q: i32, i: i32, maxLen: i32): i32 {
  let len = 2;
  const a = buf + <usize>q;
  const b = buf + <usize>i;
  while (len < maxLen) {
    const x = load<u64>(a + <usize>len) ^ load<u64>(b + <usize>len);
    if (x != 0) {
      len += <i32>(ctz(x) >> 3);
      break;
    }
    len += 8;
  }
  return len < maxLen ? len : maxLen;
}

/** Relaxes node i + l for l in [from, to] from the match-cost row at rowBase, tagging items with tag. */
@inline function relaxRun(i: i32, c: i32, from: i32, to: i32, rowBase: i32, tag: i32): void {
  for (let l = from; l <= to; l++) {
    const mc = c + ld(matchCost, rowBase + l);
    if (mc < ld(pathCost, i + l)) {
      st(pathCost, i + l, mc);
      st(pathItem, i + l, l | tag);
    }
  }
}

/** The cost of an explicit match of l bytes at formatted offset f: header and length symbols, footer, aligned bits. */
@inline function explicitCost(f: i32, l: i32): i32 {
  const slot = byteAt(slotOf, f);
  return ld(matchCost, slot * MATCH_ROW + l) + (byteAt(footerBits, slot) >= 3 ? ld(alignedAdjust, f & 7) : 0);
}

/** The minimum-cost path over buf[0, n) under the current costs; its items go to itemLen/itemCode; returns their count. */
export function findMinCostPath(n: i32, lite: bool, niceLen: i32): i32 {
  st(pathCost, 0, 0);
  for (let i = 1; i <= n; i++) st(pathCost, i, INFINITE_COST);
  st(pathRep, 0, 1);
  st(pathRep, 1, 1);
  st(pathRep, 2, 1);

  for (let i = 0; i < n; i++) {
    const q = i << 2;
    let r0 = 1;
    let r1 = 1;
    let r2 = 1;
    if (i > 0) {
      const item = ld(pathItem, i);
      if (item < 0) {
        const first = ld(pathGap, i);
        const gq = (i - (item & ITEM_LEN_MASK) - 1 - (first & ITEM_LEN_MASK)) << 2;
        r0 = (first >>> ITEM_CODE_SHIFT) - EXPLICIT_CODE_BASE;
        r1 = ld(pathRep, gq);
        r2 = ld(pathRep, gq + 1);
      } else {
        const pq = (i - (item & ITEM_LEN_MASK)) << 2;
        const code = item >>> ITEM_CODE_SHIFT;
        const p0 = ld(pathRep, pq);
        const p1 = ld(pathRep, pq + 1);
        const p2 = ld(pathRep, pq + 2);
        if (code >= EXPLICIT_CODE_BASE + 1) {
          r0 = code - EXPLICIT_CODE_BASE;
          r1 = p0;
          r2 = p1;
        } else if (code == REP_CODE_BASE + 1) {
          r0 = p1;
          r1 = p0;
          r2 = p2;
        } else if (code == REP_CODE_BASE + 2) {
          r0 = p2;
          r1 = p1;
          r2 = p0;
        } else {
          r0 = p0;
          r1 = p1;
          r2 = p2;
        }
      }
      st(pathRep, q, r0);
      st(pathRep, q + 1, r1);
      st(pathRep, q + 2, r2);
    }
    const c = ld(pathCost, i);

    const lc = c + ld(mainCost, byteAt(buf, i));
    if (lc < ld(pathCost, i + 1)) {
      st(pathCost, i + 1, lc);
      st(pathItem, i + 1, 1);
    }

    const mStart = ld(cacheStart, i);
    const mEnd = ld(cacheStart, i + 1);
    if (mStart == mEnd) continue;
    let maxLen = n - i;
    if (maxLen > MAX_MATCH) maxLen = MAX_MATCH;
    const w2 = ld(words, i) & 0xffff;
    const len0 = r0 <= i && (ld(words, i - r0) & 0xffff) == w2 ? matchLength(i - r0, i, maxLen) : 0;
    const len1 = r1 <= i && r1 != r0 && (ld(words, i - r1) & 0xffff) == w2 ? matchLength(i - r1, i, maxLen) : 0;
    const len2 = r2 <= i && r2 != r0 && r2 != r1 && (ld(words, i - r2) & 0xffff) == w2 ? matchLength(i - r2, i, maxLen) : 0;
    const explicitLast = ld(cache, mEnd - 1);
    const explicitLongest = explicitLast & MATCH_LEN_MASK;
    let longest = len0;
    let longestCode = REP_CODE_BASE;
    if (len1 > longest) {
      longest = len1;
      longestCode = REP_CODE_BASE + 1;
    }
    if (len2 > longest) {
      longest = len2;
      longestCode = REP_CODE_BASE + 2;
    }
    if (explicitLongest > longest) {
      longest = explicitLongest;
      longestCode = (explicitLast >>> MATCH_OFFSET_SHIFT) + EXPLICIT_CODE_BASE;
    }
    if (longest >= niceLen) {
      const l = longest;
      let mc: i32;
      if (longestCode <= EXPLICIT_CODE_BASE) {
        mc = c + ld(matchCost, (longestCode - REP_CODE_BASE) * MATCH_ROW + l);
      } else {
        mc = c + explicitCost(longestCode - EXPLICIT_CODE_BASE + 2, l);
      }
      if (mc < ld(pathCost, i + l)) {
        st(pathCost, i + l, mc);
        st(pathItem, i + l, l | (longestCode << ITEM_CODE_SHIFT));
      }
      i += l - 1;
      continue;
    }
    let nextLen = MIN_MATCH;
    if (lite) {
      for (let k = 0; k < 3; k++) {
        const len = k == 0 ? len0 : k == 1 ? len1 : len2;
        if (len < nextLen) continue;
        const mc = c + ld(matchCost, k * MATCH_ROW + len);
        if (mc < ld(pathCost, i + len)) {
          st(pathCost, i + len, mc);
          st(pathItem, i + len, len | ((REP_CODE_BASE + k) << ITEM_CODE_SHIFT));
        }
        nextLen = len + 1;
      }
      for (let m = mStart; m < mEnd; m++) {
        const e = ld(cache, m);
        const mlen = e & MATCH_LEN_MASK;
        if (mlen < nextLen) continue;
        const off = e >>> MATCH_OFFSET_SHIFT;
        const mc = c + explicitCost(off + 2, mlen);
        if (mc < ld(pathCost, i + mlen)) {
          st(pathCost, i + mlen, mc);
          st(pathItem, i + mlen, mlen | ((off + EXPLICIT_CODE_BASE) << ITEM_CODE_SHIFT));
        }
        nextLen = mlen + 1;
      }
      continue;
    }
    if (len0 >= nextLen) {
      relaxRun(i, c, nextLen, len0, 0, REP_CODE_BASE << ITEM_CODE_SHIFT);
      nextLen = len0 + 1;
    }
    if (len1 >= nextLen) {
      relaxRun(i, c, nextLen, len1, MATCH_ROW, (REP_CODE_BASE + 1) << ITEM_CODE_SHIFT);
      nextLen = len1 + 1;
    }
    if (len2 >= nextLen) {
      relaxRun(i, c, nextLen, len2, 2 * MATCH_ROW, (REP_CODE_BASE + 2) << ITEM_CODE_SHIFT);
      nextLen = len2 + 1;
    }
    for (let m = mStart; m < mEnd; m++) {
      const e = ld(cache, m);
      const mlen = e & MATCH_LEN_MASK;
      if (mlen < nextLen) continue;
      const off = e >>> MATCH_OFFSET_SHIFT;
      const slot = byteAt(slotOf, off + 2);
      const base = c + (byteAt(footerBits, slot) >= 3 ? ld(alignedAdjust, (off + 2) & 7) : 0);
      relaxRun(i, base, nextLen, mlen, slot * MATCH_ROW, (off + EXPLICIT_CODE_BASE) << ITEM_CODE_SHIFT);
      nextLen = mlen + 1;
    }
    if (longestCode > EXPLICIT_CODE_BASE) {
      const mlen = explicitLongest;
      const off = longestCode - EXPLICIT_CODE_BASE;
      const g = i + mlen + 1;
      let rest = n - g;
      if (rest >= MIN_MATCH && ((ld(words, g) ^ ld(words, g - off)) & 0xffff) == 0) {
        if (rest > MAX_MATCH) rest = MAX_MATCH;
        const glen = matchLength(g - off, g, rest);
        const mc = c + explicitCost(off + 2, mlen) + ld(mainCost, byteAt(buf, g - 1)) + ld(matchCost, glen);
        const to = g + glen;
        if (mc < ld(pathCost, to)) {
          st(pathCost, to, mc);
          st(pathItem, to, glen | (REP_CODE_BASE << ITEM_CODE_SHIFT) | GAP_FLAG);
          st(pathGap, to, mlen | (longestCode << ITEM_CODE_SHIFT));
        }
      }
    }
  }

  let count = 0;
  for (let i = n; i > 0; ) {
    const item = ld(pathItem, i);
    if (item < 0) {
      i -= (item & ITEM_LEN_MASK) + 1 + (ld(pathGap, i) & ITEM_LEN_MASK);
      count += 3;
    } else {
      i -= item & ITEM_LEN_MASK;
      count++;
    }
  }
  for (let i = n, k = count - 1; i > 0; k--) {
    const item = ld(pathItem, i);
    const len = item & ITEM_LEN_MASK;
    if (item < 0) {
      store<u16>(itemLen + (<usize>k << 1), <u16>len);
      st(itemCode, k--, REP_CODE_BASE);
      store<u16>(itemLen + (<usize>k << 1), 1);
      st(itemCode, k--, 0);
      const first = ld(pathGap, i);
      store<u16>(itemLen + (<usize>k << 1), <u16>(first & ITEM_LEN_MASK));
      st(itemCode, k, first >>> ITEM_CODE_SHIFT);
      i -= len + 1 + (first & ITEM_LEN_MASK);
      continue;
    }
    store<u16>(itemLen + (<usize>k << 1), <u16>len);
    st(itemCode, k, item >>> ITEM_CODE_SHIFT);
    i -= len;
  }
  return count;
}
