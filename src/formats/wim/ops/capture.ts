/*
 * Capture: a directory tree of the host (Linux) file system made into a new image, in a new WIM or appended to
 * an existing one. Files become dentries with their unnamed data stream as a blob; directories get child lists;
 * symbolic links become reparse points (IO_REPARSE_TAG_SYMLINK, the reparse data stored as a blob: relative
 * targets flagged SYMLINK_FLAG_RELATIVE, absolute ones as "\??\C:<path>", '/' and '\' swapped, as wimlib does so
 * that wimlib and Windows give the link back); hard links share one hard_link_group_id; timestamps become FILETIMEs
 * (creation = last write = mtime, last access = atime). No security descriptors are stored (security_id -1).
 *
 * Blobs are stored once: files whose size no other file (and no blob already in the destination) has cannot be
 * duplicates and are hashed while they are written; the others are hashed first and written only once.
 * The capture is a plan run by the write transaction (write/transaction.ts), which locks, opens, checks, finishes
 * or aborts the destination.
 */
import { host } from '../../../platform/host';
import { CompressionFormat } from '../../codecs/codec';
import { WimError, WimErrorCode, fromHostError } from '../../errors';
import { FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_NORMAL, type OutDentry, type OutInode, dentryPath, sortTree, walkDentries } from '../dentry';
import { openWim } from '../wim';
import { imageStats, serializeMetadata } from '../metadata';
import { Sha1, hashEquals, hashHex, isZeroHash, sha1 } from '../sha1';
import { type BlobSource, Yielder } from '../io/write-resource';
import { type CompressionName, defaultChunkSize, parseCompression } from '../write/destination';
import { type WriteJobOptions, runWriteTransaction } from '../write/transaction';
import { hasIllegalXmlChars, makeImageElement, nowFiletime } from '../xml';
import { readWindowsInfo, setWindowsElement } from '../windows-info';
import { HostFileReader, bytesSource, hashFile, hostInode, imageBeingWritten, symlinkReparsePoint } from './host-tree';

export interface CaptureOptions extends WriteJobOptions {
  sourceDir: string;
  imagePath: string;
  name: string;
  description?: string;
  /** For a new WIM (ignored, with a warning, when appending): default 'xpress', as Windows captures. */
  compression?: CompressionName;
  /** Append to an existing WIM; without it an existing imagePath is refused. */
  append?: boolean;
  /** Which paths the image leaves out (an exclusion list); default: none. */
  filter?: CaptureFilter;
  /** Mark the image WIMBoot (XML WIMBOOT=1); a new WIM then defaults to XPRESS with 4 KiB chunks. */
  wimBoot?: boolean;
  /**
   * Check what was written: each file hashed again after it is written (a file that changed during the capture
   * fails), and the finished image's blobs read back from the WIM against their SHA-1s.
   */
  verify?: boolean;
}

/**
 * What a capture keeps of the tree. Paths are given as "\dir\file" from the captured root. 'through': a directory
 * kept only as the way to something kept below it (its other children are left out).
 */
export interface CaptureFilter {
  decide(path: string, isDirectory: boolean, parentExcluded: boolean): 'keep' | 'exclude' | 'through';
  /** Files stored uncompressed in a compressed WIM (already-compressed media, say). */
  storeUncompressed?(path: string): boolean;
}

export interface CaptureResult {
  imagePath: string;
  imageIndex: number;
  imageCount: number;
  fileCount: number;
  dirCount: number;
  totalBytes: number;
  /** Bytes of file data actually written (after deduplication). */
  bytesWritten: number;
}

interface FileInode {
  inode: OutInode;
  path: string;
  size: number;
  links: number;
  /** Stored uncompressed (the filter's list). */
  stored?: boolean;
}

interface ScanResult {
  root: OutDentry;
  files: FileInode[];
  reparse: { inode: OutInode; data: Uint8Array }[];
}

/**
 * Walks the tree. `imagePath` (the WIM being written, if it lies inside the tree), its lock directory and its
 * temporary files are left out, as a capture must not read what it is writing.
 */
function scanTree(rootDir: string, imagePath: string, log?: CaptureOptions['log'], filter?: CaptureFilter): ScanResult {
  const h = host();
  const fs = h.fs;
  let rootSt;
  try {
    rootSt = fs.statSync(rootDir);
  } catch (e) {
    throw fromHostError(e, rootDir);
  }
  if (!rootSt.isDirectory()) throw new WimError(WimErrorCode.InvalidParameter, 'The capture path is not a directory.', rootDir);
  const root: OutDentry = { name: '', shortName: '', inode: hostInode(rootSt, FILE_ATTRIBUTE_DIRECTORY), children: [] };
  const skip = imageBeingWritten(imagePath, log);
  const files: FileInode[] = [];
  const byIno = new Map<string, FileInode>();
  const reparse: ScanResult['reparse'] = [];
  const stack: { dir: string; dentry: OutDentry; rel: string; excluded: boolean }[] = [{ dir: rootDir, dentry: root, rel: '', excluded: false }];
  while (stack.length) {
    const { dir, dentry, rel: dirRel, excluded } = stack.pop()!;
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (e) {
      throw fromHostError(e, dir);
    }
    for (const name of names) {
      const p = h.path.join(dir, name);
      if (skip(dir, name, p)) continue;
      let st;
      try {
        st = fs.lstatSync(p);
      } catch (e) {
        throw fromHostError(e, p);
      }
      const rel = `${dirRel}\\${name}`;
      let through = false;
      if (filter) {
        const d = filter.decide(rel, st.isDirectory(), excluded);
        if (d === 'exclude') {
          log?.('info', `Excluded "${rel}" (configuration list).`);
          continue;
        }
        through = d === 'through';
      }
      if (st.isDirectory()) {
        const d: OutDentry = { name, shortName: '', inode: hostInode(st, FILE_ATTRIBUTE_DIRECTORY), children: [] };
        dentry.children!.push(d);
        stack.push({ dir: p, dentry: d, rel, excluded: through });
      } else if (st.isSymbolicLink()) {
        const rp = symlinkReparsePoint(p, st, hostInode);
        reparse.push(rp);
        dentry.children!.push({ name, shortName: '', inode: rp.inode, children: null });
      } else if (st.isFile()) {
        const key = `${st.dev}:${st.ino}`;
        let fi = st.nlink > 1 ? byIno.get(key) : undefined;
        if (fi) {
          fi.links++;
        } else {
          fi = { inode: hostInode(st, FILE_ATTRIBUTE_NORMAL), path: p, size: st.size, links: 1, stored: filter?.storeUncompressed?.(rel) || undefined };
          fi.inode.dataSize = st.size;
          files.push(fi);
          if (st.nlink > 1) {
            byIno.set(key, fi);
            fi.inode.hardLinkGroupId = BigInt(st.ino) || 1n;
          }
        }
        dentry.children!.push({ name, shortName: '', inode: fi.inode, children: null });
      } else {
        log?.('warning', `Skipping special file "${p}".`);
      }
    }
  }
  // A group id only for inodes that really have several links inside the image.
  for (const f of files) if (f.links === 1) f.inode.hardLinkGroupId = 0n;
  sortTree(root);
  return { root, files, reparse };
}

/**
 * A file's bytes as the writer reads them, hashed again on each front-to-back pass: a file that changed since it
 * was first hashed fails the capture (-Verify) instead of going in under a SHA-1 its data does not have.
 */
function checkedSource(src: BlobSource, hash: Uint8Array, path: string): BlobSource {
  let sha: Sha1 | undefined;
  let next = 0;
  return {
    size: src.size,
    hash,
    read(offset, len, dst, dstOff) {
      src.read(offset, len, dst, dstOff);
      if (offset === 0) {
        sha = new Sha1();
        next = 0;
      }
      if (sha && offset === next) {
        sha.update(dst, dstOff, len);
        next += len;
        if (next === src.size) {
          const ok = hashEquals(sha.digest(), hash);
          sha = undefined;
          if (!ok) throw new WimError(WimErrorCode.HashMismatch, 'The file changed while it was being captured (its data no longer matches its SHA-1).', path);
        }
      } else sha = undefined;
    },
  };
}

export async function captureImage(opts: CaptureOptions): Promise<CaptureResult> {
  const h = host();
  const log = opts.log;
  if (!opts.name || hasIllegalXmlChars(opts.name)) throw new WimError(WimErrorCode.InvalidParameter, 'The image name is empty or contains characters XML cannot hold.');
  if (opts.description !== undefined && hasIllegalXmlChars(opts.description)) {
    throw new WimError(WimErrorCode.InvalidParameter, 'The image description contains characters XML cannot hold.');
  }
  const requestedFormat = opts.compression !== undefined ? parseCompression(opts.compression) : undefined;
  const imagePath = h.path.resolve(opts.imagePath);
  const scan = scanTree(h.path.resolve(opts.sourceDir), imagePath, log, opts.filter);
  const reader = new HostFileReader('captured');
  try {
    const result = await runWriteTransaction<CaptureResult>(imagePath, opts, {
      existing: opts.append ? 'append' : 'refuse',
      imageName: opts.name,
      requestedFormat,
      newLayout() {
        const format = requestedFormat ?? CompressionFormat.Xpress;
        return { format, chunkSize: opts.chunkSize ?? (opts.wimBoot && format === CompressionFormat.Xpress ? 4096 : defaultChunkSize(format)) };
      },
      async write(tx) {
        const writer = tx.writer;
        for (const f of scan.files) tx.progress.total += f.size;
        // Sizes that occur more than once (or already in the destination) need hashing before writing.
        const sizeCount = new Map<number, number>();
        for (const f of scan.files) if (f.size > 0) sizeCount.set(f.size, (sizeCount.get(f.size) ?? 0) + 1);
        const oldSizes = tx.dest ? tx.dest.blobSizes : new Set<number>();
        const hashBuf = new Uint8Array(1 << 20);
        let bytesWritten = 0;
        const yielder = new Yielder();
        for (const f of scan.files) {
          if (f.size === 0) continue;
          await yielder.maybeYield();
          const src: BlobSource = {
            size: f.size,
            read: (off, len, dst, dstOff) => reader.read(f.path, off, len, dst, dstOff),
          };
          if ((sizeCount.get(f.size) ?? 0) > 1 || oldSizes.has(f.size) || opts.verify || f.stored) {
            const hash = hashFile(reader, f.path, f.size, hashBuf);
            f.inode.dataHash = hash;
            const key = hashHex(hash);
            if (!writer.has(key)) bytesWritten += f.size;
            const blob = opts.verify ? checkedSource(src, hash, f.path) : { ...src, hash };
            if (f.stored) await writer.addBlobUncompressed(blob, f.links, key);
            else await writer.addBlob(blob, f.links, key);
          } else {
            bytesWritten += f.size;
            await writer.addBlob(src, f.links, undefined, (hash) => (f.inode.dataHash = hash));
          }
        }
        for (const r of scan.reparse) {
          const hash = sha1(r.data);
          r.inode.reparseHash = hash;
          await writer.addBlob(bytesSource(r.data, hash), 1, hashHex(hash));
        }
        await writer.res.flush();
        reader.close();

        await writer.addMetadata(serializeMetadata([], scan.root));
        const stats = imageStats(scan.root);
        const now = nowFiletime();
        const img = makeImageElement(undefined, {
          stats,
          creationTime: now,
          lastModificationTime: now,
          wimBoot: opts.wimBoot ?? false,
          name: opts.name,
          description: opts.description ?? null,
        });
        // A Windows installation's facts (architecture, edition, version, languages) go into its WINDOWS element.
        setWindowsElement(img, readWindowsInfo(h.path.resolve(opts.sourceDir), log));
        const images = [...tx.oldImages, img];
        return {
          images,
          result: {
            imagePath,
            imageIndex: images.length,
            imageCount: images.length,
            fileCount: stats.fileCount,
            dirCount: stats.dirCount,
            totalBytes: stats.totalBytes,
            bytesWritten,
          },
        };
      },
    });
    reader.close();
    if (opts.verify) verifyWrittenImage(imagePath, result.imageIndex);
    return result;
  } finally {
    reader.close();
  }
}

/** Reads back every blob image `index` of the finished WIM names, checking each against its SHA-1 (-Verify). */
function verifyWrittenImage(imagePath: string, index: number): void {
  const wim = openWim(imagePath);
  try {
    const seen = new Set<string>();
    walkDentries(wim.loadImage(index).root, (d) => {
      for (const st of d.streams) {
        if (isZeroHash(st.hash)) continue;
        const key = hashHex(st.hash);
        if (seen.has(key)) continue;
        seen.add(key);
        const blob = wim.lookupBlob(st.hash);
        if (!blob) throw new WimError(WimErrorCode.BlobNotFound, `The data of "${dentryPath(d)}" is missing from the WIM just written.`, imagePath);
        wim.readBlob(blob, () => undefined);
      }
    });
  } finally {
    wim.close();
  }
}
