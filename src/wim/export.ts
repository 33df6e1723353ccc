/*
 * Export: image N of a source (.wim, .esd, split .swm set) written into a new WIM or appended to an existing one.
 *
 * - Blobs are stored once: a blob the destination already holds (by SHA-1) only gets its refcnt raised.
 * - A blob whose source resource is non-solid and stored with the destination's compression and chunk size is
 *   copied raw (chunk table and chunks as they are), with no decompression or compression: install.wim to
 *   install.wim runs at file-copy speed. Any other blob (solid ESD resources, other formats) is read, its SHA-1
 *   checked, and compressed again through the chunk compressor (worker threads).
 * - The metadata resource is rebuilt from the parsed dentry tree, its tagged items (object IDs...) and security
 *   data (write-metadata.ts), and the image's XML element carried over (WINDOWS, FLAGS, DISPLAYNAME...) with NAME,
 *   DESCRIPTION, counts and WIMBOOT set, in DISM's element order.
 * - Everything that can refuse the export (bad index or name, name clash, locked destination, unsupported
 *   compression) is checked before the first byte is written; a new WIM is written under a temporary name and
 *   renamed at the end; an append leaves the old data alone until the header is rewritten (write-wim.ts).
 */
import { host } from '../host/host';
import { CompressionFormat } from './codecs/codec';
import { createChunkCompressor } from './compress-parallel';
import type { ChunkCompressor } from './compress-serial';
import type { BlobEntry } from './blob-table';
import { align8, u16, u64 } from './bytes';
import { DENTRY_DISK_SIZE, type Dentry, FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_REPARSE_POINT } from './dentry';
import { MAX_METADATA_SIZE, parseMetadata } from './metadata';
import { WimError, WimErrorCode } from './errors';
import { HeaderFlag, compressionName } from './header';
import { lockDestination } from './lock';
import { ReshdrFlag } from './reshdr';
import { Sha1, hashEquals, isZeroHash } from './sha1';
import { type Wim, openWim, resolveImage } from './wim';
import { type DestinationInfo, checkChunkSize, checkNewImageName, defaultChunkSize, openDestination, parseCompression } from './write-dest';
import { type OutDentry, type OutInode, imageStats, serializeMetadata } from './write-metadata';
import type { BlobSource } from './write-resource';
import { WimWriter } from './write-wim';
import { hasIllegalXmlChars, makeImageElement } from './write-xml';

export interface ExportOptions {
  source: string;
  /** Glob of the parts of a split source (-SplitImageFilePattern). */
  splitPattern?: string;
  sourceIndex?: number;
  sourceName?: string;
  destination: string;
  /** Name of the new image (default: the source image's name). */
  destinationName?: string;
  /** For a new destination; ignored (with a warning) when appending. Default: the source's compression. */
  compression?: 'none' | 'xpress' | 'lzx' | 'lzms' | 'fast' | 'max' | 'maximum' | 'recovery';
  chunkSize?: number;
  /** Check the source's integrity table (when it has one) and write one into the destination. */
  checkIntegrity?: boolean;
  /** Make the new image the boot image. */
  setBootable?: boolean;
  /** Mark the image WIMBoot (XML WIMBOOT=1); a new destination then defaults to XPRESS with 4 KiB chunks. */
  wimBoot?: boolean;
  /** Accepted for DISM compatibility; the writer needs no scratch space. */
  scratchDirectory?: string;
  /** Compression threads (default: one per core; 1 = in this thread). */
  threads?: number;
  /** Wait this long for another writer of the destination (ms), default 0 (fail at once). */
  lockWaitMs?: number;
  onProgress?(done: number, total: number): void;
  log?(level: 'info' | 'warning' | 'error', msg: string): void;
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
  /** Uncompressed bytes of the blobs written. */
  bytesWritten: number;
}

export interface TreeBuild {
  root: OutDentry;
  /** Reference counts of the blobs the image references, by blob id (Wim.blobId): one per dentry stream. */
  refs: Uint32Array;
  /** The ids with a reference, each once. */
  ids: number[];
}

/** The reader's dentry tree as the writer's, resolving every stream's blob (size) in the source. */
export function buildTree(src: Wim, root: Dentry, metadata?: Uint8Array): TreeBuild {
  const refs = new Uint32Array(src.blobIdLimit);
  const ids: number[] = [];
  const groups = new Map<bigint, OutInode>();
  /** The stream's blob id (-1 for no data), its reference counted. */
  const lookup = (hash: Uint8Array, where: Dentry): number => {
    if (isZeroHash(hash)) return -1;
    const id = src.blobId(hash);
    if (id < 0) throw new WimError(WimErrorCode.BlobNotFound, `A file of the image ("${where.name}") names a blob that the WIM does not hold.`, src.path);
    if (refs[id]++ === 0) ids.push(id);
    return id;
  };
  const convert = (d: Dentry): OutDentry => {
    let inode = d.hardLinkGroupId !== 0n && !(d.attributes & FILE_ATTRIBUTE_REPARSE_POINT) ? groups.get(d.hardLinkGroupId) : undefined;
    const shared = inode !== undefined;
    if (!inode) {
      inode = {
        attributes: d.attributes,
        securityId: d.securityId,
        creationTime: d.creationTime,
        lastAccessTime: d.lastAccessTime,
        lastWriteTime: d.lastWriteTime,
        reparseTag: d.reparseTag,
        rpReserved: d.rpReserved,
        rpFlags: d.rpFlags,
        hardLinkGroupId: d.attributes & FILE_ATTRIBUTE_REPARSE_POINT ? 0n : d.hardLinkGroupId,
        dataHash: null,
        dataSize: 0,
        namedStreams: [],
        extra: metadata ? dentryTaggedItems(metadata, d.offset) : undefined,
      };
      if (inode.hardLinkGroupId !== 0n) groups.set(inode.hardLinkGroupId, inode);
    }
    for (const s of d.streams) {
      if (isZeroHash(s.hash) && s.name === '') continue;
      const id = lookup(s.hash, d);
      if (shared) continue; // the inode's streams were set by its first link; this link only adds references
      const size = id >= 0 ? src.blobSize(id) : 0;
      if (s.name !== '') inode.namedStreams.push({ name: s.name, hash: s.hash, size });
      else if (s.type === 'reparse') {
        inode.reparseHash = s.hash;
        inode.reparseSize = size;
      } else if (s.type === 'efs') {
        inode.efsHash = s.hash;
        inode.efsSize = size;
      } else if (s.type === 'data') {
        inode.dataHash = s.hash;
        inode.dataSize = size;
      }
    }
    const isDir = (d.attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) === FILE_ATTRIBUTE_DIRECTORY;
    return { name: d.name, shortName: d.shortName, inode, children: isDir ? [] : null };
  };
  // Iterative preorder copy, children kept in the source's (collation) order.
  const outRoot = convert(root);
  const stack: [Dentry, OutDentry][] = [[root, outRoot]];
  while (stack.length) {
    const [d, o] = stack.pop()!;
    if (!o.children) continue;
    for (const c of d.children) {
      const oc = convert(c);
      o.children.push(oc);
      stack.push([c, oc]);
    }
  }
  return { root: outRoot, refs, ids };
}

/**
 * The tagged items of the dentry at `offset` (object IDs, wimlib's UNIX data...): the bytes between its 8-aligned
 * names and its length. The reader's Dentry does not keep them; the export carries them over as they are.
 */
export function dentryTaggedItems(metadata: Uint8Array, offset: number): Uint8Array | undefined {
  if (offset < 0 || offset + DENTRY_DISK_SIZE > metadata.length) return undefined;
  const length = u64(metadata, offset);
  const nameBytes = u16(metadata, offset + 100);
  const shortBytes = u16(metadata, offset + 98);
  const namesEnd = align8(DENTRY_DISK_SIZE + (nameBytes ? nameBytes + 2 : 0) + (shortBytes ? shortBytes + 2 : 0));
  if (!(length > namesEnd) || offset + length > metadata.length) return undefined;
  const extra = metadata.slice(offset + namesEnd, offset + length);
  return extra.some((b) => b !== 0) ? extra : undefined;
}

/** The uncompressed metadata resource of image `index`, its SHA-1 checked. */
function readMetadataResource(src: Wim, index: number): Uint8Array {
  const entry = src.metadataEntry(index);
  const buf = src.reader.readAll(entry.res, entry.offsetInRes, entry.size, MAX_METADATA_SIZE, 'metadata resource');
  if (!hashEquals(new Sha1().update(buf).digest(), entry.hash)) {
    throw new WimError(WimErrorCode.HashMismatch, `The metadata resource of image ${index} is corrupt (SHA-1 mismatch).`, entry.res.file.path);
  }
  return buf;
}

/** A source blob read back uncompressed; its SHA-1 is checked on every front-to-back pass. */
function verifiedSource(src: Wim, blob: BlobEntry): BlobSource {
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
      let pos = dstOff;
      src.reader.read(blob.res, blob.offsetInRes + offset, len, (d, o, n) => {
        dst.set(d.subarray(o, o + n), pos);
        if (sha && offset === next) sha.update(d, o, n);
        pos += n;
      });
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

function canCopyRaw(src: Wim, blob: BlobEntry, format: CompressionFormat, chunkSize: number): boolean {
  const res = blob.res;
  if (res.solid || blob.offsetInRes !== 0 || res.uncompressedSize !== blob.size) return false;
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
  const destination = h.path.resolve(opts.destination);
  const src = openWim(h.path.resolve(opts.source), { splitPattern: opts.splitPattern, onWarning: (m) => log?.('warning', m) });
  let release: (() => Promise<void>) | undefined;
  let writer: WimWriter | undefined;
  let compressor: ChunkCompressor | null = null;
  try {
    if (opts.checkIntegrity && src.checkIntegrity() === 'mismatch') {
      throw new WimError(WimErrorCode.IntegrityCheckFailed, 'The source WIM file is corrupt: its contents do not match its integrity table.', src.path);
    }
    const index = resolveImage(src, { index: opts.sourceIndex, name: opts.sourceName });
    const srcImg = src.images[index - 1];
    const destName = opts.destinationName ?? srcImg.name ?? '';
    // Only the converted tree and the security descriptors are kept: the parsed tree can be collected.
    let tree: TreeBuild;
    let descriptors: Uint8Array[];
    {
      const metadata = readMetadataResource(src, index);
      const md = parseMetadata(metadata, { path: src.path, onWarning: (m) => log?.('warning', m) });
      tree = buildTree(src, md.root, metadata);
      descriptors = md.security.descriptors.map((d) => d.slice());
    }

    // The lock first, then everything that may refuse the export, then the first write.
    release = await lockDestination(destination, { waitMs: opts.lockWaitMs });
    WimWriter.removeStaleTemporaries(destination, (m) => log?.('info', m));
    let dest: DestinationInfo | undefined;
    if (h.fs.existsSync(destination)) {
      dest = openDestination(destination, { checkIntegrity: opts.checkIntegrity });
      checkNewImageName(dest, destName, destination);
    }
    let format: CompressionFormat;
    let chunkSize: number;
    if (dest) {
      format = dest.header.compression;
      chunkSize = dest.header.chunkSize;
      if (opts.compression !== undefined && parseCompression(opts.compression) !== format) {
        log?.('warning', `The destination exists and is ${compressionName(format)}-compressed; the requested compression type does not apply to it.`);
      }
    } else if (opts.compression !== undefined) {
      format = parseCompression(opts.compression);
      chunkSize = opts.chunkSize ?? (opts.wimBoot && format === CompressionFormat.Xpress ? 4096 : defaultChunkSize(format));
    } else if (opts.wimBoot) {
      format = CompressionFormat.Xpress;
      chunkSize = opts.chunkSize ?? 4096;
    } else {
      const solidSource = [...src.parts].some((p) => p.header.version === 0xe00);
      format = solidSource || src.header.compression === CompressionFormat.Lzms ? CompressionFormat.Lzx : src.header.compression;
      chunkSize = opts.chunkSize ?? (format === src.header.compression ? src.header.chunkSize : defaultChunkSize(format));
    }
    if (format === CompressionFormat.Lzms) {
      throw new WimError(WimErrorCode.InvalidCompressionType, 'LZMS ("recovery") compression is not supported for writing yet.', destination);
    }
    checkChunkSize(format, chunkSize);

    // Blob ids in file order; a BlobEntry is made for one blob at a time.
    const ids = tree.ids;
    src.sortBlobIdsByLocation(ids);
    let total = 0;
    // When every blob is copied raw, only the metadata resource is compressed: one thread does, without the
    // memory of a worker per core.
    const allRaw = ids.every((id) => canCopyRaw(src, src.blobById(id), format, chunkSize));
    const threads = allRaw ? 1 : opts.threads;
    compressor = format === CompressionFormat.None ? null : createChunkCompressor(format, chunkSize, { threads, log: (m) => log?.('info', m) });
    const progress = opts.onProgress ? (n: number) => opts.onProgress!(Math.min(n, total), total) : undefined;
    writer = dest
      ? WimWriter.openAppend(destination, dest.header, dest.blobTableBytes, dest.dataEnd, compressor, progress)
      : WimWriter.createNew(destination, format, chunkSize, compressor, progress);

    // Progress counts the bytes to write: blobs the destination already holds cost nothing.
    for (const id of ids) if (!writer.has(src.blobById(id).hash)) total += src.blobSize(id);
    let raw = 0;
    let recompressed = 0;
    let dedup = 0;
    let bytesWritten = 0;
    for (const id of ids) {
      const b = src.blobById(id);
      const refs = tree.refs[id];
      if (writer.has(b.hash)) {
        writer.addRefs(b.hash, refs);
        dedup++;
        continue;
      }
      bytesWritten += b.size;
      if (canCopyRaw(src, b, format, chunkSize)) {
        const file = b.res.file;
        await writer.copyBlobRaw(b.hash, b.hash, refs, (buf, off, len, pos) => file.readInto(buf, off, len, pos), {
          offsetInWim: b.res.offsetInWim,
          sizeInWim: b.res.sizeInWim,
          uncompressedSize: b.res.uncompressedSize,
          flags: b.res.flags,
        });
        raw++;
      } else {
        await writer.addBlob(verifiedSource(src, b), refs, b.hash);
        recompressed++;
      }
    }
    await writer.res.flush();

    await writer.addMetadata(serializeMetadata(descriptors, tree.root));
    const img = makeImageElement(srcImg.element, {
      name: destName,
      stats: imageStats(tree.root),
      wimBoot: opts.wimBoot ? true : undefined,
    });
    const images = dest ? [...dest.imageElements, img] : [img];
    const imageIndex = images.length;
    let bootIndex: number;
    if (opts.setBootable) bootIndex = imageIndex;
    else if (dest) bootIndex = dest.header.bootIndex;
    else bootIndex = src.header.bootIndex === index ? 1 : 0;
    await writer.finish({
      images,
      xmlBase: dest?.xmlRoot,
      bootIndex,
      integrity: opts.checkIntegrity ?? (dest ? dest.hasIntegrity : false),
      oldIntegrity: dest?.oldIntegrity,
      extraFlags: src.header.flags & HeaderFlag.RpFix,
    });
    log?.('info', `Exported image ${index} of ${src.path} to ${destination} as image ${imageIndex}: ${raw} blobs copied raw, ${recompressed} compressed, ${dedup} already present.`);
    return {
      destination,
      imageIndex,
      imageCount: images.length,
      appended: dest !== undefined,
      blobsCopiedRaw: raw,
      blobsRecompressed: recompressed,
      blobsDeduplicated: dedup,
      bytesWritten,
    };
  } catch (e) {
    writer?.abort();
    throw e;
  } finally {
    await compressor?.close();
    if (release) await release();
    src.close();
  }
}
