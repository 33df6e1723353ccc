/*
 * LZMS decompressor (LZMS-compressed WIMs and solid .esd resources; one chunk = one independent LZMS block of up to
 * 64 MiB in practice, 1 GiB by the format).
 *
 * A block is 16-bit little-endian words read from both ends. From the front, a binary range decoder (range starts at
 * 0xFFFFFFFF, code at the first 32 bits; renormalized by 16 bits whenever the range drops below 2^16) decodes the
 * decisions: literal or match, LZ or delta match, explicit or repeat offset, which repeat. Each decision class has
 * probability entries chosen by its last 4 (main), 5 (match) or 6 (others) decisions; an entry's probability of a 0
 * is the number of 0s among the last 64 bits it coded, over 64 (clamped to 1..63), starting from 48/64.
 * From the back, most significant bit first, come Huffman-coded symbols and verbatim extra bits: literals (256
 * symbols), LZ and delta offset slots (as many as the block's size needs), length slots (54) and delta powers (8).
 * Those codes adapt: each starts from all frequencies 1 and is rebuilt, every 1024 (literal, offsets) or 512 (length,
 * power) symbols it decodes, from the counted frequencies, which are then halved (plus 1). Both sides must build the
 * very same canonical code: the classic two-queue Huffman construction preferring leaves on frequency ties, lengths
 * handed out longest first to the symbols in (frequency, symbol) order.
 * LZ matches copy; delta matches (span 2^power, offset = raw offset * span) add the difference of two earlier runs.
 * Repeat offsets come from LRU queues of 3 (LZ offsets; delta (power, raw offset) pairs) whose insertion is delayed by
 * one item: right after a match of the same kind, repeat index k means queue slot k + 1.
 * Finally an x86 filter turns absolute targets of likely x86 instructions (E8 call; FF 15 call indirect; F0 83 05 lock
 * add; 48/4C 8D or 8B with RIP-relative ModR/M) back into relative ones, enabled within 1023 bytes (511 for E8) after
 * a position judged to be x86 code because two instructions there hit the same 16-bit target within 64 KiB.
 *
 * Because the two bitstreams are read from opposite ends towards the middle, a block can also be decoded without
 * holding its stored bytes (decompressFrom): one window slides forwards from the front for the range decoder,
 * another backwards from the end for the bit reader, both refilled between items.
 */

import { checkBuffers } from './bitstream-decode';
import { CompressionFormat, CorruptDataError, type Decompressor } from './codec';
import { buildDecodeTable, decodeTableSize, SUBTABLE_FLAG, SUBTABLE_START_MASK } from './huffman-decode';
import * as slots from './lzms-slots';

export const LZMS_MAX_CHUNK_SIZE = 1 << 30;
/** The largest stored (compressed) block decompressFrom accepts: positions in it stay small integers. */
const LZMS_MAX_STORED_SIZE = 0x7ffffffe;

const MAX_CODEWORD_LEN = 15;
const NUM_LITERAL_SYMS = 256;
const NUM_POWER_SYMS = 8;
// The shared slot tables (lzms-slots.ts) as this module's own constants: the loops read them as locals, not as
// properties of another module.
const NUM_LENGTH_SYMS = slots.NUM_LENGTH_SYMS;
const MAX_OFFSET_SYMS = slots.MAX_OFFSET_SYMS;
const LENGTH_SLOTS = slots.LENGTH_SLOTS;

const LITERAL_TABLE_BITS = 10;
const LENGTH_TABLE_BITS = 9;
const OFFSET_TABLE_BITS = 10;
const POWER_TABLE_BITS = 7;

// The adaptive codes, by index.
const LITERAL = 0;
const LZ_OFFSET = 1;
const LENGTH = 2;
const DELTA_OFFSET = 3;
const POWER = 4;
const REBUILD_PERIOD = Int32Array.of(1024, 1024, 512, 1024, 512);

// Probability entries: one array for every decision class, each class at its base.
const MAIN_PROBS = 0; // 16 entries
const MATCH_PROBS = 16; // 32
const LZ_PROBS = 48; // 64
const DELTA_PROBS = 112; // 64
const LZ_REP0_PROBS = 176; // 64
const LZ_REP1_PROBS = 240; // 64
const DELTA_REP0_PROBS = 304; // 64
const DELTA_REP1_PROBS = 368; // 64
const NUM_PROBS = 432;

const OFFSET = slots.OFFSET_SLOTS;
const OFFSET_EXTRA = OFFSET.extra;
const OFFSET_BASE = new Int32Array(MAX_OFFSET_SYMS); // all bases fit in 31 bits
for (let i = 0; i < MAX_OFFSET_SYMS; i++) OFFSET_BASE[i] = OFFSET.base[i];
const LENGTH_EXTRA = LENGTH_SLOTS.extra;
/** Extra bits are read in pieces of at most 16: by slot, the size of the first piece (the rest is 16 bits). */
const firstPiece = (extra: Uint8Array): Uint8Array => extra.map((x) => (x > 16 ? x - 16 : x));
const OFFSET_FIRST = firstPiece(OFFSET_EXTRA);
const LENGTH_FIRST = firstPiece(LENGTH_EXTRA);
const LENGTH_BASE = new Int32Array(NUM_LENGTH_SYMS);
for (let i = 0; i < NUM_LENGTH_SYMS; i++) LENGTH_BASE[i] = LENGTH_SLOTS.base[i];
// Offset slots, then length slots, then delta powers (as slots with no extra bits) in SLOT_BASE, SLOT_EXTRA and
// SLOT_FIRST: one loop decodes them all.
const LENGTH_SLOTS_AT = MAX_OFFSET_SYMS;
const POWER_SLOTS_AT = MAX_OFFSET_SYMS + NUM_LENGTH_SYMS;
const NUM_SLOTS = POWER_SLOTS_AT + NUM_POWER_SYMS;
const concat = <T extends Int32Array | Uint8Array>(a: T, b: T, out: T): T => {
  out.set(a);
  out.set(b, a.length);
  return out;
};
const SLOT_BASE = concat(OFFSET_BASE, LENGTH_BASE, new Int32Array(NUM_SLOTS));
for (let i = 0; i < NUM_POWER_SYMS; i++) SLOT_BASE[POWER_SLOTS_AT + i] = i;
const SLOT_EXTRA = concat(OFFSET_EXTRA, LENGTH_EXTRA, new Uint8Array(NUM_SLOTS));
const SLOT_FIRST = concat(OFFSET_FIRST, LENGTH_FIRST, new Uint8Array(NUM_SLOTS));

/** Offset slots needed for a block of `size` bytes: enough for offsets up to size - 1. */
export function lzmsNumOffsetSlots(size: number): number {
  if (size < 2) return 0;
  let n = 0;
  while (n < MAX_OFFSET_SYMS && OFFSET.base[n] <= size - 1) n++;
  return n;
}

/** Bytes that may start an instruction the x86 filter translates. */
const X86_OPCODE = new Uint8Array(256);
for (const b of [0x48, 0x4c, 0xe8, 0xe9, 0xf0, 0xff]) X86_OPCODE[b] = 1;

// Scratch for code construction (one build at a time per thread).
const RADIX_BITS = 6;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;
const radixCounts = new Int32Array(RADIX);
const radixCountsHi = new Int32Array(RADIX);
/** Frequencies in sorted order (the merge reads them without going through the symbol). */
const sortedFreqs = new Int32Array(MAX_OFFSET_SYMS);
const radixTmp = new Uint16Array(MAX_OFFSET_SYMS);
const sortedSyms = new Uint16Array(MAX_OFFSET_SYMS);
const nodeFreq = new Int32Array(MAX_OFFSET_SYMS);
const nodeParent = new Int32Array(MAX_OFFSET_SYMS);
const lenCounts = new Int32Array(MAX_CODEWORD_LEN + 2);

/** Reads bytes [pos, pos + len) of a stored block into buf[off...] (decompressFrom's source). */
export type LzmsInputReader = (buf: Uint8Array, off: number, len: number, pos: number) => void;

/** Size of each of decompressFrom's two input windows. */
export const LZMS_INPUT_WINDOW = 1 << 17;
/** A window is refilled once fewer than this many of its bytes are left to read. */
const INPUT_MARGIN = 64;
/** The smallest window (tests use small ones to slide them often). */
export const LZMS_MIN_INPUT_WINDOW = 4 * INPUT_MARGIN;
/** Read positions that never call for a refill (a whole block in memory, or a window that reaches its end). */
// NEVER_FRONT is a small integer (2^30 - 1, beyond any read position: decompress() views a block lying further on
// through a subarray), so that fSafe always is one: a double there, then a small integer, deoptimizes decode.
const NEVER_FRONT = 0x3fffffff;
const NEVER_BACK = -1;

/** Starting root decode tables (all frequencies 1), by (alphabet size << 4 | table bits). */
const initialTables = new Map<number, Int32Array>();

export class LzmsDecompressor implements Decompressor {
  readonly format = CompressionFormat.Lzms;
  readonly maxChunkSize: number;

  private readonly freqs = [
    new Int32Array(NUM_LITERAL_SYMS),
    new Int32Array(MAX_OFFSET_SYMS),
    new Int32Array(NUM_LENGTH_SYMS),
    new Int32Array(MAX_OFFSET_SYMS),
    new Int32Array(NUM_POWER_SYMS),
  ];
  private readonly lens = [
    new Uint8Array(NUM_LITERAL_SYMS),
    new Uint8Array(MAX_OFFSET_SYMS),
    new Uint8Array(NUM_LENGTH_SYMS),
    new Uint8Array(MAX_OFFSET_SYMS),
    new Uint8Array(NUM_POWER_SYMS),
  ];
  private readonly tables = [
    new Int32Array(decodeTableSize(NUM_LITERAL_SYMS, LITERAL_TABLE_BITS, MAX_CODEWORD_LEN)),
    new Int32Array(decodeTableSize(MAX_OFFSET_SYMS, OFFSET_TABLE_BITS, MAX_CODEWORD_LEN)),
    new Int32Array(decodeTableSize(NUM_LENGTH_SYMS, LENGTH_TABLE_BITS, MAX_CODEWORD_LEN)),
    new Int32Array(decodeTableSize(MAX_OFFSET_SYMS, OFFSET_TABLE_BITS, MAX_CODEWORD_LEN)),
    new Int32Array(decodeTableSize(NUM_POWER_SYMS, POWER_TABLE_BITS, MAX_CODEWORD_LEN)),
  ];
  private readonly tableBits = [LITERAL_TABLE_BITS, OFFSET_TABLE_BITS, LENGTH_TABLE_BITS, OFFSET_TABLE_BITS, POWER_TABLE_BITS];
  private readonly numSyms = [NUM_LITERAL_SYMS, 0, NUM_LENGTH_SYMS, 0, NUM_POWER_SYMS];

  /**
   * Probability entries, four ints each (entry i at 4i, side by side: one entry's update touches one cache line and
   * one index): the number of 0 bits among the last 64 coded with it; those 64 bits, newest in the low bit, as high
   * and low 32-bit halves; unused.
   */
  private readonly probs = new Int32Array(NUM_PROBS * 4);
  /** The last 64 bits coded with each entry, newest in the low bit: high and low 32-bit halves. */

  /** The x86 filter's last position that used each 16-bit target (as x86Base + position). */
  private readonly lastTargetUsages = new Float64Array(65536);
  /**
   * What this block's positions are offset by in lastTargetUsages: each block starts its base past every position
   * the last one could have stored plus the 64 KiB window, so old entries read as too far back and the table never
   * needs clearing. A double, exact far beyond any input size (2^53), so that there is no rare reset path either: one
   * first taken after V8 has optimized decompress costs a deoptimization and slower code afterwards. It starts at 2^31,
   * above the table's zeros and outside the small-integer range, so that the field is a double from the start.
   */
  private x86Base = 2 ** 31;

  // decompressFrom's input: two windows into the block (allocated on first use) and where they lie in it.
  private front = new Uint8Array(0);
  private back = new Uint8Array(0);
  private input: LzmsInputReader | undefined;
  private inputLen = 0;
  /** The front window holds the block's bytes [frontBase, frontBase + frontLen); refill when rpos > frontSafe. */
  private frontBase = 0;
  private frontLen = 0;
  private frontSafe = NEVER_FRONT;
  /** The back window's index 0 is the block's byte backBase; refill when bpos < backSafe. */
  private backBase = 0;
  private backSafe = NEVER_BACK;

  /** Size of each of decompressFrom's input windows (even). */
  private readonly inputWindow: number;

  constructor(maxChunkSize: number, inputWindow = LZMS_INPUT_WINDOW) {
    if (!Number.isInteger(maxChunkSize) || maxChunkSize < 1 || maxChunkSize > LZMS_MAX_CHUNK_SIZE) {
      throw new RangeError(`LZMS chunk size must be 1..${LZMS_MAX_CHUNK_SIZE} bytes, not ${maxChunkSize}`);
    }
    if (!Number.isInteger(inputWindow) || inputWindow < LZMS_MIN_INPUT_WINDOW || inputWindow % 2 !== 0) {
      throw new RangeError(`LZMS input window must be an even number of bytes, at least ${LZMS_MIN_INPUT_WINDOW}, not ${inputWindow}`);
    }
    this.maxChunkSize = maxChunkSize;
    this.inputWindow = inputWindow;
    // Stored a second time, so that V8 takes these fields as mutable from the first instance on: the real windows,
    // allocated on first use, then invalidate no code compiled in the meantime (decompress() runs decode long before).
    this.front = new Uint8Array(0);
    this.back = new Uint8Array(0);
  }

  /**
   * Builds code `c` from its frequencies (canonical Huffman, leaves first on ties) and its decode table; with
   * `halve`, then leaves each frequency halved (plus 1) for the next period.
   */
  private buildCode(c: number, halve: boolean): void {
    const n = this.numSyms[c];
    const freqs = this.freqs[c];
    const lens = this.lens[c];
    if (n <= 1) {
      // No code, or a single symbol given the codeword "0".
      if (n === 1) {
        lens[0] = 1;
        if (halve) freqs[0] = (freqs[0] >>> 1) + 1;
      }
      buildDecodeTable(this.tables[c], this.tableBits[c], lens, 0, n, MAX_CODEWORD_LEN);
      return;
    }
    // Leaves sorted by (frequency, symbol): a two-pass radix sort on the frequency (6 bits a pass), stable in symbol
    // order. Frequencies stay below ~2050 whatever the input (each period adds at most 1024, then they are halved).
    // One counting pass serves both digits; the second scatter also gathers the sorted frequencies and halves them.
    radixCounts.fill(0);
    radixCountsHi.fill(0);
    for (let s = 0; s < n; s++) {
      const f = freqs[s];
      if (f >= 1 << (2 * RADIX_BITS)) throw new CorruptDataError('LZMS symbol frequency out of range');
      radixCounts[f & RADIX_MASK]++;
      radixCountsHi[f >>> RADIX_BITS]++;
    }
    for (let b = 0, sum = 0, sumHi = 0; b < RADIX; b++) {
      const k = radixCounts[b];
      radixCounts[b] = sum;
      sum += k;
      const kHi = radixCountsHi[b];
      radixCountsHi[b] = sumHi;
      sumHi += kHi;
    }
    for (let s = 0; s < n; s++) radixTmp[radixCounts[freqs[s] & RADIX_MASK]++] = s;
    const keep = halve ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const s = radixTmp[i];
      const f = freqs[s];
      const at = radixCountsHi[f >>> RADIX_BITS]++;
      sortedSyms[at] = s;
      sortedFreqs[at] = f;
      // Halved plus 1, or left as it is: (f >> 1) + 1 or f.
      freqs[s] = keep === 1 ? (f >>> 1) + 1 : f;
    }

    // Two queues: leaves in key order, internal nodes in creation order (their frequencies never decrease).
    // Take the smaller front each time; on a tie, the leaf.
    let leaf = 0;
    let next = 0;
    for (let e = 0; e < n - 1; e++) {
      let f: number;
      // First child, then second (written out twice).
      if (leaf < n && (next >= e || sortedFreqs[leaf] <= nodeFreq[next])) {
        f = sortedFreqs[leaf++];
      } else {
        f = nodeFreq[next];
        nodeParent[next++] = e;
      }
      if (leaf < n && (next >= e || sortedFreqs[leaf] <= nodeFreq[next])) {
        f += sortedFreqs[leaf++];
      } else {
        f += nodeFreq[next];
        nodeParent[next++] = e;
      }
      nodeFreq[e] = f;
    }

    // Count codeword lengths: start from the root's two children as leaves; every internal node below the root
    // turns one leaf of its depth into two of the next (over the limit: the deepest length still available).
    for (let l = 0; l <= MAX_CODEWORD_LEN; l++) lenCounts[l] = 0;
    lenCounts[1] = 2;
    const root = n - 2;
    nodeFreq[root] = 0; // reused as depth
    for (let e = root - 1; e >= 0; e--) {
      const depth = nodeFreq[nodeParent[e]] + 1;
      nodeFreq[e] = depth;
      let l = depth;
      if (l >= MAX_CODEWORD_LEN) {
        l = MAX_CODEWORD_LEN - 1;
        while (lenCounts[l] === 0) l--;
      }
      lenCounts[l]--;
      lenCounts[l + 1] += 2;
    }
    // Longest codewords to the least frequent symbols.
    let i = 0;
    for (let l = MAX_CODEWORD_LEN; l >= 1; l--) {
      for (let k = lenCounts[l]; k > 0; k--) lens[sortedSyms[i++]] = l;
    }
    buildDecodeTable(this.tables[c], this.tableBits[c], lens, 0, n, MAX_CODEWORD_LEN);
  }

  /**
   * Gives code `c` its starting decode table (all frequencies 1). That depends only on the alphabet size, so it is
   * built once and copied afterwards: with small chunks, building five codes per chunk would cost more than decoding.
   */
  private initialCode(c: number): void {
    const bits = this.tableBits[c];
    const key = (this.numSyms[c] << 4) | bits;
    const cached = initialTables.get(key);
    if (cached !== undefined) {
      this.tables[c].set(cached);
      return;
    }
    this.buildCode(c, false);
    // Equal frequencies give codewords of at most ceil(log2(numSyms)) bits: the root table alone holds the code.
    const root = this.tables[c].slice(0, 1 << bits);
    for (let i = 0; i < root.length; i++) if (root[i] >= SUBTABLE_FLAG) return;
    initialTables.set(key, root);
  }

  /** Rebuilds code `c` from the frequencies counted since the last rebuild, then halves them. */
  private rebuild(c: number): void {
    this.buildCode(c, true);
  }

  /**
   * Given how many more symbols code `c` may decode before its rebuild, rebuilds it if none (at most one symbol of
   * each code is decoded per item, so it is soon enough to do that before the next item). Returns the new count.
   */
  private rebuildIfDue(c: number, left: number): number {
    if (left > 0) return left;
    this.rebuild(c);
    return REBUILD_PERIOD[c];
  }

  decompress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstLen: number): void {
    checkBuffers(src, srcOff, srcLen, dst, dstOff, dstLen, this.maxChunkSize, 'LZMS');
    if (dstLen === 0) return;
    if (srcLen < 4 || (srcLen & 1) !== 0) throw new CorruptDataError('LZMS data must be an even number of bytes, at least 4');
    if (srcLen > LZMS_MIN_INPUT_WINDOW) {
      // Read through the windows all the same (copying is cheap next to decoding), so that decode's window refills
      // run from the first block on, whichever way blocks come: V8 may compile decode while decoding small blocks,
      // and code it then first runs (a refill) deoptimizes it; compiling decode again takes a few hundred milliseconds.
      const read: LzmsInputReader = (buf, off, len, pos) => buf.set(src.subarray(srcOff + pos, srcOff + pos + len), off);
      this.decompressFrom(read, srcLen, dst, dstOff, dstLen);
      return;
    }
    // The whole block is at hand: both readers work on `src` and never ask for more.
    if (srcOff + srcLen >= NEVER_FRONT) {
      src = src.subarray(srcOff, srcOff + srcLen);
      srcOff = 0;
    }
    this.decode(src, srcOff, srcOff + srcLen, NEVER_FRONT, src, srcOff + srcLen, srcOff, NEVER_BACK, dst, dstOff, dstLen);
  }

  /**
   * Decompresses a block of `srcLen` stored bytes that `read` supplies piece by piece (read(buf, off, len, pos)
   * puts the block's bytes [pos, pos + len) at buf[off...]), into exactly dstLen bytes at dst[dstOff...]. The
   * block is never held whole: the range decoder's bytes come through one window moving forwards from the front,
   * the bit reader's through another moving backwards from the end, each of inputWindow bytes (128 KiB). Same results and
   * errors as decompress() of the whole block.
   */
  decompressFrom(read: LzmsInputReader, srcLen: number, dst: Uint8Array, dstOff: number, dstLen: number): void {
    if (!(dstOff >= 0 && dstLen >= 0 && dstOff + dstLen <= dst.length)) {
      throw new RangeError(`LZMS: destination range [${dstOff}, ${dstOff + dstLen}) is outside the destination buffer`);
    }
    if (!(Number.isSafeInteger(srcLen) && srcLen >= 0)) throw new RangeError(`LZMS: bad source length ${srcLen}`);
    if (dstLen > this.maxChunkSize) throw new CorruptDataError(`LZMS: chunk of ${dstLen} bytes exceeds the chunk size ${this.maxChunkSize}`);
    if (dstLen === 0) return;
    if (srcLen < 4 || (srcLen & 1) !== 0) throw new CorruptDataError('LZMS data must be an even number of bytes, at least 4');
    if (srcLen > LZMS_MAX_STORED_SIZE) throw new CorruptDataError(`LZMS: stored chunk of ${srcLen} bytes is too large`);
    // A small integer from here on: srcLen often comes in as a double (sizes read from the file), and a double stored
    // into inputLen or backBase would change this object's field representation (its map) while V8 compiles decode,
    // throwing that costly compilation away.
    srcLen |= 0;
    const window = this.inputWindow;
    if (this.front.length === 0) {
      this.front = new Uint8Array(window);
      this.back = new Uint8Array(window);
    }
    this.input = read;
    this.inputLen = srcLen;
    try {
      // Any but the smallest block starts with only LZMS_MIN_INPUT_WINDOW bytes in each window, so that the first
      // refills come within its first few items, before V8 optimizes decode(): code first run after that deoptimizes
      // it. (The refills then fill the whole window.)
      const first = srcLen > LZMS_MIN_INPUT_WINDOW ? LZMS_MIN_INPUT_WINDOW : srcLen;
      this.frontBase = 0;
      this.frontLen = first;
      read(this.front, 0, this.frontLen, 0);
      const fSafe = this.frontLen === srcLen ? NEVER_FRONT : this.frontLen - INPUT_MARGIN;
      this.backBase = srcLen - first;
      const bLen = srcLen - this.backBase;
      read(this.back, 0, bLen, this.backBase);
      const bSafe = this.backBase === 0 ? NEVER_BACK : INPUT_MARGIN;
      this.decode(this.front, 0, this.frontLen, fSafe, this.back, bLen, 0, bSafe, dst, dstOff, dstLen);
    } finally {
      this.input = undefined;
    }
  }

  /**
   * Slides the front window on: its unread bytes (from rpos, fewer than INPUT_MARGIN) move to its start, the block's
   * next bytes follow. Returns the new read position (0); frontLen and frontSafe describe the window.
   */
  private refillFront(rpos: number): number {
    const front = this.front;
    const keep = this.frontLen - rpos;
    front.copyWithin(0, rpos, this.frontLen);
    this.frontBase += rpos;
    const from = this.frontBase + keep;
    const n = Math.min(this.inputWindow - keep, this.inputLen - from);
    // Called through .call, which V8 compiles as a plain call of whatever function it is: called directly, it would be
    // inlined into decode for the one reader seen so far, and the next chunk's reader (a new closure) would deoptimize
    // decode.
    this.input!.call(undefined, front, keep, n, from);
    this.frontLen = keep + n;
    this.frontSafe = from + n === this.inputLen ? NEVER_FRONT : this.frontLen - INPUT_MARGIN;
    return 0;
  }

  /**
   * Slides the back window back: its unread bytes (before bpos, fewer than INPUT_MARGIN) move to its end, the
   * block's bytes before them are read in front. Returns the new read position; backSafe describes the window.
   */
  private refillBack(bpos: number): number {
    const back = this.back;
    const end = this.backBase + bpos; // block position of the first byte already read
    const start = Math.max(0, end - this.inputWindow);
    back.copyWithin(this.backBase - start, 0, bpos);
    this.input!.call(undefined, back, 0, this.backBase - start, start); // through .call: see refillFront
    this.backBase = start;
    this.backSafe = start === 0 ? NEVER_BACK : INPUT_MARGIN;
    return end - start;
  }

  /**
   * Decodes one block. The range decoder reads fsrc forwards from fStart (2 bytes a step while below fEnd); the
   * bit reader reads bsrc backwards from bEnd (2 bytes a step while above bLow). When rpos passes fSafe or bpos
   * falls below bSafe, the window is refilled (refillFront, refillBack) before the next item: one item reads at
   * most 10 bytes forwards and 14 backwards, well within INPUT_MARGIN.
   */
  private decode(
    fsrc: Uint8Array,
    fStart: number,
    fEnd: number,
    fSafe: number,
    bsrc: Uint8Array,
    bEnd: number,
    bLow: number,
    bSafe: number,
    dst: Uint8Array,
    dstOff: number,
    dstLen: number,
  ): void {
    // Fresh adaptive state for each block.
    const numSlots = lzmsNumOffsetSlots(dstLen);
    this.numSyms[LZ_OFFSET] = numSlots;
    this.numSyms[DELTA_OFFSET] = numSlots;
    for (let c = 0; c < 5; c++) {
      this.freqs[c].fill(1, 0, this.numSyms[c]);
      this.initialCode(c);
    }
    const probs = this.probs;
    for (let i = 0; i < NUM_PROBS * 4; i += 4) {
      probs[i] = 48;
      probs[i + 1] = 0;
      probs[i + 2] = 0x55555555;
    }

    // Imported constants as locals: an imported binding is a property load (or a getter call) at every use.
    const subtableFlag = SUBTABLE_FLAG;
    const subtableStartMask = SUBTABLE_START_MASK;
    const litTable = this.tables[LITERAL];
    const lzOffTable = this.tables[LZ_OFFSET];
    const lenTable = this.tables[LENGTH];
    const deltaOffTable = this.tables[DELTA_OFFSET];
    const powerTable = this.tables[POWER];
    const litFreqs = this.freqs[LITERAL];
    const lzOffFreqs = this.freqs[LZ_OFFSET];
    const lenFreqs = this.freqs[LENGTH];
    const deltaOffFreqs = this.freqs[DELTA_OFFSET];
    const powerFreqs = this.freqs[POWER];
    // Code rebuilds are done in one place, at the top of the loop, once `budget` (the fewest symbols any code may
    // still decode; each symbol decoded counts down its code's count and the budget) runs out. Written out at each code's decoding instead, the rarer ones (powers: every 512 delta
    // matches) would be first taken long after V8 optimized this loop, and code never run before optimizing
    // deoptimizes it (then the whole function is compiled again: a costly stall on every cold start).
    let litUntil = REBUILD_PERIOD[LITERAL];
    let lzOffUntil = REBUILD_PERIOD[LZ_OFFSET];
    let lenUntil = REBUILD_PERIOD[LENGTH];
    let deltaOffUntil = REBUILD_PERIOD[DELTA_OFFSET];
    let powerUntil = REBUILD_PERIOD[POWER];
    let budget = Math.min(litUntil, lzOffUntil, lenUntil, deltaOffUntil, powerUntil);

    // Range decoder, reading forwards. `range` and `code` hold unsigned 32-bit values as int32 bit patterns.
    let rpos = fStart + 4;
    let range = -1;
    let code = ((fsrc[fStart] | (fsrc[fStart + 1] << 8)) << 16) | fsrc[fStart + 2] | (fsrc[fStart + 3] << 8);

    // Bit reader, reading backwards: left-justified bits, words loaded from bpos - 2 down to bLow.
    let bpos = bEnd;
    let bitbuf = 0;
    let bitsleft = 0;

    let mainState = 0;
    let matchState = 0;
    let lzState = 0;
    let deltaState = 0;
    let lzRep0State = 0;
    let lzRep1State = 0;
    let deltaRep0State = 0;
    let deltaRep1State = 0;

    // LZ repeat queue (slot 3 is the overflow slot of the delayed insertion) and delta (power, raw offset) queue.
    let lz0 = 1;
    let lz1 = 2;
    let lz2 = 3;
    let lz3 = 4;
    let dPow0 = 0;
    let dPow1 = 0;
    let dPow2 = 0;
    let dPow3 = 0;
    let dOff0 = 1;
    let dOff1 = 2;
    let dOff2 = 3;
    let dOff3 = 4;
    /** 0 after a literal, 1 after an LZ match, 2 after a delta match. */
    let prevType = 0;

    let op = dstOff;
    const dstEnd = dstOff + dstLen;
    // dst as a DataView (same indices): short copies move 4 bytes with one load and one store.
    const dstView = new DataView(dst.buffer, dst.byteOffset, dst.length);

    // Each decision below is the range decoder written out in place: pick the entry, renormalize, split the range by
    // the entry's probability, update the entry's 64-bit history and the class's state.
    let pi = 0;
    let prob = 0;
    let bound = 0;
    let bit = 0;
    let e = 0;
    let n = 0;
    // The match being decoded: LZ offset, or delta power and raw offset.
    let offset = 0;
    let power = 0;
    let rawOffset = 0;
    /** 1 while the match being decoded still needs its explicit offset (LZ) or raw offset (delta). */
    let explicit = 0;

    while (op < dstEnd) {
      if (rpos > fSafe || bpos < bSafe) {
        // Only when reading through windows (decompressFrom): the window is near its end.
        if (rpos > fSafe) {
          rpos = this.refillFront(rpos);
          fEnd = this.frontLen;
          fSafe = this.frontSafe;
        }
        if (bpos < bSafe) {
          bpos = this.refillBack(bpos);
          bSafe = this.backSafe;
        }
      }
      if (budget <= 0) {
        litUntil = this.rebuildIfDue(LITERAL, litUntil);
        lzOffUntil = this.rebuildIfDue(LZ_OFFSET, lzOffUntil);
        lenUntil = this.rebuildIfDue(LENGTH, lenUntil);
        deltaOffUntil = this.rebuildIfDue(DELTA_OFFSET, deltaOffUntil);
        powerUntil = this.rebuildIfDue(POWER, powerUntil);
        budget = Math.min(litUntil, lzOffUntil, lenUntil, deltaOffUntil, powerUntil);
      }
      // ---- literal or match?
      pi = (MAIN_PROBS + mainState) << 2;
      prob = probs[pi];
      prob += (prob - 1) >>> 31;
      prob -= prob >>> 6;
      if (range >>> 16 === 0) {
        range <<= 16;
        code <<= 16;
        if (rpos < fEnd) {
          code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
          rpos += 2;
        }
      }
      bound = Math.imul(range >>> 6, prob);
      if (code >>> 0 < bound >>> 0) {
        range = bound;
        bit = 0;
      } else {
        range = (range - bound) | 0;
        code = (code - bound) | 0;
        bit = 1;
      }
      probs[pi] += (probs[pi + 1] >>> 31) - bit;
      probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
      probs[pi + 2] = (probs[pi + 2] << 1) | bit;
      mainState = ((mainState << 1) | bit) & 15;

      if (bit === 0) {
        // ---- literal
        if (bitsleft < MAX_CODEWORD_LEN) {
          if (bpos > bLow) {
            bpos -= 2;
            bitbuf |= (bsrc[bpos] | (bsrc[bpos + 1] << 8)) << (16 - bitsleft);
          }
          bitsleft += 16;
        }
        e = litTable[bitbuf >>> (32 - LITERAL_TABLE_BITS)];
        if (e >= subtableFlag) {
          e = litTable[((e >>> 5) & subtableStartMask) + ((bitbuf << LITERAL_TABLE_BITS) >>> (32 - (e & 31)))];
          n = LITERAL_TABLE_BITS + (e & 31);
        } else {
          n = e & 31;
        }
        bitbuf <<= n;
        bitsleft -= n;
        const sym = e >>> 5;
        litFreqs[sym]++;
        litUntil--;
        budget--;
        dst[op++] = sym;
        prevType = 0;
        continue;
      }

      // ---- LZ or delta match?
      pi = (MATCH_PROBS + matchState) << 2;
      prob = probs[pi];
      prob += (prob - 1) >>> 31;
      prob -= prob >>> 6;
      if (range >>> 16 === 0) {
        range <<= 16;
        code <<= 16;
        if (rpos < fEnd) {
          code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
          rpos += 2;
        }
      }
      bound = Math.imul(range >>> 6, prob);
      if (code >>> 0 < bound >>> 0) {
        range = bound;
        bit = 0;
      } else {
        range = (range - bound) | 0;
        code = (code - bound) | 0;
        bit = 1;
      }
      probs[pi] += (probs[pi + 1] >>> 31) - bit;
      probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
      probs[pi + 2] = (probs[pi + 2] << 1) | bit;
      matchState = ((matchState << 1) | bit) & 31;

      if (bit === 0) {
        // ================= LZ match

        // ---- explicit or repeat offset?
        pi = (LZ_PROBS + lzState) << 2;
        prob = probs[pi];
        prob += (prob - 1) >>> 31;
        prob -= prob >>> 6;
        if (range >>> 16 === 0) {
          range <<= 16;
          code <<= 16;
          if (rpos < fEnd) {
            code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
            rpos += 2;
          }
        }
        bound = Math.imul(range >>> 6, prob);
        if (code >>> 0 < bound >>> 0) {
          range = bound;
          bit = 0;
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          bit = 1;
        }
        probs[pi] += (probs[pi + 1] >>> 31) - bit;
        probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
        probs[pi + 2] = (probs[pi + 2] << 1) | bit;
        lzState = ((lzState << 1) | bit) & 63;

        if (bit === 0) {
          // ---- explicit offset: decoded below, where a delta match decodes its raw offset
          explicit = 1;
        } else {
          // ---- repeat offset: which one? (after an LZ match, its own offset is not in the queue yet: skip slot 0)
          pi = (LZ_REP0_PROBS + lzRep0State) << 2;
          prob = probs[pi];
          prob += (prob - 1) >>> 31;
          prob -= prob >>> 6;
          if (range >>> 16 === 0) {
            range <<= 16;
            code <<= 16;
            if (rpos < fEnd) {
              code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
              rpos += 2;
            }
          }
          bound = Math.imul(range >>> 6, prob);
          if (code >>> 0 < bound >>> 0) {
            range = bound;
            bit = 0;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            bit = 1;
          }
          probs[pi] += (probs[pi + 1] >>> 31) - bit;
          probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
          probs[pi + 2] = (probs[pi + 2] << 1) | bit;
          lzRep0State = ((lzRep0State << 1) | bit) & 63;

          if (bit === 0) {
            if (prevType === 1) {
              offset = lz1;
              lz1 = lz0;
            } else {
              offset = lz0;
            }
          } else {
            pi = (LZ_REP1_PROBS + lzRep1State) << 2;
            prob = probs[pi];
            prob += (prob - 1) >>> 31;
            prob -= prob >>> 6;
            if (range >>> 16 === 0) {
              range <<= 16;
              code <<= 16;
              if (rpos < fEnd) {
                code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
                rpos += 2;
              }
            }
            bound = Math.imul(range >>> 6, prob);
            if (code >>> 0 < bound >>> 0) {
              range = bound;
              bit = 0;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              bit = 1;
            }
            probs[pi] += (probs[pi + 1] >>> 31) - bit;
            probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
            probs[pi + 2] = (probs[pi + 2] << 1) | bit;
            lzRep1State = ((lzRep1State << 1) | bit) & 63;

            if (bit === 0) {
              if (prevType === 1) {
                offset = lz2;
                lz2 = lz1;
              } else {
                offset = lz1;
              }
              lz1 = lz0;
            } else {
              if (prevType === 1) {
                offset = lz3;
                lz3 = lz2;
              } else {
                offset = lz2;
              }
              lz2 = lz1;
              lz1 = lz0;
            }
          }
          lz0 = offset;
        }
        prevType = 1;
      } else {
        // ================= delta match

        // ---- explicit or repeat (power, raw offset)?
        pi = (DELTA_PROBS + deltaState) << 2;
        prob = probs[pi];
        prob += (prob - 1) >>> 31;
        prob -= prob >>> 6;
        if (range >>> 16 === 0) {
          range <<= 16;
          code <<= 16;
          if (rpos < fEnd) {
            code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
            rpos += 2;
          }
        }
        bound = Math.imul(range >>> 6, prob);
        if (code >>> 0 < bound >>> 0) {
          range = bound;
          bit = 0;
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          bit = 1;
        }
        probs[pi] += (probs[pi + 1] >>> 31) - bit;
        probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
        probs[pi + 2] = (probs[pi + 2] << 1) | bit;
        deltaState = ((deltaState << 1) | bit) & 63;

        if (bit === 0) {
          // ---- explicit: power, then raw offset (decoded below, with an LZ match's offset)
          explicit = 1;
        } else {
          // ---- repeat pair (after a delta match, its own pair is not in the queue yet: skip slot 0)
          pi = (DELTA_REP0_PROBS + deltaRep0State) << 2;
          prob = probs[pi];
          prob += (prob - 1) >>> 31;
          prob -= prob >>> 6;
          if (range >>> 16 === 0) {
            range <<= 16;
            code <<= 16;
            if (rpos < fEnd) {
              code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
              rpos += 2;
            }
          }
          bound = Math.imul(range >>> 6, prob);
          if (code >>> 0 < bound >>> 0) {
            range = bound;
            bit = 0;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            bit = 1;
          }
          probs[pi] += (probs[pi + 1] >>> 31) - bit;
          probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
          probs[pi + 2] = (probs[pi + 2] << 1) | bit;
          deltaRep0State = ((deltaRep0State << 1) | bit) & 63;

          if (bit === 0) {
            if (prevType === 2) {
              power = dPow1;
              rawOffset = dOff1;
              dPow1 = dPow0;
              dOff1 = dOff0;
            } else {
              power = dPow0;
              rawOffset = dOff0;
            }
          } else {
            pi = (DELTA_REP1_PROBS + deltaRep1State) << 2;
            prob = probs[pi];
            prob += (prob - 1) >>> 31;
            prob -= prob >>> 6;
            if (range >>> 16 === 0) {
              range <<= 16;
              code <<= 16;
              if (rpos < fEnd) {
                code |= fsrc[rpos] | (fsrc[rpos + 1] << 8);
                rpos += 2;
              }
            }
            bound = Math.imul(range >>> 6, prob);
            if (code >>> 0 < bound >>> 0) {
              range = bound;
              bit = 0;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              bit = 1;
            }
            probs[pi] += (probs[pi + 1] >>> 31) - bit;
            probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
            probs[pi + 2] = (probs[pi + 2] << 1) | bit;
            deltaRep1State = ((deltaRep1State << 1) | bit) & 63;

            if (bit === 0) {
              if (prevType === 2) {
                power = dPow2;
                rawOffset = dOff2;
                dPow2 = dPow1;
                dOff2 = dOff1;
              } else {
                power = dPow1;
                rawOffset = dOff1;
              }
              dPow1 = dPow0;
              dOff1 = dOff0;
            } else {
              if (prevType === 2) {
                power = dPow3;
                rawOffset = dOff3;
                dPow3 = dPow2;
                dOff3 = dOff2;
              } else {
                power = dPow2;
                rawOffset = dOff2;
              }
              dPow2 = dPow1;
              dOff2 = dOff1;
              dPow1 = dPow0;
              dOff1 = dOff0;
            }
          }
          dPow0 = power;
          dOff0 = rawOffset;
        }
        prevType = 2;
      }

      // ---- the explicit offset (LZ) or power and raw offset (delta) if the match has them, then its length: each a
      // slot, then extra bits. One piece of code for the four codes (one to three rounds of this loop): code first run
      // after V8 has optimized decode deoptimizes it, and compiling decode again takes a few hundred milliseconds;
      // shared, the rarer paths (a delta match's power and offset, a long length) run what every match has run.
      let length = 0;
      /** What this round decodes: 3, a delta power; 2, a delta raw offset; 1, an LZ offset; 0, the length. */
      let part = explicit === 0 ? 0 : prevType === 1 ? 1 : 3;
      explicit = 0;
      for (;;) {
        let table = lenTable;
        let tableBits = LENGTH_TABLE_BITS;
        let slotsAt = LENGTH_SLOTS_AT;
        if (part !== 0) {
          table = part === 1 ? lzOffTable : part === 2 ? deltaOffTable : powerTable;
          tableBits = part === 3 ? POWER_TABLE_BITS : OFFSET_TABLE_BITS;
          slotsAt = part === 3 ? POWER_SLOTS_AT : 0;
        }
        if (bitsleft < MAX_CODEWORD_LEN) {
          if (bpos > bLow) {
            bpos -= 2;
            bitbuf |= (bsrc[bpos] | (bsrc[bpos + 1] << 8)) << (16 - bitsleft);
          }
          bitsleft += 16;
        }
        e = table[bitbuf >>> (32 - tableBits)];
        if (e >= subtableFlag) {
          e = table[((e >>> 5) & subtableStartMask) + ((bitbuf << tableBits) >>> (32 - (e & 31)))];
          n = tableBits + (e & 31);
        } else {
          n = e & 31;
        }
        if (e === 0) throw new CorruptDataError(`LZMS ${['length', 'offset', 'delta offset', 'power'][part]} slot not in its code`);
        bitbuf <<= n;
        bitsleft -= n;
        const sym = e >>> 5;
        budget--;
        const slot = slotsAt + sym;
        let value = SLOT_BASE[slot];
        const extra = SLOT_EXTRA[slot];
        if (extra !== 0) {
          // Up to 30 bits, in pieces of at most 16 (all a refill guarantees): max(n - 16, 0) bits first, then the
          // rest. A loop rather than a second, rarely run piece of code (see `budget`).
          let left = extra;
          let k = SLOT_FIRST[slot];
          let bits = 0;
          do {
            if (bitsleft < k) {
              if (bpos > bLow) {
                bpos -= 2;
                bitbuf |= (bsrc[bpos] | (bsrc[bpos + 1] << 8)) << (16 - bitsleft);
              }
              bitsleft += 16;
            }
            bits = (bits << k) | (bitbuf >>> (32 - k));
            bitbuf <<= k;
            bitsleft -= k;
            left -= k;
            k = left;
          } while (left !== 0);
          value += bits;
        }
        if (part === 0) {
          lenFreqs[sym]++;
          lenUntil--;
          length = value;
          break;
        }
        if (part === 3) {
          powerFreqs[sym]++;
          powerUntil--;
          power = value;
          part = 2;
          continue;
        }
        if (part === 1) {
          lzOffFreqs[sym]++;
          lzOffUntil--;
          offset = value;
          lz3 = lz2;
          lz2 = lz1;
          lz1 = lz0;
          lz0 = offset;
        } else {
          deltaOffFreqs[sym]++;
          deltaOffUntil--;
          rawOffset = value;
          dPow3 = dPow2;
          dOff3 = dOff2;
          dPow2 = dPow1;
          dOff2 = dOff1;
          dPow1 = dPow0;
          dOff1 = dOff0;
          dPow0 = power;
          dOff0 = rawOffset;
        }
        part = 0;
      }

      if (prevType === 1) {
        // ---- LZ copy
        if (offset > op - dstOff) throw new CorruptDataError('LZMS match refers before the start of the block');
        if (length > dstEnd - op) throw new CorruptDataError('LZMS match runs past the end of the block');
        let from = op - offset;
        const stop = op + length;
        if (offset >= length && length > 32) {
          dst.copyWithin(op, from, from + length);
          op = stop;
        } else if (offset === 1 && length > 16) {
          // A run of one byte.
          dst.fill(dst[from], op, stop);
          op = stop;
        } else if (offset >= 4 && stop <= dstEnd - 4) {
          // Four bytes a step, possibly running up to 3 bytes past the match (still inside the block; later symbols
          // overwrite them). With offset >= 4 each step reads only bytes already final.
          do {
            dstView.setInt32(op, dstView.getInt32(from, true), true);
            op += 4;
            from += 4;
          } while (op < stop);
          op = stop;
        } else {
          while (op < stop) dst[op++] = dst[from++];
        }
      } else {
        // ---- delta copy: each byte is its counterpart `offset` back plus the change across `span` there
        const span = 1 << power;
        // Checked in floating point (raw offset * span may pass 2^31); afterwards the offset is a small integer.
        if (rawOffset * span + span > op - dstOff) {
          throw new CorruptDataError('LZMS delta match refers before the start of the block');
        }
        const dOffset = rawOffset << power;
        if (length > dstEnd - op) throw new CorruptDataError('LZMS delta match runs past the end of the block');
        let from = op - dOffset;
        const stop = op + length;
        while (op < stop) {
          dst[op] = dst[from] + dst[op - span] - dst[from - span];
          op++;
          from++;
        }
      }
    }

    this.undoX86Block(dst, dstOff, dstLen);
  }

  /** Undoes the x86 filter on one decoded block. */
  private undoX86Block(dst: Uint8Array, off: number, size: number): void {
    if (size <= 17) return;
    undoX86(dst, off, size, this.lastTargetUsages, this.x86Base);
    this.x86Base += size + 65536;
  }
}

/**
 * Undoes LZMS's x86 filter on dst[off, off+size): for each likely instruction with a 32-bit relative operand that
 * the compressor made absolute, subtracts the instruction's position again, while translation is enabled; see the
 * file comment for the heuristic. Instructions starting in the last 16 bytes (or at byte 0) are never translated.
 */
export function undoX86Translation(dst: Uint8Array, off: number, size: number, lastTargetUsages: Float64Array): void {
  if (size <= 17) return;
  lastTargetUsages.fill(-65536);
  undoX86(dst, off, size, lastTargetUsages, 0);
}

/**
 * undoX86Translation with positions stored in lastTargetUsages as `base` + position; every entry must be at most
 * base - 65536 (too far back to count).
 */
function undoX86(dst: Uint8Array, off: number, size: number, lastTargetUsages: Float64Array, base: number): void {
  let lastX86Pos = -1024;
  const limit = off + size - 16;
  let p = off + 1;
  // dst's whole buffer as 32-bit words (any byte order will do: a word is only tested as a whole), and the first
  // word not wholly before `limit`.
  const byteOff = dst.byteOffset;
  const words = new Int32Array(dst.buffer, 0, dst.buffer.byteLength >>> 2);
  const wordEnd = (byteOff + limit) >>> 2;
  while (p < limit) {
    // Most bytes start no candidate instruction: skip aligned 32-bit words that hold none. A word is skipped when no
    // byte has its top three bits set (0xE0 and above, covering E8, E9, F0, FF) and no byte masked with ~4 is 0x48
    // (48, 4C; the classic "has a zero byte" test on the XOR).
    if (((byteOff + p) & 3) === 0) {
      let w = (byteOff + p) >>> 2;
      while (w < wordEnd) {
        const v = words[w];
        const x = (v & 0xfbfbfbfb) ^ 0x48484848;
        if (((v & (v << 1) & (v << 2)) | ((x - 0x01010101) & ~x)) & 0x80808080) break;
        w++;
      }
      p = (w << 2) - byteOff;
      if (p >= limit) break;
    }
    const b = dst[p];
    if (X86_OPCODE[b] === 0) {
      p++;
      continue;
    }
    let opLen: number;
    let maxTransOffset = 1023;
    if (b >= 0xf0) {
      if (b === 0xff) {
        if (dst[p + 1] !== 0x15) {
          p++;
          continue;
        }
        opLen = 2; // call indirect relative
      } else {
        if (dst[p + 1] !== 0x83 || dst[p + 2] !== 0x05) {
          p++;
          continue;
        }
        opLen = 3; // lock add relative
      }
    } else if (b <= 0x4c) {
      // REX.W prefix: lea, or mov with a ModR/M that looks RIP-relative (only its r/m field is tested).
      const op1 = dst[p + 1];
      const modrm = dst[p + 2];
      if ((modrm & 7) !== 5 || !(op1 === 0x8d || (op1 === 0x8b && (b & 4) === 0 && (modrm & 0xf0) === 0))) {
        p++;
        continue;
      }
      opLen = 3;
    } else if (b === 0xe9) {
      // Jump relative: never translated, but its operand is skipped.
      p += 5;
      continue;
    } else {
      opLen = 1; // E8 call relative: needs more confidence
      maxTransOffset = 511;
    }
    const i = p - off;
    const q = p + opLen;
    if (i - lastX86Pos <= maxTransOffset) {
      // Wrapped to 32 bits: only its bytes are kept (and an overflowing int32 would deoptimize).
      const v = ((dst[q] | (dst[q + 1] << 8) | (dst[q + 2] << 16) | (dst[q + 3] << 24)) - i) | 0;
      dst[q] = v;
      dst[q + 1] = v >> 8;
      dst[q + 2] = v >> 16;
      dst[q + 3] = v >> 24;
    }
    const target16 = (i + (dst[q] | (dst[q + 1] << 8))) & 0xffff;
    const j = i + opLen + 3;
    if (base + j - lastTargetUsages[target16] <= 65535) lastX86Pos = j;
    lastTargetUsages[target16] = base + j;
    p = q + 4;
  }
}
