/*
 * LZMS compressor: one chunk (an independent LZMS block, up to 64 MiB in a solid resource) in, the block that
 * lzms-decompress.ts decodes out. The format, as the decoder's opening comment describes it: a range coder writing
 * 16-bit units forwards from the front of the block for the decisions (literal or match, LZ or delta, explicit or
 * repeat, which repeat), each decision class with probability entries chosen by its last decisions; adaptive Huffman
 * codes (literals, LZ offset slots, lengths, delta offset slots, delta powers) and verbatim extra bits written
 * backwards from the end of the block; LRU repeat queues with their insertion delayed by one item; an x86 filter
 * making relative call/jump targets absolute before compression.
 *
 * What makes a good LZMS parse (learned from wimlib's lzms_compress.c and its comments; the code is our own):
 * - Costs come from the coder's own state: a decision costs -log2 of its entry's probability (the entry's count of
 *   recent 0 bits, out of 64), a symbol its current Huffman codeword length plus its extra bits. They are taken as
 *   fixed over one "piece" of the parse (at most OPT_WINDOW positions), then the piece is encoded, which moves the
 *   real probabilities and rebuilds the codes, and the next piece is costed with those.
 * - Within a piece, a forward minimum-cost path search over positions (every literal, every length of every repeat
 *   and explicit match, delta matches): each node keeps the state its cheapest arrival leaves (repeat queues, the
 *   decision classes' recent bits), so repeat matches are costed against the queues that path really has.
 * - After each explicit match the parse also tries a literal and then a rep0 match at the same offset, as one arrival
 *   of three items: a copy with one byte changed, whose rep0 is only cheap once the match is taken.
 * - A match of at least niceLen bytes is taken at once (the path to it is encoded first): long duplicates (a solid
 *   block's copies of one file) cost no search.
 * - Delta matches (the difference of two earlier runs, span 2^power) find tables of fixed-size records; they come
 *   from a hash of three delta bytes per power, as wimlib finds them.
 *
 * Matches are found with binary trees over the whole chunk (lzms-matchfinder.ts: child links in a window of at most
 * 32 Mi positions, 256 MiB of state for a 64 MiB chunk, see lzmsCompressorBytes); the chunk compressor's memory
 * policy (chunk-compressor-parallel.ts) counts that per worker. The finder runs in WebAssembly where that loads
 * (lzms-matchfinder-wasm.ts, same matches as the TypeScript finder) and owns the chunk buffer and match list.
 *
 * The slot tables below are the format's (the same runs as the decoder's), computed here again rather than imported:
 * the decoder keeps its tables module-local so that its hot loop reads them without a property load.
 */

import { CompressionFormat, type Compressor } from './codec';
import * as slots from './lzms-slots';
import { lzmsMatchFinderBytes } from './lzms-matchfinder';
import { createLzmsMatchFinder, LZMS_BUF_SLACK, type LzmsFinder } from './lzms-matchfinder-wasm';

const MAX_CODEWORD_LEN = 15;
const NUM_LITERAL_SYMS = 256;
const NUM_POWER_SYMS = 8;
// The shared slot tables (lzms-slots.ts) as this module's own constants: the loops read them as locals, not as
// properties of another module.
const NUM_LENGTH_SYMS = slots.NUM_LENGTH_SYMS;
const MAX_OFFSET_SYMS = slots.MAX_OFFSET_SYMS;
const LENGTH_SLOTS = slots.LENGTH_SLOTS;

// Probability entries, as the decoder lays them out.
const MAIN_PROBS = 0;
const MATCH_PROBS = 16;
const LZ_PROBS = 48;
const DELTA_PROBS = 112;
const LZ_REP0_PROBS = 176;
const LZ_REP1_PROBS = 240;
const DELTA_REP0_PROBS = 304;
const DELTA_REP1_PROBS = 368;
const NUM_PROBS = 432;

const LITERAL = 0;
const LZ_OFFSET = 1;
const LENGTH = 2;
const DELTA_OFFSET = 3;
const POWER = 4;
const REBUILD_PERIOD = [1024, 1024, 512, 1024, 512];

const OFFSET = slots.OFFSET_SLOTS;
const OFFSET_EXTRA = OFFSET.extra;
const OFFSET_BASE = OFFSET.base;
const LENGTH_EXTRA = LENGTH_SLOTS.extra;
const LENGTH_BASE = LENGTH_SLOTS.base;

/** Offset slots by offset below 2^16 (the common case; larger ones are searched). */
const SMALL_OFFSET_LIMIT = 1 << 16;
const SMALL_OFFSET_SLOT = new Uint16Array(SMALL_OFFSET_LIMIT);
{
  let s = 0;
  for (let o = 1; o < SMALL_OFFSET_LIMIT; o++) {
    while (OFFSET_BASE[s + 1] <= o) s++;
    SMALL_OFFSET_SLOT[o] = s;
  }
}
function offsetSlot(offset: number): number {
  if (offset < SMALL_OFFSET_LIMIT) return SMALL_OFFSET_SLOT[offset];
  let lo = SMALL_OFFSET_SLOT[SMALL_OFFSET_LIMIT - 1];
  let hi = MAX_OFFSET_SYMS - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (OFFSET_BASE[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length slots by length, for lengths below FAST_LENGTHS. */
const FAST_LENGTHS = 1 << 12;
const FAST_LENGTH_SLOT = new Uint8Array(FAST_LENGTHS);
{
  let s = 0;
  for (let l = 1; l < FAST_LENGTHS; l++) {
    while (LENGTH_BASE[s + 1] <= l) s++;
    FAST_LENGTH_SLOT[l] = s;
  }
}
function lengthSlot(len: number): number {
  if (len < FAST_LENGTHS) return FAST_LENGTH_SLOT[len];
  let s = FAST_LENGTH_SLOT[FAST_LENGTHS - 1];
  while (s + 1 < NUM_LENGTH_SYMS && LENGTH_BASE[s + 1] <= len) s++;
  return s;
}

/** Offset slots the decoder builds its offset codes with for a block of `size` bytes. */
function numOffsetSlots(size: number): number {
  if (size < 2) return 0;
  let n = 0;
  while (n < MAX_OFFSET_SYMS && OFFSET_BASE[n] <= size - 1) n++;
  return n;
}

/** Cost of coding a bit whose entry has `zeros` recent 0 bits, in 1/64 bit: a 0 at [zeros], a 1 at [64 - zeros]. */
const COST_SHIFT = 6;
const BIT_COST = new Int32Array(65);
for (let i = 0; i <= 64; i++) {
  const p = Math.min(63, Math.max(1, i));
  BIT_COST[i] = Math.round(-Math.log2(p / 64) * (1 << COST_SHIFT));
}

/** Bytes that may start an instruction the x86 filter translates. */
const X86_OPCODE = new Uint8Array(256);
for (const b of [0x48, 0x4c, 0xe8, 0xe9, 0xf0, 0xff]) X86_OPCODE[b] = 1;

/**
 * Applies LZMS's x86 filter to buf[0, size) in place, the inverse of the decoder's undo: a likely instruction's
 * 32-bit relative operand becomes absolute (plus the instruction's position) while translation is enabled. The
 * decisions (which bytes are instructions, whether translation is on) depend only on bytes neither side has changed
 * yet and on the untranslated targets, so both sides make the same ones. `lastTargetUsages` is scratch (65536).
 */
export function applyX86Filter(buf: Uint8Array, size: number, lastTargetUsages: Int32Array): void {
  if (size <= 17) return;
  lastTargetUsages.fill(-(1 << 30));
  let lastX86Pos = -1024;
  const limit = size - 16;
  let p = 1;
  while (p < limit) {
    const b = buf[p];
    if (X86_OPCODE[b] === 0) {
      p++;
      continue;
    }
    let opLen: number;
    let maxTransOffset = 1023;
    if (b >= 0xf0) {
      if (b === 0xff) {
        if (buf[p + 1] !== 0x15) {
          p++;
          continue;
        }
        opLen = 2;
      } else {
        if (buf[p + 1] !== 0x83 || buf[p + 2] !== 0x05) {
          p++;
          continue;
        }
        opLen = 3;
      }
    } else if (b <= 0x4c) {
      const op1 = buf[p + 1];
      const modrm = buf[p + 2];
      if ((modrm & 7) !== 5 || !(op1 === 0x8d || (op1 === 0x8b && (b & 4) === 0 && (modrm & 0xf0) === 0))) {
        p++;
        continue;
      }
      opLen = 3;
    } else if (b === 0xe9) {
      p += 5;
      continue;
    } else {
      opLen = 1;
      maxTransOffset = 511;
    }
    const q = p + opLen;
    const rel = buf[q] | (buf[q + 1] << 8) | (buf[q + 2] << 16) | (buf[q + 3] << 24);
    if (p - lastX86Pos <= maxTransOffset) {
      const v = (rel + p) | 0;
      buf[q] = v;
      buf[q + 1] = v >> 8;
      buf[q + 2] = v >> 16;
      buf[q + 3] = v >> 24;
    }
    const target16 = (p + rel) & 0xffff;
    const j = p + opLen + 3;
    if (j - lastTargetUsages[target16] <= 65535) lastX86Pos = j;
    lastTargetUsages[target16] = j;
    p = q + 4;
  }
}

// ---- the parser's window and match finder settings
/** Positions one piece of the parse covers at most. */
const OPT_WINDOW = 4096;
/** Match lengths the parser costs length by length; a longer match ends the piece (taken whole). */
const MAX_NICE = 258;
// A three-item arrival reaches up to 2 nice + 1 positions past its node.
const NODES = OPT_WINDOW + 2 * MAX_NICE + 2;
/** Delta matches: powers (spans 1..2^(n-1)) looked at, and the table of their three-delta-byte hashes. */
const DELTA_POWERS = 6;
const DELTA_SKIP_LEN = 16;
const DELTA_HASH_BITS = 17;
const DELTA_POWER_SHIFT = 28;
const DELTA_POS_MASK = (1 << DELTA_POWER_SHIFT) - 1;
/** Largest cached match list per position (lengths increasing). */
const MAX_MATCHES = 64;

/** Bytes of match-finder and parser state a compressor for chunks of `chunkSize` bytes holds (memory policy). */
export function lzmsCompressorBytes(chunkSize: number): number {
  return lzmsMatchFinderBytes(chunkSize) + 4 * (1 << DELTA_HASH_BITS) + chunkSize + 80 * NODES;
}

// Item kinds stored at the nodes.
const K_LIT = 0;
const K_LZ_REP = 1;
const K_LZ = 2;
const K_DELTA_REP = 3;
const K_DELTA = 4;

const INF = 0x7fffffff;

export class LzmsCompressor implements Compressor {
  readonly format = CompressionFormat.Lzms;
  readonly maxChunkSize: number;
  private readonly niceLen: number;
  private readonly depth: number;
  private readonly useDelta: boolean;
  /** Whether explicit matches are also tried followed by a literal and a rep0 match. */
  private readonly tryMatchLitRep: boolean;

  /** The chunk, x86-filtered (the input is never modified: a chunk that does not compress is stored from it). */
  private readonly buf: Uint8Array;
  /**
   * Output, straight into the caller's buffer: range coder units from dst[dstOff] up, Huffman bits from
   * dst[dstOff + capacity] down (crossing means the block does not fit); the two are joined at the end.
   */
  private out: Uint8Array = new Uint8Array(0);
  private outBase = 0;
  /** The match finder (WebAssembly or TypeScript), which owns buf and the match list mLen/mOff. */
  private readonly mf: LzmsFinder;
  private readonly deltaTable = new Int32Array(1 << DELTA_HASH_BITS);
  private readonly x86Scratch = new Int32Array(65536);

  // Adaptive Huffman codes.
  private readonly freqs = [new Int32Array(NUM_LITERAL_SYMS), new Int32Array(MAX_OFFSET_SYMS), new Int32Array(NUM_LENGTH_SYMS), new Int32Array(MAX_OFFSET_SYMS), new Int32Array(NUM_POWER_SYMS)];
  private readonly lens = [new Uint8Array(NUM_LITERAL_SYMS), new Uint8Array(MAX_OFFSET_SYMS), new Uint8Array(NUM_LENGTH_SYMS), new Uint8Array(MAX_OFFSET_SYMS), new Uint8Array(NUM_POWER_SYMS)];
  private readonly codes = [new Uint16Array(NUM_LITERAL_SYMS), new Uint16Array(MAX_OFFSET_SYMS), new Uint16Array(NUM_LENGTH_SYMS), new Uint16Array(MAX_OFFSET_SYMS), new Uint16Array(NUM_POWER_SYMS)];
  private readonly numSyms = [NUM_LITERAL_SYMS, 0, NUM_LENGTH_SYMS, 0, NUM_POWER_SYMS];
  private readonly until = new Int32Array(5);
  /** Length costs (1/64 bit) by length below MAX_NICE + 1, from the current length code. */
  private readonly lengthCost = new Int32Array(MAX_NICE + 2);
  private lengthCostStale = true;

  /** Probability entries: recent zero count, then the 64 recent bits (high, low half), as the decoder keeps them. */
  private readonly probs = new Int32Array(NUM_PROBS * 4);

  // Range encoder.
  private low = 0;
  private range = 0xffffffff;
  private cache = 0;
  private cacheSize = 1;
  private skipFirst = true;
  private front = 0;
  // Backward bit writer.
  private bitbuf = 0;
  private bitcount = 0;
  private back = 0;
  private overflow = false;

  // Encoder's decision states (the decoder's).
  private mainState = 0;
  private matchState = 0;
  private lzState = 0;
  private lzRep0State = 0;
  private lzRep1State = 0;
  private deltaState = 0;
  private deltaRep0State = 0;
  private deltaRep1State = 0;

  // Parser nodes: cost, how the cheapest arrival came (from node, kind, length, value), and the state it leaves.
  private readonly nCost = new Int32Array(NODES);
  private readonly nFrom = new Int32Array(NODES);
  private readonly nKind = new Uint8Array(NODES);
  private readonly nLen = new Int32Array(NODES);
  /** K_LIT: the byte; K_LZ_REP / K_DELTA_REP: the index; K_LZ: the offset; K_DELTA: power << 28 | raw offset. */
  private readonly nVal = new Int32Array(NODES);
  /**
   * A three-item arrival (an LZ match, explicit or repeat, a literal, an LZ rep0 match; the rep0 item is
   * nKind/nLen/nVal): the first match's length (0: a one-item arrival), kind and value (offset or repeat index); the
   * literal is the byte after the match.
   */
  private readonly nXLen = new Int32Array(NODES);
  private readonly nXKind = new Uint8Array(NODES);
  private readonly nXVal = new Int32Array(NODES);
  private readonly sLz = new Int32Array(NODES * 4);
  private readonly sDelta = new Int32Array(NODES * 4);
  private readonly sPrev = new Uint8Array(NODES);
  /** main | match << 4 | lz << 9 | lzRep0 << 15 | lzRep1 << 21 (27 bits) */
  private readonly sA = new Int32Array(NODES);
  /** delta | deltaRep0 << 6 | deltaRep1 << 12 */
  private readonly sB = new Int32Array(NODES);
  // Match list of the position being costed.
  private readonly mLen: Int32Array;
  private readonly mOff: Int32Array;
  // The path being encoded, forwards.
  private readonly path = new Int32Array(NODES);
  /** Chunk position of node 0 of the piece being parsed. */
  private pieceStart = 0;

  /** Which match finder runs: 'ts', 'wasm' or 'wasm-simd' (tests and measurement). */
  get kernelName(): string {
    return this.mf.kernel;
  }

  constructor(maxChunkSize: number, level = 50) {
    if (!Number.isInteger(maxChunkSize) || maxChunkSize < 1 || maxChunkSize > 1 << 30) {
      throw new RangeError(`LZMS chunk size must be 1..${1 << 30} bytes, not ${maxChunkSize}`);
    }
    this.maxChunkSize = maxChunkSize;
    const lv = Math.max(1, Math.min(100, level | 0));
    this.niceLen = Math.min(MAX_NICE, Math.max(16, Math.round(lv * 1.28)));
    this.depth = Math.max(4, Math.round(lv * 0.6));
    this.useDelta = lv >= 20;
    this.tryMatchLitRep = lv >= 40;
    this.mf = createLzmsMatchFinder(maxChunkSize, MAX_MATCHES);
    this.buf = this.mf.buf;
    this.mLen = this.mf.mLen;
    this.mOff = this.mf.mOff;
  }

  compress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCapacity: number): number {
    if (srcLen > this.maxChunkSize) throw new RangeError(`LZMS: chunk of ${srcLen} bytes exceeds ${this.maxChunkSize}`);
    if (srcLen === 0) return 0;
    const cap = Math.min(dstCapacity, dst.length - dstOff) & ~1;
    if (cap < 4) return 0;
    this.out = dst;
    this.outBase = dstOff;
    const buf = this.buf;
    buf.set(src.subarray(srcOff, srcOff + srcLen), 0);
    buf.fill(0, srcLen, srcLen + LZMS_BUF_SLACK);
    applyX86Filter(buf, srcLen, this.x86Scratch);
    this.reset(srcLen, cap);
    this.parse(srcLen);
    // Flush the range coder (all of `low`) and the bit writer.
    for (let i = 0; i < 4; i++) this.shiftLow();
    if (this.bitcount > 0) this.putBack((this.bitbuf << (16 - this.bitcount)) & 0xffff);
    this.out = new Uint8Array(0);
    if (this.overflow || this.front > this.back) return 0;
    const f = this.front;
    const b = cap - this.back;
    if (f + b > dstCapacity || f + b < 4) return 0;
    dst.copyWithin(dstOff + f, dstOff + this.back, dstOff + cap);
    return f + b;
  }

  private reset(n: number, cap: number): void {
    const slots = numOffsetSlots(n);
    this.numSyms[LZ_OFFSET] = slots;
    this.numSyms[DELTA_OFFSET] = slots;
    for (let c = 0; c < 5; c++) {
      this.freqs[c].fill(1, 0, this.numSyms[c]);
      this.buildCode(c);
      this.until[c] = REBUILD_PERIOD[c];
    }
    this.lengthCostStale = true;
    const probs = this.probs;
    for (let i = 0; i < NUM_PROBS * 4; i += 4) {
      probs[i] = 48;
      probs[i + 1] = 0;
      probs[i + 2] = 0x55555555;
    }
    this.low = 0;
    this.range = 0xffffffff;
    this.cache = 0;
    this.cacheSize = 1;
    this.skipFirst = true;
    this.front = 0;
    this.bitbuf = 0;
    this.bitcount = 0;
    this.back = cap;
    this.overflow = false;
    this.mainState = this.matchState = this.lzState = this.lzRep0State = this.lzRep1State = 0;
    this.deltaState = this.deltaRep0State = this.deltaRep1State = 0;
    this.mf.reset();
    this.deltaTable.fill(-1);
  }

  // ---------------------------------------------------------------- Huffman codes

  /**
   * Builds code c's lengths and codewords from its frequencies exactly as the decoder does (two-queue Huffman
   * construction over symbols sorted by (frequency, symbol), leaves first on ties, lengths over the limit given the
   * deepest length still available, longest codewords to the least frequent symbols), then canonical codewords.
   */
  private buildCode(c: number): void {
    const n = this.numSyms[c];
    const freqs = this.freqs[c];
    const lens = this.lens[c];
    const codes = this.codes[c];
    if (n <= 1) {
      if (n === 1) {
        lens[0] = 1;
        codes[0] = 0;
      }
      return;
    }
    // Stable sort of the symbols by frequency (counting sort on the full value: frequencies stay small).
    let maxF = 0;
    for (let s = 0; s < n; s++) if (freqs[s] > maxF) maxF = freqs[s];
    const counts = (scratchCounts.length > maxF + 1 ? scratchCounts : (scratchCounts = new Int32Array(2 * (maxF + 2)))).fill(0, 0, maxF + 2);
    for (let s = 0; s < n; s++) counts[freqs[s] + 1]++;
    for (let f = 1; f <= maxF + 1; f++) counts[f] += counts[f - 1];
    for (let s = 0; s < n; s++) {
      const at = counts[freqs[s]]++;
      sortedSyms[at] = s;
      sortedFreqs[at] = freqs[s];
    }
    let leaf = 0;
    let next = 0;
    for (let e = 0; e < n - 1; e++) {
      let f: number;
      if (leaf < n && (next >= e || sortedFreqs[leaf] <= nodeFreq[next])) f = sortedFreqs[leaf++];
      else {
        f = nodeFreq[next];
        nodeParent[next++] = e;
      }
      if (leaf < n && (next >= e || sortedFreqs[leaf] <= nodeFreq[next])) f += sortedFreqs[leaf++];
      else {
        f += nodeFreq[next];
        nodeParent[next++] = e;
      }
      nodeFreq[e] = f;
    }
    for (let l = 0; l <= MAX_CODEWORD_LEN + 1; l++) lenCounts[l] = 0;
    lenCounts[1] = 2;
    const root = n - 2;
    nodeFreq[root] = 0;
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
    let i = 0;
    for (let l = MAX_CODEWORD_LEN; l >= 1; l--) for (let k = lenCounts[l]; k > 0; k--) lens[sortedSyms[i++]] = l;
    // Canonical codewords: shorter first, then by symbol.
    let code = 0;
    nextCode[0] = 0;
    for (let l = 1; l <= MAX_CODEWORD_LEN; l++) {
      code = (code + lenCounts[l - 1]) << 1;
      nextCode[l] = code;
    }
    // lenCounts[0] is 0 (every symbol has a length), so the loop above starts codes of length 1 at 0.
    for (let s = 0; s < n; s++) codes[s] = nextCode[lens[s]]++;
  }

  /** Counts symbol `sym` of code c (already written); rebuilds the code when its period is over. */
  private counted(c: number, sym: number): void {
    this.freqs[c][sym]++;
    if (--this.until[c] === 0) {
      this.buildCode(c);
      const freqs = this.freqs[c];
      for (let s = 0, n = this.numSyms[c]; s < n; s++) freqs[s] = (freqs[s] >>> 1) + 1;
      this.until[c] = REBUILD_PERIOD[c];
      if (c === LENGTH) this.lengthCostStale = true;
    }
  }

  // ---------------------------------------------------------------- output

  private putFront(unit: number): void {
    const o = this.front;
    if (o + 2 > this.back) {
      this.overflow = true;
      return;
    }
    const at = this.outBase + o;
    this.out[at] = unit;
    this.out[at + 1] = unit >>> 8;
    this.front = o + 2;
  }

  private putBack(unit: number): void {
    const o = this.back - 2;
    if (o < this.front) {
      this.overflow = true;
      return;
    }
    const at = this.outBase + o;
    this.out[at] = unit;
    this.out[at + 1] = unit >>> 8;
    this.back = o;
  }

  /** Moves the top 16 bits of `low` out, holding back units that a carry may still change (0xFFFF runs). */
  private shiftLow(): void {
    const low = this.low;
    if (low < 0xffff0000 || low >= 0x100000000) {
      const carry = low >= 0x100000000 ? 1 : 0;
      let temp = this.cache;
      do {
        // The first unit (a placeholder carry holder) is not part of an LZMS stream: the decoder reads none.
        if (this.skipFirst) this.skipFirst = false;
        else this.putFront((temp + carry) & 0xffff);
        temp = 0xffff;
      } while (--this.cacheSize !== 0);
      this.cache = Math.floor(low / 65536) & 0xffff;
    }
    this.cacheSize++;
    this.low = (low % 65536) * 65536;
  }

  /** Range-codes `bit` with entry `e` (index into the entries), updating it as the decoder will. */
  private encodeBit(e: number, bit: number): void {
    const probs = this.probs;
    const pi = e << 2;
    let prob = probs[pi];
    if (prob === 0) prob = 1;
    else if (prob === 64) prob = 63;
    probs[pi] += (probs[pi + 1] >>> 31) - bit;
    probs[pi + 1] = (probs[pi + 1] << 1) | (probs[pi + 2] >>> 31);
    probs[pi + 2] = (probs[pi + 2] << 1) | bit;
    if (this.range <= 0xffff) {
      this.range = this.range * 65536;
      this.shiftLow();
    }
    const bound = (this.range >>> 6) * prob;
    if (bit === 0) this.range = bound;
    else {
      this.low += bound;
      this.range -= bound;
    }
  }

  /** Writes the low n (<= 16) bits of `bits`, most significant first, to the backward bitstream. */
  private writeBits(bits: number, n: number): void {
    this.bitbuf = (this.bitbuf << n) | bits;
    this.bitcount += n;
    if (this.bitcount >= 16) {
      this.bitcount -= 16;
      this.putBack((this.bitbuf >>> this.bitcount) & 0xffff);
    }
  }

  private writeExtra(value: number, n: number): void {
    if (n > 16) {
      this.writeBits(Math.floor(value / 65536), n - 16);
      this.writeBits(value & 0xffff, 16);
    } else if (n > 0) this.writeBits(value, n);
  }

  private writeSymbol(c: number, sym: number): void {
    this.writeBits(this.codes[c][sym], this.lens[c][sym]);
    this.counted(c, sym);
  }

  private encodeLength(len: number): void {
    const slot = lengthSlot(len);
    this.writeSymbol(LENGTH, slot);
    this.writeExtra(len - LENGTH_BASE[slot], LENGTH_EXTRA[slot]);
  }

  /** Encodes one item of the parse (the decoder's order: decisions, then symbols and extra bits). */
  private encodeItem(kind: number, len: number, val: number): void {
    if (kind === K_LIT) {
      this.encodeBit(MAIN_PROBS + this.mainState, 0);
      this.mainState = (this.mainState << 1) & 15;
      this.writeSymbol(LITERAL, val);
      return;
    }
    this.encodeBit(MAIN_PROBS + this.mainState, 1);
    this.mainState = ((this.mainState << 1) | 1) & 15;
    const delta = kind === K_DELTA || kind === K_DELTA_REP ? 1 : 0;
    this.encodeBit(MATCH_PROBS + this.matchState, delta);
    this.matchState = ((this.matchState << 1) | delta) & 31;
    if (delta === 0) {
      const rep = kind === K_LZ_REP ? 1 : 0;
      this.encodeBit(LZ_PROBS + this.lzState, rep);
      this.lzState = ((this.lzState << 1) | rep) & 63;
      if (rep === 0) {
        const slot = offsetSlot(val);
        this.writeSymbol(LZ_OFFSET, slot);
        this.writeExtra(val - OFFSET_BASE[slot], OFFSET_EXTRA[slot]);
      } else {
        const b0 = val > 0 ? 1 : 0;
        this.encodeBit(LZ_REP0_PROBS + this.lzRep0State, b0);
        this.lzRep0State = ((this.lzRep0State << 1) | b0) & 63;
        if (b0) {
          const b1 = val > 1 ? 1 : 0;
          this.encodeBit(LZ_REP1_PROBS + this.lzRep1State, b1);
          this.lzRep1State = ((this.lzRep1State << 1) | b1) & 63;
        }
      }
    } else {
      const rep = kind === K_DELTA_REP ? 1 : 0;
      this.encodeBit(DELTA_PROBS + this.deltaState, rep);
      this.deltaState = ((this.deltaState << 1) | rep) & 63;
      if (rep === 0) {
        const power = val >>> DELTA_POWER_SHIFT;
        const raw = val & DELTA_POS_MASK;
        this.writeSymbol(POWER, power);
        const slot = offsetSlot(raw);
        this.writeSymbol(DELTA_OFFSET, slot);
        this.writeExtra(raw - OFFSET_BASE[slot], OFFSET_EXTRA[slot]);
      } else {
        const b0 = val > 0 ? 1 : 0;
        this.encodeBit(DELTA_REP0_PROBS + this.deltaRep0State, b0);
        this.deltaRep0State = ((this.deltaRep0State << 1) | b0) & 63;
        if (b0) {
          const b1 = val > 1 ? 1 : 0;
          this.encodeBit(DELTA_REP1_PROBS + this.deltaRep1State, b1);
          this.deltaRep1State = ((this.deltaRep1State << 1) | b1) & 63;
        }
      }
    }
    this.encodeLength(len);
  }

  // ---------------------------------------------------------------- parser

  private updateLengthCosts(): void {
    const lens = this.lens[LENGTH];
    const lc = this.lengthCost;
    for (let l = 1; l <= MAX_NICE + 1; l++) {
      const s = FAST_LENGTH_SLOT[l];
      lc[l] = (lens[s] + LENGTH_EXTRA[s]) << COST_SHIFT;
    }
    this.lengthCostStale = false;
  }

  private longLengthCost(len: number): number {
    const s = lengthSlot(len);
    return (this.lens[LENGTH][s] + LENGTH_EXTRA[s]) << COST_SHIFT;
  }

  private bit0(e: number): number {
    return BIT_COST[this.probs[e << 2]];
  }

  private bit1(e: number): number {
    return BIT_COST[64 - this.probs[e << 2]];
  }

  /**
   * Sets node j's state: node i's, advanced by node j's item (the queues as the decoder moves them), or for a
   * three-item arrival (nXLen[j] > 0) by its first match and literal first.
   */
  private advanceState(i: number, j: number): void {
    this.copyState(i, j);
    if (this.nXLen[j] > 0) {
      this.applyItem(j, this.nXKind[j], this.nXVal[j]);
      this.applyItem(j, K_LIT, 0);
    }
    this.applyItem(j, this.nKind[j], this.nVal[j]);
  }

  /** Advances node j's state in place by one item. */
  private applyItem(j: number, kind: number, val: number): void {
    const sLz = this.sLz;
    const sD = this.sDelta;
    const b = j << 2;
    let A = this.sA[j];
    let B = this.sB[j];
    let main = A & 15;
    let match = (A >>> 4) & 31;
    let lz = (A >>> 9) & 63;
    let lr0 = (A >>> 15) & 63;
    let lr1 = (A >>> 21) & 63;
    let dl = B & 63;
    let dr0 = (B >>> 6) & 63;
    let dr1 = (B >>> 12) & 63;
    const prevType = this.sPrev[j];
    let type = 0;
    if (kind === K_LIT) main = (main << 1) & 15;
    else {
      main = ((main << 1) | 1) & 15;
      if (kind === K_LZ || kind === K_LZ_REP) {
        type = 1;
        match = (match << 1) & 31;
        if (kind === K_LZ) {
          lz = (lz << 1) & 63;
          sLz[b + 3] = sLz[b + 2];
          sLz[b + 2] = sLz[b + 1];
          sLz[b + 1] = sLz[b];
          sLz[b] = val;
        } else {
          lz = ((lz << 1) | 1) & 63;
          lr0 = ((lr0 << 1) | (val > 0 ? 1 : 0)) & 63;
          if (val > 0) lr1 = ((lr1 << 1) | (val > 1 ? 1 : 0)) & 63;
          // Move to front the queue slot the index names (one further after an LZ match).
          const slot = val + (prevType === 1 ? 1 : 0);
          const off = sLz[b + slot];
          for (let k = slot; k > 0; k--) sLz[b + k] = sLz[b + k - 1];
          sLz[b] = off;
        }
      } else {
        type = 2;
        match = ((match << 1) | 1) & 31;
        if (kind === K_DELTA) {
          dl = (dl << 1) & 63;
          sD[b + 3] = sD[b + 2];
          sD[b + 2] = sD[b + 1];
          sD[b + 1] = sD[b];
          sD[b] = val;
        } else {
          dl = ((dl << 1) | 1) & 63;
          dr0 = ((dr0 << 1) | (val > 0 ? 1 : 0)) & 63;
          if (val > 0) dr1 = ((dr1 << 1) | (val > 1 ? 1 : 0)) & 63;
          const slot = val + (prevType === 2 ? 1 : 0);
          const pair = sD[b + slot];
          for (let k = slot; k > 0; k--) sD[b + k] = sD[b + k - 1];
          sD[b] = pair;
        }
      }
    }
    this.sPrev[j] = type;
    A = main | (match << 4) | (lz << 9) | (lr0 << 15) | (lr1 << 21);
    B = dl | (dr0 << 6) | (dr1 << 12);
    this.sA[j] = A;
    this.sB[j] = B;
  }

  /** Delta hash of the three bytes at p in span `span`'s difference stream, keyed by span and p's phase. */
  private deltaHash(p: number, span: number): number {
    const buf = this.buf;
    const d0 = (buf[p] - buf[p - span]) & 0xff;
    const d1 = (buf[p + 1] - buf[p + 1 - span]) & 0xff;
    const d2 = (buf[p + 2] - buf[p + 2 - span]) & 0xff;
    const v = ((span + (p & (span - 1))) << 24) | (d2 << 16) | (d1 << 8) | d0;
    return Math.imul(v, 0x1e35a7bd) >>> (32 - DELTA_HASH_BITS);
  }

  /** Length of the delta match at p with span `span` and offset `off` (off a multiple of span), up to max. */
  private deltaLen(p: number, off: number, span: number, max: number): number {
    const buf = this.buf;
    let l = 0;
    while (l < max && ((buf[p + l] - buf[p + l - span]) & 0xff) === ((buf[p + l - off] - buf[p + l - off - span]) & 0xff)) l++;
    return l;
  }

  private relax(i: number, j: number, cost: number, kind: number, len: number, val: number): void {
    if (cost < this.nCost[j]) {
      this.nCost[j] = cost;
      this.nFrom[j] = i;
      this.nKind[j] = kind;
      this.nLen[j] = len;
      this.nVal[j] = val;
      this.nXLen[j] = 0;
    }
  }

  /**
   * A two-step arrival at node j from node i: a first item (kind xKind, length xLen, value xVal), one literal, then an
   * LZ rep0 match of `len` bytes; kept when cheaper than what reaches j.
   */
  private relaxMatchLitRep(i: number, j: number, cost: number, len: number, xLen: number, xKind: number, xVal: number): void {
    if (cost < this.nCost[j]) {
      this.nCost[j] = cost;
      this.nFrom[j] = i;
      this.nKind[j] = K_LZ_REP;
      this.nLen[j] = len;
      this.nVal[j] = 0;
      this.nXLen[j] = xLen;
      this.nXKind[j] = xKind;
      this.nXVal[j] = xVal;
    }
  }

  /** The length of a match at `offset` before r, whose first two bytes are known equal, up to max. */
  private rep0Length(r: number, offset: number, max: number): number {
    const buf = this.buf;
    let len = 2;
    while (len < max && buf[r + len] === buf[r + len - offset]) len++;
    return len;
  }

  /** Encodes the cheapest path from node 0 to node `end`; node 0 then takes node end's state. */
  private encodePath(end: number): void {
    let k = 0;
    for (let j = end; j > 0; j = this.nFrom[j]) this.path[k++] = j;
    while (k > 0) {
      const j = this.path[--k];
      const xl = this.nXLen[j];
      if (xl > 0) {
        const at = this.pieceStart + this.nFrom[j];
        this.encodeItem(this.nXKind[j], xl, this.nXVal[j]);
        this.encodeItem(K_LIT, 1, this.buf[at + xl]);
      }
      this.encodeItem(this.nKind[j], this.nLen[j], this.nVal[j]);
    }
    this.copyState(end, 0);
  }

  private copyState(from: number, to: number): void {
    for (let k = 0; k < 4; k++) {
      this.sLz[(to << 2) + k] = this.sLz[(from << 2) + k];
      this.sDelta[(to << 2) + k] = this.sDelta[(from << 2) + k];
    }
    this.sPrev[to] = this.sPrev[from];
    this.sA[to] = this.sA[from];
    this.sB[to] = this.sB[from];
  }

  /**
   * Inserts positions [p, p + count) into the match finders without searching (inside a match taken whole). Deep
   * inside a long match only its ends are inserted: its bytes are already indexed where they were copied from, and
   * inserting every position of a 64 MiB run of zeros would cost seconds for nothing.
   */
  private skip(p: number, count: number, n: number): void {
    const edge = 2 * this.niceLen;
    if (count > 2 * edge) {
      this.skip(p, edge, n);
      this.skip(p + count - edge, edge, n);
      return;
    }
    for (let q = p; q < p + count; q++) {
      this.mf.find(q, n, this.niceLen, this.depth, false);
      if (this.useDelta) this.deltaInsert(q, n);
    }
  }

  private deltaInsert(p: number, n: number): void {
    if (p + 3 > n) return;
    for (let power = 0; power < DELTA_POWERS; power++) {
      const span = 1 << power;
      if (p < span) break;
      this.deltaTable[this.deltaHash(p, span)] = (power << DELTA_POWER_SHIFT) | p;
    }
  }

  private parse(n: number): void {
    const buf = this.buf;
    // Node 0's state: the queues as the decoder starts them.
    for (let k = 0; k < 4; k++) {
      this.sLz[k] = k + 1;
      this.sDelta[k] = k + 1; // power 0, raw offsets 1..4
    }
    this.sPrev[0] = 0;
    this.sA[0] = 0;
    this.sB[0] = 0;
    const cost = this.nCost;
    let pos = 0;
    while (pos < n) {
      if (this.lengthCostStale) this.updateLengthCosts();
      const lc = this.lengthCost;
      const litLens = this.lens[LITERAL];
      const lzOffLens = this.lens[LZ_OFFSET];
      const dOffLens = this.lens[DELTA_OFFSET];
      const powLens = this.lens[POWER];
      cost[0] = 0;
      this.pieceStart = pos;
      let end = 0;
      let i = 0;
      let taken = false;
      // Every node up to `end` is reached (a literal reaches the next one); each is costed in turn.
      for (; ; i++) {
        const p = pos + i;
        if (i > 0) this.advanceState(this.nFrom[i], i);
        if (p >= n || i >= OPT_WINDOW || (i === end && i > 0)) break;
        const base = cost[i];
        const A = this.sA[i];
        const B = this.sB[i];
        const main = A & 15;
        const prevType = this.sPrev[i];
        const remaining = n - p;
        const nm = this.mf.find(p, n, this.niceLen, this.depth, true);
        // Literal.
        if (end < i + 1) cost[++end] = INF;
        this.relax(i, i + 1, base + this.bit0(MAIN_PROBS + main) + (litLens[buf[p]] << COST_SHIFT), K_LIT, 1, buf[p]);
        if (remaining < 2) continue;
        const matchBase = base + this.bit1(MAIN_PROBS + main);
        const match = (A >>> 4) & 31;
        // Repeat LZ matches.
        const lzBase = matchBase + this.bit0(MATCH_PROBS + match);
        const lz = (A >>> 9) & 63;
        const lzRepBase = lzBase + this.bit1(LZ_PROBS + lz);
        const lr0 = (A >>> 15) & 63;
        const lr1 = (A >>> 21) & 63;
        const skipLz = prevType === 1 ? 1 : 0;
        let longest = 0;
        for (let k = 0; k < 3; k++) {
          const off = this.sLz[(i << 2) + k + skipLz];
          if (off > p) continue;
          if (buf[p] !== buf[p - off] || buf[p + 1] !== buf[p - off + 1]) continue;
          const cap = remaining < this.niceLen ? remaining : this.niceLen;
          let l = 2;
          while (l < cap && buf[p + l] === buf[p + l - off]) l++;
          if (l >= this.niceLen) {
            while (l < remaining && buf[p + l] === buf[p + l - off]) l++;
            this.encodePath(i);
            this.encodeItem(K_LZ_REP, l, k);
            this.nKind[1] = K_LZ_REP;
            this.nVal[1] = k;
            this.nXLen[1] = 0;
            this.advanceState(0, 1);
            this.copyState(1, 0);
            this.skip(p + 1, l - 1, n);
            if (this.useDelta) this.deltaInsert(p, n);
            pos = p + l;
            taken = true;
            break;
          }
          let c = lzRepBase;
          if (k === 0) c += this.bit0(LZ_REP0_PROBS + lr0);
          else {
            c += this.bit1(LZ_REP0_PROBS + lr0);
            c += k === 1 ? this.bit0(LZ_REP1_PROBS + lr1) : this.bit1(LZ_REP1_PROBS + lr1);
          }
          while (end < i + l) cost[++end] = INF;
          for (let m = 2; m <= l; m++) this.relax(i, i + m, c + lc[m], K_LZ_REP, m, k);
          if (l > longest) longest = l;
          // The repeat match, a literal, and a rep0 match at the same offset, as for explicit matches below.
          if (this.tryMatchLitRep && remaining - l >= 3) {
            const r = p + l + 1;
            if (buf[r] === buf[r - off] && buf[r + 1] === buf[r + 1 - off]) {
              const rl = this.rep0Length(r, off, remaining - l - 1 < this.niceLen ? remaining - l - 1 : this.niceLen);
              const main1 = ((main << 1) | 1) & 15;
              const lr0After = ((lr0 << 1) | (k > 0 ? 1 : 0)) & 63;
              const xc = c + lc[l] + this.bit0(MAIN_PROBS + main1) + (litLens[buf[p + l]] << COST_SHIFT) + this.bit1(MAIN_PROBS + ((main1 << 1) & 15)) + this.bit0(MATCH_PROBS + ((match << 1) & 31)) + this.bit1(LZ_PROBS + (((lz << 1) | 1) & 63)) + this.bit0(LZ_REP0_PROBS + lr0After) + lc[rl];
              const total = l + 1 + rl;
              while (end < i + total) cost[++end] = INF;
              this.relaxMatchLitRep(i, i + total, xc, rl, l, K_LZ_REP, k);
            }
          }
        }
        if (taken) break;
        // Explicit LZ matches.
        if (nm > 0) {
          let bl = this.mLen[nm - 1];
          if (bl >= this.niceLen) {
            const off = this.mOff[nm - 1];
            while (bl < remaining && buf[p + bl] === buf[p + bl - off]) bl++;
            this.encodePath(i);
            this.encodeItem(K_LZ, bl, off);
            this.nKind[1] = K_LZ;
            this.nVal[1] = off;
            this.nXLen[1] = 0;
            this.advanceState(0, 1);
            this.copyState(1, 0);
            if (this.useDelta) this.deltaInsert(p, n);
            this.skip(p + 1, bl - 1, n);
            pos = p + bl;
            taken = true;
            break;
          }
          const exBase = lzBase + this.bit0(LZ_PROBS + lz);
          let from = 2;
          // After each match, also a literal and an LZ rep0 match at the same offset (the match is then rep0), as
          // one arrival: a copy interrupted by one changed byte, which one position at a time would not find
          // cheapest (the rep0 is only worth it once the match is taken).
          const tryRep = this.tryMatchLitRep;
          const main1 = ((main << 1) | 1) & 15;
          const xDecisions = this.bit1(MAIN_PROBS + ((main1 << 1) & 15)) + this.bit0(MATCH_PROBS + ((match << 1) & 31)) + this.bit1(LZ_PROBS + ((lz << 1) & 63)) + this.bit0(LZ_REP0_PROBS + lr0);
          for (let m = 0; m < nm; m++) {
            const l = this.mLen[m];
            const off = this.mOff[m];
            const slot = offsetSlot(off);
            const c = exBase + ((lzOffLens[slot] + OFFSET_EXTRA[slot]) << COST_SHIFT);
            while (end < i + l) cost[++end] = INF;
            for (let q = from; q <= l; q++) this.relax(i, i + q, c + lc[q], K_LZ, q, off);
            from = l + 1;
            if (tryRep && remaining - l >= 3) {
              const r = p + l + 1;
              if (buf[r] === buf[r - off] && buf[r + 1] === buf[r + 1 - off]) {
                const rl = this.rep0Length(r, off, remaining - l - 1 < this.niceLen ? remaining - l - 1 : this.niceLen);
                const total = l + 1 + rl;
                const xc = c + lc[l] + this.bit0(MAIN_PROBS + main1) + (litLens[buf[p + l]] << COST_SHIFT) + xDecisions + lc[rl];
                while (end < i + total) cost[++end] = INF;
                this.relaxMatchLitRep(i, i + total, xc, rl, l, K_LZ, off);
              }
            }
          }
        }
        // Delta matches: the repeat pairs, then one candidate per power from the hash table. Not where an LZ match
        // of DELTA_SKIP_LEN bytes is at hand (text, duplicated code: delta matches rarely win there, and looking for
        // them costs a third of the time).
        if (nm > 0 && this.mLen[nm - 1] > longest) longest = this.mLen[nm - 1];
        if (this.useDelta && remaining >= 3 && longest < DELTA_SKIP_LEN) {
          const dBase = matchBase + this.bit1(MATCH_PROBS + match);
          const dl = B & 63;
          const dr0 = (B >>> 6) & 63;
          const dr1 = (B >>> 12) & 63;
          const dRepBase = dBase + this.bit1(DELTA_PROBS + dl);
          const skipD = prevType === 2 ? 1 : 0;
          const maxD = remaining < this.niceLen ? remaining : this.niceLen;
          for (let k = 0; k < 3; k++) {
            const pair = this.sDelta[(i << 2) + k + skipD];
            const power = pair >>> DELTA_POWER_SHIFT;
            const span = 1 << power;
            const off = (pair & DELTA_POS_MASK) * span;
            if (off + span > p) continue;
            const l = this.deltaLen(p, off, span, maxD);
            if (l < 2) continue;
            let c = dRepBase;
            if (k === 0) c += this.bit0(DELTA_REP0_PROBS + dr0);
            else {
              c += this.bit1(DELTA_REP0_PROBS + dr0);
              c += k === 1 ? this.bit0(DELTA_REP1_PROBS + dr1) : this.bit1(DELTA_REP1_PROBS + dr1);
            }
            while (end < i + l) cost[++end] = INF;
            for (let m = 2; m <= l; m++) this.relax(i, i + m, c + lc[m], K_DELTA_REP, m, k);
          }
          const dExBase = dBase + this.bit0(DELTA_PROBS + dl);
          for (let power = 0; power < DELTA_POWERS; power++) {
            const span = 1 << power;
            if (p < span) break;
            const h = this.deltaHash(p, span);
            const e = this.deltaTable[h];
            this.deltaTable[h] = (power << DELTA_POWER_SHIFT) | p;
            if (e < 0 || e >>> DELTA_POWER_SHIFT !== power) continue;
            const c0 = e & DELTA_POS_MASK;
            const off = p - c0;
            if (off <= 0 || (off & (span - 1)) !== 0 || c0 < span) continue;
            const raw = off >>> power;
            const l = this.deltaLen(p, off, span, maxD);
            // Short delta matches rarely beat what an LZ match or literals cost.
            if (l < 3 || l <= longest) continue;
            const slot = offsetSlot(raw);
            const c = dExBase + ((powLens[power] + dOffLens[slot] + OFFSET_EXTRA[slot]) << COST_SHIFT);
            while (end < i + l) cost[++end] = INF;
            const v = (power << DELTA_POWER_SHIFT) | raw;
            for (let m = 3; m <= l; m++) this.relax(i, i + m, c + lc[m], K_DELTA, m, v);
          }
        }
      }
      if (taken) continue;
      // The piece ends at node i (every path so far meets there, or the window is full).
      const stop = Math.min(i, end);
      this.encodePath(stop);
      pos += stop;
    }
  }
}

// Scratch for code construction (one build at a time per thread).
let scratchCounts = new Int32Array(4096);
const sortedSyms = new Uint16Array(MAX_OFFSET_SYMS);
const sortedFreqs = new Int32Array(MAX_OFFSET_SYMS);
const nodeFreq = new Int32Array(MAX_OFFSET_SYMS);
const nodeParent = new Int32Array(MAX_OFFSET_SYMS);
const lenCounts = new Int32Array(MAX_CODEWORD_LEN + 2);
const nextCode = new Int32Array(MAX_CODEWORD_LEN + 2);
