/*
 * AssemblyScript: the LZX decoder's block loop (decodeBlock of ../lzx-decompress.ts, which explains the format)
 * compiled to WebAssembly. The TypeScript side reads block headers and code lengths and builds the decode tables
 * straight into this module's memory; this loop decodes a verbatim or aligned block's literals and matches into the
 * output region, loading words exactly where the TypeScript loop does, and returns 0 or the number of the error that
 * loop would throw. The bit reader and the recent offsets pass between the two sides in the state region. Every
 * input read stays below the input's end + 10 (the region has that slack, zeroed), every write below the chunk's
 * end + 8 (the output region's slack), so hostile input ends in an error code, never outside the regions.
 */

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
