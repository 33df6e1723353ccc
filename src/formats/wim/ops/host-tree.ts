/*
 * A directory tree of the host made into the writer's dentries: what capture (ops/capture.ts: a new image from a
 * directory) and commit (ops/commit.ts: a mounted directory saved back into its image) do alike.
 *
 * - hostInode: the inode a host file or directory gets when no image says more of it (no security descriptor,
 *   creation = last write = mtime, last access = atime, as FILETIMEs);
 * - symlinkReparsePoint: a symbolic link as an IO_REPARSE_TAG_SYMLINK reparse point, its reparse data the blob
 *   (relative targets flagged SYMLINK_FLAG_RELATIVE, absolute ones as "\??\C:<path>", '/' and '\' swapped, as
 *   wimlib stores them so that wimlib and Windows give the link back);
 * - imageBeingWritten: the entries a walk leaves out because they are the WIM being written (a capture or commit
 *   into a WIM inside the tree must not read what it writes): the file, its lock and its temporary files;
 * - HostFileReader and hashFile: a file's data read by positional reads, for hashing and for the writer.
 */
import { host } from '../../../platform/host';
import { WimError, WimErrorCode, fromHostError } from '../../errors';
import { FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_REPARSE_POINT, IO_REPARSE_TAG_SYMLINK, type OutInode, RP_FLAG_NOT_FIXED } from '../dentry';
import { Sha1 } from '../sha1';
import type { BlobSource } from '../io/write-resource';
import type { WriteJobOptions } from '../write/transaction';

const EPOCH_DIFF_100NS = 116444736000000000n;

/** Unix milliseconds (fractional allowed) to a FILETIME. */
export function msToFiletime(ms: number): bigint {
  return BigInt(Math.round(ms * 10000)) + EPOCH_DIFF_100NS;
}

/** The inode of a host file or directory with `attributes`, its times from `st`, no security descriptor, no data yet. */
export function hostInode(st: { mtimeMs: number; atimeMs: number }, attributes: number): OutInode {
  return {
    attributes,
    securityId: -1,
    creationTime: msToFiletime(st.mtimeMs),
    lastAccessTime: msToFiletime(st.atimeMs),
    lastWriteTime: msToFiletime(st.mtimeMs),
    hardLinkGroupId: 0n,
    dataHash: null,
    dataSize: 0,
    namedStreams: [],
  };
}

/** The reparse data (without its 8-byte header) of a symlink reparse point for a UNIX link target. */
export function symlinkReparseData(target: string): Uint8Array {
  let t = '';
  for (const ch of target) t += ch === '/' ? '\\' : ch === '\\' ? '/' : ch;
  let subst: string;
  let print: string;
  let flags: number;
  if (t.startsWith('\\') || t === '') {
    subst = '\\??\\C:' + t;
    print = 'C:' + t;
    flags = 0;
  } else {
    subst = t;
    print = t;
    flags = 1; // SYMLINK_FLAG_RELATIVE
  }
  const sb = subst.length * 2;
  const pb = print.length * 2;
  const out = new Uint8Array(12 + sb + 2 + pb + 2);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 0, true); // substitute name offset
  dv.setUint16(2, sb, true);
  dv.setUint16(4, sb + 2, true); // print name offset
  dv.setUint16(6, pb, true);
  dv.setUint32(8, flags, true);
  for (let i = 0; i < subst.length; i++) dv.setUint16(12 + 2 * i, subst.charCodeAt(i), true);
  for (let i = 0; i < print.length; i++) dv.setUint16(12 + sb + 2 + 2 * i, print.charCodeAt(i), true);
  return out;
}

/**
 * The symbolic link at `path` (lstat `st`) as a reparse point: its inode, made by `makeInode` with the attributes a
 * link has (a directory's when its target is one; a dangling link is a file link), and its reparse data, whose
 * hash the caller sets once it is known.
 */
export function symlinkReparsePoint<S>(path: string, st: S, makeInode: (st: S, attributes: number) => OutInode): { inode: OutInode; data: Uint8Array } {
  const fs = host().fs;
  let target: string;
  try {
    target = fs.readlinkSync(path);
  } catch (e) {
    throw fromHostError(e, path);
  }
  let attrs = FILE_ATTRIBUTE_REPARSE_POINT;
  try {
    if (fs.statSync(path).isDirectory()) attrs |= FILE_ATTRIBUTE_DIRECTORY;
  } catch {
    /* dangling link: a file link */
  }
  const inode = makeInode(st, attrs);
  inode.reparseTag = IO_REPARSE_TAG_SYMLINK;
  inode.rpFlags = RP_FLAG_NOT_FIXED;
  const data = symlinkReparseData(target);
  inode.reparseSize = data.length;
  return { inode, data };
}

/**
 * A test for the entries a walk must leave out because they are the WIM `imagePath` being written: the file, its
 * lock and its temporary files (write/writer.ts names them ".<name>.<pid>.<random>.wimsh-tmp" beside it).
 * `p` is `name`'s full path in directory `dir`; a match is logged as a warning.
 */
export function imageBeingWritten(imagePath: string, log?: WriteJobOptions['log']): (dir: string, name: string, p: string) => boolean {
  const h = host();
  const outDir = h.path.dirname(imagePath);
  const tmpPrefix = `.${h.path.basename(imagePath)}.`;
  const lock = imagePath + '.lock';
  return (dir, name, p) => {
    if (p === imagePath || p === lock || (dir === outDir && name.startsWith(tmpPrefix) && name.endsWith('.wimsh-tmp'))) {
      log?.('warning', `Skipping "${p}": it is the image being written.`);
      return true;
    }
    return false;
  };
}

/**
 * Reads host files by positional reads, keeping the last one open between calls. A file that ends before the
 * bytes asked for fails with "The file became shorter while it was being <verb>."
 */
export class HostFileReader {
  private path?: string;
  private fd?: number;
  constructor(private readonly verb: 'captured' | 'committed') {}
  read(path: string, offset: number, len: number, dst: Uint8Array, dstOff: number): void {
    const fs = host().fs;
    if (this.path !== path) {
      this.close();
      try {
        this.fd = fs.openSync(path, 'r');
      } catch (e) {
        throw fromHostError(e, path);
      }
      this.path = path;
    }
    let done = 0;
    while (done < len) {
      let n: number;
      try {
        n = fs.readSync(this.fd!, dst, dstOff + done, len - done, offset + done);
      } catch (e) {
        throw fromHostError(e, path);
      }
      if (n <= 0) throw new WimError(WimErrorCode.ReadFailed, `The file became shorter while it was being ${this.verb}.`, path);
      done += n;
    }
  }
  close(): void {
    if (this.fd !== undefined) host().fs.closeSync(this.fd);
    this.fd = undefined;
    this.path = undefined;
  }
}

/** The SHA-1 of the first `size` bytes of the file at `path`, read through `buf`. */
export function hashFile(reader: HostFileReader, path: string, size: number, buf: Uint8Array): Uint8Array {
  const h = new Sha1();
  for (let off = 0; off < size; off += buf.length) {
    const len = Math.min(buf.length, size - off);
    reader.read(path, off, len, buf, 0);
    h.update(buf, 0, len);
  }
  return h.digest();
}

/** Bytes held in memory (a reparse point's data) as a blob source with a known hash. */
export function bytesSource(data: Uint8Array, hash: Uint8Array): BlobSource {
  return { size: data.length, hash, read: (off, len, dst, dstOff) => dst.set(data.subarray(off, off + len), dstOff) };
}
