/*
 * The LZMS match finder compiled to WebAssembly (src/formats/codecs/wasm/lzms-matchfinder.ts) against the
 * TypeScript finder, which stays its oracle: position by position the same matches (lengths and offsets) on varied
 * data, nice lengths, depths, windows that wrap and positions inserted without a search; the compressor writes the
 * same bytes with either finder, and they decode to the input; WIMSH_CODECS picks the finder, and a host without the
 * module falls back to TypeScript.
 */
import fc from 'fast-check';
import { host, setHost } from '../../../src/platform/host';
import { LzmsCompressor } from '../../../src/formats/codecs/lzms-compress';
import { LzmsDecompressor } from '../../../src/formats/codecs/lzms-decompress';
import { createLzmsMatchFinder, LZMS_BUF_SLACK, type LzmsFinder } from '../../../src/formats/codecs/lzms-matchfinder-wasm';
import { forgetCompiledKernels, wasmSimdSupported } from '../../../src/formats/codecs/wasm-loader';
import { callHeavy, prng, randomBytes, runs, wordSoup } from './compress-helpers/payloads';
import { withCodecs } from './compress-helpers/codecs-env';

const MAX_MATCHES = 64;

function finder(mode: string, n: number, window?: number): LzmsFinder {
  const f = withCodecs(mode, () => createLzmsMatchFinder(n, MAX_MATCHES, window));
  return f;
}

/**
 * Runs both finders over every position of data (a position in `skipEvery` inserted without a search, as the
 * compressor does inside matches it takes) and compares what they report; returns the matches seen.
 */
function compareFinders(data: Uint8Array, nice: number, depth: number, window?: number, skipEvery = 0): number {
  const n = data.length;
  const ts = finder('ts', n, window);
  const wasm = finder('wasm', n, window);
  expect(ts.kernel).toBe('ts');
  expect(wasm.kernel).not.toBe('ts');
  for (const f of [ts, wasm]) {
    f.buf.set(data);
    f.buf.fill(0, n, n + LZMS_BUF_SLACK);
    f.reset();
  }
  let seen = 0;
  for (let p = 0; p < n; p++) {
    const want = skipEvery === 0 || p % skipEvery !== 0;
    const a = ts.find(p, n, nice, depth, want);
    const b = wasm.find(p, n, nice, depth, want);
    if (a !== b) throw new Error(`position ${p}: ${a} matches (TypeScript) vs ${b} (WebAssembly)`);
    for (let k = 0; k < a; k++) {
      if (ts.mLen[k] !== wasm.mLen[k] || ts.mOff[k] !== wasm.mOff[k]) {
        throw new Error(`position ${p}, match ${k}: ${ts.mLen[k]}@${ts.mOff[k]} vs ${wasm.mLen[k]}@${wasm.mOff[k]}`);
      }
    }
    seen += a;
  }
  return seen;
}

function payloads(size: number): Array<[string, Uint8Array]> {
  const mixed = new Uint8Array(size);
  mixed.set(wordSoup(size / 4, 8), 0);
  mixed.set(randomBytes(size / 4, 9), size / 4);
  mixed.set(callHeavy(size / 2, 10), size / 2);
  // A file twice, far apart: long matches at long offsets.
  const twice = new Uint8Array(size);
  const half = wordSoup(size / 2, 12);
  twice.set(half, 0);
  twice.set(half, size / 2);
  return [
    ['random', randomBytes(size, 1)],
    ['text', wordSoup(size, 2)],
    ['zeros', new Uint8Array(size)],
    ['runs', runs(size, 3)],
    ['four-letter alphabet', randomBytes(size, 4, 4)],
    ['x86 calls', callHeavy(size, 5)],
    ['mixed', mixed],
    ['one file twice', twice],
  ];
}

function compressWith(mode: string, data: Uint8Array, level: number, maxChunk = data.length): { bytes: Uint8Array; kernel: string } {
  const c = withCodecs(mode, () => new LzmsCompressor(Math.max(1, maxChunk), level));
  const out = new Uint8Array(data.length + 64);
  const n = c.compress(data, 0, data.length, out, 0, data.length - 1);
  return { bytes: out.slice(0, n), kernel: c.kernelName };
}

describe('LZMS match finder in WebAssembly', () => {
  it('loads by default, and WIMSH_CODECS picks the finder', () => {
    expect(finder('wasm', 1 << 16).kernel).toBe(wasmSimdSupported() ? 'wasm-simd' : 'wasm');
    expect(finder('wasm-scalar', 1 << 16).kernel).toBe('wasm');
    expect(finder('ts', 1 << 16).kernel).toBe('ts');
    expect(withCodecs(undefined, () => new LzmsCompressor(1 << 16).kernelName)).not.toBe('ts');
  });

  it('falls back to the TypeScript finder on a host that has no modules', () => {
    const real = host();
    forgetCompiledKernels();
    setHost(Object.assign(Object.create(real) as typeof real, { codecWasm: () => undefined }));
    try {
      const data = wordSoup(1 << 15, 3);
      const r = compressWith('wasm', data, 50);
      expect(r.kernel).toBe('ts');
      const back = new Uint8Array(data.length);
      new LzmsDecompressor(data.length).decompress(r.bytes, 0, r.bytes.length, back, 0, data.length);
      expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    } finally {
      setHost(real);
      forgetCompiledKernels();
    }
  });

  describe.each(payloads(1 << 17))('%s', (_name, data) => {
    it('reports the same matches at every position (nice 64, depth 30; nice 258, depth 4)', () => {
      const a = compareFinders(data, 64, 30);
      compareFinders(data, 258, 4);
      if (_name !== 'random') expect(a).toBeGreaterThan(1000);
    });

    it('the same with a window that wraps (4 KiB) and positions inserted without a search', () => {
      compareFinders(data, 32, 16, 1 << 12, 3);
    });

    it('makes the compressor write the same bytes, which decode to the input', () => {
      for (const level of [50, 100]) {
        const ts = compressWith('ts', data, level);
        const wasm = compressWith('wasm', data, level);
        expect(wasm.kernel).not.toBe('ts');
        expect(Buffer.from(wasm.bytes).equals(Buffer.from(ts.bytes))).toBe(true);
        if (wasm.bytes.length === 0) continue; // stored: did not shrink (noise)
        const back = new Uint8Array(data.length);
        new LzmsDecompressor(data.length).decompress(wasm.bytes, 0, wasm.bytes.length, back, 0, data.length);
        expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
      }
    });
  });

  it('reuses one compressor over chunks of varied sizes: the same bytes as TypeScript, each decoding to its input', () => {
    const ts = withCodecs('ts', () => new LzmsCompressor(1 << 18));
    const wasm = withCodecs('wasm', () => new LzmsCompressor(1 << 18));
    const r = prng(77);
    for (const size of [1, 2, 3, 4, 5, 17, 18, 255, 4096, 65537, 1 << 18, 1000]) {
      const data = r() % 2 === 0 ? wordSoup(size, r()) : callHeavy(size, r());
      const outs = [ts, wasm].map((c) => {
        const out = new Uint8Array(size + 64);
        return out.slice(0, c.compress(data, 0, size, out, 0, Math.max(0, size - 1)));
      });
      expect(Buffer.from(outs[1]).equals(Buffer.from(outs[0]))).toBe(true);
      if (outs[1].length > 0) {
        const back = new Uint8Array(size);
        new LzmsDecompressor(1 << 18).decompress(outs[1], 0, outs[1].length, back, 0, size);
        expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
      }
    }
  });

  it('reports the same matches on random shapes: small alphabets, short blocks, small windows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6000 }),
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 0, max: 1 << 30 }),
        fc.constantFrom(4, 16, 64, 258),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(undefined, 1 << 8, 1 << 11),
        fc.integer({ min: 0, max: 5 }),
        (n, alphabet, seed, nice, depth, window, skipEvery) => {
          compareFinders(randomBytes(n, seed, alphabet), nice, depth, window, skipEvery);
        },
      ),
      { numRuns: 60, seed: 1917 },
    );
  });
});
