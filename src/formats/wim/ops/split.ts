/*
 * Split: a WIM cut into a set of parts no larger than a given size (base.swm, base2.swm, base3.swm... as wimlib
 * and Windows name them), all sharing one GUID, each with its part number and the set's total_parts, SPANNED when
 * there is more than one. Part 1 holds every image's metadata resource and the blobs that fit after them; each
 * part's blob table lists only its own blobs; every part holds the whole XML data (formats/wim/split.ts reads
 * such a set).
 *
 * - A part ends before a blob that would take it past the size; a blob larger than the size gets a part of its
 *   own (so that part is larger). Blob tables and XML data come on top of the size, as with wimlib.
 * - Blobs go in the order they lie in the source, raw where they can (same compression and chunk size, non-solid):
 *   splitting an install.wim costs a file copy. A solid (LZMS) source, such as a 24H2 install.wim (wimlib refuses
 *   to split one: it cannot write a solid resource across parts), is written non-solid, with LZX compression:
 *   each blob read (SHA-1 checked) and compressed again.
 * - The split is one write transaction (write/transaction.ts): the parts are written under temporary names and get
 *   their names only when all are written; a failure or a cancel removes them all; existing files are refused.
 */
import { host } from '../../../platform/host';
import { WimError, WimErrorCode } from '../../errors';
import { HeaderFlag } from '../header';
import { openWim } from '../wim';
import { childElements } from '../xml';
import { type CompressionWork, type WimLayout, type WriteJobOptions, runWriteTransaction } from '../write/transaction';
import { blobBytes, copyBlobs, readImages, rewriteLayout, rewriteWork, writeMetadata } from './rewrite';

export interface SplitOptions extends WriteJobOptions {
  /** The WIM to split. */
  source: string;
  /** Path of part 1 (e.g. "out/install.swm"); the others are named after it. */
  firstPart: string;
  /** Largest part, in bytes. */
  partSize: number;
}

export interface SplitResult {
  /** The parts written, in order. */
  parts: string[];
  blobsCopiedRaw: number;
  blobsRecompressed: number;
}

/** The name of part `n` of a set whose part 1 is `firstPart`: "dir/base.swm", "dir/base2.swm", ... */
export function splitPartPath(firstPart: string, n: number): string {
  if (n === 1) return firstPart;
  const p = host().path;
  const ext = p.extname(firstPart);
  return p.join(p.dirname(firstPart), p.basename(firstPart, ext) + String(n) + ext);
}

export async function splitWim(opts: SplitOptions): Promise<SplitResult> {
  const h = host();
  const log = opts.log;
  if (!(opts.partSize > 0) || !Number.isFinite(opts.partSize)) {
    throw new WimError(WimErrorCode.InvalidParameter, 'The part size must be a positive number of bytes.');
  }
  const firstPart = h.path.resolve(opts.firstPart);
  const source = h.path.resolve(opts.source);
  if (firstPart === source) throw new WimError(WimErrorCode.InvalidParameter, 'The split parts cannot overwrite the WIM being split.', firstPart);
  const src = openWim(source, { checkIntegrity: opts.checkIntegrity, onWarning: (m) => log?.('warning', m) });
  try {
    if (src.isSplit) throw new WimError(WimErrorCode.InvalidParameter, 'The WIM file is split already.', source);
    const indexes: number[] = [];
    for (let i = 1; i <= src.imageCount; i++) indexes.push(i);
    const read = readImages(src, indexes, log);
    let rawById: Uint8Array = new Uint8Array(0);
    const parts = [firstPart];

    const result = await runWriteTransaction<SplitResult>(firstPart, { ...opts, setBootable: false }, {
      existing: 'refuse',
      newLayout(): WimLayout {
        return rewriteLayout(src, () => log?.('info', 'The WIM is solid (LZMS): its parts are written non-solid with LZX compression.'));
      },
      prepare({ format, chunkSize }): CompressionWork {
        const r = rewriteWork(src, read, format, chunkSize);
        rawById = r.rawById;
        return r.work;
      },
      async write(tx) {
        tx.progress.total = blobBytes(src, read.ids);
        const extraFlags = src.header.flags & HeaderFlag.RpFix;
        const images = childElements(src.xml.root, 'IMAGE');
        await writeMetadata(src, tx, read.images, log);
        const counts = await copyBlobs(src, tx, read.ids, read.refs, rawById, {
          limit: opts.partSize,
          nextPart: async () => {
            const next = splitPartPath(firstPart, tx.partNumber + 1);
            if (h.fs.existsSync(next)) throw new WimError(WimErrorCode.AlreadyExists, 'A part of the split set to write exists already.', next);
            await tx.nextPart(next, images, extraFlags);
            parts.push(next);
          },
        }, { threads: opts.threads, images: indexes });
        src.reader.release();
        return {
          images,
          extraFlags,
          result: { parts, blobsCopiedRaw: counts.raw, blobsRecompressed: counts.recompressed },
        };
      },
    });
    log?.('info', `Split ${source} into ${result.parts.length} parts: ${result.blobsCopiedRaw} blobs copied raw, ${result.blobsRecompressed} compressed.`);
    return result;
  } finally {
    src.close();
  }
}
