import * as path from 'node:path';

import { CompressionFormat, CorruptDataError } from '../../../src/formats/codecs/codec';
import { createDecompressor } from '../../../src/formats/codecs/decompressors';
import { XpressDecompressor } from '../../../src/formats/codecs/xpress-decompress';
import { checkMutations, checkRandomInput, guardedDecode } from './helpers/mutation';
import { captureWim, parseWim, removeSharedTree, sharedTree, verifyWim, type ParsedWim } from './helpers/wim-fixture';

const wims = new Map<number, ParsedWim>();
function xpressWim(chunkSize: number): ParsedWim {
  let p = wims.get(chunkSize);
  if (!p) {
    const { dir, tree } = sharedTree();
    p = parseWim(captureWim(tree, path.join(dir, `x${chunkSize}.wim`), ['--compress=xpress', `--chunk-size=${chunkSize}`]));
    wims.set(chunkSize, p);
  }
  return p;
}

afterAll(() => removeSharedTree());

describe('XPRESS decompressor against wimlib-imagex', () => {
  it.each([4096, 8192, 16384, 32768, 65536])('reads every blob of a WIM captured with %i-byte chunks', (chunkSize) => {
    const parsed = xpressWim(chunkSize);
    expect(parsed.resources.every((r) => r.format === CompressionFormat.Xpress && r.chunkSize === chunkSize)).toBe(true);
    const res = verifyWim(parsed, (f, cs) => createDecompressor(f, cs));
    expect(res.mismatches).toEqual([]);
    expect(res.blobs).toBeGreaterThanOrEqual(9);
    expect(res.compressedChunks).toBeGreaterThan(1_000_000 / chunkSize);
  });

  it('decodes a chunk into the middle of a larger buffer without touching its neighbours', () => {
    const chunk = xpressWim(32768).resources.flatMap((r) => r.chunks).find((c) => !c.raw && c.usize === 32768)!;
    const d = new XpressDecompressor(32768);
    expect(guardedDecode(d, chunk.data, chunk.usize)).toEqual({ result: 'ok', guardsIntact: true });
  });
});

describe('XPRESS decompressor on hostile input', () => {
  it('ends random bytes in CorruptDataError or some output, never outside the destination', () => {
    const counts = checkRandomInput(new XpressDecompressor(65536), 2000, 65536, 300);
    expect(counts.corrupt + counts.ok).toBe(300);
  });

  it('ends every mutated or truncated chunk in CorruptDataError or some output, never outside the destination', () => {
    const chunks = [32768, 65536].flatMap((cs) => xpressWim(cs).resources.flatMap((r) => r.chunks)).filter((c) => !c.raw);
    const counts = checkMutations(new XpressDecompressor(65536), chunks, 400);
    expect(counts.corrupt).toBeGreaterThan(0);
    expect(counts.corrupt + counts.ok).toBe(400);
  });

  it('rejects a chunk too short to hold the Huffman table', () => {
    const d = new XpressDecompressor(32768);
    expect(() => d.decompress(new Uint8Array(200), 0, 200, new Uint8Array(100), 0, 100)).toThrow(CorruptDataError);
  });

  it('reads a stream whose bits end within one word (the missing lookahead word reads as zeros)', () => {
    // Literal code: symbols 0..255 have 8 bits each (so each codeword is the byte itself), no match symbols.
    const src = new Uint8Array(256 + 2);
    src.fill(0x88, 0, 128);
    src[256] = 0x69; // "h i" in one word: "h" is the high byte, read first
    src[257] = 0x68;
    const dst = new Uint8Array(2);
    new XpressDecompressor(4096).decompress(src, 0, src.length, dst, 0, 2);
    expect(Buffer.from(dst).toString('latin1')).toBe('hi');
  });

  it('rejects over-subscribed code lengths (every symbol of length 1)', () => {
    const d = new XpressDecompressor(32768);
    const src = new Uint8Array(300).fill(0x11);
    expect(() => d.decompress(src, 0, src.length, new Uint8Array(100), 0, 100)).toThrow(CorruptDataError);
  });

  it('rejects an empty code (all lengths 0) as soon as a symbol is needed', () => {
    const d = new XpressDecompressor(32768);
    expect(() => d.decompress(new Uint8Array(300), 0, 300, new Uint8Array(100), 0, 100)).toThrow(CorruptDataError);
  });

  it('rejects a chunk larger than the chunk size it was made for', () => {
    const d = new XpressDecompressor(4096);
    expect(() => d.decompress(new Uint8Array(300), 0, 300, new Uint8Array(8192), 0, 8192)).toThrow(CorruptDataError);
  });

  it('refuses chunk sizes XPRESS cannot have, and ranges outside the buffers', () => {
    expect(() => createDecompressor(CompressionFormat.Xpress, 131072)).toThrow(RangeError);
    expect(() => createDecompressor(CompressionFormat.Xpress, 0)).toThrow(RangeError);
    const d = new XpressDecompressor(32768);
    expect(() => d.decompress(new Uint8Array(300), 100, 300, new Uint8Array(10), 0, 10)).toThrow(RangeError);
    expect(() => d.decompress(new Uint8Array(300), 0, 300, new Uint8Array(10), 5, 10)).toThrow(RangeError);
  });

  it('builds the literal-only stream of a hand-made code: 256 literals of length 8', () => {
    // Lengths: symbols 0..255 have 8 bits, matches none. Canonical code: literal b is the byte b itself.
    const src = new Uint8Array(256 + 8);
    src.fill(0x88, 0, 128);
    // "ABCD" as four 8-bit codewords: words are little-endian, bits most significant first.
    src[256] = 0x42; src[257] = 0x41; src[258] = 0x44; src[259] = 0x43;
    const dst = new Uint8Array(4);
    new XpressDecompressor(4096).decompress(src, 0, src.length, dst, 0, 4);
    expect(Buffer.from(dst).toString('latin1')).toBe('ABCD');
  });
});

describe('createDecompressor', () => {
  it('makes one decompressor per format, for the chunk size given', () => {
    for (const [format, size] of [
      [CompressionFormat.Xpress, 65536],
      [CompressionFormat.Lzx, 2097152],
      [CompressionFormat.Lzms, 67108864],
    ] as const) {
      const d = createDecompressor(format, size);
      expect([d.format, d.maxChunkSize]).toEqual([format, size]);
    }
  });

  it('has no decompressor for uncompressed data or unknown formats', () => {
    expect(() => createDecompressor(CompressionFormat.None, 32768)).toThrow(RangeError);
    expect(() => createDecompressor(7 as CompressionFormat, 32768)).toThrow(RangeError);
  });
});
