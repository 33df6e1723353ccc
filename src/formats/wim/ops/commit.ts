/*
 * Commit: a directory that an image was applied into (a mounted image), captured back into that WIM, either in
 * place of the image (its metadata resource replaced) or as a new image after the others. A plan for the write
 * transaction (write/transaction.ts) in its append mode: nothing the old header references is touched until the
 * new header is written, so a failure or a kill leaves the WIM as it was.
 *
 * What is written is the least that changed:
 * - a file whose identity (inode, size, mtime, ctime: what `snapshotTree` records right after the apply or the last
 *   commit) is unchanged still holds the image's data: it is neither read nor hashed, and its dentry keeps all the
 *   image said of it (attributes, security id, short name, times, named streams, tagged items, reparse data);
 * - any other file is hashed; a blob the WIM holds already (found by SHA-1) only gains references, and only data
 *   the WIM lacks is compressed and written. A changed file keeps its old dentry's attributes, security id,
 *   creation time and named streams; a new file gets capture's defaults (ops/capture.ts);
 * - dentries the apply could not make (unsafe names, encrypted files, reparse points of other kinds, named streams)
 *   are not on disk but were never deleted: a path the snapshot does not list is carried over from the old image as
 *   it was, while a path it lists and the directory lacks was deleted;
 * - reference counts: the new tree's references are added, and when the image is replaced the old tree's are
 *   released (writer.releaseRefs; a blob left with none leaves the blob table);
 * - the image's XML element is kept (NAME, DESCRIPTION, WINDOWS...) with its counts and modification time updated.
 */
import { host } from '../../../platform/host';
import { CompressionFormat } from '../../codecs/codec';
import { WimError, WimErrorCode, fromHostError } from '../../errors';
import {
  type Dentry,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_NORMAL,
  FILE_ATTRIBUTE_REPARSE_POINT,
  type OutDentry,
  type OutInode,
  isDirectory,
  isDirectoryInode,
  isReparsePoint,
  sortTree,
} from '../dentry';
import { MAX_METADATA_SIZE, imageStats, parseMetadata, serializeMetadata } from '../metadata';
import { Sha1, hashEquals, hashHex, isZeroHash, sha1 } from '../sha1';
import { type BlobSource, Yielder } from '../io/write-resource';
import { openWim } from '../wim';
import { type WriteJobOptions, runWriteTransaction } from '../write/transaction';
import { makeImageElement, nowFiletime } from '../xml';
import { readWindowsInfo, setWindowsElement } from '../windows-info';
import { outInodeOf } from './image-inode';
import { HostFileReader, bytesSource, hashFile, hostInode, imageBeingWritten, symlinkReparsePoint } from './host-tree';

/** What identifies a file's state without reading it (as git's index does). */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface CommitOptions extends WriteJobOptions {
  /** The WIM the directory's image came from. */
  imagePath: string;
  /** The image (1-based) the directory holds. */
  index: number;
  /** The directory. */
  sourceDir: string;
  /** Add the directory as a new image (its XML element copied from image `index`) instead of replacing that image. */
  append?: boolean;
  /**
   * The directory's paths ('/'-separated, relative; '' is the directory itself) with their identity when they last
   * matched image `index` (snapshotTree after the apply, or the previous commit's `identities`). Without it every
   * file is hashed and no dentry missing from the directory is carried over.
   */
  known?: ReadonlyMap<string, FileIdentity>;
}

export interface CommitResult {
  imagePath: string;
  /** The image written: `index`, or the new last image with append. */
  imageIndex: number;
  imageCount: number;
  fileCount: number;
  dirCount: number;
  totalBytes: number;
  /** Files read and hashed (new or changed). */
  filesHashed: number;
  /** Bytes of file data written (data the WIM lacked). */
  bytesWritten: number;
  /** The directory's identities as committed: what the next commit takes as `known`. */
  identities: Map<string, FileIdentity>;
}

function identityOf(st: { ino: number; size: number; mtimeMs: number; ctimeMs: number }, isDir: boolean): FileIdentity {
  return { ino: st.ino, size: isDir ? 0 : st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

function sameIdentity(a: FileIdentity | undefined, b: FileIdentity): boolean {
  return a !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** The identity of every path under `dir` (not following links), keyed as CommitOptions.known is. */
export function snapshotTree(dir: string): Map<string, FileIdentity> {
  const h = host();
  const out = new Map<string, FileIdentity>();
  let st;
  try {
    st = h.fs.lstatSync(dir);
  } catch (e) {
    throw fromHostError(e, dir);
  }
  out.set('', identityOf(st, true));
  const stack: { abs: string; rel: string }[] = [{ abs: dir, rel: '' }];
  while (stack.length) {
    const { abs, rel } = stack.pop()!;
    let names: string[];
    try {
      names = h.fs.readdirSync(abs);
    } catch (e) {
      throw fromHostError(e, abs);
    }
    for (const name of names) {
      const p = abs + '/' + name;
      const r = rel ? rel + '/' + name : name;
      let s;
      try {
        s = h.fs.lstatSync(p);
      } catch (e) {
        throw fromHostError(e, p);
      }
      const isDir = s.isDirectory() && !s.isSymbolicLink();
      out.set(r, identityOf(s, isDir));
      if (isDir) stack.push({ abs: p, rel: r });
    }
  }
  return out;
}

/** A file whose data must be read: new, or changed since the image was applied. */
interface PendingFile {
  inode: OutInode;
  path: string;
  size: number;
}

/** The old image's metadata resource, its tree and a blob's size by hash. */
interface OldImage {
  buf: Uint8Array;
  descriptors: Uint8Array[];
  root: Dentry;
  sizeOf(hash: Uint8Array): number;
}

function readOldImage(imagePath: string, index: number, log?: WriteJobOptions['log']): OldImage {
  const wim = openWim(imagePath);
  try {
    const entry = wim.metadataEntry(index);
    const buf = wim.reader.readAll(entry.res, entry.offsetInRes, entry.size, MAX_METADATA_SIZE, 'metadata resource');
    if (!hashEquals(new Sha1().update(buf).digest(), entry.hash)) {
      throw new WimError(WimErrorCode.HashMismatch, `The metadata resource of image ${index} is corrupt (SHA-1 mismatch).`, imagePath);
    }
    const md = parseMetadata(buf, { path: imagePath, onWarning: (m) => log?.('warning', m) });
    // Sizes now, while the WIM is open: the write transaction reopens it for the append.
    const sizes = new Map<string, number>();
    const stack: Dentry[] = [md.root];
    while (stack.length) {
      const d = stack.pop()!;
      for (const s of d.streams) {
        if (isZeroHash(s.hash)) continue;
        const k = hashHex(s.hash);
        if (!sizes.has(k)) sizes.set(k, wim.lookupBlob(s.hash)?.size ?? 0);
      }
      for (const c of d.children) stack.push(c);
    }
    return {
      buf,
      descriptors: md.security.descriptors.map((d) => d.slice()),
      root: md.root,
      sizeOf: (hash) => (isZeroHash(hash) ? 0 : (sizes.get(hashHex(hash)) ?? 0)),
    };
  } finally {
    wim.close();
  }
}

/** The writer's inode for an old dentry, as the image has it (export's conversion, hard link group kept). */
function inodeFromOld(old: OldImage, d: Dentry): OutInode {
  return outInodeOf(d, old.buf, old.sizeOf);
}

/** An old dentry and everything under it, carried over unchanged (hard links inside it share inodes again). */
function subtreeFromOld(old: OldImage, d: Dentry, groups: Map<bigint, OutInode>): OutDentry {
  let inode: OutInode | undefined;
  if (d.hardLinkGroupId !== 0n && !isReparsePoint(d)) inode = groups.get(d.hardLinkGroupId);
  if (!inode) {
    inode = inodeFromOld(old, d);
    if (inode.hardLinkGroupId !== 0n) groups.set(inode.hardLinkGroupId, inode);
  }
  const out: OutDentry = { name: d.name, shortName: d.shortName, inode, children: isDirectoryInode(inode) ? [] : null };
  if (out.children) for (const c of d.children) out.children.push(subtreeFromOld(old, c, groups));
  return out;
}

interface Scan {
  root: OutDentry;
  pending: PendingFile[];
  reparse: { inode: OutInode; data: Uint8Array }[];
  identities: Map<string, FileIdentity>;
}

/** Walks the directory against the old tree (see the top of the file). */
function scanAgainstOld(rootDir: string, imagePath: string, old: OldImage, known: ReadonlyMap<string, FileIdentity> | undefined, log?: WriteJobOptions['log']): Scan {
  const h = host();
  const fs = h.fs;
  const identities = new Map<string, FileIdentity>();
  const pending: PendingFile[] = [];
  const reparse: Scan['reparse'] = [];
  const byIno = new Map<string, { inode: OutInode; links: number }>();
  // Hard link groups of carried-over subtrees, by their old id (the ids given below to groups on disk avoid them).
  const oldGroups = new Map<bigint, OutInode>();
  const skip = imageBeingWritten(imagePath, log);

  const newInode = (st: { mtimeMs: number; atimeMs: number }, attributes: number, base: Dentry | undefined): OutInode => {
    const inode = hostInode(st, attributes);
    if (base) {
      // The file was there before: what Windows keeps when a file's content or a directory's entries change.
      const keep = base.attributes & ~(FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_NORMAL);
      if (keep) inode.attributes = (attributes & ~FILE_ATTRIBUTE_NORMAL) | keep;
      inode.securityId = base.securityId;
      inode.creationTime = base.creationTime;
      if (!(attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        inode.namedStreams = inodeFromOld(old, base).namedStreams;
      }
    }
    return inode;
  };

  let rootSt;
  try {
    rootSt = fs.lstatSync(rootDir);
  } catch (e) {
    throw fromHostError(e, rootDir);
  }
  if (!rootSt.isDirectory()) throw new WimError(WimErrorCode.InvalidParameter, 'The directory to commit is not a directory.', rootDir);
  const rootId = identityOf(rootSt, true);
  identities.set('', rootId);
  const rootInode = sameIdentity(known?.get(''), rootId) ? inodeFromOld(old, old.root) : newInode(rootSt, FILE_ATTRIBUTE_DIRECTORY, old.root);
  const root: OutDentry = { name: '', shortName: old.root.shortName, inode: rootInode, children: [] };

  const stack: { abs: string; rel: string; out: OutDentry; old: Dentry | undefined }[] = [{ abs: rootDir, rel: '', out: root, old: old.root }];
  while (stack.length) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = fs.readdirSync(dir.abs);
    } catch (e) {
      throw fromHostError(e, dir.abs);
    }
    const oldKids = new Map<string, Dentry>();
    if (dir.old && isDirectory(dir.old) && !isReparsePoint(dir.old)) for (const c of dir.old.children) if (!oldKids.has(c.name)) oldKids.set(c.name, c);
    const seen = new Set<string>();
    for (const name of names) {
      const p = dir.abs + '/' + name;
      if (skip(dir.abs, name, p)) continue;
      const rel = dir.rel ? dir.rel + '/' + name : name;
      let st;
      try {
        st = fs.lstatSync(p);
      } catch (e) {
        throw fromHostError(e, p);
      }
      const o = oldKids.get(name);
      seen.add(name);
      if (st.isDirectory()) {
        const id = identityOf(st, true);
        identities.set(rel, id);
        const base = o && isDirectory(o) && !isReparsePoint(o) ? o : undefined;
        const inode = base && sameIdentity(known?.get(rel), id) ? inodeFromOld(old, base) : newInode(st, FILE_ATTRIBUTE_DIRECTORY, base);
        inode.hardLinkGroupId = 0n;
        const d: OutDentry = { name, shortName: base?.shortName ?? '', inode, children: [] };
        dir.out.children!.push(d);
        stack.push({ abs: p, rel, out: d, old: base });
      } else if (st.isSymbolicLink()) {
        const id = identityOf(st, false);
        identities.set(rel, id);
        if (o && isReparsePoint(o) && sameIdentity(known?.get(rel), id)) {
          dir.out.children!.push({ name, shortName: o.shortName, inode: inodeFromOld(old, o), children: null });
          continue;
        }
        // A new or changed link: what the target says now (nothing of the old dentry is kept).
        const rp = symlinkReparsePoint(p, st, hostInode);
        reparse.push(rp);
        dir.out.children!.push({ name, shortName: '', inode: rp.inode, children: null });
      } else if (st.isFile()) {
        const id = identityOf(st, false);
        identities.set(rel, id);
        const key = `${st.dev}:${st.ino}`;
        const linked = st.nlink > 1 ? byIno.get(key) : undefined;
        if (linked) {
          linked.links++;
          dir.out.children!.push({ name, shortName: o?.shortName ?? '', inode: linked.inode, children: null });
          continue;
        }
        const base = o && !isDirectory(o) && !isReparsePoint(o) ? o : undefined;
        let inode: OutInode;
        if (base && sameIdentity(known?.get(rel), id)) {
          inode = inodeFromOld(old, base);
        } else {
          inode = newInode(st, FILE_ATTRIBUTE_NORMAL, base);
          inode.dataSize = st.size;
          if (st.size > 0) pending.push({ inode, path: p, size: st.size });
        }
        inode.hardLinkGroupId = 0n;
        if (st.nlink > 1) byIno.set(key, { inode, links: 1 });
        dir.out.children!.push({ name, shortName: base?.shortName ?? '', inode, children: null });
      } else {
        log?.('warning', `Skipping special file "${p}".`);
      }
    }
    // Old dentries the directory lacks: deleted if the snapshot lists them, else never applied (carried over).
    if (known) {
      for (const [name, o] of oldKids) {
        if (seen.has(name)) continue;
        const rel = dir.rel ? dir.rel + '/' + name : name;
        if (known.has(rel)) continue;
        dir.out.children!.push(subtreeFromOld(old, o, oldGroups));
      }
    }
  }
  // A group id for inodes with several links inside the image (the disk's inode number, as capture gives it,
  // unless a carried-over group has it: an id only has to be unique in the image).
  const used = new Set(oldGroups.keys());
  for (const [key, e] of byIno) {
    if (e.links < 2) continue;
    let g = BigInt(key.slice(key.indexOf(':') + 1)) || 1n;
    while (used.has(g)) g++;
    used.add(g);
    e.inode.hardLinkGroupId = g;
  }
  sortTree(root);
  return { root, pending, reparse, identities };
}

/** Every stream hash the tree names, with its number of references (one per dentry, as the blob table counts). */
function countRefs(root: OutDentry): Map<string, { hash: Uint8Array; refs: number }> {
  const refs = new Map<string, { hash: Uint8Array; refs: number }>();
  const add = (h: Uint8Array | null | undefined): void => {
    if (!h || isZeroHash(h)) return;
    const k = hashHex(h);
    const e = refs.get(k);
    if (e) e.refs++;
    else refs.set(k, { hash: h, refs: 1 });
  };
  const stack: OutDentry[] = [root];
  while (stack.length) {
    const d = stack.pop()!;
    const i = d.inode;
    add(i.dataHash);
    add(i.reparseHash);
    add(i.efsHash);
    for (const s of i.namedStreams) add(s.hash);
    if (d.children) for (const c of d.children) stack.push(c);
  }
  return refs;
}

/** The references the old tree holds, counted as countRefs counts them. */
function countOldRefs(root: Dentry): Map<string, { hash: Uint8Array; refs: number }> {
  const refs = new Map<string, { hash: Uint8Array; refs: number }>();
  const stack: Dentry[] = [root];
  while (stack.length) {
    const d = stack.pop()!;
    for (const s of d.streams) {
      if (isZeroHash(s.hash)) continue;
      const k = hashHex(s.hash);
      const e = refs.get(k);
      if (e) e.refs++;
      else refs.set(k, { hash: s.hash, refs: 1 });
    }
    for (const c of d.children) stack.push(c);
  }
  return refs;
}

/** Captures `sourceDir` back into image `index` of `imagePath` (or as a new image with append). */
export async function commitImage(opts: CommitOptions): Promise<CommitResult> {
  const h = host();
  const log = opts.log;
  const imagePath = h.path.resolve(opts.imagePath);
  const sourceDir = h.path.resolve(opts.sourceDir);
  if (!h.fs.existsSync(imagePath)) throw new WimError(WimErrorCode.FileNotFound, 'The WIM file of the image does not exist.', imagePath);
  const reader = new HostFileReader('committed');
  try {
    return await runWriteTransaction<CommitResult>(imagePath, opts, {
      existing: 'append',
      newLayout() {
        // Never used: the WIM exists (checked above, and the transaction opens it for the append).
        return { format: CompressionFormat.Xpress, chunkSize: 32768 };
      },
      async write(tx) {
        if (!tx.dest) throw new WimError(WimErrorCode.FileNotFound, 'The WIM file of the image does not exist.', imagePath);
        const index = opts.index;
        if (!Number.isInteger(index) || index < 1 || index > tx.oldImages.length) {
          throw new WimError(WimErrorCode.ImageNotFound, `The image index ${index} does not exist (the WIM has ${tx.oldImages.length} images).`, imagePath);
        }
        // Read under the lock: the image the directory is compared with is the one being replaced.
        const old = readOldImage(imagePath, index, log);
        const scan = scanAgainstOld(sourceDir, imagePath, old, opts.known, log);
        const writer = tx.writer;
        for (const f of scan.pending) tx.progress.total += f.size;

        // New and changed files: hashed first, so that data the WIM holds is not compressed again.
        const hashBuf = new Uint8Array(1 << 20);
        const sources = new Map<string, BlobSource>();
        const yielder = new Yielder();
        for (const f of scan.pending) {
          await yielder.maybeYield();
          const hash = hashFile(reader, f.path, f.size, hashBuf);
          f.inode.dataHash = hash;
          const key = hashHex(hash);
          if (!sources.has(key)) sources.set(key, { size: f.size, hash, read: (off, len, dst, dstOff) => reader.read(f.path, off, len, dst, dstOff) });
        }
        for (const r of scan.reparse) {
          const hash = sha1(r.data);
          r.inode.reparseHash = hash;
          const key = hashHex(hash);
          if (!sources.has(key)) sources.set(key, bytesSource(r.data, hash));
        }

        // The new tree's references: held blobs gain them, missing ones are written.
        let bytesWritten = 0;
        for (const [key, e] of countRefs(scan.root)) {
          if (writer.has(key)) {
            writer.addRefs(key, e.refs);
            continue;
          }
          const src = sources.get(key);
          if (!src) throw new WimError(WimErrorCode.BlobNotFound, `The image names a blob (SHA-1 ${key}) that the WIM does not hold.`, imagePath);
          await yielder.maybeYield();
          bytesWritten += src.size;
          await writer.addBlob(src, e.refs, key);
        }
        await writer.res.flush();
        reader.close();
        if (!opts.append) for (const [key, e] of countOldRefs(old.root)) writer.releaseRefs(key, e.refs);

        const metadata = serializeMetadata(old.descriptors, scan.root);
        if (opts.append) await writer.addMetadata(metadata);
        else await writer.replaceMetadata(index, metadata);
        const stats = imageStats(scan.root);
        const now = nowFiletime();
        const img = makeImageElement(tx.oldImages[index - 1], opts.append ? { stats, creationTime: now, lastModificationTime: now } : { stats, lastModificationTime: now });
        // The saved tree's Windows facts (edition, version, languages) refresh the kept WINDOWS element.
        setWindowsElement(img, readWindowsInfo(sourceDir, log));
        const images = opts.append ? [...tx.oldImages, img] : tx.oldImages.map((e, i) => (i === index - 1 ? img : e));
        return {
          images,
          result: {
            imagePath,
            imageIndex: opts.append ? images.length : index,
            imageCount: images.length,
            fileCount: stats.fileCount,
            dirCount: stats.dirCount,
            totalBytes: stats.totalBytes,
            filesHashed: scan.pending.length,
            bytesWritten,
            identities: scan.identities,
          },
        };
      },
    });
  } finally {
    reader.close();
  }
}
