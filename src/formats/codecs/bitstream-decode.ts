/*
 * Pieces shared by the decompressors' readers of 16-bit little-endian bitstreams (XPRESS, LZX, LZMS): the checks of a
 * decompress() call's buffer ranges. The bit readers themselves are written out inside each decoder's loop, where V8
 * keeps their state in registers.
 */

import { CorruptDataError } from './codec';

/** Argument checks shared by the decompressors: caller mistakes are RangeErrors, an oversized chunk is corrupt data. */
export function checkBuffers(
  src: Uint8Array,
  srcOff: number,
  srcLen: number,
  dst: Uint8Array,
  dstOff: number,
  dstLen: number,
  maxChunkSize: number,
  name: string,
): void {
  if (!(srcOff >= 0 && srcLen >= 0 && srcOff + srcLen <= src.length)) {
    throw new RangeError(`${name}: source range [${srcOff}, ${srcOff + srcLen}) is outside the source buffer`);
  }
  if (!(dstOff >= 0 && dstLen >= 0 && dstOff + dstLen <= dst.length)) {
    throw new RangeError(`${name}: destination range [${dstOff}, ${dstOff + dstLen}) is outside the destination buffer`);
  }
  if (dstLen > maxChunkSize) {
    throw new CorruptDataError(`${name}: chunk of ${dstLen} bytes exceeds the chunk size ${maxChunkSize}`);
  }
}
