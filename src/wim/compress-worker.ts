/*
 * Worker-thread entry of the parallel chunk compressor (compress-parallel.ts). A message is a batch of chunks of
 * one resource stream: {id, format, chunkSize, level, input: ArrayBuffer (chunks back to back), lens: number[]};
 * the reply is {id, output: ArrayBuffer (stored chunks back to back), sizes: number[]}, each stored chunk
 * compressed or, when compression did not shrink it, the chunk itself. Buffers travel transferred, not copied.
 * One Compressor per format and chunk size is made once and reused.
 */
import { host } from '../host/host';
import type { Compressor } from './codecs/codec';
import { compressChunk, loadCreateCompressor } from './compress-serial';

interface BatchRequest {
  id: number;
  format: number;
  chunkSize: number;
  level?: number;
  input: ArrayBuffer;
  lens: number[];
}

const wt = host().workerThreads();
const port = wt?.parentPort;
if (port) {
  const factory = loadCreateCompressor();
  const compressors = new Map<string, Compressor>();
  port.on('message', (msg: BatchRequest) => {
    try {
      if (!factory) throw new Error('no compressor module');
      const key = `${msg.format}/${msg.chunkSize}/${msg.level ?? ''}`;
      let c = compressors.get(key);
      if (!c) {
        c = factory(msg.format, msg.chunkSize, msg.level);
        compressors.set(key, c);
      }
      const input = new Uint8Array(msg.input);
      let total = 0;
      for (const l of msg.lens) total += l;
      const output = new Uint8Array(total);
      const sizes: number[] = new Array(msg.lens.length);
      let ip = 0;
      let op = 0;
      for (let i = 0; i < msg.lens.length; i++) {
        const len = msg.lens[i];
        const n = compressChunk(c, input, ip, len, output, op);
        sizes[i] = n;
        ip += len;
        op += n;
      }
      port.postMessage({ id: msg.id, output: output.buffer, sizes }, [output.buffer]);
    } catch (e) {
      port.postMessage({ id: msg.id, error: String((e as Error)?.stack ?? e) });
    }
  });
}
