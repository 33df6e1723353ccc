/*
 * XPRESS Huffman compressor (MS-XCA "LZ77+Huffman"), as WIM uses it: each chunk (4 KiB to 64 KiB, 32 KiB by
 * default) is one independent stream, what `Export-WindowsImage -CompressionType fast` produces.
 *
 * Stream layout: a 256-byte table of the 512 codeword lengths (4 bits each, symbol 2k in the low nibble of byte k),
 * then a bitstream of 16-bit little-endian words read MSB-first, with the extra match-length bytes interleaved
 * between the words. Symbols 0..255 are literals; 256 + (offsetLog << 4 | lengthHeader) is a match whose offset
 * has offsetLog bits after its leading 1 (sent raw after the length bytes) and whose length - 3 is the header when
 * below 15, else 15 followed by a byte (length - 18), or the byte 255 and a 16-bit length - 3. The decoder keeps two
 * words of lookahead, so the writer reserves two word slots ahead of the byte output. Symbol 256 is always counted
 * and sent once at the end (Windows' decoder requires this END_OF_DATA marker).
 *
 * Parsing is lazy (one step of lookahead, at half the search depth), the classic speed/ratio trade of the "fast"
 * format, over hash chains that live in this file: the parser is the whole hot loop, so the chain walks are written
 * out inline at its two search sites instead of being method calls (see parseLazy for the matchfinder's layout). The
 * exact output size is known once the Huffman code is, so a chunk that would not fit is rejected before any bit is
 * written and the writer needs no per-symbol bounds checks. All tables are allocated once, at module load, for the
 * largest chunk (see the scratch tables below); nothing is allocated per chunk.
 */

import { CompressionFormat, type Compressor } from './codec';
import { HuffmanBuilder } from './huffman-encode';
import { IncompressibilityProbe } from './matchfinder-probe';
import { instantiateKernel, WasmArena, type WasmMemory } from './wasm-loader';

const NUM_SYMBOLS = 512;
const END_OF_DATA = 256;
const MAX_CODEWORD_LEN = 15;
const MIN_MATCH = 3;
const TABLE_BYTES = 256;

// Hash-chain matchfinder geometry. The 4-byte chains find matches of length 4 and more; a one-entry table keyed by
// three bytes supplies the length-3 candidate. Positions are chunk-relative and fit 16 bits (chunks are at most
// 64 KiB), which halves the tables' cache footprint; 0 marks an empty bucket or the end of a chain, so position 0 is
// never offered as a match source (costing at most a few bytes per chunk). The 4-byte table has four buckets per
// position of a 32 KiB chunk: with fewer, chains carry more colliding strings and the walks got slower than the
// larger table's clearing per chunk costs (16 bits: about 3% slower on the bench corpus; 18 bits: no faster).
const HASH4_BITS = 17;
const HASH4_SHIFT = 32 - HASH4_BITS;
const HASH3_BITS = 15;
const HASH3_SHIFT = 32 - HASH3_BITS;
const HASH_MUL = 0x9e3779b1 | 0;
/**
 * The lazy step is skipped for matches at least this long (the ratio on the bench corpus moved 0.99974 -> 0.99986 of
 * wimlib's, and about 3% of the time went).
 */
const LAZY_MAX_LEN = 32;

// Scratch tables, sized for the largest chunk and shared by every compressor of this thread: compress() runs to
// completion and keeps nothing between calls, so instances need no tables of their own. They are module constants
// on purpose: read from instance fields, the same loops ran about 25% slower under V8 (65 against 85 MiB/s on the
// bench corpus), the optimised code re-checking and reloading each array on every access.
const MAX_CHUNK = 65536;
/** The chunk being parsed, with zeros past its end; VIEW.getInt32(i, true) reads bytes i..i+3 as one load. */
const BUF = new Uint8Array(MAX_CHUNK + 4);
const VIEW = new DataView(BUF.buffer);
const HEAD4 = new Uint16Array(1 << HASH4_BITS);
const HEAD3 = new Uint16Array(1 << HASH3_BITS);
/** PREV[p]: the previous position on p's 4-byte hash chain (0 = none). */
const PREV = new Uint16Array(MAX_CHUNK);
/**
 * Parsed items: a literal is its byte (< 256); a match is ((length - 2) << 16 | offset), which is at least 65536
 * because the length is at least 3 (offsets and lengths - 3 both fit 16 bits within a 64 KiB chunk).
 */
const ITEMS = new Uint32Array(MAX_CHUNK);
const FREQS = new Uint32Array(NUM_SYMBOLS);
const LENS = new Uint8Array(NUM_SYMBOLS);
const CODES = new Uint32Array(NUM_SYMBOLS);
/** CODE_LEN[s] = CODES[s] << 4 | LENS[s]: the writer loads one entry per symbol. */
const CODE_LEN = new Uint32Array(NUM_SYMBOLS);
/**
 * LONG_MATCHES[0]: matches of the last parse longer than 272 bytes (3 extra length bytes each, against 1 for lengths
 * 18..272), for the exact output size; counted branch-free as each match is emitted.
 */
const LONG_MATCHES = new Uint32Array(1);
/** PARSE_STATE[0]: items parsed so far in this chunk, carried from one parseSlice() call to the next. */
const PARSE_STATE = new Uint32Array(1);
/**
 * The parse runs in calls of at most SLICE starting positions. V8 compiles a long-running loop "on stack" (OSR) while
 * it runs; when the whole 32 KiB chunk is one call, every later call can jump straight into that OSR code and the
 * function is never compiled normally, and the OSR code is about 25% slower (in about a third of processes, or every
 * time with synchronous compilation). Several calls per chunk get the function compiled normally early.
 */
const SLICE = 4096;
/**
 * The stream is written here, then copied to the caller's buffer: the writer's stores then go to a module constant
 * too. A literal costs at most 2 bytes and a match (3+ bytes of input) at most 4 bytes of bits and 3 length bytes.
 */
const OUT = new Uint8Array(TABLE_BYTES + 8 + 3 * MAX_CHUNK);
/** OUT as 16-bit little-endian words at any byte offset: a bitstream word is one store. */
const OUT_VIEW = new DataView(OUT.buffer);

/** The lazy parse compiled to WebAssembly (wasm/xpress.ts): it parses the chunk where setup() put it. */
interface XpressKernel {
  memory: WasmMemory;
  heapBase(): number;
  setup(buf: number, head4: number, head3: number, prev: number, items: number, freqs: number): void;
  parse(n: number, nice: number, depth: number): number;
  write(out: number, lens: number, codeLen: number, numItems: number): void;
  lastLongMatches(): number;
  huffmanBuild(freqs: number, numSyms: number, maxLen: number, lens: number, codes: number): number;
}

/** A compressor's kernel instance and the views of its chunk, items and counts. */
interface XpressWasm {
  readonly k: XpressKernel;
  readonly buf: Uint8Array;
  readonly items: Uint32Array;
  readonly freqs: Uint32Array;
  readonly lens: Uint8Array;
  readonly codeLen: Uint32Array;
  readonly codes: Uint32Array;
  readonly out: Uint8Array;
  readonly outAt: number;
  readonly lensAt: number;
  readonly codeLenAt: number;
  readonly freqsAt: number;
  readonly codesAt: number;
}

/** Lays out a kernel instance's memory for the largest chunk (once per compressor; about 0.8 MB). */
function createXpressWasm(): { wasm: XpressWasm; name: string } | undefined {
  const inst = instantiateKernel('xpress');
  if (!inst) return undefined;
  const k = inst.exports as unknown as XpressKernel;
  const arena = new WasmArena(k.memory, k.heapBase());
  const at = [MAX_CHUNK + 16, 2 << HASH4_BITS, 2 << HASH3_BITS, 2 * MAX_CHUNK, 4 * MAX_CHUNK, 4 * NUM_SYMBOLS, NUM_SYMBOLS, 4 * NUM_SYMBOLS, OUT.length, 4 * NUM_SYMBOLS].map((bytes) => arena.reserve(bytes));
  const mem = arena.commit();
  k.setup(at[0], at[1], at[2], at[3], at[4], at[5]);
  return {
    wasm: {
      k,
      buf: new Uint8Array(mem, at[0], MAX_CHUNK + 16),
      items: new Uint32Array(mem, at[4], MAX_CHUNK),
      freqs: new Uint32Array(mem, at[5], NUM_SYMBOLS),
      lens: new Uint8Array(mem, at[6], NUM_SYMBOLS),
      codeLen: new Uint32Array(mem, at[7], NUM_SYMBOLS),
      codes: new Uint32Array(mem, at[9], NUM_SYMBOLS),
      out: new Uint8Array(mem, at[8], OUT.length),
      outAt: at[8],
      lensAt: at[6],
      codeLenAt: at[7],
      freqsAt: at[5],
      codesAt: at[9],
    },
    name: inst.simd ? 'wasm-simd' : 'wasm',
  };
}

export class XpressCompressor implements Compressor {
  readonly format = CompressionFormat.Xpress;
  private readonly huff = new HuffmanBuilder(NUM_SYMBOLS);
  private readonly probe = new IncompressibilityProbe();
  private readonly niceLen: number;
  private readonly depth: number;
  /** The WebAssembly parse where it loads (WIMSH_CODECS, see wasm-loader.ts), else undefined. */
  private readonly wasm: XpressWasm | undefined;
  /** Which parser runs: 'ts', 'wasm' or 'wasm-simd' (tests and measurement). */
  readonly kernelName: string;

  constructor(readonly maxChunkSize: number, level = 50) {
    if (!(maxChunkSize >= 1 && maxChunkSize <= MAX_CHUNK)) throw new RangeError(`XPRESS chunk size ${maxChunkSize} is outside 1..65536`);
    const l = Math.max(1, Math.min(100, level | 0));
    // Depth 20 at level 50 (10 for the lazy step). The length/offset weighing in parseSlice gained more ratio than
    // going from depth 46 down to 20 loses (0.43532 -> 0.43510 on the bench corpus, 48 MiB of image files), and the
    // shorter walks are about 12% faster; below about 16 the ratio falls off faster than the speed rises.
    this.depth = Math.max(2, Math.floor((l * 2) / 5));
    this.niceLen = Math.max(MIN_MATCH + 1, Math.floor((l * 60) / 32));
    const w = createXpressWasm();
    this.wasm = w?.wasm;
    this.kernelName = w ? w.name : 'ts';
  }

  compress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCapacity: number): number {
    if (srcLen <= 0 || srcLen > this.maxChunkSize) {
      if (srcLen === 0) return 0;
      throw new RangeError(`XPRESS chunk of ${srcLen} bytes exceeds the maximum ${this.maxChunkSize}`);
    }
    // Smallest possible stream: the table and two 16-bit words (the exact size is checked after parsing).
    if (dstCapacity < TABLE_BYTES + 4) return 0;
    // Already-compressed data: store raw without searching (see matchfinder-probe.ts).
    if (dstCapacity < srcLen && this.probe.looksIncompressible(src, srcOff, srcLen)) return 0;
    let numItems: number;
    const wasm = this.wasm;
    if (wasm) {
      // The WebAssembly parse reads the chunk in its memory and leaves the items there for its writer; the symbol
      // counts come back for the Huffman code, built here, whose lengths and codewords go back for the writer.
      wasm.buf.set(src.subarray(srcOff, srcOff + srcLen), 0);
      numItems = wasm.k.parse(srcLen, this.niceLen, this.depth);
      LONG_MATCHES[0] = wasm.k.lastLongMatches();
    } else {
      // The parser reads its own copy: 4-byte reads through a DataView, three zero bytes past the end.
      BUF.set(src.subarray(srcOff, srcOff + srcLen), 0);
      BUF[srcLen] = 0;
      BUF[srcLen + 1] = 0;
      BUF[srcLen + 2] = 0;
      numItems = parseLazy(srcLen, this.niceLen, this.depth);
    }
    // With the kernel the counts, the code and the writer's table stay in its memory, and it builds the code too.
    const freqs = wasm ? wasm.freqs : FREQS;
    const lens = wasm ? wasm.lens : LENS;
    const codes = wasm ? wasm.codes : CODES;
    const codeLen = wasm ? wasm.codeLen : CODE_LEN;
    freqs[END_OF_DATA]++;
    if (wasm) wasm.k.huffmanBuild(wasm.freqsAt, NUM_SYMBOLS, MAX_CODEWORD_LEN, wasm.lensAt, wasm.codesAt);
    else this.huff.build(freqs, NUM_SYMBOLS, MAX_CODEWORD_LEN, lens, codes);
    // Exact size: the table, every codeword and raw offset bit packed in 16-bit words (the last one padded) plus the
    // writer's spare word, and the extra length bytes.
    let bits = 0;
    for (let s = 0; s < 256; s++) {
      bits += freqs[s] * lens[s];
      codeLen[s] = (codes[s] << 4) | lens[s];
    }
    for (let s = 256; s < NUM_SYMBOLS; s++) {
      bits += freqs[s] * (lens[s] + ((s >> 4) & 15));
      codeLen[s] = (codes[s] << 4) | lens[s];
    }
    let extraBytes = 2 * LONG_MATCHES[0];
    for (let s = 256 + 15; s < NUM_SYMBOLS; s += 16) extraBytes += freqs[s];
    const size = TABLE_BYTES + 2 * (Math.ceil(bits / 16) + 1) + extraBytes;
    if (size > dstCapacity) return 0;
    if (wasm) {
      wasm.k.write(wasm.outAt, wasm.lensAt, wasm.codeLenAt, numItems);
      dst.set(wasm.out.subarray(0, size), dstOff);
      return size;
    }
    writeStream(numItems);
    dst.set(OUT.subarray(0, size), dstOff);
    return size;
  }
}

/**
 * Lazy parse of BUF[0, n) into ITEMS, counting symbol frequencies in FREQS; returns the number of items.
 *
 * Each searched position is linked into its chain and the chain walked newest-first (closest offsets first) for at
 * most `depth` candidates, stopping at niceLen. Until a 4-byte match is found a candidate only needs its first
 * word compared; after that, the word ending one byte past the best length is compared first, since a candidate
 * that differs there cannot be longer. Matches are extended a word at a time. Positions inside a chosen match are
 * linked without searching. Length-3 matches farther than 4 KiB (2 KiB in small chunks) are passed up: their
 * symbol and offset bits usually cost more than three literals.
 */
function parseLazy(n: number, nice: number, depth: number): number {
  // Chunk-wide state lives in the module tables; a slice ends at the first item starting at or past its end.
  FREQS.fill(0);
  HEAD3.fill(0);
  HEAD4.fill(0);
  LONG_MATCHES[0] = 0;
  PARSE_STATE[0] = 0;
  let pos = 0;
  while (pos < n) pos = parseSlice(pos, pos + SLICE < n ? pos + SLICE : n, n, nice, depth);
  return PARSE_STATE[0];
}

/** Parses the items that start in [start, end) (the last may run past it); returns where the next item starts. */
function parseSlice(start: number, end: number, size: number, niceArg: number, depthArg: number): number {
  // The arguments arrive as tagged values; working on "| 0" copies lets V8 keep the loop's position and bounds as
  // plain int32 registers instead of re-tagging and re-checking them on every iteration (about 3-4% faster).
  let pos = start | 0;
  const sliceEnd = end | 0;
  const n = size | 0;
  const nice = niceArg | 0;
  const depth = depthArg | 0;
  const freqs = FREQS;
  const items = ITEMS;
  const words = VIEW;
  const head3 = HEAD3;
  const head4 = HEAD4;
  const prev = PREV;
  const halfDepth = depth >> 1;
  const far3 = n <= 8192 ? 2048 : 4096;
  const buf = BUF;
  // Both counters are plain locals in the loop and stored back once per slice: a Uint32Array element read into a
  // loop variable is not known to be an int32, and each store to it reloads the array's backing store. Counters,
  // lengths, offsets and indexes below are written "(a + b) | 0" rather than x++, --x or a bare sum: V8 then emits no
  // overflow check for them (every such value stays far inside the int32 range).
  let numItems = PARSE_STATE[0] | 0;
  let longMatches = 0;
  // Positions below searchEnd have four bytes to hash; the last three bytes are always literals.
  const searchEnd = n - 3;
  while (pos < sliceEnd) {
    // The last three positions cannot start a match; they take the literal path below, which keeps that path
    // warm (a separate tail loop would reach the optimised code without type feedback and deoptimise it).
    let curLen = 0;
    let curOff = 0;
    let maxLen = 0;
    let niceLen = 0;
    let cand = 0;
    let d = 0;
    let w = 0;
    if (pos < searchEnd) {
      // ---- Search at pos for any match (length 3 or more). ----
      w = words.getInt32(pos, true);
      const h3 = Math.imul(w & 0xffffff, HASH_MUL) >>> HASH3_SHIFT;
      const h4 = Math.imul(w, HASH_MUL) >>> HASH4_SHIFT;
      cand = head4[h4];
      prev[pos] = cand;
      head4[h4] = pos;
      maxLen = (n - pos) | 0;
      niceLen = nice < maxLen ? nice : maxLen;
      d = depth;
      // The first candidate that shares four bytes.
      while (cand !== 0 && words.getInt32(cand, true) !== w) {
        if ((d = (d - 1) | 0) === 0) {
          cand = 0;
          break;
        }
        cand = prev[cand];
      }
      if (cand !== 0) {
        let len = 4;
        let x = 0;
        while (len < maxLen) {
          x = words.getInt32((cand + len) | 0, true) ^ words.getInt32((pos + len) | 0, true);
          if (x !== 0) break;
          len = (len + 4) | 0;
        }
        // The lowest differing byte ends the match; x === 0 only once len >= maxLen, and the clamp undoes the add.
        len = (len + ((31 - Math.clz32(x & -x)) >>> 3)) | 0;
        if (len > maxLen) len = maxLen;
        curLen = len;
        curOff = (pos - cand) | 0;
        if (len < niceLen && (d = (d - 1) | 0) !== 0) {
          cand = prev[cand];
          // t: where the word that must match to beat curLen starts. "| 0" makes the index a truncating add (no
          // overflow check in the optimised code; cand + t < n always).
          let t = (curLen - 3) | 0;
          let wt = words.getInt32((pos + t) | 0, true);
          while (cand !== 0) {
            if (words.getInt32((cand + t) | 0, true) === wt && words.getInt32(cand, true) === w) {
              len = 4;
              while (len < maxLen) {
                x = words.getInt32((cand + len) | 0, true) ^ words.getInt32((pos + len) | 0, true);
                if (x !== 0) break;
                len = (len + 4) | 0;
              }
              len = (len + ((31 - Math.clz32(x & -x)) >>> 3)) | 0;
              if (len > maxLen) len = maxLen;
              // A longer match that is farther away is taken unless its offset costs much more than the bytes it
              // gains (about 4 bits of literal per byte against 1 bit per doubling of the offset).
              if (len > curLen && 4 * (len - curLen) + Math.clz32(pos - cand) - Math.clz32(curOff) >= -1) {
                curLen = len;
                curOff = (pos - cand) | 0;
                if (len >= niceLen) break;
                t = (len - 3) | 0;
                wt = words.getInt32((pos + t) | 0, true);
              }
            }
            if ((d = (d - 1) | 0) === 0) break;
            cand = prev[cand];
          }
        }
      } else {
        // The length-3 candidate is only needed when no 4-byte match was found, so its bucket is read only then.
        // Taken or not without a branch (the three tests are each about as likely to pass as to fail): each term
        // below is negative exactly when its test passes (c3 is a position, not 0; its first three bytes match; it
        // is closer than far3), so ok is all ones when all three pass and 0 otherwise.
        const c3 = head3[h3];
        const o3 = pos - c3;
        const ok = -(((0 - c3) & (((words.getInt32(c3, true) ^ w) & 0xffffff) - 1) & (o3 - far3)) >>> 31);
        curLen = 3 & ok;
        curOff = o3 & ok;
      }
      head3[h3] = pos;
    }
    if (curLen === 0) {
      const b = buf[pos];
      freqs[b]++;
      items[numItems] = b;
      numItems = (numItems + 1) | 0;
      pos = (pos + 1) | 0;
      continue;
    }
    // ---- Lazy step: while the next position has a better match, emit a literal and move on. ----
    // "Better" weighs length against offset: roughly 4 bits per byte of length against 1 bit per doubling of the
    // offset, with a margin for the literal the step costs. So the search at p accepts any match of curLen - 1 or
    // more (it may be much closer), and the choice is made once it ends. A match of LAZY_MAX_LEN or more is taken
    // without the step: one a byte later rarely beats it by enough to pay for a literal, and its candidates are the
    // costliest to extend.
    let inserted = pos + 1; // positions below this are linked into the tables
    for (;;) {
      const p = (pos + 1) | 0;
      maxLen = (n - p) | 0;
      niceLen = nice < maxLen ? nice : maxLen;
      if (curLen >= niceLen || curLen >= LAZY_MAX_LEN || p >= searchEnd) break;
      const wp = words.getInt32(p, true);
      const g3 = Math.imul(wp & 0xffffff, HASH_MUL) >>> HASH3_SHIFT;
      head3[g3] = p;
      const g4 = Math.imul(wp, HASH_MUL) >>> HASH4_SHIFT;
      cand = head4[g4];
      prev[p] = cand;
      head4[g4] = p;
      inserted = p + 1;
      let bestLen = curLen > 3 ? curLen - 1 : curLen;
      let bestOff = 0;
      let t = (bestLen - 3) | 0;
      let wt = words.getInt32((p + t) | 0, true);
      d = halfDepth;
      while (cand !== 0) {
        if (words.getInt32((cand + t) | 0, true) === wt && words.getInt32(cand, true) === wp) {
          let len = 4;
          let x = 0;
          while (len < maxLen) {
            x = words.getInt32((cand + len) | 0, true) ^ words.getInt32((p + len) | 0, true);
            if (x !== 0) break;
            len = (len + 4) | 0;
          }
          len = (len + ((31 - Math.clz32(x & -x)) >>> 3)) | 0;
          if (len > maxLen) len = maxLen;
          if (len > bestLen) {
            bestLen = len;
            bestOff = (p - cand) | 0;
            if (len >= niceLen) break;
            t = (len - 3) | 0;
            wt = words.getInt32((p + t) | 0, true);
          }
        }
        if ((d = (d - 1) | 0) === 0) break;
        cand = prev[cand];
      }
      if (bestOff === 0 || bestLen < curLen || 4 * (bestLen - curLen) + Math.clz32(bestOff) - Math.clz32(curOff) <= 1) break;
      const b = buf[pos];
      freqs[b]++;
      items[numItems] = b;
      numItems = (numItems + 1) | 0;
      pos = p;
      curLen = bestLen;
      curOff = bestOff;
    }
    // ---- Emit the match at pos and link the positions it covers. ----
    const adj = curLen - MIN_MATCH;
    const offLog = 31 - Math.clz32(curOff);
    const over = adj - 15;
    freqs[256 + (offLog << 4) + adj - (over & ~(over >> 31))]++; // header min(adj, 15), without a branch
    // Branch-free count of lengths above 272 (adj >= 270): a rarely taken branch would reach the optimised code
    // without type feedback and deoptimise it.
    longMatches += (15 + 254 - adj) >>> 31;
    items[numItems] = ((curLen - 2) << 16 | curOff) >>> 0;
    numItems = (numItems + 1) | 0;
    const end = pos + curLen;
    const stop = end < searchEnd ? end : searchEnd;
    for (let q = inserted; q < stop; q++) {
      const wq = words.getInt32(q, true);
      head3[Math.imul(wq & 0xffffff, HASH_MUL) >>> HASH3_SHIFT] = q;
      const hq = Math.imul(wq, HASH_MUL) >>> HASH4_SHIFT;
      prev[q] = head4[hq];
      head4[hq] = q;
    }
    pos = end;
  }
  PARSE_STATE[0] = numItems;
  LONG_MATCHES[0] += longMatches;
  return pos;
}

/**
 * Writes the table and the items' bitstream to OUT.
 * Bits gather MSB-first in bitbuf (at most 16 + 16 pending); each full 16-bit word goes to the oldest reserved
 * slot, and the byte position after the newest slot is where extra length bytes and the next slot go.
 *
 * The "more than 16 bits pending?" test after each field is taken about half the time in no pattern the CPU can
 * predict, so it is done without a branch: the pending top word is always stored to slot1 and the slots move on
 * only when it was full (f = 1). A store while f = 0 is harmless: slot1 stays reserved, and the store that finally
 * fills it, or the end of the stream, overwrites it. The running sums are written "(a + b) | 0" (and -f as
 * "(0 - f) | 0", which cannot be -0): V8 then emits no overflow or minus-zero checks for them.
 */
function writeStream(numItems: number): void {
  const dst = OUT;
  const lens = LENS;
  const codeLen = CODE_LEN;
  const items = ITEMS;
  const words = OUT_VIEW;
  for (let i = 0; i < TABLE_BYTES; i++) dst[i] = lens[2 * i] | (lens[2 * i + 1] << 4);
  let slot1 = TABLE_BYTES;
  let slot2 = slot1 + 2;
  let next = slot2 + 2;
  let bitbuf = 0;
  let bitcount = 0;
  let f = 0;
  let m = 0;
  let w = 0;
  for (let i = 0; i < numItems; i++) {
    const item = items[i];
    if (item < 256) {
      const e = codeLen[item];
      bitbuf = (bitbuf << (e & 15)) | (e >>> 4);
      bitcount = (bitcount + (e & 15)) | 0;
      // Flush, branch-free (bitcount is at most 31 here, so 16 - bitcount is negative exactly when it exceeds 16).
      f = (16 - bitcount) >>> 31;
      bitcount = (bitcount - (f << 4)) | 0;
      w = bitbuf >>> bitcount;
      words.setUint16(slot1, w, true);
      m = (0 - f) | 0;
      slot1 = (slot1 + ((slot2 - slot1) & m)) | 0;
      slot2 = (slot2 + ((next - slot2) & m)) | 0;
      next = (next + (f << 1)) | 0;
      continue;
    }
    const off = item & 0xffff;
    const adj = (item >>> 16) - 1;
    const offLog = 31 - Math.clz32(off);
    const sym = 256 + (offLog << 4) + (adj < 15 ? adj : 15);
    const e = codeLen[sym];
    bitbuf = (bitbuf << (e & 15)) | (e >>> 4);
    bitcount = (bitcount + (e & 15)) | 0;
    f = (16 - bitcount) >>> 31;
    bitcount = (bitcount - (f << 4)) | 0;
    w = bitbuf >>> bitcount;
    words.setUint16(slot1, w, true);
    m = (0 - f) | 0;
    slot1 = (slot1 + ((slot2 - slot1) & m)) | 0;
    slot2 = (slot2 + ((next - slot2) & m)) | 0;
    next = (next + (f << 1)) | 0;
    if (adj >= 15) {
      // One byte (adj - 15), or 255 and adj as 16 bits. Both forms are stored and the pointer moves by 1 or 3, so no
      // branch is taken only for the rare long matches (which would meet the optimised code without type feedback).
      // With the one-byte form the two spare bytes land where later bytes or reserved words overwrite them (or past
      // the stream's end, within OUT).
      const a = adj - 15;
      dst[next] = a < 255 ? a : 255;
      words.setUint16(next + 1, adj, true);
      next += a < 255 ? 1 : 3;
    }
    // offLog may be 0 (offset 1): a shift by 0 and an empty field, cheaper than a branch.
    bitbuf = (bitbuf << offLog) | (off - (1 << offLog));
    bitcount = (bitcount + offLog) | 0;
    f = (16 - bitcount) >>> 31;
    bitcount = (bitcount - (f << 4)) | 0;
    w = bitbuf >>> bitcount;
    words.setUint16(slot1, w, true);
    m = (0 - f) | 0;
    slot1 = (slot1 + ((slot2 - slot1) & m)) | 0;
    slot2 = (slot2 + ((next - slot2) & m)) | 0;
    next = (next + (f << 1)) | 0;
  }
  const e = codeLen[END_OF_DATA];
  bitbuf = (bitbuf << (e & 15)) | (e >>> 4);
  bitcount = (bitcount + (e & 15)) | 0;
  if (bitcount > 16) {
    bitcount -= 16;
    w = bitbuf >>> bitcount;
    words.setUint16(slot1, w, true);
    slot1 = slot2;
    slot2 = next;
  }
  w = bitbuf << (16 - bitcount);
  dst[slot1] = w;
  dst[slot1 + 1] = w >>> 8;
  dst[slot2] = 0;
  dst[slot2 + 1] = 0;
}
