// rewrite.ts's plan pieces delete and split share: the layout a rewrite writes (the source's own, LZX for a solid
// source, with the plan's message) and its progress total. Stand-in sources: only the fields these read.
import { CompressionFormat } from '../../../../src/formats/codecs/codec';
import type { Wim } from '../../../../src/formats/wim/wim';
import { blobBytes, rewriteLayout } from '../../../../src/formats/wim/ops/rewrite';

function source(compression: number, chunkSize: number, versions: number[], sizes: number[] = []): Wim {
  return {
    header: { compression, chunkSize },
    parts: versions.map((version) => ({ header: { version } })),
    blobSize: (id: number) => sizes[id],
  } as unknown as Wim;
}

describe('rewrite plan', () => {
  test('rewriteLayout: the source keeps its compression and chunk size, no message', () => {
    const said: string[] = [];
    expect(rewriteLayout(source(CompressionFormat.Xpress, 4096, [0x10d00]), () => said.push('solid'))).toEqual({ format: CompressionFormat.Xpress, chunkSize: 4096 });
    expect(said).toEqual([]);
  });

  test('rewriteLayout: a solid source (LZMS, or a version 0xE00 part) is written LZX with 32 KiB chunks, after the message', () => {
    const said: string[] = [];
    expect(rewriteLayout(source(CompressionFormat.Lzms, 1 << 26, [0xe00]), () => said.push('lzms'))).toEqual({ format: CompressionFormat.Lzx, chunkSize: 32768 });
    expect(rewriteLayout(source(CompressionFormat.Lzx, 32768, [0x10d00, 0xe00]), () => said.push('part'))).toEqual({ format: CompressionFormat.Lzx, chunkSize: 32768 });
    expect(said).toEqual(['lzms', 'part']);
  });

  test('blobBytes: the sum of the blobs named, each as often as named', () => {
    const src = source(CompressionFormat.Lzx, 32768, [0x10d00], [10, 20, 300]);
    expect(blobBytes(src, [2, 0])).toBe(310);
    expect(blobBytes(src, [])).toBe(0);
  });
});
