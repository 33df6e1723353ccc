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
import { u32, utf16le } from '../../bytes';
import {
  type Dentry,
  DENTRY_DISK_SIZE,
  type DentryIndex,
  DentryScan,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_NORMAL,
  FILE_ATTRIBUTE_REPARSE_POINT,
  type OutDentry,
  type OutInode,
  indexDentryTree,
  isDirectoryInode,
  readDentry,
  scanDentry,
  sortTree,
} from '../dentry';
import { HashIndex } from '../hash-index';
import { MAX_METADATA_SIZE, imageStats, serializeMetadata } from '../metadata';
import { parseSecurityData } from '../security';
import { Sha1, hashEquals, hashHex, isZeroHash, sha1 } from '../sha1';
import { type BlobSource, Yielder } from '../io/write-resource';
import { openWim } from '../wim';
import { type CompressionWork, type WriteJobOptions, runWriteTransaction } from '../write/transaction';
import { child, makeImageElement, nowFiletime } from '../xml';
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
  /**
   * Told, before the WIM's new header is written, what the WIM will hold once it is: the image's number, the image
   * count and the SHA-1 of the image's metadata resource (the mount registry records it, so that a save killed
   * after its header was written is known to have committed).
   */
  onCommitting?(state: CommittingState): void | Promise<void>;
}

export interface CommittingState {
  imageIndex: number;
  imageCount: number;
  metadataHash: Uint8Array;
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

/**
 * Whether the files the image's Windows facts come from (windows-info.ts: each top-level directory's System32,
 * System32/config, kernel32.dll and the SOFTWARE and SYSTEM hives, tens of MB in an installation) are as the
 * snapshot has them: then the kept WINDOWS element already says what they would, and they are not read again.
 * Each of those directories, and the root, is compared too: a file added, removed or renamed in one changes its
 * identity.
 */
function windowsSourcesUnchanged(known: ReadonlyMap<string, FileIdentity> | undefined, now: ReadonlyMap<string, FileIdentity>): boolean {
  if (!known) return false;
  for (const [rel, id] of now) {
    const parts = rel === '' ? [] : rel.split('/', 5);
    if (parts.length > 4) continue;
    const p = parts.map((x) => x.toLowerCase());
    const relevant =
      p.length <= 1 ||
      (p[1] === 'system32' && (p.length === 2 || (p.length === 3 && (p[2] === 'config' || p[2] === 'kernel32.dll')) || (p.length === 4 && p[2] === 'config' && (p[3] === 'software' || p[3] === 'system'))));
    if (relevant && !sameIdentity(known.get(rel), id)) return false;
  }
  return true;
}

/** A file whose data must be read: new, or changed since the image was applied. */
interface PendingFile {
  inode: OutInode;
  path: string;
  size: number;
}

/**
 * The old image: its metadata resource and the dentry tree indexed as flat arrays (indexDentryTree, as the export
 * reads an image: ~40 bytes a dentry beside the buffer where parsed Dentry objects took ~600; a dentry is re-read
 * from `buf` when the scan needs it), and the blobs its streams name, numbered (HashIndex), with their sizes and
 * the references the tree holds (one per stream of each dentry, as the blob table counts them).
 */
interface OldImage {
  path: string;
  buf: Uint8Array;
  /** SHA-1 of the metadata resource. */
  hash: Uint8Array;
  descriptors: Uint8Array[];
  idx: DentryIndex;
  blobs: HashIndex;
  sizes: Float64Array;
  refs: Uint32Array;
}

const isDirAttr = (a: number): boolean => (a & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) === FILE_ATTRIBUTE_DIRECTORY;
const attributesOf = (old: OldImage, i: number): number => u32(old.buf, old.idx.offsets[i] + 8);
/** Dentry i of the old tree as an object, made for the moment it is needed (the root's name is ''). */
function oldDentry(old: OldImage, i: number): Dentry {
  const d = readDentry(old.buf, old.idx.offsets[i], old.path).dentry as Dentry;
  if (i === 0) d.name = '';
  return d;
}
function oldSizeOf(old: OldImage, hash: Uint8Array): number {
  if (isZeroHash(hash)) return 0;
  const k = old.blobs.find(hash);
  return k < 0 ? 0 : old.sizes[k];
}
/** The children of old directory `dir` by name (the first of a name: the index already dropped duplicates). */
function oldChildren(old: OldImage, dir: number): Map<string, number> {
  const kids = new Map<string, number>();
  if (dir < 0 || !isDirAttr(attributesOf(old, dir))) return kids;
  const { buf, idx } = old;
  const f = idx.firstChild[dir];
  for (let k = f; k < f + idx.childCount[dir]; k++) {
    const o = idx.offsets[k];
    const name = utf16le(buf, o + DENTRY_DISK_SIZE, buf[o + 100] | (buf[o + 101] << 8));
    if (!kids.has(name)) kids.set(name, k);
  }
  return kids;
}

/** The short (8.3) name of old dentry `i` ('' for none, or for i = -1). */
function oldShortName(old: OldImage, i: number): string {
  if (i < 0) return '';
  const { buf } = old;
  const o = old.idx.offsets[i];
  const nameBytes = buf[o + 100] | (buf[o + 101] << 8);
  const shortBytes = buf[o + 98] | (buf[o + 99] << 8);
  return shortBytes ? utf16le(buf, o + DENTRY_DISK_SIZE + (nameBytes ? nameBytes + 2 : 0), shortBytes) : '';
}

function readOldImage(imagePath: string, index: number, log?: WriteJobOptions['log']): OldImage {
  const wim = openWim(imagePath);
  try {
    const entry = wim.metadataEntry(index);
    const buf = wim.reader.readAll(entry.res, entry.offsetInRes, entry.size, MAX_METADATA_SIZE, 'metadata resource');
    if (!hashEquals(new Sha1().update(buf).digest(), entry.hash)) {
      throw new WimError(WimErrorCode.HashMismatch, `The metadata resource of image ${index} is corrupt (SHA-1 mismatch).`, imagePath);
    }
    const security = parseSecurityData(buf, imagePath);
    if (security.totalLength >= buf.length) {
      throw new WimError(WimErrorCode.InvalidMetadata, 'The metadata resource ends before its root dentry.', imagePath);
    }
    const idx = indexDentryTree(buf, security.totalLength, { path: imagePath, onWarning: (m) => log?.('warning', m) });
    // Blob sizes and references now, while the WIM is open: the write transaction reopens it for the append.
    const blobs = new HashIndex(Math.max(16, idx.count));
    let sizes = new Float64Array(Math.max(16, idx.count));
    let refs = new Uint32Array(sizes.length);
    const sc = new DentryScan();
    for (let i = 0; i < idx.count; i++) {
      scanDentry(buf, idx.offsets[i], sc, imagePath);
      for (let k = 0; k < sc.numStreams; k++) {
        const h = sc.hashOff[k];
        if (isZeroHash(buf, h)) continue;
        const before = blobs.count;
        const b = blobs.add(buf, h);
        if (b === before) {
          if (b === sizes.length) {
            const s2 = new Float64Array(sizes.length * 2);
            s2.set(sizes);
            sizes = s2;
            const r2 = new Uint32Array(sizes.length);
            r2.set(refs);
            refs = r2;
          }
          const id = wim.blobId(buf, h);
          sizes[b] = id < 0 ? 0 : wim.blobSize(id);
        }
        refs[b]++;
      }
    }
    return { path: imagePath, buf, hash: entry.hash.slice(0, 20), descriptors: security.descriptors.map((d) => d.slice()), idx, blobs, sizes, refs };
  } finally {
    wim.close();
  }
}

/** The writer's inode for old dentry `i`, as the image has it (image-inode.ts: export's conversion, hard link group kept). */
function inodeFromOld(old: OldImage, i: number, d: Dentry = oldDentry(old, i)): OutInode {
  return outInodeOf(d, old.buf, (h) => oldSizeOf(old, h));
}

/** Old dentry `i` and everything under it, carried over unchanged (hard links inside it share inodes again). */
function subtreeFromOld(old: OldImage, i: number, groups: Map<bigint, OutInode>): OutDentry {
  const d = oldDentry(old, i);
  let inode: OutInode | undefined;
  const reparse = (d.attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0;
  if (d.hardLinkGroupId !== 0n && !reparse) inode = groups.get(d.hardLinkGroupId);
  if (!inode) {
    inode = inodeFromOld(old, i, d);
    if (inode.hardLinkGroupId !== 0n) groups.set(inode.hardLinkGroupId, inode);
  }
  const out: OutDentry = { name: d.name, shortName: d.shortName, inode, children: isDirectoryInode(inode) ? [] : null };
  if (out.children && isDirAttr(d.attributes)) {
    const f = old.idx.firstChild[i];
    for (let k = f; k < f + old.idx.childCount[i]; k++) out.children.push(subtreeFromOld(old, k, groups));
  }
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
  // Files with several links on disk, by device and inode; `oldGroup`: the group id the image gave the file when it
  // is carried over unchanged (kept, so that a save with no change makes the old metadata byte for byte).
  const byIno = new Map<string, { inode: OutInode; links: number; oldGroup: bigint }>();
  // Hard link groups of carried-over subtrees, by their old id (the ids given below to groups on disk avoid them).
  const oldGroups = new Map<bigint, OutInode>();
  const skip = imageBeingWritten(imagePath, log);

  /** A new inode from the disk; `base` (an old dentry's number, or -1) is the file that was there before. */
  const newInode = (st: { mtimeMs: number; atimeMs: number }, attributes: number, base: number): OutInode => {
    const inode = hostInode(st, attributes);
    if (base >= 0) {
      // The file was there before: what Windows keeps when a file's content or a directory's entries change.
      const b = oldDentry(old, base);
      const keep = b.attributes & ~(FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_NORMAL);
      if (keep) inode.attributes = (attributes & ~FILE_ATTRIBUTE_NORMAL) | keep;
      inode.securityId = b.securityId;
      inode.creationTime = b.creationTime;
      if (!(attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        inode.namedStreams = inodeFromOld(old, base, b).namedStreams;
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
  const rootInode = sameIdentity(known?.get(''), rootId) ? inodeFromOld(old, 0) : newInode(rootSt, FILE_ATTRIBUTE_DIRECTORY, 0);
  const root: OutDentry = { name: '', shortName: oldShortName(old, 0), inode: rootInode, children: [] };

  // `old`: the number of the old directory at this path, or -1.
  const stack: { abs: string; rel: string; out: OutDentry; old: number }[] = [{ abs: rootDir, rel: '', out: root, old: 0 }];
  while (stack.length) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = fs.readdirSync(dir.abs);
    } catch (e) {
      throw fromHostError(e, dir.abs);
    }
    const oldKids = oldChildren(old, dir.old);
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
      const o = oldKids.get(name) ?? -1;
      const oa = o >= 0 ? attributesOf(old, o) : 0;
      seen.add(name);
      if (st.isDirectory()) {
        const id = identityOf(st, true);
        identities.set(rel, id);
        const base = o >= 0 && isDirAttr(oa) ? o : -1;
        const inode = base >= 0 && sameIdentity(known?.get(rel), id) ? inodeFromOld(old, base) : newInode(st, FILE_ATTRIBUTE_DIRECTORY, base);
        inode.hardLinkGroupId = 0n;
        const d: OutDentry = { name, shortName: oldShortName(old, base), inode, children: [] };
        dir.out.children!.push(d);
        stack.push({ abs: p, rel, out: d, old: base });
      } else if (st.isSymbolicLink()) {
        const id = identityOf(st, false);
        identities.set(rel, id);
        if (o >= 0 && oa & FILE_ATTRIBUTE_REPARSE_POINT && sameIdentity(known?.get(rel), id)) {
          dir.out.children!.push({ name, shortName: oldShortName(old, o), inode: inodeFromOld(old, o), children: null });
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
          dir.out.children!.push({ name, shortName: oldShortName(old, o), inode: linked.inode, children: null });
          continue;
        }
        const base = o >= 0 && !(oa & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) ? o : -1;
        let inode: OutInode;
        let oldGroup = 0n;
        if (base >= 0 && sameIdentity(known?.get(rel), id)) {
          inode = inodeFromOld(old, base);
          oldGroup = inode.hardLinkGroupId;
        } else {
          inode = newInode(st, FILE_ATTRIBUTE_NORMAL, base);
          inode.dataSize = st.size;
          if (st.size > 0) pending.push({ inode, path: p, size: st.size });
        }
        inode.hardLinkGroupId = 0n;
        if (st.nlink > 1) byIno.set(key, { inode, links: 1, oldGroup });
        dir.out.children!.push({ name, shortName: oldShortName(old, base), inode, children: null });
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
  // A group id for inodes with several links inside the image: the one the image gave an unchanged file (first
  // pass), else the disk's inode number as capture gives it (second pass), unless a carried-over subtree's group or
  // a kept id has it: an id only has to be unique in the image.
  const used = new Set(oldGroups.keys());
  for (const e of byIno.values()) {
    if (e.links < 2 || e.oldGroup === 0n || used.has(e.oldGroup)) continue;
    used.add(e.oldGroup);
    e.inode.hardLinkGroupId = e.oldGroup;
  }
  for (const [key, e] of byIno) {
    if (e.links < 2 || e.inode.hardLinkGroupId !== 0n) continue;
    let g = BigInt(key.slice(key.indexOf(':') + 1)) || 1n;
    while (used.has(g)) g++;
    used.add(g);
    e.inode.hardLinkGroupId = g;
  }
  sortTree(root);
  return { root, pending, reparse, identities };
}

/** The blobs a tree names (numbered), with their references (one per dentry, as the blob table counts them). */
interface RefCounts {
  blobs: HashIndex;
  refs: number[];
}

/** Every stream hash the new tree names, with its number of references. */
function countRefs(root: OutDentry): RefCounts {
  const blobs = new HashIndex(1024);
  const refs: number[] = [];
  const add = (h: Uint8Array | null | undefined): void => {
    if (!h || isZeroHash(h)) return;
    const k = blobs.add(h);
    refs[k] = (refs[k] ?? 0) + 1;
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
  return { blobs, refs };
}

/**
 * Compression work (new file data plus the metadata resource) below which a commit compresses in this thread, with
 * no worker. Each worker starts cold (its compressor not yet optimized by V8), and while they work this thread
 * waits. Measured on a 2-core VM, Save-WindowsImage of a 30k-file image with no change (a 5 MB metadata
 * resource): 1.73 s in one thread, 2.1-2.2 s with two workers (and 1 s more CPU); one changed file in a 194-file
 * image: ~0.15 s of ~0.55 s went to starting and stopping workers. By that rate workers pay off from ~10 MB.
 */
export const LITTLE_WORK_BYTES = 16 << 20;

/** Captures `sourceDir` back into image `index` of `imagePath` (or as a new image with append). */
export async function commitImage(opts: CommitOptions): Promise<CommitResult> {
  const h = host();
  const log = opts.log;
  const imagePath = h.path.resolve(opts.imagePath);
  const sourceDir = h.path.resolve(opts.sourceDir);
  if (!h.fs.existsSync(imagePath)) throw new WimError(WimErrorCode.FileNotFound, 'The WIM file of the image does not exist.', imagePath);
  const reader = new HostFileReader('committed');
  let old: OldImage | undefined;
  let scan: Scan | undefined;
  /** The new metadata resource when prepare() could make it (no file to hash), and whether it is the old one. */
  let metadata: Uint8Array | undefined;
  let metadataHash: Uint8Array | undefined;
  let sameMetadata = false;
  try {
    return await runWriteTransaction<CommitResult>(imagePath, opts, {
      existing: 'append',
      newLayout() {
        // Never used: the WIM exists (checked above, and the transaction opens it for the append).
        return { format: CompressionFormat.Xpress, chunkSize: 32768 };
      },
      prepare(_layout, dest): CompressionWork {
        if (!dest) throw new WimError(WimErrorCode.FileNotFound, 'The WIM file of the image does not exist.', imagePath);
        const index = opts.index;
        const count = dest.imageElements.length;
        if (!Number.isInteger(index) || index < 1 || index > count) {
          throw new WimError(WimErrorCode.ImageNotFound, `The image index ${index} does not exist (the WIM has ${count} images).`, imagePath);
        }
        // Read under the lock (prepare runs after the transaction took it): the image the directory is compared
        // with is the one being replaced.
        old = readOldImage(imagePath, index, log);
        scan = scanAgainstOld(sourceDir, imagePath, old, opts.known, log);
        // Nothing new to read: the new metadata can be made now, and when it is the old one byte for byte (a save
        // with no change) the image keeps its resource and nothing is compressed (wimlib's unmount --commit
        // writes nothing either), only the XML's modification time changes.
        if (!opts.append && scan.pending.length === 0 && scan.reparse.length === 0) {
          metadata = serializeMetadata(old.descriptors, scan.root);
          metadataHash = sha1(metadata);
          if (hashEquals(metadataHash, old.hash)) {
            sameMetadata = true;
            return 'none';
          }
        }
        // What will be compressed: the new and changed files and a metadata resource about the old one's size;
        // below LITTLE_WORK_BYTES, compression workers cost more than they save.
        let work = old.buf.length;
        for (const f of scan.pending) work += f.size;
        return work < LITTLE_WORK_BYTES ? 'little' : 'much';
      },
      async write(tx) {
        const index = opts.index;
        if (!old || !scan) throw new Error('commit: prepare() did not run');
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
        const counted = countRefs(scan.root);
        const hashes = counted.blobs.hashes;
        for (let k = 0; k < counted.blobs.count; k++) {
          if (writer.has(hashes, k * 20)) {
            writer.addRefs(hashes, counted.refs[k], k * 20);
            continue;
          }
          const key = hashHex(counted.blobs.hash(k));
          const src = sources.get(key);
          if (!src) throw new WimError(WimErrorCode.BlobNotFound, `The image names a blob (SHA-1 ${key}) that the WIM does not hold.`, imagePath);
          await yielder.maybeYield();
          bytesWritten += src.size;
          await writer.addBlob(src, counted.refs[k], src.hash);
        }
        await writer.res.flush();
        reader.close();
        if (!opts.append) for (let k = 0; k < old.blobs.count; k++) writer.releaseRefs(old.blobs.hashes, old.refs[k], k * 20);

        metadata ??= serializeMetadata(old.descriptors, scan.root);
        metadataHash ??= sha1(metadata);
        if (opts.append) await writer.addMetadata(metadata);
        else if (!sameMetadata) await writer.replaceMetadata(index, metadata);
        metadata = undefined;
        const stats = imageStats(scan.root);
        const now = nowFiletime();
        const img = makeImageElement(tx.oldImages[index - 1], opts.append ? { stats, creationTime: now, lastModificationTime: now } : { stats, lastModificationTime: now });
        // The saved tree's Windows facts (edition, version, languages) refresh the kept WINDOWS element, unless the
        // image has an element with facts in it and the files they come from are those the image already had.
        const kept = child(img, 'WINDOWS');
        const hasFacts = kept !== undefined && kept.children.some((c) => typeof c !== 'string');
        if (!hasFacts || !windowsSourcesUnchanged(opts.known, scan.identities)) setWindowsElement(img, readWindowsInfo(sourceDir, log));
        const images = opts.append ? [...tx.oldImages, img] : tx.oldImages.map((e, i) => (i === index - 1 ? img : e));
        // The last step before the transaction writes the header (a failure here still leaves the WIM as it was).
        await opts.onCommitting?.({ imageIndex: opts.append ? images.length : index, imageCount: images.length, metadataHash });
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
