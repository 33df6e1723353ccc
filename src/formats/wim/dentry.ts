/*
 * Dentries (directory entries) of a metadata resource. Each is 102 fixed bytes, packed:
 *   u64 length (8-byte multiple; <= 8 marks the end of a directory's children), u32 attributes (FILE_ATTRIBUTE_*),
 *   i32 security_id (-1: none), u64 subdir_offset (offset of the first child in the metadata resource; directories
 *   only), u64 unused x2, u64 creation / last access / last write times (FILETIME), SHA-1 main_hash[20],
 *   u32 unknown, then either {u32 reparse_tag, u16 rp_reserved, u16 rp_flags} (reparse points) or
 *   {u64 hard_link_group_id}, u16 num_extra_streams, u16 short_name_nbytes, u16 name_nbytes,
 *   then the UTF-16LE name + NUL, the short name + NUL, padding / tagged items up to `length`.
 * After it come num_extra_streams extra stream entries, each 8-byte aligned: {u64 length, u64 reserved,
 * SHA-1 hash[20], u16 name_nbytes, UTF-16LE name + NUL}. Unnamed entries are the reparse stream (first one, for
 * reparse points) or the unnamed data stream; named ones are alternate data streams.
 * A directory's children follow one another from its subdir_offset up to an 8-byte zero terminator.
 *
 * Read: scanDentry (in place, no object), readDentry, indexDentryTree / readDentryTree. Written: the writer's view
 * of a file (OutDentry, OutInode: hard links share one OutInode), encodeDentry (its length) and writeDentry.
 */
import { align8, encodeUtf16le, put16, put32, put64, u16, u32, u64, u64big, utf16le } from '../bytes';
import { WimError, WimErrorCode } from '../errors';
import { SHA1_SIZE, isZeroHash } from './sha1';

export const DENTRY_DISK_SIZE = 102;
const EXTRA_STREAM_DISK_SIZE = 38;

export const FILE_ATTRIBUTE_READONLY = 0x1;
export const FILE_ATTRIBUTE_HIDDEN = 0x2;
export const FILE_ATTRIBUTE_SYSTEM = 0x4;
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;
export const FILE_ATTRIBUTE_ARCHIVE = 0x20;
export const FILE_ATTRIBUTE_NORMAL = 0x80;
export const FILE_ATTRIBUTE_SPARSE_FILE = 0x200;
export const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
export const FILE_ATTRIBUTE_COMPRESSED = 0x800;
export const FILE_ATTRIBUTE_ENCRYPTED = 0x4000;

export const IO_REPARSE_TAG_MOUNT_POINT = 0xa0000003;
export const IO_REPARSE_TAG_SYMLINK = 0xa000000c;
/** rp_flags bit: an absolute link that was NOT rewritten relative to the image root at capture. */
export const RP_FLAG_NOT_FIXED = 0x1;

export type StreamType = 'data' | 'reparse' | 'efs' | 'unknown';

export interface DentryStream {
  /** '' for the unnamed stream. */
  name: string;
  hash: Uint8Array;
  type: StreamType;
}

export interface Dentry {
  name: string;
  shortName: string;
  attributes: number;
  securityId: number;
  subdirOffset: number;
  creationTime: bigint;
  lastAccessTime: bigint;
  lastWriteTime: bigint;
  reparseTag: number;
  rpReserved: number;
  rpFlags: number;
  /** 0n when not hard-linked (and always for reparse points). */
  hardLinkGroupId: bigint;
  streams: DentryStream[];
  children: Dentry[];
  parent: Dentry | undefined;
  /** Offset of this dentry in the metadata resource (for diagnostics). */
  offset: number;
}

export function isDirectory(d: Dentry): boolean {
  return (d.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;
}

export function isReparsePoint(d: Dentry): boolean {
  return (d.attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0;
}

/** Hash of the unnamed data stream, undefined for an empty stream (or none). */
export function unnamedDataHash(d: Dentry): Uint8Array | undefined {
  for (const s of d.streams) if (s.name === '' && s.type === 'data' && !isZeroHash(s.hash)) return s.hash;
  return undefined;
}

export function reparseHash(d: Dentry): Uint8Array | undefined {
  for (const s of d.streams) if (s.type === 'reparse' && !isZeroHash(s.hash)) return s.hash;
  return undefined;
}

export function namedStreams(d: Dentry): DentryStream[] {
  return d.streams.filter((s) => s.name !== '');
}

/** Stream type codes of a DentryScan (StreamType in the order of STREAM_TYPES). */
export const STREAM_UNKNOWN = 0;
export const STREAM_DATA = 1;
export const STREAM_REPARSE = 2;
export const STREAM_EFS = 3;
const STREAM_TYPES: readonly StreamType[] = ['unknown', 'data', 'reparse', 'efs'];

/** A copy of typed array `a` with room for `n` elements. */
function grown<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}

/**
 * One dentry as scanDentry leaves it: its fixed fields and where its names and streams lie in the buffer, no
 * object or string made. Stream 0 is the main hash; streams 1.. are the extra stream entries. One scan is reused
 * dentry after dentry (the export and the tree index read tens of thousands).
 */
export class DentryScan {
  /** Offset just past the dentry and its extra stream entries (or the 8-byte end marker). */
  next = 0;
  /** An end-of-directory marker, not a dentry (no other field is set). */
  end = false;
  length = 0;
  attributes = 0;
  securityId = 0;
  /** Infinity past 2^53 (u64). */
  subdirOffset = 0;
  nameOff = 0;
  nameBytes = 0;
  shortNameOff = 0;
  shortNameBytes = 0;
  numStreams = 0;
  /** Per stream: offset of its 20-byte SHA-1, of its name and the name's byte count (0: unnamed), its type. */
  hashOff = new Float64Array(4);
  streamNameOff = new Float64Array(4);
  streamNameBytes = new Uint32Array(4);
  streamType = new Uint8Array(4);

  reserve(n: number): void {
    if (n <= this.hashOff.length) return;
    this.hashOff = grown(this.hashOff, n);
    this.streamNameOff = grown(this.streamNameOff, n);
    this.streamNameBytes = grown(this.streamNameBytes, n);
    this.streamType = grown(this.streamType, n);
  }
}

/**
 * Types the streams as Windows reads them: for an encrypted file the unnamed streams are EFS data; otherwise named
 * streams are data, the first unnamed stream with a hash is the reparse data of a reparse point, the next the
 * unnamed data stream; with no unnamed stream found, the main one takes the role.
 */
function assignStreamTypes(buf: Uint8Array, s: DentryScan): void {
  const n = s.numStreams;
  const types = s.streamType;
  types.fill(STREAM_UNKNOWN, 0, n);
  if (s.attributes & FILE_ATTRIBUTE_ENCRYPTED) {
    for (let i = 0; i < n; i++) if (s.streamNameBytes[i] === 0) types[i] = STREAM_EFS;
    return;
  }
  const reparse = (s.attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0;
  let foundReparse = false;
  let foundData = false;
  for (let i = 0; i < n; i++) {
    if (s.streamNameBytes[i] !== 0) types[i] = STREAM_DATA;
    else if (i !== 0 || !isZeroHash(buf, s.hashOff[i])) {
      if (reparse && !foundReparse) {
        foundReparse = true;
        types[i] = STREAM_REPARSE;
      } else if (!foundData) {
        foundData = true;
        types[i] = STREAM_DATA;
      }
    }
  }
  if (!foundReparse && !foundData) types[0] = reparse ? STREAM_REPARSE : STREAM_DATA;
}

/**
 * Reads one dentry (with its extra stream entries) at `offset` of the uncompressed metadata resource into `s`,
 * checking that everything it names lies inside `buf`.
 */
export function scanDentry(buf: Uint8Array, offset: number, s: DentryScan, path?: string): void {
  const bad = (why: string): WimError => new WimError(WimErrorCode.InvalidMetadata, `Invalid dentry at offset ${offset}: ${why}.`, path);
  if (offset + 8 > buf.length || offset < 0) throw bad('it lies past the end of the metadata resource');
  const length = align8(u64(buf, offset));
  if (length <= 8) {
    s.end = true;
    s.next = offset + 8;
    return;
  }
  if (length < DENTRY_DISK_SIZE) throw bad(`length ${length} is too small`);
  if (!(offset + length <= buf.length)) throw bad(`length ${length} runs past the end of the metadata resource`);
  const o = offset;
  s.end = false;
  s.length = length;
  s.attributes = u32(buf, o + 8);
  s.securityId = buf[o + 12] | (buf[o + 13] << 8) | (buf[o + 14] << 16) | (buf[o + 15] << 24);
  s.subdirOffset = u64(buf, o + 16);
  const numExtra = u16(buf, o + 96);
  const shortNameBytes = u16(buf, o + 98);
  const nameBytes = u16(buf, o + 100);
  if ((shortNameBytes | nameBytes) & 1) throw bad('a name has an odd byte count');
  const needed = DENTRY_DISK_SIZE + (nameBytes ? nameBytes + 2 : 0) + (shortNameBytes ? shortNameBytes + 2 : 0);
  if (length < needed) throw bad(`length ${length} cannot hold its names (${needed} bytes)`);
  s.nameOff = o + DENTRY_DISK_SIZE;
  s.nameBytes = nameBytes;
  s.shortNameOff = s.nameOff + (nameBytes ? nameBytes + 2 : 0);
  s.shortNameBytes = shortNameBytes;

  s.reserve(numExtra + 1);
  s.numStreams = numExtra + 1;
  s.hashOff[0] = o + 64;
  s.streamNameOff[0] = 0;
  s.streamNameBytes[0] = 0;
  let q = offset + length;
  for (let i = 0; i < numExtra; i++) {
    if (q + EXTRA_STREAM_DISK_SIZE > buf.length) throw bad(`extra stream entry ${i} lies past the end of the metadata resource`);
    const slen = align8(u64(buf, q));
    if (slen < EXTRA_STREAM_DISK_SIZE || !(q + slen <= buf.length)) throw bad(`extra stream entry ${i} has length ${slen}`);
    const nb = u16(buf, q + 36);
    if (nb & 1 || EXTRA_STREAM_DISK_SIZE + nb > slen) throw bad(`extra stream entry ${i} has a bad name length`);
    s.hashOff[i + 1] = q + 16;
    s.streamNameOff[i + 1] = q + EXTRA_STREAM_DISK_SIZE;
    s.streamNameBytes[i + 1] = nb;
    q += slen;
  }
  s.next = q;
  assignStreamTypes(buf, s);
}

export interface ReadDentryResult {
  /** undefined at an end-of-directory marker. */
  dentry: Dentry | undefined;
  /** Offset just past the dentry and its extra stream entries (or the 8-byte marker). */
  next: number;
}

const sharedScan = new DentryScan();

/** Reads one dentry (with its extra stream entries) at `offset` of the uncompressed metadata resource. */
export function readDentry(buf: Uint8Array, offset: number, path?: string): ReadDentryResult {
  const s = sharedScan;
  scanDentry(buf, offset, s, path);
  if (s.end) return { dentry: undefined, next: s.next };
  const o = offset;
  const attributes = s.attributes;
  const reparse = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0;
  const streams: DentryStream[] = new Array(s.numStreams);
  for (let i = 0; i < s.numStreams; i++) {
    const h = s.hashOff[i];
    const nb = s.streamNameBytes[i];
    streams[i] = { name: nb ? utf16le(buf, s.streamNameOff[i], nb) : '', hash: buf.slice(h, h + SHA1_SIZE), type: STREAM_TYPES[s.streamType[i]] };
  }
  const subdirOffset = s.subdirOffset;
  const dentry: Dentry = {
    name: s.nameBytes ? utf16le(buf, s.nameOff, s.nameBytes) : '',
    shortName: s.shortNameBytes ? utf16le(buf, s.shortNameOff, s.shortNameBytes) : '',
    attributes,
    securityId: s.securityId,
    subdirOffset: Number.isFinite(subdirOffset) ? subdirOffset : -1,
    creationTime: u64big(buf, o + 40),
    lastAccessTime: u64big(buf, o + 48),
    lastWriteTime: u64big(buf, o + 56),
    reparseTag: reparse ? u32(buf, o + 88) : 0,
    rpReserved: reparse ? u16(buf, o + 92) : 0,
    rpFlags: reparse ? u16(buf, o + 94) : 0,
    hardLinkGroupId: reparse ? 0n : u64big(buf, o + 88),
    streams,
    children: [],
    parent: undefined,
    offset,
  };
  return { dentry, next: s.next };
}

export interface DentryTreeOptions {
  path?: string;
  onWarning?: (message: string) => void;
}

/**
 * The dentry tree of a metadata resource as flat arrays, no object per dentry: dentry n lies at offsets[n] of the
 * resource; the root is 0; a directory's children are numbered consecutively, firstChild[n] .. firstChild[n] +
 * childCount[n] - 1, in on-disk order; parents[n] is the parent's number (-1 for the root). Numbers follow the
 * order in which directories are read (a parent always has a smaller number than its children). Re-read a
 * dentry with readDentry(buf, offsets[n]). The export uses it to rewrite an image of 150k dentries in ~40 bytes a
 * dentry where the Dentry objects take ~600.
 */
export interface DentryIndex {
  count: number;
  offsets: Float64Array;
  parents: Int32Array;
  firstChild: Int32Array;
  childCount: Int32Array;
}

/**
 * Indexes the whole dentry tree from the root dentry at `rootOffset`. Every directory's children list is read
 * once: a subdir_offset seen before (a loop, or two directories sharing children) and a tree with more dentries
 * than the resource could hold are rejected, so a hostile resource cannot make this loop forever or blow up.
 * Unnamed dentries and a second dentry of the same name in a directory are skipped with a warning.
 */
export function indexDentryTree(buf: Uint8Array, rootOffset: number, opts: DentryTreeOptions = {}): DentryIndex {
  const path = opts.path;
  const sc = new DentryScan();
  scanDentry(buf, rootOffset, sc, path);
  if (sc.end) throw new WimError(WimErrorCode.InvalidMetadata, 'The image has no root dentry.', path);
  // A reparse point is no directory to extract into, whatever its DIRECTORY bit says (wimlib rejects it too).
  if ((sc.attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) !== FILE_ATTRIBUTE_DIRECTORY) {
    throw new WimError(WimErrorCode.InvalidMetadata, 'The root of the image is not a directory.', path);
  }
  if (sc.nameBytes !== 0 && utf16le(buf, sc.nameOff, sc.nameBytes) !== '') opts.onWarning?.('The root dentry has a name; ignoring it.');
  // Room for every dentry the buffer can hold in one pass over its lists (a named dentry takes at least 104 bytes),
  // so that a real tree never grows these arrays: pages of a typed array are only faulted in where it is written
  // (on this kind of VM a fresh page costs ~15 µs), while growing copies everything into fresh pages. Overlapping
  // lists of a hostile resource can still go beyond that: then they grow, up to maxDentries.
  let cap = Math.max(16, Math.floor((buf.length - rootOffset) / 104) + 2);
  let offsets = new Float64Array(cap);
  let parents = new Int32Array(cap);
  let firstChild = new Int32Array(cap);
  let childCount = new Int32Array(cap);
  /** subdir_offset of directories (NaN for non-directories), for the walk only. */
  let subdirs = new Float64Array(cap);
  let n = 0;
  /** Adds the dentry just scanned into sc. */
  const add = (off: number, parent: number): number => {
    if (n === cap) {
      cap *= 2;
      offsets = grown(offsets, cap);
      parents = grown(parents, cap);
      firstChild = grown(firstChild, cap);
      childCount = grown(childCount, cap);
      subdirs = grown(subdirs, cap);
    }
    offsets[n] = off;
    parents[n] = parent;
    firstChild[n] = 0;
    childCount[n] = 0;
    subdirs[n] = sc.attributes & FILE_ATTRIBUTE_DIRECTORY ? (Number.isFinite(sc.subdirOffset) ? sc.subdirOffset : -1) : NaN;
    return n++;
  };
  add(rootOffset, -1);
  const dirName = (i: number): string => (i === 0 ? '' : (readDentry(buf, offsets[i], path).dentry?.name ?? ''));

  const maxDentries = Math.floor(buf.length / 8);
  let count = 1;
  const seenLists = new Set<number>([rootOffset]);
  const stack: number[] = [0];
  // Names seen in the directory being read, by hash (nameKey): the first child of that hash, or several.
  const names = new Map<number, number | number[]>();
  const nameOf = (i: number): string => {
    const o = offsets[i];
    return utf16le(buf, o + DENTRY_DISK_SIZE, u16(buf, o + 100));
  };
  while (stack.length) {
    const dir = stack.pop() as number;
    const subdir = subdirs[dir];
    if (Number.isNaN(subdir) || subdir === 0) continue;
    if (subdir < 0 || subdir >= buf.length) {
      throw new WimError(WimErrorCode.InvalidMetadata, `Directory "${dirName(dir)}" has subdir offset ${subdir} outside the metadata resource.`, path);
    }
    if (seenLists.has(subdir)) {
      throw new WimError(WimErrorCode.InvalidMetadata, `Directory "${dirName(dir)}" reuses the children at offset ${subdir} (a loop in the directory tree).`, path);
    }
    seenLists.add(subdir);
    names.clear();
    let off = subdir;
    firstChild[dir] = n;
    for (;;) {
      const at = off;
      scanDentry(buf, off, sc, path);
      if (sc.end) break;
      if (++count > maxDentries) throw new WimError(WimErrorCode.InvalidMetadata, 'The directory tree has more dentries than the metadata resource can hold.', path);
      off = sc.next;
      if (sc.nameBytes === 0) {
        opts.onWarning?.(`Ignoring an unnamed dentry in directory "${dirName(dir)}".`);
        continue;
      }
      // Duplicates are names equal as decoded (an unpaired surrogate reads as U+FFFD): the key hashes what the
      // decoder yields, and only children of one key are decoded and compared.
      const key = nameKey(buf, sc.nameOff, sc.nameBytes);
      const same = names.get(key);
      if (same !== undefined) {
        const name = utf16le(buf, sc.nameOff, sc.nameBytes);
        const others = typeof same === 'number' ? [same] : same;
        if (others.some((c) => nameOf(c) === name)) {
          opts.onWarning?.(`Ignoring a duplicate dentry "${name}" in directory "${dirName(dir)}".`);
          continue;
        }
      }
      const c = add(at, dir);
      if (same === undefined) names.set(key, c);
      else if (typeof same === 'number') names.set(key, [same, c]);
      else same.push(c);
      childCount[dir]++;
      if (sc.attributes & FILE_ATTRIBUTE_DIRECTORY) stack.push(c);
    }
  }
  // Views, not copies: the room past n was never touched, so it holds no memory.
  return {
    count: n,
    offsets: offsets.subarray(0, n),
    parents: parents.subarray(0, n),
    firstChild: firstChild.subarray(0, n),
    childCount: childCount.subarray(0, n),
  };
}

/** A 32-bit hash of a UTF-16LE name as utf16le decodes it (each unpaired surrogate counted as U+FFFD). */
function nameKey(buf: Uint8Array, off: number, nbytes: number): number {
  let h = 0x811c9dc5 | 0;
  const end = off + nbytes;
  for (let p = off; p < end; p += 2) {
    let c = buf[p] | (buf[p + 1] << 8);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = p + 3 < end ? buf[p + 2] | (buf[p + 3] << 8) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        h = Math.imul(h ^ c, 0x01000193);
        c = next;
        p += 2;
      } else c = 0xfffd;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

/**
 * Reads the whole dentry tree from the root dentry at `rootOffset` as objects (indexDentryTree's checks and
 * warnings apply).
 */
export function readDentryTree(buf: Uint8Array, rootOffset: number, opts: DentryTreeOptions = {}): Dentry {
  const idx = indexDentryTree(buf, rootOffset, opts);
  const all: Dentry[] = new Array(idx.count);
  for (let i = 0; i < idx.count; i++) {
    const d = readDentry(buf, idx.offsets[i], opts.path).dentry as Dentry;
    all[i] = d;
    if (i === 0) d.name = '';
    else {
      const p = all[idx.parents[i]];
      d.parent = p;
      p.children.push(d);
    }
  }
  return all[0];
}

/** Preorder walk (root first, children in on-disk order) without recursion. */
export function walkDentries(root: Dentry, visit: (d: Dentry, depth: number) => void): void {
  const stack: [Dentry, number][] = [[root, 0]];
  while (stack.length) {
    const [d, depth] = stack.pop() as [Dentry, number];
    visit(d, depth);
    for (let i = d.children.length - 1; i >= 0; i--) stack.push([d.children[i], depth + 1]);
  }
}

/** The dentry's path inside the image, components joined with `sep` (root: ''). */
export function dentryPath(d: Dentry, sep = '\\'): string {
  const parts: string[] = [];
  for (let x: Dentry | undefined = d; x && x.parent; x = x.parent) parts.push(x.name);
  return parts.reverse().join(sep);
}

/**
 * The tagged items of the dentry at `offset` (object IDs, wimlib's UNIX data...): the bytes between its 8-aligned
 * names and its length. The reader's Dentry does not keep them; an export carries them over as they are.
 */
export function dentryTaggedItems(metadata: Uint8Array, offset: number): Uint8Array | undefined {
  if (offset < 0 || offset + DENTRY_DISK_SIZE > metadata.length) return undefined;
  const length = u64(metadata, offset);
  const nameBytes = u16(metadata, offset + 100);
  const shortBytes = u16(metadata, offset + 98);
  const namesEnd = align8(DENTRY_DISK_SIZE + (nameBytes ? nameBytes + 2 : 0) + (shortBytes ? shortBytes + 2 : 0));
  if (!(length > namesEnd) || offset + length > metadata.length) return undefined;
  const extra = metadata.slice(offset + namesEnd, offset + length);
  return extra.some((b) => b !== 0) ? extra : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing: the dentries of a metadata resource as the writer lays them down (metadata.ts assembles the resource).
// Every directory (empty ones too) gets a subdir_offset pointing at its child list; non-directories and reparse
// points get 0. Children go in NTFS-like collation order (sortTree), as Windows writes them.
// ---------------------------------------------------------------------------------------------------------------

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

/** The unnamed streams a dentry lists, in the order Windows expects (reparse before unnamed data). */
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
  const name = isRoot ? new Uint8Array(0) : encodeUtf16le(d.name);
  const shortName = isRoot ? new Uint8Array(0) : encodeUtf16le(d.shortName);
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
  const nameBytes = name.length ? encodeUtf16le(name) : null;
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
