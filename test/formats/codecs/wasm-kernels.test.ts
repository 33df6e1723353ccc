/*
 * The codec kernels compiled to WebAssembly (src/formats/codecs/wasm/, built by `npm run build`) against their
 * TypeScript originals, which stay the oracle: the match finder caches exactly the same matches (scalar and SIMD
 * builds), the LZX compressor (match finder, path search, tallies and item writer in WebAssembly) and the XPRESS
 * compressor (lazy parse, Huffman code and writer in WebAssembly) write exactly the same bytes, the Huffman code
 * builder gives the same lengths and codewords, the decode table builder the same tables (and refuses the same length
 * sets), the XPRESS and LZX decoders (their tables built by the kernel or by TypeScript) decode the same bytes and
 * fail on the same damaged chunks with the same message, WIMSH_CODECS picks the kernel, and a host without the
 * modules falls back to TypeScript.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { host, setHost } from '../../../src/platform/host';
import { LzxCompressor } from '../../../src/formats/codecs/lzx-compress';
import { LzxDecompressor } from '../../../src/formats/codecs/lzx-decompress';
import { XpressCompressor } from '../../../src/formats/codecs/xpress-compress';
import { XpressDecompressor } from '../../../src/formats/codecs/xpress-decompress';
import { BinaryTreeMatchFinder, type MatchFinder } from '../../../src/formats/codecs/matchfinder-bt';
import { createBinaryTreeMatchFinder } from '../../../src/formats/codecs/matchfinder-bt-wasm';
import { forgetCompiledKernels, instantiateKernel, WasmArena, wasmSimdSupported, type WasmMemory } from '../../../src/formats/codecs/wasm-loader';
import { HuffmanBuilder } from '../../../src/formats/codecs/huffman-encode';
import { buildDecodeTable, decodeTableSize } from '../../../src/formats/codecs/huffman-decode';
import { callHeavy, randomBytes, runs, standardPayloads, wordSoup } from './compress-helpers/payloads';
import { withCodecs } from './compress-helpers/codecs-env';
import { decodeOrError } from './helpers/decode-or-error';

const MAX_MATCH = 257;

/** The match cache of one chunk, as the parser would read it: start[0..n] and the entries they index. */
function cacheOf(mf: MatchFinder, data: Uint8Array, n: number, niceLen: number, depth: number, softLimit: number): { start: Int32Array; matches: Int32Array } {
  mf.input.set(data.subarray(0, n));
  mf.cacheMatches(n, MAX_MATCH, niceLen, depth, softLimit);
  const start = mf.start.slice(0, n + 1);
  return { start, matches: mf.matches.slice(0, start[n]) };
}

/** Repository files (real text and code), concatenated: the corpus the kernels see in a capture of a source tree. */
function repoCorpus(max: number): Uint8Array {
  const root = path.join(__dirname, '..', '..', '..');
  const parts: Buffer[] = [];
  let size = 0;
  for (const rel of ['src/formats/codecs', 'src/lang/runtime', 'package-lock.json']) {
    const p = path.join(root, rel);
    const files = fs.statSync(p).isDirectory() ? fs.readdirSync(p).filter((f) => f.endsWith('.ts')).map((f) => path.join(p, f)) : [p];
    for (const f of files.sort()) {
      if (size >= max) break;
      const b = fs.readFileSync(f);
      parts.push(b);
      size += b.length;
    }
  }
  return new Uint8Array(Buffer.concat(parts).subarray(0, max));
}

function corpus(size: number): Array<[string, Uint8Array]> {
  const mixed = new Uint8Array(size);
  mixed.set(wordSoup(size / 4, 8), 0);
  mixed.set(randomBytes(size / 4, 9), size / 4);
  mixed.set(callHeavy(size / 2, 10), size / 2);
  return [
    ['random', randomBytes(size, 1)],
    ['text', wordSoup(size, 2)],
    ['zeros', new Uint8Array(size)],
    ['runs', runs(size, 3)],
    ['four-letter alphabet', randomBytes(size, 4, 4)],
    ['x86 calls', callHeavy(size, 5)],
    ['mixed', mixed],
    ['repository files', repoCorpus(size)],
  ];
}

describe('WebAssembly codec kernels', () => {
  it('load by default, with SIMD where the runtime has it, and WIMSH_CODECS picks the kernel', () => {
    const cap = 32768 * 5;
    expect(withCodecs(undefined, () => createBinaryTreeMatchFinder(32768, 32765, cap).kernel)).toBe(wasmSimdSupported() ? 'wasm-simd' : 'wasm');
    expect(withCodecs('wasm', () => createBinaryTreeMatchFinder(32768, 32765, cap).kernel)).toBe(wasmSimdSupported() ? 'wasm-simd' : 'wasm');
    expect(withCodecs('wasm-scalar', () => createBinaryTreeMatchFinder(32768, 32765, cap).kernel)).toBe('wasm');
    expect(withCodecs('ts', () => createBinaryTreeMatchFinder(32768, 32765, cap).kernel)).toBe('ts');
    // Node 20 has WebAssembly SIMD: the probe module must validate there.
    expect(wasmSimdSupported()).toBe(true);
  });

  it('fall back to the TypeScript kernel on a host that has no modules', () => {
    const real = host();
    forgetCompiledKernels();
    setHost(Object.assign(Object.create(real) as typeof real, { codecWasm: () => undefined }));
    try {
      const mf = withCodecs('wasm', () => createBinaryTreeMatchFinder(32768, 32765, 32768 * 5));
      expect(mf.kernel).toBe('ts');
      // And it works: the fallback is the whole TypeScript finder.
      mf.input.set(wordSoup(32768, 11));
      mf.cacheMatches(32768, MAX_MATCH, 36, 16, 32768 * 3);
      expect(mf.start[32768]).toBeGreaterThan(1000);
    } finally {
      setHost(real);
      forgetCompiledKernels();
    }
    expect(withCodecs('wasm', () => createBinaryTreeMatchFinder(32768, 32765, 32768 * 5).kernel)).not.toBe('ts');
  });

  // LZMS solid blocks do not use this finder; 2 MiB is LZX's largest chunk (a smaller corpus and one setting there:
  // the TypeScript oracle takes seconds per deep search of such a chunk).
  describe.each([32768, 65536, 1 << 21])('match finder, %i-byte chunks', (chunk) => {
    const big = chunk > 65536;
    const maxOffset = chunk - 3;
    const cap = chunk * 5 + 2 * MAX_MATCH + 2;
    const ts = new BinaryTreeMatchFinder(chunk, maxOffset, cap);
    const scalar = withCodecs('wasm-scalar', () => createBinaryTreeMatchFinder(chunk, maxOffset, cap));
    const simd = withCodecs('wasm', () => createBinaryTreeMatchFinder(chunk, maxOffset, cap));
    const softLimit = cap - chunk - MAX_MATCH - 2;

    it('uses the WebAssembly builds', () => {
      expect(scalar.kernel).toBe('wasm');
      expect(simd.kernel).toBe('wasm-simd');
    });

    const inputs = big ? corpus(chunk).filter(([name]) => name === 'text' || name === 'repository files' || name === 'zeros') : corpus(chunk);
    it.each(inputs)('caches the same matches as the TypeScript finder (%s)', (_name, data) => {
      const settings = big
        ? [[36, 16]]
        : [
            [36, 16],
            [8, 1],
            [257, 100],
          ];
      for (const [niceLen, depth] of settings) {
        const want = cacheOf(ts, data, chunk, niceLen, depth, softLimit);
        expect(want.matches.length).toBeGreaterThan(0);
        for (const mf of [scalar, simd]) {
          const got = cacheOf(mf, data, chunk, niceLen, depth, softLimit);
          expect(Buffer.from(got.start.buffer).equals(Buffer.from(want.start.buffer))).toBe(true);
          expect(Buffer.from(got.matches.buffer).equals(Buffer.from(want.matches.buffer))).toBe(true);
        }
      }
    });
  });

  it('caches the same matches on random shapes: short chunks, small alphabets, low soft limits', () => {
    const chunk = 4096;
    const cap = chunk * 2 + 2 * MAX_MATCH + 2;
    const ts = new BinaryTreeMatchFinder(chunk, chunk - 3, cap);
    const scalar = withCodecs('wasm-scalar', () => createBinaryTreeMatchFinder(chunk, chunk - 3, cap));
    const simd = withCodecs('wasm', () => createBinaryTreeMatchFinder(chunk, chunk - 3, cap));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: chunk }),
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.integer({ min: 3, max: MAX_MATCH }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: MAX_MATCH, max: cap - chunk - MAX_MATCH - 2 }),
        (n, alphabet, seed, niceLen, depth, softLimit) => {
          const data = randomBytes(n, seed, alphabet);
          const want = cacheOf(ts, data, n, niceLen, depth, softLimit);
          for (const mf of [scalar, simd]) {
            const got = cacheOf(mf, data, n, niceLen, depth, softLimit);
            expect(Array.from(got.start)).toEqual(Array.from(want.start));
            expect(Array.from(got.matches)).toEqual(Array.from(want.matches));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each([
    [32768, 50, 4],
    [32768, 100, 4],
    [65536, 50, 4],
    [32768, 20, 4],
    [32768, 50, 0],
  ])('LZX writes the same bytes with either kernel, and they decode (chunk size %i, level %i, %i cached matches per byte)', (chunk, level, perByte) => {
    const ts = withCodecs('ts', () => new LzxCompressor(chunk, level, perByte));
    const simd = withCodecs('wasm', () => new LzxCompressor(chunk, level, perByte));
    const scalar = withCodecs('wasm-scalar', () => new LzxCompressor(chunk, level, perByte));
    expect([ts.kernelName, simd.kernelName, scalar.kernelName]).toEqual(['ts', 'wasm-simd', 'wasm']);
    const dec = new LzxDecompressor(chunk);
    const a = new Uint8Array(chunk);
    const b = new Uint8Array(chunk);
    const back = new Uint8Array(chunk);
    const inputs = [...standardPayloads(), ...corpus(chunk).map(([, d]) => d)];
    let chunks = 0;
    for (const data of inputs) {
      for (let off = 0; off < data.length; off += chunk) {
        const n = Math.min(chunk, data.length - off);
        const sa = ts.compress(data, off, n, a, 0, n - 1);
        let sb = 0;
        for (const wasm of [scalar, simd]) {
          sb = wasm.compress(data, off, n, b, 0, n - 1);
          expect(sb).toBe(sa);
          expect(Buffer.from(b.subarray(0, sb)).equals(Buffer.from(a.subarray(0, sa)))).toBe(true);
        }
        if (sb > 0) {
          dec.decompress(b, 0, sb, back, 0, n);
          expect(Buffer.from(back.subarray(0, n)).equals(Buffer.from(data.subarray(off, off + n)))).toBe(true);
        }
        chunks++;
      }
    }
    expect(chunks).toBeGreaterThan(15);
  });

  it.each([
    [32768, 50],
    [65536, 50],
    [4096, 50],
    [32768, 100],
    [32768, 1],
  ])('XPRESS writes the same bytes with either parser, and they decode (chunk size %i, level %i)', (chunk, level) => {
    const ts = withCodecs('ts', () => new XpressCompressor(chunk, level));
    const simd = withCodecs('wasm', () => new XpressCompressor(chunk, level));
    const scalar = withCodecs('wasm-scalar', () => new XpressCompressor(chunk, level));
    expect([ts.kernelName, simd.kernelName, scalar.kernelName]).toEqual(['ts', 'wasm-simd', 'wasm']);
    const dec = new XpressDecompressor(chunk);
    const a = new Uint8Array(chunk);
    const b = new Uint8Array(chunk);
    const back = new Uint8Array(chunk);
    // Long runs make matches past 272 bytes (the three-byte length form), which the exact size must count.
    const inputs = [...standardPayloads(), ...corpus(Math.max(chunk, 32768)).map(([, d]) => d)];
    let chunks = 0;
    for (const data of inputs) {
      for (let off = 0; off < data.length; off += chunk) {
        const n = Math.min(chunk, data.length - off);
        const sa = ts.compress(data, off, n, a, 0, n - 1);
        for (const wasm of [scalar, simd]) {
          const sb = wasm.compress(data, off, n, b, 0, n - 1);
          expect(sb).toBe(sa);
          expect(Buffer.from(b.subarray(0, sb)).equals(Buffer.from(a.subarray(0, sa)))).toBe(true);
        }
        if (sa > 0) {
          dec.decompress(a, 0, sa, back, 0, n);
          expect(Buffer.from(back.subarray(0, n)).equals(Buffer.from(data.subarray(off, off + n)))).toBe(true);
        }
        chunks++;
      }
    }
    expect(chunks).toBeGreaterThan(15);
  });

  it('XPRESS writes the same bytes with either parser on random shapes', () => {
    const ts = withCodecs('ts', () => new XpressCompressor(65536, 50));
    const wasm = withCodecs('wasm', () => new XpressCompressor(65536, 50));
    const a = new Uint8Array(65536 + 1024);
    const b = new Uint8Array(65536 + 1024);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65536 }), fc.integer({ min: 1, max: 256 }), fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 0, max: 1024 }), (n, alphabet, seed, slack) => {
        const data = randomBytes(n, seed, alphabet);
        const sa = ts.compress(data, 0, n, a, 0, n + slack - 512);
        const sb = wasm.compress(data, 0, n, b, 0, n + slack - 512);
        expect(sb).toBe(sa);
        expect(Buffer.from(b.subarray(0, sb)).equals(Buffer.from(a.subarray(0, sa)))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('build the same Huffman codes as the TypeScript builder: any counts, lone symbols, and lengths past the cap', () => {
    const inst = instantiateKernel('huffman-build');
    expect(inst).toBeDefined();
    const k = inst!.exports as unknown as { memory: WasmMemory; heapBase(): number; huffmanBuild(freqs: number, numSyms: number, maxLen: number, lens: number, codes: number): number };
    const arena = new WasmArena(k.memory, k.heapBase());
    const MAX = 2048;
    const at = [4 * MAX, MAX, 4 * MAX].map((bytes) => arena.reserve(bytes));
    const mem = arena.commit();
    const freqs = new Uint32Array(mem, at[0], MAX);
    const lens = new Uint8Array(mem, at[1], MAX);
    const codes = new Uint32Array(mem, at[2], MAX);
    const builder = new HuffmanBuilder(MAX);
    const tsLens = new Uint8Array(MAX);
    const tsCodes = new Uint32Array(MAX);
    // Shapes: uniform counts, a few used symbols, Fibonacci-like counts (optimal lengths far past any cap), and
    // counts above the builder's 21-bit clamp.
    const counts = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 2, maxLength: MAX }),
      fc.array(fc.constantFrom(0, 0, 0, 0, 1, 7, 300), { minLength: 2, maxLength: 600 }),
      fc.integer({ min: 2, max: 40 }).map((m) => {
        const f = [1, 1];
        while (f.length < m) f.push(f[f.length - 1] + f[f.length - 2]);
        return f;
      }),
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 2, maxLength: 64 }),
    );
    let limited = 0;
    fc.assert(
      fc.property(counts, fc.constantFrom(7, 12, 15, 16), (list, maxLen) => {
        const n = list.length;
        freqs.fill(0);
        freqs.set(list);
        const tsFreqs = Uint32Array.from(list);
        const used = builder.build(tsFreqs, n, maxLen, tsLens, tsCodes);
        expect(k.huffmanBuild(at[0], n, maxLen, at[1], at[2])).toBe(used);
        expect(Buffer.from(lens.subarray(0, n)).equals(Buffer.from(tsLens.subarray(0, n)))).toBe(true);
        expect(Array.from(codes.subarray(0, n))).toEqual(Array.from(tsCodes.subarray(0, n)));
        if (tsLens.subarray(0, n).some((l) => l === maxLen) && used > 1) limited++;
      }),
      { numRuns: 300 },
    );
    expect(limited).toBeGreaterThan(0);
  });

  it('build the same Huffman decode tables as the TypeScript builder, and refuse the same length sets', () => {
    const inst = instantiateKernel('huffman-table');
    expect(inst).toBeDefined();
    const k = inst!.exports as unknown as { memory: WasmMemory; heapBase(): number; buildDecodeTable(table: number, tableSize: number, tableBits: number, lens: number, numSyms: number, maxLen: number): number };
    // The decoders' shapes: LZX main (656 symbols, 11 root bits, 16), length (249, 10, 16), pretree (20, 8, 15),
    // aligned (8, 7, 7); XPRESS (512, 12, 15); and LZMS-sized alphabets.
    const shapes: Array<[number, number, number]> = [[656, 11, 16], [249, 10, 16], [20, 8, 15], [8, 7, 7], [512, 12, 15], [799, 10, 15]];
    const maxSize = Math.max(...shapes.map(([n, b, l]) => decodeTableSize(n, b, l)));
    const arena = new WasmArena(k.memory, k.heapBase());
    const at = [4 * maxSize, 1024].map((bytes) => arena.reserve(bytes));
    const mem = arena.commit();
    const table = new Int32Array(mem, at[0], maxSize);
    const lens = new Uint8Array(mem, at[1], 1024);
    const tsTable = new Int32Array(maxSize);
    /** Lengths of a complete canonical code (from counts), then damaged: lengths changed, dropped or made too long. */
    const lengthSets = fc.record({
      shape: fc.constantFrom(...shapes),
      counts: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1024, maxLength: 1024 }),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 17 })), { maxLength: 4 }),
    });
    const builder = new HuffmanBuilder(1024);
    const codes = new Uint32Array(1024);
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(lengthSets, ({ shape: [n, bits, maxLen], counts, edits }) => {
        const size = decodeTableSize(n, bits, maxLen);
        const l = new Uint8Array(1024);
        builder.build(Uint32Array.from(counts.slice(0, n)), n, maxLen, l, codes);
        for (const [i, v] of edits) l[i % n] = v;
        lens.set(l);
        table.fill(-1);
        tsTable.fill(-1);
        const ok = buildDecodeTable(tsTable.subarray(0, size), bits, l, 0, n, maxLen);
        expect(k.buildDecodeTable(at[0], size, bits, at[1], n, maxLen) !== 0).toBe(ok);
        // A refused set leaves a partly built table that no one reads; a built one must be the same entry for entry.
        if (ok) expect(Array.from(table.subarray(0, size))).toEqual(Array.from(tsTable.subarray(0, size)));
        outcomes.add(`${ok}:${edits.length > 0}`);
      }),
      { numRuns: 400 },
    );
    expect(outcomes).toEqual(new Set(['true:false', 'true:true', 'false:true']));
  });

  it('XPRESS decodes the same bytes, and fails on the same damaged chunks with the same message, in either loop', () => {
    const chunk = 65536;
    const enc = withCodecs('ts', () => new XpressCompressor(chunk, 50));
    const ts = withCodecs('ts', () => new XpressDecompressor(chunk));
    const wasm = withCodecs('wasm', () => new XpressDecompressor(chunk));
    // The kernel's loop with the table built on this side: the oracle of the kernel's own table building.
    const tsTables = withCodecs('wasm', () => new XpressDecompressor(chunk));
    tsTables.tablesInKernel = false;
    expect([ts.kernelName, wasm.kernelName]).toEqual(['ts', 'wasm-simd']);
    const streams: Array<{ z: Uint8Array; n: number }> = [];
    const tmp = new Uint8Array(chunk);
    for (const data of [...standardPayloads(), ...corpus(chunk).map(([, d]) => d)]) {
      for (let off = 0; off < data.length; off += chunk) {
        const n = Math.min(chunk, data.length - off);
        const size = enc.compress(data, off, n, tmp, 0, n - 1);
        if (size > 0) streams.push({ z: tmp.slice(0, size), n });
      }
    }
    expect(streams.length).toBeGreaterThan(10);
    for (const { z, n } of streams) {
      expect(decodeOrError(wasm, z, n)).toBe(decodeOrError(ts, z, n));
      expect(decodeOrError(tsTables, z, n)).toBe(decodeOrError(ts, z, n));
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: streams.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.boolean(),
        (which, edits, cut, inTable) => {
          const { z, n } = streams[which];
          let bad = z.slice();
          // Edits past the length table hit the bitstream; with inTable they all land in the table.
          for (const [at, v] of edits) bad[inTable ? at % 256 : at % bad.length] = v;
          if (cut !== undefined) bad = bad.subarray(0, cut % bad.length);
          const want = decodeOrError(ts, bad, n);
          expect(decodeOrError(wasm, bad, n)).toBe(want);
          expect(decodeOrError(tsTables, bad, n)).toBe(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([32768, 65536, 1 << 20])('LZX decodes the same bytes, and fails on the same damaged chunks with the same message, in either loop (chunk size %i)', (chunk) => {
    const enc = withCodecs('wasm', () => new LzxCompressor(chunk, 50));
    const ts = withCodecs('ts', () => new LzxDecompressor(chunk));
    const wasm = withCodecs('wasm', () => new LzxDecompressor(chunk));
    expect([ts.kernelName, wasm.kernelName]).toEqual(['ts', 'wasm-simd']);
    const streams: Array<{ z: Uint8Array; n: number }> = [];
    const tmp = new Uint8Array(chunk);
    const inputs = chunk > 65536 ? corpus(chunk).filter(([name]) => name !== 'random').map(([, d]) => d) : [...standardPayloads(), ...corpus(chunk).map(([, d]) => d)];
    for (const data of inputs) {
      for (let off = 0; off < data.length; off += chunk) {
        const n = Math.min(chunk, data.length - off);
        const size = enc.compress(data, off, n, tmp, 0, n - 1);
        if (size > 0) streams.push({ z: tmp.slice(0, size), n });
      }
    }
    expect(streams.length).toBeGreaterThan(5);
    for (const { z, n } of streams) expect(decodeOrError(wasm, z, n)).toBe(decodeOrError(ts, z, n));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: streams.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        (which, edits, cut) => {
          const { z, n } = streams[which];
          let bad = z.slice();
          for (const [at, v] of edits) bad[at % bad.length] = v;
          if (cut !== undefined) bad = bad.subarray(0, cut % bad.length);
          expect(decodeOrError(wasm, bad, n)).toBe(decodeOrError(ts, bad, n));
        },
      ),
      { numRuns: chunk > 65536 ? 40 : 300 },
    );
  });
});
