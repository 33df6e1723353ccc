/*
 * The LZX compressor: wimlib and 7-Zip decode what it writes (E8 preprocessing, repeat offsets, verbatim and
 * aligned blocks, short last chunks), it never writes past the capacity it is given, and a reused instance gives
 * the same bytes for the same chunk.
 */

import fc from 'fast-check';
import { CompressionFormat } from '../../../src/formats/codecs/codec';
import { createCompressor } from '../../../src/formats/codecs/compressors';
import { LzxCompressor } from '../../../src/formats/codecs/lzx-compress';
import { LzxDecompressor } from '../../../src/formats/codecs/lzx-decompress';
import { callHeavy, prng, randomBytes, standardPayloads, wordSoup } from './compress-helpers/payloads';
import { roundTripThroughWimlib } from './compress-helpers/wim-oracle';

describe('LZX compressor', () => {
  it.each([
    [32768, 50],
    [32768, 20],
    [32768, 100],
    [65536, 50],
  ])('writes chunks that wimlib and 7-Zip decode exactly (chunk size %i, level %i)', (chunkSize, level) => {
    const c = createCompressor(CompressionFormat.Lzx, chunkSize, level);
    expect(c.format).toBe(CompressionFormat.Lzx);
    const payloads = standardPayloads();
    // 7-Zip reads LZX WIMs only with 32 KiB chunks, as Windows does.
    const r = roundTripThroughWimlib(payloads, 'lzx', chunkSize, (s, so, sl, d, dof, cap) => c.compress(s, so, sl, d, dof, cap), chunkSize === 32768);
    expect(r.failures).toEqual([]);
    expect(r.compressed.length).toBeGreaterThanOrEqual(8);
  });

  it('beats 1/5 on text and makes E8-translated calls cheaper than random bytes', () => {
    const c = new LzxCompressor(32768);
    const dst = new Uint8Array(32768);
    const text = wordSoup(32768, 21);
    const t = c.compress(text, 0, text.length, dst, 0, text.length - 1);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(text.length / 5);
    const calls = callHeavy(32768, 22);
    expect(c.compress(calls, 0, calls.length, dst, 0, calls.length - 1)).toBeGreaterThan(0);
    const noise = randomBytes(32768, 23);
    expect(c.compress(noise, 0, noise.length, dst, 0, noise.length - 1)).toBe(0);
  });

  it('stores noise raw at once but still finds repeats of noise', () => {
    const c = new LzxCompressor(32768);
    const dst = new Uint8Array(32768);
    const noise = randomBytes(32768, 26);
    expect(c.compress(noise, 0, noise.length, dst, 0, noise.length - 1)).toBe(0);
    // Uniform byte statistics, yet four copies of one 8 KiB block: must compress to about a quarter.
    const repeated = new Uint8Array(32768);
    for (let k = 0; k < 4; k++) repeated.set(noise.subarray(0, 8192), k * 8192);
    const size = c.compress(repeated, 0, repeated.length, dst, 0, repeated.length - 1);
    expect(size).toBeGreaterThan(8192);
    expect(size).toBeLessThan(8192 + 1024);
  });

  it('never writes outside [dstOff, dstOff + dstCapacity) and reports 0 when it does not fit (property)', () => {
    const c = new LzxCompressor(32768);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 6000 }), fc.integer({ min: 0, max: 7000 }), fc.integer({ min: 1, max: 40 }), (data, cap, period) => {
        const src = data.map((b, i) => (i % 97 === 0 ? b : data[i % period]));
        const dst = new Uint8Array(cap + 64).fill(0x5a);
        const size = c.compress(src, 0, src.length, dst, 32, cap);
        expect(size >= 0 && size <= cap).toBe(true);
        for (let i = 0; i < 32; i++) expect(dst[i]).toBe(0x5a);
        for (let i = 32 + cap; i < dst.length; i++) expect(dst[i]).toBe(0x5a);
      }),
      { numRuns: 100 },
    );
  });

  it('codes records that differ in a byte (gap matches) and runs past the longest match, as wimlib and we decode', () => {
    // Records copied from sixteen random ones in random order, each with one byte changed (explicit match, literal,
    // then the same offset again), then a run of one byte longer than any match followed by text that repeats from
    // inside the run and before it.
    const rand = prng(31);
    const records = new Uint8Array(32768);
    const protos = randomBytes(16 * 48, 32);
    for (let off = 0; off < records.length; off += 48) {
      const p = (rand() & 15) * 48;
      records.set(protos.subarray(p, p + Math.min(48, records.length - off)), off);
      if (off + 17 < records.length) records[off + 17] = rand() & 0xff;
    }
    const runsAndText = new Uint8Array(32768);
    runsAndText.set(wordSoup(8000, 33), 0);
    runsAndText.fill(0x20, 8000, 9500);
    runsAndText.set(runsAndText.subarray(7000, 9200), 9500);
    runsAndText.set(wordSoup(32768 - 11700, 34), 11700);
    const c = new LzxCompressor(32768);
    const d = new LzxDecompressor(32768);
    const dst = new Uint8Array(32768);
    const back = new Uint8Array(32768);
    for (const src of [records, runsAndText]) {
      const size = c.compress(src, 0, src.length, dst, 0, src.length - 1);
      expect(size).toBeGreaterThan(0);
      d.decompress(dst, 0, size, back, 0, src.length);
      expect(Buffer.from(back).equals(Buffer.from(src))).toBe(true);
    }
    // 48-byte records with one changing byte: a few bytes of code per record.
    expect(c.compress(records, 0, records.length, dst, 0, records.length - 1)).toBeLessThan((records.length / 48) * 6 + 1024);
    const r = roundTripThroughWimlib([records, runsAndText], 'lzx', 32768, (s2, so, sl, d2, dof, cap) => c.compress(s2, so, sl, d2, dof, cap), true);
    expect(r.failures).toEqual([]);
  });

  it('is deterministic and keeps no state between chunks', () => {
    const c = new LzxCompressor(32768);
    const a = callHeavy(30000, 24);
    const b = wordSoup(32768, 25);
    const out1 = new Uint8Array(32768);
    const out2 = new Uint8Array(32768);
    const n1 = c.compress(a, 0, a.length, out1, 0, a.length - 1);
    c.compress(b, 0, b.length, out2, 0, b.length - 1);
    const n2 = c.compress(a, 0, a.length, out2, 0, a.length - 1);
    expect(n2).toBe(n1);
    expect(out2.subarray(0, n2)).toEqual(out1.subarray(0, n1));
  });
});
