/*
 * The reshdr (resource header), 24 bytes packed, used in the WIM header (blob table, XML data, boot metadata,
 * integrity table) and in every blob table entry:
 *   +0  size_in_wim        7 bytes LE (56 bits): bytes the resource occupies in the file (chunk table included)
 *   +7  flags              u8: FREE 0x01, METADATA 0x02, COMPRESSED 0x04, SPANNED 0x08, SOLID 0x10
 *   +8  offset_in_wim      u64
 *   +16 uncompressed_size  u64
 */
import { u32, u64, put64 } from '../bytes';

export const RESHDR_SIZE = 24;

export const enum ReshdrFlag {
  Free = 0x01,
  Metadata = 0x02,
  Compressed = 0x04,
  Spanned = 0x08,
  Solid = 0x10,
}

/** uncompressed_size of a blob table entry that describes a solid resource (not a blob). */
export const SOLID_RESOURCE_MAGIC = 0x100000000;

export interface Reshdr {
  sizeInWim: number;
  flags: number;
  offsetInWim: number;
  uncompressedSize: number;
}

export function readReshdr(b: Uint8Array, o: number): Reshdr {
  return readReshdrInto(b, o, { ...ZERO_RESHDR });
}

/** readReshdr into an existing object (loops over a blob table reuse one). */
export function readReshdrInto(b: Uint8Array, o: number, r: Reshdr): Reshdr {
  // 56-bit size: 4 low bytes + 3 high bytes; always below 2^53.
  r.sizeInWim = u32(b, o) + (b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16)) * 0x100000000;
  r.flags = b[o + 7];
  r.offsetInWim = u64(b, o + 8);
  r.uncompressedSize = u64(b, o + 16);
  return r;
}

export function writeReshdr(b: Uint8Array, o: number, r: Reshdr): void {
  put64(b, o, r.sizeInWim);
  b[o + 7] = r.flags & 0xff;
  put64(b, o + 8, r.offsetInWim);
  put64(b, o + 16, r.uncompressedSize);
}

export function isZeroReshdr(r: Reshdr): boolean {
  return r.sizeInWim === 0 && r.offsetInWim === 0 && r.uncompressedSize === 0;
}

export const ZERO_RESHDR: Readonly<Reshdr> = Object.freeze({ sizeInWim: 0, flags: 0, offsetInWim: 0, uncompressedSize: 0 });
