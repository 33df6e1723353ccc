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
 *
 * A Windows install.wim lists 100k+ blobs per part, so the table is held as struct-of-arrays (hashes in one byte
 * array with an open-addressing index, sizes and offsets in Float64Arrays): ~100 bytes a blob, where an object,
 * a Resource, a hash copy and a key string per blob cost ~1 KB. BlobEntry objects are made on demand by entry().
 *
 * Written (serializeBlobTable, and the writer's flat table in write/writer.ts): metadata resources first, in image
 * order, then the other blobs; the table itself is stored uncompressed with reshdr flag METADATA.
 */
import { put16, put32, u16, u32 } from '../bytes';
import { WimError, WimErrorCode } from '../errors';
import { WimHeader, WIM_VERSION_SOLID } from './header';
import { Resource, checkPlainResource, plainResource, solidResource } from './io/resource';
import { RESHDR_SIZE, ReshdrFlag, SOLID_RESOURCE_MAGIC, ZERO_RESHDR, readReshdr, readReshdrInto, Reshdr, writeReshdr } from './reshdr';
import { SHA1_SIZE, hashHex, isZeroHash } from './sha1';
import { HashIndex } from './hash-index';
import { WimFile } from './wimfile';
import { CompressionFormat } from '../codecs/codec';

export const BLOB_ENTRY_SIZE = 50;

export interface BlobEntry {
  /** SHA-1 of the blob's uncompressed bytes (may be a view into the table: do not modify). */
  readonly hash: Uint8Array;
  /** hashHex(hash), the lookup key. */
  readonly key: string;
  /** Uncompressed size. */
  readonly size: number;
  /** The resource that holds it, and where in its uncompressed bytes. */
  readonly res: Resource;
  readonly offsetInRes: number;
  readonly refCount: number;
  readonly partNumber: number;
  readonly isMetadata: boolean;
}

/**
 * Where one blob's bytes lie, filled in place by BlobTable.place / Wim.placeBlob: callers that walk thousands of
 * blobs by number (an export's raw copy) reuse one of these instead of making a BlobEntry and a Resource a blob.
 */
export class BlobPlace {
  /** Its resource: the reshdr fields of a plain one; a solid one's own (and `solid`). */
  file!: WimFile;
  offsetInWim = 0;
  sizeInWim = 0;
  uncompressedSize = 0;
  flags = 0;
  compression: CompressionFormat = CompressionFormat.None;
  chunkSize = 0;
  solid = false;
  /** The blob: its offset in the resource's uncompressed bytes, its size, its hash at hashes[hashOff...+20). */
  offsetInRes = 0;
  size = 0;
  hashes: Uint8Array = new Uint8Array(0);
  hashOff = 0;
}

/** A BlobEntry made from the table's arrays (its key is computed when asked for). */
class TableBlob implements BlobEntry {
  constructor(
    readonly hash: Uint8Array,
    readonly size: number,
    readonly res: Resource,
    readonly offsetInRes: number,
    readonly refCount: number,
    readonly partNumber: number,
    readonly isMetadata: boolean,
  ) {}

  get key(): string {
    return hashHex(this.hash);
  }
}

/** The blobs of one WIM part, numbered 0..count-1 in blob table order. */
export class BlobTable {
  /** Metadata resources in blob table order (image 1, 2, ...). */
  readonly metadata: BlobEntry[] = [];
  readonly warnings: string[] = [];
  /** The blobs' hashes; blob number i is hash number i. */
  readonly index: HashIndex;
  private readonly sizes: Float64Array;
  private readonly offsetsInRes: Float64Array;
  /** Plain resources: reshdr fields; solid blobs: solid[i] >= 0 names the resource in solidResources. */
  private readonly resOffsets: Float64Array;
  private readonly resSizes: Float64Array;
  private readonly resUsizes: Float64Array;
  private readonly resFlags: Uint8Array;
  private readonly refCounts: Uint32Array;
  private readonly solid: Int32Array;
  private readonly solidResources: Resource[] = [];

  constructor(
    readonly file: WimFile,
    readonly partNumber: number,
    private readonly compression: CompressionFormat,
    private readonly chunkSize: number,
    capacity: number,
  ) {
    this.index = new HashIndex(capacity);
    this.sizes = new Float64Array(capacity);
    this.offsetsInRes = new Float64Array(capacity);
    this.resOffsets = new Float64Array(capacity);
    this.resSizes = new Float64Array(capacity);
    this.resUsizes = new Float64Array(capacity);
    this.resFlags = new Uint8Array(capacity);
    this.refCounts = new Uint32Array(capacity);
    this.solid = new Int32Array(capacity);
  }

  /** Number of (non-metadata) blobs. */
  get count(): number {
    return this.index.count;
  }

  /** The number of the blob with SHA-1 `hash` (20 bytes at `off`), or -1. */
  find(hash: Uint8Array, off = 0): number {
    return this.index.find(hash, off);
  }

  size(i: number): number {
    return this.sizes[i];
  }

  /** Blob i as an object (made now; its hash is a view into the table). */
  entry(i: number): BlobEntry {
    return new TableBlob(this.index.hash(i), this.sizes[i], this.resource(i), this.offsetsInRes[i], this.refCounts[i], this.partNumber, false);
  }

  /** The resource holding blob i: a solid resource is shared by its blobs, a plain one is made now. */
  resource(i: number): Resource {
    const s = this.solid[i];
    if (s >= 0) return this.solidResources[s];
    return plainResource(this.file, { offsetInWim: this.resOffsets[i], sizeInWim: this.resSizes[i], uncompressedSize: this.resUsizes[i], flags: this.resFlags[i] }, this.compression, this.chunkSize);
  }

  /** Fills `out` with where blob i lies (its resource was checked when the table was parsed). */
  place(i: number, out: BlobPlace): void {
    const s = this.solid[i];
    if (s >= 0) {
      const r = this.solidResources[s];
      out.file = r.file;
      out.offsetInWim = r.offsetInWim;
      out.sizeInWim = r.sizeInWim;
      out.uncompressedSize = r.uncompressedSize;
      out.flags = r.flags;
      out.compression = r.compression;
      out.chunkSize = r.chunkSize;
      out.solid = true;
    } else {
      const flags = this.resFlags[i];
      const compressed = (flags & ReshdrFlag.Compressed) !== 0;
      out.file = this.file;
      out.offsetInWim = this.resOffsets[i];
      out.sizeInWim = this.resSizes[i];
      out.uncompressedSize = this.resUsizes[i];
      out.flags = flags;
      out.compression = compressed ? this.compression : CompressionFormat.None;
      out.chunkSize = compressed ? this.chunkSize : 0;
      out.solid = false;
    }
    out.offsetInRes = this.offsetsInRes[i];
    out.size = this.sizes[i];
    out.hashes = this.index.hashes;
    out.hashOff = i * SHA1_SIZE;
  }

  /** Sort key of blob i's location in its part: the resource's file offset (solid: plus a fraction). */
  resourceOffset(i: number): number {
    const s = this.solid[i];
    return s >= 0 ? this.solidResources[s].offsetInWim : this.resOffsets[i];
  }

  offsetInRes(i: number): number {
    return this.offsetsInRes[i];
  }

  *entries(): IterableIterator<BlobEntry> {
    for (let i = 0; i < this.count; i++) yield this.entry(i);
  }

  /** Adds a plain blob (returns false for a duplicate hash). */
  addPlain(hash: Uint8Array, off: number, r: Reshdr, refCount: number): boolean {
    return this.add(hash, off, r.uncompressedSize, 0, refCount, -1, r);
  }

  addSolid(hash: Uint8Array, off: number, size: number, offsetInRes: number, refCount: number, res: Resource): boolean {
    let s = this.solidResources.length - 1;
    if (s < 0 || this.solidResources[s] !== res) {
      s = this.solidResources.indexOf(res);
      if (s < 0) s = this.solidResources.push(res) - 1;
    }
    return this.add(hash, off, size, offsetInRes, refCount, s, undefined);
  }

  private add(hash: Uint8Array, off: number, size: number, offsetInRes: number, refCount: number, solid: number, r: Reshdr | undefined): boolean {
    const before = this.index.count;
    const i = this.index.add(hash, off);
    if (i < before) return false;
    this.sizes[i] = size;
    this.offsetsInRes[i] = offsetInRes;
    this.refCounts[i] = refCount;
    this.solid[i] = solid;
    if (r) {
      this.resOffsets[i] = r.offsetInWim;
      this.resSizes[i] = r.sizeInWim;
      this.resUsizes[i] = r.uncompressedSize;
      this.resFlags[i] = r.flags;
    }
    return true;
  }
}

/** Parses the blob table bytes of one WIM part. */
export function parseBlobTable(buf: Uint8Array, file: WimFile, header: WimHeader): BlobTable {
  const n = Math.floor(buf.length / BLOB_ENTRY_SIZE);
  const table = new BlobTable(file, header.partNumber, header.compression, header.chunkSize, n);
  const { metadata, warnings } = table;
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

  // One reshdr read into in turn, and plain resources only checked (not made) unless metadata: no object per entry.
  const r: Reshdr = { ...ZERO_RESHDR };
  for (let i = 0; i < n; i++) {
    const o = i * BLOB_ENTRY_SIZE;
    readReshdrInto(buf, o, r);
    if (!solidAllowed) r.flags &= ~ReshdrFlag.Solid;
    const partNumber = u16(buf, o + 24);
    const refCount = u32(buf, o + 26);
    const ho = o + 30;
    const isMetadata = (r.flags & ReshdrFlag.Metadata) !== 0;
    /** The blob's resource: made for solid runs and metadata only (a plain blob's is made again by entry()). */
    let res: Resource | undefined;
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
      if (isMetadata && refCount !== 0 && !isZeroHash(buf, ho) && size !== 0) {
        throw bad(i, 'image metadata inside a solid resource is not supported');
      }
    } else {
      run = undefined;
      try {
        checkPlainResource(file, r, header.compression);
        res = isMetadata ? plainResource(file, r, header.compression, header.chunkSize) : undefined;
      } catch (e) {
        if (e instanceof WimError) throw bad(i, e.message);
        throw e;
      }
      offsetInRes = 0;
      size = r.uncompressedSize;
    }

    if (isZeroHash(buf, ho) || size === 0) continue;
    if (partNumber !== header.partNumber) {
      wrongPart++;
      continue;
    }
    if (isMetadata) {
      if (refCount === 0) continue;
      if (header.partNumber !== 1) {
        warnings.push('Ignoring a metadata resource found in a non-first part of a split WIM.');
        continue;
      }
      if (metadata.length === header.imageCount) {
        warnings.push('Found more metadata resources than images.');
        continue;
      }
      metadata.push(new TableBlob(buf.slice(ho, ho + SHA1_SIZE), size, res!, offsetInRes, refCount, partNumber, true));
    } else {
      const added = res?.solid ? table.addSolid(buf, ho, size, offsetInRes, refCount, res) : table.addPlain(buf, ho, r, refCount);
      if (!added) duplicates++;
    }
  }
  table.index.trim();
  if (duplicates) warnings.push(`Ignoring ${duplicates} duplicate blobs.`);
  if (wrongPart) warnings.push(`Ignoring ${wrongPart} blobs with the wrong part number.`);
  return table;
}

/** One entry of a blob table being written. */
export interface OutBlobEntry {
  reshdr: Reshdr;
  partNumber: number;
  refCount: number;
  hash: Uint8Array;
}

export function serializeBlobTable(entries: readonly OutBlobEntry[]): Uint8Array {
  const out = new Uint8Array(entries.length * BLOB_ENTRY_SIZE);
  let p = 0;
  for (const e of entries) {
    writeReshdr(out, p, e.reshdr);
    put16(out, p + RESHDR_SIZE, e.partNumber);
    put32(out, p + RESHDR_SIZE + 2, e.refCount >>> 0);
    out.set(e.hash.subarray(0, 20), p + RESHDR_SIZE + 6);
    p += BLOB_ENTRY_SIZE;
  }
  return out;
}
