/*
 * XPRESS decompressor: the "LZ77+Huffman" format of [MS-XCA] as WIM uses it (one chunk = one independent stream of
 * at most 64 KiB).
 *
 * A chunk begins with 256 bytes holding 512 4-bit codeword lengths (low nibble first) of the only Huffman code: symbols
 * 0..255 are literal bytes, 256..511 are match headers (low 4 bits: length - 3, with 15 meaning "more follows"; high 4
 * bits: log2 of the offset). The rest is a stream of 16-bit little-endian words read most significant bit first, with
 * extra match-length bytes interleaved between the words: when a match header has length nibble 15, the next byte
 * of input (after the words loaded so far) adds 0..254 to it, and a byte of 255 means a 16-bit little-endian length
 * follows instead. The decoder keeps 16..32 bits buffered, loading the next word whenever fewer than 16 remain; that
 * lookahead fixes where the interleaved bytes sit, so it must be exactly MS-XCA's. Offset bits (log2 of them, below a
 * leading 1 bit) follow the length bytes. Symbol 256 after the data (end of data) is written by compressors but not
 * needed for decoding: the chunk's uncompressed size ends it.
 */

import { CompressionFormat, CorruptDataError, type Decompressor } from './codec';
import { checkBuffers } from './bitstream-decode';
import { buildDecodeTable, decodeTableSize, SUBTABLE_FLAG, SUBTABLE_START_MASK } from './huffman-decode';
import { instantiateKernel, WasmArena, type WasmMemory } from './wasm-loader';

const NUM_SYMBOLS = 512;
const MAX_CODEWORD_LEN = 15;
const TABLE_BITS = 12;
const MIN_MATCH = 3;
/** XPRESS offsets are at most 65535, so a chunk is at most 64 KiB. */
export const XPRESS_MAX_CHUNK_SIZE = 65536;

/** The decoding loop compiled to WebAssembly (wasm/xpress-decode.ts); it returns 0 or an error number. */
interface XpressDecodeKernel {
  memory: WasmMemory;
  heapBase(): number;
  decode(src: number, srcLen: number, table: number, dst: number, dstLen: number): number;
  /** Unpacks the chunk's codeword lengths, builds the decode table there, and decodes as decode. */
  decodeChunk(src: number, srcLen: number, table: number, tableSize: number, dst: number, dstLen: number): number;
}

/** The kernel's error numbers, in its order, as messages. */
const KERNEL_ERRORS = [
  '',
  'XPRESS data uses a codeword its Huffman code does not have',
  'XPRESS data ends early',
  'XPRESS match length byte missing',
  'XPRESS match length word missing',
  'XPRESS match length word is too small',
  'XPRESS match refers before the start of the chunk',
  'XPRESS match runs past the end of the chunk',
  'XPRESS Huffman code lengths are invalid',
];

/** Room for a compressed chunk in the kernel's memory beyond the chunk size (larger inputs take the TypeScript loop). */
const SRC_SLACK = 1024;

export class XpressDecompressor implements Decompressor {
  readonly format = CompressionFormat.Xpress;
  readonly maxChunkSize: number;
  private readonly lens = new Uint8Array(NUM_SYMBOLS);
  private readonly table: Int32Array;
  private readonly kernel: XpressDecodeKernel | undefined;
  /** Which loop decodes: 'ts', 'wasm' or 'wasm-simd' (tests and measurement). */
  readonly kernelName: string;
  /**
   * With the kernel: whether it also builds the decode table (true), or this side does and the kernel only runs the
   * loop (false: the TypeScript oracle, for tests and paired measurement).
   */
  tablesInKernel = true;
  // The kernel's regions (addresses) and the views of its input and output.
  private readonly srcAt: number = 0;
  private readonly tableAt: number = 0;
  private readonly dstAt: number = 0;
  private readonly srcView: Uint8Array = new Uint8Array(0);
  private readonly dstView: Uint8Array = new Uint8Array(0);

  constructor(maxChunkSize: number) {
    if (!Number.isInteger(maxChunkSize) || maxChunkSize < 1 || maxChunkSize > XPRESS_MAX_CHUNK_SIZE) {
      throw new RangeError(`XPRESS chunk size must be 1..${XPRESS_MAX_CHUNK_SIZE} bytes, not ${maxChunkSize}`);
    }
    this.maxChunkSize = maxChunkSize;
    const tableSize = decodeTableSize(NUM_SYMBOLS, TABLE_BITS, MAX_CODEWORD_LEN);
    const inst = instantiateKernel('xpress-decode');
    if (inst) {
      // The table is built in the kernel's memory (by the kernel, or by this side as the oracle); the chunk is copied
      // in and the output copied out.
      const k = inst.exports as unknown as XpressDecodeKernel;
      const arena = new WasmArena(k.memory, k.heapBase());
      this.srcAt = arena.reserve(maxChunkSize + SRC_SLACK);
      this.tableAt = arena.reserve(4 * tableSize);
      // 8 bytes of slack: the kernel copies matches 8 bytes at a time.
      this.dstAt = arena.reserve(maxChunkSize + 16);
      const mem = arena.commit();
      this.srcView = new Uint8Array(mem, this.srcAt, maxChunkSize + SRC_SLACK);
      this.table = new Int32Array(mem, this.tableAt, tableSize);
      this.dstView = new Uint8Array(mem, this.dstAt, maxChunkSize + 16);
      this.kernel = k;
      this.kernelName = inst.simd ? 'wasm-simd' : 'wasm';
    } else {
      this.table = new Int32Array(tableSize);
      this.kernel = undefined;
      this.kernelName = 'ts';
    }
  }

  decompress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstLen: number): void {
    checkBuffers(src, srcOff, srcLen, dst, dstOff, dstLen, this.maxChunkSize, 'XPRESS');
    if (dstLen === 0) return;
    if (srcLen < NUM_SYMBOLS / 2) throw new CorruptDataError('XPRESS chunk too short for its Huffman table');

    const kernel = this.kernel;
    if (kernel && this.tablesInKernel && srcLen <= this.srcView.length) {
      this.srcView.set(src.subarray(srcOff, srcOff + srcLen));
      const err = kernel.decodeChunk(this.srcAt, srcLen, this.tableAt, this.table.length, this.dstAt, dstLen);
      if (err !== 0) throw new CorruptDataError(KERNEL_ERRORS[err]);
      dst.set(this.dstView.subarray(0, dstLen), dstOff);
      return;
    }

    const lens = this.lens;
    for (let i = 0; i < NUM_SYMBOLS / 2; i++) {
      const b = src[srcOff + i];
      lens[2 * i] = b & 15;
      lens[2 * i + 1] = b >>> 4;
    }
    const table = this.table;
    if (!buildDecodeTable(table, TABLE_BITS, lens, 0, NUM_SYMBOLS, MAX_CODEWORD_LEN)) {
      throw new CorruptDataError('XPRESS Huffman code lengths are invalid');
    }

    if (kernel && srcLen <= this.srcView.length) {
      this.srcView.set(src.subarray(srcOff, srcOff + srcLen));
      const err = kernel.decode(this.srcAt, srcLen, this.tableAt, this.dstAt, dstLen);
      if (err !== 0) throw new CorruptDataError(KERNEL_ERRORS[err]);
      dst.set(this.dstView.subarray(0, dstLen), dstOff);
      return;
    }

    const end = srcOff + srcLen;
    // A valid stream never makes the decoder load more than one word past its end; allow a little slack.
    const overrunLimit = end + 4;
    let pos = srcOff + NUM_SYMBOLS / 2;
    // Bits, left-justified: the next bit is bit 31. MS-XCA starts with two words loaded (missing ones read as 0).
    let bitbuf = 0;
    if (pos + 1 < end) bitbuf = (src[pos] | (src[pos + 1] << 8)) << 16;
    if (pos + 3 < end) bitbuf |= src[pos + 2] | (src[pos + 3] << 8);
    let bitsleft = 32;
    pos += 4;

    let op = dstOff;
    const dstEnd = dstOff + dstLen;
    while (op < dstEnd) {
      // Huffman symbol (at most 15 bits; at least 16 are buffered).
      let e = table[bitbuf >>> (32 - TABLE_BITS)];
      let n: number;
      if (e >= SUBTABLE_FLAG) {
        e = table[((e >>> 5) & SUBTABLE_START_MASK) + ((bitbuf << TABLE_BITS) >>> (32 - (e & 31)))];
        n = TABLE_BITS + (e & 31);
      } else {
        n = e & 31;
      }
      if (e === 0) throw new CorruptDataError('XPRESS data uses a codeword its Huffman code does not have');
      bitbuf <<= n;
      bitsleft -= n;
      if (bitsleft < 16) {
        if (pos + 1 < end) bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
        else if (pos >= overrunLimit) throw new CorruptDataError('XPRESS data ends early');
        pos += 2;
        bitsleft += 16;
      }

      const sym = e >>> 5;
      if (sym < 256) {
        dst[op++] = sym;
        continue;
      }

      // Match: the extra length bytes come before the offset bits.
      let length = sym & 15;
      const log2Offset = (sym >>> 4) & 15;
      if (length === 15) {
        if (pos >= end) throw new CorruptDataError('XPRESS match length byte missing');
        const b = src[pos++];
        if (b === 255) {
          if (pos + 1 >= end) throw new CorruptDataError('XPRESS match length word missing');
          length = src[pos] | (src[pos + 1] << 8);
          pos += 2;
          if (length < 15) throw new CorruptDataError('XPRESS match length word is too small');
        } else {
          length = 15 + b;
        }
      }
      length += MIN_MATCH;

      let offset = 1 << log2Offset;
      if (log2Offset !== 0) {
        offset |= bitbuf >>> (32 - log2Offset);
        bitbuf <<= log2Offset;
        bitsleft -= log2Offset;
        if (bitsleft < 16) {
          if (pos + 1 < end) bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
          else if (pos >= overrunLimit) throw new CorruptDataError('XPRESS data ends early');
          pos += 2;
          bitsleft += 16;
        }
      }

      if (offset > op - dstOff) throw new CorruptDataError('XPRESS match refers before the start of the chunk');
      if (length > dstEnd - op) throw new CorruptDataError('XPRESS match runs past the end of the chunk');
      let from = op - offset;
      if (offset >= length && length > 32) {
        dst.copyWithin(op, from, from + length);
        op += length;
      } else {
        const stop = op + length;
        while (op < stop) dst[op++] = dst[from++];
      }
    }
  }
}
