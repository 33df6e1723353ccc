/*
 * The chunk compressor interface the resource writer feeds, and its in-thread implementation.
 *
 * A non-solid compressed resource is a chunk table followed by chunks, each chunk (chunk_size bytes of the blob,
 * the last one shorter) compressed on its own; a chunk that does not get smaller is stored as it is. The writer
 * submits chunks in file order and takes results back strictly in that order; `submit` refusing a chunk tells it
 * to drain results first, which bounds the memory in flight. chunk-compressor-parallel.ts implements the same interface
 * over worker threads.
 */
import { CompressionFormat, type Compressor } from './codec';
import { WimError, WimErrorCode } from '../errors';

export interface ChunkResult {
  /** The bytes to store: compressed, or the chunk itself when compression did not shrink it. */
  data: Uint8Array;
  off: number;
  len: number;
  /** Uncompressed size of the chunk; len === usize means stored uncompressed. */
  usize: number;
}

export interface ChunkCompressor {
  readonly format: CompressionFormat;
  readonly chunkSize: number;
  readonly threads: number;
  /** Copies a chunk in; returns false (taking nothing) when full: call next() first. */
  submit(src: Uint8Array, off: number, len: number): boolean;
  /** The result for the oldest chunk not yet returned; undefined when nothing is pending. The data stays valid
   *  until the following call. */
  next(): Promise<ChunkResult | undefined>;
  close(): Promise<void>;
}

/** Process-wide count of chunks handed to a compressor (tests use it to check that a raw copy compresses nothing). */
export const compressionStats = { chunksCompressed: 0 };

export type CreateCompressorFn = (format: CompressionFormat, maxChunkSize: number, level?: number) => Compressor;

/** The codec engineers' factory, loaded when present (src/formats/wim/codecs/compressors). */
export function loadCreateCompressor(): CreateCompressorFn | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require('./compressors') as { createCompressor?: CreateCompressorFn };
    return typeof mod.createCompressor === 'function' ? mod.createCompressor : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Compresses one chunk into dst (capacity >= len); returns the stored size. A result that is not smaller than
 * the chunk is replaced by the chunk itself.
 */
export function compressChunk(c: Compressor, src: Uint8Array, off: number, len: number, dst: Uint8Array, dstOff: number): number {
  const n = len > 1 ? c.compress(src, off, len, dst, dstOff, len - 1) : 0;
  if (n > 0 && n < len) return n;
  dst.set(src.subarray(off, off + len), dstOff);
  return len;
}

/**
 * Compresses a batch of chunks (lens[i] bytes each, back to back in buf) in place: on return, buf holds the stored
 * chunks back to back and the result gives their sizes. Chunk i's stored bytes end at or before the start of chunk
 * i+1's input (nothing grows), and each chunk is compressed into `scratch` (at least the largest chunk) first, so
 * no input is overwritten before it is read. Used by the compression workers and by the thread that feeds them.
 */
export function compressBatchInPlace(c: Compressor, buf: Uint8Array, lens: number[], scratch: Uint8Array): number[] {
  const sizes: number[] = new Array(lens.length);
  let ip = 0;
  let op = 0;
  for (let i = 0; i < lens.length; i++) {
    const len = lens[i];
    const n = compressChunk(c, buf, ip, len, scratch, 0);
    buf.set(scratch.subarray(0, n), op);
    sizes[i] = n;
    ip += len;
    op += n;
  }
  return sizes;
}

export class SerialChunkCompressor implements ChunkCompressor {
  readonly threads = 1;
  private readonly out: Uint8Array;
  private pending = false;
  private outLen = 0;
  private usize = 0;

  constructor(
    private readonly compressor: Compressor,
    readonly chunkSize: number,
  ) {
    this.out = new Uint8Array(chunkSize);
  }

  get format(): CompressionFormat {
    return this.compressor.format;
  }

  submit(src: Uint8Array, off: number, len: number): boolean {
    if (this.pending) return false;
    if (len > this.chunkSize) throw new RangeError(`chunk of ${len} bytes exceeds chunk size ${this.chunkSize}`);
    this.outLen = compressChunk(this.compressor, src, off, len, this.out, 0);
    compressionStats.chunksCompressed++;
    this.usize = len;
    this.pending = true;
    return true;
  }

  async next(): Promise<ChunkResult | undefined> {
    if (!this.pending) return undefined;
    this.pending = false;
    return { data: this.out, off: 0, len: this.outLen, usize: this.usize };
  }

  async close(): Promise<void> {
    this.pending = false;
  }
}

export function createSerialChunkCompressor(format: CompressionFormat, chunkSize: number, level?: number): ChunkCompressor {
  const factory = loadCreateCompressor();
  if (!factory) throw new WimError(WimErrorCode.InvalidCompressionType, `No compressor is available for compression format ${format}.`);
  let c: Compressor;
  try {
    c = factory(format, chunkSize, level);
  } catch (e) {
    throw new WimError(WimErrorCode.InvalidCompressionType, `No compressor is available for compression format ${format}: ${(e as Error).message}`, undefined, { cause: e });
  }
  return new SerialChunkCompressor(c, chunkSize);
}
