/*
 * LZX compressor, as WIM uses it (`-CompressionType max`, wimlib's default): every chunk (32 KiB by default) is an
 * independent LZX stream whose window is the chunk size, after the E8 preprocessing WIM always applies (x86 CALL
 * targets made absolute, translation size 12000000; no header bit). Each block is verbatim or aligned-offset,
 * whichever is smaller: 3-bit type, the block size (1 bit when it is 32768), for aligned blocks eight 3-bit aligned
 * codeword lengths, then the main code (literals, then the match headers slot * 8 + min(length - 2, 7)) and the
 * length code, each sent as pretree-coded deltas against the previous block's lengths (all zero for the first),
 * then the items, in 16-bit little-endian words read MSB-first.
 *
 * A chunk whose statistics change part-way is cut into several blocks (each with its own codes) where the
 * estimated saving pays for the extra code tables.
 *
 * Parsing is near-optimal, the technique that gives wimlib its ratio at its default level: a binary-tree match
 * finder caches every useful match of the chunk once; then a minimum-cost path over the chunk (literal, the three
 * repeat offsets R0/R1/R2 as they stand on the path, or a cached match at its full or any shorter length) is found
 * under a cost model, the Huffman codes the path would produce become the next cost model, and the search is repeated; the
 * last path is written with the codes built from it. With more than one pass, the first cost model comes from a quick
 * lazy parse over the cached matches instead of a path search: its statistics are nearly as good a model and it costs
 * a fraction of a search. One compressor is made per worker and reused for every chunk:
 * all tables, the match cache and the path nodes are allocated once for the largest chunk.
 */

import { CompressionFormat, type Compressor } from './codec';
import { HuffmanBuilder } from './huffman-encode';
import { MATCH_LEN_MASK, MATCH_OFFSET_SHIFT, type MatchFinder } from './matchfinder-bt';
import { createBinaryTreeMatchFinder, WasmBinaryTreeMatchFinder, type BtKernel } from './matchfinder-bt-wasm';
import { instantiateKernel, WasmArena } from './wasm-loader';
import { IncompressibilityProbe } from './matchfinder-probe';

const NUM_CHARS = 256;
const NUM_LEN_HEADERS = 8;
const MIN_MATCH = 2;
const MAX_MATCH = 257;
const NUM_LEN_SYMS = 249;
const NUM_ALIGNED_SYMS = 8;
const NUM_PRE_SYMS = 20;
const E8_TRANSLATION_SIZE = 12000000;
const BLOCKTYPE_VERBATIM = 1;
const BLOCKTYPE_ALIGNED = 2;
const DEFAULT_BLOCK_SIZE = 32768;

// Codeword length caps: the format allows 16 for main/length; tighter caps as wimlib uses cost little and stay
// inside every decoder's table sizes.
const MAIN_LIMIT = 16;
const LENGTH_LIMIT = 12;
const ALIGNED_LIMIT = 7;
const PRE_LIMIT = 7;

/** Costs are in 1/16 bit. */
const BIT = 16;
const INFINITE_COST = 0x7fffffff;
const MATCH_ROW = MAX_MATCH + 1;
/**
 * A chunk whose statistics pass already needs more than capacity * GIVE_UP_FACTOR is not parsed further but stored
 * raw: the final pass gains a percent or two at most, so at worst a chunk that would have shrunk by under 2% is kept
 * raw, while incompressible data (already-compressed files are common in Windows images) costs a third less time.
 */
const GIVE_UP_FACTOR = 0.98;
/**
 * The statistics pass (a lazy parse, see lazyParse): a repeat match is taken when at most this much shorter than the
 * longest explicit match, and explicit length-2 matches only below this offset (tuned on /usr/include and /usr/bin).
 */
const LAZY_REPEAT_SLACK = 2;
const LAZY_NEAR_OFFSET = 64;
const NO_OUTPUT = new Uint8Array(0);
/**
 * The output region holds 2 * chunk size + OUT_SLACK bytes: more than any LZX chunk can take (16-bit literal codes at
 * worst, plus the code tables), so its limit is never the caller's.
 */
const OUT_SLACK = 4096;
/** Block splitting: the chunk is judged in up to SEGMENTS pieces of at least MIN_SPLIT_BLOCK bytes. */
const SEGMENTS = 8;
const MIN_SPLIT_BLOCK = 4096;
/**
 * Estimated fixed cost of a block (type, size, three pretrees, plus a margin: the path was optimized for one code per
 * chunk, so a split gains less than the entropy suggests) and cost per used symbol of sending its length; tuned on
 * /usr/include and /usr/bin.
 */
const BLOCK_OVERHEAD_BITS = 3 + 17 + 3 * NUM_PRE_SYMS * 4 + 400;
const LENGTH_BITS_PER_USED_SYMBOL = 4;
const FLOG_TABLE = 4096;
const KERNEL_CHOICE_MAX_CHUNK = 1 << 16;
const ITEM_CODE_SHIFT = 9;
const ITEM_LEN_MASK = (1 << ITEM_CODE_SHIFT) - 1;
/** Marks a path item as the R0 part of a gap match (codes stay below 2^22, so bit 31 is free). */
const GAP_FLAG = 1 << 31;

/** Offset slots per window order 15..21 (window 32 KiB..2 MiB). */
const SLOTS_BY_ORDER = [30, 32, 34, 36, 38, 42, 50];

/** The recent-offsets state of a path node is packed as three fields; item codes: 0 literal, 1..3 repeat, else offset + 3. */
const REP_CODE_BASE = 1;
const EXPLICIT_CODE_BASE = 3;

/**
 * The LZX kernels compiled to WebAssembly (wasm/lzx.ts): the match finder and the minimum-cost path search, over the
 * arrays this compressor laid out in the instance's memory (setup gives their addresses).
 */
interface LzxKernel extends BtKernel {
  setup(buf: number, words: number, cache: number, cacheStart: number, pathCost: number, pathItem: number, pathRep: number, pathGap: number, mainCost: number, matchCost: number, alignedAdjust: number, slotOf: number, footerBits: number, itemLen: number, itemCode: number): void;
  findMinCostPath(n: number, lite: number, niceLen: number): number;
  setupBlocks(mainFreqs: number, lenFreqs: number, alignedFreqs: number, snap: number, segItem: number, segPos: number, mainLens: number, mainCodes: number, lenLens: number, lenCodes: number, alignedLens: number, alignedCodes: number, slotBase: number, out: number, numMain: number, numLen: number): void;
  e8Translate(n: number): void;
  lazyParse(n: number): void;
  tallyItems(k0: number, k1: number, pos0: number): void;
  tallySegments(numItems: number, segs: number, segBytes: number): number;
  writeItems(k0: number, k1: number, pos0: number, aligned: number, out: number, limit: number, bitBuf: number, bitCount: number): number;
  lastFooterBits(): number;
  lastBitBuf(): number;
  lastBitCount(): number;
  huffmanBuild(freqs: number, numSyms: number, maxLen: number, lens: number, codes: number): number;
  setupChoice(blockItem: number, blockPos: number, fLog2f: number): void;
  chooseFromSegments(segs: number, numItems: number, n: number, overheadBits: number, bitsPerUsed: number): number;
}

export class LzxCompressor implements Compressor {
  readonly format = CompressionFormat.Lzx;
  private readonly windowOrder: number;
  private readonly numSlots: number;
  private readonly numMainSyms: number;
  private readonly maxOffset: number;
  private readonly footerBits: Uint8Array;
  private readonly slotBase: Int32Array;
  /** Offset slot of each formatted offset (offset + 2), for formatted offsets below the window size. */
  private readonly slotOf: Uint8Array;

  private readonly buf: Uint8Array;
  private readonly mf: MatchFinder;
  private readonly niceLen: number;
  private readonly depth: number;
  private readonly passes: number;

  // Match cache: for position p, matches cacheStart[p] .. cacheStart[p + 1] - 1 (increasing lengths), each the length
  // | offset << MATCH_OFFSET_SHIFT.
  private readonly cacheCap: number;
  private readonly cache: Int32Array;
  private readonly cacheStart: Int32Array;

  // Path nodes (see findMinCostPath).
  private readonly pathCost: Int32Array;
  private readonly pathItem: Int32Array;
  private readonly pathRep: Int32Array;
  /** For a node reached by a gap match (pathItem negative: its R0 part), the explicit match before the literal. */
  private readonly pathGap: Int32Array;

  // The chosen items in order.
  private readonly itemLen: Uint16Array;
  private readonly itemCode: Int32Array;
  private numItems = 0;
  /** Offset footer bits of the items last tallied (tallyItems). */
  private tallyFooterBits = 0;

  private readonly huff: HuffmanBuilder;
  private readonly mainFreqs: Uint32Array;
  private readonly lenFreqs: Uint32Array;
  private readonly alignedFreqs: Uint32Array;
  private readonly mainLens: Uint8Array;
  private readonly lenLens: Uint8Array;
  private readonly alignedLens: Uint8Array;
  private readonly mainCodes: Uint32Array;
  private readonly lenCodes: Uint32Array;
  private readonly alignedCodes: Uint32Array;
  private readonly mainCost: Int32Array;
  /** matchCost[slot * MATCH_ROW + len]: bits of a match of len bytes in offset slot (header, length symbol, footer). */
  private readonly matchCost: Int32Array;
  private readonly lenCost = new Int32Array(NUM_LEN_SYMS);
  /** Per low 3 bits of a formatted offset: aligned codeword cost minus the 3 verbatim bits it replaces (0 when verbatim). */
  private readonly alignedAdjust: Int32Array;
  /** The WebAssembly kernels when they run (then the arrays they read are views of their memory), else undefined. */
  private readonly kernel: LzxKernel | undefined;
  /** Which kernels run: 'ts', 'wasm' or 'wasm-simd' (tests and measurement). */
  readonly kernelName: string;
  private readonly prevMainLens: Uint8Array;
  private readonly prevLenLens = new Uint8Array(NUM_LEN_SYMS);

  private readonly preFreqs: Uint32Array;
  private readonly preLens: Uint8Array;
  private readonly preCodes: Uint32Array;
  /** Addresses of the block stage's arrays in the kernel's memory (blockBytes's order), for its Huffman builder. */
  private readonly blockAt: number[];
  private readonly preItems: Int32Array;

  private readonly probe = new IncompressibilityProbe();
  /** How many LZX blocks the last compressed chunk was cut into (diagnostics and tests). */
  blocksInLastChunk = 0;

  // Block splitting state.
  private readonly snap: Int32Array;
  private readonly segItem: Int32Array;
  /** The symbols (main, then length) the chunk uses, numUsedMain of them main ones. */
  private readonly usedSyms: Int32Array;
  private numUsedMain = 0;
  private numUsed = 0;
  private readonly segPos: Int32Array;
  private readonly segBest = new Float64Array(SEGMENTS + 1);
  private readonly segFrom = new Int32Array(SEGMENTS + 1);
  private readonly blockItem: Int32Array;
  private readonly blockPos: Int32Array;
  /** Whether the kernel chooses the blocks (it has the f * log2(f) table for every count of a chunk). */
  private readonly kernelChoice: boolean;
  /** fLog2f[f] = f * log2(f) for counts below FLOG_TABLE (small enough to stay in cache; larger ones are computed). */
  private readonly fLog2f: Float64Array;

  /** Where the kernel's item writer puts the compressed chunk (then copied to the caller's buffer). */
  private readonly outRegion: Uint8Array;

  // Bit output state.
  private out = 0;
  private outLimit = 0;
  private bitbuf = 0;
  private bitcount = 0;
  private dst: Uint8Array = NO_OUTPUT;

  /**
   * maxChunkSize: largest chunk (1..2 MiB; the window is the next power of two, at least 32 KiB). level: 1..100 as
   * wimlib's (search depth, nice length and optimization passes scale with it). cacheMatchesPerByte: room in the match
   * cache per chunk byte (beyond it only each position's longest match is kept); tests lower it to exercise that.
   */
  constructor(readonly maxChunkSize: number, level = 50, cacheMatchesPerByte = 4) {
    if (!(maxChunkSize >= 1 && maxChunkSize <= 1 << 21)) throw new RangeError(`LZX chunk size ${maxChunkSize} is outside 1..2097152`);
    let order = 15;
    while (1 << order < maxChunkSize) order++;
    this.windowOrder = order;
    this.numSlots = SLOTS_BY_ORDER[order - 15];
    this.numMainSyms = NUM_CHARS + this.numSlots * NUM_LEN_HEADERS;
    this.maxOffset = (1 << order) - 3;
    const windowSize = 1 << order;
    const n = maxChunkSize;
    this.cacheCap = n * (Math.max(0, cacheMatchesPerByte) + 1) + 2 * MAX_MATCH + 2;
    const matchCostSize = this.numSlots * MATCH_ROW;
    const numMain = this.numMainSyms;
    const width = numMain + NUM_LEN_SYMS;
    // The arrays of the stages after the match search (tallies, the block choice's counts, the codes, the slot bases,
    // the output), laid out like the search's: in the kernel's memory when it runs (its tally and writer loops read
    // them there), else in one buffer of the same layout.
    const blockBytes = [4 * numMain, 4 * NUM_LEN_SYMS, 4 * NUM_ALIGNED_SYMS, 4 * (SEGMENTS + 1) * width, 4 * (SEGMENTS + 1), 4 * (SEGMENTS + 1), numMain + 1, 4 * numMain, NUM_LEN_SYMS + 1, 4 * NUM_LEN_SYMS, NUM_ALIGNED_SYMS, 4 * NUM_ALIGNED_SYMS, 4 * 64, 2 * n + OUT_SLACK, 4 * NUM_PRE_SYMS, NUM_PRE_SYMS, 4 * NUM_PRE_SYMS, 4 * (SEGMENTS + 1), 4 * (SEGMENTS + 1)];
    let blockAt: number[];
    let blockMem: ArrayBuffer;
    // The kernel's block choice reads f * log2(f) from a table with an entry for every count a chunk can have
    // (8 bytes a chunk byte): for chunks up to 64 KiB (WIM's are 32 KiB); larger ones are chosen here.
    const choiceTable = n <= KERNEL_CHOICE_MAX_CHUNK ? n + 1 : 0;
    // The chunk, the match cache and its index live in the match finder, and with the WebAssembly kernels so do the
    // path, the items and the cost tables the search reads (views of one memory, laid out once): the chunk is copied
    // in once, the cost tables are filled in place, and matches and items are read where the kernels wrote them.
    const inst = instantiateKernel('lzx');
    if (inst) {
      const k = inst.exports as unknown as LzxKernel;
      const arena = new WasmArena(k.memory, k.heapBase());
      this.kernelName = inst.simd ? 'wasm-simd' : 'wasm';
      const mf = new WasmBinaryTreeMatchFinder(k, this.kernelName, n, this.maxOffset, this.cacheCap, arena, false);
      // The kernel keeps the path's recent offsets in a ring of 1024 nodes (wasm/lzx.ts, REP_RING_MASK).
      const at = [4 * (n + 1), 4 * (n + 1), 16 * 1024, 4 * (n + 1), 4 * this.numMainSyms, 4 * matchCostSize, 4 * NUM_ALIGNED_SYMS, windowSize, 64, 2 * n, 4 * n].map((bytes) => arena.reserve(bytes));
      blockAt = blockBytes.map((bytes) => arena.reserve(bytes));
      const flogAt = arena.reserve(8 * choiceTable);
      const mem = arena.commit();
      if (choiceTable > 0) {
        const table = new Float64Array(mem, flogAt, choiceTable);
        for (let f = 2; f < choiceTable; f++) table[f] = f * Math.log2(f);
        k.setupChoice(blockAt[17], blockAt[18], flogAt);
      }
      this.kernelChoice = choiceTable > 0;
      blockMem = mem;
      this.mf = mf.attach(mem);
      this.pathCost = new Int32Array(mem, at[0], n + 1);
      this.pathItem = new Int32Array(mem, at[1], n + 1);
      this.pathRep = new Int32Array(mem, at[2], 4 * 1024);
      this.pathGap = new Int32Array(mem, at[3], n + 1);
      this.mainCost = new Int32Array(mem, at[4], this.numMainSyms);
      this.matchCost = new Int32Array(mem, at[5], matchCostSize);
      this.alignedAdjust = new Int32Array(mem, at[6], NUM_ALIGNED_SYMS);
      this.slotOf = new Uint8Array(mem, at[7], windowSize);
      this.footerBits = new Uint8Array(mem, at[8], 64);
      this.itemLen = new Uint16Array(mem, at[9], n);
      this.itemCode = new Int32Array(mem, at[10], n);
      k.setup(mf.inputAt, mf.wordsAt, mf.matchesAt, mf.startAt, at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], at[8], at[9], at[10]);
      k.setupBlocks(blockAt[0], blockAt[1], blockAt[2], blockAt[3], blockAt[4], blockAt[5], blockAt[6], blockAt[7], blockAt[8], blockAt[9], blockAt[10], blockAt[11], blockAt[12], blockAt[13], numMain, NUM_LEN_SYMS);
      this.kernel = k;
    } else {
      this.kernelName = 'ts';
      this.mf = createBinaryTreeMatchFinder(n, this.maxOffset, this.cacheCap);
      this.pathCost = new Int32Array(n + 1);
      this.pathItem = new Int32Array(n + 1);
      this.pathRep = new Int32Array((n + 1) * 4);
      this.pathGap = new Int32Array(n + 1);
      this.mainCost = new Int32Array(this.numMainSyms);
      this.matchCost = new Int32Array(matchCostSize);
      this.alignedAdjust = new Int32Array(NUM_ALIGNED_SYMS);
      this.slotOf = new Uint8Array(windowSize);
      this.footerBits = new Uint8Array(64);
      this.itemLen = new Uint16Array(n);
      this.itemCode = new Int32Array(n);
      this.kernel = undefined;
      let top = 0;
      blockAt = blockBytes.map((bytes) => {
        const at = top;
        top += (bytes + 63) & ~63;
        return at;
      });
      blockMem = new ArrayBuffer(top);
      this.kernelChoice = false;
    }
    this.mainFreqs = new Uint32Array(blockMem, blockAt[0], numMain);
    this.lenFreqs = new Uint32Array(blockMem, blockAt[1], NUM_LEN_SYMS);
    this.alignedFreqs = new Uint32Array(blockMem, blockAt[2], NUM_ALIGNED_SYMS);
    this.snap = new Int32Array(blockMem, blockAt[3], (SEGMENTS + 1) * width);
    this.segItem = new Int32Array(blockMem, blockAt[4], SEGMENTS + 1);
    this.segPos = new Int32Array(blockMem, blockAt[5], SEGMENTS + 1);
    this.mainLens = new Uint8Array(blockMem, blockAt[6], numMain + 1);
    this.mainCodes = new Uint32Array(blockMem, blockAt[7], numMain);
    this.lenLens = new Uint8Array(blockMem, blockAt[8], NUM_LEN_SYMS + 1);
    this.lenCodes = new Uint32Array(blockMem, blockAt[9], NUM_LEN_SYMS);
    this.alignedLens = new Uint8Array(blockMem, blockAt[10], NUM_ALIGNED_SYMS);
    this.alignedCodes = new Uint32Array(blockMem, blockAt[11], NUM_ALIGNED_SYMS);
    this.slotBase = new Int32Array(blockMem, blockAt[12], 64);
    this.outRegion = new Uint8Array(blockMem, blockAt[13], 2 * n + OUT_SLACK);
    this.preFreqs = new Uint32Array(blockMem, blockAt[14], NUM_PRE_SYMS);
    this.preLens = new Uint8Array(blockMem, blockAt[15], NUM_PRE_SYMS);
    this.preCodes = new Uint32Array(blockMem, blockAt[16], NUM_PRE_SYMS);
    this.blockAt = blockAt;
    this.blockItem = new Int32Array(blockMem, blockAt[17], SEGMENTS + 1);
    this.blockPos = new Int32Array(blockMem, blockAt[18], SEGMENTS + 1);
    this.buf = this.mf.input;
    this.cache = this.mf.matches;
    this.cacheStart = this.mf.start;
    let base = 0;
    for (let s = 0; s < 64; s++) {
      const fb = s < 4 ? 0 : Math.min(17, (s >> 1) - 1);
      this.footerBits[s] = fb;
      this.slotBase[s] = base;
      base += 1 << fb;
    }
    for (let s = 0, f = 0; f < windowSize; f++) {
      while (s + 1 < 64 && this.slotBase[s + 1] <= f) s++;
      this.slotOf[f] = s;
    }

    const l = Math.max(1, Math.min(100, level | 0));
    // wimlib's level 50 searches 24 deep and stops at 48 bytes; here 16 and 36, which give back in speed (6-7%)
    // more than they cost in size (0.15%, part of what the gap matches and the exact length-2 table had won).
    this.depth = Math.max(1, Math.floor((16 * l) / 50));
    this.niceLen = Math.min(MAX_MATCH, Math.max(8, Math.floor((36 * l) / 50)));
    this.passes = 1 + (l >= 45 ? 1 : 0) + (l >= 70 ? 1 : 0) + (l >= 100 ? 1 : 0);

    this.huff = new HuffmanBuilder(this.numMainSyms);
    this.prevMainLens = new Uint8Array(this.numMainSyms);
    this.preItems = new Int32Array(this.numMainSyms + 1);
    this.usedSyms = new Int32Array(this.numMainSyms + NUM_LEN_SYMS);
    this.fLog2f = new Float64Array(FLOG_TABLE);
    for (let f = 2; f < FLOG_TABLE; f++) this.fLog2f[f] = f * Math.log2(f);
  }

  compress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCapacity: number): number {
    if (srcLen <= 0 || srcLen > this.maxChunkSize) {
      if (srcLen === 0) return 0;
      throw new RangeError(`LZX chunk of ${srcLen} bytes exceeds the maximum ${this.maxChunkSize}`);
    }
    // Already-compressed data: store raw without searching (see matchfinder-probe.ts).
    if (dstCapacity < srcLen && this.probe.looksIncompressible(src, srcOff, srcLen)) return 0;
    const buf = this.buf;
    const n = srcLen;
    buf.set(src.subarray(srcOff, srcOff + n), 0);
    const kernel = this.kernel;
    if (n > 10) {
      if (this.kernel) this.kernel.e8Translate(n);
      else e8Translate(buf, n);
    }
    this.findMatches(n);
    // With several passes the first is the lazy parse, which needs no costs; the next ones cost with its codes.
    if (this.passes === 1) this.setDefaultCosts(buf, n);
    for (let pass = 0; pass < this.passes; pass++) {
      // Earlier passes only gather statistics for the next cost model: the first is a lazy parse, later ones cost each
      // match at its full length only (not every shorter length), which is about as good for that, and cheaper.
      // The lazy parse tallies as it goes; the last pass is tallied by chooseBlocks, which counts its symbols anyway.
      if (pass === 0 && this.passes > 1) {
        if (kernel) {
          kernel.lazyParse(n);
          this.tallyFooterBits = kernel.lastFooterBits();
        } else this.lazyParse(buf, n);
      } else if (kernel) this.numItems = kernel.findMinCostPath(n, pass + 1 < this.passes ? 1 : 0, this.niceLen);
      else this.findMinCostPath(buf, n, pass + 1 < this.passes);
      if (pass + 1 < this.passes) {
        if (pass > 0) this.tallyItems(buf, 0, this.numItems, 0);
        this.makeCodes();
        if (this.estimateBits() > dstCapacity * 8 * GIVE_UP_FACTOR) return 0;
        this.setCostsFromTallies();
      }
    }
    const size = this.writeChunk(buf, n, dst, dstOff, dstCapacity);
    this.dst = NO_OUTPUT;
    return size;
  }

  /** Bits the tallied items take with the current codes: symbols, offset footers, and roughly the code tables. */
  private estimateBits(): number {
    let bits = BLOCK_OVERHEAD_BITS;
    const mainFreqs = this.mainFreqs;
    const mainLens = this.mainLens;
    for (let s = 0; s < this.numMainSyms; s++) {
      if (mainFreqs[s] !== 0) bits += mainFreqs[s] * mainLens[s] + LENGTH_BITS_PER_USED_SYMBOL;
    }
    for (let s = 0; s < NUM_LEN_SYMS; s++) {
      if (this.lenFreqs[s] !== 0) bits += this.lenFreqs[s] * this.lenLens[s] + LENGTH_BITS_PER_USED_SYMBOL;
    }
    bits += this.tallyFooterBits;
    return bits;
  }

  /** Runs the binary-tree match finder over the chunk and caches its matches; bytes inside a nice match get none. */
  private findMatches(n: number): void {
    const mf = this.mf;
    const niceLen = this.niceLen;
    const depth = this.depth;
    // Past this many cached matches (inputs with unusually many), keep only the longest match of each position; the
    // cache has room for that (one per position) beyond the limit.
    const softLimit = this.cacheCap - n - MAX_MATCH - 2; // >= MAX_MATCH, so the first position always fits
    mf.cacheMatches(n, MAX_MATCH, niceLen, depth, softLimit);
  }

  /** First-pass cost model: literals from the chunk's byte statistics, matches from typical code lengths. */
  private setDefaultCosts(buf: Uint8Array, n: number): void {
    const mainCost = this.mainCost;
    const freqs = this.mainFreqs;
    freqs.fill(0);
    for (let i = 0; i < n; i++) freqs[buf[i]]++;
    for (let c = 0; c < NUM_CHARS; c++) {
      const f = freqs[c];
      // -log2(f / n), clamped; literals become rarer once matches take their share, so shade toward longer codes.
      let bits = f === 0 ? 12 : Math.log2(n / f) + 1;
      if (bits < 2) bits = 2;
      if (bits > 14) bits = 14;
      mainCost[c] = Math.round(bits * BIT);
    }
    for (let s = 0; s < this.numSlots; s++) {
      for (let h = 0; h < NUM_LEN_HEADERS; h++) {
        mainCost[NUM_CHARS + s * NUM_LEN_HEADERS + h] = (9 + (s >> 2) / 2 + (h === 7 ? 0 : h >> 2)) * BIT;
      }
    }
    for (let i = 0; i < NUM_LEN_SYMS; i++) this.lenCost[i] = (i < 16 ? 5 : 8) * BIT;
    this.alignedAdjust.fill(0);
    this.fillMatchCosts();
  }

  private fillMatchCosts(): void {
    const mainCost = this.mainCost;
    const lenCost = this.lenCost;
    const table = this.matchCost;
    for (let slot = 0; slot < this.numSlots; slot++) {
      const hdr = NUM_CHARS + slot * NUM_LEN_HEADERS;
      const row = slot * MATCH_ROW;
      const footer = this.footerBits[slot] * BIT;
      for (let l = MIN_MATCH; l <= MAX_MATCH; l++) {
        const lh = l - MIN_MATCH;
        table[row + l] = footer + (lh < 7 ? mainCost[hdr + lh] : mainCost[hdr + 7] + lenCost[lh - 7]);
      }
    }
  }

  /**
   * Cost model for the next pass from the statistics just tallied: each used main and length symbol costs its
   * information content, -log2(frequency / total), rather than the length of its codeword in the codes built from
   * them; unused ones cost 15 and 12 bits. The codes are rebuilt from the next pass's own statistics anyway, and the
   * fractional costs predict them better than the whole-bit lengths: 0.05% smaller (/usr/include) to 0.07% (binaries).
   */
  private setCostsFromTallies(): void {
    const mainCost = this.mainCost;
    const mainFreqs = this.mainFreqs;
    const numMain = this.numMainSyms;
    let total = 0;
    for (let s = 0; s < numMain; s++) total += mainFreqs[s];
    for (let s = 0; s < numMain; s++) {
      const f = mainFreqs[s];
      mainCost[s] = f === 0 ? 15 * BIT : Math.max(BIT, Math.round(Math.log2(total / f) * BIT));
    }
    const lenCost = this.lenCost;
    const lenFreqs = this.lenFreqs;
    total = 0;
    for (let s = 0; s < NUM_LEN_SYMS; s++) total += lenFreqs[s];
    for (let s = 0; s < NUM_LEN_SYMS; s++) {
      const f = lenFreqs[s];
      lenCost[s] = f === 0 ? 12 * BIT : Math.max(BIT, Math.round(Math.log2(total / f) * BIT));
    }
    // If the block is headed for aligned-offset coding, cost offset footers the way it will code them.
    const aligned = this.alignedIsSmaller();
    for (let a = 0; a < NUM_ALIGNED_SYMS; a++) this.alignedAdjust[a] = aligned ? ((this.alignedLens[a] || 7) - 3) * BIT : 0;
    this.fillMatchCosts();
  }

  /**
   * The minimum-cost path over the chunk under the current costs; its items are left in itemLen/itemCode. In a lite
   * pass each match source is costed at its longest length only.
   */
  private findMinCostPath(buf: Uint8Array, n: number, lite: boolean): void {
    // Node i: pathCost[i] is the cost to reach it, pathItem[i] the item arriving (length | code << ITEM_CODE_SHIFT),
    // pathRep[4i .. 4i + 2] the recent offsets R0, R1, R2 after it. Costs have an array of their own so that the
    // relaxation loops, which touch only costs and items, walk dense memory.
    const pathCost = this.pathCost;
    const pathItem = this.pathItem;
    const pathRep = this.pathRep;
    const pathGap = this.pathGap;
    const mainCost = this.mainCost;
    const matchCost = this.matchCost;
    const cache = this.cache;
    const lenMask = MATCH_LEN_MASK;
    const offShift = MATCH_OFFSET_SHIFT;
    const cacheStart = this.cacheStart;
    const slotOf = this.slotOf;
    const niceLen = this.niceLen;
    const words = this.mf.words;
    const footerBits = this.footerBits;
    const alignedAdjust = this.alignedAdjust;

    pathCost.fill(INFINITE_COST, 1, n + 1);
    pathCost[0] = 0;
    pathRep[0] = 1;
    pathRep[1] = 1;
    pathRep[2] = 1;

    for (let i = 0; i < n; i++) {
      const q = i << 2;
      // The recent offsets at node i follow from the item that reached it. Which kind of item that was is
      // unpredictable from node to node, so, gap matches (rare) aside, the three cases are merged with masks rather
      // than branches: ex (an explicit match pushes its offset), s1 (R1 swaps with R0), s2 (R2 swaps with R0),
      // all zero for a literal or R0.
      let r0 = 1;
      let r1 = 1;
      let r2 = 1;
      if (i > 0) {
        const item = pathItem[i];
        if (item < 0) {
          // A gap match: explicit match, literal, R0 match; the explicit offset was pushed.
          const first = pathGap[i];
          const gq = (i - (item & ITEM_LEN_MASK) - 1 - (first & ITEM_LEN_MASK)) << 2;
          r0 = (first >>> ITEM_CODE_SHIFT) - EXPLICIT_CODE_BASE;
          r1 = pathRep[gq];
          r2 = pathRep[gq + 1];
        } else {
          const pq = (i - (item & ITEM_LEN_MASK)) << 2;
          const code = item >>> ITEM_CODE_SHIFT;
          const p0 = pathRep[pq];
          const p1 = pathRep[pq + 1];
          const p2 = pathRep[pq + 2];
          const ex = (EXPLICIT_CODE_BASE - code) >> 31;
          const s1 = ((code ^ (REP_CODE_BASE + 1)) - 1) >> 31;
          const s2 = ((code ^ (REP_CODE_BASE + 2)) - 1) >> 31;
          const moved0 = ex | s1;
          r0 = ((code - EXPLICIT_CODE_BASE) & ex) | (p1 & s1) | (p2 & s2) | (p0 & ~(moved0 | s2));
          r1 = (p0 & moved0) | (p1 & ~moved0);
          r2 = (p1 & ex) | (p0 & s2) | (p2 & ~(ex | s2));
        }
        pathRep[q] = r0;
        pathRep[q + 1] = r1;
        pathRep[q + 2] = r2;
      }
      const c = pathCost[i];

      // Literal.
      const lc = c + mainCost[buf[i]];
      if (lc < pathCost[i + 1]) {
        pathCost[i + 1] = lc;
        pathItem[i + 1] = 1;
      }

      // Matches. As in wimlib, two heuristics keep this affordable: repeat offsets are tried only where the match
      // finder found something, and each length is costed only with the cheapest-looking source that reaches it
      // (R0, then R1, then R2, then explicit offsets from the nearest), so every length is relaxed once.
      const mStart = cacheStart[i];
      const mEnd = cacheStart[i + 1];
      if (mStart === mEnd) continue;
      let maxLen = n - i;
      if (maxLen > MAX_MATCH) maxLen = MAX_MATCH;
      // Most repeat offsets fail on the first two bytes; test those inline before extending.
      const w2 = words[i] & 0xffff;
      const len0 = r0 <= i && (words[i - r0] & 0xffff) === w2 ? matchLength(words, i - r0, i, maxLen) : 0;
      const len1 = r1 <= i && r1 !== r0 && (words[i - r1] & 0xffff) === w2 ? matchLength(words, i - r1, i, maxLen) : 0;
      const len2 = r2 <= i && r2 !== r0 && r2 !== r1 && (words[i - r2] & 0xffff) === w2 ? matchLength(words, i - r2, i, maxLen) : 0;
      const explicitLast = cache[mEnd - 1];
      const explicitLongest = explicitLast & lenMask;
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
        longestCode = (explicitLast >>> offShift) + EXPLICIT_CODE_BASE;
      }
      if (longest >= niceLen) {
        // A nice match is taken whole and the bytes it covers are not parsed further.
        const l = longest;
        let mc: number;
        if (longestCode <= EXPLICIT_CODE_BASE) {
          mc = c + matchCost[(longestCode - REP_CODE_BASE) * MATCH_ROW + l];
        } else {
          const f = longestCode - EXPLICIT_CODE_BASE + 2;
          const slot = slotOf[f];
          mc = c + matchCost[slot * MATCH_ROW + l] + (footerBits[slot] >= 3 ? alignedAdjust[f & 7] : 0);
        }
        if (mc < pathCost[i + l]) {
          pathCost[i + l] = mc;
          pathItem[i + l] = l | (longestCode << ITEM_CODE_SHIFT);
        }
        // Nodes strictly inside the match are never evaluated (every relaxation of node i + l came from an
        // evaluated node, so the path stays well formed); parsing resumes at i + l.
        i += l - 1;
        continue;
      }
      let nextLen = MIN_MATCH;
      if (lite) {
        for (let k = 0; k < 3; k++) {
          const len = k === 0 ? len0 : k === 1 ? len1 : len2;
          if (len < nextLen) continue;
          const mc = c + matchCost[k * MATCH_ROW + len];
          if (mc < pathCost[i + len]) {
            pathCost[i + len] = mc;
            pathItem[i + len] = len | ((REP_CODE_BASE + k) << ITEM_CODE_SHIFT);
          }
          nextLen = len + 1;
        }
        for (let m = mStart; m < mEnd; m++) {
          const e = cache[m];
          const mlen = e & lenMask;
          if (mlen < nextLen) continue;
          const off = e >>> offShift;
          const slot = slotOf[off + 2];
          const mc = c + matchCost[slot * MATCH_ROW + mlen] + (footerBits[slot] >= 3 ? alignedAdjust[(off + 2) & 7] : 0);
          if (mc < pathCost[i + mlen]) {
            pathCost[i + mlen] = mc;
            pathItem[i + mlen] = mlen | ((off + EXPLICIT_CODE_BASE) << ITEM_CODE_SHIFT);
          }
          nextLen = mlen + 1;
        }
        continue;
      }
      // Relaxation: node i + l from row[l] (the cost of a match of l bytes in that slot) plus c. Indexes run from
      // the node (to) and the row entry (r) together.
      if (len0 >= nextLen) {
        for (let to = i + nextLen, r = nextLen, end = i + len0; to <= end; to++, r++) {
          const mc = c + matchCost[r];
          if (mc < pathCost[to]) {
            pathCost[to] = mc;
            pathItem[to] = r | (REP_CODE_BASE << ITEM_CODE_SHIFT);
          }
        }
        nextLen = len0 + 1;
      }
      if (len1 >= nextLen) {
        for (let to = i + nextLen, r = MATCH_ROW + nextLen, end = i + len1; to <= end; to++, r++) {
          const mc = c + matchCost[r];
          if (mc < pathCost[to]) {
            pathCost[to] = mc;
            pathItem[to] = (to - i) | ((REP_CODE_BASE + 1) << ITEM_CODE_SHIFT);
          }
        }
        nextLen = len1 + 1;
      }
      if (len2 >= nextLen) {
        for (let to = i + nextLen, r = 2 * MATCH_ROW + nextLen, end = i + len2; to <= end; to++, r++) {
          const mc = c + matchCost[r];
          if (mc < pathCost[to]) {
            pathCost[to] = mc;
            pathItem[to] = (to - i) | ((REP_CODE_BASE + 2) << ITEM_CODE_SHIFT);
          }
        }
        nextLen = len2 + 1;
      }
      for (let m = mStart; m < mEnd; m++) {
        const e = cache[m];
        const mlen = e & lenMask;
        if (mlen < nextLen) continue;
        const off = e >>> offShift;
        const slot = slotOf[off + 2];
        const tag = (off + EXPLICIT_CODE_BASE) << ITEM_CODE_SHIFT;
        const base = c + (footerBits[slot] >= 3 ? alignedAdjust[(off + 2) & 7] : 0);
        // r - d is the length, where d = slot * MATCH_ROW.
        const d = slot * MATCH_ROW;
        for (let to = i + nextLen, r = d + nextLen, end = i + mlen; to <= end; to++, r++) {
          const mc = base + matchCost[r];
          if (mc < pathCost[to]) {
            pathCost[to] = mc;
            pathItem[to] = (r - d) | tag;
          }
        }
        nextLen = mlen + 1;
      }
      // A gap match, as wimlib considers: the longest explicit match, one literal, then R0 (now that offset) again.
      // One step of lookahead past the match, which the search would otherwise miss when the explicit match alone
      // does not pay: typical of records that differ in a byte.
      if (longestCode > EXPLICIT_CODE_BASE) {
        const mlen = explicitLongest;
        const off = longestCode - EXPLICIT_CODE_BASE;
        const g = i + mlen + 1;
        let rest = n - g;
        if (rest >= MIN_MATCH && ((words[g] ^ words[g - off]) & 0xffff) === 0) {
          if (rest > MAX_MATCH) rest = MAX_MATCH;
          const len2 = matchLength(words, g - off, g, rest);
          const f = off + 2;
          const slot = slotOf[f];
          const mc = c + matchCost[slot * MATCH_ROW + mlen] + (footerBits[slot] >= 3 ? alignedAdjust[f & 7] : 0) + mainCost[buf[g - 1]] + matchCost[len2];
          const to = g + len2;
          if (mc < pathCost[to]) {
            pathCost[to] = mc;
            pathItem[to] = len2 | (REP_CODE_BASE << ITEM_CODE_SHIFT) | GAP_FLAG;
            pathGap[to] = mlen | (longestCode << ITEM_CODE_SHIFT);
          }
        }
      }
    }

    // Walk the path back from the end and store its items in order (a gap match is three).
    let count = 0;
    for (let i = n; i > 0; ) {
      const item = pathItem[i];
      if (item < 0) {
        i -= (item & ITEM_LEN_MASK) + 1 + (pathGap[i] & ITEM_LEN_MASK);
        count += 3;
      } else {
        i -= item & ITEM_LEN_MASK;
        count++;
      }
    }
    this.numItems = count;
    const itemLen = this.itemLen;
    const itemCode = this.itemCode;
    for (let i = n, k = count - 1; i > 0; k--) {
      const item = pathItem[i];
      const len = item & ITEM_LEN_MASK;
      if (item < 0) {
        itemLen[k] = len;
        itemCode[k--] = REP_CODE_BASE;
        itemLen[k] = 1;
        itemCode[k--] = 0;
        const first = pathGap[i];
        itemLen[k] = first & ITEM_LEN_MASK;
        itemCode[k] = first >>> ITEM_CODE_SHIFT;
        i -= len + 1 + (first & ITEM_LEN_MASK);
        continue;
      }
      itemLen[k] = len;
      itemCode[k] = item >>> ITEM_CODE_SHIFT;
      i -= len;
    }
  }

  /**
   * A quick lazy parse over the match cache: at each position the longest of the cached match and the R0 repeat
   * match, unless the next position has a longer cached match. Used in place of a first optimal pass to gather the
   * statistics the next pass costs with, so it tallies its items (as tallyItems) instead of storing them.
   */
  private lazyParse(buf: Uint8Array, n: number): void {
    const cache = this.cache;
    const lenMask = MATCH_LEN_MASK;
    const offShift = MATCH_OFFSET_SHIFT;
    const cacheStart = this.cacheStart;
    const words = this.mf.words;
    const mainFreqs = this.mainFreqs;
    const lenFreqs = this.lenFreqs;
    const alignedFreqs = this.alignedFreqs;
    const slotOf = this.slotOf;
    const footerBits = this.footerBits;
    mainFreqs.fill(0);
    lenFreqs.fill(0);
    alignedFreqs.fill(0);
    let footer = 0;
    let r0 = 1;
    let r1 = 1;
    let r2 = 1;
    let i = 0;
    while (i < n) {
      const mStart = cacheStart[i];
      const mEnd = cacheStart[i + 1];
      if (mStart === mEnd) {
        mainFreqs[buf[i]]++;
        i++;
        continue;
      }
      let maxLen = n - i;
      if (maxLen > MAX_MATCH) maxLen = MAX_MATCH;
      const w2 = words[i] & 0xffff;
      let repLen = r0 <= i && (words[i - r0] & 0xffff) === w2 ? matchLength(words, i - r0, i, maxLen) : 0;
      let rep = 0;
      const len1 = r1 <= i && (words[i - r1] & 0xffff) === w2 ? matchLength(words, i - r1, i, maxLen) : 0;
      if (len1 > repLen) {
        repLen = len1;
        rep = 1;
      }
      const len2 = r2 <= i && (words[i - r2] & 0xffff) === w2 ? matchLength(words, i - r2, i, maxLen) : 0;
      if (len2 > repLen) {
        repLen = len2;
        rep = 2;
      }
      let len = cache[mEnd - 1] & lenMask;
      const off = cache[mEnd - 1] >>> offShift;
      let slot: number;
      // A repeat match costs far less than an explicit one, so it wins unless clearly shorter.
      if (repLen >= 2 && repLen + LAZY_REPEAT_SLACK >= len) {
        // Using R1 or R2 swaps it with R0.
        if (rep === 1) {
          const t = r0;
          r0 = r1;
          r1 = t;
        } else if (rep === 2) {
          const t = r0;
          r0 = r2;
          r2 = t;
        }
        slot = rep;
        len = repLen;
      } else if ((len < 3 && off >= LAZY_NEAR_OFFSET) || (i + 1 < n && cacheStart[i + 2] > cacheStart[i + 1] && (cache[cacheStart[i + 2] - 1] & lenMask) > len)) {
        // Explicit length-2 matches pay only when near; any match waits a byte if the next position has a longer one.
        mainFreqs[buf[i]]++;
        i++;
        continue;
      } else {
        if (off === r1) {
          slot = 1;
          r1 = r0;
          r0 = off;
        } else if (off === r2) {
          slot = 2;
          r2 = r0;
          r0 = off;
        } else {
          const f = off + 2;
          slot = slotOf[f];
          const fb = footerBits[slot];
          footer += fb;
          if (fb >= 3) alignedFreqs[f & 7]++;
          r2 = r1;
          r1 = r0;
          r0 = off;
        }
        if (len > maxLen) len = maxLen;
      }
      const lh = len - MIN_MATCH;
      mainFreqs[NUM_CHARS + slot * NUM_LEN_HEADERS + (lh < 7 ? lh : 7)]++;
      if (lh >= 7) lenFreqs[lh - 7]++;
      i += len;
    }
    this.tallyFooterBits = footer;
  }

  /** Symbol frequencies (and footer bits) of items [k0, k1), the first of which starts at byte pos0. */
  private tallyItems(buf: Uint8Array, k0: number, k1: number, pos0: number): void {
    if (this.kernel) {
      this.kernel.tallyItems(k0, k1, pos0);
      this.tallyFooterBits = this.kernel.lastFooterBits();
      return;
    }
    const mainFreqs = this.mainFreqs;
    const lenFreqs = this.lenFreqs;
    const alignedFreqs = this.alignedFreqs;
    const itemLen = this.itemLen;
    const itemCode = this.itemCode;
    const slotOf = this.slotOf;
    const footerBits = this.footerBits;
    mainFreqs.fill(0);
    lenFreqs.fill(0);
    alignedFreqs.fill(0);
    let footer = 0;
    let pos = pos0;
    for (let k = k0; k < k1; k++) {
      const len = itemLen[k];
      const code = itemCode[k];
      if (code === 0) {
        mainFreqs[buf[pos]]++;
      } else {
        let slot: number;
        if (code <= EXPLICIT_CODE_BASE) {
          slot = code - REP_CODE_BASE;
        } else {
          const f = code - EXPLICIT_CODE_BASE + 2;
          slot = slotOf[f];
          const fb = footerBits[slot];
          footer += fb;
          if (fb >= 3) alignedFreqs[f & 7]++;
        }
        const lh = len - MIN_MATCH;
        mainFreqs[NUM_CHARS + slot * NUM_LEN_HEADERS + (lh < 7 ? lh : 7)]++;
        if (lh >= 7) lenFreqs[lh - 7]++;
      }
      pos += len;
    }
    this.tallyFooterBits = footer;
  }

  /**
   * Whether the offset footers of the items last tallied take fewer bits in an aligned-offset block than in a verbatim
   * one: each footer of 3 bits or more trades its low 3 verbatim bits for an aligned codeword, and the aligned code
   * costs 24 bits to send. Needs the aligned code built from those tallies.
   */
  private alignedIsSmaller(): boolean {
    const alignedFreqs = this.alignedFreqs;
    const alignedLens = this.alignedLens;
    let alignedBits = NUM_ALIGNED_SYMS * 3;
    let verbatimBits = 0;
    for (let a = 0; a < NUM_ALIGNED_SYMS; a++) {
      alignedBits += alignedFreqs[a] * alignedLens[a];
      verbatimBits += alignedFreqs[a] * 3;
    }
    return alignedBits < verbatimBits;
  }

  private makeCodes(): void {
    const k = this.kernel;
    if (k) {
      const at = this.blockAt;
      k.huffmanBuild(at[0], this.numMainSyms, MAIN_LIMIT, at[6], at[7]);
      k.huffmanBuild(at[1], NUM_LEN_SYMS, LENGTH_LIMIT, at[8], at[9]);
      k.huffmanBuild(at[2], NUM_ALIGNED_SYMS, ALIGNED_LIMIT, at[10], at[11]);
      return;
    }
    this.huff.build(this.mainFreqs, this.numMainSyms, MAIN_LIMIT, this.mainLens, this.mainCodes);
    this.huff.build(this.lenFreqs, NUM_LEN_SYMS, LENGTH_LIMIT, this.lenLens, this.lenCodes);
    this.huff.build(this.alignedFreqs, NUM_ALIGNED_SYMS, ALIGNED_LIMIT, this.alignedLens, this.alignedCodes);
  }

  // ---- bit output ----

  private putBits(bits: number, n: number): void {
    this.bitbuf = (this.bitbuf << n) | bits;
    let bc = this.bitcount + n;
    while (bc >= 16) {
      bc -= 16;
      const w = this.bitbuf >>> bc;
      this.dst[this.out] = w;
      this.dst[this.out + 1] = w >>> 8;
      this.out += 2;
    }
    this.bitcount = bc;
  }

  /** Sends lens[start, end) as pretree-coded deltas against prev[start, end). Returns false when out of room. */
  private writeLengths(lens: Uint8Array, prev: Uint8Array, start: number, end: number): boolean {
    const items = this.preItems;
    const freqs = this.preFreqs;
    freqs.fill(0);
    let numItems = 0;
    let i = start;
    while (i < end) {
      const len = lens[i];
      let run = 1;
      while (i + run < end && lens[i + run] === len) run++;
      if (len === 0 && run >= 4) {
        while (run >= 20) {
          const x = Math.min(run - 20, 31);
          items[numItems++] = 18 | (x << 5);
          freqs[18]++;
          run -= 20 + x;
          i += 20 + x;
        }
        if (run >= 4) {
          const x = Math.min(run - 4, 15);
          items[numItems++] = 17 | (x << 5);
          freqs[17]++;
          run -= 4 + x;
          i += 4 + x;
        }
      } else if (len !== 0 && run >= 4) {
        // Symbol 19 repeats one delta; use it only where the previous lengths agree too, so that every reading
        // of the specification (delta per element or once for the run) decodes the same lengths.
        while (run >= 4) {
          const p = prev[i];
          let same = 1;
          while (same < 5 && same < run && prev[i + same] === p) same++;
          if (same < 4) break;
          const x = same === 5 ? 1 : 0;
          const d = (p - len + 17) % 17;
          items[numItems++] = 19 | (x << 5) | (d << 6);
          freqs[19]++;
          freqs[d]++;
          run -= 4 + x;
          i += 4 + x;
        }
      }
      while (run > 0) {
        const d = (prev[i] - len + 17) % 17;
        items[numItems++] = d;
        freqs[d]++;
        run--;
        i++;
      }
    }
    if (this.kernel) this.kernel.huffmanBuild(this.blockAt[14], NUM_PRE_SYMS, PRE_LIMIT, this.blockAt[15], this.blockAt[16]);
    else this.huff.build(freqs, NUM_PRE_SYMS, PRE_LIMIT, this.preLens, this.preCodes);
    const preLens = this.preLens;
    const preCodes = this.preCodes;
    if (this.out + 16 + numItems * 2 > this.outLimit) return false;
    for (let s = 0; s < NUM_PRE_SYMS; s++) this.putBits(preLens[s], 4);
    for (let k = 0; k < numItems; k++) {
      const it = items[k];
      const sym = it & 31;
      this.putBits(preCodes[sym], preLens[sym]);
      if (sym === 17) this.putBits((it >>> 5) & 15, 4);
      else if (sym === 18) this.putBits((it >>> 5) & 31, 5);
      else if (sym === 19) {
        this.putBits((it >>> 5) & 1, 1);
        const d = it >>> 6;
        this.putBits(preCodes[d], preLens[d]);
      }
    }
    return true;
  }

  private writeChunk(buf: Uint8Array, n: number, dst: Uint8Array, dstOff: number, dstCapacity: number): number {
    // The kernel's item writer writes into its output region, so the whole chunk is written there, then copied out.
    const region = this.kernel !== undefined;
    const capacity = region ? Math.min(dstCapacity, this.outRegion.length - OUT_SLACK) : dstCapacity;
    this.dst = region ? this.outRegion : dst;
    this.out = region ? 0 : dstOff;
    this.outLimit = this.out + capacity;
    const outStart = this.out;
    this.bitbuf = 0;
    this.bitcount = 0;
    if (dstCapacity < 64) return 0;
    const numBlocks = this.chooseBlocks(buf, n);
    this.blocksInLastChunk = numBlocks;
    // Each block's code lengths are sent as deltas against the previous block's (all zero before the first).
    this.prevMainLens.fill(0);
    this.prevLenLens.fill(0);
    const blockItem = this.blockItem;
    const blockPos = this.blockPos;
    for (let b = 0; b < numBlocks; b++) {
      const k0 = blockItem[b];
      const k1 = blockItem[b + 1];
      const pos0 = blockPos[b];
      // chooseBlocks left the statistics of the whole chunk, which a single block needs.
      if (numBlocks > 1) this.tallyItems(buf, k0, k1, pos0);
      this.makeCodes();
      if (!this.writeBlock(buf, k0, k1, pos0, blockPos[b + 1] - pos0)) return 0;
      this.prevMainLens.set(this.mainLens.subarray(0, this.numMainSyms));
      this.prevLenLens.set(this.lenLens.subarray(0, NUM_LEN_SYMS));
    }
    if (this.out + 4 > this.outLimit) return 0;
    if (this.bitcount > 0) this.putBits(0, 16 - this.bitcount);
    const size = this.out - outStart;
    if (size > capacity) return 0;
    if (region) dst.set(this.outRegion.subarray(0, size), dstOff);
    return size;
  }

  /**
   * Block splitting: cuts the chunk's items into up to SEGMENTS equal-sized runs of bytes, estimates the bits of any
   * run of consecutive segments coded as one block (entropy of its symbol counts plus the cost of sending its
   * codes), and picks the partition with the smallest total by dynamic programming. Data whose statistics change
   * inside a chunk (code then tables, text then binary) gets a code per part. Returns the number of blocks, their
   * first items in blockItem[0..count] and first bytes in blockPos[0..count] (both with an end sentinel). Leaves the
   * symbol statistics of the whole chunk tallied (as tallyItems).
   */
  private chooseBlocks(buf: Uint8Array, n: number): number {
    const blockItem = this.blockItem;
    const blockPos = this.blockPos;
    const numItems = this.numItems;
    if (n < 2 * MIN_SPLIT_BLOCK) {
      this.tallyItems(buf, 0, numItems, 0);
      blockItem[0] = 0;
      blockItem[1] = numItems;
      blockPos[0] = 0;
      blockPos[1] = n;
      return 1;
    }
    // Cumulative symbol counts at each segment boundary (rows of SNAP_WIDTH: main symbols, then length symbols).
    const numMain = this.numMainSyms;
    const width = numMain + NUM_LEN_SYMS;
    const snap = this.snap;
    const segItem = this.segItem;
    const segPos = this.segPos;
    let segs = Math.min(SEGMENTS, Math.floor(n / MIN_SPLIT_BLOCK));
    const segBytes = Math.ceil(n / segs);
    // Row j holds the counts of everything before boundary j; row 0 is all zero, the last row the whole chunk.
    let s: number;
    if (this.kernel) {
      s = this.kernel.tallySegments(numItems, segs, segBytes);
      this.tallyFooterBits = this.kernel.lastFooterBits();
    } else {
      s = this.tallySegments(buf, numItems, segs, segBytes, width);
    }
    if (this.kernelChoice) return this.kernel!.chooseFromSegments(s, numItems, n, BLOCK_OVERHEAD_BITS, LENGTH_BITS_PER_USED_SYMBOL);
    const row = s * width;
    segs = s; // long final matches can leave fewer segments than planned
    segItem[segs] = numItems;
    segPos[segs] = n;
    // Only the symbols the chunk uses can count in any block: list them (main ones first, as they are ordered).
    const used = this.usedSyms;
    let numUsed = 0;
    for (let t = 0; t < width; t++) {
      if (t === numMain) this.numUsedMain = numUsed;
      if (snap[row + t] !== 0) used[numUsed++] = t;
    }
    this.numUsed = numUsed;
    // best[j]: least bits for segments [0, j); from[j]: where its last block starts.
    const best = this.segBest;
    const from = this.segFrom;
    best[0] = 0;
    for (let j = 1; j <= segs; j++) {
      best[j] = Infinity;
      for (let i = 0; i < j; i++) {
        const bits = best[i] + this.estimateBlockBits(i, j, width);
        if (bits < best[j]) {
          best[j] = bits;
          from[j] = i;
        }
      }
    }
    // Read the partition back (end first), then reverse into blockItem/blockPos.
    let count = 0;
    for (let j = segs; j > 0; j = from[j]) count++;
    let b = count;
    for (let j = segs; j > 0; j = from[j]) {
      blockItem[b] = segItem[j];
      blockPos[b] = segPos[j];
      b--;
    }
    blockItem[0] = 0;
    blockPos[0] = 0;
    return count;
  }

  /**
   * The counting loop of chooseBlocks: row j of snap gets the counts of everything before cut j; the whole chunk's
   * counts are left tallied. Returns the number of segments made (the last row, the whole chunk's, is that times width).
   */
  private tallySegments(buf: Uint8Array, numItems: number, segs: number, segBytes: number, width: number): number {
    const snap = this.snap;
    const segItem = this.segItem;
    const segPos = this.segPos;
    const numMain = this.numMainSyms;
    snap.fill(0, 0, 2 * width);
    const itemLen = this.itemLen;
    const itemCode = this.itemCode;
    const slotOf = this.slotOf;
    const footerBits = this.footerBits;
    const alignedFreqs = this.alignedFreqs;
    alignedFreqs.fill(0);
    let footer = 0;
    let row = width;
    let pos = 0;
    segItem[0] = 0;
    segPos[0] = 0;
    let s = 1;
    let nextCut = segBytes;
    for (let k = 0; k < numItems; k++) {
      if (pos >= nextCut && s < segs) {
        segItem[s] = k;
        segPos[s] = pos;
        s++;
        snap.copyWithin(s * width, row, row + width);
        row = s * width;
        nextCut += segBytes;
      }
      const len = itemLen[k];
      const code = itemCode[k];
      if (code === 0) {
        snap[row + buf[pos]]++;
      } else {
        let slot: number;
        if (code <= EXPLICIT_CODE_BASE) {
          slot = code - REP_CODE_BASE;
        } else {
          const f = code - EXPLICIT_CODE_BASE + 2;
          slot = slotOf[f];
          const fb = footerBits[slot];
          footer += fb;
          if (fb >= 3) alignedFreqs[f & 7]++;
        }
        const lh = len - MIN_MATCH;
        snap[row + NUM_CHARS + slot * NUM_LEN_HEADERS + (lh < 7 ? lh : 7)]++;
        if (lh >= 7) snap[row + numMain + lh - 7]++;
      }
      pos += len;
    }
    // The last row counts the whole chunk: its statistics, as tallyItems would leave them.
    this.tallyFooterBits = footer;
    for (let t = 0; t < numMain; t++) this.mainFreqs[t] = snap[row + t];
    for (let t = 0; t < NUM_LEN_SYMS; t++) this.lenFreqs[t] = snap[row + numMain + t];
    return s;
  }

  /** Estimated bits of segments [i, j) as one block: symbol entropy plus the code lengths and block header. */
  private estimateBlockBits(i: number, j: number, width: number): number {
    const snap = this.snap;
    const flog = this.fLog2f;
    const used = this.usedSyms;
    const numUsedMain = this.numUsedMain;
    const numUsed = this.numUsed;
    const a = i * width;
    const b = j * width;
    let bits = BLOCK_OVERHEAD_BITS;
    let mainTotal = 0;
    let mainSum = 0;
    // Without branches on f === 0 (unpredictable): a zero count adds 0 to the totals and fLog2f[0] = 0 to the sums, and
    // (-f >>> 31) is 1 exactly for a nonzero count.
    for (let u = 0; u < numUsedMain; u++) {
      const s = used[u];
      const f = snap[b + s] - snap[a + s];
      mainTotal += f;
      mainSum += f < FLOG_TABLE ? flog[f] : f * Math.log2(f);
      bits += (-f >>> 31) * LENGTH_BITS_PER_USED_SYMBOL;
    }
    let lenTotal = 0;
    let lenSum = 0;
    for (let u = numUsedMain; u < numUsed; u++) {
      const s = used[u];
      const f = snap[b + s] - snap[a + s];
      lenTotal += f;
      lenSum += f < FLOG_TABLE ? flog[f] : f * Math.log2(f);
      bits += (-f >>> 31) * LENGTH_BITS_PER_USED_SYMBOL;
    }
    return bits + mainTotal * Math.log2(mainTotal || 1) - mainSum + lenTotal * Math.log2(lenTotal || 1) - lenSum;
  }

  /** Writes one block: header, codes, then items [k0, k1) covering blockSize bytes from pos0. */
  private writeBlock(buf: Uint8Array, k0: number, k1: number, pos0: number, blockSize: number): boolean {
    const itemLen = this.itemLen;
    const itemCode = this.itemCode;
    const slotOf = this.slotOf;
    const footerBits = this.footerBits;
    const alignedLens = this.alignedLens;
    const aligned = this.alignedIsSmaller();

    if (this.out + 32 > this.outLimit) return false;
    this.putBits(aligned ? BLOCKTYPE_ALIGNED : BLOCKTYPE_VERBATIM, 3);
    if (blockSize === DEFAULT_BLOCK_SIZE) {
      this.putBits(1, 1);
    } else {
      this.putBits(0, 1);
      if (this.windowOrder >= 16) this.putBits(blockSize >>> 16, 8);
      this.putBits(blockSize & 0xffff, 16);
    }
    if (aligned) for (let s = 0; s < NUM_ALIGNED_SYMS; s++) this.putBits(alignedLens[s], 3);
    const prevMain = this.prevMainLens;
    const prevLen = this.prevLenLens;
    if (!this.writeLengths(this.mainLens, prevMain, 0, NUM_CHARS)) return false;
    if (!this.writeLengths(this.mainLens, prevMain, NUM_CHARS, this.numMainSyms)) return false;
    if (!this.writeLengths(this.lenLens, prevLen, 0, NUM_LEN_SYMS)) return false;

    if (this.kernel) {
      const out = this.kernel.writeItems(k0, k1, pos0, aligned ? 1 : 0, this.out, this.outLimit - 16, this.bitbuf, this.bitcount);
      if (out < 0) return false;
      this.out = out;
      this.bitbuf = this.kernel.lastBitBuf();
      this.bitcount = this.kernel.lastBitCount();
      return true;
    }
    const mainLens = this.mainLens;
    const mainCodes = this.mainCodes;
    const lenLens = this.lenLens;
    const lenCodes = this.lenCodes;
    const alignedCodes = this.alignedCodes;
    const limit = this.outLimit - 16;
    const dst = this.dst;
    const slotBase = this.slotBase;
    // The bit writer of putBits, kept in locals for the item loop. A symbol adds at most 16 bits to fewer than 16
    // pending ones, so one flush follows it; offset footers (up to 17 bits) may need two.
    let bitbuf = this.bitbuf;
    let bitcount = this.bitcount;
    let out = this.out;
    let pos = pos0;
    for (let k = k0; k < k1; k++) {
      if (out > limit) return false;
      const len = itemLen[k];
      const code = itemCode[k];
      if (code === 0) {
        const b = buf[pos];
        bitbuf = (bitbuf << mainLens[b]) | mainCodes[b];
        bitcount += mainLens[b];
        if (bitcount >= 16) {
          bitcount -= 16;
          const w = bitbuf >>> bitcount;
          dst[out] = w;
          dst[out + 1] = w >>> 8;
          out += 2;
        }
        pos++;
        continue;
      }
      pos += len;
      const lh = len - MIN_MATCH;
      let slot: number;
      let f = 0;
      if (code <= EXPLICIT_CODE_BASE) {
        slot = code - REP_CODE_BASE;
      } else {
        f = code - EXPLICIT_CODE_BASE + 2;
        slot = slotOf[f];
      }
      const sym = NUM_CHARS + slot * NUM_LEN_HEADERS + (lh < 7 ? lh : 7);
      bitbuf = (bitbuf << mainLens[sym]) | mainCodes[sym];
      bitcount += mainLens[sym];
      if (bitcount >= 16) {
        bitcount -= 16;
        const w = bitbuf >>> bitcount;
        dst[out] = w;
        dst[out + 1] = w >>> 8;
        out += 2;
      }
      if (lh >= 7) {
        bitbuf = (bitbuf << lenLens[lh - 7]) | lenCodes[lh - 7];
        bitcount += lenLens[lh - 7];
        if (bitcount >= 16) {
          bitcount -= 16;
          const w = bitbuf >>> bitcount;
          dst[out] = w;
          dst[out + 1] = w >>> 8;
          out += 2;
        }
      }
      const fb = footerBits[slot];
      if (fb === 0) continue;
      const extra = f - slotBase[slot];
      if (aligned && fb >= 3) {
        if (fb > 3) {
          bitbuf = (bitbuf << (fb - 3)) | (extra >>> 3);
          bitcount += fb - 3;
          if (bitcount >= 16) {
            bitcount -= 16;
            const w = bitbuf >>> bitcount;
            dst[out] = w;
            dst[out + 1] = w >>> 8;
            out += 2;
          }
        }
        bitbuf = (bitbuf << alignedLens[extra & 7]) | alignedCodes[extra & 7];
        bitcount += alignedLens[extra & 7];
      } else {
        bitbuf = (bitbuf << fb) | extra;
        bitcount += fb;
      }
      while (bitcount >= 16) {
        bitcount -= 16;
        const w = bitbuf >>> bitcount;
        dst[out] = w;
        dst[out + 1] = w >>> 8;
        out += 2;
      }
    }
    this.bitbuf = bitbuf;
    this.bitcount = bitcount;
    this.out = out;
    return true;
  }
}

/** Length of the match between buf[q...] and buf[i...] (q < i), whose first two bytes are known equal, up to maxLen. */
function matchLength(words: Int32Array, q: number, i: number, maxLen: number): number {
  // Four bytes at a time; the lowest differing byte of the first unequal words ends the match (words past the end
  // hold zeros, hence the clamp).
  let len = 2;
  let x = 0;
  while (len < maxLen) {
    x = words[q + len] ^ words[i + len];
    if (x !== 0) break;
    len += 4;
  }
  if (x !== 0) len += (31 - Math.clz32(x & -x)) >>> 3;
  return len < maxLen ? len : maxLen;
}

/** WIM's E8 preprocessing: CALL (E8) targets in data[0, n - 10) made absolute, as the decoder will undo. */
function e8Translate(data: Uint8Array, n: number): void {
  const end = n - 10;
  let i = 0;
  for (;;) {
    // The native byte search finds the next E8 far faster than a loop.
    i = data.indexOf(0xe8, i);
    if (i < 0 || i >= end) return;
    const rel = data[i + 1] | (data[i + 2] << 8) | (data[i + 3] << 16) | (data[i + 4] << 24);
    if (rel >= -i && rel < E8_TRANSLATION_SIZE) {
      const abs = rel < E8_TRANSLATION_SIZE - i ? rel + i : rel - E8_TRANSLATION_SIZE;
      data[i + 1] = abs;
      data[i + 2] = abs >>> 8;
      data[i + 3] = abs >>> 16;
      data[i + 4] = abs >>> 24;
    }
    i += 5;
  }
}
