/*
 * The write transaction: the one sequence every operation that writes a WIM goes through, so that each of them
 * is a plan (what images, blobs and metadata to write) and none repeats the sequence:
 *
 *   1. lock the destination ("<wim>.lock", write/lock.ts: a lock whose owner is gone is taken over at once) and
 *      delete the temporary files that writers now gone left in its folder;
 *   2. open the destination: a new WIM is written under a temporary name beside it, an existing one is read for
 *      an append (write/destination.ts: header, blob table, XML, integrity table) or refused, as the plan says;
 *      an append first cuts off the unreferenced tail a killed append left;
 *   3. check, before any byte is written, all that can refuse the write: the new image's name against the
 *      destination's, the compression format and chunk size, then the plan's own checks (plan.prepare);
 *   4. make the chunk compressor (its thread count and buffers in flight are the factory's memory policy,
 *      codecs/chunk-compressor-parallel.ts) and the WimWriter, and let the plan write (plan.write);
 *   5. finish: blob table, XML data, integrity table, header; rename a new file into place, or sync and rewrite
 *      the header of an append (write/writer.ts);
 *   or abort on any failure, a cancel (the caller's AbortSignal) or Ctrl+C: a new file is removed, an existing
 *   destination is cut back to its old size, byte-identical to what it was; the lock is released either way.
 * Progress is one ProgressMeter (bytes of file data written against the plan's total) reported through the
 * caller's onProgress.
 *
 * Plans: ops/export.ts (an image of another WIM, blobs copied raw where they can be), ops/capture.ts (a directory
 * tree), ops/commit.ts (a mounted directory saved back into image N through writer.replaceMetadata, or appended; a
 * blob the WIM holds already only gains references, writer.releaseRefs drops those only the old tree named; until
 * the new header is written the old one still describes the old image, so a crash leaves the WIM as it was),
 * ops/delete.ts (mode 'replace': the destination is read as for an append but written as a new file under a
 * temporary name and renamed over it in step 5, as wimlib rebuilds) and ops/split.ts (tx.nextPart(): each part is
 * finished under its temporary name with its part number; step 5 writes every part's total_parts and renames them
 * all, abort removes all of them; split parts get boot index 0, as wimlib writes them). delete and split share the
 * copying in ops/rewrite.ts. A new operation is one more plan here, not another copy of this sequence.
 */
import { host } from '../../../platform/host';
import { CompressionFormat } from '../../codecs/codec';
import type { ChunkCompressor } from '../../codecs/chunk-compressor';
import { createChunkCompressor } from '../../codecs/chunk-compressor-parallel';
import { WimError, WimErrorCode, fromHostError } from '../../errors';
import { type OperationControl, ProgressMeter, canceledError } from '../../progress';
import { WIM_VERSION_SOLID, compressionName } from '../header';
import { SOLID_CHUNK_SIZE } from '../io/solid-write';
import type { XmlElement } from '../xml';
import { type DestinationInfo, checkChunkSize, checkNewImageName, cutOrphanTail, openDestination } from './destination';
import { lockDestination } from './lock';
import { isReadOnlyVolumePath } from '../../../vfs/vfs-fs';
import { WimWriter, randomGuid } from './writer';

/** What every operation that writes a WIM takes besides its own options. */
export interface WriteJobOptions extends OperationControl {
  /** Chunk size of a new WIM (default: the format's). */
  chunkSize?: number;
  /** Make the new image the boot image. */
  setBootable?: boolean;
  /** Check an existing destination's integrity table before writing, and write one (default: when it has one). */
  checkIntegrity?: boolean;
  /** Compression threads (default: one per core, at most MAX_DEFAULT_THREADS; 1 = in this thread). */
  threads?: number;
  /** Wait this long for another writer of the destination (ms), default 0 (fail at once). */
  lockWaitMs?: number;
  log?(level: 'info' | 'warning' | 'error', msg: string): void;
}

/** Compression format and chunk size of the WIM being written. */
export interface WimLayout {
  format: CompressionFormat;
  chunkSize: number;
  /**
   * Blobs go into solid resources (LZMS, 64 MiB chunks, version 0xE00: an .esd); chunkSize is then that of the
   * non-solid resources (metadata). An existing destination is solid when it is an LZMS WIM of version 0xE00.
   */
  solid?: boolean;
}

/** How much a plan compresses: nothing (no compressor), little (one thread, no worker), or much. */
export type CompressionWork = 'none' | 'little' | 'much';

/** What the plan's write step returns. */
export interface PlanOutcome<R> {
  /** The IMAGE elements of every image of the finished WIM, in order (tx.oldImages first when appending). */
  images: XmlElement[];
  /**
   * The boot index when the plan sets it; by default the new last image with setBootable, else the destination's
   * boot index, else none.
   */
  bootIndex?: number;
  /** Header flags to set (RP_FIX of an exported image). */
  extraFlags?: number;
  result: R;
}

/** What an operation hands the transaction. */
export interface WritePlan<R> {
  /**
   * What an existing destination means: add to it in place ('append'), refuse the write ('refuse'), or read it as
   * for an append and write it anew ('replace': a new file under a temporary name, with the old GUID, renamed over
   * it at the end; the layout is then the plan's newLayout(), and the old integrity table is not reused).
   */
  readonly existing: 'append' | 'refuse' | 'replace';
  /** Name of the image the plan adds ('' for an unnamed one): refused if an image of the destination has it. */
  readonly imageName?: string;
  /** The compression the caller asked for, if any: a warning when an existing destination has another. */
  readonly requestedFormat?: CompressionFormat;
  /** The plan can write LZMS as solid resources (others refuse LZMS, as before solid writing existed). */
  readonly solidCapable?: boolean;
  /** Format and chunk size of a new WIM (an existing destination keeps its own). */
  newLayout(): WimLayout;
  /**
   * The plan's last checks before the first write (the layout and the destination are known now); says how much
   * it will compress. Default: much.
   */
  prepare?(layout: WimLayout, dest: DestinationInfo | undefined): CompressionWork;
  /** Writes the blobs and metadata resources through tx.writer. */
  write(tx: WriteTransaction): Promise<PlanOutcome<R>>;
}

/** What a plan writes with. */
export interface WriteTransaction {
  /** The destination (absolute path). */
  readonly path: string;
  readonly layout: WimLayout;
  /** The existing destination when appending or replacing. */
  readonly dest: DestinationInfo | undefined;
  /** Its IMAGE elements ([] for a new WIM). */
  readonly oldImages: readonly XmlElement[];
  /** The writer of the current part (a new one after each nextPart()). */
  readonly writer: WimWriter;
  /** 1, or the number of the part being written after nextPart() calls. */
  readonly partNumber: number;
  /**
   * Split sets: finishes the part being written (its blob table lists only its own blobs; part 1 holds the
   * metadata resources; every part gets the whole XML) and starts part partNumber + 1, to be named `path`, with
   * the same GUID, layout and compressor. The parts keep temporary names until the transaction ends: then each
   * gets total_parts and its name; an abort removes them all.
   */
  nextPart(path: string, images: XmlElement[], extraFlags?: number): Promise<void>;
  /** Bytes written so far; the plan sets `total` (bytes of file data it will write) once it knows it. */
  readonly progress: ProgressMeter;
}

/** Runs `plan` against the WIM at `path` (see the sequence above); resolves to the plan's result. */
export async function runWriteTransaction<R>(path: string, job: WriteJobOptions, plan: WritePlan<R>): Promise<R> {
  const h = host();
  const log = job.log;
  if (job.signal?.aborted) throw canceledError(path);
  let cancelled = false;
  let writer: WimWriter | undefined;
  // A cancel (the caller's signal, Ctrl+C or SIGTERM) drops the temporary file or cuts the append back at once;
  // the plan then fails at its next write. Before the writer exists it only marks the write as cancelled.
  const cancel = (): void => {
    cancelled = true;
    writer?.abort();
  };
  job.signal?.addEventListener('abort', cancel);
  const offInterrupt = h.onInterrupt(cancel);
  let release: (() => Promise<void>) | undefined;
  let compressor: ChunkCompressor | null = null;
  /** Solid layouts: the compressor of the solid resources (64 MiB chunks). */
  let solidCompressor: ChunkCompressor | undefined;
  // Split sets: the finished parts under their temporary names, and the names of the parts after the first.
  const parts: { temp: string; path: string }[] = [];
  const partPaths: string[] = [];
  try {
    // A destination on a read-only medium (a mounted ISO's drive) fails here, before the lock file is tried there.
    if (isReadOnlyVolumePath(path)) throw new WimError(WimErrorCode.WriteProtected, 'The media is write protected.', path);
    release = await lockDestination(path, { waitMs: job.lockWaitMs, log: (m) => log?.('info', m) });
    WimWriter.removeStaleTemporaries(path, (m) => log?.('info', m));
    let dest: DestinationInfo | undefined;
    const replace = plan.existing === 'replace';
    if (h.fs.existsSync(path)) {
      if (plan.existing === 'refuse') {
        throw new WimError(WimErrorCode.InvalidParameter, 'The destination file already exists (use append to add an image to it).', path);
      }
      dest = openDestination(path, { checkIntegrity: job.checkIntegrity });
      if (plan.imageName !== undefined) checkNewImageName(dest, plan.imageName, path);
    }
    let layout: WimLayout;
    if (dest && !replace) {
      layout = { format: dest.header.compression, chunkSize: dest.header.chunkSize };
      if (layout.format === CompressionFormat.Lzms && dest.header.version === WIM_VERSION_SOLID) layout.solid = true;
      if (plan.requestedFormat !== undefined && plan.requestedFormat !== layout.format) {
        log?.('warning', `The destination exists and is ${compressionName(layout.format)}-compressed; the requested compression type does not apply to it.`);
      }
    } else {
      layout = plan.newLayout();
    }
    if (layout.format === CompressionFormat.Lzms && !(plan.solidCapable && layout.solid)) {
      throw new WimError(WimErrorCode.InvalidCompressionType, 'LZMS ("recovery") compression is not supported for writing yet.', path);
    }
    checkChunkSize(layout.format, layout.chunkSize);
    const work = plan.prepare ? plan.prepare(layout, dest) : 'much';
    if (cancelled) throw canceledError(path);

    if (layout.format !== CompressionFormat.None && work !== 'none') {
      // Solid: the plain resources are the metadata alone (little work); the blobs have their own compressor.
      const small = work === 'little' || layout.solid === true;
      compressor = createChunkCompressor(layout.format, layout.chunkSize, { threads: job.threads, small, log: (m) => log?.('info', m) });
    }
    const progress = new ProgressMeter(job.onProgress);
    // A rebuilt file keeps its GUID (it is the same WIM); the parts of a split set share one.
    const guid = replace && dest ? dest.header.guid : randomGuid();
    if (dest && !replace) {
      // A killed append left its data past the end the header knows: cut it off first, so that this write (or its
      // abort, which cuts the file back to the size it found) does not keep it.
      let cut: number;
      try {
        cut = cutOrphanTail(dest);
      } catch (e) {
        throw fromHostError(e, path, true);
      }
      if (cut > 0) log?.('info', `Removed ${cut} bytes of unreferenced data an interrupted write left at the end of ${path}.`);
    }
    writer =
      dest && !replace
        ? WimWriter.openAppend(path, dest.header, dest.blobTableBytes, dest.dataEnd, compressor, progress)
        : WimWriter.createNew(path, layout.format, layout.chunkSize, compressor, progress, { guid });
    if (layout.solid) {
      // Made when the first blob comes: a metadata-only write needs no 64 MiB chunk buffers.
      const format = layout.format;
      writer.enableSolid(() => (solidCompressor = createChunkCompressor(format, SOLID_CHUNK_SIZE, { threads: job.threads, small: work !== 'much', log: (m) => log?.('info', m) })), progress);
    }
    const integrity = job.checkIntegrity ?? (dest ? dest.hasIntegrity : false);
    let partNumber = 1;
    const tx: WriteTransaction = {
      path,
      layout,
      dest,
      oldImages: dest ? dest.imageElements : [],
      get writer() {
        return writer as WimWriter;
      },
      get partNumber() {
        return partNumber;
      },
      progress,
      async nextPart(nextPath: string, images: XmlElement[], extraFlags?: number) {
        if (dest && !replace) throw new Error('nextPart: an append has one part');
        if (cancelled) throw canceledError(path);
        const w = writer as WimWriter;
        await w.finish({ images, xmlBase: dest?.xmlRoot, bootIndex: 0, integrity, extraFlags, splitPart: true });
        parts.push({ temp: w.temporaryPath as string, path: partNumber === 1 ? path : partPaths[partPaths.length - 1] });
        if (cancelled) throw canceledError(path);
        partNumber++;
        partPaths.push(nextPath);
        writer = WimWriter.createNew(nextPath, layout.format, layout.chunkSize, compressor, progress, { guid, partNumber });
      },
    };
    const outcome = await plan.write(tx);
    if (cancelled) throw canceledError(path);
    const images = outcome.images;
    const split = partNumber > 1;
    await writer.finish({
      images,
      xmlBase: dest?.xmlRoot,
      bootIndex: split ? 0 : outcome.bootIndex ?? (job.setBootable ? images.length : dest ? dest.header.bootIndex : 0),
      integrity,
      oldIntegrity: replace ? undefined : dest?.oldIntegrity,
      extraFlags: outcome.extraFlags,
      splitPart: split,
    });
    if (split) {
      // Every part is written: each gets the set's size and its name (part 1 last, so that a set whose part 1
      // exists is complete unless the renames themselves fail).
      parts.push({ temp: writer.temporaryPath as string, path: partPaths[partPaths.length - 1] });
      for (let k = parts.length - 1; k >= 0; k--) {
        WimWriter.completePart(parts[k].temp, parts[k].path, parts.length);
        parts[k].temp = '';
      }
    }
    return outcome.result;
  } catch (e) {
    writer?.abort();
    for (const p of parts) {
      if (!p.temp) continue;
      try {
        h.fs.unlinkSync(p.temp);
      } catch {
        /* already gone */
      }
    }
    throw e;
  } finally {
    offInterrupt();
    job.signal?.removeEventListener('abort', cancel);
    await compressor?.close();
    await solidCompressor?.close();
    if (release) await release();
  }
}
