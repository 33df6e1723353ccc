/*
 * The XPRESS Huffman compressor: wimlib and 7-Zip decode what it writes, byte for byte, for every chunk size WIM
 * allows; it never writes past the capacity it is given, and knows its exact output size before writing; and it
 * compresses like a lazy LZ77 coder should.
 */

import fc from 'fast-check';
import { CompressionFormat } from '../../../src/formats/codecs/codec';
import { createCompressor } from '../../../src/formats/codecs/compressors';
import { XpressCompressor } from '../../../src/formats/codecs/xpress-compress';
import { XpressDecompressor } from '../../../src/formats/codecs/xpress-decompress';
import { standardPayloads, wordSoup, randomBytes } from './compress-helpers/payloads';
import { roundTripThroughWimlib } from './compress-helpers/wim-oracle';

describe('XPRESS compressor', () => {
  it.each([32768, 65536, 4096])('writes chunks that wimlib and 7-Zip decode exactly (chunk size %i)', (chunkSize) => {
    const c = createCompressor(CompressionFormat.Xpress, chunkSize);
    expect(c.format).toBe(CompressionFormat.Xpress);
    const payloads = standardPayloads();
    const r = roundTripThroughWimlib(payloads, 'xpress', chunkSize, (s, so, sl, d, dof, cap) => c.compress(s, so, sl, d, dof, cap));
    expect(r.failures).toEqual([]);
    expect(r.compressed.length).toBeGreaterThanOrEqual(8);
  });

  it('compresses text well, stores noise raw, and still finds repeats of noise', () => {
    const c = new XpressCompressor(32768);
    const text = wordSoup(32768, 11);
    const dst = new Uint8Array(32768);
    const size = c.compress(text, 0, text.length, dst, 0, text.length - 1);
    expect(size).toBeGreaterThan(256);
    expect(size).toBeLessThan(text.length / 4);
    const noise = randomBytes(32768, 12);
    expect(c.compress(noise, 0, noise.length, dst, 0, noise.length - 1)).toBe(0);
    // Uniform byte statistics, yet four copies of one 8 KiB block: must compress to about a quarter.
    const repeated = new Uint8Array(32768);
    for (let k = 0; k < 4; k++) repeated.set(noise.subarray(0, 8192), k * 8192);
    const size2 = c.compress(repeated, 0, repeated.length, dst, 0, repeated.length - 1);
    expect(size2).toBeGreaterThan(8192);
    expect(size2).toBeLessThan(8192 + 1024);
  });

  it('never writes outside [dstOff, dstOff + dstCapacity) and reports 0 when it does not fit (property)', () => {
    const c = new XpressCompressor(8192);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 8192 }), fc.integer({ min: 0, max: 9000 }), fc.boolean(), (data, cap, repetitive) => {
        const src = repetitive ? data.map((b, i) => data[i % 7] ^ (i % 64 === 0 ? b : 0)) : data;
        const dst = new Uint8Array(cap + 64).fill(0xa5);
        const size = c.compress(src, 0, src.length, dst, 32, cap);
        expect(size >= 0 && size <= cap).toBe(true);
        for (let i = 0; i < 32; i++) expect(dst[i]).toBe(0xa5);
        for (let i = 32 + cap; i < dst.length; i++) expect(dst[i]).toBe(0xa5);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic and keeps no state between chunks', () => {
    const c = new XpressCompressor(32768);
    const a = wordSoup(20000, 13);
    const b = randomBytes(20000, 14, 16);
    const out1 = new Uint8Array(20000);
    const out2 = new Uint8Array(20000);
    const n1 = c.compress(a, 0, a.length, out1, 0, a.length - 1);
    c.compress(b, 0, b.length, out2, 0, b.length - 1);
    const n2 = c.compress(a, 0, a.length, out2, 0, a.length - 1);
    expect(n2).toBe(n1);
    expect(out2.subarray(0, n2)).toEqual(out1.subarray(0, n1));
  });

  it.each([32768, 65536, 4096])('returns its exact size: a chunk fits a capacity of exactly that size, not one byte less (chunk size %i)', (chunkSize) => {
    // The size is computed from the Huffman code before any bit is written (then the stream is written or 0 returned),
    // so this pins the computation, including the 1- and 3-byte extra length forms (the long runs and the zeros).
    const c = new XpressCompressor(chunkSize);
    const d = new XpressDecompressor(chunkSize);
    const dst = new Uint8Array(chunkSize * 2);
    const back = new Uint8Array(chunkSize);
    let checked = 0;
    for (const p of standardPayloads()) {
      for (let off = 0; off < p.length; off += chunkSize) {
        const len = Math.min(chunkSize, p.length - off);
        const size = c.compress(p, off, len, dst, 0, dst.length);
        if (size === 0) continue;
        expect(c.compress(p, off, len, dst, 0, size)).toBe(size);
        expect(c.compress(p, off, len, dst, 0, size - 1)).toBe(0);
        d.decompress(dst, 0, size, back, 0, len);
        expect(Buffer.from(back.subarray(0, len)).equals(Buffer.from(p.subarray(off, off + len)))).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
