/*
 * AssemblyScript: the XPRESS compressor's lazy parse (parseSlice of ../xpress-compress.ts, which explains it) compiled
 * to WebAssembly: the same hash chains, candidate order, length/offset weighing and lazy step, so the items and
 * symbol counts are identical, and the TypeScript side builds the Huffman code and writes the stream from them.
 * The whole chunk is parsed in one call (the TypeScript parser slices it only for V8's sake). The regions (laid out
 * once per thread by ../xpress-compress.ts) are given to setup(); the chunk must be followed by 8 bytes of room.
 */

export { huffmanBuild } from './huffman-build';

const HASH4_BITS: u32 = 17;
const HASH4_SHIFT: u32 = 32 - HASH4_BITS;
const HASH3_BITS: u32 = 15;
const HASH3_SHIFT: u32 = 32 - HASH3_BITS;
const HASH_MUL: u32 = 0x9e3779b1;
const LAZY_MAX_LEN: i32 = 32;
const MIN_MATCH: i32 = 3;

let buf: usize = 0;
let head4: usize = 0;
let head3: usize = 0;
let prev: usize = 0;
let items: usize = 0;
let freqs: usize = 0;
/** Matches longer than 272 bytes in the last parse (see LONG_MATCHES there). */
let longMatches: i32 = 0;

export function heapBase(): usize {
  return __heap_base;
}

/** Where the regions are: buf (u8), head4 (u16, 2^17), head3 (u16, 2^15), prev (u16), items (u32), freqs (u32, 512). */
export function setup(buf_: usize, head4_: usize, head3_: usize, prev_: usize, items_: usize, freqs_: usize): void {
  buf = buf_;
  head4 = head4_;
  head3 = head3_;
  prev = prev_;
  items = items_;
  freqs = freqs_;
}

export function lastLongMatches(): i32 {
  return longMatches;
}

@inline function word(i: i32): i32 {
  return load<i32>(buf + <usize>i);
}

@inline function h16(base: usize, i: u32): i32 {
  return <i32>load<u16>(base + (<usize>i << 1));
}

@inline function s16(base: usize, i: u32, v: i32): void {
  store<u16>(base + (<usize>i << 1), <u16>v);
}

@inline function countFreq(sym: i32): void {
  const a = freqs + (<usize>sym << 2);
  store<u32>(a, load<u32>(a) + 1);
}

/** The match at cand and pos (first four bytes equal), capped at maxLen. */
@inline function extend(cand: i32, pos: i32, maxLen: i32): i32 {
  let len = 4;
  while (len < maxLen) {
    const x = load<u64>(buf + <usize>cand + <usize>len) ^ load<u64>(buf + <usize>pos + <usize>len);
    if (x != 0) {
      len += <i32>(ctz(x) >> 3);
      break;
    }
    len += 8;
  }
  return len < maxLen ? len : maxLen;
}

/** Lazy parse of buf[0, n) into items, counting symbol frequencies; returns the number of items. */
export function parse(n: i32, nice: i32, depth: i32): i32 {
  store<u64>(buf + <usize>n, 0);
  memory.fill(freqs, 0, 512 << 2);
  memory.fill(head3, 0, (1 << HASH3_BITS) << 1);
  memory.fill(head4, 0, (1 << HASH4_BITS) << 1);
  let numItems = 0;
  let longs = 0;
  const halfDepth = depth >> 1;
  const far3 = n <= 8192 ? 2048 : 4096;
  const searchEnd = n - 3;
  let pos = 0;
  while (pos < n) {
    let curLen = 0;
    let curOff = 0;
    let maxLen = 0;
    let niceLen = 0;
    let cand = 0;
    let d = 0;
    if (pos < searchEnd) {
      const w = word(pos);
      const h3 = (<u32>(w & 0xffffff) * HASH_MUL) >> HASH3_SHIFT;
      const h4 = (<u32>w * HASH_MUL) >> HASH4_SHIFT;
      cand = h16(head4, h4);
      s16(prev, pos, cand);
      s16(head4, h4, pos);
      maxLen = n - pos;
      niceLen = nice < maxLen ? nice : maxLen;
      d = depth;
      while (cand != 0 && word(cand) != w) {
        if (--d == 0) {
          cand = 0;
          break;
        }
        cand = h16(prev, cand);
      }
      if (cand != 0) {
        let len = extend(cand, pos, maxLen);
        curLen = len;
        curOff = pos - cand;
        if (len < niceLen && --d != 0) {
          cand = h16(prev, cand);
          let t = curLen - 3;
          let wt = word(pos + t);
          while (cand != 0) {
            if (word(cand + t) == wt && word(cand) == w) {
              len = extend(cand, pos, maxLen);
              if (len > curLen && 4 * (len - curLen) + clz(pos - cand) - clz(curOff) >= -1) {
                curLen = len;
                curOff = pos - cand;
                if (len >= niceLen) break;
                t = len - 3;
                wt = word(pos + t);
              }
            }
            if (--d == 0) break;
            cand = h16(prev, cand);
          }
        }
      } else {
        const c3 = h16(head3, h3);
        const o3 = pos - c3;
        if (c3 != 0 && ((word(c3) ^ w) & 0xffffff) == 0 && o3 < far3) {
          curLen = 3;
          curOff = o3;
        }
      }
      s16(head3, h3, pos);
    }
    if (curLen == 0) {
      const b = <i32>load<u8>(buf + <usize>pos);
      countFreq(b);
      store<u32>(items + (<usize>numItems << 2), b);
      numItems++;
      pos++;
      continue;
    }
    let inserted = pos + 1;
    for (;;) {
      const p = pos + 1;
      maxLen = n - p;
      niceLen = nice < maxLen ? nice : maxLen;
      if (curLen >= niceLen || curLen >= LAZY_MAX_LEN || p >= searchEnd) break;
      const wp = word(p);
      const g3 = (<u32>(wp & 0xffffff) * HASH_MUL) >> HASH3_SHIFT;
      s16(head3, g3, p);
      const g4 = (<u32>wp * HASH_MUL) >> HASH4_SHIFT;
      cand = h16(head4, g4);
      s16(prev, p, cand);
      s16(head4, g4, p);
      inserted = p + 1;
      let bestLen = curLen > 3 ? curLen - 1 : curLen;
      let bestOff = 0;
      let t = bestLen - 3;
      let wt = word(p + t);
      d = halfDepth;
      while (cand != 0) {
        if (word(cand + t) == wt && word(cand) == wp) {
          const len = extend(cand, p, maxLen);
          if (len > bestLen) {
            bestLen = len;
            bestOff = p - cand;
            if (len >= niceLen) break;
            t = len - 3;
            wt = word(p + t);
          }
        }
        if (--d == 0) break;
        cand = h16(prev, cand);
      }
      if (bestOff == 0 || bestLen < curLen || 4 * (bestLen - curLen) + clz(bestOff) - clz(curOff) <= 1) break;
      const b = <i32>load<u8>(buf + <usize>pos);
      countFreq(b);
      store<u32>(items + (<usize>numItems << 2), b);
      numItems++;
      pos = p;
      curLen = bestLen;
      curOff = bestOff;
    }
    const adj = curLen - MIN_MATCH;
    const offLog = 31 - clz(curOff);
    countFreq(256 + (offLog << 4) + (adj < 15 ? adj : 15));
    if (adj >= 270) longs++;
    store<u32>(items + (<usize>numItems << 2), (<u32>(curLen - 2) << 16) | <u32>curOff);
    numItems++;
    const end = pos + curLen;
    const stop = end < searchEnd ? end : searchEnd;
    for (let q = inserted; q < stop; q++) {
      const wq = word(q);
      s16(head3, (<u32>(wq & 0xffffff) * HASH_MUL) >> HASH3_SHIFT, q);
      const hq = (<u32>wq * HASH_MUL) >> HASH4_SHIFT;
      s16(prev, q, h16(head4, hq));
      s16(head4, hq, q);
    }
    pos = end;
  }
  longMatches = longs;
  return numItems;
}

/**
 * Writes the stream of the items of the last parse to out (writeStream of ../xpress-compress.ts, which explains the
 * reserved word slots; a word is committed once more than 16 bits are pending, as there): the 256-byte table from lens (u8, 512), then the bitstream with
 * codeLen[s] = codeword << 4 | length. The caller has checked the exact size against the room it has.
 */
export function write(out: usize, lens: usize, codeLen: usize, numItems: i32): void {
  for (let i = 0; i < 256; i++) {
    store<u8>(out + <usize>i, load<u8>(lens + <usize>(2 * i)) | (load<u8>(lens + <usize>(2 * i + 1)) << 4));
  }
  let slot1: usize = out + 256;
  let slot2: usize = slot1 + 2;
  let next: usize = slot2 + 2;
  let bitbuf: u32 = 0;
  let bitcount: u32 = 0;
  for (let i = 0; i < numItems; i++) {
    const item = load<u32>(items + (<usize>i << 2));
    let sym: u32 = item;
    let offLog: u32 = 0;
    let off: u32 = 0;
    let adj: u32 = 0;
    if (item >= 256) {
      off = item & 0xffff;
      adj = (item >> 16) - 1;
      offLog = 31 - clz(off);
      sym = 256 + (offLog << 4) + (adj < 15 ? adj : 15);
    }
    const e = load<u32>(codeLen + (<usize>sym << 2));
    bitbuf = (bitbuf << (e & 15)) | (e >> 4);
    bitcount += e & 15;
    if (bitcount > 16) {
      bitcount -= 16;
      store<u16>(slot1, <u16>(bitbuf >> bitcount));
      slot1 = slot2;
      slot2 = next;
      next += 2;
    }
    if (item < 256) continue;
    if (adj >= 15) {
      const a = adj - 15;
      if (a < 255) {
        store<u8>(next, <u8>a);
        next += 1;
      } else {
        store<u8>(next, 255);
        store<u16>(next + 1, <u16>adj);
        next += 3;
      }
    }
    bitbuf = (bitbuf << offLog) | (off - (1 << offLog));
    bitcount += offLog;
    if (bitcount > 16) {
      bitcount -= 16;
      store<u16>(slot1, <u16>(bitbuf >> bitcount));
      slot1 = slot2;
      slot2 = next;
      next += 2;
    }
  }
  const e = load<u32>(codeLen + (256 << 2));
  bitbuf = (bitbuf << (e & 15)) | (e >> 4);
  bitcount += e & 15;
  if (bitcount > 16) {
    bitcount -= 16;
    store<u16>(slot1, <u16>(bitbuf >> bitcount));
    slot1 = slot2;
    slot2 = next;
  }
  const w = bitbuf << (16 - bitcount);
  store<u8>(slot1, <u8>w);
  store<u8>(slot1 + 1, <u8>(w >> 8));
  store<u8>(slot2, 0);
  store<u8>(slot2 + 1, 0);
}
