/*
 * The WIM writer: lays down
 *   | header (208) | blobs and metadata resources | blob table | XML data | [integrity table] |
 * and writes the header last. A new WIM is written under a temporary name in the destination's directory, synced
 * and renamed over the destination at the end. An append leaves every byte the old header references in place:
 * new blobs, metadata resource, blob table, XML and integrity table go past the old data, then the data is synced
 * and the header at offset 0 is rewritten and synced; a crash before that leaves the old WIM as it was (plus
 * unreferenced bytes at its end), and a failure short of a crash truncates the file back to its old size.
 *
 * The blob table lists metadata resources first, in image order (old images' entries, then the new image's), then
 * every other blob (old entries kept byte for byte, refcnt bumped for blobs the new image shares), then new blobs.
 */
import { host } from '../host/host';
import { put32, u32 } from './bytes';
import { CompressionFormat } from './codecs/codec';
import type { ChunkCompressor } from './compress-serial';
import { fromHostError } from './errors';
import { HeaderFlag, type WimHeader, WIM_HEADER_SIZE, WIM_VERSION_DEFAULT, WIM_VERSION_SOLID, serializeHeader } from './header';
import { INTEGRITY_CHUNK_SIZE, computeChunkHashes } from './integrity';
import { type Reshdr, ReshdrFlag, ZERO_RESHDR, readReshdr } from './reshdr';
import { hashHex, isZeroHash } from './sha1';
import { BLOB_TABLE_ENTRY_SIZE, type OutBlobEntry, serializeBlobTable } from './write-blob-table';
import { type BlobSource, OutFile, ResourceWriter, bufferSource } from './write-resource';
import { buildWimXml } from './write-xml';
import type { XmlElement } from './xml';

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

interface OldEntry {
  bytes: Uint8Array; // 50 bytes, refcnt patched in place
  metadata: boolean;
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
  /** Every blob the finished WIM will hold, by hash key (old and new). */
  private readonly known = new Map<string, { newEntry?: OutBlobEntry; old?: OldEntry }>();
  private readonly oldEntries: OldEntry[] = [];
  private readonly newBlobs: OutBlobEntry[] = [];
  /** Metadata resources of the images being added. */
  private readonly newMetadata: OutBlobEntry[] = [];
  private oldMetadataReshdrs: Reshdr[] = [];
  private finished = false;
  private unregisterInterrupt?: () => void;

  private constructor(
    readonly path: string,
    private readonly tempPath: string | undefined,
    fd: number,
    start: number,
    readonly compression: CompressionFormat,
    readonly chunkSize: number,
    compressor: ChunkCompressor | null,
    private readonly old: { header: WimHeader; size: number } | undefined,
    onProgress?: (bytes: number) => void,
  ) {
    this.out = new OutFile(fd, tempPath ?? path, start);
    this.res = new ResourceWriter(this.out, compressor, chunkSize, onProgress);
    // Ctrl+C or SIGTERM: drop the temporary file (or cut an append back) at once; the export then fails.
    this.unregisterInterrupt = host().onInterrupt(() => this.abort());
  }

  /**
   * Deletes temporary files that crashed writers left beside `path`. Call it only while holding the destination
   * lock: then no other writer of `path` is running, and every such file is garbage.
   */
  static removeStaleTemporaries(path: string, log?: (msg: string) => void): void {
    const h = host();
    const dir = h.path.dirname(path);
    const prefix = `.${h.path.basename(path)}.`;
    let names: string[];
    try {
      names = h.fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      if (!n.startsWith(prefix) || !n.endsWith('.wimsh-tmp')) continue;
      try {
        h.fs.unlinkSync(h.path.join(dir, n));
        log?.(`Removed ${n}, left by an interrupted write.`);
      } catch {
        /* not ours to remove after all */
      }
    }
  }

  /** Starts a new WIM: a temporary file next to `path`, renamed over it by finish(). */
  static createNew(
    path: string,
    compression: CompressionFormat,
    chunkSize: number,
    compressor: ChunkCompressor | null,
    onProgress?: (bytes: number) => void,
  ): WimWriter {
    const h = host();
    const dir = h.path.dirname(path);
    const tmp = h.path.join(dir, `.${h.path.basename(path)}.${h.pid}.${Math.random().toString(36).slice(2, 10)}.wimsh-tmp`);
    let fd: number;
    try {
      fd = h.fs.openSync(tmp, 'wx+', 0o644);
    } catch (e) {
      throw fromHostError(e, path, true);
    }
    const w = new WimWriter(path, tmp, fd, WIM_HEADER_SIZE, compression, chunkSize, compression === CompressionFormat.None ? null : compressor, undefined, onProgress);
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
    onProgress?: (bytes: number) => void,
  ): WimWriter {
    const h = host();
    let fd: number;
    let size: number;
    try {
      fd = h.fs.openSync(path, 'r+');
      size = h.fs.fstatSync(fd).size;
    } catch (e) {
      throw fromHostError(e, path, true);
    }
    const compression = header.compression;
    const w = new WimWriter(path, undefined, fd, Math.max(dataEnd, WIM_HEADER_SIZE), compression, header.chunkSize, compression === CompressionFormat.None ? null : compressor, { header, size }, onProgress);
    try {
      w.loadOldBlobTable(blobTable);
    } catch (e) {
      w.abort();
      throw e;
    }
    return w;
  }

  private loadOldBlobTable(buf: Uint8Array): void {
    const n = Math.floor(buf.length / BLOB_TABLE_ENTRY_SIZE);
    for (let i = 0; i < n; i++) {
      const bytes = buf.slice(i * BLOB_TABLE_ENTRY_SIZE, (i + 1) * BLOB_TABLE_ENTRY_SIZE);
      const r = readReshdr(bytes, 0);
      const refCount = u32(bytes, 26);
      const hash = bytes.subarray(30, 50);
      const metadata = (r.flags & ReshdrFlag.Metadata) !== 0 && !(r.flags & ReshdrFlag.Solid);
      if (metadata) {
        if (refCount === 0 || isZeroHash(hash)) continue;
        if (this.oldMetadataReshdrs.length >= this.old!.header.imageCount) continue;
        this.oldMetadataReshdrs.push(r);
      }
      const e: OldEntry = { bytes, metadata };
      this.oldEntries.push(e);
      const isSolidResource = (r.flags & ReshdrFlag.Solid) !== 0 && r.uncompressedSize === 0x100000000;
      if (!metadata && !isSolidResource && !isZeroHash(hash)) {
        const key = hashHex(hash);
        if (!this.known.has(key)) this.known.set(key, { old: e });
      }
    }
  }

  /** True when the WIM being written already holds (or will hold) the blob. */
  has(key: string): boolean {
    return this.known.has(key);
  }

  /** Counts `n` more references to a blob the WIM holds. */
  addRefs(key: string, n: number): void {
    const k = this.known.get(key);
    if (!k) throw new Error(`no blob ${key}`);
    if (k.newEntry) k.newEntry.refCount += n;
    else if (k.old) put32(k.old.bytes, 26, Math.min(0xffffffff, u32(k.old.bytes, 26) + n));
  }

  /**
   * Writes a blob whose hash is `key` (or, with key undefined, whose hash is computed while it is written and
   * which the caller knows is not held yet). Returns when the blob is queued; its entry is final after flush().
   */
  async addBlob(src: BlobSource, refCount: number, key?: string, onHash?: (hash: Uint8Array) => void): Promise<void> {
    if (key !== undefined) {
      if (this.known.has(key)) {
        this.addRefs(key, refCount);
        return;
      }
      // Reserve the key now so that a second reference before the write completes dedups.
      const entry: OutBlobEntry = { reshdr: { ...ZERO_RESHDR }, partNumber: 1, refCount, hash: new Uint8Array(20) };
      this.known.set(key, { newEntry: entry });
      this.newBlobs.push(entry);
      await this.res.add(src, 0, (r, hash) => {
        entry.reshdr = r;
        entry.hash = hash;
      });
      return;
    }
    const entry: OutBlobEntry = { reshdr: { ...ZERO_RESHDR }, partNumber: 1, refCount, hash: new Uint8Array(20) };
    this.newBlobs.push(entry);
    await this.res.add(src, 0, (r, hash) => {
      entry.reshdr = r;
      entry.hash = hash;
      onHash?.(hash);
      const k = hashHex(hash);
      if (!this.known.has(k)) this.known.set(k, { newEntry: entry });
    });
  }

  /** Copies a blob's resource as it is stored in another WIM (same compression and chunk size). */
  async copyBlobRaw(
    key: string,
    hash: Uint8Array,
    refCount: number,
    read: (buf: Uint8Array, off: number, len: number, pos: number) => void,
    src: Reshdr,
  ): Promise<void> {
    if (this.known.has(key)) {
      this.addRefs(key, refCount);
      return;
    }
    const entry: OutBlobEntry = { reshdr: { ...ZERO_RESHDR }, partNumber: 1, refCount, hash };
    this.known.set(key, { newEntry: entry });
    this.newBlobs.push(entry);
    entry.reshdr = await this.res.copyRaw(read, src);
  }

  /** Writes an image's metadata resource (compressed like the WIM's blobs, flag METADATA). */
  async addMetadata(data: Uint8Array): Promise<void> {
    const entry: OutBlobEntry = { reshdr: { ...ZERO_RESHDR }, partNumber: 1, refCount: 1, hash: new Uint8Array(20) };
    this.newMetadata.push(entry);
    await this.res.add(bufferSource(data), ReshdrFlag.Metadata, (r, hash) => {
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
      partNumber: 1,
      totalParts: 1,
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
    await this.res.flush();
    const h = host();
    const metadataReshdrs = [...this.oldMetadataReshdrs, ...this.newMetadata.map((m) => m.reshdr)];
    if (opts.images.length !== metadataReshdrs.length) {
      throw new Error(`writer: ${opts.images.length} XML images for ${metadataReshdrs.length} metadata resources`);
    }
    // Blob table: metadata first, in image order.
    const oldMeta = this.oldEntries.filter((e) => e.metadata);
    const oldOther = this.oldEntries.filter((e) => !e.metadata);
    const newTable = serializeBlobTable([...this.newMetadata, ...this.newBlobs]);
    const nm = this.newMetadata.length * BLOB_TABLE_ENTRY_SIZE;
    const table = new Uint8Array((oldMeta.length + oldOther.length) * BLOB_TABLE_ENTRY_SIZE + newTable.length);
    let p = 0;
    for (const e of oldMeta) (table.set(e.bytes, p), (p += BLOB_TABLE_ENTRY_SIZE));
    table.set(newTable.subarray(0, nm), p);
    p += nm;
    for (const e of oldOther) (table.set(e.bytes, p), (p += BLOB_TABLE_ENTRY_SIZE));
    table.set(newTable.subarray(nm), p);

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

    const bootIndex = opts.bootIndex > 0 && opts.bootIndex <= metadataReshdrs.length ? opts.bootIndex : 0;
    const bootMeta = bootIndex ? metadataReshdrs[bootIndex - 1] : { ...ZERO_RESHDR };
    const header = serializeHeader(
      this.header(opts.images.length, blobTableReshdr, xmlReshdr, bootMeta, integrityReshdr, bootIndex, opts.extraFlags ?? 0),
    );
    const fs = h.fs;
    try {
      fs.ftruncateSync(this.out.fd, this.out.pos);
      // Everything the new header points to reaches the disk before the header does.
      fs.fsyncSync(this.out.fd);
      this.out.writeAt(header, 0, header.length, 0);
      fs.fsyncSync(this.out.fd);
      fs.closeSync(this.out.fd);
    } catch (e) {
      throw fromHostError(e, this.path, true);
    }
    this.finished = true;
    this.unregisterInterrupt?.();
    if (this.tempPath) {
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
    this.unregisterInterrupt?.();
    const fs = host().fs;
    try {
      if (this.old) fs.ftruncateSync(this.out.fd, this.old.size);
    } catch {
      /* the old data is intact either way: nothing it references was touched */
    }
    try {
      fs.closeSync(this.out.fd);
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
}
