/*
 * The WIM writer: lays down
 *   | header (208) | blobs and metadata resources | blob table | XML data | [integrity table] |
 * and writes the header last. A new WIM is written under a temporary name in the destination's directory and
 * renamed to the destination at the end. An append leaves every byte the old header references in place:
 * new blobs, metadata resource, blob table, XML and integrity table go past the old data, then the data is synced
 * and the header at offset 0 is rewritten; a crash before that leaves the old WIM as it was (plus
 * unreferenced bytes at its end), and a failure short of a crash truncates the file back to its old size.
 *
 * The blob table lists metadata resources first, in image order (old images' entries, then the new image's), then
 * every other blob (old entries kept byte for byte, refcnt bumped for blobs the new image shares), then new blobs.
 *
 * Operations do not drive the writer on their own: write/transaction.ts opens it, hands it to the operation's plan,
 * and finishes or aborts it (a cancel calls abort(): every later write fails, the file is removed or cut back).
 */
import { host } from '../../../platform/host';
import { type RandomAccessFile } from '../../../vfs/file';
import { openFile } from '../../../vfs/mounts';
import { put16, put32, u32, u64 } from '../../bytes';
import { CompressionFormat } from '../../codecs/codec';
import type { ChunkCompressor } from '../../codecs/chunk-compressor';
import type { ProgressMeter } from '../../progress';
import { fromHostError } from '../../errors';
import { HeaderFlag, type WimHeader, WIM_HEADER_SIZE, WIM_VERSION_DEFAULT, WIM_VERSION_SOLID, serializeHeader } from '../header';
import { INTEGRITY_CHUNK_SIZE, computeChunkHashes } from '../integrity';
import { type Reshdr, RESHDR_SIZE, ReshdrFlag, ZERO_RESHDR, readReshdrInto, writeReshdr } from '../reshdr';
import { HashIndex, hashFromHex } from '../hash-index';
import { hashHex, isZeroHash } from '../sha1';
import { BLOB_ENTRY_SIZE, type OutBlobEntry, serializeBlobTable } from '../blob-table';
import { removeAbandonedTemporaries, temporaryName } from './lock';
import { type BlobSource, OutFile, RAW_KEEP_FLAGS, ResourceWriter, bufferSource } from '../io/write-resource';
import { SOLID_CHUNK_SIZE, SolidResourceWriter } from '../io/solid-write';
import { SOLID_HEADER_SIZE } from '../io/resource';
import { type XmlElement, buildWimXml } from '../xml';

/** Header flag bits for a compression format. */
export function compressionHeaderFlags(format: CompressionFormat): number {
  switch (format) {
    case CompressionFormat.None:
      return 0;
    case CompressionFormat.Xpress:
      return HeaderFlag.Compression | HeaderFlag.CompressXpress;
    case CompressionFormat.Lzx:
      return HeaderFlag.Compression | HeaderFlag.CompressLzx;
    case CompressionFormat.Lzms:
      return HeaderFlag.Compression | HeaderFlag.CompressLzms;
    default:
      throw new RangeError(`unknown compression format ${format}`);
  }
}

export function randomGuid(): Uint8Array {
  const g = new Uint8Array(16);
  globalThis.crypto.getRandomValues(g);
  return g;
}


export interface FinishOptions {
  /** IMAGE elements of every image, in order (old ones first when appending). */
  images: XmlElement[];
  /** The old XML root when appending (WIM-level elements other than IMAGE/TOTALBYTES are kept). */
  xmlBase?: XmlElement;
  /** 1-based boot image, 0 for none. */
  bootIndex: number;
  integrity: boolean;
  /** Extra header flags to set (RP_FIX). */
  extraFlags?: number;
  /** When appending: the old integrity table, whose chunks below coveredEnd are still valid. */
  oldIntegrity?: { table: { chunkSize: number; hashes: Uint8Array; numEntries: number }; coveredEnd: number };
  /**
   * A part of a split set (writer made with a part number): the file stays under its temporary name, with
   * total_parts still unknown, until completePart() names the set's size and renames it. Parts after the first
   * hold no metadata resource (only part 1 does), so `images` is not checked against this writer's metadata.
   */
  splitPart?: boolean;
}

/**
 * The integrity table over [208, end): chunks an old table covers wholly (below its coveredEnd, untouched by an
 * append) keep their old SHA-1s; the rest are read back and hashed.
 */
export function buildIntegrityTable(
  read: (buf: Uint8Array, len: number, pos: number) => void,
  end: number,
  old?: FinishOptions['oldIntegrity'],
): Uint8Array {
  const cs = INTEGRITY_CHUNK_SIZE;
  const n = Math.ceil(Math.max(0, end - WIM_HEADER_SIZE) / cs);
  let reuse = 0;
  if (old && old.table.chunkSize === cs) {
    reuse = Math.min(old.table.numEntries, Math.floor((old.coveredEnd - WIM_HEADER_SIZE) / cs), n);
  }
  const out = new Uint8Array(12 + 20 * n);
  put32(out, 0, out.length);
  put32(out, 4, n);
  put32(out, 8, cs);
  if (reuse > 0) out.set(old!.table.hashes.subarray(0, reuse * 20), 12);
  const start = WIM_HEADER_SIZE + reuse * cs;
  if (start < end) out.set(computeChunkHashes(read, start, end, cs), 12 + reuse * 20);
  return out;
}

export class WimWriter {
  readonly out: OutFile;
  readonly res: ResourceWriter;
  /**
   * Every blob the finished WIM will hold (old and new), by hash; knownAt[k] says where blob k's entry is:
   * >= 0 the new entry of that number, < 0 old entry -(knownAt[k] + 1). Flat arrays, not objects: an export of
   * 100k blobs keeps ~90 bytes a blob here.
   */
  private readonly known = new HashIndex(1024);
  private knownAt = new Int32Array(1024);
  /** The old blob table's bytes (refcnts patched in place) and which of its entries are kept, metadata first. */
  private oldTable = new Uint8Array(0);
  private oldMetaEntries: number[] = [];
  private oldOtherEntries: number[] = [];
  /** New non-metadata blob entries, 50 bytes each, as they will be written. */
  private newTable = new Uint8Array(64 * BLOB_ENTRY_SIZE);
  private newCount = 0;
  /** Metadata resources of the images being added. */
  private readonly newMetadata: OutBlobEntry[] = [];
  private oldMetadataReshdrs: Reshdr[] = [];
  /** A commit's new metadata resources, by 0-based image number, taking the place of the old ones (replaceMetadata). */
  private replacedMeta: Map<number, OutBlobEntry> | undefined;
  /** Old entries (numbers) whose references a commit released to 0: left out of the new blob table. */
  private droppedOld: Set<number> | undefined;
  private finished = false;
  /** Part number written into every blob table entry and the header (1 unless a part of a split set). */
  private readonly partNumber: number;
  /** Solid mode (enableSolid): every blob but metadata goes into solid resources written by this. */
  private solid: SolidResourceWriter | undefined;

  private constructor(
    readonly path: string,
    private readonly tempPath: string | undefined,
    file: RandomAccessFile,
    start: number,
    readonly compression: CompressionFormat,
    readonly chunkSize: number,
    compressor: ChunkCompressor | null,
    private readonly old: { header: WimHeader; size: number } | undefined,
    progress?: ProgressMeter,
    part?: NewWimOptions,
  ) {
    this.partNumber = part?.partNumber ?? 1;
    if (part?.guid) this.guid = part.guid.slice(0, 16);
    this.out = new OutFile(file, tempPath ?? path, start);
    this.res = new ResourceWriter(this.out, compressor, chunkSize, progress);
  }

  /**
   * Deletes temporary files that interrupted writers left beside `path` (write/lock.ts: those whose owner is gone,
   * and `path`'s own untagged ones). Call it while holding the lock of `path`.
   */
  static removeStaleTemporaries(path: string, log?: (msg: string) => void): void {
    removeAbandonedTemporaries(path, log);
  }

  /** Starts a new WIM: a temporary file next to `path`, renamed over it by finish() (a split part: completePart()). */
  static createNew(
    path: string,
    compression: CompressionFormat,
    chunkSize: number,
    compressor: ChunkCompressor | null,
    progress?: ProgressMeter,
    opts?: NewWimOptions,
  ): WimWriter {
    // The name carries the owner (pid, host, start): a later write to this folder removes it if this one is killed.
    const tmp = temporaryName(path);
    let file: RandomAccessFile;
    try {
      file = openFile(tmp, 'wx+', 0o644);
    } catch (e) {
      throw fromHostError(e, path, true);
    }
    const w = new WimWriter(path, tmp, file, WIM_HEADER_SIZE, compression, chunkSize, compression === CompressionFormat.None ? null : compressor, undefined, progress, opts);
    // A placeholder header (flag WRITE_IN_PROGRESS) until finish() writes the real one.
    const ph = serializeHeader(w.header(0, ZERO_RESHDR, ZERO_RESHDR, ZERO_RESHDR, ZERO_RESHDR, 0, HeaderFlag.WriteInProgress));
    w.out.writeAt(ph, 0, ph.length, 0);
    return w;
  }

  /**
   * Opens an existing WIM for appending. `header` is its parsed header, `blobTable` its raw blob table bytes;
   * new data goes after `dataEnd` (the end of everything the old header references).
   */
  static openAppend(
    path: string,
    header: WimHeader,
    blobTable: Uint8Array,
    dataEnd: number,
    compressor: ChunkCompressor | null,
    progress?: ProgressMeter,
  ): WimWriter {
    let file: RandomAccessFile;
    let size: number;
    try {
      file = openFile(path, 'r+');
      size = file.size();
    } catch (e) {
      throw fromHostError(e, path, true);
    }
    const compression = header.compression;
    const w = new WimWriter(path, undefined, file, Math.max(dataEnd, WIM_HEADER_SIZE), compression, header.chunkSize, compression === CompressionFormat.None ? null : compressor, { header, size }, progress);
    try {
      w.loadOldBlobTable(blobTable);
    } catch (e) {
      w.abort();
      throw e;
    }
    return w;
  }

  private loadOldBlobTable(buf: Uint8Array): void {
    const n = Math.floor(buf.length / BLOB_ENTRY_SIZE);
    this.oldTable = buf.slice(0, n * BLOB_ENTRY_SIZE);
    const t = this.oldTable;
    // Sized for every entry at once (an install.wim holds 100k+ blobs: growing by doubling rehashes them all again
    // and again); one reshdr read into in turn, kept only for the metadata entries.
    this.known.reserve(this.known.count + n);
    this.growKnownAt(this.known.count + n);
    const r: Reshdr = { ...ZERO_RESHDR };
    for (let i = 0; i < n; i++) {
      const o = i * BLOB_ENTRY_SIZE;
      readReshdrInto(t, o, r);
      const refCount = u32(t, o + 26);
      const metadata = (r.flags & ReshdrFlag.Metadata) !== 0 && !(r.flags & ReshdrFlag.Solid);
      if (metadata) {
        if (refCount === 0 || isZeroHash(t, o + 30)) continue;
        if (this.oldMetadataReshdrs.length >= this.old!.header.imageCount) continue;
        this.oldMetadataReshdrs.push({ ...r });
        this.oldMetaEntries.push(i);
        continue;
      }
      this.oldOtherEntries.push(i);
      const isSolidResource = (r.flags & ReshdrFlag.Solid) !== 0 && r.uncompressedSize === 0x100000000;
      // The first entry of a hash wins (a table holding one twice keeps both entries, but lookups find the first).
      if (!isSolidResource && !isZeroHash(t, o + 30)) this.rememberFirst(t, o + 30, -(i + 1));
    }
  }

  private static hashOf(key: string | Uint8Array): Uint8Array {
    if (typeof key !== 'string') return key;
    const h = hashFromHex(key);
    if (!h) throw new Error(`not a SHA-1: ${key}`);
    return h;
  }

  private remember(hash: Uint8Array, off: number, at: number): void {
    const k = this.known.add(hash, off);
    this.growKnownAt(k + 1);
    this.knownAt[k] = at;
  }

  /** remember() for a hash not held yet; a hash already held keeps where it was (one lookup either way). */
  private rememberFirst(hash: Uint8Array, off: number, at: number): void {
    const before = this.known.count;
    const k = this.known.add(hash, off);
    if (this.known.count === before) return;
    this.growKnownAt(k + 1);
    this.knownAt[k] = at;
  }

  private growKnownAt(n: number): void {
    if (n <= this.knownAt.length) return;
    const bigger = new Int32Array(Math.max(n, this.knownAt.length * 2));
    bigger.set(this.knownAt);
    this.knownAt = bigger;
  }

  /** Reserves a new blob table entry (zero reshdr and hash until its resource is written); returns its number. */
  private newEntry(refCount: number): number {
    if ((this.newCount + 1) * BLOB_ENTRY_SIZE > this.newTable.length) {
      const bigger = new Uint8Array(this.newTable.length * 2);
      bigger.set(this.newTable);
      this.newTable = bigger;
    }
    const i = this.newCount++;
    const o = i * BLOB_ENTRY_SIZE;
    put16(this.newTable, o + RESHDR_SIZE, this.partNumber);
    put32(this.newTable, o + RESHDR_SIZE + 2, Math.min(0xffffffff, refCount));
    return i;
  }

  private setNewEntry(i: number, r: Reshdr, hash: Uint8Array): void {
    const o = i * BLOB_ENTRY_SIZE;
    writeReshdr(this.newTable, o, r);
    this.newTable.set(hash.subarray(0, 20), o + RESHDR_SIZE + 6);
  }

  /**
   * Solid mode (a version 0xE00 WIM, .esd): blobs added from now on go into solid resources of 64 MiB chunks,
   * compressed by what `makeCompressor` makes when the first blob comes; their entries follow the resource's own; metadata resources stay
   * non-solid, as DISM and wimlib write them. When appending to a WIM whose blob table ends in a solid run, the new
   * resources join that run, so their blobs' offsets count on from the run's uncompressed size.
   */
  enableSolid(makeCompressor: () => ChunkCompressor, progress?: ProgressMeter): void {
    let runBase = 0;
    if (this.old && this.old.header.version === WIM_VERSION_SOLID) {
      const t = this.oldTable;
      const list = this.oldOtherEntries;
      const r: Reshdr = { ...ZERO_RESHDR };
      for (let k = list.length - 1; k >= 0; k--) {
        readReshdrInto(t, list[k] * BLOB_ENTRY_SIZE, r);
        if (!(r.flags & ReshdrFlag.Solid)) break;
        if (r.uncompressedSize === 0x100000000) {
          const h = new Uint8Array(SOLID_HEADER_SIZE);
          this.out.readAt(h, 0, SOLID_HEADER_SIZE, r.offsetInWim);
          runBase += u64(h, 0);
        }
      }
    }
    const zeroHash = new Uint8Array(20);
    this.solid = new SolidResourceWriter(
      this.out,
      makeCompressor,
      SOLID_CHUNK_SIZE,
      this.compression,
      {
        openResource: () => {
          const i = this.newEntry(1);
          return (reshdr) => this.setNewEntry(i, reshdr, zeroHash);
        },
      },
      runBase,
      progress,
    );
  }

  /** Solid mode: how many uncompressed bytes of blobs are still to come (sizes the next solid resource). */
  planSolid(bytes: number): void {
    this.solid?.plan(bytes);
  }

  get isSolid(): boolean {
    return this.solid !== undefined;
  }

  /** True when the WIM being written already holds (or will hold) the blob (hex key, or hash at `off` of an array). */
  has(key: string | Uint8Array, off = 0): boolean {
    return this.known.find(WimWriter.hashOf(key), off) >= 0;
  }

  /** Counts `n` more references to a blob the WIM holds (hex key, or hash at `off` of an array). */
  addRefs(key: string | Uint8Array, n: number, off = 0): void {
    const k = this.known.find(WimWriter.hashOf(key), off);
    if (k < 0) throw new Error(`no blob ${typeof key === 'string' ? key : hashHex(key)}`);
    const at = this.knownAt[k];
    const table = at >= 0 ? this.newTable : this.oldTable;
    const o = (at >= 0 ? at : -(at + 1)) * BLOB_ENTRY_SIZE + 26;
    put32(table, o, Math.min(0xffffffff, u32(table, o) + n));
    if (this.droppedOld && at < 0) this.droppedOld.delete(-(at + 1));
  }

  /**
   * Counts `n` fewer references to a blob the WIM holds (a commit: the references of the tree it replaces). An old
   * entry left with none is dropped from the new blob table; its bytes stay in the file, unreferenced, as wimlib
   * leaves them when it overwrites in place.
   */
  releaseRefs(key: string | Uint8Array, n: number, off = 0): void {
    const k = this.known.find(WimWriter.hashOf(key), off);
    if (k < 0) return;
    const at = this.knownAt[k];
    const table = at >= 0 ? this.newTable : this.oldTable;
    const i = at >= 0 ? at : -(at + 1);
    const o = i * BLOB_ENTRY_SIZE + 26;
    const left = Math.max(0, u32(table, o) - n);
    put32(table, o, left);
    if (left === 0 && at < 0) (this.droppedOld ??= new Set()).add(i);
  }

  /**
   * Writes a blob whose hash is `key` (or, with key undefined, whose hash is computed while it is written and
   * which the caller knows is not held yet). Returns when the blob is queued; its entry is final after flush().
   */
  async addBlob(src: BlobSource, refCount: number, key?: string | Uint8Array, onHash?: (hash: Uint8Array) => void): Promise<void> {
    if (key !== undefined) {
      const i = this.reserveEntry(WimWriter.hashOf(key), refCount);
      if (i >= 0) {
        if (this.solid) await this.solid.add(src, (off, size, hash) => this.setNewEntry(i, solidBlobReshdr(off, size), hash));
        else await this.res.add(src, 0, (r, hash) => this.setNewEntry(i, r, hash));
      }
      return;
    }
    const i = this.newEntry(refCount);
    if (this.solid) {
      await this.solid.add(src, (off, size, hash) => {
        this.setNewEntry(i, solidBlobReshdr(off, size), hash);
        onHash?.(hash);
        this.rememberFirst(hash, 0, i);
      });
      return;
    }
    await this.res.add(src, 0, (r, hash) => {
      this.setNewEntry(i, r, hash);
      onHash?.(hash);
      this.rememberFirst(hash, 0, i);
    });
  }

  /**
   * Writes a blob whose hash is `key` stored uncompressed even in a compressed WIM (a capture's compression
   * exclusion list); a blob held already only gains references.
   */
  async addBlobUncompressed(src: BlobSource, refCount: number, key: string | Uint8Array): Promise<void> {
    const i = this.reserveEntry(WimWriter.hashOf(key), refCount);
    if (i >= 0) await this.res.addUncompressed(src, 0, (r, hash) => this.setNewEntry(i, r, hash));
  }

  /**
   * The new blob table entry for a blob with hash `h` about to be written, reserved now so that a second reference
   * before the write completes dedups; -1 when the blob is held already (it only gains `refCount` references).
   */
  private reserveEntry(h: Uint8Array, refCount: number): number {
    if (this.known.find(h) >= 0) {
      this.addRefs(h, refCount);
      return -1;
    }
    const i = this.newEntry(refCount);
    this.remember(h, 0, i);
    return i;
  }

  /** Copies a blob's resource as it is stored in another WIM (same compression and chunk size). */
  async copyBlobRaw(
    key: string | Uint8Array,
    hash: Uint8Array,
    refCount: number,
    read: (buf: Uint8Array, off: number, len: number, pos: number) => void,
    src: Reshdr,
  ): Promise<void> {
    const i = this.reserveEntry(hash, refCount);
    if (i < 0) return;
    const h = hash.slice(0, 20);
    this.setNewEntry(i, await this.res.copyRaw(read, src), h);
  }

  /**
   * Copies resources that lie back to back in another file, bytes [from, from + len) of it, each of a blob not
   * held yet (the caller checks), with the destination's compression and chunk size: one copy, not one per blob.
   */
  async copyRawRun(
    read: (buf: Uint8Array, off: number, len: number, pos: number) => void | Promise<void>,
    from: number,
    len: number,
    blobs: readonly { hash: Uint8Array; refCount: number; reshdr: Reshdr }[],
  ): Promise<void> {
    let uncompressed = 0;
    for (const b of blobs) uncompressed += b.reshdr.uncompressedSize;
    const start = await this.res.copyRange(read, from, len, uncompressed);
    for (const b of blobs) {
      const r = b.reshdr;
      if (r.offsetInWim < from || r.offsetInWim + r.sizeInWim > from + len) throw new RangeError('copyRawRun: a resource outside the run');
      if (this.known.find(b.hash) >= 0) throw new Error(`copyRawRun: blob ${hashHex(b.hash)} is held already`);
      const i = this.newEntry(b.refCount);
      this.remember(b.hash, 0, i);
      this.setNewEntry(i, { offsetInWim: start + (r.offsetInWim - from), sizeInWim: r.sizeInWim, uncompressedSize: r.uncompressedSize, flags: r.flags & RAW_KEEP_FLAGS }, b.hash);
    }
  }

  /** Copies an image's metadata resource as it is stored in another WIM (same compression and chunk size). */
  async copyMetadataRaw(hash: Uint8Array, read: (buf: Uint8Array, off: number, len: number, pos: number) => void, src: Reshdr): Promise<void> {
    const reshdr = await this.res.copyRaw(read, src);
    this.newMetadata.push({ reshdr: { ...reshdr, flags: reshdr.flags | ReshdrFlag.Metadata }, partNumber: this.partNumber, refCount: 1, hash: hash.slice(0, 20) });
  }

  /**
   * Writes a new metadata resource for image `index` (1-based) of the WIM being appended to, in place of its old
   * one (a commit of a mounted image): its entry takes the old one's place in the blob table's metadata order, and
   * the old resource's bytes stay unreferenced. Until the new header is written the old one still names the old
   * resource, so a crash leaves the image as it was.
   */
  async replaceMetadata(index: number, data: Uint8Array | BlobSource): Promise<void> {
    if (!this.old || !Number.isInteger(index) || index < 1 || index > this.oldMetadataReshdrs.length) {
      throw new RangeError(`replaceMetadata: no image ${index} in the WIM being appended to`);
    }
    const entry: OutBlobEntry = { reshdr: { ...ZERO_RESHDR }, partNumber: 1, refCount: 1, hash: new Uint8Array(20) };
    (this.replacedMeta ??= new Map()).set(index - 1, entry);
    await this.res.add(data instanceof Uint8Array ? bufferSource(data) : data, ReshdrFlag.Metadata, (r, hash) => {
      entry.reshdr = r;
      entry.hash = hash;
    });
  }

  /** Writes an image's metadata resource (compressed like the WIM's blobs, flag METADATA). */
  async addMetadata(data: Uint8Array | BlobSource): Promise<void> {
    const entry: OutBlobEntry = { reshdr: { ...ZERO_RESHDR }, partNumber: this.partNumber, refCount: 1, hash: new Uint8Array(20) };
    this.newMetadata.push(entry);
    await this.res.add(data instanceof Uint8Array ? bufferSource(data) : data, ReshdrFlag.Metadata, (r, hash) => {
      entry.reshdr = r;
      entry.hash = hash;
    });
  }

  private header(imageCount: number, blobTable: Reshdr, xml: Reshdr, bootMeta: Reshdr, integrity: Reshdr, bootIndex: number, extraFlags: number): WimHeader {
    const old = this.old?.header;
    const keep = old ? old.flags & (HeaderFlag.RpFix | HeaderFlag.ReadOnly) : 0;
    const version = old ? old.version : this.compression === CompressionFormat.Lzms ? WIM_VERSION_SOLID : WIM_VERSION_DEFAULT;
    return {
      version,
      flags: keep | compressionHeaderFlags(this.compression) | extraFlags,
      chunkSize: this.compression === CompressionFormat.None ? 0 : this.chunkSize,
      guid: old ? old.guid : (this.guid ??= randomGuid()),
      partNumber: this.partNumber,
      // A split part's total is patched in by completePart(), once the set is complete.
      totalParts: this.partNumber,
      imageCount,
      blobTable,
      xmlData: xml,
      bootMetadata: bootMeta,
      bootIndex,
      integrityTable: integrity,
      compression: this.compression,
    };
  }
  private guid?: Uint8Array;

  /** Writes blob table, XML data, integrity table and the header; renames a new file into place. */
  async finish(opts: FinishOptions): Promise<void> {
    if (this.finished) throw new Error('WIM writer already finished');
    await this.solid?.finish();
    await this.res.flush();
    const h = host();
    const replaced = this.replacedMeta;
    const oldMetaReshdrs = replaced ? this.oldMetadataReshdrs.map((r, i) => replaced.get(i)?.reshdr ?? r) : this.oldMetadataReshdrs;
    const metadataReshdrs = [...oldMetaReshdrs, ...this.newMetadata.map((m) => m.reshdr)];
    if (opts.images.length !== metadataReshdrs.length && !(opts.splitPart && this.partNumber > 1 && metadataReshdrs.length === 0)) {
      throw new Error(`writer: ${opts.images.length} XML images for ${metadataReshdrs.length} metadata resources`);
    }
    // Blob table: metadata first, in image order.
    const E = BLOB_ENTRY_SIZE;
    const newMeta = serializeBlobTable(this.newMetadata);
    const dropped = this.droppedOld;
    const oldOther = dropped && dropped.size ? this.oldOtherEntries.filter((i) => !dropped.has(i)) : this.oldOtherEntries;
    const table = new Uint8Array((this.oldMetaEntries.length + oldOther.length + this.newCount) * E + newMeta.length);
    let p = 0;
    const old = this.oldTable;
    // Old entries go over in runs of consecutive ones (all but the metadata entries, usually one run), not one
    // copy (and one subarray) per entry of a 100k-entry table.
    const copyOld = (list: number[]): void => {
      for (let k = 0; k < list.length; ) {
        let j = k + 1;
        while (j < list.length && list[j] === list[j - 1] + 1) j++;
        table.set(old.subarray(list[k] * E, (list[j - 1] + 1) * E), p);
        p += (j - k) * E;
        k = j;
      }
    };
    if (replaced) {
      // A commit: each replaced image's new entry where its old one was.
      this.oldMetaEntries.forEach((e, i) => {
        const r = replaced.get(i);
        if (r) table.set(serializeBlobTable([r]), p);
        else table.set(old.subarray(e * E, (e + 1) * E), p);
        p += E;
      });
    } else copyOld(this.oldMetaEntries);
    table.set(newMeta, p);
    p += newMeta.length;
    copyOld(oldOther);
    table.set(this.newTable.subarray(0, this.newCount * E), p);

    const blobTableReshdr: Reshdr = { offsetInWim: this.out.pos, sizeInWim: table.length, uncompressedSize: table.length, flags: ReshdrFlag.Metadata };
    this.out.append(table);
    const blobTableEnd = this.out.pos;

    const xml = buildWimXml(opts.images, blobTableEnd, opts.xmlBase);
    const xmlReshdr: Reshdr = { offsetInWim: this.out.pos, sizeInWim: xml.length, uncompressedSize: xml.length, flags: ReshdrFlag.Metadata };
    this.out.append(xml);

    let integrityReshdr: Reshdr = { ...ZERO_RESHDR };
    if (opts.integrity) {
      const it = buildIntegrityTable((buf, len, pos) => this.out.readAt(buf, 0, len, pos), blobTableEnd, opts.oldIntegrity);
      integrityReshdr = { offsetInWim: this.out.pos, sizeInWim: it.length, uncompressedSize: it.length, flags: 0 };
      this.out.append(it);
    }

    // The boot index points at a metadata resource of this file: a split set's later parts have none.
    const bootIndex = opts.bootIndex > 0 && opts.bootIndex <= metadataReshdrs.length ? opts.bootIndex : 0;
    const bootMeta = bootIndex ? metadataReshdrs[bootIndex - 1] : { ...ZERO_RESHDR };
    const header = serializeHeader(
      this.header(opts.images.length, blobTableReshdr, xmlReshdr, bootMeta, integrityReshdr, bootIndex, opts.extraFlags ?? 0),
    );
    const fs = h.fs;
    try {
      this.out.file.truncate(this.out.pos);
      // An append: everything the new header points to reaches the disk before the header does, so that a power
      // cut leaves the old header (and the old images) or the new one, never a header over missing data. A new
      // file needs no such order: until the rename it has no name a reader would open, and the rename comes after
      // the header (a kill at any point leaves only the temporary file); like wimlib, it is not synced.
      if (this.old) this.out.file.sync();
      this.out.writeAt(header, 0, header.length, 0);
      this.out.file.close();
    } catch (e) {
      throw fromHostError(e, this.path, true);
    }
    this.finished = true;
    if (this.tempPath && !opts.splitPart) {
      try {
        fs.renameSync(this.tempPath, this.path);
      } catch (e) {
        try {
          fs.unlinkSync(this.tempPath);
        } catch {
          /* already gone */
        }
        throw fromHostError(e, this.path, true);
      }
    }
  }

  /** Gives up: removes a new file, or truncates an appended one back to its old size. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.out.cancelled = true;
    const fs = host().fs;
    try {
      if (this.old) this.out.file.truncate(this.old.size);
    } catch {
      /* the old data is intact either way: nothing it references was touched */
    }
    try {
      this.out.file.close();
    } catch {
      /* nothing to do */
    }
    if (this.tempPath) {
      try {
        fs.unlinkSync(this.tempPath);
      } catch {
        /* already gone */
      }
    }
  }

  get finishedWriting(): boolean {
    return this.finished;
  }

  /** The temporary file a new WIM is written to (undefined when appending in place). */
  get temporaryPath(): string | undefined {
    return this.tempPath;
  }

  /**
   * Completes a split part that finish() left under its temporary name: total_parts (and the SPANNED flag when
   * the set has more than one part) patched into its header, then renamed to its own name.
   */
  static completePart(tempPath: string, path: string, totalParts: number): void {
    const fs = host().fs;
    let file: RandomAccessFile | undefined;
    try {
      file = openFile(tempPath, 'r+');
      const hdr = new Uint8Array(WIM_HEADER_SIZE);
      let done = 0;
      while (done < hdr.length) {
        const n = file.read(hdr, done, hdr.length - done, done);
        if (n <= 0) throw new Error(`short read of the header of ${tempPath}`);
        done += n;
      }
      if (totalParts > 1) put32(hdr, 0x10, u32(hdr, 0x10) | HeaderFlag.Spanned);
      put16(hdr, 0x2a, totalParts);
      done = 0;
      while (done < hdr.length) done += file.write(hdr, done, hdr.length - done, done);
      file.sync();
      file.close();
      file = undefined;
      fs.renameSync(tempPath, path);
    } catch (e) {
      try {
        file?.close();
      } catch {
        /* closing is all that is left */
      }
      throw fromHostError(e, path, true);
    }
  }
}

/** The blob table reshdr of a blob in a solid run: its offset in the run's bytes, its size (wimlib's layout). */
function solidBlobReshdr(offsetInRun: number, size: number): Reshdr {
  return { offsetInWim: offsetInRun, sizeInWim: size, uncompressedSize: 0, flags: ReshdrFlag.Solid };
}

/** What a new WIM may be told at creation: keep a GUID (a rebuilt file, the parts of a split set), its part number. */
export interface NewWimOptions {
  guid?: Uint8Array;
  partNumber?: number;
}
