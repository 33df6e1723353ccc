/*
 * The WIM header: 208 bytes at offset 0 of every .wim/.esd/.swm.
 *   +0x00 magic "MSWIM\0\0\0" (wimlib's pipable WIMs: "WLPWM\0\0\0", rejected)   +0x08 hdr_size u32 = 208
 *   +0x0C wim_version u32: 0x10D00, or 0xE00 for solid (ESD)                   +0x10 wim_flags u32
 *   +0x14 chunk_size u32 (0 when uncompressed)   +0x18 GUID[16]   +0x28 part_number u16   +0x2A total_parts u16
 *   +0x2C image_count u32   +0x30 blob table reshdr   +0x48 XML data reshdr   +0x60 boot metadata reshdr
 *   +0x78 boot_idx u32   +0x7C integrity table reshdr   +0x94 60 unused bytes
 */
import { u16, u32, put16, put32 } from '../bytes';
import { CompressionFormat } from '../codecs/codec';
import { WimError, WimErrorCode } from '../errors';
import { RESHDR_SIZE, Reshdr, readReshdr, writeReshdr, isZeroReshdr } from './reshdr';

export const WIM_HEADER_SIZE = 208;
export const WIM_VERSION_DEFAULT = 0x10d00;
export const WIM_VERSION_SOLID = 0xe00;

export const WIM_MAGIC = Uint8Array.of(0x4d, 0x53, 0x57, 0x49, 0x4d, 0, 0, 0); // "MSWIM\0\0\0"
export const PWM_MAGIC = Uint8Array.of(0x57, 0x4c, 0x50, 0x57, 0x4d, 0, 0, 0); // "WLPWM\0\0\0"

export const enum HeaderFlag {
  Reserved = 0x1,
  Compression = 0x2,
  ReadOnly = 0x4,
  Spanned = 0x8,
  ResourceOnly = 0x10,
  MetadataOnly = 0x20,
  WriteInProgress = 0x40,
  RpFix = 0x80,
  CompressReserved = 0x10000,
  CompressXpress = 0x20000,
  CompressLzx = 0x40000,
  CompressLzms = 0x80000,
  CompressXpress2 = 0x200000,
}

export interface WimHeader {
  version: number;
  flags: number;
  /** Chunk size of non-solid compressed resources (0 when the WIM is uncompressed). */
  chunkSize: number;
  guid: Uint8Array;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  blobTable: Reshdr;
  xmlData: Reshdr;
  bootMetadata: Reshdr;
  /** 1-based boot image index, 0 when none (an index above imageCount reads as 0, as wimlib does). */
  bootIndex: number;
  integrityTable: Reshdr;
  /** The compression of non-solid compressed resources, from the flags. */
  compression: CompressionFormat;
}

const COMPRESSION_NAMES = ['None', 'XPRESS', 'LZX', 'LZMS'];

export function compressionName(c: CompressionFormat): string {
  return COMPRESSION_NAMES[c] ?? 'Unknown';
}

/** The chunk sizes a format accepts: powers of two, XPRESS 4 KiB..64 KiB, LZX 32 KiB..2 MiB, LZMS 32 KiB..64 MiB. */
export function isValidChunkSize(format: CompressionFormat, chunkSize: number): boolean {
  if (!(chunkSize > 0) || (chunkSize & (chunkSize - 1)) !== 0) return false;
  switch (format) {
    case CompressionFormat.Xpress:
      return chunkSize >= 4096 && chunkSize <= 65536;
    case CompressionFormat.Lzx:
      return chunkSize >= 32768 && chunkSize <= 2097152;
    case CompressionFormat.Lzms:
      return chunkSize >= 32768 && chunkSize <= 1 << 26;
    case CompressionFormat.None:
      // Uncompressed chunks inside a solid resource: any sane power of two.
      return chunkSize >= 4096 && chunkSize <= 1 << 26;
    default:
      return false;
  }
}

/** Parses and validates the 208-byte header; `fileSize` bounds the resources it points to. */
export function parseHeader(b: Uint8Array, fileSize: number, path?: string): WimHeader {
  if (b.length < WIM_HEADER_SIZE || fileSize < WIM_HEADER_SIZE) {
    throw new WimError(WimErrorCode.NotAWim, 'The file is too small to be a WIM file.', path);
  }
  let isWim = true;
  let isPwm = true;
  for (let i = 0; i < 8; i++) {
    if (b[i] !== WIM_MAGIC[i]) isWim = false;
    if (b[i] !== PWM_MAGIC[i]) isPwm = false;
  }
  if (isPwm) {
    throw new WimError(WimErrorCode.PipableWim, 'This is a wimlib pipable WIM, which is not supported; convert it with `wimlib-imagex optimize --not-pipable`.', path);
  }
  if (!isWim) throw new WimError(WimErrorCode.NotAWim, 'Invalid magic characters in header: not a WIM file.', path);
  const hdrSize = u32(b, 0x08);
  if (hdrSize !== WIM_HEADER_SIZE) throw new WimError(WimErrorCode.InvalidHeader, `Header size is invalid (${hdrSize} bytes).`, path);
  const version = u32(b, 0x0c);
  if (version !== WIM_VERSION_DEFAULT && version !== WIM_VERSION_SOLID) {
    throw new WimError(WimErrorCode.UnknownVersion, `Unknown WIM version: 0x${version.toString(16)}.`, path);
  }
  const flags = u32(b, 0x10);
  const chunkSize = u32(b, 0x14);
  const guid = b.slice(0x18, 0x28);
  const partNumber = u16(b, 0x28);
  const totalParts = u16(b, 0x2a);
  if (totalParts === 0 || partNumber === 0 || partNumber > totalParts) {
    throw new WimError(WimErrorCode.InvalidPartNumber, `Invalid part number ${partNumber} of ${totalParts}.`, path);
  }
  const imageCount = u32(b, 0x2c);
  if (imageCount > 65535) throw new WimError(WimErrorCode.InvalidImageCount, `Invalid image count ${imageCount}.`, path);

  let compression = CompressionFormat.None;
  if (flags & HeaderFlag.Compression) {
    if (flags & HeaderFlag.CompressLzx) compression = CompressionFormat.Lzx;
    else if (flags & (HeaderFlag.CompressXpress | HeaderFlag.CompressXpress2)) compression = CompressionFormat.Xpress;
    else if (flags & HeaderFlag.CompressLzms) compression = CompressionFormat.Lzms;
    else throw new WimError(WimErrorCode.InvalidCompressionType, 'The header says compressed but names no compression format.', path);
    if (!isValidChunkSize(compression, chunkSize)) {
      throw new WimError(WimErrorCode.InvalidChunkSize, `Invalid chunk size (${chunkSize} bytes) for compression type ${compressionName(compression)}.`, path);
    }
  }

  const blobTable = readReshdr(b, 0x30);
  const xmlData = readReshdr(b, 0x48);
  const bootMetadata = readReshdr(b, 0x60);
  let bootIndex = u32(b, 0x78);
  const integrityTable = readReshdr(b, 0x7c);
  if (bootIndex > imageCount) bootIndex = 0;

  const within = (r: Reshdr, what: string): void => {
    if (isZeroReshdr(r)) return;
    if (r.offsetInWim + r.sizeInWim > fileSize || r.uncompressedSize > fileSize) {
      throw new WimError(WimErrorCode.InvalidHeader, `The ${what} (offset ${r.offsetInWim}, ${r.sizeInWim} bytes) lies outside the file (${fileSize} bytes).`, path);
    }
    if (r.offsetInWim < WIM_HEADER_SIZE) {
      throw new WimError(WimErrorCode.InvalidHeader, `The ${what} overlaps the header.`, path);
    }
  };
  within(blobTable, 'blob table');
  within(xmlData, 'XML data');
  within(integrityTable, 'integrity table');

  return {
    version,
    flags,
    chunkSize,
    guid,
    partNumber,
    totalParts,
    imageCount,
    blobTable,
    xmlData,
    bootMetadata,
    bootIndex,
    integrityTable,
    compression,
  };
}

/** Serializes a header (the writer uses it; the reader's tests round-trip through it). */
export function serializeHeader(h: WimHeader): Uint8Array {
  const b = new Uint8Array(WIM_HEADER_SIZE);
  b.set(WIM_MAGIC, 0);
  put32(b, 0x08, WIM_HEADER_SIZE);
  put32(b, 0x0c, h.version);
  put32(b, 0x10, h.flags);
  put32(b, 0x14, h.chunkSize);
  b.set(h.guid.subarray(0, 16), 0x18);
  put16(b, 0x28, h.partNumber);
  put16(b, 0x2a, h.totalParts);
  put32(b, 0x2c, h.imageCount);
  writeReshdr(b, 0x30, h.blobTable);
  writeReshdr(b, 0x48, h.xmlData);
  writeReshdr(b, 0x60, h.bootMetadata);
  put32(b, 0x78, h.bootIndex);
  writeReshdr(b, 0x7c, h.integrityTable);
  return b;
}

export function guidString(g: Uint8Array): string {
  let s = '';
  for (let i = 0; i < g.length; i++) s += g[i].toString(16).padStart(2, '0');
  return s;
}

export { RESHDR_SIZE };
