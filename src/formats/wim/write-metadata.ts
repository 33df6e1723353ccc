/*
 * The metadata resource as the writer builds it (one per image): the security data, then the dentry tree.
 *
 * security data: le32 total_length | le32 num_entries | le64 sizes[num_entries] | self-relative security
 *   descriptors back to back | zero padding to a multiple of 8 (total_length counts the padding).
 * dentry (102 fixed bytes, then names, padded to 8): le64 length | le32 attributes | le32 security_id |
 *   le64 subdir_offset | 2 x le64 unused | creation, last access, last write FILETIMEs | main_hash[20] |
 *   le32 unknown_0x54 | reparse {le32 tag, le16 reserved, le16 flags} or le64 hard_link_group_id |
 *   le16 num_extra_streams | le16 short_name_nbytes | le16 name_nbytes | UTF-16LE name + NUL | short name + NUL.
 *   Extra stream entries follow the dentry, each 8-aligned: le64 length | le64 reserved | hash[20] |
 *   le16 name_nbytes | name + NUL.
 * Layout: security data, root dentry, an 8-byte end-of-directory marker, then, for each directory in preorder,
 * its children (in NTFS-like collation order) and an 8-byte terminator. Every directory (empty ones too) gets a
 * subdir_offset pointing at its child list; non-directories (and reparse points) get 0.
 */
import { put16, put32, put64 } from '../bytes';

import {
  DENTRY_DISK_SIZE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_ENCRYPTED,
  FILE_ATTRIBUTE_REPARSE_POINT,
} from './dentry';

// The attribute names the writer's users need, from the reader's dentry unit (one definition per concern).
export {
  DENTRY_DISK_SIZE,
  FILE_ATTRIBUTE_ARCHIVE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_ENCRYPTED,
  FILE_ATTRIBUTE_HIDDEN,
  FILE_ATTRIBUTE_NORMAL,
  FILE_ATTRIBUTE_READONLY,
  FILE_ATTRIBUTE_REPARSE_POINT,
  FILE_ATTRIBUTE_SPARSE_FILE,
  FILE_ATTRIBUTE_SYSTEM,
} from './dentry';

const EXTRA_STREAM_DISK_SIZE = 38;
const ZERO_HASH = new Uint8Array(20);

/** A named data stream (alternate data stream) of a file. */
export interface OutNamedStream {
  name: string;
  /** SHA-1 of its blob; all zeros for an empty stream. */
  hash: Uint8Array;
  size: number;
}

/** The file a dentry names; hard links are dentries sharing one OutInode. */
export interface OutInode {
  attributes: number;
  /** Index into the image's security descriptors, or -1 for none. */
  securityId: number;
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  unknown0x54?: number;
  reparseTag?: number;
  rpReserved?: number;
  rpFlags?: number;
  /** Nonzero and shared by all dentries of the inode when it has several links; 0 otherwise. */
  hardLinkGroupId: bigint;
  /** Unnamed data stream: hash (null or zeros: empty) and size. */
  dataHash: Uint8Array | null;
  dataSize: number;
  /** Reparse data stream (reparse buffer minus its 8-byte header) for reparse points. */
  reparseHash?: Uint8Array | null;
  reparseSize?: number;
  /** EFS raw data for encrypted files (stored as the only unnamed stream). */
  efsHash?: Uint8Array | null;
  efsSize?: number;
  namedStreams: OutNamedStream[];
  /** Tagged items after the names (wimlib extensions such as UNIX data), copied as they are. */
  extra?: Uint8Array;
}

export interface OutDentry {
  name: string;
  shortName: string;
  inode: OutInode;
  /** Children for a directory (that is not a reparse point); null otherwise. */
  children: OutDentry[] | null;
}

export function isDirectoryInode(inode: OutInode): boolean {
  return (inode.attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) === FILE_ATTRIBUTE_DIRECTORY;
}

function utf16(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b[2 * i] = c & 0xff;
    b[2 * i + 1] = c >>> 8;
  }
  return b;
}

const align8 = (n: number): number => (n + 7) & ~7;

function upcaseUnit(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 32;
  if (c < 0x80) return c;
  const u = String.fromCharCode(c).toUpperCase();
  return u.length === 1 ? u.charCodeAt(0) : c;
}

/** NTFS-like collation: compare UTF-16 code units case-insensitively, then case-sensitively. */
export function collateNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = upcaseUnit(a.charCodeAt(i)) - upcaseUnit(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/** The unnamed streams a dentry lists, in the order DISM expects (reparse before unnamed data). */
function unnamedStreamHashes(inode: OutInode): Uint8Array[] {
  if (inode.attributes & FILE_ATTRIBUTE_ENCRYPTED) return [inode.efsHash ?? ZERO_HASH];
  const out: Uint8Array[] = [];
  if (inode.attributes & FILE_ATTRIBUTE_REPARSE_POINT) out.push(inode.reparseHash ?? ZERO_HASH);
  if (!(inode.attributes & FILE_ATTRIBUTE_DIRECTORY)) out.push(inode.dataHash ?? ZERO_HASH);
  return out;
}

function namedStreamsOf(inode: OutInode): OutNamedStream[] {
  return inode.attributes & FILE_ATTRIBUTE_ENCRYPTED ? [] : inode.namedStreams;
}

export interface Encoded {
  name: Uint8Array;
  shortName: Uint8Array;
  fixedLen: number; // dentry length field (names, padding, tagged items)
  totalLen: number; // plus extra stream entries
}

export function encodeDentry(d: OutDentry, isRoot: boolean): Encoded {
  const name = isRoot ? new Uint8Array(0) : utf16(d.name);
  const shortName = isRoot ? new Uint8Array(0) : utf16(d.shortName);
  let len = DENTRY_DISK_SIZE;
  if (name.length) len += name.length + 2;
  if (shortName.length) len += shortName.length + 2;
  len = align8(len);
  if (d.inode.extra && d.inode.extra.length) len = align8(len + d.inode.extra.length);
  let total = len;
  const unnamed = unnamedStreamHashes(d.inode);
  const named = namedStreamsOf(d.inode);
  if (unnamed.length > 1 || named.length > 0) {
    total += unnamed.length * align8(EXTRA_STREAM_DISK_SIZE);
    for (const s of named) total += align8(EXTRA_STREAM_DISK_SIZE + (s.name.length ? s.name.length * 2 + 2 : 0));
  }
  return { name, shortName, fixedLen: len, totalLen: total };
}

function writeExtraStream(buf: Uint8Array, p: number, name: string, hash: Uint8Array): number {
  const nameBytes = name.length ? utf16(name) : null;
  const len = align8(EXTRA_STREAM_DISK_SIZE + (nameBytes ? nameBytes.length + 2 : 0));
  put64(buf, p, len);
  buf.set(hash.subarray(0, 20), p + 16);
  put16(buf, p + 36, nameBytes ? nameBytes.length : 0);
  if (nameBytes) buf.set(nameBytes, p + EXTRA_STREAM_DISK_SIZE);
  return p + len;
}

export function writeDentry(buf: Uint8Array, p: number, d: OutDentry, enc: Encoded, subdirOffset: number): number {
  const ino = d.inode;
  put64(buf, p, enc.fixedLen);
  put32(buf, p + 8, ino.attributes >>> 0);
  put32(buf, p + 12, ino.securityId < 0 ? 0xffffffff : ino.securityId);
  put64(buf, p + 16, subdirOffset);
  put64(buf, p + 40, ino.creationTime);
  put64(buf, p + 48, ino.lastAccessTime);
  put64(buf, p + 56, ino.lastWriteTime);
  put32(buf, p + 84, (ino.unknown0x54 ?? 0) >>> 0);
  if (ino.attributes & FILE_ATTRIBUTE_REPARSE_POINT) {
    put32(buf, p + 88, (ino.reparseTag ?? 0) >>> 0);
    put16(buf, p + 92, ino.rpReserved ?? 0);
    put16(buf, p + 94, ino.rpFlags ?? 0);
  } else {
    put64(buf, p + 88, ino.hardLinkGroupId);
  }
  put16(buf, p + 98, enc.shortName.length);
  put16(buf, p + 100, enc.name.length);
  let q = p + DENTRY_DISK_SIZE;
  if (enc.name.length) {
    buf.set(enc.name, q);
    q += enc.name.length + 2;
  }
  if (enc.shortName.length) {
    buf.set(enc.shortName, q);
    q += enc.shortName.length + 2;
  }
  q = p + align8(q - p);
  if (ino.extra && ino.extra.length) buf.set(ino.extra, q);
  q = p + enc.fixedLen;

  const unnamed = unnamedStreamHashes(ino);
  const named = namedStreamsOf(ino);
  if (unnamed.length <= 1 && named.length === 0) {
    buf.set((unnamed[0] ?? ZERO_HASH).subarray(0, 20), p + 64);
    put16(buf, p + 96, 0);
    return q;
  }
  put16(buf, p + 96, unnamed.length + named.length);
  for (const h of unnamed) q = writeExtraStream(buf, q, '', h);
  for (const s of named) q = writeExtraStream(buf, q, s.name, s.hash);
  return q;
}

/** Security data: the descriptors an image's dentries index by security_id. */
export function serializeSecurityData(descriptors: readonly Uint8Array[]): Uint8Array {
  let len = 8 + 8 * descriptors.length;
  for (const d of descriptors) len += d.length;
  const total = align8(len);
  const out = new Uint8Array(total);
  put32(out, 0, total);
  put32(out, 4, descriptors.length);
  let p = 8;
  for (const d of descriptors) {
    put64(out, p, d.length);
    p += 8;
  }
  for (const d of descriptors) {
    out.set(d, p);
    p += d.length;
  }
  return out;
}

/** Sorts every child list into collation order (in place) and checks for duplicate names. */
export function sortTree(root: OutDentry): void {
  const stack: OutDentry[] = [root];
  while (stack.length) {
    const d = stack.pop()!;
    if (!d.children) continue;
    d.children.sort((a, b) => collateNames(a.name, b.name));
    for (const c of d.children) stack.push(c);
  }
}

/**
 * Builds the uncompressed metadata resource of an image. The tree must already be in collation order
 * (sortTree) when the caller cares about DISM's order; the layout is valid in any order.
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

/** Image statistics for the XML data, counted as DISM does (root directory and named streams excluded). */
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
