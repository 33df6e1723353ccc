/*
 * The compressor factory of the WIM core: one Compressor per compression format, made once for a maximum chunk size
 * (and a wimlib-style compression level, 1..100, default 50) and reused for every chunk. XPRESS and LZX are the
 * formats of `-CompressionType fast` and `-CompressionType max`; LZMS is dism.exe's /Compress:recovery (solid .esd).
 */

import { CompressionFormat, type Compressor } from './codec';
import { LzmsCompressor } from './lzms-compress';
import { LzxCompressor } from './lzx-compress';
import { XpressCompressor } from './xpress-compress';

export const DEFAULT_COMPRESSION_LEVEL = 50;

export function createCompressor(format: CompressionFormat, maxChunkSize: number, level: number = DEFAULT_COMPRESSION_LEVEL): Compressor {
  switch (format) {
    case CompressionFormat.Xpress:
      return new XpressCompressor(maxChunkSize, level);
    case CompressionFormat.Lzx:
      return new LzxCompressor(maxChunkSize, level);
    case CompressionFormat.Lzms:
      return new LzmsCompressor(maxChunkSize, level);
    default:
      throw new RangeError(`no compressor for compression format ${format}`);
  }
}
