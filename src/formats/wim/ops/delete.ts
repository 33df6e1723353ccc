/*
 * Delete: a WIM rewritten without one of its images. The file is rebuilt, as wimlib rebuilds it (the write
 * transaction's 'replace' mode: read as for an append, written as a new file under a temporary name with the same
 * GUID, renamed over the old one at the end), so that the blobs only the deleted image used do not stay behind:
 *
 * - the kept images' metadata resources and blobs go in raw where they can (same compression and chunk size), so
 *   a delete from an install.wim runs at file-copy speed; every reference count is recomputed from the kept trees;
 * - the images after the deleted one move down by one, and so does the boot index; deleting the boot image leaves
 *   none (the header's boot index 0);
 * - the last image cannot be deleted (a WIM with no image is no WIM Windows reads);
 * - a solid (LZMS) source is written non-solid with LZX, as export writes one: LZMS is not written yet.
 * A failure or a cancel leaves the old file as it was (only the temporary file is removed).
 */
import { host } from '../../../platform/host';
import { WimError, WimErrorCode } from '../../errors';
import { HeaderFlag } from '../header';
import { openWim, resolveImage } from '../wim';
import { type CompressionWork, type WimLayout, type WriteJobOptions, runWriteTransaction } from '../write/transaction';
import { blobBytes, copyBlobs, readImages, rewriteLayout, rewriteWork, writeMetadata } from './rewrite';

export interface DeleteOptions extends WriteJobOptions {
  /** The WIM to delete an image from. */
  imagePath: string;
  index?: number;
  name?: string;
}

export interface DeleteResult {
  imagePath: string;
  /** The index the deleted image had. */
  deletedIndex: number;
  /** Images left. */
  imageCount: number;
  /** Boot index of the rewritten file (0: none). */
  bootIndex: number;
  /** Blobs kept, and dropped because only the deleted image used them. */
  blobsKept: number;
  blobsDropped: number;
}

/** The boot index once image `deleted` is gone: unchanged below it, one less above it, none when it was it. */
export function bootIndexAfterDelete(bootIndex: number, deleted: number): number {
  if (bootIndex === deleted) return 0;
  return bootIndex > deleted ? bootIndex - 1 : bootIndex;
}

export async function deleteImage(opts: DeleteOptions): Promise<DeleteResult> {
  const log = opts.log;
  const imagePath = host().path.resolve(opts.imagePath);
  // Open first: a missing file, a split part, an unknown image are refused before the lock is taken.
  const src = openWim(imagePath, { checkIntegrity: opts.checkIntegrity, onWarning: (m) => log?.('warning', m) });
  try {
    if (src.isSplit) throw new WimError(WimErrorCode.InvalidParameter, 'An image cannot be deleted from a split WIM.', imagePath);
    const index = resolveImage(src, { index: opts.index, name: opts.name });
    if (src.imageCount === 1) {
      throw new WimError(WimErrorCode.InvalidParameter, 'The only image of a WIM file cannot be deleted.', imagePath);
    }
    const keep: number[] = [];
    for (let i = 1; i <= src.imageCount; i++) if (i !== index) keep.push(i);
    const read = readImages(src, keep, log);
    let rawById: Uint8Array = new Uint8Array(0);
    const bootIndex = bootIndexAfterDelete(src.header.bootIndex, index);

    return await runWriteTransaction<DeleteResult>(imagePath, { ...opts, setBootable: false }, {
      existing: 'replace',
      newLayout(): WimLayout {
        return rewriteLayout(src, () => log?.('warning', 'The WIM is solid (LZMS): it is rewritten non-solid with LZX compression.'));
      },
      prepare({ format, chunkSize }, dest): CompressionWork {
        if (!dest) throw new WimError(WimErrorCode.FileNotFound, 'The WIM file disappeared before it could be rewritten.', imagePath);
        const r = rewriteWork(src, read, format, chunkSize);
        rawById = r.rawById;
        return r.work;
      },
      async write(tx) {
        tx.progress.total = blobBytes(src, read.ids);
        await writeMetadata(src, tx, read.images, log);
        const counts = await copyBlobs(src, tx, read.ids, read.refs, rawById, undefined, { threads: opts.threads, images: keep });
        src.reader.release();
        const images = tx.oldImages.filter((_, i) => i + 1 !== index).map((e) => ({ ...e }));
        return {
          images,
          bootIndex,
          extraFlags: tx.dest ? tx.dest.header.flags & (HeaderFlag.RpFix | HeaderFlag.ReadOnly) : 0,
          result: {
            imagePath,
            deletedIndex: index,
            imageCount: images.length,
            bootIndex,
            blobsKept: counts.raw + counts.recompressed,
            blobsDropped: src.blobCount - (counts.raw + counts.recompressed),
          },
        };
      },
    });
  } finally {
    src.close();
  }
}
