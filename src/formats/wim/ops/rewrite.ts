/*
 * Rewriting images of one WIM into new files: what delete (the WIM rebuilt without an image) and split (the WIM
 * cut into .swm parts) share.
 *
 * - rewriteLayout and rewriteWork answer the transaction's newLayout and prepare: the source's own compression
 *   and chunk size (so that everything can go in raw), or for a solid (LZMS) source LZX with 32 KiB chunks, as
 *   export writes one (LZMS is not written yet); and which blobs and metadata resources go in raw.
 * - readImages reads each image's metadata resource once, before the transaction starts, so that a bad tree or a
 *   missing blob refuses the operation before anything is written: it sums the blobs' reference counts over the
 *   images kept (every count of the new blob table is recomputed, not copied) and notes which resources can go
 *   in raw (same compression and chunk size, non-solid) and which must be decompressed and compressed again
 *   (a solid LZMS source: wimlib refuses to split one, we write its parts non-solid).
 * - writeMetadata writes the kept images' metadata resources (raw, recompressed as they are, or rebuilt when the
 *   reader skipped dentries), one buffer at a time.
 * - copyBlobs writes the blobs in the order they lie in the source (front-to-back reads), raw in runs where it
 *   can, else read (SHA-1 checked) and compressed again; `room` lets the split plan start a new part before a
 *   blob that would not fit (a blob larger than a part gets a part of its own, as DISM says). Blobs copied raw are
 *   checked as they go (io/verify-copy.ts: structure, then decompressed and hashed on the worker threads), so that a
 *   damaged source fails the rewrite instead of passing its damage on.
 */
import { CompressionFormat } from '../../codecs/codec';
import { BlobPlace } from '../blob-table';
import { WIM_HEADER_SIZE } from '../header';
import type { Reshdr } from '../reshdr';
import type { Wim } from '../wim';
import type { CompressionWork, WimLayout, WriteTransaction } from '../write/transaction';
import type { BlobSource } from '../io/write-resource';
import { type ExportOptions, canCopyRaw, describeBlob, exportMetadata, readMetadataResource, verifiedSource } from './export';
import { type RawBlob, RawCopyVerifier } from '../io/verify-copy';
import type { ImageStats } from '../metadata';

/** Most blobs copied raw in one run (bounds the run's list; the bytes stream). */
const MAX_RAW_RUN = 4096;

export interface ReadImages {
  /** Reference counts by blob id (Wim.blobId), summed over the images read. */
  refs: Uint32Array;
  /** Blob ids with a reference, each once, in the order they lie in the source. */
  ids: number[];
  /** Per image read: its stats and whether its resource names exactly the blobs counted (else rebuilt). */
  images: { index: number; stats: ImageStats; unchanged: boolean }[];
}

/** Reads the metadata of images `indexes` of `src` (see above); holds no metadata buffer when it returns. */
export function readImages(src: Wim, indexes: readonly number[], log?: ExportOptions['log']): ReadImages {
  const refs = new Uint32Array(src.blobIdLimit);
  const ids: number[] = [];
  const images: ReadImages['images'] = [];
  for (const index of indexes) {
    const em = exportMetadata(src, readMetadataResource(src, index), log);
    em.rebuild = undefined;
    for (const id of em.ids) {
      if (refs[id] === 0) ids.push(id);
      refs[id] += em.refs[id];
    }
    images.push({ index, stats: em.stats, unchanged: em.unchanged });
  }
  src.sortBlobIdsByLocation(ids);
  return { refs, ids, images };
}

/**
 * The layout a rewrite of `src` writes: the source's own; for a solid source (a WIM version 0xE00 part, or LZMS
 * compression) LZX with 32 KiB chunks, after `onSolid` (the plan's message) is called.
 */
export function rewriteLayout(src: Wim, onSolid: () => void): WimLayout {
  const solid = src.parts.some((p) => p.header.version === 0xe00) || src.header.compression === CompressionFormat.Lzms;
  if (!solid) return { format: src.header.compression, chunkSize: src.header.chunkSize };
  onSolid();
  return { format: CompressionFormat.Lzx, chunkSize: 32768 };
}

/**
 * Which blobs of `read` go in raw for this layout (rawById, as rawBlobs gives it), and the compression work left
 * for the transaction's prepare: none when every blob and metadata resource goes in raw, little when only
 * metadata is compressed, much when blobs are.
 */
export function rewriteWork(src: Wim, read: ReadImages, format: number, chunkSize: number): { rawById: Uint8Array; work: CompressionWork } {
  const r = rawBlobs(src, read.ids, format, chunkSize);
  const metaRaw = read.images.every((img) => rawMetadata(src, img.index, img.unchanged, format, chunkSize));
  return { rawById: r.rawById, work: !r.all ? 'much' : metaRaw ? 'none' : 'little' };
}

/** The uncompressed bytes of blobs `ids`: a rewrite's progress total. */
export function blobBytes(src: Wim, ids: readonly number[]): number {
  let total = 0;
  for (const id of ids) total += src.blobSize(id);
  return total;
}

/** Which blobs go in raw for this layout (rawById[id] = 1); `all` when every one does. */
export function rawBlobs(src: Wim, ids: readonly number[], format: number, chunkSize: number): { rawById: Uint8Array; all: boolean } {
  const pl = new BlobPlace();
  const rawById = new Uint8Array(src.blobIdLimit);
  let all = true;
  for (const id of ids) {
    src.placeBlob(id, pl);
    if (canCopyRaw(src, pl, pl.offsetInRes, pl.size, format, chunkSize)) rawById[id] = 1;
    else all = false;
  }
  return { rawById, all };
}

/** Whether image `index`'s metadata resource can be copied as it is stored. */
export function rawMetadata(src: Wim, index: number, unchanged: boolean, format: number, chunkSize: number): boolean {
  const e = src.metadataEntry(index);
  return unchanged && canCopyRaw(src, e.res, e.offsetInRes, e.size, format, chunkSize);
}

/** Writes the metadata resources of `images` (in order) through tx.writer. */
export async function writeMetadata(src: Wim, tx: WriteTransaction, images: ReadImages['images'], log?: ExportOptions['log']): Promise<void> {
  const { format, chunkSize } = tx.layout;
  for (const img of images) {
    const writer = tx.writer;
    const e = src.metadataEntry(img.index);
    if (rawMetadata(src, img.index, img.unchanged, format, chunkSize)) {
      const file = e.res.file;
      await writer.copyMetadataRaw(e.hash, (buf, off, len, pos) => file.readInto(buf, off, len, pos), e.res);
      continue;
    }
    const buf = readMetadataResource(src, img.index);
    let source: BlobSource | Uint8Array = buf;
    // A resource naming blobs the reader skipped would name blobs the new file lacks: rebuilt from what is kept.
    if (!img.unchanged) source = exportMetadata(src, buf, log).rebuild!();
    await writer.addMetadata(source);
    await writer.res.flush();
  }
}

export interface CopyCounts {
  raw: number;
  recompressed: number;
  /** Uncompressed bytes of the blobs written. */
  bytes: number;
}

/**
 * Copies blobs `ids` (in that order) with reference counts `refs` into tx.writer. `room`, when given, is asked
 * before each blob how many more bytes the current part takes; when the blob (its stored size, or for a blob to
 * compress its uncompressed size, checked again exactly after a flush) does not fit and the part holds something
 * already, `nextPart` starts the next one.
 */
export async function copyBlobs(
  src: Wim,
  tx: WriteTransaction,
  ids: readonly number[],
  refs: Uint32Array,
  rawById: Uint8Array,
  parts?: { limit: number; nextPart(): Promise<void> },
  /** For the check of raw copies: its threads, and the images whose files name a damaged blob in the error. */
  verify: { threads?: number; images?: readonly number[] } = {},
): Promise<CopyCounts> {
  let verifier: RawCopyVerifier | undefined;
  try {
    return await copyBlobsChecked(src, tx, ids, refs, rawById, parts, () => {
      verifier ??= new RawCopyVerifier(tx.layout.format, tx.layout.chunkSize, { threads: verify.threads, describe: describeBlob(src, verify.images ?? []) });
      return verifier;
    });
  } finally {
    await verifier?.close();
  }
}

async function copyBlobsChecked(
  src: Wim,
  tx: WriteTransaction,
  ids: readonly number[],
  refs: Uint32Array,
  rawById: Uint8Array,
  parts: { limit: number; nextPart(): Promise<void> } | undefined,
  verifier: () => RawCopyVerifier,
): Promise<CopyCounts> {
  const pl = new BlobPlace();
  const counts: CopyCounts = { raw: 0, recompressed: 0, bytes: 0 };
  // Uncompressed bytes handed to the compressor since the last flush: not in the file's size yet.
  let pending = 0;
  // Bytes the current part still takes (its header counts; its blob table and XML, written at the end, do not).
  const room = (): number => (parts ? parts.limit - tx.writer.out.pos : Infinity);
  const fits = async (size: number, exact: boolean): Promise<void> => {
    if (!parts) return;
    if (size + pending <= room()) return;
    if (!exact || pending > 0) {
      await tx.writer.res.flush();
      pending = 0;
      if (size <= room()) return;
    }
    // An empty part takes any blob: one larger than a part is a part of its own.
    if (tx.writer.out.pos > WIM_HEADER_SIZE) await parts.nextPart();
  };
  for (let k = 0; k < ids.length; ) {
    const id = ids[k];
    src.placeBlob(id, pl);
    if (!rawById[id]) {
      await fits(pl.size, false);
      const b = src.blobById(id);
      counts.bytes += b.size;
      await tx.writer.addBlob(verifiedSource(src, b), refs[id], b.hash);
      pending += b.size;
      counts.recompressed++;
      k++;
      continue;
    }
    await fits(pl.sizeInWim, true);
    // A run: this blob and those stored right after it in the same file, copied in one go, up to what the part
    // still takes (at least one blob).
    const left = room();
    const file = pl.file;
    const from = pl.offsetInWim;
    let end = from;
    const run: { hash: Uint8Array; refCount: number; reshdr: Reshdr }[] = [];
    const blobs: RawBlob[] = [];
    for (; k < ids.length && run.length < MAX_RAW_RUN; k++) {
      if (run.length > 0) {
        if (!rawById[ids[k]]) break;
        src.placeBlob(ids[k], pl);
        if (pl.file !== file || pl.offsetInWim !== end || end - from + pl.sizeInWim > left) break;
      }
      const reshdr = { offsetInWim: pl.offsetInWim, sizeInWim: pl.sizeInWim, uncompressedSize: pl.uncompressedSize, flags: pl.flags };
      const hash = pl.hashes.slice(pl.hashOff, pl.hashOff + 20);
      run.push({ hash, refCount: refs[ids[k]], reshdr });
      blobs.push({ file, ...reshdr, hashes: hash, hashOff: 0 });
      end += pl.sizeInWim;
      counts.bytes += pl.size;
    }
    // Read once: the verifier's run reader checks each piece and serves it to the writer (io/verify-copy.ts).
    const reader = verifier().run(file, (buf, off, len, pos) => file.readInto(buf, off, len, pos), from, end - from, blobs);
    await tx.writer.copyRawRun((buf, off, len, pos) => reader.readRun(buf, off, len, pos), from, end - from, run);
    await reader.complete();
    pending = 0;
    counts.raw += run.length;
  }
  await tx.writer.res.flush();
  if (counts.raw > 0) await verifier().finish();
  return counts;
}
