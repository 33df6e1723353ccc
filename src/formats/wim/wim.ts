/*
 * An open WIM: a .wim, an .esd (solid, version 0xE00) or a split set of .swm parts. Opening reads each part's
 * header and blob table and part 1's XML data; image metadata resources are read on demand. Blobs are looked up
 * by SHA-1 across all parts and read as streams whose SHA-1 is checked as they go.
 */
import type { ProgressReporter } from '../progress';
import { createDecompressor } from '../codecs/decompressors';
import { BlobEntry, BlobPlace, BlobTable, parseBlobTable } from './blob-table';
import { WimError, WimErrorCode } from '../errors';
import { HeaderFlag, WimHeader } from './header';
import { IntegrityResult, checkIntegrity } from './integrity';
import { ImageMetadata, MAX_METADATA_SIZE, parseMetadata } from './metadata';
import { ChunkSink, ResourceReader, plainResource } from './io/resource';
import { isZeroReshdr } from './reshdr';
import { Sha1, hashEquals, hashHex, isZeroHash } from './sha1';
import { hashFromHex } from './hash-index';
import { dentryPath, walkDentries } from './dentry';
import { OpenedPart, readPartHeader, resolveSplitParts } from './split';
import { ImageXmlInfo, MAX_XML_SIZE, WimXml, parseWimXml } from './xml';
import { WimFile } from './wimfile';
import type { RandomAccessFile } from '../../vfs/file';

export interface OpenWimOptions {
  /** Glob of the parts of a split set (default "<base>*.swm" beside the file). */
  splitPattern?: string;
  /** Check every part against its integrity table while opening (-CheckIntegrity). */
  checkIntegrity?: boolean;
  onWarning?: (message: string) => void;
  /**
   * For split sets: require every part (default true). With false only part 1 is needed (listing the images or an
   * image's content); reading a blob of a missing part is then BlobNotFound.
   */
  requireAllParts?: boolean;
}

export interface WimPart {
  file: WimFile;
  header: WimHeader;
  blobTable: BlobTable;
}

export class Wim {
  readonly path: string;
  /** The header of part 1. */
  readonly header: WimHeader;
  readonly parts: WimPart[];
  readonly xml: WimXml;
  readonly warnings: string[] = [];
  /** Global blob numbers: part k's blob i is partBase[k] + i (a blob also held by an earlier part is skipped). */
  private readonly partBase: number[] = [];
  private readonly totalBlobIds: number;
  private uniqueBlobs = 0;
  private readonly metadataEntries: BlobEntry[];
  readonly reader = new ResourceReader(createDecompressor);
  private closed = false;

  /** Use openWim(). */
  constructor(path: string, parts: OpenedPart[], opts: OpenWimOptions) {
    this.path = path;
    const warn = (m: string): void => {
      this.warnings.push(m);
      opts.onWarning?.(m);
    };
    const first = parts.find((p) => p.header.partNumber === 1) as OpenedPart;
    this.header = first.header;
    this.parts = parts.map((p) => {
      const r = p.header.blobTable;
      let buf: Uint8Array = new Uint8Array(0);
      if (!isZeroReshdr(r)) {
        const res = plainResource(p.file, r, p.header.compression, p.header.chunkSize);
        buf = this.reader.readAll(res, 0, r.uncompressedSize, p.file.size, 'blob table');
      }
      const blobTable = parseBlobTable(buf, p.file, p.header);
      blobTable.warnings.forEach(warn);
      return { file: p.file, header: p.header, blobTable };
    });
    let base = 0;
    for (let k = 0; k < this.parts.length; k++) {
      const t = this.parts[k].blobTable;
      this.partBase.push(base);
      base += t.count;
      // A blob table holds each hash once (parseBlobTable), so only later parts of a split set can repeat one.
      if (k === 0) this.uniqueBlobs += t.count;
      else for (let i = 0; i < t.count; i++) if (this.firstHolder(t.index.hashes, i * 20, k) === k) this.uniqueBlobs++;
    }
    this.totalBlobIds = base;
    const firstPart = this.parts.find((p) => p.header.partNumber === 1) as WimPart;
    this.metadataEntries = firstPart.blobTable.metadata;
    if (this.metadataEntries.length < this.header.imageCount) {
      throw new WimError(WimErrorCode.InvalidBlobTable, `The blob table lists ${this.metadataEntries.length} metadata resources for ${this.header.imageCount} images.`, first.file.path);
    }
    const xr = this.header.xmlData;
    let xmlBytes: Uint8Array = new Uint8Array(0);
    if (!isZeroReshdr(xr)) {
      const res = plainResource(first.file, xr, this.header.compression, this.header.chunkSize);
      xmlBytes = this.reader.readAll(res, 0, xr.uncompressedSize, MAX_XML_SIZE, 'XML data');
    }
    this.xml = parseWimXml(xmlBytes, first.file.path);
    if (this.xml.images.length !== this.header.imageCount) {
      throw new WimError(WimErrorCode.InvalidXml, `The XML data describes ${this.xml.images.length} images but the header says ${this.header.imageCount}.`, first.file.path);
    }
    this.xml.images.forEach((img, i) => {
      if (img.index !== i + 1) {
        throw new WimError(WimErrorCode.InvalidXml, `The XML data has IMAGE INDEX="${img.index}" where ${i + 1} was expected.`, first.file.path);
      }
    });
    if (opts.checkIntegrity) {
      for (const part of this.parts) {
        if (this.checkPartIntegrity(part) === 'mismatch') {
          throw new WimError(WimErrorCode.IntegrityCheckFailed, 'The WIM file is corrupt: its contents do not match its integrity table.', part.file.path);
        }
      }
    }
  }

  get imageCount(): number {
    return this.header.imageCount;
  }

  get images(): ImageXmlInfo[] {
    return this.xml.images;
  }

  /** True when the file is a split set (SPANNED or total_parts > 1). */
  get isSplit(): boolean {
    return this.header.totalParts > 1 || (this.header.flags & HeaderFlag.Spanned) !== 0;
  }

  get blobCount(): number {
    return this.uniqueBlobs;
  }

  /** The first part (index into parts, at most `upTo`) that holds the hash at h[off..off+20), or -1. */
  private firstHolder(h: Uint8Array, off: number, upTo = this.parts.length - 1): number {
    for (let k = 0; k <= upTo; k++) if (this.parts[k].blobTable.find(h, off) >= 0) return k;
    return -1;
  }

  /** All non-metadata blobs (each once). */
  *allBlobs(): IterableIterator<BlobEntry> {
    for (let k = 0; k < this.parts.length; k++) {
      const t = this.parts[k].blobTable;
      for (let i = 0; i < t.count; i++) if (k === 0 || this.firstHolder(t.index.hashes, i * 20, k) === k) yield t.entry(i);
    }
  }

  /**
   * The blob's number (0 <= id < blobIdLimit), or -1 when no part holds it: a compact handle for callers that
   * track many blobs (typed arrays indexed by id instead of maps keyed by hash).
   */
  blobId(hash: Uint8Array, off = 0): number {
    for (let k = 0; k < this.parts.length; k++) {
      const i = this.parts[k].blobTable.find(hash, off);
      if (i >= 0) return this.partBase[k] + i;
    }
    return -1;
  }

  /** One more than the largest blob id. */
  get blobIdLimit(): number {
    return this.totalBlobIds;
  }

  private partOf(id: number): number {
    let k = this.partBase.length - 1;
    while (k > 0 && this.partBase[k] > id) k--;
    return k;
  }

  /** The blob with number `id` (made now). */
  blobById(id: number): BlobEntry {
    const k = this.partOf(id);
    return this.parts[k].blobTable.entry(id - this.partBase[k]);
  }

  /** Fills `out` with where blob `id` lies (no object made: see BlobPlace). */
  placeBlob(id: number, out: BlobPlace): void {
    const k = this.partOf(id);
    this.parts[k].blobTable.place(id - this.partBase[k], out);
  }

  /** The uncompressed size of blob `id`. */
  blobSize(id: number): number {
    const k = this.partOf(id);
    return this.parts[k].blobTable.size(id - this.partBase[k]);
  }

  /** Sorts blob ids by where their data lies (part, resource offset, offset in resource), in place. */
  sortBlobIdsByLocation(ids: Uint32Array | number[]): void {
    const part = new Uint16Array(this.totalBlobIds);
    const key = new Float64Array(this.totalBlobIds);
    const sub = new Float64Array(this.totalBlobIds);
    for (const id of ids) {
      const k = this.partOf(id);
      const t = this.parts[k].blobTable;
      const i = id - this.partBase[k];
      part[id] = this.parts[k].header.partNumber;
      key[id] = t.resourceOffset(i);
      sub[id] = t.offsetInRes(i);
    }
    (ids as number[]).sort((a, b) => part[a] - part[b] || key[a] - key[b] || sub[a] - sub[b]);
  }

  lookupBlob(hash: Uint8Array | string): BlobEntry | undefined {
    let h: Uint8Array | undefined;
    if (typeof hash === 'string') {
      h = hashFromHex(hash);
      if (!h) return undefined;
    } else h = hash;
    for (const part of this.parts) {
      const i = part.blobTable.find(h);
      if (i >= 0) return part.blobTable.entry(i);
    }
    return undefined;
  }

  /** The metadata resource entry of image `index` (1-based). */
  metadataEntry(index: number): BlobEntry {
    this.assertOpen();
    if (!Number.isInteger(index) || index < 1 || index > this.imageCount) {
      throw new WimError(WimErrorCode.ImageNotFound, `The image index ${index} does not exist (the WIM has ${this.imageCount} images).`, this.path);
    }
    return this.metadataEntries[index - 1];
  }

  /** Reads and parses the metadata resource of image `index`, checking its SHA-1. */
  loadImage(index: number, onWarning?: (m: string) => void): ImageMetadata {
    const entry = this.metadataEntry(index);
    const buf = this.reader.readAll(entry.res, entry.offsetInRes, entry.size, MAX_METADATA_SIZE, 'metadata resource');
    const h = new Sha1().update(buf).digest();
    if (!hashEquals(h, entry.hash)) {
      throw new WimError(WimErrorCode.HashMismatch, `The metadata resource of image ${index} is corrupt (SHA-1 mismatch).`, entry.res.file.path);
    }
    return parseMetadata(buf, { path: entry.res.file.path, onWarning });
  }

  /**
   * Streams a blob's bytes to `sink` in chunk-sized pieces, then checks its SHA-1 (a mismatch throws after the
   * last piece: callers writing files delete or keep them as they see fit).
   */
  readBlob(blob: BlobEntry, sink: ChunkSink, verify = true): void {
    this.assertOpen();
    const h = verify ? new Sha1() : undefined;
    this.reader.read(blob.res, blob.offsetInRes, blob.size, (d, o, n) => {
      if (h) h.update(d, o, n);
      sink(d, o, n);
    });
    if (h && !hashEquals(h.digest(), blob.hash)) {
      throw new WimError(WimErrorCode.HashMismatch, `A blob (SHA-1 ${blob.key}) is corrupt: its data does not match its SHA-1.`, blob.res.file.path);
    }
  }

  /** A whole small blob in memory (reparse data and the like), SHA-1 checked. */
  readBlobBytes(blob: BlobEntry, limit: number): Uint8Array {
    if (blob.size > limit) {
      throw new WimError(WimErrorCode.InvalidResource, `A blob of ${blob.size} bytes is larger than the ${limit} allowed here.`, blob.res.file.path);
    }
    const out = new Uint8Array(blob.size);
    let pos = 0;
    this.readBlob(blob, (d, o, n) => {
      out.set(d.subarray(o, o + n), pos);
      pos += n;
    });
    return out;
  }

  private checkPartIntegrity(part: WimPart, onProgress?: ProgressReporter): IntegrityResult {
    return checkIntegrity(part.file, part.header, onProgress);
  }

  /** Checks every part against its integrity table: 'none' when no part has one. */
  checkIntegrity(onProgress?: ProgressReporter): IntegrityResult {
    this.assertOpen();
    let any = false;
    for (const part of this.parts) {
      const r = this.checkPartIntegrity(part, onProgress);
      if (r === 'mismatch') return 'mismatch';
      if (r === 'ok') any = true;
    }
    return any ? 'ok' : 'none';
  }

  /**
   * Reads every blob (in file order) and every image's metadata, checking SHA-1s, like `wimlib-imagex verify`
   * (without the integrity table, see checkIntegrity). Throws the first WimError.
   */
  verify(onProgress?: ProgressReporter): void {
    this.assertOpen();
    for (let i = 1; i <= this.imageCount; i++) {
      // Every stream a dentry names must be in some blob table (wimlib verify checks the same).
      walkDentries(this.loadImage(i).root, (d) => {
        for (const s of d.streams) {
          if (!isZeroHash(s.hash) && !this.lookupBlob(s.hash)) {
            throw new WimError(WimErrorCode.BlobNotFound, `Image ${i}: the data of "${dentryPath(d)}" (SHA-1 ${hashHex(s.hash)}) is missing from the WIM.`, this.path);
          }
        }
      });
    }
    // By id, one BlobEntry at a time: no list of 100k objects.
    const ids: number[] = [];
    for (let k = 0; k < this.parts.length; k++) {
      const t = this.parts[k].blobTable;
      for (let i = 0; i < t.count; i++) if (k === 0 || this.firstHolder(t.index.hashes, i * 20, k) === k) ids.push(this.partBase[k] + i);
    }
    this.sortBlobIdsByLocation(ids);
    let total = 0;
    for (const id of ids) total += this.blobSize(id);
    let done = 0;
    for (const id of ids) {
      const b = this.blobById(id);
      this.readBlob(b, () => undefined);
      done += b.size;
      onProgress?.(done, total);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.reset();
    for (const p of this.parts) p.file.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new WimError(WimErrorCode.Closed, 'The WIM file is closed.', this.path);
  }
}

/** Sorts blobs by (part, resource offset, offset in resource): the order that streams a file front to back. */
export function sortBlobsByLocation(blobs: BlobEntry[]): BlobEntry[] {
  return blobs.sort(
    (a, b) =>
      a.partNumber - b.partNumber ||
      a.res.offsetInWim - b.res.offsetInWim ||
      a.offsetInRes - b.offsetInRes,
  );
}

/**
 * Opens a WIM, ESD or split set by path, or from a file already open (one that is not a host file: inside an ISO
 * volume, in memory; the Wim closes it); throws WimError for anything it cannot read.
 */
export function openWim(source: string | RandomAccessFile, opts: OpenWimOptions = {}): Wim {
  const file = new WimFile(source);
  const path = file.path;
  let parts: OpenedPart[] = [];
  try {
    const header = readPartHeader(file);
    const first: OpenedPart = { file, header };
    parts = header.totalParts > 1 ? resolveSplitParts(first, opts.splitPattern, opts.requireAllParts ?? true) : [first];
    return new Wim(path, parts, opts);
  } catch (e) {
    for (const p of parts) if (p.file !== file) p.file.close();
    file.close();
    if (e instanceof WimError) throw e;
    if (e instanceof RangeError) {
      throw new WimError(WimErrorCode.InvalidMetadata, `The WIM file is invalid: ${e.message}`, path, { cause: e });
    }
    throw e;
  }
}

/**
 * Resolves an image index or name to an index. Names compare case-insensitively (as WIMGAPI does). A missing image
 * is WimErrorCode.ImageNotFound.
 */
export function resolveImage(wim: Wim, sel: { index?: number; name?: string }): number {
  if (sel.index !== undefined) {
    if (!Number.isInteger(sel.index) || sel.index < 1 || sel.index > wim.imageCount) {
      throw new WimError(WimErrorCode.ImageNotFound, `The image index ${sel.index} does not exist in this WIM (it has ${wim.imageCount} images).`, wim.path);
    }
    return sel.index;
  }
  if (sel.name !== undefined) {
    const want = sel.name.toLowerCase();
    const img = wim.images.find((i) => (i.name ?? '').toLowerCase() === want);
    if (!img) throw new WimError(WimErrorCode.ImageNotFound, `There is no image named "${sel.name}" in this WIM.`, wim.path);
    return img.index;
  }
  throw new WimError(WimErrorCode.InvalidParameter, 'Specify an image index or name.', wim.path);
}
