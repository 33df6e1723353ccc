/*
 * The codec interface of the WIM core: one compressor and one decompressor per compression format, each an object
 * made once for a maximum chunk size and reused for every chunk (its tables are preallocated; nothing is allocated
 * per chunk, per byte or per symbol). Containers (resources, solid blocks, the writer) know chunks, never bits.
 */

/** The compression formats of the WIM header flags and of solid resource headers. */
export const enum CompressionFormat {
  None = 0,
  Xpress = 1,
  Lzx = 2,
  Lzms = 3,
}

/** Thrown by a decompressor when its input is not a valid stream of its format (or does not fill the output). */
export class CorruptDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptDataError';
  }
}

export interface Decompressor {
  readonly format: CompressionFormat;
  /** Largest chunk (uncompressed size) this instance handles. */
  readonly maxChunkSize: number;
  /**
   * Decompresses src[srcOff, srcOff+srcLen) into exactly dstLen bytes at dst[dstOff...].
   * Throws CorruptDataError when the data is invalid or does not decode to exactly dstLen bytes.
   */
  decompress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstLen: number): void;
}

export interface Compressor {
  readonly format: CompressionFormat;
  readonly maxChunkSize: number;
  /**
   * Compresses src[srcOff, srcOff+srcLen) into dst starting at dstOff, writing at most dstCapacity bytes.
   * Returns the compressed size, or 0 when the result would not fit in dstCapacity (callers pass srcLen - 1 so
   * that 0 means "store this chunk uncompressed", as the WIM format does).
   */
  compress(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCapacity: number): number;
}
