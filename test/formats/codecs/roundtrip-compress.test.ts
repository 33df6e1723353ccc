/*
 * Compressor -> decompressor round trips within wimsh: whatever our XPRESS and LZX compressors write, our
 * decompressors (src/formats/wim/codecs/decompressors.ts) turn back into exactly the input, for random and structured
 * chunks of every length up to the chunk size, through one reused compressor/decompressor pair per format.
 */

import fc from 'fast-check';
import { CompressionFormat } from '../../../src/formats/codecs/codec';
import { createCompressor } from '../../../src/formats/codecs/compressors';
import { createDecompressor } from '../../../src/formats/codecs/decompressors';
import { LzxCompressor } from '../../../src/formats/codecs/lzx-compress';
import { callHeavy, randomBytes, runs, standardPayloads, wordSoup } from './compress-helpers/payloads';

type Case = [string, CompressionFormat, number, number];
const cases: Case[] = [
  ['XPRESS', CompressionFormat.Xpress, 32768, 50],
  ['XPRESS', CompressionFormat.Xpress, 65536, 50],
  ['XPRESS', CompressionFormat.Xpress, 4096, 50],
  ['XPRESS', CompressionFormat.Xpress, 32768, 10],
  ['LZX', CompressionFormat.Lzx, 32768, 50],
  ['LZX', CompressionFormat.Lzx, 32768, 100],
  ['LZX', CompressionFormat.Lzx, 65536, 50],
];

/** Structured inputs: repeated slices of a small random alphabet, runs, and bursts of noise. */
const structured = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.array(fc.tuple(fc.nat(200), fc.nat(400)), { minLength: 1, maxLength: 60 }), fc.nat(100))
  .map(([seed, steps, noise]) => {
    const out: number[] = [];
    for (const [from, len] of steps) {
      if (out.length === 0 || from % 3 === 0) {
        for (let k = 0; k < (len % 40) + 1; k++) out.push(seed[(from + k) % seed.length]);
      } else {
        const start = out.length - 1 - (from % out.length);
        for (let k = 0; k < len; k++) out.push(out[start + k]);
      }
      if (noise > 50) out.push((from * 31 + len) & 255);
    }
    return Uint8Array.from(out);
  });

describe.each(cases)('%s round trip (format %i, chunk size %i, level %i)', (_name, format, chunkSize, level) => {
  const comp = createCompressor(format, chunkSize, level);
  const decomp = createDecompressor(format, chunkSize);
  const dst = new Uint8Array(chunkSize + 64);
  const back = new Uint8Array(chunkSize);

  /** Compresses chunk src[off, off+len) and, unless it is stored raw, checks that it decompresses to itself. */
  function roundTrip(src: Uint8Array, off: number, len: number): number {
    const size = comp.compress(src, off, len, dst, 7, len - 1);
    expect(size >= 0 && size < len).toBe(true);
    if (size > 0) {
      back.fill(0xee, 0, len);
      decomp.decompress(dst, 7, size, back, 0, len);
      expect(Buffer.from(back.subarray(0, len)).equals(Buffer.from(src.subarray(off, off + len)))).toBe(true);
    }
    return size;
  }

  it('round-trips the standard payloads chunk by chunk', () => {
    let compressed = 0;
    for (const p of standardPayloads()) {
      for (let off = 0; off < p.length; off += chunkSize) {
        if (roundTrip(p, off, Math.min(chunkSize, p.length - off)) > 0) compressed++;
      }
    }
    expect(compressed).toBeGreaterThan(10);
  });

  it('round-trips chunks of every small length and around the E8 and block-size edges', () => {
    const text = wordSoup(chunkSize, 31);
    const calls = callHeavy(chunkSize, 32);
    for (const len of [2, 3, 4, 5, 9, 10, 11, 12, 15, 16, 17, 100, 257, 258, 259, 4095, 4096, chunkSize - 1, chunkSize]) {
      if (len > chunkSize) continue;
      roundTrip(text, 0, len);
      roundTrip(calls, 0, len);
      roundTrip(calls, chunkSize - len, len);
    }
    expect(roundTrip(runs(chunkSize, 33), 0, chunkSize)).toBeGreaterThan(0);
    expect(roundTrip(randomBytes(chunkSize, 34, 3), 0, chunkSize)).toBeGreaterThan(0);
  });

  it('stores noise raw, yet encodes it validly when the caller allows expansion', () => {
    const noise = randomBytes(chunkSize, 35);
    expect(comp.compress(noise, 0, chunkSize, dst, 0, chunkSize - 1)).toBe(0);
    const roomy = new Uint8Array(chunkSize + chunkSize / 4 + 1024);
    const size = comp.compress(noise, 0, chunkSize, roomy, 0, roomy.length);
    expect(size).toBeGreaterThan(chunkSize);
    decomp.decompress(roomy, 0, size, back, 0, chunkSize);
    expect(Buffer.from(back).equals(Buffer.from(noise))).toBe(true);
  });

  it('round-trips random and structured chunks (property)', () => {
    fc.assert(
      fc.property(fc.oneof(structured, fc.uint8Array({ minLength: 1, maxLength: 3000 })), fc.nat(), (data, offSeed) => {
        const len = Math.min(data.length, chunkSize);
        // Embed the chunk at an arbitrary offset of a larger source, as a resource writer would pass it.
        const pad = offSeed % 17;
        const src = new Uint8Array(pad + len + 5);
        src.set(data.subarray(0, len), pad);
        roundTrip(src, pad, len);
      }),
      { numRuns: 120 },
    );
  });
});

describe('LZX with a nearly full match cache', () => {
  it('keeps only the longest match per position once the cache fills, and still round-trips and compresses', () => {
    const roomy = new LzxCompressor(32768, 50);
    const tight = new LzxCompressor(32768, 50, 0);
    const decomp = createDecompressor(CompressionFormat.Lzx, 32768);
    const text = wordSoup(32768, 41);
    const dst = new Uint8Array(32768);
    const back = new Uint8Array(32768);
    const full = roomy.compress(text, 0, text.length, dst, 0, text.length - 1);
    const size = tight.compress(text, 0, text.length, dst, 0, text.length - 1);
    expect(size).toBeGreaterThan(0);
    // Fewer choices cost a little ratio, not much.
    expect(size).toBeGreaterThanOrEqual(full);
    expect(size).toBeLessThan(full * 1.2);
    decomp.decompress(dst, 0, size, back, 0, text.length);
    expect(Buffer.from(back).equals(Buffer.from(text))).toBe(true);
  });
});

describe('LZX block splitting', () => {
  it('cuts a chunk whose statistics change into several blocks, which decode with deltas against the previous block', () => {
    const c = new LzxCompressor(32768, 50);
    const decomp = createDecompressor(CompressionFormat.Lzx, 32768);
    const chunk = new Uint8Array(32768);
    chunk.set(wordSoup(12288, 51), 0);
    chunk.set(randomBytes(8192, 52, 8), 12288);
    chunk.set(callHeavy(12288, 53), 20480);
    const dst = new Uint8Array(32768);
    const size = c.compress(chunk, 0, chunk.length, dst, 0, chunk.length - 1);
    expect(size).toBeGreaterThan(0);
    expect(c.blocksInLastChunk).toBeGreaterThan(1);
    const back = new Uint8Array(32768);
    decomp.decompress(dst, 0, size, back, 0, chunk.length);
    expect(Buffer.from(back).equals(Buffer.from(chunk))).toBe(true);
    // A uniform chunk stays one block.
    const text = wordSoup(32768, 54);
    c.compress(text, 0, text.length, dst, 0, text.length - 1);
    expect(c.blocksInLastChunk).toBe(1);
  });
});
