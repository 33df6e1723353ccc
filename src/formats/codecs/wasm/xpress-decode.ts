/*
 * AssemblyScript: the XPRESS decoder's loop (../xpress-decompress.ts, which explains the format) compiled to
 * WebAssembly. The TypeScript side checks the buffers and copies the compressed chunk in; decodeChunk unpacks its
 * 512 codeword lengths and builds the Huffman decode table here (huffman-table.ts, the TypeScript builder step for
 * step), where the loop uses it, and decode decodes into the output region, reading exactly the words and bytes the
 * TypeScript loop reads, and returns 0 or the number of the error that loop would throw (the caller throws it, with
 * its message), so output and failures are the same. Bounds: every read is checked against the chunk's end as there,
 * and every write against the output's end, so hostile input ends in an error code, never outside the regions.
 */

import { buildDecodeTable } from './huffman-table';

const TABLE_BITS: u32 = 12;
const NUM_SYMBOLS: i32 = 512;
const MAX_CODEWORD_LEN: i32 = 15;
const MIN_MATCH: i32 = 3;
const SUBTABLE_FLAG: i32 = 0x40000000;
const SUBTABLE_START_MASK: i32 = 0x1ffffff;

/** The error numbers (../xpress-decompress.ts maps them to its messages). */
const E_BAD_CODEWORD: i32 = 1;
const E_ENDS_EARLY: i32 = 2;
const E_LENGTH_BYTE: i32 = 3;
const E_LENGTH_WORD: i32 = 4;
const E_LENGTH_SMALL: i32 = 5;
const E_BEFORE_START: i32 = 6;
const E_PAST_END: i32 = 7;
const E_BAD_LENGTHS: i32 = 8;

/** The chunk's codeword lengths, unpacked (static data of the module). */
const LENS: usize = memory.data(NUM_SYMBOLS);

export function heapBase(): usize {
  return __heap_base;
}

@inline function srcByte(src: usize, i: i32): u32 {
  return <u32>load<u8>(src + <usize>i);
}

/**
 * Unpacks the codeword lengths of the chunk at src (at least 256 bytes: the caller checked), builds the decode table
 * into table[0, tableSize) and decodes the chunk as decode does.
 */
export function decodeChunk(src: usize, srcLen: i32, table: usize, tableSize: i32, dst: usize, dstLen: i32): i32 {
  for (let i = 0; i < NUM_SYMBOLS / 2; i++) {
    const b = load<u8>(src + <usize>i);
    store<u8>(LENS + <usize>(2 * i), b & 15);
    store<u8>(LENS + <usize>(2 * i + 1), b >> 4);
  }
  if (!buildDecodeTable(table, tableSize, <i32>TABLE_BITS, LENS, NUM_SYMBOLS, MAX_CODEWORD_LEN)) return E_BAD_LENGTHS;
  return decode(src, srcLen, table, dst, dstLen);
}

/**
 * Decodes the chunk at src (srcLen bytes, the 256-byte length table first) into dst (dstLen bytes) with the decode
 * table at table.
 */
export function decode(src: usize, srcLen: i32, table: usize, dst: usize, dstLen: i32): i32 {
  const end = srcLen;
  const overrunLimit = end + 4;
  let pos = 256;
  let bitbuf: u32 = 0;
  if (pos + 1 < end) bitbuf = (srcByte(src, pos) | (srcByte(src, pos + 1) << 8)) << 16;
  if (pos + 3 < end) bitbuf |= srcByte(src, pos + 2) | (srcByte(src, pos + 3) << 8);
  let bitsleft = 32;
  pos += 4;

  let op = 0;
  while (op < dstLen) {
    let e = load<i32>(table + (<usize>(bitbuf >> (32 - TABLE_BITS)) << 2));
    let n: i32;
    if (e >= SUBTABLE_FLAG) {
      const sub = <u32>(e & 31);
      e = load<i32>(table + (<usize>(((e >>> 5) & SUBTABLE_START_MASK) + <i32>((bitbuf << TABLE_BITS) >> (32 - sub))) << 2));
      n = <i32>TABLE_BITS + (e & 31);
    } else {
      n = e & 31;
    }
    if (e == 0) return E_BAD_CODEWORD;
    bitbuf <<= <u32>n;
    bitsleft -= n;
    if (bitsleft < 16) {
      if (pos + 1 < end) bitbuf |= (srcByte(src, pos) | (srcByte(src, pos + 1) << 8)) << <u32>(16 - bitsleft);
      else if (pos >= overrunLimit) return E_ENDS_EARLY;
      pos += 2;
      bitsleft += 16;
    }

    const sym = e >>> 5;
    if (sym < 256) {
      store<u8>(dst + <usize>op, <u8>sym);
      op++;
      continue;
    }

    let length = sym & 15;
    const log2Offset = (sym >>> 4) & 15;
    if (length == 15) {
      if (pos >= end) return E_LENGTH_BYTE;
      const b = <i32>srcByte(src, pos++);
      if (b == 255) {
        if (pos + 1 >= end) return E_LENGTH_WORD;
        length = <i32>(srcByte(src, pos) | (srcByte(src, pos + 1) << 8));
        pos += 2;
        if (length < 15) return E_LENGTH_SMALL;
      } else {
        length = 15 + b;
      }
    }
    length += MIN_MATCH;

    let offset = 1 << log2Offset;
    if (log2Offset != 0) {
      offset |= <i32>(bitbuf >> <u32>(32 - log2Offset));
      bitbuf <<= <u32>log2Offset;
      bitsleft -= log2Offset;
      if (bitsleft < 16) {
        if (pos + 1 < end) bitbuf |= (srcByte(src, pos) | (srcByte(src, pos + 1) << 8)) << <u32>(16 - bitsleft);
        else if (pos >= overrunLimit) return E_ENDS_EARLY;
        pos += 2;
        bitsleft += 16;
      }
    }

    if (offset > op) return E_BEFORE_START;
    if (length > dstLen - op) return E_PAST_END;
    const to = dst + <usize>op;
    const from = to - <usize>offset;
    if (offset >= 8) {
      // Eight bytes per step: a source eight or more bytes back never overlaps the bytes a step writes; the last
      // step may write up to 7 bytes past the match, inside the output region's slack, and later output covers them.
      let k: usize = 0;
      const len = <usize>length;
      while (k < len) {
        store<u64>(to + k, load<u64>(from + k));
        k += 8;
      }
    } else {
      for (let k = 0; k < length; k++) store<u8>(to + <usize>k, load<u8>(from + <usize>k));
    }
    op += length;
  }
  return 0;
}
