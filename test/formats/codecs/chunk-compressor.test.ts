/*
 * The chunk compressors: serial, and parallel (worker threads running the compiled worker script from
 * `npm run build`) hand back every chunk in submission order, each decompressing to its data (or stored as it is),
 * and the parallel one refuses chunks once its window of batches is full. The factory applies the memory policy
 * (thread count) for every writer.
 */
import { CompressionFormat } from '../../../src/formats/codecs/codec';
import { createDecompressor } from '../../../src/formats/codecs/decompressors';
import {
  MAX_DEFAULT_THREADS,
  ParallelChunkCompressor,
  compressionThreads,
  createChunkCompressor,
  workerScriptPath,
} from '../../../src/formats/codecs/chunk-compressor-parallel';
import { type ChunkCompressor, SerialChunkCompressor, createSerialChunkCompressor } from '../../../src/formats/codecs/chunk-compressor';
import { host, setHost } from '../../../src/platform/host';
import { bytes } from '../wim/write/helpers';

async function compressAll(c: ChunkCompressor, data: Uint8Array, cs: number): Promise<{ out: Buffer[]; refusals: number }> {
  const out: Buffer[] = [];
  let refusals = 0;
  const take = async (): Promise<boolean> => {
    const r = await c.next();
    if (!r) return false;
    out.push(Buffer.from(r.data.subarray(r.off, r.off + r.len)));
    return true;
  };
  for (let off = 0; off < data.length; off += cs) {
    const len = Math.min(cs, data.length - off);
    while (!c.submit(data, off, len)) {
      refusals++;
      await take();
    }
  }
  while (await take());
  return { out, refusals };
}

describe('chunk compressors', () => {
  const cs = 32768;
  // Text (compresses), noise (stored as is) and a short last chunk.
  const data = Buffer.concat([bytes(12 * cs, 1, true), bytes(8 * cs, 2), bytes(1000, 3, true)]);

  for (const format of [CompressionFormat.Xpress, CompressionFormat.Lzx]) {
    it(`parallel ${format === CompressionFormat.Xpress ? 'XPRESS' : 'LZX'} returns every chunk, in order, with a bounded window`, async () => {
      const script = workerScriptPath();
      if (!script) throw new Error('the compiled worker script is missing: run `npm run build` first');
      const d = createDecompressor(format, cs);
      const back = Buffer.alloc(cs);
      // Each stored chunk is chunk i of the data: compressed (and decompressing to it) or the chunk itself.
      const expectChunks = (out: Buffer[]): void => {
        expect(out).toHaveLength(21);
        out.forEach((c, i) => {
          const orig = data.subarray(i * cs, i * cs + Math.min(cs, data.length - i * cs));
          if (c.length === orig.length) expect(c.equals(orig)).toBe(true);
          else {
            expect(c.length).toBeLessThan(orig.length);
            d.decompress(c, 0, c.length, back, 0, orig.length);
            expect(back.subarray(0, orig.length).equals(orig)).toBe(true);
          }
        });
      };
      const serial = await compressAll(createSerialChunkCompressor(format, cs), data, cs);
      expectChunks(serial.out);
      // This thread and one worker; this thread and two workers; two workers alone.
      for (const [threads, helps] of [[2, true], [3, true], [2, false]] as const) {
        const par = new ParallelChunkCompressor(format, cs, threads, script, undefined, 2, helps);
        try {
          const parallel = await compressAll(par, data, cs);
          expectChunks(parallel.out);
          // 21 chunks in batches of 2 with at most 2 x workers + 2 batches waiting: the producer had to wait.
          expect(parallel.refusals).toBeGreaterThan(0);
        } finally {
          await par.close();
        }
      }
      // Text compresses; noise does not and is stored as it is.
      expect(serial.out[0].length).toBeLessThan(cs / 2);
      expect(serial.out[15].length).toBe(cs);
    });
  }

  it('compresses a job of one partial batch in the calling thread, starting no worker', async () => {
    const script = workerScriptPath();
    if (!script) throw new Error('the compiled worker script is missing: run `npm run build` first');
    const par = new ParallelChunkCompressor(CompressionFormat.Lzx, cs, 4, script, undefined, 16, true);
    try {
      const small = data.subarray(0, 3 * cs);
      const { out } = await compressAll(par, small, cs);
      const serial = await compressAll(createSerialChunkCompressor(CompressionFormat.Lzx, cs), small, cs);
      expect(out).toEqual(serial.out);
      expect((par as unknown as { workers: unknown[] }).workers).toHaveLength(0);
    } finally {
      await par.close();
    }
  });

  describe('memory policy (createChunkCompressor)', () => {
    it('defaults to one thread per core, at most MAX_DEFAULT_THREADS; an explicit count is taken as it is', () => {
      expect(MAX_DEFAULT_THREADS).toBe(4);
      expect(compressionThreads({}, 2)).toBe(2);
      expect(compressionThreads({}, 16)).toBe(MAX_DEFAULT_THREADS);
      expect(compressionThreads({ threads: 8 }, 2)).toBe(8);
      expect(compressionThreads({ threads: 1 }, 16)).toBe(1);
      expect(compressionThreads({ small: true, threads: 8 }, 16)).toBe(1);
    });

    it('gives a many-core host MAX_DEFAULT_THREADS threads, and a small job the serial compressor', async () => {
      if (!workerScriptPath()) throw new Error('the compiled worker script is missing: run `npm run build` first');
      const real = host();
      setHost({ ...real, cpuCount: () => 32 });
      try {
        const many = createChunkCompressor(CompressionFormat.Xpress, cs);
        expect(many).toBeInstanceOf(ParallelChunkCompressor);
        expect(many.threads).toBe(MAX_DEFAULT_THREADS);
        await many.close();
        const small = createChunkCompressor(CompressionFormat.Xpress, cs, { small: true, threads: 8 });
        expect(small).toBeInstanceOf(SerialChunkCompressor);
        expect(small.threads).toBe(1);
        await small.close();
      } finally {
        setHost(real);
      }
    });
  });
});
