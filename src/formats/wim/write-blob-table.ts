/*
 * The blob table as the writer emits it: one 50-byte entry per blob the WIM holds, each
 * reshdr (24) | part_number (le16) | refcnt (le32) | SHA-1 of the uncompressed blob (20).
 * Metadata resources (flag METADATA) are listed first, in image order: readers (wimlib, WIMGAPI) give metadata
 * entries to images in the order they appear. The table itself is stored uncompressed with flag METADATA.
 */
import { put16, put32 } from '../bytes';
import { type Reshdr, RESHDR_SIZE, writeReshdr } from './reshdr';

export const BLOB_TABLE_ENTRY_SIZE = 50;

export interface OutBlobEntry {
  reshdr: Reshdr;
  partNumber: number;
  refCount: number;
  hash: Uint8Array;
}

export function serializeBlobTable(entries: readonly OutBlobEntry[]): Uint8Array {
  const out = new Uint8Array(entries.length * BLOB_TABLE_ENTRY_SIZE);
  let p = 0;
  for (const e of entries) {
    writeReshdr(out, p, e.reshdr);
    put16(out, p + RESHDR_SIZE, e.partNumber);
    put32(out, p + RESHDR_SIZE + 2, e.refCount >>> 0);
    out.set(e.hash.subarray(0, 20), p + RESHDR_SIZE + 6);
    p += BLOB_TABLE_ENTRY_SIZE;
  }
  return out;
}
