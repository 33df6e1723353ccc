/*
 * The LZMS compressor against its inverse, our decoder: every block it writes must decode to the input, byte for
 * byte, whatever the data (text, machine code with x86-filtered instructions, runs, noise, tables of fixed-size
 * records that delta matches serve, sizes around the filter's and the coder's edges), at every level. Also the x86
 * filter on its own against the decoder's undo, and the factory entry.
 */
import { CompressionFormat } from '../../../src/formats/codecs/codec';
import { createCompressor } from '../../../src/formats/codecs/compressors';
import { LzmsCompressor, applyX86Filter } from '../../../src/formats/codecs/lzms-compress';
import { LzmsDecompressor, undoX86Translation } from '../../../src/formats/codecs/lzms-decompress';
import { callHeavy, prng, randomBytes, runs, wordSoup } from './compress-helpers/payloads';

/** Compresses `data` (capacity: one byte less than the input, as the WIM writer asks) and decodes it back. */
function roundTrip(data: Uint8Array, level = 50, c = new LzmsCompressor(Math.max(1, data.length), level)): number {
  const out = new Uint8Array(data.length + 16);
  const n = c.compress(data, 0, data.length, out, 0, data.length - 1);
  if (n === 0) return 0;
  expect(n).toBeLessThan(data.length);
  expect(n % 2).toBe(0);
  const back = new Uint8Array(data.length);
  new LzmsDecompressor(Math.max(1, data.length)).decompress(out, 0, n, back, 0, data.length);
  expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
  return n;
}

/** Records of 16 bytes whose fields count up: what delta matches (span 4, 8, 16) encode. */
function records(count: number, size = 16): Uint8Array {
  const out = new Uint8Array(count * size);
  const v = new DataView(out.buffer);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    v.setUint32(o, i * 7, true);
    v.setUint32(o + 4, 1000000 - i * 3, true);
    v.setUint16(o + 8, i % 100, true);
    v.setUint16(o + 10, 0x4d5a, true);
    if (size > 12) v.setUint32(o + 12, i * 65537, true);
  }
  return out;
}

/** Machine-code-like bytes with every instruction form the x86 filter translates, near one another. */
function x86Like(n: number, seed: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(n);
  let i = 0;
  const forms = [[0xe8], [0xe9], [0xff, 0x15], [0xf0, 0x83, 0x05], [0x48, 0x8d, 0x05], [0x4c, 0x8b, 0x0d], [0x48, 0x8b, 0x05]];
  while (i < n) {
    if (r() % 3 === 0) {
      const f = forms[r() % forms.length];
      for (const b of f) if (i < n) out[i++] = b;
      // Targets that repeat (the filter enables itself when two instructions hit one 16-bit target).
      const target = (r() % 8) * 0x1000 - i;
      for (let k = 0; k < 4 && i < n; k++) out[i++] = (target >>> (8 * k)) & 0xff;
    } else out[i++] = r() % 7 === 0 ? 0 : r() & 0xff;
  }
  return out;
}

describe('LzmsCompressor', () => {
  it('round-trips text, code, runs and records', () => {
    expect(roundTrip(wordSoup(200000, 1))).toBeLessThan(200000 * 0.2);
    expect(roundTrip(callHeavy(150000, 2))).toBeGreaterThan(0);
    expect(roundTrip(runs(100000, 3))).toBeGreaterThan(0);
    expect(roundTrip(records(8000))).toBeLessThan(8000 * 16 * 0.1);
    expect(roundTrip(x86Like(120000, 4))).toBeGreaterThan(0);
  });

  it('stores noise: a block that would not shrink is refused (0), never emitted larger', () => {
    const c = new LzmsCompressor(1 << 16);
    const noise = randomBytes(1 << 16, 5);
    expect(c.compress(noise, 0, noise.length, new Uint8Array(1 << 17), 0, noise.length - 1)).toBe(0);
    // The same instance then compresses the next chunk correctly (no state leaks from the refused one).
    expect(roundTrip(wordSoup(1 << 16, 6), 50, c)).toBeGreaterThan(0);
  });

  it('round-trips the edges: tiny blocks, the x86 filter limit (17 bytes), 16-bit unit boundaries', () => {
    const c = new LzmsCompressor(1 << 17);
    for (const size of [1, 2, 3, 4, 5, 16, 17, 18, 19, 31, 32, 33, 255, 256, 1023, 1024, 1025, 65535, 65536, 65537, 131071]) {
      for (const make of [(n: number) => new Uint8Array(n), (n: number) => wordSoup(n, n), (n: number) => x86Like(n, n)]) {
        const data = make(size);
        const out = new Uint8Array(size + 64);
        // Capacity large enough to always emit, so that tiny blocks are checked too.
        const n = c.compress(data, 0, size, out, 0, size + 64);
        if (n === 0) continue;
        const back = new Uint8Array(size);
        new LzmsDecompressor(1 << 17).decompress(out, 0, n, back, 0, size);
        expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
      }
    }
  });

  it('round-trips at every level (match finder depth, nice length, delta matches on or off)', () => {
    const data = new Uint8Array([...wordSoup(30000, 7), ...records(2000), ...x86Like(30000, 8)]);
    for (const level of [1, 10, 20, 50, 80, 100]) expect(roundTrip(data, level)).toBeGreaterThan(0);
  });

  it('uses delta matches on tables of fixed-size records', () => {
    // Records of 16 bytes (delta spans are powers of two).
    const data = records(20000, 16);
    const withDelta = roundTrip(data, 50);
    const lzOnly = roundTrip(data, 10); // below level 20: no delta matches
    expect(withDelta).toBeLessThan(lzOnly * 0.8);
  });

  it('fuzz: random structured blocks decode to their input', () => {
    const r = prng(1234);
    const c = new LzmsCompressor(1 << 16);
    for (let k = 0; k < 40; k++) {
      const n = 1 + (r() % 60000);
      const data = new Uint8Array(n);
      // Pieces of every kind, copied from earlier positions now and then (long and repeat matches).
      let i = 0;
      while (i < n) {
        const kind = r() % 5;
        const len = Math.min(n - i, 1 + (r() % 2000));
        if (kind === 0) data.set(randomBytes(len, r()), i);
        else if (kind === 1) data.set(wordSoup(len, r()), i);
        else if (kind === 2) data.set(x86Like(len, r()), i);
        else if (kind === 3) data.set(records(Math.ceil(len / 16)).subarray(0, len), i);
        else if (i > 0) {
          const from = r() % i;
          for (let j = 0; j < len; j++) data[i + j] = data[from + j];
        }
        i += len;
      }
      const out = new Uint8Array(n + 64);
      const m = c.compress(data, 0, n, out, 0, n + 64);
      if (m === 0) continue;
      const back = new Uint8Array(n);
      new LzmsDecompressor(1 << 16).decompress(out, 0, m, back, 0, n);
      expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('round-trips a block with long-distance duplicates (a solid chunk holding one file twice)', () => {
    // Not machine code: the x86 filter makes a call's operand depend on its position, so copies of code differ.
    const file = new Uint8Array([...records(20000), ...wordSoup(200000, 10), ...randomBytes(100000, 9, 16)]);
    const data = new Uint8Array(file.length * 2 + 1000);
    data.set(file, 0);
    data.set(randomBytes(1000, 11), file.length);
    data.set(file, file.length + 1000);
    const n = roundTrip(data);
    expect(n).toBeLessThan(roundTrip(file) + 2000);
  });

  it('is made by the compressor factory for LZMS', () => {
    const c = createCompressor(CompressionFormat.Lzms, 1 << 15);
    expect(c.format).toBe(CompressionFormat.Lzms);
    expect(roundTrip(wordSoup(1 << 15, 12), 50, c as LzmsCompressor)).toBeGreaterThan(0);
  });
});

describe('applyX86Filter', () => {
  it('is undone by the decoder\'s x86 translation', () => {
    for (const seed of [1, 2, 3]) {
      const data = x86Like(200000, seed);
      const filtered = data.slice();
      applyX86Filter(filtered, filtered.length, new Int32Array(65536));
      expect(Buffer.from(filtered).equals(Buffer.from(data))).toBe(false);
      undoX86Translation(filtered, 0, filtered.length, new Float64Array(65536));
      expect(Buffer.from(filtered).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('leaves blocks of 17 bytes or less alone', () => {
    const data = new Uint8Array(17).fill(0xe8);
    applyX86Filter(data, 17, new Int32Array(65536));
    expect([...data]).toEqual(new Array(17).fill(0xe8));
  });
});
