/*
 * AssemblyScript: the LZX decoder's block loop (decodeBlock of ../lzx-decompress.ts, which explains the format)
 * compiled to WebAssembly, with the reading of a block's code lengths (readLens) and the building of its decode tables
 * (huffman-table.ts, the TypeScript builder step for step): the TypeScript side reads the block header, and
 * decodeCompressedBlock reads the aligned, main and length code lengths, builds the three tables where the block loop
 * uses them (no lengths or tables cross the boundary), and decodes the block's literals and matches into the output
 * region, loading words exactly where the TypeScript code does, and returns 0 or the number of the error that code
 * would throw (decodeBlock alone serves callers that built the tables in TypeScript). The bit reader and the recent offsets pass between the two sides in the state region. Every
 * input read stays below the input's end + 10 (the region has that slack, zeroed), every write below the chunk's
 * end + 8 (the output region's slack), so hostile input ends in an error code, never outside the regions.
 */

import { buildDecodeTable } from './huffman-table';

const NUM_CHARS: i32 = 256;
const NUM_PRIMARY_LENS: i32 = 7;
const MIN_MATCH: i32 = 2;
const MAX_OFFSET_SLOTS: i32 = 50;
const ALIGNED_MAX_LEN: i32 = 7;
const MAIN_TABLE_BITS: u32 = 11;
const LEN_TABLE_BITS: u32 = 10;
const ALIGNED_TABLE_BITS: u32 = 7;
const SUBTABLE_FLAG: i32 = 0x40000000;
const SUBTABLE_START_MASK: i32 = 0x1ffffff;

const E_ENDS_EARLY: i32 = 1;
const E_MAIN_CODEWORD: i32 = 2;
const E_LENGTH_CODEWORD: i32 = 3;
const E_ALIGNED_CODEWORD: i32 = 4;
const E_BEFORE_START: i32 = 5;
const E_PAST_BLOCK: i32 = 6;
const E_ALIGNED_CODE: i32 = 7;
const E_PRETREE: i32 = 8;
const E_PRETREE_CODEWORD: i32 = 9;
const E_RUN_OF_RUN: i32 = 10;
const E_MAIN_CODE: i32 = 11;
const E_LENGTH_CODE: i32 = 12;

let input: usize = 0;
let mainTable: usize = 0;
let lenTable: usize = 0;
let alignedTable: usize = 0;
let out: usize = 0;
/** i32 pos, bitbuf, bitsleft, r0, r1, r2, end (the input's length). */
let state: usize = 0;
/** Per offset slot: extra bits (u8) and the slot's smallest offset (i32). */
let extraBits: usize = 0;
let slotBase: usize = 0;

export function heapBase(): usize {
  return __heap_base;
}

export function setup(input_: usize, mainTable_: usize, lenTable_: usize, alignedTable_: usize, out_: usize, state_: usize, extraBits_: usize, slotBase_: usize): void {
  input = input_;
  mainTable = mainTable_;
  lenTable = lenTable_;
  alignedTable = alignedTable_;
  out = out_;
  state = state_;
  extraBits = extraBits_;
  slotBase = slotBase_;
}

/** Where the main code's lengths live (the TypeScript side zeroes them per chunk and looks for E8 literals). */
export function mainLensAt(): usize {
  return MAIN_LENS;
}

/** Where the length code's lengths live (zeroed per chunk by the TypeScript side). */
export function lenLensAt(): usize {
  return LEN_LENS;
}

@inline function inWord(pos: i32): u32 {
  return <u32>load<u16>(input + <usize>pos);
}

@inline function entry(table: usize, i: u32): i32 {
  return load<i32>(table + (<usize>i << 2));
}

/** Decodes the literals and matches of one verbatim or aligned block into out[op, blockEnd) of a chunk ending at chunkEnd. */
export function decodeBlock(op: i32, blockEnd: i32, aligned: bool): i32 {
  let pos = load<i32>(state);
  let bitbuf = load<u32>(state, 4);
  let bitsleft = load<i32>(state, 8);
  let r0 = load<i32>(state, 12);
  let r1 = load<i32>(state, 16);
  let r2 = load<i32>(state, 20);
  const overrunLimit = load<i32>(state, 24) + 8;
  const minAlignedSlot = aligned ? 8 : MAX_OFFSET_SLOTS;
  let err = 0;

  while (op < blockEnd) {
    if (bitsleft < 16) {
      if (pos > overrunLimit) {
        err = E_ENDS_EARLY;
        break;
      }
      bitbuf |= inWord(pos) << <u32>(16 - bitsleft);
      pos += 2;
      bitsleft += 16;
    }
    let e = entry(mainTable, bitbuf >> (32 - MAIN_TABLE_BITS));
    let n: i32;
    if (e >= SUBTABLE_FLAG) {
      e = entry(mainTable, <u32>((e >>> 5) & SUBTABLE_START_MASK) + ((bitbuf << MAIN_TABLE_BITS) >> <u32>(32 - (e & 31))));
      n = <i32>MAIN_TABLE_BITS + (e & 31);
    } else {
      n = e & 31;
    }
    if (e == 0) {
      err = E_MAIN_CODEWORD;
      break;
    }
    bitbuf <<= <u32>n;
    bitsleft -= n;
    let sym = e >>> 5;
    if (sym < NUM_CHARS) {
      store<u8>(out + <usize>op, <u8>sym);
      op++;
      continue;
    }

    sym -= NUM_CHARS;
    let length = sym & 7;
    const slot = sym >>> 3;
    if (length == NUM_PRIMARY_LENS) {
      if (bitsleft < 16) {
        if (pos > overrunLimit) {
          err = E_ENDS_EARLY;
          break;
        }
        bitbuf |= inWord(pos) << <u32>(16 - bitsleft);
        pos += 2;
        bitsleft += 16;
      }
      e = entry(lenTable, bitbuf >> (32 - LEN_TABLE_BITS));
      if (e >= SUBTABLE_FLAG) {
        e = entry(lenTable, <u32>((e >>> 5) & SUBTABLE_START_MASK) + ((bitbuf << LEN_TABLE_BITS) >> <u32>(32 - (e & 31))));
        n = <i32>LEN_TABLE_BITS + (e & 31);
      } else {
        n = e & 31;
      }
      if (e == 0) {
        err = E_LENGTH_CODEWORD;
        break;
      }
      bitbuf <<= <u32>n;
      bitsleft -= n;
      length += e >>> 5;
    }
    length += MIN_MATCH;

    let offset: i32;
    if (slot == 0) {
      offset = r0;
    } else if (slot == 1) {
      offset = r1;
      r1 = r0;
      r0 = offset;
    } else if (slot == 2) {
      offset = r2;
      r2 = r0;
      r0 = offset;
    } else {
      let extra = <i32>load<u8>(extraBits + <usize>slot);
      offset = load<i32>(slotBase + (<usize>slot << 2));
      if (slot >= minAlignedSlot) extra -= 3;
      if (extra > 0) {
        while (bitsleft < extra) {
          if (pos > overrunLimit) {
            err = E_ENDS_EARLY;
            break;
          }
          bitbuf |= inWord(pos) << <u32>(16 - bitsleft);
          pos += 2;
          bitsleft += 16;
        }
        if (err != 0) break;
        offset += <i32>((bitbuf >> <u32>(32 - extra)) << (slot >= minAlignedSlot ? 3 : 0));
        bitbuf <<= <u32>extra;
        bitsleft -= extra;
      }
      if (slot >= minAlignedSlot) {
        if (bitsleft < ALIGNED_MAX_LEN) {
          if (pos > overrunLimit) {
            err = E_ENDS_EARLY;
            break;
          }
          bitbuf |= inWord(pos) << <u32>(16 - bitsleft);
          pos += 2;
          bitsleft += 16;
        }
        e = entry(alignedTable, bitbuf >> (32 - ALIGNED_TABLE_BITS));
        if (e == 0) {
          err = E_ALIGNED_CODEWORD;
          break;
        }
        n = e & 31;
        bitbuf <<= <u32>n;
        bitsleft -= n;
        offset += e >>> 5;
      }
      r2 = r1;
      r1 = r0;
      r0 = offset;
    }

    if (offset > op) {
      err = E_BEFORE_START;
      break;
    }
    if (length > blockEnd - op) {
      err = E_PAST_BLOCK;
      break;
    }
    const to = out + <usize>op;
    const from = to - <usize>offset;
    if (offset >= 8) {
      // Eight bytes per step: a source eight or more bytes back never overlaps what a step writes; the last step may
      // write up to 7 bytes past the match, which later output overwrites (or the region's slack takes).
      let k: usize = 0;
      const len = <usize>length;
      do {
        store<u64>(to + k, load<u64>(from + k));
        k += 8;
      } while (k < len);
    } else {
      for (let k = 0; k < length; k++) store<u8>(to + <usize>k, load<u8>(from + <usize>k));
    }
    op += length;
  }

  store<i32>(state, pos);
  store<u32>(state, bitbuf, 4);
  store<i32>(state, bitsleft, 8);
  store<i32>(state, r0, 12);
  store<i32>(state, r1, 16);
  store<i32>(state, r2, 20);
  return err;
}

// ---- Code lengths and decode tables ----

const PRECODE_SYMS: i32 = 20;
const LENCODE_SYMS: i32 = 249;
const ALIGNED_SYMS: i32 = 8;
const MAX_MAIN_SYMS: i32 = NUM_CHARS + MAX_OFFSET_SLOTS * 8;
const MAIN_MAX_LEN: i32 = 16;
const LEN_MAX_LEN: i32 = 16;
const PRE_MAX_LEN: i32 = 15;
const PRE_TABLE_BITS: u32 = 8;
/** Pretree runs may write up to 51 lengths past the last one (as in wimlib); the slack takes them. */
const LENS_SLACK: i32 = 64;
/** Table sizes in entries, as decodeTableSize of ../huffman-decode.ts gives them (the caller lays out the same). */
const MAIN_TABLE_SIZE: i32 = (1 << 11) + MAX_MAIN_SYMS * (1 << (16 - 11));
const LEN_TABLE_SIZE: i32 = (1 << 10) + LENCODE_SYMS * (1 << (16 - 10));
const ALIGNED_TABLE_SIZE: i32 = 1 << 7;
const PRE_TABLE_SIZE: i32 = (1 << 8) + PRECODE_SYMS * (1 << (15 - 8));
// Static data of the module (below __heap_base, so the caller's regions never overlap it).
const MAIN_LENS: usize = memory.data(MAX_MAIN_SYMS + LENS_SLACK);
const LEN_LENS: usize = memory.data(LENCODE_SYMS + LENS_SLACK);
const ALIGNED_LENS: usize = memory.data(ALIGNED_SYMS);
const PRE_LENS: usize = memory.data(PRECODE_SYMS);
const PRE_TABLE: usize = memory.data(PRE_TABLE_SIZE << 2);

// The bit reader while code lengths are read (globals: the lengths are read in several calls of readLens).
let rpos: i32 = 0;
let rbuf: u32 = 0;
let rleft: i32 = 0;
let rlimit: i32 = 0;

/** One word into the bit reader when fewer than n bits are buffered; false when the input ended more than 8 bytes ago. */
@inline function refill(n: i32): bool {
  if (rleft < n) {
    if (rpos > rlimit) return false;
    rbuf |= inWord(rpos) << <u32>(16 - rleft);
    rpos += 2;
    rleft += 16;
  }
  return true;
}

/**
 * Reads a pretree, then count code lengths at lens[off...] as deltas from their previous values (readLens of
 * ../lzx-decompress.ts, which explains the run symbols). Returns 0 or an error number.
 */
function readLens(lens: usize, off: i32, count: i32): i32 {
  for (let i = 0; i < PRECODE_SYMS; i++) {
    if (!refill(4)) return E_ENDS_EARLY;
    store<u8>(PRE_LENS + <usize>i, <u8>(rbuf >> 28));
    rbuf <<= 4;
    rleft -= 4;
  }
  if (!buildDecodeTable(PRE_TABLE, PRE_TABLE_SIZE, <i32>PRE_TABLE_BITS, PRE_LENS, PRECODE_SYMS, PRE_MAX_LEN)) return E_PRETREE;
  let p = off;
  const stop = off + count;
  let sameRun = 0;
  while (p < stop || sameRun != 0) {
    if (!refill(PRE_MAX_LEN)) return E_ENDS_EARLY;
    let e = entry(PRE_TABLE, rbuf >> (32 - PRE_TABLE_BITS));
    let n: i32;
    if (e >= SUBTABLE_FLAG) {
      e = entry(PRE_TABLE, <u32>((e >>> 5) & SUBTABLE_START_MASK) + ((rbuf << PRE_TABLE_BITS) >> <u32>(32 - (e & 31))));
      n = <i32>PRE_TABLE_BITS + (e & 31);
    } else {
      n = e & 31;
    }
    if (e == 0) return E_PRETREE_CODEWORD;
    rbuf <<= <u32>n;
    rleft -= n;
    const presym = e >>> 5;
    if (sameRun != 0) {
      if (presym > 17) return E_RUN_OF_RUN;
      const len = <u8>((<i32>load<u8>(lens + <usize>p) + 17 - presym) % 17);
      for (let k = 0; k < sameRun; k++) store<u8>(lens + <usize>(p + k), len);
      p += sameRun;
      sameRun = 0;
      continue;
    }
    if (presym < 17) {
      store<u8>(lens + <usize>p, <u8>((<i32>load<u8>(lens + <usize>p) + 17 - presym) % 17));
      p++;
      continue;
    }
    const runBits = presym == 17 ? 4 : presym == 18 ? 5 : 1;
    if (!refill(runBits)) return E_ENDS_EARLY;
    const run = (presym == 18 ? 20 : 4) + <i32>(rbuf >> <u32>(32 - runBits));
    rbuf <<= <u32>runBits;
    rleft -= runBits;
    if (presym == 19) {
      sameRun = run;
      continue;
    }
    memory.fill(lens + <usize>p, 0, <usize>run);
    p += run;
  }
  return 0;
}

/**
 * Reads a verbatim or aligned block's codes (after its header, which the caller read), builds its decode tables and
 * decodes it into out[op, blockEnd): one call per block. numMainSyms is the main alphabet's size for the window.
 */
export function decodeCompressedBlock(op: i32, blockEnd: i32, aligned: bool, numMainSyms: i32): i32 {
  rpos = load<i32>(state);
  rbuf = load<u32>(state, 4);
  rleft = load<i32>(state, 8);
  rlimit = load<i32>(state, 24) + 8;
  let err = 0;
  if (aligned) {
    for (let i = 0; i < ALIGNED_SYMS; i++) {
      if (!refill(3)) {
        err = E_ENDS_EARLY;
        break;
      }
      store<u8>(ALIGNED_LENS + <usize>i, <u8>(rbuf >> 29));
      rbuf <<= 3;
      rleft -= 3;
    }
    if (err == 0 && !buildDecodeTable(alignedTable, ALIGNED_TABLE_SIZE, <i32>ALIGNED_TABLE_BITS, ALIGNED_LENS, ALIGNED_SYMS, ALIGNED_MAX_LEN)) err = E_ALIGNED_CODE;
  }
  if (err == 0) err = readLens(MAIN_LENS, 0, NUM_CHARS);
  if (err == 0) err = readLens(MAIN_LENS, NUM_CHARS, numMainSyms - NUM_CHARS);
  if (err == 0) err = readLens(LEN_LENS, 0, LENCODE_SYMS);
  if (err == 0 && !buildDecodeTable(mainTable, MAIN_TABLE_SIZE, <i32>MAIN_TABLE_BITS, MAIN_LENS, numMainSyms, MAIN_MAX_LEN)) err = E_MAIN_CODE;
  if (err == 0 && !buildDecodeTable(lenTable, LEN_TABLE_SIZE, <i32>LEN_TABLE_BITS, LEN_LENS, LENCODE_SYMS, LEN_MAX_LEN)) err = E_LENGTH_CODE;
  store<i32>(state, rpos);
  store<u32>(state, rbuf, 4);
  store<i32>(state, rleft, 8);
  if (err != 0) return err;
  return decodeBlock(op, blockEnd, aligned);
}

const E8_FILE_SIZE: i32 = 12000000;

/**
 * Undoes WIM's E8 preprocessing on the first len bytes of the output region, as undoE8Translation of
 * ../lzx-decompress.ts (which explains it) does: each E8 byte before the last 10 bytes is followed by a 32-bit
 * target that becomes relative again when it lies in [-pos, 12000000), and its 4 bytes are passed over. The scan for
 * E8 takes 16 bytes at a time with SIMD (8 without): about one byte in 100 of code is E8, so the scan is the cost.
 */
export function undoE8(len: i32): void {
  if (len <= 10) return;
  const limit = len - 10;
  let p: i32 = 0;
  while (p < limit) {
    if (ASC_FEATURE_SIMD) {
      const e8 = i8x16.splat(<i8>0xe8);
      while (p + 16 <= limit) {
        const m = i8x16.bitmask(i8x16.eq(v128.load(out + <usize>p), e8));
        if (m != 0) {
          p += <i32>ctz(m);
          break;
        }
        p += 16;
      }
    } else {
      // A word XOR E8E8... has a zero byte exactly where the word has an E8.
      while (p + 8 <= limit) {
        const x = load<u64>(out + <usize>p) ^ 0xe8e8e8e8e8e8e8e8;
        const z = (x - 0x0101010101010101) & ~x & 0x8080808080808080;
        if (z != 0) {
          p += <i32>(ctz(z) >> 3);
          break;
        }
        p += 8;
      }
    }
    if (p >= limit) break;
    if (load<u8>(out + <usize>p) != 0xe8) {
      p++;
      continue;
    }
    const abs = load<i32>(out + <usize>p + 1);
    if (abs >= -p && abs < E8_FILE_SIZE) store<i32>(out + <usize>p + 1, abs >= 0 ? abs - p : abs + E8_FILE_SIZE);
    p += 5;
  }
}
