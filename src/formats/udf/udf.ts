/*
 * UDF (ECMA-167 as OSTA UDF 1.02-2.60 profiles it): the file system of Windows media (oscdimg -u2 writes a UDF
 * 1.02 "bridge" beside ISO 9660; UDF 2.50/2.60 add a metadata partition). All numbers little-endian.
 *
 *   descriptor tag (16 bytes, every descriptor): identifier (0), version (2), checksum (4: sum of bytes 0-3 and
 *        5-15), serial (6), CRC-CCITT of the body (8) over a length (10), location (12: the block it claims to be at)
 *   anchor volume descriptor pointer (tag 2) at block 256, or the last block, or 256 before it: the main (16) and
 *        reserve (24) volume descriptor sequence extents (length, location)
 *   partition descriptor (tag 5): partition number (22), start block (188), length in blocks (192)
 *   logical volume descriptor (tag 6): label dstring (84, 128 bytes), logical block size (212), the file set
 *        descriptor's long_ad (248), partition map table length (264) and count (268), the maps (440...): type 1
 *        (a physical partition: its number at 4) or type 2 naming "*UDF Metadata Partition" (partition number at 38,
 *        metadata file block at 40: a file whose extents hold the metadata partition's blocks), "*UDF Sparable
 *        Partition" (read as physical: an image file has no remapped packets) or "*UDF Virtual Partition" (VAT,
 *        write-once media: refused)
 *   file set descriptor (tag 256): root directory ICB, a long_ad at 400
 *   file entry (tag 261) / extended file entry (tag 266): ICB tag at 16 (file type at 27, flags at 34: the low three
 *        bits say how the data is described: 0 short_ad, 1 long_ad, 2 ext_ad, 3 embedded in the entry), information
 *        length (56, 64-bit), modification time (84 | 92), extended attribute length (168 | 208), allocation
 *        descriptor length (172 | 212), then the extended attributes and the allocation descriptors (176 | 216)
 *   allocation descriptors: short_ad (length, block), long_ad (length, block, partition reference, 6 bytes use),
 *        ext_ad (length, recorded length, information length, block, partition); the top two bits of the length are
 *        the kind: 0 recorded, 1 allocated but not recorded and 2 not allocated (both read as zeros), 3 the next
 *        allocation extent descriptor (tag 258: its descriptors' length at 20, the descriptors from 24)
 *   file identifier descriptor (tag 257, a directory's data is a run of them): characteristics (18: 0x02 directory,
 *        0x04 deleted, 0x08 parent), identifier length (19), ICB long_ad (20), implementation use length (36), then
 *        the use and the name (a dstring: compression 8 = Latin-1, 16 = UCS-2 big-endian), padded to 4 bytes
 *
 * Every descriptor's tag (identifier, checksum, CRC, location) is checked; every extent lies inside its partition
 * and the image; directories are read once (a second visit is a loop); the tree's size and depth are capped.
 */
import type { RandomAccessFile } from '../../vfs/file';
import { imageNode, type ImageExtent, type ImageFileSystem, type ImageNode } from '../../vfs/image-volume';
import { DISC_LIMITS, DiscReader, latin1, utf16be } from '../iso9660/disc';

const TAG_AVDP = 2;
const TAG_PD = 5;
const TAG_LVD = 6;
const TAG_TD = 8;
const TAG_FSD = 256;
const TAG_FID = 257;
const TAG_AED = 258;
const TAG_IE = 259;
const TAG_FE = 261;
const TAG_EFE = 266;

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}

/** CRC-CCITT (polynomial 0x1021, initial 0), as ECMA-167 7.2.6 defines the descriptor CRC. */
const CRC_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function crcCcitt(b: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >>> 8) ^ b[i]) & 0xff];
  return crc;
}

/** The identifier of the tag at b[o], or -1 when it is not a valid tag (checksum, CRC; location when given). */
function tagId(b: Uint8Array, o: number, location?: number): number {
  if (o + 16 > b.length) return -1;
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += b[o + i];
  if ((sum & 0xff) !== b[o + 4]) return -1;
  const crcLen = u16(b, o + 10);
  if (o + 16 + crcLen <= b.length && crcCcitt(b, o + 16, o + 16 + crcLen) !== u16(b, o + 8)) return -1;
  if (location !== undefined && u32(b, o + 12) !== location) return -1;
  return u16(b, o);
}

/** A dstring/d-characters field: compression id 8 (Latin-1) or 16 (UCS-2 big-endian); 254/255 likewise (UDF 2.50). */
function dchars(b: Uint8Array, start: number, end: number): string {
  if (end <= start) return '';
  const id = b[start];
  if (id === 8 || id === 254) return latin1(b, start + 1, end);
  if (id === 16 || id === 255) return utf16be(b, start + 1, end);
  return '';
}

/** A timestamp (12 bytes): type and zone (zone: low 12 bits, signed minutes; -2047 none), year, month... */
function timestamp(b: Uint8Array, o: number): number {
  const tz = u16(b, o);
  const year = u16(b, o + 2);
  if (year === 0) return NaN;
  let zone = tz & 0xfff;
  if (zone & 0x800) zone -= 0x1000;
  const off = (tz >> 12) === 1 && zone !== -2047 ? zone : 0;
  const cs = b[o + 9] * 10 + b[o + 10] / 10; // centiseconds and hundreds of microseconds, in ms
  return Date.UTC(year, b[o + 4] - 1, b[o + 5], b[o + 6], b[o + 7], b[o + 8]) + cs - off * 60000;
}

interface Partition {
  /** Physical: its first block on the image. */
  start: number;
  length: number;
  /** For a metadata partition: the extents (image bytes) of the metadata file holding its blocks. */
  metadata?: ImageExtent[];
  metadataSize?: number;
  /** A physical partition's number (its partition descriptor's). */
  number?: number;
}

/** True when the image has a UDF anchor (at block 256 of 2048 bytes: the place Windows and 7-Zip look first). */
export function hasUdf(file: RandomAccessFile): boolean {
  for (const bs of [2048, 512, 1024, 4096]) {
    const b = new Uint8Array(16);
    if (file.read(b, 0, 16, 256 * bs) === 16 && tagId(b, 0) === TAG_AVDP && u32(b, 12) === 256) return true;
  }
  return false;
}

/** Reads a UDF file system into a tree. `name` is the image as errors name it. */
export function readUdf(file: RandomAccessFile, name: string): ImageFileSystem {
  return new UdfReader(new DiscReader(file, name)).read();
}

class UdfReader {
  private bs = 2048;
  private partitions: Partition[] = [];
  private readonly seenDirs = new Set<string>();

  constructor(private readonly r: DiscReader) {}

  read(): ImageFileSystem {
    const r: DiscReader = this.r;
    const avdp = this.findAnchor();
    // The main sequence, else the reserve copy.
    let vds: { label: string; lvd: Uint8Array; pds: Map<number, Uint8Array> } | undefined;
    let why = '';
    for (const at of [16, 24]) {
      try {
        vds = this.readSequence(u32(avdp, at + 4), u32(avdp, at));
        break;
      } catch (e) {
        why = (e as Error).message;
      }
    }
    if (!vds) r.fail(`no usable UDF volume descriptor sequence (${why})`);
    const lvd = vds.lvd;
    const lbs = u32(lvd, 212);
    if (lbs !== this.bs) r.fail(`the logical block size ${lbs} differs from the sector size ${this.bs}`);
    this.mapPartitions(lvd, vds.pds);
    // The file set descriptor: where the root directory is.
    const fsdLoc = this.longAd(lvd, 248);
    const fsd = this.readBlock(fsdLoc.part, fsdLoc.block, 'the file set descriptor');
    if (tagId(fsd, 0, fsdLoc.block) !== TAG_FSD) r.fail('the file set descriptor is missing or damaged');
    const rootLoc = this.longAd(fsd, 400);
    const root = imageNode('', true);
    this.readEntry(root, rootLoc.part, rootLoc.block, 0);
    const last = this.partitions.reduce((m, p) => Math.max(m, (p.start + p.length) * this.bs), 0);
    return { root, label: vds.label, fileSystem: 'UDF', size: Math.min(last || r.size, r.size) };
  }

  private findAnchor(): Uint8Array {
    const r: DiscReader = this.r;
    for (const bs of [2048, 512, 1024, 4096]) {
      const blocks = Math.floor(r.size / bs);
      for (const at of [256, blocks - 1, blocks - 257]) {
        if (at < 0 || (at + 1) * bs > r.size) continue;
        const b = r.read(at * bs, bs, 'the UDF anchor');
        if (tagId(b, 0, at) === TAG_AVDP) {
          this.bs = bs;
          return b;
        }
      }
    }
    return r.fail('no UDF anchor volume descriptor pointer (at block 256 or the end)');
  }

  private readSequence(block: number, len: number): { label: string; lvd: Uint8Array; pds: Map<number, Uint8Array> } {
    const r: DiscReader = this.r;
    const bs = this.bs;
    const count = Math.min(Math.floor(len / bs), 256);
    let lvd: Uint8Array | undefined;
    const pds = new Map<number, Uint8Array>();
    for (let i = 0; i < count; i++) {
      const b = r.read((block + i) * bs, bs, 'a UDF volume descriptor');
      const id = tagId(b, 0, block + i);
      if (id === TAG_TD || id < 0) break;
      if (id === TAG_LVD && !lvd) lvd = b;
      else if (id === TAG_PD && !pds.has(u16(b, 22))) pds.set(u16(b, 22), b);
    }
    if (!lvd) r.fail('no logical volume descriptor');
    if (pds.size === 0) r.fail('no partition descriptor');
    const l = lvd[84 + 127];
    return { label: dchars(lvd, 84, 84 + Math.min(l, 127)).replace(/\0+$/, ''), lvd, pds };
  }

  private mapPartitions(lvd: Uint8Array, pds: Map<number, Uint8Array>): void {
    const r: DiscReader = this.r;
    const n = u32(lvd, 268);
    const tableLen = u32(lvd, 264);
    if (n > 64 || 440 + tableLen > lvd.length) r.fail('the partition map table is malformed');
    const physical = (num: number): Partition => {
      const pd = pds.get(num);
      if (!pd) r.fail(`no partition descriptor for partition ${num}`);
      const p: Partition = { start: u32(pd, 188), length: u32(pd, 192), number: num };
      if ((p.start + p.length) * this.bs > r.size + this.bs * 1024) {
        // oscdimg and mkudffs may round the partition past a trimmed image's end; far past it is a damaged descriptor.
        r.fail(`partition ${num} (blocks ${p.start}+${p.length}) lies outside the image`);
      }
      return p;
    };
    const pending: { index: number; part: number; fileBlock: number }[] = [];
    let o = 440;
    for (let i = 0; i < n; i++) {
      const type = lvd[o];
      const len = lvd[o + 1];
      if (len < 6 || o + len > 440 + tableLen) r.fail('the partition map table is malformed');
      if (type === 1) this.partitions.push(physical(u16(lvd, o + 4)));
      else if (type === 2) {
        const ident = latin1(lvd, o + 5, o + 28).replace(/\0.*$/, '');
        if (ident.startsWith('*UDF Metadata Partition')) {
          const num = u16(lvd, o + 38);
          this.partitions.push({ start: 0, length: 0 });
          pending.push({ index: i, part: num, fileBlock: u32(lvd, o + 40) });
        } else if (ident.startsWith('*UDF Sparable Partition')) this.partitions.push(physical(u16(lvd, o + 38)));
        else r.fail(`the partition map '${ident}' is not supported (write-once media)`);
      } else r.fail(`unknown partition map type ${type}`);
      o += len;
    }
    // A metadata partition's blocks live in its metadata file, a file entry in the physical partition it names.
    for (const m of pending) {
      const phys = this.partitions.findIndex((p) => p.number === m.part);
      if (phys < 0) r.fail('the metadata partition names no physical partition');
      const file = imageNode('(metadata)', false);
      this.readFileEntry(file, phys, m.fileBlock, 'the metadata file');
      this.partitions[m.index] = { start: 0, length: Math.floor(file.size / this.bs), metadata: file.extents, metadataSize: file.size };
    }
  }

  private longAd(b: Uint8Array, o: number): { len: number; block: number; part: number } {
    return { len: u32(b, o) & 0x3fffffff, block: u32(b, o + 4), part: u16(b, o + 8) };
  }

  /** The image byte offset of block `block` of partition `part`. */
  private position(part: number, block: number, what: string): number {
    const p = this.partitions[part];
    if (!p) this.r.fail(`${what} names partition ${part}, which the volume does not have`);
    if (block >= p.length) this.r.fail(`${what} at block ${block} lies outside partition ${part} (${p.length} blocks)`);
    if (!p.metadata) return (p.start + block) * this.bs;
    // Map through the metadata file's extents.
    let at = block * this.bs;
    for (const e of p.metadata) {
      if (at < e.len) {
        if (e.pos < 0) this.r.fail(`${what} lies in an unrecorded part of the metadata partition`);
        return e.pos + at;
      }
      at -= e.len;
    }
    return this.r.fail(`${what} lies outside the metadata partition`);
  }

  private readBlock(part: number, block: number, what: string): Uint8Array {
    return this.r.read(this.position(part, block, what), this.bs, what);
  }

  /** Reads the (extended) file entry at (part, block) into `node`: its size, time and data extents. */
  private readFileEntry(node: ImageNode, part: number, block: number, what: string): { fileType: number } {
    const r: DiscReader = this.r;
    let b = this.readBlock(part, block, what);
    let id = tagId(b, 0, block);
    // Strategy 4096 puts an indirect entry first: follow a bounded number of them.
    for (let hops = 0; id === TAG_IE && hops < 16; hops++) {
      const next = this.longAd(b, 36);
      if (next.len === 0) break;
      part = next.part;
      block = next.block;
      b = this.readBlock(part, block, what);
      id = tagId(b, 0, block);
    }
    if (id !== TAG_FE && id !== TAG_EFE) r.fail(`the file entry of ${what} (block ${block}) is missing or damaged`);
    const ext = id === TAG_EFE;
    const fileType = b[27];
    const flags = u16(b, 34);
    const size = u64(b, 56);
    node.mtimeMs = timestamp(b, ext ? 92 : 84);
    const lea = u32(b, ext ? 208 : 168);
    const lad = u32(b, ext ? 212 : 172);
    const adStart = (ext ? 216 : 176) + lea;
    if (lea > this.bs || lad > this.bs || adStart + lad > this.bs) r.fail(`the file entry of ${what} is malformed`);
    if (!Number.isSafeInteger(size)) r.fail(`${what} claims an impossible length`);
    node.size = size;
    const adType = flags & 7;
    if (adType === 3) {
      if (size > lad) r.fail(`${what} is longer than its embedded data`);
      node.inline = b.slice(adStart, adStart + size);
      return { fileType };
    }
    if (adType > 2) r.fail(`the file entry of ${what} has an unknown allocation descriptor type ${adType}`);
    let have = 0;
    let ads = b;
    let at = adStart;
    let end = adStart + lad;
    let continuations = 0;
    const aedsSeen = new Set<number>();
    const adLen = adType === 0 ? 8 : adType === 1 ? 16 : 20;
    while (at + adLen <= end && have < size) {
      const raw = u32(ads, at);
      const kind = raw >>> 30;
      const len = raw & 0x3fffffff;
      if (len === 0) break;
      let blk: number;
      let p = part;
      if (adType === 0) blk = u32(ads, at + 4);
      else if (adType === 1) {
        blk = u32(ads, at + 4);
        p = u16(ads, at + 8);
      } else {
        blk = u32(ads, at + 12);
        p = u16(ads, at + 16);
      }
      at += adLen;
      if (kind === 3) {
        // The descriptors continue in an allocation extent descriptor; one seen before is a loop (which would
        // otherwise read the same extents again until the length is reached, a file of repeated data).
        const key = p * 0x100000000 + blk;
        if (++continuations > DISC_LIMITS.maxExtents || aedsSeen.has(key)) r.fail(`the allocation descriptors of ${what} loop`);
        aedsSeen.add(key);
        ads = this.readBlock(p, blk, what);
        if (tagId(ads, 0, blk) !== TAG_AED) r.fail(`an allocation extent descriptor of ${what} is damaged`);
        const l = u32(ads, 20);
        if (24 + l > this.bs) r.fail(`an allocation extent descriptor of ${what} is malformed`);
        at = 24;
        end = 24 + l;
        continue;
      }
      const take = Math.min(len, size - have);
      if (node.extents.length >= DISC_LIMITS.maxExtents) r.fail(`${what} has more than ${DISC_LIMITS.maxExtents} extents`);
      if (kind === 0) {
        // Recorded: contiguous blocks of partition p (a metadata partition's blocks are contiguous only within one
        // extent of its file, so map block by block when the run crosses one).
        this.pushRecorded(node.extents, p, blk, take, what);
      } else node.extents.push({ pos: -1, len: take });
      have += take;
    }
    if (have < size) r.fail(`${what} is ${size} bytes long but its extents hold ${have}`);
    return { fileType };
  }

  private pushRecorded(out: ImageExtent[], part: number, block: number, len: number, what: string): void {
    const p = this.partitions[part];
    if (!p) this.r.fail(`${what} names partition ${part}, which the volume does not have`);
    const blocks = Math.ceil(len / this.bs);
    if (block + blocks > p.length) this.r.fail(`the data of ${what} (blocks ${block}+${blocks}) lies outside partition ${part}`);
    if (!p.metadata) {
      const pos = (p.start + block) * this.bs;
      this.r.checkExtent(pos, len, what);
      const last = out[out.length - 1];
      if (last && last.pos >= 0 && last.pos + last.len === pos) last.len += len;
      else out.push({ pos, len });
      return;
    }
    for (let done = 0; done < len; ) {
      const pos = this.position(part, block + Math.floor(done / this.bs), what);
      const n = Math.min(this.bs, len - done);
      this.r.checkExtent(pos, n, what);
      const last = out[out.length - 1];
      if (last && last.pos >= 0 && last.pos + last.len === pos) last.len += n;
      else out.push({ pos, len: n });
      done += n;
    }
  }

  /** Reads the entry at (part, block) as `node`; a directory's file identifiers become its children. */
  private readEntry(node: ImageNode, part: number, block: number, depth: number): void {
    const r: DiscReader = this.r;
    if (depth > DISC_LIMITS.maxDepth) r.fail(`directories nest more than ${DISC_LIMITS.maxDepth} deep`);
    const what = node.name === '' ? 'the root directory' : `'${node.name}'`;
    const { fileType } = this.readFileEntry(node, part, block, what);
    if (!node.dir) {
      if (fileType === 4) r.fail(`${what} is a directory where a file was named`);
      return;
    }
    if (fileType !== 4) r.fail(`${what} is named as a directory but its entry is not one`);
    const key = `${part}:${block}`;
    if (this.seenDirs.has(key)) r.fail(`the directory ${what} contains itself (a directory loop)`);
    this.seenDirs.add(key);
    if (node.size > DISC_LIMITS.maxDirectoryBytes) r.fail(`the directory ${what} is ${node.size} bytes long`);
    // The directory's data: gather its extents into one buffer (bounded above).
    const data = new Uint8Array(node.size);
    if (node.inline) data.set(node.inline);
    else {
      let o = 0;
      for (const e of node.extents) {
        if (e.pos >= 0) data.set(r.read(e.pos, e.len, `the directory ${what}`), o);
        o += e.len;
      }
    }
    const children: { name: string; dir: boolean; part: number; block: number }[] = [];
    let o = 0;
    while (o + 38 <= data.length) {
      if (tagId(data, o) !== TAG_FID) r.fail(`a file identifier in the directory ${what} (byte ${o}) is damaged`);
      const chars = data[o + 18];
      const lfi = data[o + 19];
      const icb = this.longAd(data, o + 20);
      const liu = u16(data, o + 36);
      const total = (38 + liu + lfi + 3) & ~3;
      if (o + 38 + liu + lfi > data.length) r.fail(`a file identifier in the directory ${what} (byte ${o}) is malformed`);
      if (!(chars & 0x0c)) {
        const nm = dchars(data, o + 38 + liu, o + 38 + liu + lfi);
        if (nm === '' || nm.includes('/') || nm.includes('\0')) r.fail(`the directory ${what} holds an unusable name`);
        children.push({ name: nm, dir: (chars & 0x02) !== 0, part: icb.part, block: icb.block });
      }
      o += total;
    }
    // The ICBs were read; free the parsed buffers before descending (node.extents of a directory are not served).
    node.inline = undefined;
    node.extents = [];
    node.size = 0;
    for (const c of children) {
      r.count();
      const child = imageNode(c.name, c.dir);
      node.children.push(child);
      this.readEntry(child, c.part, c.block, depth + 1);
    }
  }
}
