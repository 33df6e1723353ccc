/*
 * AssemblyScript: the LZX compressor's kernels in one module, so that they share one linear memory: the binary-tree
 * match finder (matchfinder-bt.ts, re-exported) and the minimum-cost path search of ../lzx-compress.ts
 * (findMinCostPath there, which explains the parse; this is the same search, step for step, so the path and the
 * compressed bytes are identical). The compressor lays the memory out once (../lzx-compress.ts, wasmLayout) and
 * hands the regions' addresses to setup(); its cost tables are views of those regions, so it fills them in place
 * and reads the chosen items back in place.
 */

export { cacheMatches, heapBase, headsSize, simd } from './matchfinder-bt';
export { huffmanBuild } from './huffman-build';

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
/**
 * The recent offsets of node i are read only from nodes at most 2 * MAX_MATCH + 1 back (a gap match: explicit match,
 * literal, repeat match), so they are kept in a ring of 1024 nodes (16 KiB, cache-resident) indexed by i & mask.
 */
const REP_RING_MASK: i32 = 1023;

// The regions (see setup).
let buf: usize = 0;
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
export function setup(buf_: usize, unusedWords: usize, cache_: usize, cacheStart_: usize, pathCost_: usize, pathItem_: usize, pathRep_: usize, pathGap_: usize, mainCost_: usize, matchCost_: usize, alignedAdjust_: usize, slotOf_: usize, footerBits_: usize, itemLen_: usize, itemCode_: usize): void {
  buf = buf_;
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

/** The two bytes at buf[i] (the first two of any match there; the bytes past the chunk are zero). */
@inline function w16(i: i32): i32 {
  return <i32>load<u16>(buf + <usize>i);
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
    const q = (i & REP_RING_MASK) << 2;
    let r0 = 1;
    let r1 = 1;
    let r2 = 1;
    if (i > 0) {
      const item = ld(pathItem, i);
      if (item < 0) {
        const first = ld(pathGap, i);
        const gq = ((i - (item & ITEM_LEN_MASK) - 1 - (first & ITEM_LEN_MASK)) & REP_RING_MASK) << 2;
        r0 = (first >>> ITEM_CODE_SHIFT) - EXPLICIT_CODE_BASE;
        r1 = ld(pathRep, gq);
        r2 = ld(pathRep, gq + 1);
      } else {
        const pq = ((i - (item & ITEM_LEN_MASK)) & REP_RING_MASK) << 2;
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
    const w2 = w16(i);
    const len0 = r0 <= i && w16(i - r0) == w2 ? matchLength(i - r0, i, maxLen) : 0;
    const len1 = r1 <= i && r1 != r0 && w16(i - r1) == w2 ? matchLength(i - r1, i, maxLen) : 0;
    const len2 = r2 <= i && r2 != r0 && r2 != r1 && w16(i - r2) == w2 ? matchLength(i - r2, i, maxLen) : 0;
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
      if (rest >= MIN_MATCH && w16(g) == w16(g - off)) {
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

// ---- The stages around the path search: E8 preprocessing, the statistics pass, tallies and the item writer ----
// (../lzx-compress.ts: e8Translate, lazyParse, tallyItems, chooseBlocks's counting loop and writeBlock's item loop,
// step for step, so the compressed bytes are identical). The Huffman codes, the cost model and the block choice stay
// in TypeScript: they run per chunk over a few hundred symbols, not per byte.

const NUM_CHARS: i32 = 256;
const NUM_LEN_HEADERS: i32 = 8;
const NUM_ALIGNED_SYMS: i32 = 8;
const E8_TRANSLATION_SIZE: i32 = 12000000;
const LAZY_REPEAT_SLACK: i32 = 2;
const LAZY_NEAR_OFFSET: i32 = 64;

let mainFreqs: usize = 0;
let lenFreqs: usize = 0;
let alignedFreqs: usize = 0;
let snap: usize = 0;
let segItem: usize = 0;
let segPos: usize = 0;
let mainLens: usize = 0;
let mainCodes: usize = 0;
let lenLens: usize = 0;
let lenCodes: usize = 0;
let alignedLens: usize = 0;
let alignedCodes: usize = 0;
let slotBase: usize = 0;
let outBuf: usize = 0;
let numMainSyms: i32 = 0;
let numLenSyms: i32 = 0;

/** Offset footer bits of the items last tallied, and the bit writer's state after writeItems. */
let footerTotal: i32 = 0;
let bitBuf: u32 = 0;
let bitCount: i32 = 0;

/**
 * Where the compressor put the arrays of these stages: symbol counts (i32), the segment counts of the block choice
 * (snap, rows of numMain + numLen counts) and its cut points, the codes (u8 lengths, i32 codewords), each slot's first
 * formatted offset, and the output region the items are written to.
 */
export function setupBlocks(mainFreqs_: usize, lenFreqs_: usize, alignedFreqs_: usize, snap_: usize, segItem_: usize, segPos_: usize, mainLens_: usize, mainCodes_: usize, lenLens_: usize, lenCodes_: usize, alignedLens_: usize, alignedCodes_: usize, slotBase_: usize, out_: usize, numMain: i32, numLen: i32): void {
  mainFreqs = mainFreqs_;
  lenFreqs = lenFreqs_;
  alignedFreqs = alignedFreqs_;
  snap = snap_;
  segItem = segItem_;
  segPos = segPos_;
  mainLens = mainLens_;
  mainCodes = mainCodes_;
  lenLens = lenLens_;
  lenCodes = lenCodes_;
  alignedLens = alignedLens_;
  alignedCodes = alignedCodes_;
  slotBase = slotBase_;
  outBuf = out_;
  numMainSyms = numMain;
  numLenSyms = numLen;
}

export function lastFooterBits(): i32 {
  return footerTotal;
}

export function lastBitBuf(): u32 {
  return bitBuf;
}

export function lastBitCount(): i32 {
  return bitCount;
}

@inline function bump(base: usize, i: i32): void {
  const a = base + (<usize>i << 2);
  store<i32>(a, load<i32>(a) + 1);
}

/** WIM's E8 preprocessing of buf[0, n - 10): CALL targets made absolute, as the decoder will undo. */
export function e8Translate(n: i32): void {
  const end = n - 10;
  for (let i = 0; i < end; ) {
    if (load<u8>(buf + <usize>i) != 0xe8) {
      i++;
      continue;
    }
    const at = buf + <usize>(i + 1);
    const rel = load<i32>(at);
    if (rel >= -i && rel < E8_TRANSLATION_SIZE) store<i32>(at, rel < E8_TRANSLATION_SIZE - i ? rel + i : rel - E8_TRANSLATION_SIZE);
    i += 5;
  }
}

/** Counts the main and length symbol of a match of len bytes in slot. */
@inline function tallyMatch(row: usize, lenRow: usize, slot: i32, len: i32): void {
  const lh = len - MIN_MATCH;
  bump(row, NUM_CHARS + slot * NUM_LEN_HEADERS + (lh < 7 ? lh : 7));
  if (lh >= 7) bump(lenRow, lh - 7);
}

/** The slot of an item's code (repeat or explicit), counting an explicit offset's footer and aligned symbol. */
@inline function slotOfCode(code: i32): i32 {
  if (code <= EXPLICIT_CODE_BASE) return code - REP_CODE_BASE;
  const f = code - EXPLICIT_CODE_BASE + 2;
  const slot = byteAt(slotOf, f);
  const fb = byteAt(footerBits, slot);
  footerTotal += fb;
  if (fb >= 3) bump(alignedFreqs, f & 7);
  return slot;
}

function clearTallies(): void {
  memory.fill(mainFreqs, 0, <usize>numMainSyms << 2);
  memory.fill(lenFreqs, 0, <usize>numLenSyms << 2);
  memory.fill(alignedFreqs, 0, <usize>NUM_ALIGNED_SYMS << 2);
  footerTotal = 0;
}

/**
 * The statistics pass (../lzx-compress.ts lazyParse): a lazy parse over the match cache, tallied as it goes into
 * mainFreqs/lenFreqs/alignedFreqs; the footer bits are left for lastFooterBits().
 */
export function lazyParse(n: i32): void {
  clearTallies();
  let r0 = 1;
  let r1 = 1;
  let r2 = 1;
  let i = 0;
  while (i < n) {
    const mStart = ld(cacheStart, i);
    const mEnd = ld(cacheStart, i + 1);
    if (mStart == mEnd) {
      bump(mainFreqs, byteAt(buf, i));
      i++;
      continue;
    }
    let maxLen = n - i;
    if (maxLen > MAX_MATCH) maxLen = MAX_MATCH;
    const w2 = w16(i);
    let repLen = r0 <= i && w16(i - r0) == w2 ? matchLength(i - r0, i, maxLen) : 0;
    let rep = 0;
    // A repeat offset equal to one tried before cannot match longer: skipped.
    const len1 = r1 <= i && r1 != r0 && w16(i - r1) == w2 ? matchLength(i - r1, i, maxLen) : 0;
    if (len1 > repLen) {
      repLen = len1;
      rep = 1;
    }
    const len2 = r2 <= i && r2 != r0 && r2 != r1 && w16(i - r2) == w2 ? matchLength(i - r2, i, maxLen) : 0;
    if (len2 > repLen) {
      repLen = len2;
      rep = 2;
    }
    const last = ld(cache, mEnd - 1);
    let len = last & MATCH_LEN_MASK;
    const off = last >>> MATCH_OFFSET_SHIFT;
    let slot: i32;
    if (repLen >= 2 && repLen + LAZY_REPEAT_SLACK >= len) {
      if (rep == 1) {
        const t = r0;
        r0 = r1;
        r1 = t;
      } else if (rep == 2) {
        const t = r0;
        r0 = r2;
        r2 = t;
      }
      slot = rep;
      len = repLen;
    } else if ((len < 3 && off >= LAZY_NEAR_OFFSET) || (i + 1 < n && ld(cacheStart, i + 2) > ld(cacheStart, i + 1) && (ld(cache, ld(cacheStart, i + 2) - 1) & MATCH_LEN_MASK) > len)) {
      bump(mainFreqs, byteAt(buf, i));
      i++;
      continue;
    } else {
      if (off == r1) {
        slot = 1;
        r1 = r0;
        r0 = off;
      } else if (off == r2) {
        slot = 2;
        r2 = r0;
        r0 = off;
      } else {
        slot = slotOfCode(off + EXPLICIT_CODE_BASE);
        r2 = r1;
        r1 = r0;
        r0 = off;
      }
      if (len > maxLen) len = maxLen;
    }
    tallyMatch(mainFreqs, lenFreqs, slot, len);
    i += len;
  }
}

@inline function itemLenAt(k: i32): i32 {
  return <i32>load<u16>(itemLen + (<usize>k << 1));
}

/** Symbol counts (and footer bits, see lastFooterBits) of items [k0, k1), the first of which starts at byte pos0. */
export function tallyItems(k0: i32, k1: i32, pos0: i32): void {
  clearTallies();
  let pos = pos0;
  for (let k = k0; k < k1; k++) {
    const len = itemLenAt(k);
    const code = ld(itemCode, k);
    if (code == 0) bump(mainFreqs, byteAt(buf, pos));
    else tallyMatch(mainFreqs, lenFreqs, slotOfCode(code), len);
    pos += len;
  }
}

/**
 * The counting loop of the block choice (../lzx-compress.ts chooseBlocks): the items cut into up to segs runs of about
 * segBytes bytes, snap row j holding the counts of everything before cut j (rows of width = numMain + numLen), cut j's
 * first item and byte in segItem[j], segPos[j]. Leaves the whole chunk's counts in mainFreqs/lenFreqs/alignedFreqs, as
 * tallyItems would, and returns the number of segments made (long final matches can leave fewer than planned).
 */
export function tallySegments(numItems: i32, segs: i32, segBytes: i32): i32 {
  const width = numMainSyms + numLenSyms;
  const rowBytes = <usize>width << 2;
  memory.fill(snap, 0, rowBytes << 1);
  memory.fill(alignedFreqs, 0, <usize>NUM_ALIGNED_SYMS << 2);
  footerTotal = 0;
  let row = snap + rowBytes;
  let pos = 0;
  st(segItem, 0, 0);
  st(segPos, 0, 0);
  let s = 1;
  let nextCut = segBytes;
  for (let k = 0; k < numItems; k++) {
    if (pos >= nextCut && s < segs) {
      st(segItem, s, k);
      st(segPos, s, pos);
      s++;
      const next = snap + <usize>s * rowBytes;
      memory.copy(next, row, rowBytes);
      row = next;
      nextCut += segBytes;
    }
    const len = itemLenAt(k);
    const code = ld(itemCode, k);
    if (code == 0) bump(row, byteAt(buf, pos));
    else tallyMatch(row, row + (<usize>numMainSyms << 2), slotOfCode(code), len);
    pos += len;
  }
  memory.copy(mainFreqs, row, <usize>numMainSyms << 2);
  memory.copy(lenFreqs, row + (<usize>numMainSyms << 2), <usize>numLenSyms << 2);
  return s;
}

/**
 * Writes items [k0, k1) (covering bytes from pos0) with the codes in mainLens/mainCodes, lenLens/lenCodes and, when
 * aligned, alignedLens/alignedCodes: the bit writer starts with bitBuf_/bitCount_ at byte out of the output region and
 * leaves its state for lastBitBuf()/lastBitCount(). Returns the new output position, or -1 once past limit.
 */
export function writeItems(k0: i32, k1: i32, pos0: i32, aligned: bool, out: i32, limit: i32, bitBuf_: u32, bitCount_: i32): i32 {
  let bb = bitBuf_;
  let bc = bitCount_;
  let o = outBuf + <usize>out;
  const lim = outBuf + <usize>limit;
  let pos = pos0;
  for (let k = k0; k < k1; k++) {
    if (o > lim) return -1;
    const len = itemLenAt(k);
    const code = ld(itemCode, k);
    if (code == 0) {
      const b = byteAt(buf, pos);
      const bl = <i32>load<u8>(mainLens + <usize>b);
      bb = (bb << bl) | <u32>ld(mainCodes, b);
      bc += bl;
      if (bc >= 16) {
        bc -= 16;
        store<u16>(o, <u16>(bb >>> bc));
        o += 2;
      }
      pos++;
      continue;
    }
    pos += len;
    const lh = len - MIN_MATCH;
    let slot: i32;
    let f = 0;
    if (code <= EXPLICIT_CODE_BASE) {
      slot = code - REP_CODE_BASE;
    } else {
      f = code - EXPLICIT_CODE_BASE + 2;
      slot = byteAt(slotOf, f);
    }
    const sym = NUM_CHARS + slot * NUM_LEN_HEADERS + (lh < 7 ? lh : 7);
    const sl = <i32>load<u8>(mainLens + <usize>sym);
    bb = (bb << sl) | <u32>ld(mainCodes, sym);
    bc += sl;
    if (bc >= 16) {
      bc -= 16;
      store<u16>(o, <u16>(bb >>> bc));
      o += 2;
    }
    if (lh >= 7) {
      const ll = <i32>load<u8>(lenLens + <usize>(lh - 7));
      bb = (bb << ll) | <u32>ld(lenCodes, lh - 7);
      bc += ll;
      if (bc >= 16) {
        bc -= 16;
        store<u16>(o, <u16>(bb >>> bc));
        o += 2;
      }
    }
    const fb = byteAt(footerBits, slot);
    if (fb == 0) continue;
    const extra = f - ld(slotBase, slot);
    if (aligned && fb >= 3) {
      if (fb > 3) {
        bb = (bb << (fb - 3)) | <u32>(extra >>> 3);
        bc += fb - 3;
        if (bc >= 16) {
          bc -= 16;
          store<u16>(o, <u16>(bb >>> bc));
          o += 2;
        }
      }
      const al = <i32>load<u8>(alignedLens + <usize>(extra & 7));
      bb = (bb << al) | <u32>ld(alignedCodes, extra & 7);
      bc += al;
    } else {
      bb = (bb << fb) | <u32>extra;
      bc += fb;
    }
    while (bc >= 16) {
      bc -= 16;
      store<u16>(o, <u16>(bb >>> bc));
      o += 2;
    }
  }
  bitBuf = bb;
  bitCount = bc;
  return <i32>(o - outBuf);
}

// ---- The block choice (../lzx-compress.ts chooseBlocks after its counting loop, and estimateBlockBits) ----
// Its floating-point arithmetic is the TypeScript code's, operation for operation, and every logarithm comes from
// fLog2f, the table of f * log2(f) the compressor filled with JavaScript's Math.log2 for every count a chunk can
// have: so the estimates, and the blocks chosen, are identical.

const MAX_SEGMENTS: i32 = 16;
const SEG_BEST: usize = memory.data(MAX_SEGMENTS << 3);
const SEG_FROM: usize = memory.data(MAX_SEGMENTS << 2);
const USED_SYMS: usize = memory.data(2048 << 2);
let blockItem: usize = 0;
let blockPos: usize = 0;
let fLog2f: usize = 0;
let numUsedMain: i32 = 0;
let numUsed: i32 = 0;

/** The block list (first item and byte of each block, i32) and the f * log2(f) table (f64, one entry per count). */
export function setupChoice(blockItem_: usize, blockPos_: usize, fLog2f_: usize): void {
  blockItem = blockItem_;
  blockPos = blockPos_;
  fLog2f = fLog2f_;
}

@inline function flog(f: i32): f64 {
  return load<f64>(fLog2f + (<usize>f << 3));
}

/** Estimated bits of segments [i, j) as one block (estimateBlockBits). */
function estimateBlockBits(i: i32, j: i32, width: i32, overheadBits: i32, bitsPerUsed: i32): f64 {
  const a = snap + (<usize>(i * width) << 2);
  const b = snap + (<usize>(j * width) << 2);
  let bits = overheadBits;
  let mainTotal = 0;
  let mainSum: f64 = 0;
  for (let u = 0; u < numUsedMain; u++) {
    const s = ld(USED_SYMS, u);
    const f = ld(b, s) - ld(a, s);
    mainTotal += f;
    mainSum += flog(f);
    bits += (<i32>(<u32>-f >> 31)) * bitsPerUsed;
  }
  let lenTotal = 0;
  let lenSum: f64 = 0;
  for (let u = numUsedMain; u < numUsed; u++) {
    const s = ld(USED_SYMS, u);
    const f = ld(b, s) - ld(a, s);
    lenTotal += f;
    lenSum += flog(f);
    bits += (<i32>(<u32>-f >> 31)) * bitsPerUsed;
  }
  return <f64>bits + flog(mainTotal) - mainSum + flog(lenTotal) - lenSum;
}

/**
 * After tallySegments made segs segments: lists the symbols the chunk uses, picks the partition of the segments into
 * blocks with the least estimated bits, and writes the blocks' first items and bytes (with an end sentinel) to
 * blockItem/blockPos. Returns the number of blocks.
 */
export function chooseFromSegments(segs: i32, numItems: i32, n: i32, overheadBits: i32, bitsPerUsed: i32): i32 {
  const width = numMainSyms + numLenSyms;
  st(segItem, segs, numItems);
  st(segPos, segs, n);
  const row = snap + (<usize>(segs * width) << 2);
  let used = 0;
  for (let t = 0; t < width; t++) {
    if (t == numMainSyms) numUsedMain = used;
    if (ld(row, t) != 0) st(USED_SYMS, used++, t);
  }
  numUsed = used;
  store<f64>(SEG_BEST, 0);
  for (let j = 1; j <= segs; j++) {
    let best = Infinity;
    let from = 0;
    for (let i = 0; i < j; i++) {
      const bits = load<f64>(SEG_BEST + (<usize>i << 3)) + estimateBlockBits(i, j, width, overheadBits, bitsPerUsed);
      if (bits < best) {
        best = bits;
        from = i;
      }
    }
    store<f64>(SEG_BEST + (<usize>j << 3), best);
    st(SEG_FROM, j, from);
  }
  let count = 0;
  for (let j = segs; j > 0; j = ld(SEG_FROM, j)) count++;
  let b = count;
  for (let j = segs; j > 0; j = ld(SEG_FROM, j)) {
    st(blockItem, b, ld(segItem, j));
    st(blockPos, b, ld(segPos, j));
    b--;
  }
  st(blockItem, 0, 0);
  st(blockPos, 0, 0);
  return count;
}
