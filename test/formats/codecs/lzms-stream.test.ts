/*
 * LzmsDecompressor.decompressFrom: a block decoded through two sliding input windows (the range decoder's, moving
 * forwards from the front, and the bit reader's, moving backwards from the end) must give exactly what decompress()
 * gives for the whole block in memory, outputs and errors alike, and must never ask for bytes outside the block.
 */
import fc from 'fast-check';

import { CorruptDataError } from '../../../src/formats/codecs/codec';
import { LZMS_INPUT_WINDOW, LZMS_MIN_INPUT_WINDOW, LzmsDecompressor, type LzmsInputReader } from '../../../src/formats/codecs/lzms-decompress';
import { applyMutation, mutationArb } from './helpers/mutation';
import { capturedWim, outcome, removeSharedTree, type Chunk, type ParsedWim } from './helpers/wim-fixture';

const lzmsWim = (args: string[]): ParsedWim => capturedWim(['--compress=lzms', ...args]);

afterAll(() => removeSharedTree());

/** A reader over `data` that checks every request lies inside it and counts the requests. */
function readerOver(data: Uint8Array): { read: LzmsInputReader; calls: number; bytes: number } {
  const r = {
    calls: 0,
    bytes: 0,
    read: (buf: Uint8Array, off: number, len: number, pos: number): void => {
      if (!(pos >= 0 && len >= 0 && pos + len <= data.length && off >= 0 && off + len <= buf.length)) {
        throw new Error(`read outside the block: ${len} bytes at ${pos} into ${off} (block ${data.length}, buffer ${buf.length})`);
      }
      r.calls++;
      r.bytes += len;
      buf.set(data.subarray(pos, pos + len), off);
    },
  };
  return r;
}

const GUARD = 64;

/** decompress() and decompressFrom() of `src` into guarded buffers: their outcomes and whether they agree. */
function both(whole: LzmsDecompressor, windowed: LzmsDecompressor, src: Uint8Array, usize: number): { a: string; b: string; same: boolean } {
  const outA = new Uint8Array(usize + 2 * GUARD).fill(0xa5);
  const outB = new Uint8Array(usize + 2 * GUARD).fill(0xa5);
  const a = outcome(() => whole.decompress(src, 0, src.length, outA, GUARD, usize));
  const b = outcome(() => windowed.decompressFrom(readerOver(src).read, src.length, outB, GUARD, usize));
  // Corrupt input leaves whatever was decoded before the error: the same bytes either way.
  return { a, b, same: a === b && Buffer.from(outA).equals(Buffer.from(outB)) };
}

function compressedChunks(p: ParsedWim): Chunk[] {
  return p.resources.flatMap((r) => r.chunks).filter((c) => !c.raw);
}

describe('LZMS decompressFrom against decompress', () => {
  it.each([LZMS_MIN_INPUT_WINDOW, 1000, 65536, LZMS_INPUT_WINDOW])('decodes every solid chunk alike through %i-byte windows', (w) => {
    const chunks = compressedChunks(lzmsWim(['--solid', '--solid-chunk-size=1048576']));
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const whole = new LzmsDecompressor(1 << 20);
    const windowed = new LzmsDecompressor(1 << 20, w);
    let slid = 0;
    for (const c of chunks) {
      const want = new Uint8Array(c.usize);
      whole.decompress(c.data, 0, c.data.length, want, 0, c.usize);
      const got = new Uint8Array(c.usize);
      const r = readerOver(c.data);
      windowed.decompressFrom(r.read, c.data.length, got, 0, c.usize);
      expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
      // Each byte is read once, but where the two windows meet: each may have read up to a window past that point.
      expect(r.bytes).toBeLessThanOrEqual(c.data.length + 2 * w);
      if (c.data.length > 2 * w) {
        expect(r.calls).toBeGreaterThan(2);
        slid++;
      }
    }
    if (w < 65536) expect(slid).toBeGreaterThan(0);
  });

  it('decodes the 64 MiB chunks of a solid WIM (as .esd files have) alike', () => {
    const chunks = compressedChunks(lzmsWim(['--solid']));
    const cs = 64 << 20;
    const whole = new LzmsDecompressor(cs);
    const windowed = new LzmsDecompressor(cs, 4096);
    for (const c of chunks.slice(0, 2)) {
      const want = new Uint8Array(c.usize);
      whole.decompress(c.data, 0, c.data.length, want, 0, c.usize);
      const got = new Uint8Array(c.usize);
      windowed.decompressFrom(readerOver(c.data).read, c.data.length, got, 0, c.usize);
      expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
    }
  });

  it('decodes small non-solid chunks (a block within one window) alike, one instance after another', () => {
    const chunks = compressedChunks(lzmsWim(['--chunk-size=32768'])).slice(0, 40);
    const whole = new LzmsDecompressor(32768);
    const windowed = new LzmsDecompressor(32768, 512);
    for (const c of chunks) expect(both(whole, windowed, c.data, c.usize)).toEqual({ a: 'ok', b: 'ok', same: true });
  });
});

describe('LZMS decompressFrom on hostile input', () => {
  it('ends every mutated or truncated chunk as decompress does: the same bytes, the same CorruptDataError', () => {
    const chunks = compressedChunks(lzmsWim(['--solid', '--solid-chunk-size=1048576'])).concat(compressedChunks(lzmsWim(['--chunk-size=131072'])).slice(0, 20));
    const whole = new LzmsDecompressor(1 << 20);
    const windowed = new LzmsDecompressor(1 << 20, LZMS_MIN_INPUT_WINDOW);
    const counts = { ok: 0, corrupt: 0 };
    fc.assert(
      fc.property(fc.nat(chunks.length - 1), mutationArb(), (ci, m) => {
        const c = chunks[ci];
        const r = both(whole, windowed, applyMutation(c.data, m), c.usize);
        counts[r.a as 'ok' | 'corrupt']++;
        return r.same;
      }),
      { numRuns: 150, seed: 11 },
    );
    expect(counts.corrupt).toBeGreaterThan(0);
  });

  it('ends random bytes as decompress does', () => {
    const whole = new LzmsDecompressor(131072);
    const windowed = new LzmsDecompressor(131072, LZMS_MIN_INPUT_WINDOW);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 3000 }), fc.integer({ min: 1, max: 131072 }), (src, usize) => both(whole, windowed, src, usize).same),
      { numRuns: 200, seed: 5 },
    );
  });

  it('passes on an error of its reader, and decodes the next block normally', () => {
    const c = compressedChunks(lzmsWim(['--solid', '--solid-chunk-size=1048576'])).find((k) => k.data.length > 4096)!;
    const d = new LzmsDecompressor(1 << 20, 1024);
    const inner = readerOver(c.data);
    let n = 0;
    const failing: LzmsInputReader = (buf, off, len, pos) => {
      if (++n === 3) throw new Error('disk on fire');
      inner.read(buf, off, len, pos);
    };
    expect(() => d.decompressFrom(failing, c.data.length, new Uint8Array(c.usize), 0, c.usize)).toThrow('disk on fire');
    const want = new Uint8Array(c.usize);
    new LzmsDecompressor(1 << 20).decompress(c.data, 0, c.data.length, want, 0, c.usize);
    const got = new Uint8Array(c.usize);
    d.decompressFrom(readerOver(c.data).read, c.data.length, got, 0, c.usize);
    expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
  });

  it('rejects odd-sized or too short input, and bad arguments', () => {
    const d = new LzmsDecompressor(131072);
    const none: LzmsInputReader = () => {
      throw new Error('nothing should be read');
    };
    expect(() => d.decompressFrom(none, 3, new Uint8Array(10), 0, 10)).toThrow(CorruptDataError);
    expect(() => d.decompressFrom(none, 7, new Uint8Array(10), 0, 10)).toThrow(CorruptDataError);
    expect(() => d.decompressFrom(none, 8, new Uint8Array(10), 4, 10)).toThrow(RangeError);
    expect(() => d.decompressFrom(none, 8, new Uint8Array(200000), 0, 131073)).toThrow(CorruptDataError);
    expect(() => new LzmsDecompressor(131072, 100)).toThrow(RangeError);
    expect(() => new LzmsDecompressor(131072, 1001)).toThrow(RangeError);
  });
});
