/*
 * The decompressor factory of the WIM core: one decompressor per compression format of the WIM header flags and of
 * solid resource headers, made for a chunk size and reused for every chunk of that size or smaller.
 */

import { CompressionFormat, type Decompressor } from './codec';
import type { LzmsInputReader } from './lzms-decompress';
import { LzxDecompressor } from './lzx-decompress';
import { XpressDecompressor } from './xpress-decompress';

/**
 * Makes a decompressor for `format` whose chunks decompress to at most `maxChunkSize` bytes.
 * For LZX, pass the resource's chunk size itself (the LZX window, and with it the stream's format, follows it).
 * Throws RangeError for a chunk size the format cannot have (XPRESS: up to 64 KiB; LZX: up to 2 MiB; LZMS: up to 1 GiB).
 */
export function createDecompressor(format: CompressionFormat, maxChunkSize: number): Decompressor {
  switch (format) {
    case CompressionFormat.Xpress:
      return new XpressDecompressor(maxChunkSize);
    case CompressionFormat.Lzx:
      return new LzxDecompressor(maxChunkSize);
    case CompressionFormat.Lzms: {
      // Required on first use: only ESDs need it (48 KB of code that a .wim export would compile for nothing).
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { LzmsDecompressor } = require('./lzms-decompress') as typeof import('./lzms-decompress');
      return new LzmsDecompressor(maxChunkSize);
    }
    default:
      throw new RangeError(`no decompressor for compression format ${format as number}`);
  }
}

/**
 * A decompressor that can also take a chunk's stored bytes piece by piece from `read` (read(buf, off, len, pos) puts
 * stored bytes [pos, pos + len) at buf[off...]) instead of from one buffer: LZMS, whose solid chunks (64 MiB
 * uncompressed, often tens of MiB stored) then need no input buffer of their size.
 */
export interface WindowedDecompressor extends Decompressor {
  decompressFrom(read: LzmsInputReader, srcLen: number, dst: Uint8Array, dstOff: number, dstLen: number): void;
}

export function isWindowed(d: Decompressor): d is WindowedDecompressor {
  return typeof (d as Partial<WindowedDecompressor>).decompressFrom === 'function';
}
