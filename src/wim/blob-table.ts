/*
 * The blob table: an array of 50-byte entries {reshdr (24), u16 part_number, u32 refcnt, SHA-1[20]} listing every
 * blob of this WIM part, metadata resources (flag METADATA) included; their order assigns metadata resources to
 * images (1, 2, ...), as WIMGAPI does, whatever their file offsets.
 *
 * Solid WIMs (version 0xE00) list solid resources inside "solid runs", consecutive entries flagged SOLID: an entry
 * whose uncompressed_size is 0x100000000 describes a solid resource (offset and stored size; its real size,
 * chunk size and format are in the resource's own header); every other entry of the run is a blob, whose
 * offset_in_wim is its offset in the run's resources' uncompressed bytes laid end to end and whose size_in_wim is
 * its size. The SOLID flag means nothing in a 0x10D00 WIM and is ignored there.
 *
 * Entries with a zero hash, zero size, another part's number or a duplicate hash are ignored (as wimlib does).
 */
import { u16, u32 } from './bytes';
import { WimError, WimErrorCode } from './errors';
import { WimHeader, WIM_VERSION_SOLID } from './header';
import { Resource, plainResource, solidResource } from './resource';
import { ReshdrFlag, SOLID_RESOURCE_MAGIC, readReshdr, Reshdr } from './reshdr';
import { SHA1_SIZE, hashHex, isZeroHash } from './sha1';
import { WimFile } from './wimfile';

export const BLOB_ENTRY_SIZE = 50;

export interface BlobEntry {
  /** SHA-1 of the blob's uncompressed bytes. */
  hash: Uint8Array;
  /** hashHex(hash), the lookup key. */
  key: string;
  /** Uncompressed size. */
  size: number;
  /** The resource that holds it, and where in its uncompressed bytes. */
  res: Resource;
  offsetInRes: number;
  refCount: number;
  partNumber: number;
  isMetadata: boolean;
}

export interface BlobTable {
  /** Non-metadata blobs of this part, by key. */
  blobs: Map<string, BlobEntry>;
  /** Metadata resources in blob table order (image 1, 2, ...). */
  metadata: BlobEntry[];
  warnings: string[];
}

/** Parses the blob table bytes of one WIM part. */
export function parseBlobTable(buf: Uint8Array, file: WimFile, header: WimHeader): BlobTable {
  const n = Math.floor(buf.length / BLOB_ENTRY_SIZE);
  const blobs = new Map<string, BlobEntry>();
  const metadata: BlobEntry[] = [];
  const warnings: string[] = [];
  const solidAllowed = header.version === WIM_VERSION_SOLID;
  let duplicates = 0;
  let wrongPart = 0;
  let run: Resource[] | undefined;

  const bad = (i: number, why: string): WimError =>
    new WimError(WimErrorCode.InvalidBlobTable, `Invalid blob table entry ${i}: ${why}.`, file.path);

  const flagsAt = (i: number): number => {
    let f = buf[i * BLOB_ENTRY_SIZE + 7];
    if (!solidAllowed) f &= ~ReshdrFlag.Solid;
    return f;
  };

  for (let i = 0; i < n; i++) {
    const o = i * BLOB_ENTRY_SIZE;
    const r: Reshdr = readReshdr(buf, o);
    if (!solidAllowed) r.flags &= ~ReshdrFlag.Solid;
    const partNumber = u16(buf, o + 24);
    const refCount = u32(buf, o + 26);
    const hash = buf.slice(o + 30, o + 30 + SHA1_SIZE);
    let res: Resource;
    let offsetInRes: number;
    let size: number;

    if (r.flags & ReshdrFlag.Solid) {
      if (!run) {
        // A new solid run: load every solid resource it lists, in order.
        run = [];
        for (let j = i; j < n && flagsAt(j) & ReshdrFlag.Solid; j++) {
          const rj = readReshdr(buf, j * BLOB_ENTRY_SIZE);
          if (rj.uncompressedSize === SOLID_RESOURCE_MAGIC) {
            try {
              run.push(solidResource(file, rj));
            } catch (e) {
              if (e instanceof WimError) throw bad(j, e.message);
              throw e;
            }
          }
        }
      }
      if (r.uncompressedSize === SOLID_RESOURCE_MAGIC) continue;
      size = r.sizeInWim;
      let off = r.offsetInWim;
      let found: Resource | undefined;
      for (const sr of run) {
        if (off + size <= sr.uncompressedSize) {
          found = sr;
          break;
        }
        off -= sr.uncompressedSize;
      }
      if (!found || !Number.isFinite(off)) throw bad(i, 'a blob of a solid run lies outside its solid resources');
      res = found;
      offsetInRes = off;
      if (r.flags & ReshdrFlag.Metadata && refCount !== 0 && !isZeroHash(hash) && size !== 0) {
        throw bad(i, 'image metadata inside a solid resource is not supported');
      }
    } else {
      run = undefined;
      try {
        res = plainResource(file, r, header.compression, header.chunkSize);
      } catch (e) {
        if (e instanceof WimError) throw bad(i, e.message);
        throw e;
      }
      offsetInRes = 0;
      size = r.uncompressedSize;
    }

    if (isZeroHash(hash) || size === 0) continue;
    if (partNumber !== header.partNumber) {
      wrongPart++;
      continue;
    }
    const entry: BlobEntry = { hash, key: hashHex(hash), size, res, offsetInRes, refCount, partNumber, isMetadata: (r.flags & ReshdrFlag.Metadata) !== 0 };
    if (entry.isMetadata) {
      if (refCount === 0) continue;
      if (header.partNumber !== 1) {
        warnings.push('Ignoring a metadata resource found in a non-first part of a split WIM.');
        continue;
      }
      if (metadata.length === header.imageCount) {
        warnings.push('Found more metadata resources than images.');
        continue;
      }
      metadata.push(entry);
    } else {
      if (blobs.has(entry.key)) {
        duplicates++;
        continue;
      }
      blobs.set(entry.key, entry);
    }
  }
  if (duplicates) warnings.push(`Ignoring ${duplicates} duplicate blobs.`);
  if (wrongPart) warnings.push(`Ignoring ${wrongPart} blobs with the wrong part number.`);
  return { blobs, metadata, warnings };
}
