/*
 * Worker-thread entry of the parallel chunk compressor (chunk-compressor-parallel.ts). A message is a batch of chunks of
 * one resource stream: {id, format, chunkSize, level, input: ArrayBuffer (chunks back to back), lens: number[]};
 * the reply is {id, output: the same ArrayBuffer, now holding the stored chunks back to back, sizes: number[]},
 * each stored chunk compressed or, when compression did not shrink it, the chunk itself. The buffer travels
 * transferred both ways, never copied, and the main thread reuses it for a later batch.
 * One Compressor per format and chunk size is made once and reused.
 * A message of kind "verify" is the decompress-and-hash job of chunk-compressor-verify.ts (a raw copy's check):
 * the reply gives the buffer back with the streams that failed.
 */
import { host } from '../../platform/host';
import type { Compressor } from './codec';
import { compressBatchInPlace, loadCreateCompressor } from './chunk-compressor';
import type { VerifyRequest, VerifyState } from './chunk-compressor-verify';

interface BatchRequest {
  id: number;
  format: number;
  chunkSize: number;
  level?: number;
  input: ArrayBuffer;
  lens: number[];
}

const port = host().workers()?.parentPort();
if (port) {
  // Each job's code is loaded on its first message: a verifying worker compiles no compressor, a compressing one
  // no decompressor.
  let factory: ReturnType<typeof loadCreateCompressor> | null = null;
  const compressors = new Map<string, Compressor>();
  let scratch = new Uint8Array(0);
  let verify: VerifyState | undefined;
  port.onMessage((m) => {
    if ((m as VerifyRequest).kind === 'verify') {
      const v = m as VerifyRequest;
      try {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        verify ??= new (require('./chunk-compressor-verify') as typeof import('./chunk-compressor-verify')).VerifyState();
        const failures = verify.run(v.format, v.chunkSize, new Uint8Array(v.input), v.items, v.hashes);
        port.postMessage({ id: v.id, output: v.input, failures }, [v.input]);
      } catch (e) {
        port.postMessage({ id: v.id, error: String((e as Error)?.stack ?? e) });
      }
      return;
    }
    const msg = m as BatchRequest;
    try {
      if (factory === null) factory = loadCreateCompressor();
      if (!factory) throw new Error('no compressor module');
      const key = `${msg.format}/${msg.chunkSize}/${msg.level ?? ''}`;
      let c = compressors.get(key);
      if (!c) {
        c = factory(msg.format, msg.chunkSize, msg.level);
        compressors.set(key, c);
      }
      // Compressed chunks are packed in place, at the front of the buffer that brought them; the same buffer goes
      // back.
      if (scratch.length < msg.chunkSize) scratch = new Uint8Array(msg.chunkSize);
      const sizes = compressBatchInPlace(c, new Uint8Array(msg.input), msg.lens, scratch);
      port.postMessage({ id: msg.id, output: msg.input, sizes }, [msg.input]);
    } catch (e) {
      port.postMessage({ id: msg.id, error: String((e as Error)?.stack ?? e) });
    }
  });
}
