/*
 * The chunk compressors: the parallel one (worker threads, compiled worker script from `npm run build`) gives
 * exactly the serial one's output, in submission order, and refuses chunks once its window of batches is full.
 */
import { CompressionFormat } from '../../../src/wim/codecs/codec';
import { createDecompressor } from '../../../src/wim/codecs/decompressors';
import { ParallelChunkCompressor, workerScriptPath } from '../../../src/wim/compress-parallel';
import { type ChunkCompressor, createSerialChunkCompressor } from '../../../src/wim/compress-serial';
import { bytes } from './helpers';

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
    it(`parallel ${format === CompressionFormat.Xpress ? 'XPRESS' : 'LZX'} equals serial, in order, with a bounded window`, async () => {
      const script = workerScriptPath();
      if (!script) throw new Error('the compiled worker script is missing: run `npm run build` first');
      const serial = await compressAll(createSerialChunkCompressor(format, cs), data, cs);
      const par = new ParallelChunkCompressor(format, cs, 2, script, undefined, 2);
      try {
        const parallel = await compressAll(par, data, cs);
        expect(parallel.out.length).toBe(21);
        expect(parallel.out.map((b) => b.toString('hex'))).toEqual(serial.out.map((b) => b.toString('hex')));
        // 21 chunks in batches of 2 with at most 4 batches in flight: the producer had to wait.
        expect(parallel.refusals).toBeGreaterThan(0);
      } finally {
        await par.close();
      }
      // Every chunk decompresses back (or was stored as it is).
      const d = createDecompressor(format, cs);
      const back = Buffer.alloc(cs);
      serial.out.forEach((c, i) => {
        const usize = Math.min(cs, data.length - i * cs);
        if (c.length === usize) expect(c.equals(data.subarray(i * cs, i * cs + usize))).toBe(true);
        else {
          d.decompress(c, 0, c.length, back, 0, usize);
          expect(back.subarray(0, usize).equals(data.subarray(i * cs, i * cs + usize))).toBe(true);
        }
      });
      // Noise does not compress: those chunks are stored as they are.
      expect(serial.out[15].length).toBe(cs);
    });
  }
});
