/*
 * The integrity table (optional; header reshdr at 0x7C, stored uncompressed):
 *   u32 size (= 12 + 20 * num_entries), u32 num_entries, u32 chunk_size (10 MiB as wimlib and WIMGAPI write it),
 *   then one SHA-1 per chunk of the file bytes [208, end of the blob table); the last chunk may be short.
 * The XML data after the blob table is not covered.
 */
import type { ProgressReporter } from '../progress';
import { u32, put32 } from '../bytes';
import { WimError, WimErrorCode } from '../errors';
import { WIM_HEADER_SIZE, WimHeader } from './header';
import { isZeroReshdr } from './reshdr';
import { SHA1_SIZE, Sha1, hashEquals } from './sha1';
import { WimFile } from './wimfile';

export const INTEGRITY_CHUNK_SIZE = 10 * 1024 * 1024;

export interface IntegrityTable {
  chunkSize: number;
  /** num_entries * 20 bytes of SHA-1s. */
  hashes: Uint8Array;
  numEntries: number;
}

export type IntegrityResult = 'ok' | 'mismatch' | 'none';

/** The end of the range the integrity table covers: the end of the blob table. */
export function integrityEnd(header: WimHeader): number {
  return header.blobTable.offsetInWim + header.blobTable.sizeInWim;
}

export function parseIntegrityTable(buf: Uint8Array, coveredBytes: number, path?: string): IntegrityTable {
  const bad = (why: string): WimError => new WimError(WimErrorCode.InvalidIntegrityTable, `Invalid integrity table: ${why}.`, path);
  if (buf.length < 12) throw bad('too short');
  const size = u32(buf, 0);
  const numEntries = u32(buf, 4);
  const chunkSize = u32(buf, 8);
  if (size !== buf.length || size !== 12 + numEntries * SHA1_SIZE) throw bad(`size ${size} does not match ${numEntries} entries`);
  if (chunkSize < 4096 || chunkSize > 134217728) throw bad(`chunk size ${chunkSize}`);
  const expected = Math.ceil(coveredBytes / chunkSize);
  if (numEntries !== expected) throw bad(`${numEntries} entries where ${coveredBytes} bytes need ${expected}`);
  return { chunkSize, numEntries, hashes: buf.subarray(12) };
}

/** Reads the integrity table of a WIM part, or undefined when it has none. */
export function readIntegrityTable(file: WimFile, header: WimHeader): IntegrityTable | undefined {
  const r = header.integrityTable;
  if (isZeroReshdr(r)) return undefined;
  if (r.sizeInWim !== r.uncompressedSize || r.flags & 0x04) {
    throw new WimError(WimErrorCode.InvalidIntegrityTable, 'The integrity table must be stored uncompressed.', file.path);
  }
  const covered = integrityEnd(header) - WIM_HEADER_SIZE;
  if (covered < 0 || integrityEnd(header) > file.size) {
    throw new WimError(WimErrorCode.InvalidIntegrityTable, 'The blob table lies outside the file.', file.path);
  }
  if (r.sizeInWim > 12 + SHA1_SIZE * (Math.ceil(covered / 4096) + 1)) {
    throw new WimError(WimErrorCode.InvalidIntegrityTable, `The integrity table is too large (${r.sizeInWim} bytes).`, file.path);
  }
  return parseIntegrityTable(file.read(r.offsetInWim, r.sizeInWim), covered, file.path);
}

/** SHA-1s of [start, end) of a file in chunkSize pieces, read in bounded buffers. */
export function computeChunkHashes(
  read: (buf: Uint8Array, len: number, pos: number) => void,
  start: number,
  end: number,
  chunkSize: number,
  onProgress?: ProgressReporter,
): Uint8Array {
  const n = Math.ceil((end - start) / chunkSize);
  const out = new Uint8Array(n * SHA1_SIZE);
  const bufSize = Math.min(chunkSize, 1 << 20);
  const buf = new Uint8Array(bufSize);
  for (let i = 0; i < n; i++) {
    const cStart = start + i * chunkSize;
    const cEnd = Math.min(end, cStart + chunkSize);
    const h = new Sha1();
    for (let p = cStart; p < cEnd; p += bufSize) {
      const len = Math.min(bufSize, cEnd - p);
      read(buf, len, p);
      h.update(buf, 0, len);
    }
    out.set(h.digest(), i * SHA1_SIZE);
    if (onProgress) onProgress(cEnd - start, end - start);
  }
  return out;
}

/**
 * Builds an integrity table (12-byte header + SHA-1s) over [208, blobTableEnd) of a file; the writer calls it
 * after writing the blob table.
 */
export function computeIntegrityTable(
  read: (buf: Uint8Array, len: number, pos: number) => void,
  blobTableEnd: number,
  chunkSize = INTEGRITY_CHUNK_SIZE,
): Uint8Array {
  const hashes = computeChunkHashes(read, WIM_HEADER_SIZE, blobTableEnd, chunkSize);
  const n = hashes.length / SHA1_SIZE;
  const out = new Uint8Array(12 + hashes.length);
  put32(out, 0, out.length);
  put32(out, 4, n);
  put32(out, 8, chunkSize);
  out.set(hashes, 12);
  return out;
}

/** Checks a WIM part against its integrity table, streaming; 'none' when it has no table. */
export function checkIntegrity(file: WimFile, header: WimHeader, onProgress?: ProgressReporter): IntegrityResult {
  const table = readIntegrityTable(file, header);
  if (!table) return 'none';
  const end = integrityEnd(header);
  const read = (buf: Uint8Array, len: number, pos: number): void => file.readInto(buf, 0, len, pos);
  const bufSize = Math.min(table.chunkSize, 1 << 20);
  const buf = new Uint8Array(bufSize);
  for (let i = 0; i < table.numEntries; i++) {
    const cStart = WIM_HEADER_SIZE + i * table.chunkSize;
    const cEnd = Math.min(end, cStart + table.chunkSize);
    const h = new Sha1();
    for (let p = cStart; p < cEnd; p += bufSize) {
      const len = Math.min(bufSize, cEnd - p);
      read(buf, len, p);
      h.update(buf, 0, len);
    }
    if (!hashEquals(h.digest(), table.hashes, i * SHA1_SIZE)) return 'mismatch';
    if (onProgress) onProgress(cEnd - WIM_HEADER_SIZE, end - WIM_HEADER_SIZE);
  }
  return 'ok';
}
