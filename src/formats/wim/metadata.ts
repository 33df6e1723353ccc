/*
 * The metadata resource of an image (a blob flagged METADATA in the blob table, never solid): the security data
 * (security.ts), then the root dentry at the 8-byte aligned end of the security data, then the children lists of
 * every directory (dentry.ts), each ended by an 8-byte zero terminator.
 *
 * Read: parseMetadata (the tree) and treeStats. Written: serializeMetadata lays down security data, root, an
 * 8-byte end-of-directory marker, then each directory's child list and terminator in preorder (the order readers
 * and wimlib expect of subdir offsets); imageStats counts what the XML data says of the image.
 */
import {
  type Dentry,
  type Encoded,
  FILE_ATTRIBUTE_DIRECTORY,
  type OutDentry,
  type OutInode,
  encodeDentry,
  isDirectoryInode,
  readDentryTree,
  walkDentries,
  isDirectory,
  unnamedDataHash,
  isReparsePoint,
  namedStreams,
  writeDentry,
} from './dentry';
import { WimError, WimErrorCode } from '../errors';
import { type SecurityData, parseSecurityData, serializeSecurityData } from './security';

export interface ImageMetadata {
  security: SecurityData;
  root: Dentry;
}

/** Metadata resources larger than this are refused (a full Windows install image has well under 200 MiB). */
export const MAX_METADATA_SIZE = 1 << 30;

export function parseMetadata(buf: Uint8Array, opts: { path?: string; onWarning?: (m: string) => void } = {}): ImageMetadata {
  const security = parseSecurityData(buf, opts.path);
  if (security.totalLength >= buf.length) {
    throw new WimError(WimErrorCode.InvalidMetadata, 'The metadata resource ends before its root dentry.', opts.path);
  }
  const root = readDentryTree(buf, security.totalLength, opts);
  return { security, root };
}

export interface TreeStats {
  /** Directories, the root included (as wimlib counts them). */
  dirCount: number;
  /** Non-directories, each hard link counted. */
  fileCount: number;
  /** Sum of unnamed data stream sizes, each link counted. */
  totalBytes: number;
  /** Bytes of links beyond the first of each hard link group. */
  hardLinkBytes: number;
  namedStreamCount: number;
}

/** Counts of the image tree; `sizeOf` gives a blob's size by hash (0 when unknown). */
export function treeStats(root: Dentry, sizeOf: (hash: Uint8Array) => number): TreeStats {
  const s: TreeStats = { dirCount: 0, fileCount: 0, totalBytes: 0, hardLinkBytes: 0, namedStreamCount: 0 };
  const groups = new Set<bigint>();
  walkDentries(root, (d) => {
    s.namedStreamCount += namedStreams(d).length;
    if (isDirectory(d)) {
      s.dirCount++;
      return;
    }
    s.fileCount++;
    const h = isReparsePoint(d) ? undefined : unnamedDataHash(d);
    const size = h ? sizeOf(h) : 0;
    s.totalBytes += size;
    if (d.hardLinkGroupId !== 0n) {
      if (groups.has(d.hardLinkGroupId)) s.hardLinkBytes += size;
      else groups.add(d.hardLinkGroupId);
    }
  });
  return s;
}

/**
 * Builds the uncompressed metadata resource of an image. The tree must already be in collation order
 * (sortTree) when the caller cares about Windows' order; the layout is valid in any order.
 */
export function serializeMetadata(descriptors: readonly Uint8Array[], root: OutDentry): Uint8Array {
  const sd = serializeSecurityData(descriptors);
  const encoded = new Map<OutDentry, Encoded>();
  const enc = (d: OutDentry, isRoot = false): Encoded => {
    let e = encoded.get(d);
    if (!e) {
      e = encodeDentry(d, isRoot);
      encoded.set(d, e);
    }
    return e;
  };
  const rootEnc = enc(root, true);
  // Assign child-list offsets in preorder, as readers and wimlib expect.
  const subdir = new Map<OutDentry, number>();
  let cur = sd.length + rootEnc.totalLen + 8;
  const order: OutDentry[] = [];
  const walk: OutDentry[] = [root];
  while (walk.length) {
    const d = walk.pop()!;
    order.push(d);
    if (d.children && isDirectoryInode(d.inode)) {
      subdir.set(d, cur);
      for (const c of d.children) cur += enc(c).totalLen;
      cur += 8;
      for (let i = d.children.length - 1; i >= 0; i--) walk.push(d.children[i]);
    }
  }
  const buf = new Uint8Array(cur);
  buf.set(sd, 0);
  let p = writeDentry(buf, sd.length, root, rootEnc, subdir.get(root) ?? 0);
  p += 8;
  for (const d of order) {
    const off = subdir.get(d);
    if (off === undefined) continue;
    if (p !== off) throw new Error(`metadata layout mismatch: ${p} != ${off}`);
    for (const c of d.children!) p = writeDentry(buf, p, c, enc(c), subdir.get(c) ?? 0);
    p += 8;
  }
  if (p !== buf.length) throw new Error(`metadata layout mismatch at end: ${p} != ${buf.length}`);
  return buf;
}

/** Image statistics for the XML data, counted as Windows counts them (root directory and named streams excluded). */
export interface ImageStats {
  dirCount: number;
  fileCount: number;
  totalBytes: number;
  hardLinkBytes: number;
}

export function imageStats(root: OutDentry): ImageStats {
  const s: ImageStats = { dirCount: 0, fileCount: 0, totalBytes: 0, hardLinkBytes: 0 };
  const seen = new Set<OutInode>();
  const stack: OutDentry[] = [root];
  while (stack.length) {
    const d = stack.pop()!;
    if (d !== root) {
      if (isDirectoryInode(d.inode)) s.dirCount++;
      else s.fileCount++;
      const size = d.inode.attributes & FILE_ATTRIBUTE_DIRECTORY ? 0 : d.inode.dataSize;
      s.totalBytes += size;
      if (seen.has(d.inode)) s.hardLinkBytes += size;
      else seen.add(d.inode);
    }
    if (d.children) for (const c of d.children) stack.push(c);
  }
  return s;
}
