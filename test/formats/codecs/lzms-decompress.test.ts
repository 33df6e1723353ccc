import { CompressionFormat, CorruptDataError } from '../../../src/formats/codecs/codec';
import { createDecompressor } from '../../../src/formats/codecs/decompressors';
import { LzmsDecompressor, lzmsNumOffsetSlots, undoX86Translation } from '../../../src/formats/codecs/lzms-decompress';
import { checkMutations, checkRandomInput, guardedDecode } from './helpers/mutation';
import { capturedWim, removeSharedTree, verifyWim, type ParsedWim } from './helpers/wim-fixture';

const lzmsWim = (args: string[]): ParsedWim => capturedWim(['--compress=lzms', ...args]);

afterAll(() => removeSharedTree());

describe('LZMS decompressor against wimlib-imagex', () => {
  it.each([32768, 131072, 1048576, 4194304])('reads every blob of a non-solid WIM with %i-byte chunks', (chunkSize) => {
    const parsed = lzmsWim([`--chunk-size=${chunkSize}`]);
    expect(parsed.resources.every((r) => r.format === CompressionFormat.Lzms && r.chunkSize === chunkSize)).toBe(true);
    const res = verifyWim(parsed, (f, cs) => createDecompressor(f, cs));
    expect(res.mismatches).toEqual([]);
    expect(res.blobs).toBeGreaterThanOrEqual(9);
    expect(res.compressedChunks).toBeGreaterThanOrEqual(Math.min(9, Math.ceil(1_000_000 / chunkSize)));
  });

  it('reads every blob of a solid WIM (one LZMS resource, 64 MiB chunks, as .esd files have)', () => {
    const parsed = lzmsWim(['--solid']);
    const solid = parsed.solidResources.map((i) => parsed.resources[i]);
    expect(solid.length).toBeGreaterThanOrEqual(1);
    expect(solid.every((r) => r.format === CompressionFormat.Lzms && r.chunkSize === 67108864)).toBe(true);
    expect(parsed.solidBlobs.length).toBeGreaterThanOrEqual(15);
    expect(verifyWim(parsed, (f, cs) => createDecompressor(f, cs)).mismatches).toEqual([]);
  });

  it.each([1048576])('reads a solid WIM with %i-byte solid chunks', (chunkSize) => {
    const parsed = lzmsWim(['--solid', `--solid-chunk-size=${chunkSize}`]);
    expect(parsed.resources[parsed.solidResources[0]].chunkSize).toBe(chunkSize);
    expect(verifyWim(parsed, (f, cs) => createDecompressor(f, cs)).mismatches).toEqual([]);
  });
});

describe('LZMS pieces', () => {
  it('sizes the offset code by the block: enough slots for offsets up to size - 1', () => {
    expect([0, 1, 2, 3, 9, 10, 13, 14].map(lzmsNumOffsetSlots)).toEqual([0, 0, 1, 2, 8, 9, 9, 10]);
    expect(lzmsNumOffsetSlots(1 << 30)).toBeLessThanOrEqual(799);
  });

  it('turns an x86 call target back into a relative one once the code looks like x86', () => {
    // Two E8 calls hitting the same absolute target mark the region as code; the third call gets translated back.
    const data = new Uint8Array(64);
    const put = (at: number, abs: number) => {
      data[at] = 0xe8;
      new DataView(data.buffer).setInt32(at + 1, abs, true);
    };
    put(1, 0x1234); // at i=1 (not yet in x86 mode: stays absolute... and records target 0x1234+1)
    put(6, 0x1234 - 5); // same 16-bit target 0x1235 from i=6: marks x86 mode
    put(11, 0x2000); // within 511 bytes: translated, 0x2000 - 11
    const before = Uint8Array.from(data);
    undoX86Translation(data, 0, 64, new Float64Array(65536));
    const dv = new DataView(data.buffer);
    expect(dv.getInt32(2, true)).toBe(0x1234);
    expect(dv.getInt32(7, true)).toBe(0x1234 - 5);
    expect(dv.getInt32(12, true)).toBe(0x2000 - 11);
    expect(data.subarray(16)).toEqual(before.subarray(16));
  });

  it('leaves buffers of 17 bytes or less alone', () => {
    const data = new Uint8Array(17).fill(0xe8);
    undoX86Translation(data, 0, 17, new Float64Array(65536));
    expect(data.every((b) => b === 0xe8)).toBe(true);
  });
});

describe('LZMS decompressor on hostile input', () => {
  it('ends random bytes in CorruptDataError or some output, never outside the destination', () => {
    const counts = checkRandomInput(new LzmsDecompressor(131072), 2000, 131072, 300);
    expect(counts.corrupt + counts.ok).toBe(300);
  });

  it('ends every mutated or truncated chunk in CorruptDataError or some output, never outside the destination', () => {
    const chunks = lzmsWim(['--chunk-size=131072']).resources.flatMap((r) => r.chunks).filter((c) => !c.raw);
    const counts = checkMutations(new LzmsDecompressor(131072), chunks, 300);
    expect(counts.corrupt + counts.ok).toBe(300);
    expect(counts.corrupt).toBeGreaterThan(0);
  });

  it('decodes into the middle of a larger buffer without touching its neighbours', () => {
    const chunk = lzmsWim(['--chunk-size=131072']).resources.flatMap((r) => r.chunks).find((c) => !c.raw && c.usize === 131072)!;
    expect(guardedDecode(new LzmsDecompressor(131072), chunk.data, chunk.usize)).toEqual({ result: 'ok', guardsIntact: true });
  });

  it('decodes the same bytes whatever the alignment of the destination in its buffer', () => {
    // The x86 filter reads aligned words of the underlying buffer: byte offsets 1..3 (of the view and in it) must agree.
    const chunks = lzmsWim(['--chunk-size=32768']).resources.flatMap((r) => r.chunks).filter((c) => !c.raw).slice(0, 24);
    const d = new LzmsDecompressor(32768);
    for (const c of chunks) {
      const want = new Uint8Array(c.usize);
      d.decompress(c.data, 0, c.data.length, want, 0, c.usize);
      for (const [viewOff, dstOff] of [[1, 0], [0, 3], [2, 1], [3, 2]]) {
        const view = new Uint8Array(new ArrayBuffer(c.usize + 8), viewOff, c.usize + 4);
        d.decompress(c.data, 0, c.data.length, view, dstOff, c.usize);
        expect(Buffer.from(view.subarray(dstOff, dstOff + c.usize)).equals(Buffer.from(want))).toBe(true);
      }
    }
  });

  it('rejects odd-sized or too short input', () => {
    const d = new LzmsDecompressor(131072);
    expect(() => d.decompress(new Uint8Array(3), 0, 3, new Uint8Array(10), 0, 10)).toThrow(CorruptDataError);
    expect(() => d.decompress(new Uint8Array(7), 0, 7, new Uint8Array(10), 0, 10)).toThrow(CorruptDataError);
  });

  it('refuses chunk sizes LZMS cannot have', () => {
    expect(() => createDecompressor(CompressionFormat.Lzms, 2 ** 31)).toThrow(RangeError);
  });
});
