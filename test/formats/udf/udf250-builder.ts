/*
 * A UDF 2.50 / 2.60 image builder for tests: a host directory tree laid out as a volume with a metadata partition,
 * the layout of UDF 2.5+ (BD, and DVD media mastered as 2.50) that no tool on the test machines writes with files
 * in it (mkudffs makes 2.50 only for BD-R, with a virtual allocation table, and cannot add files without mounting).
 * Written from ECMA-167 3rd edition and OSTA UDF 2.60; checked by 7-Zip, which lists and extracts the result.
 *
 * Layout (2048-byte blocks): the volume recognition sequence (BEA01, NSR03, TEA01) at 16-18; the main volume
 * descriptor sequence at 32 (PVD, IUVD, PD, LVD, USD, TD) and its reserve copy at 48; the integrity sequence (LVID,
 * TD) at 64; the anchor at 256 and at the last block. One physical partition from block 257: its block 0 holds the
 * metadata file's extended file entry (file type 250), block 1 the mirror's (251); the metadata file's blocks follow
 * (each mirror block a copy), then the files' data. The logical volume maps partition reference 0 to the physical
 * partition (type 1 map) and 1 to the metadata partition (type 2, "*UDF Metadata Partition"); the file set
 * descriptor, every (extended) file entry and every directory's identifiers live in the metadata partition, file
 * data in the physical one (long_ad, reference 0). Options pick what the reader must handle: extended or plain
 * file entries, files split into several extents, small files embedded in their entry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const BS = 2048;
const PART_START = 257;
/** Where a file entry (tag 261) and an extended file entry (tag 266) keep the fields after the information length. */
const FE_FIELDS = { tag: 261, recorded: 64, times: [72, 84, 96], checkpoint: 108, implementation: 128, uniqueId: 160, adLength: 172, ads: 176 };
const EFE_FIELDS = { tag: 266, recorded: 72, times: [80, 92, 104, 116], checkpoint: 128, implementation: 168, uniqueId: 200, adLength: 212, ads: 216 };
/** long_ads in an allocation extent descriptor's block (24 bytes of header). */
const AED_ADS = Math.floor((BS - 24) / 16);

export interface Udf250Options {
  label: string;
  /** 0x0250 or 0x0260. */
  revision?: number;
  /** Plain file entries (tag 261) instead of extended ones (266). */
  plainEntries?: boolean;
  /** Largest extent of a file's data in bytes (a multiple of the block size): larger files get several long_ads. */
  maxExtent?: number;
  /** Files up to this many bytes are embedded in their entry (allocation type 3). */
  embedUpTo?: number;
}

interface Node {
  name: string;
  dir: boolean;
  host: string;
  children: Node[];
  size: number;
  /** The entry's block in the metadata partition. */
  icb: number;
  /** A directory's identifiers. */
  fids?: Buffer;
  /** A directory's data blocks in the metadata partition, or a file's first block in the physical partition. */
  dataBlock: number;
  uniqueId: number;
  /** Blocks of the metadata partition for the allocation extent descriptors a file's long_ads continue in. */
  aeds: number[];
}

// ------------------------------------------------------------------------------------------------ descriptor pieces

function crcCcitt(b: Buffer, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= b[i] << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** Fills in the 16-byte tag at b[o] over a descriptor of `len` bytes that claims block `location`. */
function tag(b: Buffer, o: number, id: number, len: number, location: number, version = 3): void {
  b.writeUInt16LE(id, o);
  b.writeUInt16LE(version, o + 2);
  b.writeUInt16LE(1, o + 6);
  b.writeUInt16LE(len - 16, o + 10);
  b.writeUInt32LE(location, o + 12);
  b.writeUInt16LE(crcCcitt(b, o + 16, o + len), o + 8);
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += b[o + i];
  b[o + 4] = sum & 0xff;
}

/** An entity identifier: flags 0, the identifier, and a suffix (UDF revision for domain / UDF identifiers). */
function entity(b: Buffer, o: number, ident: string, revision?: number): void {
  b.write(ident, o + 1, 'latin1');
  if (revision !== undefined) b.writeUInt16LE(revision, o + 24);
}

/** A d-string field of `size` bytes: compression id 8 (Latin-1), the characters, the used length in the last byte. */
function dstring(b: Buffer, o: number, size: number, text: string): void {
  if (!text) return;
  b[o] = 8;
  b.write(text, o + 1, 'latin1');
  b[o + size - 1] = text.length + 1;
}

/** The "OSTA Compressed Unicode" character set specification (64 bytes). */
function charset(b: Buffer, o: number): void {
  b[o] = 0;
  b.write('OSTA Compressed Unicode', o + 1, 'latin1');
}

/** A timestamp (12 bytes): local time, UTC offset 0. */
function timestamp(b: Buffer, o: number, t: Date): void {
  b.writeUInt16LE(0x1000, o);
  b.writeUInt16LE(t.getUTCFullYear(), o + 2);
  b[o + 4] = t.getUTCMonth() + 1;
  b[o + 5] = t.getUTCDate();
  b[o + 6] = t.getUTCHours();
  b[o + 7] = t.getUTCMinutes();
  b[o + 8] = t.getUTCSeconds();
}

/** A file identifier's name: compression 8 when every character is Latin-1, else 16 (UCS-2 big-endian). */
function encodeName(name: string): Buffer {
  if (!/[^\u0000-\u00ff]/.test(name)) return Buffer.concat([Buffer.from([8]), Buffer.from(name, 'latin1')]);
  const u = Buffer.from(name, 'utf16le');
  for (let i = 0; i < u.length; i += 2) [u[i], u[i + 1]] = [u[i + 1], u[i]];
  return Buffer.concat([Buffer.from([16]), u]);
}

/** One file identifier descriptor: characteristics, name, and the long_ad of its entry in the metadata partition. */
function fid(chars: number, name: Buffer | null, icb: number): Buffer {
  const lfi = name ? name.length : 0;
  const len = (38 + lfi + 3) & ~3;
  const b = Buffer.alloc(len);
  b.writeUInt16LE(1, 16);
  b[18] = chars;
  b[19] = lfi;
  b.writeUInt32LE(BS, 20);
  b.writeUInt32LE(icb, 24);
  b.writeUInt16LE(1, 28);
  if (name) name.copy(b, 38);
  tag(b, 0, 257, len, icb);
  return b;
}

// ------------------------------------------------------------------------------------------------ the builder

/** Builds the image of host directory `root` into `out` (a file); returns its size in bytes. */
export function buildUdf250(root: string, out: string, opts: Udf250Options): number {
  const rev = opts.revision ?? 0x0250;
  const maxExtent = opts.maxExtent ?? 1 << 30;
  const embedUpTo = opts.embedUpTo ?? 0;
  const when = new Date(Date.UTC(2024, 5, 9, 4, 26, 57));
  const entryAds = Math.floor((BS - (opts.plainEntries ? 176 : 216)) / 16);

  // The tree, with a block in the metadata partition for each entry (0: file set descriptor, 1: its terminator).
  let nextMeta = 2;
  let nextId = 16;
  const walk = (host: string, name: string): Node => {
    const st = fs.statSync(host);
    const n: Node = { name, dir: st.isDirectory(), host, children: [], size: st.isDirectory() ? 0 : st.size, icb: nextMeta++, dataBlock: 0, uniqueId: 0, aeds: [] };
    n.uniqueId = name === '' ? 0 : nextId++;
    if (n.dir) for (const c of fs.readdirSync(host).sort()) n.children.push(walk(path.join(host, c), c));
    return n;
  };
  const tree = walk(root, '');
  // Directories' identifiers, stored in blocks of the metadata partition after the entries.
  const dirs: Node[] = [];
  const files: Node[] = [];
  const collect = (n: Node, parent: Node) => {
    if (n.dir) {
      const parts = [fid(0x0a, null, parent.icb)];
      for (const c of n.children) parts.push(fid(c.dir ? 0x02 : 0, encodeName(c.name), c.icb));
      n.fids = Buffer.concat(parts);
      n.size = n.fids.length;
      n.dataBlock = nextMeta;
      nextMeta += Math.ceil(n.size / BS);
      dirs.push(n);
      for (const c of n.children) collect(c, n);
    } else {
      files.push(n);
      // The long_ads that do not fit in the entry continue in allocation extent descriptors (126 to a block, one
      // place of each block but the last taken by the next continuation).
      if (n.size > embedUpTo) {
        let left = Math.ceil(n.size / maxExtent) - entryAds;
        if (left > 0) left++;
        while (left > 0) {
          n.aeds.push(nextMeta++);
          left -= AED_ADS;
          if (left > 0) left++;
        }
      }
    }
  };
  collect(tree, tree);
  const metaBlocks = nextMeta;
  // The physical partition: the two metadata file entries, the metadata file and its mirror, then file data.
  let nextPhys = 2 + 2 * metaBlocks;
  for (const f of files) {
    if (f.size <= embedUpTo) continue;
    f.dataBlock = nextPhys;
    nextPhys += Math.ceil(f.size / BS);
  }
  const partLen = nextPhys;
  const totalBlocks = PART_START + partLen + 1;
  fs.writeFileSync(out, '');
  const fd = fs.openSync(out, 'r+');
  const put = (block: number, b: Buffer) => fs.writeSync(fd, b, 0, b.length, block * BS);
  try {
    // Volume recognition sequence.
    for (const [i, id] of ['BEA01', 'NSR03', 'TEA01'].entries()) {
      const b = Buffer.alloc(BS);
      b.write(id, 1, 'latin1');
      b[6] = 1;
      put(16 + i, b);
    }
    // The volume descriptor sequences, main and reserve.
    for (const base of [32, 48]) {
      let seq = 0;
      const pvd = Buffer.alloc(BS);
      pvd.writeUInt32LE(seq++, 16);
      dstring(pvd, 24, 32, opts.label);
      pvd.writeUInt16LE(1, 56);
      pvd.writeUInt16LE(1, 58);
      pvd.writeUInt16LE(2, 60);
      pvd.writeUInt16LE(3, 62);
      pvd.writeUInt32LE(1, 64);
      pvd.writeUInt32LE(1, 68);
      dstring(pvd, 72, 128, `0123456789ABCDEF${opts.label}`);
      charset(pvd, 200);
      charset(pvd, 264);
      timestamp(pvd, 376, when);
      entity(pvd, 388, '*wimsh test builder');
      tag(pvd, 0, 1, 512, base);
      put(base, pvd);

      const iuvd = Buffer.alloc(BS);
      iuvd.writeUInt32LE(seq++, 16);
      entity(iuvd, 20, '*UDF LV Info', rev);
      charset(iuvd, 52);
      dstring(iuvd, 116, 128, opts.label);
      tag(iuvd, 0, 4, 512, base + 1);
      put(base + 1, iuvd);

      const pd = Buffer.alloc(BS);
      pd.writeUInt32LE(seq++, 16);
      pd.writeUInt16LE(1, 20);
      pd.writeUInt16LE(0, 22);
      entity(pd, 24, '+NSR03');
      pd.writeUInt32LE(1, 184);
      pd.writeUInt32LE(PART_START, 188);
      pd.writeUInt32LE(partLen, 192);
      entity(pd, 196, '*wimsh test builder');
      tag(pd, 0, 5, 512, base + 2);
      put(base + 2, pd);

      const lvd = Buffer.alloc(BS);
      lvd.writeUInt32LE(seq++, 16);
      charset(lvd, 20);
      dstring(lvd, 84, 128, opts.label);
      lvd.writeUInt32LE(BS, 212);
      entity(lvd, 216, '*OSTA UDF Compliant', rev);
      // The file set descriptor: block 0 of the metadata partition (reference 1).
      lvd.writeUInt32LE(BS, 248);
      lvd.writeUInt32LE(0, 252);
      lvd.writeUInt16LE(1, 256);
      lvd.writeUInt32LE(6 + 64, 264);
      lvd.writeUInt32LE(2, 268);
      entity(lvd, 272, '*wimsh test builder');
      lvd.writeUInt32LE(2 * BS, 432);
      lvd.writeUInt32LE(64, 436);
      // Map 0: the physical partition.
      lvd[440] = 1;
      lvd[441] = 6;
      lvd.writeUInt16LE(1, 442);
      lvd.writeUInt16LE(0, 444);
      // Map 1: the metadata partition over partition 0; its file at block 0, the mirror at 1, no bitmap.
      const m = 446;
      lvd[m] = 2;
      lvd[m + 1] = 64;
      entity(lvd, m + 4, '*UDF Metadata Partition', rev);
      lvd.writeUInt16LE(1, m + 36);
      lvd.writeUInt16LE(0, m + 38);
      lvd.writeUInt32LE(0, m + 40);
      lvd.writeUInt32LE(1, m + 44);
      lvd.writeUInt32LE(0xffffffff, m + 48);
      lvd.writeUInt32LE(32, m + 52);
      lvd.writeUInt16LE(1, m + 56);
      tag(lvd, 0, 6, 440 + 70, base + 3);
      put(base + 3, lvd);

      const usd = Buffer.alloc(BS);
      usd.writeUInt32LE(seq++, 16);
      tag(usd, 0, 7, 24, base + 4);
      put(base + 4, usd);

      const td = Buffer.alloc(BS);
      tag(td, 0, 8, 512, base + 5);
      put(base + 5, td);
    }
    // The logical volume integrity descriptor: closed, two partitions, the counts of files and directories.
    const lvid = Buffer.alloc(BS);
    timestamp(lvid, 16, when);
    lvid.writeUInt32LE(1, 28);
    lvid.writeBigUInt64LE(BigInt(nextId), 40);
    lvid.writeUInt32LE(2, 72);
    lvid.writeUInt32LE(46, 76);
    // free space and size tables (2 partitions each), then the implementation use.
    lvid.writeUInt32LE(0, 80);
    lvid.writeUInt32LE(0xffffffff, 84);
    lvid.writeUInt32LE(partLen, 88);
    lvid.writeUInt32LE(0xffffffff, 92);
    entity(lvid, 96, '*wimsh test builder');
    lvid.writeUInt32LE(files.length, 128);
    lvid.writeUInt32LE(dirs.length, 132);
    lvid.writeUInt16LE(rev, 136);
    lvid.writeUInt16LE(rev, 138);
    lvid.writeUInt16LE(rev, 140);
    tag(lvid, 0, 9, 96 + 46, 64);
    put(64, lvid);
    const lvidTd = Buffer.alloc(BS);
    tag(lvidTd, 0, 8, 512, 65);
    put(65, lvidTd);
    // The anchors: block 256 and the last block.
    for (const at of [256, totalBlocks - 1]) {
      const avdp = Buffer.alloc(BS);
      avdp.writeUInt32LE(6 * BS, 16);
      avdp.writeUInt32LE(32, 20);
      avdp.writeUInt32LE(6 * BS, 24);
      avdp.writeUInt32LE(48, 28);
      tag(avdp, 0, 2, 512, at);
      put(at, avdp);
    }

    // The metadata partition's blocks, built in memory, written twice (the file and its mirror).
    const meta = Buffer.alloc(metaBlocks * BS);
    const fsd = meta.subarray(0, BS);
    timestamp(fsd, 16, when);
    fsd.writeUInt16LE(3, 28);
    fsd.writeUInt16LE(3, 30);
    fsd.writeUInt32LE(1, 32);
    fsd.writeUInt32LE(1, 36);
    charset(fsd, 48);
    dstring(fsd, 112, 128, opts.label);
    charset(fsd, 240);
    dstring(fsd, 304, 32, opts.label);
    fsd.writeUInt32LE(BS, 400);
    fsd.writeUInt32LE(tree.icb, 404);
    fsd.writeUInt16LE(1, 408);
    entity(fsd, 416, '*OSTA UDF Compliant', rev);
    tag(fsd, 0, 256, 512, 0);
    tag(meta.subarray(BS, 2 * BS), 0, 8, 512, 1);

    const ext = !opts.plainEntries;
    /** An entry's block: `ads` (allocation descriptors of type adType, or embedded bytes for 3). */
    const entry = (block: number, fileType: number, size: number, adType: number, ads: Buffer, uniqueId: number, recorded: number, linkCount: number): Buffer => {
      const b = Buffer.alloc(BS);
      b.writeUInt16LE(4, 20);
      b.writeUInt16LE(1, 24);
      b[27] = fileType;
      b.writeUInt16LE(adType, 34);
      b.writeUInt32LE(0xffffffff, 36);
      b.writeUInt32LE(0xffffffff, 40);
      b.writeUInt32LE(fileType === 4 ? 0x14a5 : 0x1084, 44);
      b.writeUInt16LE(linkCount, 48);
      b.writeBigUInt64LE(BigInt(size), 56);
      // The extended entry adds the object size (64) and a creation time, which moves every later field.
      const at = ext ? EFE_FIELDS : FE_FIELDS;
      if (ext) b.writeBigUInt64LE(BigInt(size), 64);
      b.writeBigUInt64LE(BigInt(recorded), at.recorded);
      for (const o of at.times) timestamp(b, o, when);
      b.writeUInt32LE(1, at.checkpoint);
      entity(b, at.implementation, '*wimsh test builder');
      b.writeBigUInt64LE(BigInt(uniqueId), at.uniqueId);
      b.writeUInt32LE(ads.length, at.adLength);
      ads.copy(b, at.ads);
      tag(b, 0, at.tag, at.ads + ads.length, block);
      return b;
    };
    const shortAd = (len: number, block: number) => {
      const a = Buffer.alloc(8);
      a.writeUInt32LE(len, 0);
      a.writeUInt32LE(block, 4);
      return a;
    };
    const longAd = (len: number, block: number, part: number) => {
      const a = Buffer.alloc(16);
      a.writeUInt32LE(len, 0);
      a.writeUInt32LE(block, 4);
      a.writeUInt16LE(part, 8);
      return a;
    };
    for (const d of dirs) {
      d.fids!.copy(meta, d.dataBlock * BS);
      const links = 1 + d.children.filter((c) => c.dir).length;
      const e = entry(d.icb, 4, d.size, 0, shortAd(d.size, d.dataBlock), d.uniqueId, Math.ceil(d.size / BS), links);
      e.copy(meta, d.icb * BS);
    }
    const data = Buffer.alloc(1 << 20);
    for (const f of files) {
      if (f.size <= embedUpTo) {
        const bytes = fs.readFileSync(f.host);
        entry(f.icb, 5, f.size, 3, bytes, f.uniqueId, 0, 1).copy(meta, f.icb * BS);
        continue;
      }
      const ads: Buffer[] = [];
      for (let done = 0; done < f.size; done += maxExtent) ads.push(longAd(Math.min(maxExtent, f.size - done), f.dataBlock + done / BS, 0));
      // The entry holds what fits; the rest goes to its chain of allocation extent descriptors, each pointed to by
      // a continuation (kind 3) long_ad at the end of the one before.
      const groups: Buffer[][] = [];
      let rest = ads;
      for (let g = 0; g <= f.aeds.length; g++) {
        const room = g === 0 ? entryAds : AED_ADS;
        const last = g === f.aeds.length;
        const take = last ? rest : rest.slice(0, room - 1);
        rest = rest.slice(take.length);
        groups.push(last ? take : [...take, longAd(((3 << 30) | BS) >>> 0, f.aeds[g], 1)]);
      }
      for (let g = 1; g < groups.length; g++) {
        const block = f.aeds[g - 1];
        const aed = meta.subarray(block * BS, (block + 1) * BS);
        const body = Buffer.concat(groups[g]);
        aed.writeUInt32LE(g === 1 ? f.icb : f.aeds[g - 2], 16);
        aed.writeUInt32LE(body.length, 20);
        body.copy(aed, 24);
        tag(aed, 0, 258, 24 + body.length, block);
      }
      entry(f.icb, 5, f.size, 1, Buffer.concat(groups[0]), f.uniqueId, Math.ceil(f.size / BS), 1).copy(meta, f.icb * BS);
      // The data, copied in 1 MiB pieces into the physical partition.
      const src = fs.openSync(f.host, 'r');
      try {
        for (let pos = 0; pos < f.size; ) {
          const n = fs.readSync(src, data, 0, Math.min(data.length, f.size - pos), pos);
          // A piece of zeros stays a hole of the image file (the fixtures' sparse file costs no disk).
          if (data.subarray(0, n).some((v) => v !== 0)) fs.writeSync(fd, data, 0, n, (PART_START + f.dataBlock) * BS + pos);
          pos += n;
        }
      } finally {
        fs.closeSync(src);
      }
    }
    // The metadata file (250) and its mirror (251) in the physical partition, each over its copy of the blocks.
    put(PART_START, entry(0, 250, meta.length, 0, shortAd(meta.length, 2), 0, metaBlocks, 1));
    put(PART_START + 1, entry(1, 251, meta.length, 0, shortAd(meta.length, 2 + metaBlocks), 0, metaBlocks, 1));
    put(PART_START + 2, meta);
    put(PART_START + 2 + metaBlocks, meta);
    // The image ends after the last anchor.
    fs.ftruncateSync(fd, totalBlocks * BS);
  } finally {
    fs.closeSync(fd);
  }
  return totalBlocks * BS;
}
