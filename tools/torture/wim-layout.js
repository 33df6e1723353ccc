/*
 * Where the structures of a WIM file lie, read from its bytes alone (no wimsh code, so that a parser bug cannot hide
 * its own inputs): the 208-byte header and its reshdrs, the blob table entries, each compressed resource's chunk
 * table or solid resource header, the XML data, the integrity table, and, for an uncompressed metadata resource, the
 * security data and every dentry (walked from the root through subdir offsets, bounded). The mutator aims at these.
 */
'use strict';

const HEADER_SIZE = 208;
const RESHDR = { blobTable: 48, xml: 72, bootMetadata: 96, integrity: 124 };
const RF = { FREE: 1, METADATA: 2, COMPRESSED: 4, SPANNED: 8, SOLID: 0x10 };
const SOLID_MAGIC = 0x100000000;

function readReshdr(b, o) {
  if (o + 24 > b.length) return undefined;
  const size = b.readUIntLE(o, 6) + b[o + 6] * 2 ** 48;
  return { at: o, sizeInWim: size, flags: b[o + 7], offset: Number(b.readBigUInt64LE(o + 8)), original: Number(b.readBigUInt64LE(o + 16)) };
}

function writeReshdr(b, o, r) {
  const size = Math.min(Math.max(0, r.sizeInWim), 2 ** 56 - 1);
  b.writeUIntLE(size % 2 ** 48, o, 6);
  b[o + 6] = Math.floor(size / 2 ** 48) & 0xff;
  b[o + 7] = r.flags & 0xff;
  b.writeBigUInt64LE(BigInt(Math.max(0, Math.floor(r.offset))) & 0xffffffffffffffffn, o + 8);
  b.writeBigUInt64LE(BigInt(Math.max(0, Math.floor(r.original))) & 0xffffffffffffffffn, o + 16);
}

const align8 = (n) => (n + 7) & ~7;

/** Walks an uncompressed metadata resource: security data, then the dentry tree. Offsets are within `md`. */
function layoutMetadata(md) {
  const out = { security: undefined, dentries: [], streams: [] };
  if (md.length < 8) return out;
  const secLen = md.readUInt32LE(0);
  const secCount = md.readUInt32LE(4);
  out.security = { at: 0, length: secLen, count: secCount, sizesAt: 8 };
  const root = align8(Math.max(8, secLen));
  const seen = new Set();
  const queue = [root];
  while (queue.length && out.dentries.length < 5000) {
    let p = queue.shift();
    // One directory's list: dentries until a zero length.
    while (p + 102 <= md.length && !seen.has(p) && out.dentries.length < 5000) {
      seen.add(p);
      const len = Number(md.readBigUInt64LE(p));
      if (len < 102 || p + len > md.length) break;
      const attrs = md.readUInt32LE(p + 8);
      const subdir = Number(md.readBigUInt64LE(p + 16));
      const ads = md.readUInt16LE(p + 96);
      const shortLen = md.readUInt16LE(p + 98);
      const nameLen = md.readUInt16LE(p + 100);
      const name = md.toString('utf16le', p + 102, Math.min(md.length, p + 102 + nameLen));
      out.dentries.push({ at: p, length: len, attrs, subdir, ads, shortLen, nameLen, name, isRoot: p === root });
      let q = align8(p + len);
      for (let i = 0; i < ads && q + 38 <= md.length; i++) {
        const sl = Number(md.readBigUInt64LE(q));
        out.streams.push({ at: q, length: sl, nameLen: md.readUInt16LE(q + 36) });
        if (sl < 38) break;
        q = align8(q + sl);
      }
      if (attrs & 0x10 && subdir > 0 && subdir < md.length) queue.push(subdir);
      if (p === root) break;
      p = q;
    }
  }
  return out;
}

/** The layout of one WIM/ESD/SWM file's bytes. Never throws: a damaged file yields a partial layout. */
function layoutWim(b) {
  const L = { size: b.length, header: undefined, blobs: [], chunkTables: [], solidHeaders: [], metadata: [], xml: undefined, integrity: undefined };
  if (b.length < HEADER_SIZE) return L;
  const h = {
    version: b.readUInt32LE(12),
    flags: b.readUInt32LE(16),
    chunkSize: b.readUInt32LE(20),
    part: b.readUInt16LE(40),
    totalParts: b.readUInt16LE(42),
    imageCount: b.readUInt32LE(44),
    blobTable: readReshdr(b, RESHDR.blobTable),
    xml: readReshdr(b, RESHDR.xml),
    bootMetadata: readReshdr(b, RESHDR.bootMetadata),
    bootIndex: b.readUInt32LE(120),
    integrity: readReshdr(b, RESHDR.integrity),
  };
  L.header = h;
  const bt = h.blobTable;
  if (bt.offset >= HEADER_SIZE && bt.offset + bt.sizeInWim <= b.length && !(bt.flags & RF.COMPRESSED)) {
    for (let o = bt.offset; o + 50 <= bt.offset + bt.sizeInWim; o += 50) {
      const r = readReshdr(b, o);
      L.blobs.push({ at: o, res: r, part: b.readUInt16LE(o + 24), refcnt: b.readUInt32LE(o + 26), hashAt: o + 30 });
    }
  }
  const chunkSize = h.chunkSize || 32768;
  const solidDone = new Set();
  for (const e of L.blobs) {
    const r = e.res;
    if (r.offset + r.sizeInWim > b.length || r.sizeInWim === 0) continue;
    if (r.flags & RF.SOLID) {
      if (r.original === SOLID_MAGIC && !solidDone.has(r.offset) && r.offset + 16 <= b.length) {
        solidDone.add(r.offset);
        const usize = Number(b.readBigUInt64LE(r.offset));
        const csize = b.readUInt32LE(r.offset + 8);
        const n = csize > 0 ? Math.ceil(usize / csize) : 0;
        L.solidHeaders.push({ at: r.offset, uncompressed: usize, chunkSize: csize, format: b.readUInt32LE(r.offset + 12), sizesAt: r.offset + 16, count: Math.min(n, 100000), res: r });
      }
      continue;
    }
    if (r.flags & RF.COMPRESSED && r.original > chunkSize) {
      const n = Math.ceil(r.original / chunkSize);
      const w = r.original > 0xffffffff ? 8 : 4;
      L.chunkTables.push({ at: r.offset, entries: n - 1, width: w, res: r });
    }
    if (r.flags & RF.METADATA) {
      const md = { entry: e };
      if (!(r.flags & RF.COMPRESSED)) md.layout = layoutMetadata(b.subarray(r.offset, r.offset + r.sizeInWim));
      L.metadata.push(md);
    }
  }
  if (h.xml.offset + h.xml.sizeInWim <= b.length && h.xml.sizeInWim > 0) L.xml = { at: h.xml.offset, length: h.xml.sizeInWim };
  const it = h.integrity;
  if (it.sizeInWim >= 12 && it.offset + it.sizeInWim <= b.length) L.integrity = { at: it.offset, length: it.sizeInWim, count: b.readUInt32LE(it.offset + 4), chunkSize: b.readUInt32LE(it.offset + 8) };
  return L;
}

module.exports = { layoutWim, layoutMetadata, readReshdr, writeReshdr, RF, RESHDR, HEADER_SIZE, SOLID_MAGIC, align8 };
