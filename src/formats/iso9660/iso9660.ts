/*
 * ISO 9660 (ECMA-119) with Joliet: the file system of discs without UDF (xorriso, mkisofs, older Windows media).
 *
 *   sector 16...      volume descriptors, 2048 bytes each: type (1 primary, 2 supplementary, 255 terminator),
 *                     "CD001", version. The primary gives the logical block size (bytes 128-129), the volume size
 *                     in blocks (80-83) and the root directory record (156, 34 bytes); a supplementary descriptor
 *                     whose escape sequence (88-90) is %/@, %/C or %/E is Joliet, the same tree with UCS-2 names.
 *   directory record  length (0), extended attribute length (1), extent block (2-5 little-endian), data length
 *                     (10-13), recording time (18-24: years since 1900, month, day, hour, minute, second, GMT offset
 *                     in 15-minute units), flags (25: 0x02 directory, 0x80 more extents follow), name length (32),
 *                     name (33...). Records never cross a sector: a zero length byte means "next sector".
 *
 * Joliet is preferred when present (Windows and 7-Zip show its names); plain names lose ";1" and a trailing dot.
 * A file over 4 GiB is several records with the multi-extent flag, one per extent, in order. Every extent is checked
 * against the image, a directory seen twice (a loop) is an error, and the tree's size and depth are capped.
 */
import type { RandomAccessFile } from '../../vfs/file';
import { imageNode, type ImageFileSystem, type ImageNode } from '../../vfs/image-volume';
import { DISC_LIMITS, DiscReader, latin1, utf16be } from './disc';

const SECTOR = 2048;

interface VolumeDescriptor {
  joliet: boolean;
  blockSize: number;
  blocks: number;
  label: string;
  root: Uint8Array;
}

/** True when the image has an ISO 9660 primary volume descriptor at sector 16. */
export function hasIso9660(file: RandomAccessFile): boolean {
  const b = new Uint8Array(6);
  if (file.read(b, 0, 6, 16 * SECTOR) < 6) return false;
  return b[0] === 1 && latin1(b, 1, 6) === 'CD001';
}

/** Reads an ISO 9660 file system (Joliet when present) into a tree. `name` is the image as errors name it. */
export function readIso9660(file: RandomAccessFile, name: string): ImageFileSystem {
  const r: DiscReader = new DiscReader(file, name);
  let primary: VolumeDescriptor | undefined;
  let joliet: VolumeDescriptor | undefined;
  // The descriptor set ends with a terminator; 64 sectors is far more than any image has (guards a missing one).
  for (let s = 16; s < 16 + 64; s++) {
    if ((s + 1) * SECTOR > r.size) break;
    const d = r.read(s * SECTOR, SECTOR, 'a volume descriptor');
    if (latin1(d, 1, 6) !== 'CD001') break;
    const type = d[0];
    if (type === 255) break;
    if (type !== 1 && type !== 2) continue;
    const esc = latin1(d, 88, 91);
    const isJoliet = type === 2 && (esc === '%/@' || esc === '%/C' || esc === '%/E');
    if (type === 2 && !isJoliet) continue;
    const vd: VolumeDescriptor = {
      joliet: isJoliet,
      blockSize: d[128] | (d[129] << 8),
      blocks: (d[80] | (d[81] << 8) | (d[82] << 16)) + d[83] * 0x1000000,
      label: (isJoliet ? utf16be(d, 40, 72) : latin1(d, 40, 72)).replace(/[\s\0]+$/, ''),
      root: d.slice(156, 156 + 34),
    };
    if (type === 1) primary ??= vd;
    else joliet ??= vd;
  }
  if (!primary) r.fail('no ISO 9660 primary volume descriptor');
  const vd = joliet ?? primary;
  if (vd.blockSize !== 512 && vd.blockSize !== 1024 && vd.blockSize !== 2048) {
    r.fail(`the logical block size ${vd.blockSize} is not 512, 1024 or 2048`);
  }
  const root = imageNode('', true);
  const rootRec = vd.root;
  if (rootRec[0] < 34) r.fail('the root directory record is malformed');
  const { pos, len } = extentOf(rootRec, 0, vd.blockSize);
  root.mtimeMs = recordTime(rootRec, 0);
  readDirectory(r, vd, root, pos, len, new Set<number>(), 0);
  return { root, label: vd.label || primary.label, fileSystem: 'CDFS', size: primary.blocks * primary.blockSize };
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}

function extentOf(b: Uint8Array, o: number, blockSize: number): { pos: number; len: number } {
  return { pos: (u32le(b, o + 2) + b[o + 1]) * blockSize, len: u32le(b, o + 10) };
}

/** A directory record's time (7 bytes at 18) in ms since 1970; NaN when unset. */
function recordTime(b: Uint8Array, o: number): number {
  const y = b[o + 18];
  if (y === 0 && b[o + 19] === 0) return NaN;
  const tz = (b[o + 24] << 24) >> 24; // signed, 15-minute units east of GMT
  return Date.UTC(1900 + y, b[o + 19] - 1, b[o + 20], b[o + 21], b[o + 22], b[o + 23]) - tz * 15 * 60000;
}

function readDirectory(r: DiscReader, vd: VolumeDescriptor, dir: ImageNode, pos: number, len: number, seen: Set<number>, depth: number): void {
  if (depth > DISC_LIMITS.maxDepth) r.fail(`directories nest more than ${DISC_LIMITS.maxDepth} deep`);
  if (seen.has(pos)) r.fail(`the directory at byte ${pos} contains itself (a directory loop)`);
  seen.add(pos);
  const data = r.read(pos, len, `the directory '${dir.name || '\\'}'`);
  let pending: ImageNode | undefined; // a multi-extent file whose last record has not come yet
  let o = 0;
  while (o < data.length) {
    const recLen = data[o];
    if (recLen === 0) {
      // Padding to the end of the sector: records never cross a sector boundary.
      o = (Math.floor(o / SECTOR) + 1) * SECTOR;
      continue;
    }
    if (recLen < 34 || o + recLen > data.length) r.fail(`a directory record at byte ${pos + o} is malformed`);
    const nameLen = data[o + 32];
    if (33 + nameLen > recLen) r.fail(`a directory record at byte ${pos + o} is malformed`);
    const flags = data[o + 25];
    const isDir = (flags & 0x02) !== 0;
    // The records for "." and ".." have the one-byte names 0 and 1.
    if (nameLen === 1 && (data[o + 33] === 0 || data[o + 33] === 1)) {
      o += recLen;
      continue;
    }
    const raw = vd.joliet ? utf16be(data, o + 33, o + 33 + nameLen) : latin1(data, o + 33, o + 33 + nameLen);
    const name = cleanName(raw, isDir);
    if (name === '' || name.includes('/') || name.includes('\\')) r.fail(`the directory at byte ${pos} holds an unusable name '${raw}'`);
    const ext = extentOf(data, o, vd.blockSize);
    let node: ImageNode;
    if (pending && pending.name === name && !isDir) {
      node = pending;
    } else {
      r.count();
      node = imageNode(name, isDir, recordTime(data, o));
      dir.children.push(node);
    }
    if (isDir) {
      readDirectory(r, vd, node, ext.pos, ext.len, seen, depth + 1);
    } else {
      if (ext.len > 0) {
        r.checkExtent(ext.pos, ext.len, `'${name}'`);
        if (node.extents.length >= DISC_LIMITS.maxExtents) r.fail(`'${name}' has more than ${DISC_LIMITS.maxExtents} extents`);
        node.extents.push(ext);
        node.size += ext.len;
      }
      pending = flags & 0x80 ? node : undefined;
    }
    o += recLen;
  }
}

/** "SETUP.EXE;1" -> "SETUP.EXE"; "README.;1" -> "README"; Joliet names carry the ";1" too. */
function cleanName(raw: string, isDir: boolean): string {
  let n = raw;
  if (!isDir) {
    const semi = n.lastIndexOf(';');
    if (semi >= 0 && /^;\d+$/.test(n.slice(semi))) n = n.slice(0, semi);
    if (n.endsWith('.')) n = n.slice(0, -1);
  }
  return n;
}
