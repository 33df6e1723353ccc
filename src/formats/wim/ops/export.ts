/*
 * Export: image N of a source (.wim, .esd, split .swm set) written into a new WIM or appended to an existing one.
 *
 * - Blobs are stored once: a blob the destination already holds (by SHA-1) only gets its refcnt raised.
 * - A blob whose source resource is non-solid and stored with the destination's compression and chunk size is
 *   copied raw (chunk table and chunks as they are), with no compression: install.wim to install.wim is a file copy
 *   plus its check (io/verify-copy.ts: the chunk table validated, every chunk decompressed and the blob's SHA-1
 *   compared on the worker threads while the bytes are copied), so that damage fails the export instead of being
 *   passed on. Any other blob (solid ESD resources, other formats) is read, its SHA-1 checked, and compressed again
 *   through the chunk compressor (worker threads).
 * - The metadata resource is copied raw as well when it can be (same compression and chunk size, and the reader
 *   skipped none of its dentries): it names blobs by SHA-1, so it holds wherever it lies. It was read whole (every
 *   chunk decompressed, its SHA-1 checked) before the export began, so its raw copy is checked too. Otherwise it is
 *   rebuilt from the source's dentries, their tagged items (object IDs...) and security data (dentry.ts, security.ts).
 *   The image's XML element is carried over (WINDOWS, FLAGS, DISPLAYNAME...) with NAME, DESCRIPTION, counts and
 *   WIMBOOT set, in WIMGAPI's element order.
 * - Bounded memory (a 5 GB install.wim in under 256 MB RSS): no object per dentry or per blob is held. The tree is
 *   a flat index over the source's metadata buffer (exportMetadata), blobs are handled by id (Wim.blobId), the new
 *   metadata resource is serialized as it is written, first, so that no buffer of it is held during the copy, and
 *   every blob streams through chunk-sized buffers. Measured by test/formats/wim/scale/make-big-tree.js.
 * - The export is a plan run by the write transaction (write/transaction.ts): lock, destination, the checks that
 *   can refuse it (bad index or name, name clash, locked destination, unsupported compression) before the first
 *   byte is written, a new WIM under a temporary name renamed at the end, an append that leaves the old data alone
 *   until the header is rewritten, and abort on failure or cancel.
 */
import { host } from '../../../platform/host';
import { CompressionFormat } from '../../codecs/codec';
import { type BlobEntry, BlobPlace } from '../blob-table';
import { u32, utf16le } from '../../bytes';
import {
  type Dentry,
  DentryScan,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_REPARSE_POINT,
  type OutDentry,
  STREAM_DATA,
  encodeDentry,
  indexDentryTree,
  readDentry,
  scanDentry,
  writeDentry,
} from '../dentry';
import { parseSecurityData, serializeSecurityData } from '../security';
import { type ImageStats, MAX_METADATA_SIZE } from '../metadata';
import { WimError, WimErrorCode } from '../../errors';
import { HeaderFlag } from '../header';
import { type Reshdr, ReshdrFlag } from '../reshdr';
import { Sha1, hashEquals, isZeroHash } from '../sha1';
import { type Wim, openWim, resolveImage } from '../wim';
import { defaultChunkSize, parseCompression } from '../write/destination';
import { type CompressionWork, type WimLayout, type WriteJobOptions, runWriteTransaction } from '../write/transaction';
import type { BlobSource } from '../io/write-resource';
import { type RawBlob, RawCopyVerifier } from '../io/verify-copy';
import { hasIllegalXmlChars, makeImageElement } from '../xml';
import { outInodeOf } from './image-inode';

/** Most blobs copied raw in one run (bounds the run's list, not the bytes, which stream). */
const MAX_RAW_RUN = 4096;

export interface ExportOptions extends WriteJobOptions {
  source: string;
  /** Glob of the parts of a split source (default "<base>*.swm" beside it). */
  splitPattern?: string;
  sourceIndex?: number;
  sourceName?: string;
  destination: string;
  /** Name of the new image (default: the source image's name). */
  destinationName?: string;
  /** For a new destination; ignored (with a warning) when appending. Default: the source's compression. */
  compression?: 'none' | 'xpress' | 'lzx' | 'lzms' | 'fast' | 'max' | 'maximum' | 'recovery';
  /**
   * With LZMS ("recovery"): write the blobs as solid resources (a version 0xE00 .esd, as dism /Compress:recovery
   * does); default true. Non-solid LZMS is not written.
   */
  solid?: boolean;
  /** Check the source's integrity table (when it has one) and write one into the destination. */
  checkIntegrity?: boolean;
  /** Mark the image WIMBoot (XML WIMBOOT=1); a new destination then defaults to XPRESS with 4 KiB chunks. */
  wimBoot?: boolean;
  /** Accepted and ignored: the writer needs no scratch space. */
  scratchDirectory?: string;
}

export interface ExportResult {
  destination: string;
  /** Index of the new image in the destination. */
  imageIndex: number;
  imageCount: number;
  appended: boolean;
  /** Blobs copied raw / compressed again / already in the destination. */
  blobsCopiedRaw: number;
  blobsRecompressed: number;
  blobsDeduplicated: number;
  /** The source's metadata resource went in as it was stored (else it was rewritten and compressed). */
  metadataCopiedRaw: boolean;
  /** Uncompressed bytes of the blobs written. */
  bytesWritten: number;
}

/** What the export takes from the source image's metadata resource, read before any blob is written. */
export interface ExportedMetadata {
  stats: ImageStats;
  /** Reference counts of the blobs the image references, by blob id (Wim.blobId): one per dentry stream. */
  refs: Uint32Array;
  /** The ids with a reference, each once, in first-reference order. */
  ids: number[];
  /**
   * True when the source resource can go into the destination as it is: the reader skipped no dentry (unnamed,
   * duplicate, under a reparse point or a file), so every blob the resource names is one the export copies.
   */
  unchanged: boolean;
  /**
   * Rewrites the resource (see rebuildMetadata); holds the source's metadata buffer until it is called or
   * dropped (set to undefined).
   */
  rebuild: (() => BlobSource) | undefined;
  /**
   * The file name each blob is the unnamed data stream of (its first such dentry), by blob id: what solid packing
   * sorts by. Reads the metadata buffer, so call it before dropping `rebuild`.
   */
  blobNames: () => Map<number, string>;
}

const isOutDir = (attributes: number): boolean => (attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) === FILE_ATTRIBUTE_DIRECTORY;

/**
 * Reads the source image's metadata resource `buf` for the export, holding no object per dentry: the tree is
 * indexed as flat arrays (indexDentryTree) and each dentry is re-read from `buf` when it is needed, so an image of
 * 150k dentries costs ~50 bytes a dentry beside the buffer, not the ~1 KB of a parsed tree.
 *
 * What the destination gets, dentry by dentry, when the resource is rewritten: the same tree, children in the
 * source's order, minus what the reader skips (unnamed and duplicate dentries, children of reparse-point
 * directories); hard links (dentries of one hard_link_group_id, reparse points excepted) share the inode of the
 * first link met, whose attributes, times, security id, streams and tagged items every link is written with;
 * streams are typed as the reader types them (reparse, unnamed data, EFS, named) and written in the order Windows
 * writes them (dentry.ts). When nothing is skipped and the compression matches, the export copies the source's
 * resource raw instead, as wimlib does: it names blobs by SHA-1, so it holds wherever it lies.
 */
export function exportMetadata(src: Wim, buf: Uint8Array, log?: ExportOptions['log']): ExportedMetadata {
  const path = src.path;
  const security = parseSecurityData(buf, path);
  if (security.totalLength >= buf.length) {
    throw new WimError(WimErrorCode.InvalidMetadata, 'The metadata resource ends before its root dentry.', path);
  }
  let skipped = 0;
  const idx = indexDentryTree(buf, security.totalLength, {
    path,
    onWarning: (m: string) => {
      skipped++;
      log?.('warning', m);
    },
  });
  const n = idx.count;
  const attributesOf = (i: number): number => u32(buf, idx.offsets[i] + 8);

  // Pass 1, in the order the dentries were numbered (parents first): which dentries the image keeps, the inode
  // each one is written with (rep), blob references and the XML counts. Dentries are scanned in place (no object
  // per dentry, no string but for an error).
  const refs = new Uint32Array(src.blobIdLimit);
  const ids: number[] = [];
  const kept = new Uint8Array(n);
  const rep = new Int32Array(n);
  const dataSize = new Float64Array(n);
  const counted = new Uint8Array(n);
  const stats: ImageStats = { dirCount: 0, fileCount: 0, totalBytes: 0, hardLinkBytes: 0 };
  // hard_link_group_id -> first dentry of the group; the id as a number when exact, else as a string.
  const groups = new Map<number | string, number>();
  const sc = new DentryScan();
  /** Blob id -> the first kept dentry whose unnamed data stream it is (solid packing sorts by its name). */
  const nameDentry = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const p = idx.parents[i];
      if (!kept[p] || !isOutDir(attributesOf(p))) continue;
    }
    kept[i] = 1;
    const o = idx.offsets[i];
    scanDentry(buf, o, sc, path);
    rep[i] = i;
    let shared = false;
    if (!(sc.attributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
      const lo = u32(buf, o + 88);
      const hi = u32(buf, o + 92);
      if (lo !== 0 || hi !== 0) {
        const group = hi < 0x200000 ? hi * 0x100000000 + lo : `${hi}:${lo}`;
        const first = groups.get(group);
        if (first === undefined) groups.set(group, i);
        else {
          rep[i] = first;
          shared = true;
        }
      }
    }
    for (let k = 0; k < sc.numStreams; k++) {
      const h = sc.hashOff[k];
      if (isZeroHash(buf, h)) continue;
      const id = src.blobId(buf, h);
      if (id < 0) {
        const name = utf16le(buf, sc.nameOff, sc.nameBytes);
        throw new WimError(WimErrorCode.BlobNotFound, `A file of the image ("${name}") names a blob that the WIM does not hold.`, path);
      }
      if (refs[id]++ === 0) ids.push(id);
      // The inode's streams come from its first link; later links only add references.
      if (!shared && sc.streamNameBytes[k] === 0 && sc.streamType[k] === STREAM_DATA) dataSize[i] = src.blobSize(id);
      if (sc.streamNameBytes[k] === 0 && sc.streamType[k] === STREAM_DATA && !nameDentry.has(id)) nameDentry.set(id, i);
    }
    if (i > 0) {
      const r = rep[i];
      const ra = attributesOf(r);
      if (isOutDir(ra)) stats.dirCount++;
      else stats.fileCount++;
      const size = ra & FILE_ATTRIBUTE_DIRECTORY ? 0 : dataSize[r];
      stats.totalBytes += size;
      if (counted[r]) stats.hardLinkBytes += size;
      else counted[r] = 1;
    }
  }
  groups.clear();
  let keptAll = skipped === 0;
  for (let i = 0; i < n && keptAll; i++) if (!kept[i]) keptAll = false;
  const blobNames = (): Map<number, string> => {
    const names = new Map<number, string>();
    const ds = new DentryScan();
    for (const [id, i] of nameDentry) {
      scanDentry(buf, idx.offsets[i], ds, path);
      names.set(id, utf16le(buf, ds.nameOff, ds.nameBytes));
    }
    return names;
  };
  return { stats, refs, ids, unchanged: keptAll, rebuild: () => rebuildMetadata(src, buf, security, idx, kept, rep), blobNames };
}

/**
 * The rewritten metadata resource (exportMetadata's pass 1 chose the kept dentries and the inode, rep, each is
 * written with), made as it is read (front to back, restarting at 0) so that no buffer of it is held.
 */
function rebuildMetadata(
  src: Wim,
  buf: Uint8Array,
  security: ReturnType<typeof parseSecurityData>,
  idx: ReturnType<typeof indexDentryTree>,
  kept: Uint8Array,
  rep: Int32Array,
): BlobSource {
  const path = src.path;
  const n = idx.count;
  const read = (i: number): Dentry => readDentry(buf, idx.offsets[i], path).dentry as Dentry;
  const attributesOf = (i: number): number => u32(buf, idx.offsets[i] + 8);

  // The writer's view of dentry i, made when needed and dropped at once.
  const sizeOf = (h: Uint8Array): number => {
    if (isZeroHash(h)) return 0;
    const id = src.blobId(h);
    return id < 0 ? 0 : src.blobSize(id);
  };
  const outDentry = (i: number): OutDentry => {
    const d = read(i);
    const r = rep[i] === i ? d : read(rep[i]);
    const inode = outInodeOf(r, buf, sizeOf);
    return { name: i === 0 ? '' : d.name, shortName: d.shortName, inode, children: isOutDir(d.attributes) ? [] : null };
  };
  /** Dentry i gets a child list (its own attributes make it a directory, and so do its inode's). */
  const hasList = (i: number): boolean => isOutDir(attributesOf(i)) && isOutDir(attributesOf(rep[i]));

  // Pass 2: the layout (serializeMetadata's): security data, root, end marker, then each directory's children
  // (and a terminator) in preorder.
  const sd = serializeSecurityData(security.descriptors);
  const outLen = new Float64Array(n);
  for (let i = 0; i < n; i++) if (kept[i]) outLen[i] = encodeDentry(outDentry(i), i === 0).totalLen;
  const subdir = new Float64Array(n);
  let cur = sd.length + outLen[0] + 8;
  const walk: number[] = [0];
  const order: number[] = [];
  while (walk.length) {
    const i = walk.pop() as number;
    if (!hasList(i)) continue;
    order.push(i);
    subdir[i] = cur;
    const f = idx.firstChild[i];
    const c = idx.childCount[i];
    for (let k = f; k < f + c; k++) cur += outLen[k];
    cur += 8;
    for (let k = f + c - 1; k >= f; k--) walk.push(k);
  }
  if (cur > MAX_METADATA_SIZE) {
    throw new WimError(WimErrorCode.InvalidMetadata, `The image's metadata would take ${cur} bytes, more than the ${MAX_METADATA_SIZE} allowed.`, path);
  }

  // Pass 3: the bytes, made as the writer reads them, one piece at a time (the security data; the root and its
  // end marker; then each directory's child list and terminator): no buffer of the whole resource.
  const total = cur;
  let staging = new Uint8Array(0);
  let piece = -1;
  let pieceLen = 0;
  let piecePos = 0;
  let at = 0;
  const nextPiece = (): void => {
    piece++;
    let len: number;
    let start: number;
    if (piece === 0) {
      len = sd.length;
      start = 0;
    } else if (piece === 1) {
      len = outLen[0] + 8;
      start = sd.length;
    } else {
      const i = order[piece - 2];
      if (i === undefined) throw new Error('metadata source read past its end');
      start = subdir[i];
      len = 8;
      const f = idx.firstChild[i];
      for (let k = f; k < f + idx.childCount[i]; k++) len += outLen[k];
    }
    if (staging.length < len) staging = new Uint8Array(Math.max(len, Math.min(staging.length * 2, 1 << 24)));
    // Padding and terminators are zeros, as in a fresh buffer.
    staging.fill(0, 0, len);
    if (piece === 0) staging.set(sd, 0);
    else if (piece === 1) {
      const od = outDentry(0);
      writeDentry(staging, 0, od, encodeDentry(od, true), hasList(0) ? subdir[0] : 0);
    } else {
      const i = order[piece - 2];
      let q = 0;
      const f = idx.firstChild[i];
      for (let k = f; k < f + idx.childCount[i]; k++) {
        const od = outDentry(k);
        q = writeDentry(staging, q, od, encodeDentry(od, false), hasList(k) ? subdir[k] : 0);
      }
      if (q + 8 !== len) throw new Error(`metadata layout mismatch at ${start + q}: ${q + 8} != ${len}`);
    }
    pieceLen = len;
    piecePos = 0;
  };
  const source: BlobSource = {
    size: total,
    read(offset, len, dst, dstOff) {
      if (offset === 0) {
        piece = -1;
        pieceLen = 0;
        piecePos = 0;
        at = 0;
      }
      if (offset !== at) throw new Error(`metadata source read at ${offset}, expected ${at}`);
      let o = dstOff;
      let left = len;
      while (left > 0) {
        if (piecePos === pieceLen) nextPiece();
        const n = Math.min(left, pieceLen - piecePos);
        dst.set(staging.subarray(piecePos, piecePos + n), o);
        piecePos += n;
        o += n;
        left -= n;
      }
      at += len;
    },
  };
  return source;
}

/** The uncompressed metadata resource of image `index`, its SHA-1 checked. */
export function readMetadataResource(src: Wim, index: number): Uint8Array {
  const entry = src.metadataEntry(index);
  const buf = src.reader.readAll(entry.res, entry.offsetInRes, entry.size, MAX_METADATA_SIZE, 'metadata resource');
  if (!hashEquals(new Sha1().update(buf).digest(), entry.hash)) {
    throw new WimError(WimErrorCode.HashMismatch, `The metadata resource of image ${index} is corrupt (SHA-1 mismatch).`, entry.res.file.path);
  }
  return buf;
}

/**
 * The path in image `index` (\\dir\\file, with :stream for a named stream) of the first file whose stream is the
 * blob with SHA-1 hash[hashOff...+20), or undefined. Reads the image's metadata again: for error messages only,
 * called when a blob was found damaged.
 */
export function blobFilePath(src: Wim, index: number, hash: Uint8Array, hashOff = 0): string | undefined {
  const buf = readMetadataResource(src, index);
  const security = parseSecurityData(buf, src.path);
  const idx = indexDentryTree(buf, security.totalLength, { path: src.path });
  const sc = new DentryScan();
  for (let i = 1; i < idx.count; i++) {
    scanDentry(buf, idx.offsets[i], sc, src.path);
    for (let k = 0; k < sc.numStreams; k++) {
      if (!hashEquals(buf.subarray(sc.hashOff[k], sc.hashOff[k] + 20), hash, hashOff)) continue;
      const stream = sc.streamNameBytes[k] ? `:${utf16le(buf, sc.streamNameOff[k], sc.streamNameBytes[k])}` : '';
      const names: string[] = [];
      for (let j = i; j > 0; j = idx.parents[j]) {
        scanDentry(buf, idx.offsets[j], sc, src.path);
        names.push(utf16le(buf, sc.nameOff, sc.nameBytes));
      }
      return `\\${names.reverse().join('\\')}${stream}`;
    }
  }
  return undefined;
}

/** Which image's file holds a blob, for error messages: the first of `indexes` whose tree names it. */
export function describeBlob(src: Wim, indexes: readonly number[]): (hash: Uint8Array) => string | undefined {
  return (hash) => {
    for (const index of indexes) {
      const p = blobFilePath(src, index, hash);
      if (p !== undefined) return indexes.length > 1 ? `${p} of image ${index}` : p;
    }
    return undefined;
  };
}

/** A source blob read back uncompressed; its SHA-1 is checked on every front-to-back pass. */
export function verifiedSource(src: Wim, blob: BlobEntry): BlobSource {
  let sha: Sha1 | undefined;
  let next = 0;
  return {
    size: blob.size,
    hash: blob.hash,
    read(offset, len, dst, dstOff) {
      if (offset === 0) {
        sha = new Sha1();
        next = 0;
      }
      const res = blob.res;
      if (res.compression === CompressionFormat.None && !res.solid && offset >= 0 && blob.offsetInRes + offset + len <= res.uncompressedSize) {
        // Stored uncompressed: read straight into the writer's buffer, not through the reader's.
        res.file.readInto(dst, dstOff, len, res.offsetInWim + blob.offsetInRes + offset);
        if (sha && offset === next) sha.update(dst, dstOff, len);
      } else {
        let pos = dstOff;
        src.reader.read(res, blob.offsetInRes + offset, len, (d, o, n) => {
          dst.set(d.subarray(o, o + n), pos);
          if (sha && offset === next) sha.update(d, o, n);
          pos += n;
        });
      }
      if (offset === next) next += len;
      else sha = undefined;
      if (sha && next === blob.size) {
        const ok = hashEquals(sha.digest(), blob.hash);
        sha = undefined;
        if (!ok) throw new WimError(WimErrorCode.HashMismatch, `A blob (SHA-1 ${blob.key}) is corrupt: its data does not match its SHA-1.`, blob.res.file.path);
      }
    },
  };
}

/**
 * Order of blobs in a solid resource, as wimlib packs them so that similar files sit together: blobs with no name
 * first (in the order given), then names without an extension by name, then the others by extension, then name
 * (both without regard to case). Array.prototype.sort is stable, so equal keys keep their order.
 */
export function compareForSolid(a: string | undefined, b: string | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  const da = a.lastIndexOf('.');
  const db = b.lastIndexOf('.');
  if (da >= 0) {
    if (db < 0) return 1;
    const r = compareNoCase(a.slice(da + 1), b.slice(db + 1));
    if (r !== 0) return r;
  } else if (db >= 0) return -1;
  return compareNoCase(a, b);
}

function compareNoCase(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a blob (`res`: its resource; it lies at offsetInRes and holds `size` bytes) can be copied as stored. */
export function canCopyRaw(
  src: Wim,
  res: { solid: boolean; uncompressedSize: number; flags: number; compression: CompressionFormat; chunkSize: number },
  offsetInRes: number,
  size: number,
  format: CompressionFormat,
  chunkSize: number,
): boolean {
  if (res.solid || offsetInRes !== 0 || res.uncompressedSize !== size) return false;
  if (res.flags & ReshdrFlag.Compressed) return res.compression === format && res.chunkSize === chunkSize;
  // Stored uncompressed: fine in an uncompressed WIM, or where the source WIM had the same compression and found
  // that this blob does not compress.
  return format === CompressionFormat.None || (src.header.compression === format && src.header.chunkSize === chunkSize);
}

export async function exportImage(opts: ExportOptions): Promise<ExportResult> {
  const h = host();
  const log = opts.log;
  if (opts.sourceIndex === undefined && opts.sourceName === undefined) {
    throw new WimError(WimErrorCode.InvalidParameter, 'Either the Name or Index parameter is required.');
  }
  if (opts.destinationName !== undefined && hasIllegalXmlChars(opts.destinationName)) {
    throw new WimError(WimErrorCode.InvalidParameter, 'Destination image name contains illegal characters.');
  }
  const requestedFormat = opts.compression !== undefined ? parseCompression(opts.compression) : undefined;
  const destination = h.path.resolve(opts.destination);
  const src = openWim(h.path.resolve(opts.source), { splitPattern: opts.splitPattern, onWarning: (m) => log?.('warning', m) });
  try {
    if (opts.checkIntegrity && src.checkIntegrity() === 'mismatch') {
      throw new WimError(WimErrorCode.IntegrityCheckFailed, 'The source WIM file is corrupt: its contents do not match its integrity table.', src.path);
    }
    const index = resolveImage(src, { index: opts.sourceIndex, name: opts.sourceName });
    const srcImg = src.images[index - 1];
    const destName = opts.destinationName ?? srcImg.name ?? '';
    // The source's metadata resource is read first (one buffer, dropped before the blobs are copied), so that a
    // bad tree or a missing blob refuses the export before the destination is even locked.
    const metaEntry = src.metadataEntry(index);
    const em = exportMetadata(src, readMetadataResource(src, index), log);

    // Decided by prepare, once the destination's format is known.
    let rawMetadata = false;
    let metadata: BlobSource | undefined;
    let rawById = new Uint8Array(0);
    let solidNames: Map<number, string> | undefined;
    const pl = new BlobPlace();

    const result = await runWriteTransaction<ExportResult>(destination, opts, {
      existing: 'append',
      imageName: destName,
      requestedFormat,
      solidCapable: true,
      newLayout(): WimLayout {
        let format: CompressionFormat;
        let chunkSize: number;
        if (requestedFormat !== undefined) {
          format = requestedFormat;
          chunkSize = opts.chunkSize ?? (opts.wimBoot && format === CompressionFormat.Xpress ? 4096 : defaultChunkSize(format));
        } else if (opts.wimBoot) {
          format = CompressionFormat.Xpress;
          chunkSize = opts.chunkSize ?? 4096;
        } else {
          const solidSource = [...src.parts].some((p) => p.header.version === 0xe00);
          format = solidSource || src.header.compression === CompressionFormat.Lzms ? CompressionFormat.Lzx : src.header.compression;
          chunkSize = opts.chunkSize ?? (format === src.header.compression ? src.header.chunkSize : defaultChunkSize(format));
        }
        // LZMS is written solid (an .esd), its metadata resources non-solid in chunks of 128 KiB.
        if (format === CompressionFormat.Lzms) return { format, chunkSize, solid: opts.solid ?? true };
        return { format, chunkSize };
      },

      prepare({ format, chunkSize, solid }): CompressionWork {
        // The metadata resource: the source's, raw, when it can be (see exportMetadata), else rewritten now, before
        // the first write, since rewriting it can still refuse the export (too large).
        // Solid packing sorts the blobs by their files' names (read now, while the metadata buffer is held).
        if (solid) solidNames = em.blobNames();
        rawMetadata = em.unchanged && canCopyRaw(src, metaEntry.res, metaEntry.offsetInRes, metaEntry.size, format, chunkSize);
        metadata = rawMetadata ? undefined : em.rebuild!();
        em.rebuild = undefined;
        // Which blobs go raw is decided once per blob (rawById), walking them by number (one BlobPlace filled in
        // turn). When every blob is copied raw, only the metadata resource is compressed: little work.
        rawById = new Uint8Array(src.blobIdLimit);
        let allRaw = true;
        for (const id of em.ids) {
          src.placeBlob(id, pl);
          if (!solid && canCopyRaw(src, pl, pl.offsetInRes, pl.size, format, chunkSize)) rawById[id] = 1;
          else allRaw = false;
        }
        return !allRaw ? 'much' : rawMetadata ? 'none' : 'little';
      },

      async write(tx) {
        const writer = tx.writer;
        // Blobs the destination holds already only gain references (an edition appended beside its siblings shares
        // most of its files); the others are written in the order they lie in the source, so that reading it is a
        // front-to-back pass and a same-compression export a few large copies. A BlobEntry is made only for a blob
        // that is recompressed, one at a time. Progress counts the bytes to write.
        const news: number[] = [];
        let dedup = 0;
        let total = 0;
        let rawStored = 0;
        for (const id of em.ids) {
          src.placeBlob(id, pl);
          if (writer.has(pl.hashes, pl.hashOff)) {
            writer.addRefs(pl.hashes, em.refs[id], pl.hashOff);
            dedup++;
          } else {
            news.push(id);
            total += pl.size;
            if (rawById[id]) rawStored += pl.sizeInWim;
          }
        }
        tx.progress.total = total;
        // Blobs copied raw are checked as they go (structure as each piece is read, content on the worker threads
        // and this one): a damaged source fails the export, whose transaction then leaves no destination (or the
        // old one as it was). Made now, so that its workers load while the metadata is written; for a few MiB
        // this thread checks alone (no worker start).
        const verifier =
          rawStored > 0 ? new RawCopyVerifier(tx.layout.format, tx.layout.chunkSize, { threads: opts.threads, describe: describeBlob(src, [index]), expectedBytes: rawStored }) : undefined;
        try {
          // The metadata resource goes first (readers find it through the blob table, wherever it lies): then its
          // buffer is not held while the blobs are copied.
          if (metadata) {
            await writer.addMetadata(metadata);
            await writer.res.flush();
            metadata = undefined;
          } else {
            const file = metaEntry.res.file;
            await writer.copyMetadataRaw(metaEntry.hash, (buf, off, len, pos) => file.readInto(buf, off, len, pos), metaEntry.res);
          }

          src.sortBlobIdsByLocation(news);
          if (solidNames) {
            // Blobs of solid source resources keep their order (they were packed already) and come first.
            const names = solidNames;
            for (const id of news) {
              src.placeBlob(id, pl);
              if (pl.solid) names.delete(id);
            }
            news.sort((a, b) => compareForSolid(names.get(a), names.get(b)));
            solidNames = undefined;
          }
          // Solid: the resource's chunk table is sized for every new blob (see io/solid-write.ts).
          writer.planSolid(total);
          let raw = 0;
          let recompressed = 0;
          let bytesWritten = 0;
          for (let k = 0; k < news.length; ) {
            src.placeBlob(news[k], pl);
            const refs = em.refs[news[k]];
            if (!rawById[news[k]]) {
              const b = src.blobById(news[k]);
              bytesWritten += b.size;
              await writer.addBlob(verifiedSource(src, b), refs, b.hash);
              recompressed++;
              k++;
              continue;
            }
            // A run: this blob and those stored right after it in the same file, all new and copied raw, go in one
            // copy (a WIM written in one go lays its blobs back to back: a same-compression export is then a few
            // large reads and writes, not two system calls per file). Each piece is read once, by the verifier's
            // run reader, which checks it and serves it to the writer.
            const file = pl.file;
            const from = pl.offsetInWim;
            let end = from;
            const run: { hash: Uint8Array; refCount: number; reshdr: Reshdr }[] = [];
            const blobs: RawBlob[] = [];
            for (; k < news.length && run.length < MAX_RAW_RUN; k++) {
              if (run.length > 0) {
                if (!rawById[news[k]]) break;
                src.placeBlob(news[k], pl);
                if (pl.file !== file || pl.offsetInWim !== end || writer.has(pl.hashes, pl.hashOff)) break;
              }
              const reshdr = { offsetInWim: pl.offsetInWim, sizeInWim: pl.sizeInWim, uncompressedSize: pl.uncompressedSize, flags: pl.flags };
              const hash = pl.hashes.subarray(pl.hashOff, pl.hashOff + 20);
              run.push({ hash, refCount: em.refs[news[k]], reshdr });
              blobs.push({ file, ...reshdr, hashes: hash, hashOff: 0 });
              end += pl.sizeInWim;
              bytesWritten += pl.size;
            }
            const reader = verifier!.run(file, (buf, off, len, pos) => file.readInto(buf, off, len, pos), from, end - from, blobs);
            await writer.copyRawRun((buf, off, len, pos) => reader.readRun(buf, off, len, pos), from, end - from, run);
            await reader.complete();
            raw += run.length;
          }
          await writer.res.flush();
          await verifier?.finish();
          // Every blob is read: the source's chunk buffers (64 MiB for an ESD) and decompressors can go.
          src.reader.release();

          const img = makeImageElement(srcImg.element, {
            name: destName,
            stats: em.stats,
            wimBoot: opts.wimBoot ? true : undefined,
          });
          const images = [...tx.oldImages, img];
          return {
            images,
            // A new WIM keeps the source's boot image bootable.
            bootIndex: !opts.setBootable && !tx.dest && src.header.bootIndex === index ? 1 : undefined,
            extraFlags: src.header.flags & HeaderFlag.RpFix,
            result: {
              destination,
              imageIndex: images.length,
              imageCount: images.length,
              appended: tx.dest !== undefined,
              blobsCopiedRaw: raw,
              blobsRecompressed: recompressed,
              blobsDeduplicated: dedup,
              metadataCopiedRaw: rawMetadata,
              bytesWritten,
            },
          };
        } finally {
          await verifier?.close();
        }
      },
    });
    log?.(
      'info',
      `Exported image ${index} of ${src.path} to ${destination} as image ${result.imageIndex}: ${result.blobsCopiedRaw} blobs copied raw, ${result.blobsRecompressed} compressed, ${result.blobsDeduplicated} already present.`,
    );
    return result;
  } finally {
    src.close();
  }
}
