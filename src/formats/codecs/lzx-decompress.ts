/*
 * LZX decompressor, as WIM uses LZX: every chunk is an independent LZX stream whose window is the chunk size
 * (32 KiB by default; wimlib allows 32 KiB .. 2 MiB), with no LZX DELTA extensions.
 *
 * The stream is 16-bit little-endian words read most significant bit first, divided into blocks. A block header is a
 * 3-bit type (1 verbatim, 2 aligned offset, 3 uncompressed) and a size: one bit 1 means 32768 bytes, else 16 bits of
 * size follow (24 bits when the window is 64 KiB or more). Compressed blocks carry Huffman codes for the main alphabet
 * (256 literals + 8 length headers per offset slot), the match lengths (249 symbols) and, in aligned blocks, the low 3
 * bits of large offsets (8 symbols). Main and length code lengths are sent through a 20-symbol "pretree" as deltas
 * from the previous block's lengths (all 0 at the start of a chunk), with run-length symbols 17 (4+ zeros), 18 (20+
 * zeros) and 19 (4-5 copies of one delta). Offset slots 0-2 repeat the recent offsets R0 R1 R2 (a swap with R0, not a
 * true LRU); other slots add verbatim (and, in aligned blocks, aligned-code) bits to the slot base and push onto R0.
 *
 * An uncompressed block realigns the bitstream: 1 to 16 bits of padding up to the next 16-bit boundary (16 when the
 * header ended exactly on one), then R0 R1 R2 as three little-endian u32s, the raw bytes, and one pad byte after an odd
 * size. Finally, WIM always applies the x86 E8 call translation with a fixed "file size" of 12000000 to each chunk
 * (bigger than 10 bytes; a call cannot start in its last 10 bytes): decoding turns absolute targets back into relative.
 */

import { checkBuffers } from './bitstream-decode';
import { CompressionFormat, CorruptDataError, type Decompressor } from './codec';
import { buildDecodeTable, decodeTableSize, SUBTABLE_FLAG, SUBTABLE_START_MASK } from './huffman-decode';
import { instantiateKernel, WasmArena, type WasmMemory } from './wasm-loader';

const NUM_CHARS = 256;
const NUM_LEN_HEADERS = 8;
const NUM_PRIMARY_LENS = 7;
const MIN_MATCH = 2;
const LENCODE_SYMS = 249;
const PRECODE_SYMS = 20;
const ALIGNED_SYMS = 8;
const MAX_OFFSET_SLOTS = 50;
const MAX_MAIN_SYMS = NUM_CHARS + MAX_OFFSET_SLOTS * NUM_LEN_HEADERS;
const MAIN_MAX_LEN = 16;
const LEN_MAX_LEN = 16;
const PRE_MAX_LEN = 15;
const ALIGNED_MAX_LEN = 7;
const MAIN_TABLE_BITS = 11;
const LEN_TABLE_BITS = 10;
const PRE_TABLE_BITS = 8;
const ALIGNED_TABLE_BITS = 7;
const DEFAULT_BLOCK_SIZE = 32768;
const E8_FILE_SIZE = 12000000;
const MINUS_E8_FILE_SIZE = -12000000;
/** Four E8 bytes, as an int32. */
const E8_X4 = 0xe8e8e8e8 | 0;
/** Pretree runs may write past the last length; wimlib lets them spill into the following lengths, and so do we. */
const LENS_SLACK = 64;
/**
 * Zero bytes after the copy of a chunk's input. Past its end the stream reads as zeros and a refill throws only once
 * the reader is more than 8 bytes beyond it, so the last word read ends at most 10 bytes past the end.
 */
const INPUT_PAD = 16;
const EMPTY = new Uint8Array(0);
/** Compressed input beyond this for one chunk (at most 2 MiB of output) can only be corrupt; it keeps sizes int32. */
const MAX_INPUT = 0x40000000;

export const LZX_MIN_CHUNK_SIZE = 32768;
export const LZX_MAX_CHUNK_SIZE = 2097152;

/** Offset slot -> extra bits: 0 for slots 0-3, then (slot - 2) >> 1, at most 17. */
const EXTRA_BITS = new Uint8Array(MAX_OFFSET_SLOTS);
/** Offset slot -> smallest real offset of the slot (slot s >= 3; "formatted" offset minus 2). */
const SLOT_BASE = new Int32Array(MAX_OFFSET_SLOTS + 1);
{
  let formatted = 0;
  for (let s = 0; s < MAX_OFFSET_SLOTS; s++) {
    EXTRA_BITS[s] = s < 4 ? 0 : Math.min(17, (s - 2) >> 1);
    SLOT_BASE[s] = formatted - 2;
    formatted += 1 << EXTRA_BITS[s];
  }
  SLOT_BASE[MAX_OFFSET_SLOTS] = formatted - 2;
}

/** Number of offset slots a window of 2^order bytes needs: enough for offsets up to window - 3. */
function numOffsetSlots(windowOrder: number): number {
  const maxOffset = (1 << windowOrder) - 3;
  let n = 0;
  while (n < MAX_OFFSET_SLOTS && SLOT_BASE[n] <= maxOffset) n++;
  return n;
}

/**
 * The block loop compiled to WebAssembly (wasm/lzx-decode.ts), with the code length reading and table building
 * before it; it returns 0 or an error number.
 */
interface LzxDecodeKernel {
  memory: WasmMemory;
  heapBase(): number;
  setup(input: number, mainTable: number, lenTable: number, alignedTable: number, out: number, state: number, extraBits: number, slotBase: number): void;
  decodeBlock(op: number, blockEnd: number, aligned: number): number;
  /** Reads a verbatim or aligned block's code lengths, builds its tables and decodes it (the header already read). */
  decodeCompressedBlock(op: number, blockEnd: number, aligned: number, numMainSyms: number): number;
  /** Where the kernel keeps the main and length code lengths (static data of the module). */
  mainLensAt(): number;
  lenLensAt(): number;
  /** undoE8Translation on the output region's first len bytes. */
  undoE8(len: number): void;
}

/** The kernel's error numbers, in its order, as messages. */
const KERNEL_ERRORS = [
  '',
  'LZX data ends early',
  'LZX main codeword not in its code',
  'LZX length codeword not in its code',
  'LZX aligned offset codeword not in its code',
  'LZX match refers before the start of the chunk',
  'LZX match runs past the end of its block',
  'LZX aligned offset code is invalid',
  'LZX pretree is invalid',
  'LZX pretree codeword not in its code',
  'LZX pretree run of a run',
  'LZX main code is invalid',
  'LZX length code is invalid',
];

/** Room for a chunk's compressed input in the kernel's memory beyond the chunk size (larger inputs: TypeScript loop). */
const KERNEL_INPUT_SLACK = 4096;

/** The kernel's memory: the views this side fills and reads, and the state region shared with the block loop. */
interface LzxDecodeWasm {
  readonly k: LzxDecodeKernel;
  readonly input: Uint8Array;
  readonly out: Uint8Array;
  /** pos, bitbuf, bitsleft, R0, R1, R2, input length (as in the kernel). */
  readonly state: Int32Array;
  readonly mainTable: Int32Array;
  readonly lenTable: Int32Array;
  readonly alignedTable: Int32Array;
}

export class LzxDecompressor implements Decompressor {
  readonly format = CompressionFormat.Lzx;
  readonly maxChunkSize: number;
  private readonly windowOrder: number;
  private readonly numMainSyms: number;

  /** The main and length code lengths: the kernel's, where it loads, so that either side can read a block's codes. */
  private readonly mainLens: Uint8Array;
  private readonly lenLens: Uint8Array;
  private readonly alignedLens = new Uint8Array(ALIGNED_SYMS);
  private readonly preLens = new Uint8Array(PRECODE_SYMS);
  private readonly mainTable: Int32Array;
  private readonly lenTable: Int32Array;
  private readonly alignedTable: Int32Array;
  /** The WebAssembly block loop where it loads (WIMSH_CODECS, see wasm-loader.ts): the tables are then its views. */
  private readonly wasm: LzxDecodeWasm | undefined;
  /** Which loop decodes: 'ts', 'wasm' or 'wasm-simd' (tests and measurement). */
  readonly kernelName: string;
  /**
   * With the kernel: whether it also reads the code lengths and builds the tables (true), or this side does and the
   * kernel only runs the block loop (false: the TypeScript oracle, for tests and paired measurement).
   */
  tablesInKernel = true;
  private readonly preTable = new Int32Array(decodeTableSize(PRECODE_SYMS, PRE_TABLE_BITS, PRE_MAX_LEN));

  /**
   * The chunk's input, copied to offset 0 with every byte from its last whole 16-bit word on zeroed. Refills then read
   * it without testing for the end: a test whose far side only the last few words of a chunk take would be a branch
   * without type feedback in the optimized loop, and V8 deoptimized decodeBlock at the end of the first chunks.
   */
  private input: Uint8Array = new Uint8Array(0);
  /** The caller's buffer and offset, for the raw bytes of uncompressed blocks (the copy lacks an odd last byte). */
  private src: Uint8Array = EMPTY;
  private srcOff = 0;
  // Bit reader state between blocks (the block loop keeps it in locals): position in `input`, and input length.
  private pos = 0;
  private end = 0;
  private bitbuf = 0;
  private bitsleft = 0;
  /** The recent offsets R0 R1 R2. */
  private readonly recent = new Int32Array(3);

  /** `maxChunkSize` must be the resource's chunk size: it sets the LZX window and with it the stream's layout. */
  constructor(maxChunkSize: number) {
    if (!Number.isInteger(maxChunkSize) || maxChunkSize < 1 || maxChunkSize > LZX_MAX_CHUNK_SIZE) {
      throw new RangeError(`LZX chunk size must be 1..${LZX_MAX_CHUNK_SIZE} bytes, not ${maxChunkSize}`);
    }
    this.maxChunkSize = maxChunkSize;
    let order = 15;
    while (1 << order < maxChunkSize) order++;
    this.windowOrder = order;
    this.numMainSyms = NUM_CHARS + numOffsetSlots(order) * NUM_LEN_HEADERS;
    const mainSize = decodeTableSize(MAX_MAIN_SYMS, MAIN_TABLE_BITS, MAIN_MAX_LEN);
    const lenSize = decodeTableSize(LENCODE_SYMS, LEN_TABLE_BITS, LEN_MAX_LEN);
    const alignedSize = decodeTableSize(ALIGNED_SYMS, ALIGNED_TABLE_BITS, ALIGNED_MAX_LEN);
    const inst = instantiateKernel('lzx-decode');
    if (inst) {
      // Tables, input and output in the kernel's memory, laid out once: the chunk is copied in, block headers are read
      // here, a block's code lengths are read, its tables built and the block decoded there (the tables are used
      // where they are built: nothing crosses per block but the bit reader's state), and the output is copied out.
      const k = inst.exports as unknown as LzxDecodeKernel;
      const arena = new WasmArena(k.memory, k.heapBase());
      const inputSize = maxChunkSize + KERNEL_INPUT_SLACK + INPUT_PAD;
      // 16 bytes of slack after the output: the kernel copies matches 8 bytes at a time.
      const at = [inputSize, 4 * mainSize, 4 * lenSize, 4 * alignedSize, maxChunkSize + 16, 4 * 8, MAX_OFFSET_SLOTS, 4 * (MAX_OFFSET_SLOTS + 1)].map((b) => arena.reserve(b));
      const mem = arena.commit();
      this.wasm = {
        k,
        input: new Uint8Array(mem, at[0], inputSize),
        mainTable: new Int32Array(mem, at[1], mainSize),
        lenTable: new Int32Array(mem, at[2], lenSize),
        alignedTable: new Int32Array(mem, at[3], alignedSize),
        out: new Uint8Array(mem, at[4], maxChunkSize + 16),
        state: new Int32Array(mem, at[5], 8),
      };
      new Uint8Array(mem, at[6], MAX_OFFSET_SLOTS).set(EXTRA_BITS);
      new Int32Array(mem, at[7], MAX_OFFSET_SLOTS + 1).set(SLOT_BASE);
      k.setup(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7]);
      this.mainTable = this.wasm.mainTable;
      this.lenTable = this.wasm.lenTable;
      this.alignedTable = this.wasm.alignedTable;
      this.mainLens = new Uint8Array(mem, k.mainLensAt(), MAX_MAIN_SYMS + LENS_SLACK);
      this.lenLens = new Uint8Array(mem, k.lenLensAt(), LENCODE_SYMS + LENS_SLACK);
      this.kernelName = inst.simd ? 'wasm-simd' : 'wasm';
    } else {
      this.mainLens = new Uint8Array(MAX_MAIN_SYMS + LENS_SLACK);
      this.lenLens = new Uint8Array(LENCODE_SYMS + LENS_SLACK);
      this.wasm = undefined;
      this.mainTable = new Int32Array(mainSize);
      this.lenTable = new Int32Array(lenSize);
      this.alignedTable = new Int32Array(alignedSize);
      this.kernelName = 'ts';
    }
  }

  decompress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstLen: number): void {
    checkBuffers(src, srcOff, srcLen, dst, dstOff, dstLen, this.maxChunkSize, 'LZX');
    if (srcLen > MAX_INPUT) throw new CorruptDataError(`LZX chunk of ${srcLen} compressed bytes is implausibly large`);
    // Callers may pass sizes computed in floating point (a resource's last chunk): V8 then holds them as heap numbers,
    // and optimized code that saw only small integers deoptimizes on the first such chunk. `| 0` makes them small
    // integers again; both fit (dstLen <= maxChunkSize), as does an offset below 2^30.
    srcLen |= 0;
    dstLen |= 0;
    if (dstOff < 0x40000000) dstOff |= 0;
    const evenLen = srcLen & ~1;
    // With the kernel (and an input that fits its region) the chunk is decoded into its output region, from offset 0.
    const wasm = this.wasm !== undefined && srcLen + INPUT_PAD <= this.wasm.input.length ? this.wasm : undefined;
    if (wasm) this.input = wasm.input;
    else if (this.input.length < srcLen + INPUT_PAD || (this.wasm && this.input === this.wasm.input)) this.input = new Uint8Array(Math.max(srcLen, this.maxChunkSize) + INPUT_PAD);
    const input = this.input;
    input.set(src.subarray(srcOff, srcOff + evenLen), 0);
    input.fill(0, evenLen, srcLen + INPUT_PAD);
    this.src = src;
    this.srcOff = srcOff;
    this.pos = 0;
    this.end = srcLen;
    this.bitbuf = 0;
    this.bitsleft = 0;
    const recent = this.recent;
    recent[0] = 1;
    recent[1] = 1;
    recent[2] = 1;
    this.mainLens.fill(0);
    this.lenLens.fill(0);

    const outBuf = wasm ? wasm.out : dst;
    const outOff = wasm ? 0 : dstOff;
    const dstEnd = outOff + dstLen;
    // For copying matches 4 bytes at a time. One per call rather than cached: a cached view would keep the caller's
    // (possibly large) output buffer alive after the call.
    const view = wasm ? undefined : new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
    let op = outOff;
    let mayHaveE8 = false;
    try {
      while (op < dstEnd) {
        const blockType = this.readBits(3);
        let blockSize: number;
        if (this.readBits(1) === 1) {
          blockSize = DEFAULT_BLOCK_SIZE;
        } else {
          blockSize = this.readBits(16);
          if (this.windowOrder >= 16) blockSize = (blockSize << 8) | this.readBits(8);
        }
        if (blockSize < 1 || blockSize > dstEnd - op) {
          throw new CorruptDataError(`LZX block of ${blockSize} bytes does not fit the ${dstEnd - op} bytes left in the chunk`);
        }
        if ((blockType === 1 || blockType === 2) && wasm && this.tablesInKernel) {
          this.decodeBlockWasm(wasm, op, op + blockSize, blockType === 2, true);
          if (this.mainLens[0xe8] !== 0) mayHaveE8 = true;
        } else if (blockType === 1 || blockType === 2) {
          if (blockType === 2) {
            for (let i = 0; i < ALIGNED_SYMS; i++) this.alignedLens[i] = this.readBits(3);
            if (!buildDecodeTable(this.alignedTable, ALIGNED_TABLE_BITS, this.alignedLens, 0, ALIGNED_SYMS, ALIGNED_MAX_LEN)) {
              throw new CorruptDataError('LZX aligned offset code is invalid');
            }
          }
          this.readLens(this.mainLens, 0, NUM_CHARS);
          this.readLens(this.mainLens, NUM_CHARS, this.numMainSyms - NUM_CHARS);
          this.readLens(this.lenLens, 0, LENCODE_SYMS);
          if (!buildDecodeTable(this.mainTable, MAIN_TABLE_BITS, this.mainLens, 0, this.numMainSyms, MAIN_MAX_LEN)) {
            throw new CorruptDataError('LZX main code is invalid');
          }
          if (!buildDecodeTable(this.lenTable, LEN_TABLE_BITS, this.lenLens, 0, LENCODE_SYMS, LEN_MAX_LEN)) {
            throw new CorruptDataError('LZX length code is invalid');
          }
          if (wasm) this.decodeBlockWasm(wasm, op, op + blockSize, blockType === 2, false);
          else this.decodeBlock(dst, view as DataView, dstOff, dstEnd, op, op + blockSize, blockType === 2);
          if (this.mainLens[0xe8] !== 0) mayHaveE8 = true;
        } else if (blockType === 3) {
          this.readUncompressedBlock(outBuf, op, blockSize);
          mayHaveE8 = true;
        } else {
          throw new CorruptDataError(`LZX block type ${blockType} is not a block type`);
        }
        op += blockSize;
      }
    } finally {
      this.src = EMPTY;
    }
    if (wasm) {
      if (mayHaveE8) wasm.k.undoE8(dstLen);
      dst.set(wasm.out.subarray(0, dstLen), dstOff);
    } else if (mayHaveE8) undoE8Translation(dst, dstOff, dstLen);
  }

  /**
   * decodeBlock by the kernel, after it read the block's codes and built their tables when withCodes: the bit reader
   * and recent offsets go over in its state region and come back.
   */
  private decodeBlockWasm(wasm: LzxDecodeWasm, op: number, blockEnd: number, aligned: boolean, withCodes: boolean): void {
    const st = wasm.state;
    const recent = this.recent;
    st[0] = this.pos;
    st[1] = this.bitbuf;
    st[2] = this.bitsleft;
    st[3] = recent[0];
    st[4] = recent[1];
    st[5] = recent[2];
    st[6] = this.end;
    const err = withCodes ? wasm.k.decodeCompressedBlock(op, blockEnd, aligned ? 1 : 0, this.numMainSyms) : wasm.k.decodeBlock(op, blockEnd, aligned ? 1 : 0);
    if (err !== 0) throw new CorruptDataError(KERNEL_ERRORS[err]);
    this.pos = st[0];
    this.bitbuf = st[1];
    this.bitsleft = st[2];
    recent[0] = st[3];
    recent[1] = st[4];
    recent[2] = st[5];
  }

  /** Loads 16-bit words until at least n (<= 17) bits are buffered; past the end of input, words read as zeros. */
  private ensure(n: number): void {
    while (this.bitsleft < n) {
      const p = this.pos;
      if (p > this.end + 8) throw new CorruptDataError('LZX data ends early');
      this.bitbuf |= (this.input[p] | (this.input[p + 1] << 8)) << (16 - this.bitsleft);
      this.pos = p + 2;
      this.bitsleft += 16;
    }
  }

  /** Reads n (1..17) bits. */
  private readBits(n: number): number {
    this.ensure(n);
    const v = this.bitbuf >>> (32 - n);
    this.bitbuf <<= n;
    this.bitsleft -= n;
    return v;
  }

  /**
   * Reads a pretree, then `count` code lengths at lens[off...] as deltas from their previous values. The bit reader
   * lives in locals here as in decodeBlock: ~700 pretree symbols per block, and a short command decodes its first
   * blocks in the interpreter, where a method call and field accesses per symbol cost more than the decoding. Words
   * are loaded at the same points as readBits would load them (when fewer bits are left than the next read needs).
   */
  private readLens(lens: Uint8Array, off: number, count: number): void {
    const src = this.input;
    const overrunLimit = this.end + 8;
    let pos = this.pos;
    let bitbuf = this.bitbuf;
    let bitsleft = this.bitsleft;
    const preLens = this.preLens;
    for (let i = 0; i < PRECODE_SYMS; i++) {
      if (bitsleft < 4) {
        if (pos > overrunLimit) throw new CorruptDataError('LZX data ends early');
        bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
        pos += 2;
        bitsleft += 16;
      }
      preLens[i] = bitbuf >>> 28;
      bitbuf <<= 4;
      bitsleft -= 4;
    }
    const table = this.preTable;
    if (!buildDecodeTable(table, PRE_TABLE_BITS, preLens, 0, PRECODE_SYMS, PRE_MAX_LEN)) {
      throw new CorruptDataError('LZX pretree is invalid');
    }
    let p = off;
    const stop = off + count;
    // One pass per pretree symbol; a "same" run (19) comes back once more for the delta symbol that follows it.
    let sameRun = 0;
    while (p < stop || sameRun !== 0) {
      if (bitsleft < PRE_MAX_LEN) {
        if (pos > overrunLimit) throw new CorruptDataError('LZX data ends early');
        bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
        pos += 2;
        bitsleft += 16;
      }
      let e = table[bitbuf >>> (32 - PRE_TABLE_BITS)];
      let n: number;
      if (e >= SUBTABLE_FLAG) {
        e = table[((e >>> 5) & SUBTABLE_START_MASK) + ((bitbuf << PRE_TABLE_BITS) >>> (32 - (e & 31)))];
        n = PRE_TABLE_BITS + (e & 31);
      } else {
        n = e & 31;
      }
      if (e === 0) throw new CorruptDataError('LZX pretree codeword not in its code');
      bitbuf <<= n;
      bitsleft -= n;
      const presym = e >>> 5;
      if (sameRun !== 0) {
        // The delta of a run of one repeated length.
        if (presym > 17) throw new CorruptDataError('LZX pretree run of a run');
        const len = (lens[p] + 17 - presym) % 17;
        // A run may spill past `stop` into the slack (or the next part's lengths), as in wimlib.
        for (let k = 0; k < sameRun; k++) lens[p + k] = len;
        p += sameRun;
        sameRun = 0;
        continue;
      }
      if (presym < 17) {
        lens[p] = (lens[p] + 17 - presym) % 17;
        p++;
        continue;
      }
      // Runs: 17 is 4 + 4 bits zeros, 18 is 20 + 5 bits zeros, 19 is 4 + 1 bit copies of the next symbol's delta.
      const runBits = presym === 17 ? 4 : presym === 18 ? 5 : 1;
      if (bitsleft < runBits) {
        if (pos > overrunLimit) throw new CorruptDataError('LZX data ends early');
        bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
        pos += 2;
        bitsleft += 16;
      }
      const run = (presym === 18 ? 20 : 4) + (bitbuf >>> (32 - runBits));
      bitbuf <<= runBits;
      bitsleft -= runBits;
      if (presym === 19) {
        sameRun = run;
        continue;
      }
      for (let k = 0; k < run; k++) lens[p + k] = 0;
      p += run;
    }
    this.pos = pos;
    this.bitbuf = bitbuf;
    this.bitsleft = bitsleft;
  }

  private readUncompressedBlock(dst: Uint8Array, op: number, size: number): void {
    // Realign: skip the rest of the word holding the header's last bit, or one whole word if the header ended on a
    // word boundary. The reader may have loaded words ahead: of the `bitsleft` buffered bits, all but the partial
    // word's remainder belong to words after it.
    const p0 = this.pos - 2 * ((this.bitsleft + 15) >> 4) + 2;
    this.bitbuf = 0;
    this.bitsleft = 0;
    const src = this.src;
    const base = this.srcOff + p0;
    if (p0 + 12 + size > this.end) throw new CorruptDataError('LZX uncompressed block runs past the end of the chunk');
    const recent = this.recent;
    for (let i = 0; i < 3; i++) {
      const q = base + 4 * i;
      const v = (src[q] | (src[q + 1] << 8) | (src[q + 2] << 16) | (src[q + 3] << 24)) >>> 0;
      if (v === 0) throw new CorruptDataError('LZX uncompressed block has a recent offset of 0');
      // An offset beyond any window is only an error once a match uses it; keep it representable until then.
      recent[i] = Math.min(v, 0x40000000);
    }
    dst.set(src.subarray(base + 12, base + 12 + size), op);
    this.pos = p0 + 12 + size + (size & 1);
  }

  /** Decodes the literals and matches of one verbatim or aligned block into dst[op, blockEnd). */
  private decodeBlock(
    dst: Uint8Array,
    view: DataView,
    chunkStart: number,
    chunkEnd: number,
    op: number,
    blockEnd: number,
    aligned: boolean,
  ): void {
    const src = this.input;
    const overrunLimit = this.end + 8;
    const mainTable = this.mainTable;
    const lenTable = this.lenTable;
    const alignedTable = this.alignedTable;
    const recent = this.recent;
    let r0 = recent[0];
    let r1 = recent[1];
    let r2 = recent[2];
    let pos = this.pos;
    let bitbuf = this.bitbuf;
    let bitsleft = this.bitsleft;
    // Slots from here on take their low 3 offset bits from the aligned code.
    const minAlignedSlot = aligned ? 8 : MAX_OFFSET_SLOTS;
    // Word copies may write up to 7 bytes past a match: harmless before the chunk's end, where nothing is decoded yet.
    const wordCopyEnd = chunkEnd - 7;

    while (op < blockEnd) {
      if (bitsleft < 16) {
        if (pos > overrunLimit) throw new CorruptDataError('LZX data ends early');
        bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
        pos += 2;
        bitsleft += 16;
      }
      let e = mainTable[bitbuf >>> (32 - MAIN_TABLE_BITS)];
      let n: number;
      if (e >= SUBTABLE_FLAG) {
        e = mainTable[((e >>> 5) & SUBTABLE_START_MASK) + ((bitbuf << MAIN_TABLE_BITS) >>> (32 - (e & 31)))];
        n = MAIN_TABLE_BITS + (e & 31);
      } else {
        n = e & 31;
      }
      if (e === 0) throw new CorruptDataError('LZX main codeword not in its code');
      bitbuf <<= n;
      bitsleft -= n;
      let sym = e >>> 5;
      if (sym < NUM_CHARS) {
        dst[op++] = sym;
        continue;
      }

      sym -= NUM_CHARS;
      let length = sym & 7;
      const slot = sym >>> 3;
      if (length === NUM_PRIMARY_LENS) {
        if (bitsleft < 16) {
          if (pos > overrunLimit) throw new CorruptDataError('LZX data ends early');
          bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
          pos += 2;
          bitsleft += 16;
        }
        e = lenTable[bitbuf >>> (32 - LEN_TABLE_BITS)];
        if (e >= SUBTABLE_FLAG) {
          e = lenTable[((e >>> 5) & SUBTABLE_START_MASK) + ((bitbuf << LEN_TABLE_BITS) >>> (32 - (e & 31)))];
          n = LEN_TABLE_BITS + (e & 31);
        } else {
          n = e & 31;
        }
        if (e === 0) throw new CorruptDataError('LZX length codeword not in its code');
        bitbuf <<= n;
        bitsleft -= n;
        length += e >>> 5;
      }
      length += MIN_MATCH;

      let offset: number;
      if (slot === 0) {
        offset = r0;
      } else if (slot === 1) {
        offset = r1;
        r1 = r0;
        r0 = offset;
      } else if (slot === 2) {
        offset = r2;
        r2 = r0;
        r0 = offset;
      } else {
        let extra = EXTRA_BITS[slot];
        offset = SLOT_BASE[slot];
        if (slot >= minAlignedSlot) extra -= 3;
        if (extra > 0) {
          while (bitsleft < extra) {
            if (pos > overrunLimit) throw new CorruptDataError('LZX data ends early');
            bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
            pos += 2;
            bitsleft += 16;
          }
          offset += bitbuf >>> (32 - extra) << (slot >= minAlignedSlot ? 3 : 0);
          bitbuf <<= extra;
          bitsleft -= extra;
        }
        if (slot >= minAlignedSlot) {
          if (bitsleft < ALIGNED_MAX_LEN) {
            if (pos > overrunLimit) throw new CorruptDataError('LZX data ends early');
            bitbuf |= (src[pos] | (src[pos + 1] << 8)) << (16 - bitsleft);
            pos += 2;
            bitsleft += 16;
          }
          e = alignedTable[bitbuf >>> (32 - ALIGNED_TABLE_BITS)];
          if (e === 0) throw new CorruptDataError('LZX aligned offset codeword not in its code');
          n = e & 31;
          bitbuf <<= n;
          bitsleft -= n;
          offset += e >>> 5;
        }
        r2 = r1;
        r1 = r0;
        r0 = offset;
      }

      if (offset > op - chunkStart) throw new CorruptDataError('LZX match refers before the start of the chunk');
      if (length > blockEnd - op) throw new CorruptDataError('LZX match runs past the end of its block');
      let from = op - offset;
      const stop = op + length;
      if (offset >= length && length > 64) {
        dst.copyWithin(op, from, stop - offset);
        op = stop;
      } else if (offset >= 4 && stop <= wordCopyEnd) {
        // 4 bytes at a time: with offset >= 4 each word read is fully written already, even where the match overlaps.
        // Most matches are 8 bytes or shorter: two words, no loop.
        view.setInt32(op, view.getInt32(from, true), true);
        view.setInt32(op + 4, view.getInt32(from + 4, true), true);
        if (length > 8) {
          op += 8;
          from += 8;
          do {
            view.setInt32(op, view.getInt32(from, true), true);
            view.setInt32(op + 4, view.getInt32(from + 4, true), true);
            op += 8;
            from += 8;
          } while (op < stop);
        }
        op = stop;
      } else {
        while (op < stop) dst[op++] = dst[from++];
      }
    }

    recent[0] = r0;
    recent[1] = r1;
    recent[2] = r2;
    this.pos = pos;
    this.bitbuf = bitbuf;
    this.bitsleft = bitsleft;
  }
}


/**
 * Undoes WIM's E8 preprocessing on dst[off, off+len): each E8 byte starting before the last 10 bytes is followed by a
 * 32-bit absolute target that becomes relative again (targets outside [-pos, 12000000) were left alone), and the 4
 * target bytes are skipped.
 */
export function undoE8Translation(dst: Uint8Array, off: number, len: number): void {
  if (len <= 10) return;
  const limit = off + len - 10;
  // A sentinel E8 just past the reach of any translation (which touches at most limit + 3) bounds the search; its
  // word is read whole, and ends 3 bytes further, short of the chunk's end.
  const sentinelAt = limit + 4;
  const saved = dst[sentinelAt];
  dst[sentinelAt] = 0xe8;
  const view = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
  let p = off;
  for (;;) {
    // Skip 4 bytes at a time while none is E8 (a word XOR E8E8E8E8 has a zero byte exactly when one is): about 1 E8 in
    // 100 bytes of code, and indexOf per E8 cost a native call each time.
    for (;;) {
      const x = view.getInt32(p, true) ^ E8_X4;
      if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
      p += 4;
    }
    while (dst[p] !== 0xe8) p++;
    if (p >= limit) break;
    const pos = p - off;
    const abs = dst[p + 1] | (dst[p + 2] << 8) | (dst[p + 3] << 16) | (dst[p + 4] << 24);
    // Targets in [0, 12000000) lose the position, those in [-pos, 0) gain 12000000, others stay. Every operation runs
    // for every E8 and the target is always stored back (unchanged when out of range): an operation first run after
    // V8 optimized this loop would deoptimize it, and in metadata in-range targets can be rare. The range test is one
    // unsigned comparison of abs + pos against [0, 12000000 + pos).
    const moved = abs - (abs >= 0 ? pos : MINUS_E8_FILE_SIZE);
    const rel = (abs + pos) >>> 0 < E8_FILE_SIZE + pos ? moved : abs;
    dst[p + 1] = rel;
    dst[p + 2] = rel >> 8;
    dst[p + 3] = rel >> 16;
    dst[p + 4] = rel >> 24;
    p += 5;
  }
  dst[sentinelAt] = saved;
}
