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
 * Parsing is lazy over hash chains (one step of lookahead, at half the search depth), the classic speed/ratio
 * trade of the "fast" format. All tables are allocated once per compressor for its maximum chunk size.
 */

import { CompressionFormat, type Compressor } from './codec';
import { HuffmanBuilder } from './huffman-encode';
import { HashChainMatchFinder } from './matchfinder-hc';
import { IncompressibilityProbe } from './matchfinder-probe';

const NUM_SYMBOLS = 512;
const END_OF_DATA = 256;
const MAX_CODEWORD_LEN = 15;
const MIN_MATCH = 3;
const MAX_MATCH = 65538;
const MAX_OFFSET = 65535;
const TABLE_BYTES = 256;

export class XpressCompressor implements Compressor {
  readonly format = CompressionFormat.Xpress;
  private readonly buf: Uint8Array;
  private readonly mf: HashChainMatchFinder;
  private readonly huff = new HuffmanBuilder(NUM_SYMBOLS);
  private readonly probe = new IncompressibilityProbe();
  private readonly freqs = new Uint32Array(NUM_SYMBOLS);
  private readonly lens = new Uint8Array(NUM_SYMBOLS);
  private readonly codes = new Uint32Array(NUM_SYMBOLS);
  /** Parsed items: itemLen 0 = literal itemVal; else a match of itemLen bytes at offset itemVal. */
  private readonly itemLen: Uint32Array;
  private readonly itemVal: Uint32Array;
  private readonly niceLen: number;
  private readonly depth: number;

  constructor(readonly maxChunkSize: number, level = 50) {
    if (!(maxChunkSize >= 1 && maxChunkSize <= 65536)) throw new RangeError(`XPRESS chunk size ${maxChunkSize} is outside 1..65536`);
    this.buf = new Uint8Array(maxChunkSize + 8);
    this.mf = new HashChainMatchFinder(maxChunkSize, MAX_OFFSET);
    this.itemLen = new Uint32Array(maxChunkSize);
    this.itemVal = new Uint32Array(maxChunkSize);
    const l = Math.max(1, Math.min(100, level | 0));
    this.depth = Math.max(2, Math.floor((l * 30) / 32));
    this.niceLen = Math.max(MIN_MATCH + 1, Math.floor((l * 60) / 32));
  }

  compress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCapacity: number): number {
    if (srcLen <= 0 || srcLen > this.maxChunkSize) {
      if (srcLen === 0) return 0;
      throw new RangeError(`XPRESS chunk of ${srcLen} bytes exceeds the maximum ${this.maxChunkSize}`);
    }
    // Smallest possible stream: table + two word slots + at least one symbol word.
    if (dstCapacity < TABLE_BYTES + 6) return 0;
    // Already-compressed data: store raw without searching (see matchfinder-probe.ts).
    if (dstCapacity < srcLen && this.probe.looksIncompressible(src, srcOff, srcLen)) return 0;
    const buf = this.buf;
    buf.set(src.subarray(srcOff, srcOff + srcLen), 0);
    const numItems = this.parseLazy(buf, srcLen);
    this.freqs[END_OF_DATA]++;
    this.huff.build(this.freqs, NUM_SYMBOLS, MAX_CODEWORD_LEN, this.lens, this.codes);
    return this.writeStream(numItems, dst, dstOff, dstCapacity);
  }

  private parseLazy(buf: Uint8Array, n: number): number {
    const freqs = this.freqs;
    const itemLen = this.itemLen;
    const itemVal = this.itemVal;
    const mf = this.mf;
    const niceLen = this.niceLen;
    const depth = this.depth;
    const halfDepth = depth >> 1;
    freqs.fill(0);
    mf.reset(buf, n);
    let numItems = 0;
    let inserted = 0; // positions below this are in the hash chains
    const lastHashable = n - MIN_MATCH; // last position that has three bytes to hash
    let pos = 0;
    while (pos < n) {
      if (pos > lastHashable) {
        const b = buf[pos++];
        freqs[b]++;
        itemLen[numItems] = 0;
        itemVal[numItems++] = b;
        continue;
      }
      let maxLen = n - pos;
      if (maxLen > MAX_MATCH) maxLen = MAX_MATCH;
      let curLen = mf.longestMatch(pos, maxLen, niceLen < maxLen ? niceLen : maxLen, depth, MIN_MATCH - 1);
      inserted = pos + 1;
      if (curLen < MIN_MATCH) {
        const b = buf[pos++];
        freqs[b]++;
        itemLen[numItems] = 0;
        itemVal[numItems++] = b;
        continue;
      }
      let curOff = mf.bestOffset;
      // Lazy step: while the next position has a longer match, emit a literal and move on.
      while (curLen < niceLen && pos + 1 <= lastHashable) {
        let nextMax = n - pos - 1;
        if (nextMax > MAX_MATCH) nextMax = MAX_MATCH;
        const nextLen = mf.longestMatch(pos + 1, nextMax, niceLen < nextMax ? niceLen : nextMax, halfDepth, curLen);
        inserted = pos + 2;
        if (nextLen <= curLen) break;
        const b = buf[pos++];
        freqs[b]++;
        itemLen[numItems] = 0;
        itemVal[numItems++] = b;
        curLen = nextLen;
        curOff = mf.bestOffset;
      }
      const adj = curLen - MIN_MATCH;
      const offLog = 31 - Math.clz32(curOff);
      freqs[NUM_SYMBOLS / 2 + (offLog << 4) + (adj < 15 ? adj : 15)]++;
      itemLen[numItems] = curLen;
      itemVal[numItems++] = curOff;
      const end = pos + curLen;
      const stop = end <= lastHashable ? end : lastHashable + 1;
      if (stop > inserted) {
        mf.insertRange(inserted, stop);
        inserted = stop;
      }
      pos = end;
    }
    return numItems;
  }

  private writeStream(numItems: number, dst: Uint8Array, dstOff: number, dstCapacity: number): number {
    const lens = this.lens;
    const codes = this.codes;
    const itemLen = this.itemLen;
    const itemVal = this.itemVal;
    for (let i = 0; i < TABLE_BYTES; i++) dst[dstOff + i] = lens[2 * i] | (lens[2 * i + 1] << 4);
    const limit = dstOff + dstCapacity;
    let slot1 = dstOff + TABLE_BYTES;
    let slot2 = slot1 + 2;
    let next = slot2 + 2;
    let bitbuf = 0;
    let bitcount = 0;
    for (let i = 0; i < numItems; i++) {
      // Worst case per item: 2 symbol/offset words + 3 length bytes; check once per item.
      if (next + 8 > limit) return 0;
      const len = itemLen[i];
      if (len === 0) {
        const sym = itemVal[i];
        bitbuf = (bitbuf << lens[sym]) | codes[sym];
        bitcount += lens[sym];
        if (bitcount > 16) {
          bitcount -= 16;
          const w = bitbuf >>> bitcount;
          dst[slot1] = w;
          dst[slot1 + 1] = w >>> 8;
          slot1 = slot2;
          slot2 = next;
          next += 2;
        }
        continue;
      }
      const off = itemVal[i];
      const adj = len - MIN_MATCH;
      const offLog = 31 - Math.clz32(off);
      const sym = 256 + (offLog << 4) + (adj < 15 ? adj : 15);
      bitbuf = (bitbuf << lens[sym]) | codes[sym];
      bitcount += lens[sym];
      if (bitcount > 16) {
        bitcount -= 16;
        const w = bitbuf >>> bitcount;
        dst[slot1] = w;
        dst[slot1 + 1] = w >>> 8;
        slot1 = slot2;
        slot2 = next;
        next += 2;
      }
      if (adj >= 15) {
        if (adj - 15 < 255) {
          dst[next++] = adj - 15;
        } else {
          dst[next] = 255;
          dst[next + 1] = adj;
          dst[next + 2] = adj >>> 8;
          next += 3;
        }
      }
      if (offLog > 0) {
        bitbuf = (bitbuf << offLog) | (off - (1 << offLog));
        bitcount += offLog;
        if (bitcount > 16) {
          bitcount -= 16;
          const w = bitbuf >>> bitcount;
          dst[slot1] = w;
          dst[slot1 + 1] = w >>> 8;
          slot1 = slot2;
          slot2 = next;
          next += 2;
        }
      }
    }
    if (next + 4 > limit) return 0;
    bitbuf = (bitbuf << lens[END_OF_DATA]) | codes[END_OF_DATA];
    bitcount += lens[END_OF_DATA];
    if (bitcount > 16) {
      bitcount -= 16;
      const w = bitbuf >>> bitcount;
      dst[slot1] = w;
      dst[slot1 + 1] = w >>> 8;
      slot1 = slot2;
      slot2 = next;
      next += 2;
    }
    const w = bitbuf << (16 - bitcount);
    dst[slot1] = w;
    dst[slot1 + 1] = w >>> 8;
    dst[slot2] = 0;
    dst[slot2 + 1] = 0;
    const size = next - dstOff;
    return size <= dstCapacity ? size : 0;
  }
}
