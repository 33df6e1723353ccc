/*
 * The structure-aware mutator. Given a WIM/ESD/SWM (its layout from wim-layout.js), an ISO or a registry hive, it
 * picks one field of one structure and sets it to a value chosen to hit edge cases (0, 1, -1, just past the end, a
 * neighbour's value, powers of two, unaligned, huge), or damages bytes blindly (bit flips, byte runs, truncation,
 * extension). Metadata edits can re-hash the metadata resource so that the reader gets past the SHA-1 check into the
 * dentry parser; a compressed WIM's dentry tree is reached by grafting the (same tree's) uncompressed metadata
 * resource of none.wim onto its end. Every mutation returns a label ("blob[3].res.size=0"): the finding's recipe.
 */
'use strict';
const { createHash } = require('node:crypto');
const { layoutWim, layoutMetadata, readReshdr, writeReshdr, RF, RESHDR, HEADER_SIZE } = require('./wim-layout');

const INTERESTING32 = [0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

function interesting(rng, near = []) {
  const c = rng.int(10);
  if (c < 5 || near.length === 0) return rng.pick(INTERESTING32);
  const base = rng.pick(near);
  return Math.max(0, base + rng.pick([-9, -8, -2, -1, 1, 2, 7, 8, 4096, 1 << 20, base]));
}

function sha1(b) {
  return createHash('sha1').update(b).digest();
}

// ---- blind damage ------------------------------------------------------------------------------------------------
function blind(b, rng) {
  const n = b.length;
  const k = rng.int(6);
  if (k === 0) {
    const flips = 1 + rng.int(8);
    for (let i = 0; i < flips; i++) b[rng.int(n)] ^= 1 << rng.int(8);
    return { buf: b, label: `blind.flip x${flips}` };
  }
  if (k === 1) {
    const at = rng.int(n);
    const len = 1 + rng.int(64);
    const v = rng.pick([0, 0xff, rng.int(256)]);
    b.fill(v, at, Math.min(n, at + len));
    return { buf: b, label: `blind.fill@${at}+${len}=${v}` };
  }
  if (k === 2) {
    const at = rng.int(n);
    return { buf: b.subarray(0, at), label: `blind.truncate@${at}` };
  }
  if (k === 3) {
    const extra = Buffer.alloc(1 + rng.int(70000), rng.chance(0.5) ? 0 : 0xa5);
    return { buf: Buffer.concat([b, extra]), label: `blind.extend+${extra.length}` };
  }
  if (k === 4) {
    // Copy a run from elsewhere in the file: structure-shaped garbage.
    const len = 8 + rng.int(256);
    const from = rng.int(Math.max(1, n - len));
    const to = rng.int(Math.max(1, n - len));
    b.copy(b, to, from, from + len);
    return { buf: b, label: `blind.copy ${from}->${to}+${len}` };
  }
  const at = rng.int(Math.max(1, n - 4));
  b.writeUInt32LE(rng.pick(INTERESTING32) >>> 0, at);
  return { buf: b, label: `blind.u32@${at}` };
}

// ---- WIM structures ----------------------------------------------------------------------------------------------
function reshdrField(b, at, rng, near, label) {
  const r = readReshdr(b, at);
  const f = rng.pick(['size', 'offset', 'original', 'flags']);
  if (f === 'flags') r.flags = rng.chance(0.5) ? r.flags ^ rng.pick([RF.FREE, RF.METADATA, RF.COMPRESSED, RF.SPANNED, RF.SOLID]) : rng.int(256);
  else if (f === 'size') r.sizeInWim = interesting(rng, [r.sizeInWim, ...near]);
  else if (f === 'offset') r.offset = interesting(rng, [r.offset, ...near]);
  else r.original = rng.chance(0.15) ? 0x100000000 : interesting(rng, [r.original, r.sizeInWim, ...near]);
  writeReshdr(b, at, r);
  return `${label}.${f}=${f === 'flags' ? r.flags : f === 'size' ? r.sizeInWim : f === 'offset' ? r.offset : r.original}`;
}

function header(b, L, rng) {
  const f = rng.pick(['magic', 'hdrsize', 'version', 'flags', 'chunk', 'part', 'parts', 'images', 'bt', 'xml', 'boot', 'bootidx', 'integrity', 'guid']);
  const n = b.length;
  switch (f) {
    case 'magic':
      b[rng.int(8)] ^= 1 << rng.int(8);
      break;
    case 'hdrsize':
      b.writeUInt32LE(rng.pick([0, 207, 209, 0xffffffff, 1 << 20]), 8);
      break;
    case 'version':
      b.writeUInt32LE(rng.pick([0x10d00, 0xe00, 0x10b00, 0, 0xffffffff, 0x10d01]), 12);
      break;
    case 'flags':
      b.writeUInt32LE(rng.chance(0.5) ? b.readUInt32LE(16) ^ (1 << rng.int(20)) : rng.pick([0, 0x2, 0x20000, 0x40000, 0x80000, 0x200000, 0x60002, 0xffffffff]), 16);
      break;
    case 'chunk':
      b.writeUInt32LE(rng.pick([0, 1, 4096, 8192, 32767, 32768, 65536, 1 << 21, 1 << 22, 1 << 26, 1 << 30, 0x80000000, 0xffffffff, 3 << 15]), 20);
      break;
    case 'part':
      b.writeUInt16LE(rng.pick([0, 2, 3, 0xffff]), 40);
      break;
    case 'parts':
      b.writeUInt16LE(rng.pick([0, 2, 5, 0xffff]), 42);
      break;
    case 'images':
      b.writeUInt32LE(rng.pick([0, L.header.imageCount + 1, L.header.imageCount - 1, 0x7fffffff, 0xffffffff]) >>> 0, 44);
      break;
    case 'guid':
      b[24 + rng.int(16)] ^= 0xff;
      break;
    case 'bootidx':
      b.writeUInt32LE(rng.pick([1, 2, 0xffffffff, L.header.imageCount + 1]) >>> 0, 120);
      break;
    default: {
      const at = { bt: RESHDR.blobTable, xml: RESHDR.xml, boot: RESHDR.bootMetadata, integrity: RESHDR.integrity }[f];
      return { buf: b, label: reshdrField(b, at, rng, [n, n - 1, HEADER_SIZE], `header.${f}`) };
    }
  }
  return { buf: b, label: `header.${f}` };
}

function blobEntry(b, L, rng) {
  if (!L.blobs.length) return blind(b, rng);
  const i = rng.int(L.blobs.length);
  const e = L.blobs[i];
  const k = rng.int(7);
  const near = L.blobs.map((x) => x.res.offset).concat([b.length]);
  if (k <= 2) return { buf: b, label: reshdrField(b, e.at, rng, near, `blob[${i}].res`) };
  if (k === 3) {
    b.writeUInt16LE(rng.pick([0, 2, 0xffff]), e.at + 24);
    return { buf: b, label: `blob[${i}].part` };
  }
  if (k === 4) {
    b.writeUInt32LE(rng.pick([0, 0xffffffff, 2]), e.at + 26);
    return { buf: b, label: `blob[${i}].refcnt` };
  }
  if (k === 5) {
    if (rng.chance(0.5)) b.fill(0, e.hashAt, e.hashAt + 20);
    else b[e.hashAt + rng.int(20)] ^= 1 << rng.int(8);
    return { buf: b, label: `blob[${i}].hash` };
  }
  // Another entry's bytes over this one: duplicate hashes, overlapping resources.
  const j = rng.int(L.blobs.length);
  b.copy(b, e.at, L.blobs[j].at, L.blobs[j].at + 50);
  return { buf: b, label: `blob[${i}]=blob[${j}]` };
}

function chunkTable(b, L, rng) {
  if (L.solidHeaders.length && (rng.chance(0.6) || !L.chunkTables.length)) {
    const s = rng.pick(L.solidHeaders);
    const k = rng.int(5);
    if (k === 0) b.writeBigUInt64LE(BigInt(interesting(rng, [s.uncompressed])), s.at);
    else if (k === 1) b.writeUInt32LE(rng.pick([0, 1, 4096, 1 << 15, 1 << 20, 1 << 26, 1 << 27, 1 << 30, 0xffffffff]) >>> 0, s.at + 8);
    else if (k === 2) b.writeUInt32LE(rng.pick([0, 1, 2, 3, 4, 0xffffffff]) >>> 0, s.at + 12);
    else {
      const i = rng.int(Math.max(1, s.count));
      if (s.sizesAt + 4 * i + 4 <= b.length) b.writeUInt32LE(interesting(rng, [b.readUInt32LE(s.sizesAt + 4 * i), s.chunkSize, s.res.sizeInWim]) >>> 0, s.sizesAt + 4 * i);
    }
    return { buf: b, label: `solid@${s.at}.${['usize', 'chunk', 'format', 'size', 'size'][k]}` };
  }
  if (!L.chunkTables.length) return blobEntry(b, L, rng);
  const t = rng.pick(L.chunkTables);
  // A damaged file may declare more entries than its bytes hold: aim only at entries inside the file.
  const entries = Math.min(t.entries, Math.floor((Math.min(b.length, t.res.offset + t.res.sizeInWim) - t.at) / t.width));
  if (entries <= 0) return blind(b, rng);
  const i = rng.int(entries);
  const at = t.at + i * t.width;
  const cur = t.width === 4 ? b.readUInt32LE(at) : Number(b.readBigUInt64LE(at));
  const k = rng.int(4);
  let v;
  if (k === 0) v = 0;
  else if (k === 1) v = t.res.sizeInWim + rng.pick([0, 1, 4096]); // past the resource's end
  else if (k === 2) v = i > 0 ? (t.width === 4 ? b.readUInt32LE(at - 4) : Number(b.readBigUInt64LE(at - 8))) - 1 : cur + 1; // not increasing
  else v = interesting(rng, [cur]);
  if (t.width === 4) b.writeUInt32LE(v >>> 0, at);
  else b.writeBigUInt64LE(BigInt(v), at);
  return { buf: b, label: `chunktable@${t.at}[${i}]=${v}` };
}

function xml(b, L, rng) {
  if (!L.xml) return header(b, L, rng);
  let text = b.toString('utf16le', L.xml.at, L.xml.at + (L.xml.length & ~1));
  const k = rng.int(8);
  let label;
  if (k === 0) {
    text = text.replace(/<IMAGE INDEX="(\d+)"/, (m, n) => `<IMAGE INDEX="${rng.pick(['0', '99', '-1', '4294967297', 'x', n + n])}"`);
    label = 'xml.index';
  } else if (k === 1) {
    text = text.replace(/<TOTALBYTES>\d+/, `<TOTALBYTES>${rng.pick(['-1', '99999999999999999999', 'abc', ''])}`);
    label = 'xml.totalbytes';
  } else if (k === 2) {
    text = text.slice(0, rng.int(text.length));
    label = 'xml.truncate';
  } else if (k === 3) {
    text = text.replace(/<\/IMAGE>/, '');
    label = 'xml.unclosed';
  } else if (k === 4) {
    const depth = rng.pick([100, 5000, 50000]);
    text = text.replace(/<NAME>/, '<A>'.repeat(depth) + '</A>'.repeat(depth) + '<NAME>');
    label = `xml.nest${depth}`;
  } else if (k === 5) {
    text = text.replace(/<NAME>[^<]*/, `<NAME>${rng.pick(['&bogus;', '&#0;', '\u0000', '<!ENTITY x "y">', ']]>', '&#x110000;', 'A'.repeat(70000)])}`);
    label = 'xml.name';
  } else if (k === 6) {
    text = text.replace(/<IMAGE /, `<IMAGE INDEX="1"></IMAGE><IMAGE `);
    label = 'xml.dup-image';
  } else {
    text = text.replace(/<(HIGHPART|LOWPART)>0x[0-9A-Fa-f]+/, (m, p) => `<${p}>${rng.pick(['0xFFFFFFFFFFFF', 'zz', '-5', ''])}`);
    label = 'xml.time';
  }
  let enc = Buffer.from(text, 'utf16le');
  if (rng.chance(0.2)) enc = enc.subarray(2); // no BOM
  if (rng.chance(0.1)) enc = Buffer.concat([enc, Buffer.of(0x41)]); // odd length
  // Put the new XML at the end (its old place may be too small) and point the header at it.
  const out = Buffer.concat([b, enc]);
  writeReshdr(out, RESHDR.xml, { sizeInWim: enc.length, flags: 0, offset: b.length, original: enc.length });
  return { buf: out, label };
}

function integrity(b, L, rng) {
  if (!L.integrity) return header(b, L, rng);
  const t = L.integrity;
  const k = rng.int(5);
  if (k === 0) b.writeUInt32LE(rng.pick([0, 12, t.length + 1, 0xffffffff]) >>> 0, t.at);
  else if (k === 1) b.writeUInt32LE(rng.pick([0, 2, t.count + 1, 0x7fffffff, 0xffffffff]) >>> 0, t.at + 4);
  else if (k === 2) b.writeUInt32LE(rng.pick([0, 1, 4096, 0xffffffff]) >>> 0, t.at + 8);
  else if (k === 3 && t.length > 12) b[t.at + 12 + rng.int(t.length - 12)] ^= 0x10;
  else return { buf: b, label: reshdrField(b, RESHDR.integrity, rng, [b.length, t.at], 'header.integrity') };
  return { buf: b, label: `integrity.${['size', 'count', 'chunk', 'hash', 'hdr'][k]}` };
}

/** Mutates one dentry or security field inside an uncompressed metadata buffer `md` (a copy). */
function metadataField(md, rng) {
  const ml = layoutMetadata(md);
  const ds = ml.dentries;
  if (!ds.length || rng.chance(0.15)) {
    const k = rng.int(3);
    if (k === 0) md.writeUInt32LE(rng.pick([0, 1, 7, 9, md.length, md.length + 8, 0x7fffffff, 0xffffffff]) >>> 0, 0);
    else if (k === 1) md.writeUInt32LE(rng.pick([1, 2, 0x1fffffff, 0xffffffff]) >>> 0, 4);
    else if (md.length >= 16) md.writeBigUInt64LE(BigInt(rng.pick([0, 1, 0xffffffff, 2 ** 40])), 8);
    return `security.${['length', 'count', 'size0'][k]}`;
  }
  const d = rng.pick(ds);
  const p = d.at;
  const f = rng.pick(['length', 'length', 'attrs', 'secid', 'subdir', 'subdir', 'subdir', 'hash', 'ads', 'shortlen', 'namelen', 'namelen', 'name', 'hardlink', 'streamlen']);
  switch (f) {
    case 'length':
      md.writeBigUInt64LE(BigInt(rng.pick([0, 1, 8, 101, 102, d.length - 2, d.length + 8, md.length, 2 ** 40])), p);
      break;
    case 'attrs':
      md.writeUInt32LE((d.attrs ^ rng.pick([0x10, 0x400, 0x4000, 0x200, 0x80000000])) >>> 0, p + 8);
      break;
    case 'secid':
      md.writeInt32LE(rng.pick([-2, 0, 1, 5, 0x7fffffff]), p + 12);
      break;
    case 'subdir': {
      const other = rng.pick(ds).at;
      md.writeBigUInt64LE(BigInt(rng.pick([0, 1, p, other, other + 4, md.length, md.length - 8, 2 ** 40, ds[0].at])), p + 16);
      break;
    }
    case 'hash':
      md.fill(rng.chance(0.5) ? 0 : 0xee, p + 64, p + 84);
      break;
    case 'ads':
      md.writeUInt16LE(rng.pick([1, 2, 100, 0xffff]), p + 96);
      break;
    case 'shortlen':
      md.writeUInt16LE(rng.pick([1, 3, 24, 0xfffe, 0xffff]), p + 98);
      break;
    case 'namelen':
      md.writeUInt16LE(rng.pick([0, 1, 3, d.nameLen + 2, d.nameLen - 2, 0xfffe, 0xffff]) & 0xffff, p + 100);
      break;
    case 'name':
      if (d.nameLen >= 4) {
        const bad = rng.pick(['/', '\\', '\0', ':', '..', '.', '*']);
        const units = Math.min(bad.length, d.nameLen / 2);
        if (bad === '..' || bad === '.') md.fill(0, p + 102, p + 102 + d.nameLen);
        md.write(bad.slice(0, units), p + 102, 'utf16le');
        if (bad === '..' || bad === '.') md.writeUInt16LE(bad.length * 2, p + 100);
      }
      break;
    case 'hardlink':
      md.writeBigUInt64LE(BigInt(rng.pick([0, 1, 0xffffffff])), p + 88);
      break;
    case 'streamlen':
      if (ml.streams.length) md.writeBigUInt64LE(BigInt(rng.pick([0, 1, 37, 2 ** 40])), rng.pick(ml.streams).at);
      else md.writeUInt16LE(1, p + 96);
      break;
  }
  return `dentry[${JSON.stringify(d.name.slice(0, 20))}].${f}`;
}

/**
 * A dentry-tree or security-data mutation. In an uncompressed WIM the metadata is edited in place; otherwise
 * `donorMetadata` (the same tree's uncompressed metadata resource) is mutated and grafted onto the end, and the
 * image's metadata blob entry is pointed at it. With `rehash` the entry's SHA-1 is made to match.
 */
function metadata(b, L, rng, donorMetadata) {
  const mdEntry = L.metadata.length ? rng.pick(L.metadata) : undefined;
  if (!mdEntry) return blind(b, rng);
  const e = mdEntry.entry;
  const rehash = rng.chance(0.75);
  if (mdEntry.layout) {
    const md = Buffer.from(b.subarray(e.res.offset, e.res.offset + e.res.sizeInWim));
    const label = metadataField(md, rng);
    md.copy(b, e.res.offset);
    if (rehash) sha1(md).copy(b, e.hashAt);
    return { buf: b, label: `md.${label}${rehash ? '+rehash' : ''}` };
  }
  if (!donorMetadata) return blobEntry(b, L, rng);
  const md = Buffer.from(donorMetadata);
  const label = metadataField(md, rng);
  const out = Buffer.concat([b, md]);
  writeReshdr(out, e.at, { sizeInWim: md.length, flags: RF.METADATA, offset: b.length, original: md.length });
  (rehash ? sha1(md) : sha1(donorMetadata)).copy(out, e.hashAt);
  return { buf: out, label: `graft.${label}${rehash ? '+rehash' : ''}` };
}

function splitPart(b, L, rng) {
  const k = rng.int(3);
  if (k === 0) b.writeUInt16LE(rng.pick([0, 1, 2, 9, 0xffff]), 40);
  else if (k === 1) b.writeUInt16LE(rng.pick([0, 1, 2, 9, 0xffff]), 42);
  else b[24 + rng.int(16)] ^= 0x5a;
  return { buf: b, label: `split.${['part', 'total', 'guid'][k]}` };
}

const WIM_KINDS = ['header', 'blob', 'blob', 'chunk', 'chunk', 'metadata', 'metadata', 'metadata', 'xml', 'integrity', 'blind', 'blind'];

/**
 * One mutation of a WIM-family file. `kind` forces a family ('header', 'blob', 'chunk', 'metadata', 'xml',
 * 'integrity', 'split', 'blind'), else one is drawn. Returns { buf, label }.
 */
function mutateWim(orig, rng, { kind, donorMetadata, isSplit } = {}) {
  const b = Buffer.from(orig);
  const L = layoutWim(b);
  if (!L.header) return blind(b, rng);
  const k = kind || (isSplit && rng.chance(0.2) ? 'split' : rng.pick(WIM_KINDS));
  try {
    return mutateWimAs(k, b, L, rng, donorMetadata);
  } catch (e) {
    // The fuzzer feeds already-damaged files here, whose layout may point anywhere: damage them blindly instead.
    if (e instanceof RangeError) return blind(Buffer.from(orig), rng);
    throw e;
  }
}

function mutateWimAs(k, b, L, rng, donorMetadata) {
  switch (k) {
    case 'header':
      return header(b, L, rng);
    case 'blob':
      return blobEntry(b, L, rng);
    case 'chunk':
      return chunkTable(b, L, rng);
    case 'metadata':
      return metadata(b, L, rng, donorMetadata);
    case 'xml':
      return xml(b, L, rng);
    case 'integrity':
      return integrity(b, L, rng);
    case 'split':
      return splitPart(b, L, rng);
    default:
      return blind(b, rng);
  }
}

/** The uncompressed metadata resource of image `index` (1-based) of an uncompressed WIM. */
function metadataOfUncompressed(buf, index = 1) {
  const L = layoutWim(buf);
  const m = L.metadata[index - 1];
  if (!m || !m.layout) return undefined;
  return Buffer.from(buf.subarray(m.entry.res.offset, m.entry.res.offset + m.entry.res.sizeInWim));
}

// ---- ISO 9660 / UDF ------------------------------------------------------------------------------------------------
function crcCcitt(b, start, end) {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= b[i] << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** Re-seals a UDF descriptor tag (checksum, CRC over the body it declares) so the reader looks past it. */
function resealUdfTag(b, at) {
  const crcLen = b.readUInt16LE(at + 10);
  if (at + 16 + crcLen <= b.length) b.writeUInt16LE(crcCcitt(b, at + 16, at + 16 + crcLen), at + 8);
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += b[at + i];
  b[at + 4] = sum & 0xff;
}

function isUdfTag(b, at) {
  if (at + 16 > b.length) return false;
  const id = b.readUInt16LE(at);
  if (!((id >= 1 && id <= 9) || (id >= 256 && id <= 266))) return false;
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += b[at + i];
  return (sum & 0xff) === b[at + 4];
}

/** ISO 9660 directory records reachable from the volume descriptors' roots (bounded). */
function isoRecords(b) {
  const recs = [];
  const dirs = [];
  for (let s = 16; s < 32 && (s + 1) * 2048 <= b.length; s++) {
    const at = s * 2048;
    if (b.toString('latin1', at + 1, at + 6) !== 'CD001') continue;
    if (b[at] === 255) break;
    if (b[at] === 1 || b[at] === 2) dirs.push({ lba: b.readUInt32LE(at + 156 + 2), size: b.readUInt32LE(at + 156 + 10) });
  }
  const seen = new Set();
  while (dirs.length && recs.length < 2000) {
    const d = dirs.shift();
    if (seen.has(d.lba) || d.lba * 2048 >= b.length) continue;
    seen.add(d.lba);
    let p = d.lba * 2048;
    const end = Math.min(b.length, p + Math.min(d.size, 1 << 20));
    while (p < end) {
      const len = b[p];
      if (len === 0) {
        p = (Math.floor(p / 2048) + 1) * 2048;
        continue;
      }
      if (len < 34 || p + len > end) break;
      recs.push(p);
      if (b[p + 25] & 2 && !(b[p + 32] === 1 && (b[p + 33] === 0 || b[p + 33] === 1))) dirs.push({ lba: b.readUInt32LE(p + 2), size: b.readUInt32LE(p + 10) });
      p += len;
    }
  }
  return recs;
}

function setBoth32(b, at, v) {
  b.writeUInt32LE(v >>> 0, at);
  b.writeUInt32BE(v >>> 0, at + 4);
}

/** One mutation of a disc image (ISO 9660 + Joliet + UDF bridge). */
function mutateIso(orig, rng) {
  const b = Buffer.from(orig);
  const k = rng.int(6);
  if (k === 0) {
    // A volume descriptor field.
    const s = 16 + rng.int(3);
    const at = s * 2048;
    const f = rng.pick([[80, 'space'], [120, 'setsize'], [128, 'blocksize'], [132, 'pathtable'], [156 + 2, 'root.lba'], [156 + 10, 'root.size']]);
    if (f[1] === 'blocksize') {
      b.writeUInt16LE(rng.pick([0, 1, 512, 4096, 0xffff]), at + 128);
    } else setBoth32(b, at + f[0], rng.pick(INTERESTING32));
    return { buf: b, label: `iso.vd${s}.${f[1]}` };
  }
  if (k <= 2) {
    const recs = isoRecords(b);
    if (recs.length) {
      const p = rng.pick(recs);
      const f = rng.pick(['len', 'lba', 'size', 'flags', 'namelen', 'name']);
      if (f === 'len') b[p] = rng.pick([0, 1, 33, 34, 255]);
      else if (f === 'lba') setBoth32(b, p + 2, rng.pick([0, 16, Math.floor(b.length / 2048), 0xffffffff, b.readUInt32LE(p + 2) + 1]));
      else if (f === 'size') setBoth32(b, p + 10, rng.pick([0, 1, 0x7fffffff, 0xffffffff, 4 << 30 >>> 0]));
      else if (f === 'flags') b[p + 25] ^= rng.pick([2, 0x80, 4]);
      else if (f === 'namelen') b[p + 32] = rng.pick([0, 1, 200, 255]);
      else b.write(rng.pick(['..', '/', '\0', '\\']), p + 33, 'latin1');
      return { buf: b, label: `iso.record@${p}.${f}` };
    }
  }
  if (k <= 4) {
    // A UDF descriptor: anchor at 256, the volume descriptor sequence, file set, file entries, identifiers.
    const tags = [];
    for (let s = 16; s * 2048 + 16 <= b.length && tags.length < 400; s++) if (isUdfTag(b, s * 2048)) tags.push(s * 2048);
    for (const at of tags.slice()) {
      // File identifier descriptors sit inside directory sectors, not at their start: scan a directory's sector.
      if (b.readUInt16LE(at) === 257) for (let q = at + 4; q < at + 2048 - 16; q += 4) if (b.readUInt16LE(q) === 257 && isUdfTag(b, q)) tags.push(q);
    }
    if (tags.length) {
      const at = rng.pick(tags);
      const off = 16 + 4 * rng.int(40);
      if (at + off + 4 <= b.length) b.writeUInt32LE(rng.pick(INTERESTING32) >>> 0, at + off);
      const reseal = rng.chance(0.7);
      if (reseal) resealUdfTag(b, at);
      return { buf: b, label: `udf.tag${b.readUInt16LE(at)}@${at}+${off}${reseal ? '+reseal' : ''}` };
    }
  }
  return blind(b, rng);
}

// ---- registry hive -------------------------------------------------------------------------------------------------
function hiveCells(b) {
  const cells = [];
  for (let bin = 4096; bin + 32 <= b.length && cells.length < 20000; ) {
    if (b.toString('latin1', bin, bin + 4) !== 'hbin') break;
    const size = b.readUInt32LE(bin + 8);
    if (size < 32 || bin + size > b.length) break;
    for (let p = bin + 32; p + 8 <= bin + size; ) {
      const cs = b.readInt32LE(p);
      const abs = Math.abs(cs);
      if (abs < 8) break;
      if (cs < 0) cells.push({ at: p, size: abs, sig: b.toString('latin1', p + 4, p + 6) });
      p += abs;
    }
    bin += size;
  }
  return cells;
}

function fixHiveChecksum(b) {
  let x = 0;
  for (let i = 0; i < 508; i += 4) x ^= b.readUInt32LE(i);
  b.writeUInt32LE(x >>> 0, 508);
}

/** One mutation of a regf hive: a base block field, an hbin header, or a field of an nk/vk/list/sk cell. */
function mutateHive(orig, rng) {
  const b = Buffer.from(orig);
  const k = rng.int(8);
  if (k === 0) {
    const f = rng.pick([4, 8, 20, 24, 36, 40]);
    b.writeUInt32LE(rng.pick(INTERESTING32) >>> 0, f);
    if (rng.chance(0.7)) fixHiveChecksum(b);
    return { buf: b, label: `hive.base@${f}` };
  }
  if (k === 1) {
    const bins = [];
    for (let p = 4096; p + 32 <= b.length; p += 4096) if (b.toString('latin1', p, p + 4) === 'hbin') bins.push(p);
    const p = bins.length ? rng.pick(bins) : 4096;
    b.writeUInt32LE(rng.pick([0, 1, 4096, 0xffffffff, 8192]) >>> 0, p + rng.pick([4, 8]));
    return { buf: b, label: `hive.hbin@${p}` };
  }
  if (k <= 6) {
    const cells = hiveCells(b);
    if (cells.length) {
      const c = rng.pick(cells);
      // Field offsets that matter for each cell kind (from the cell start, size field included).
      const fields = {
        nk: [6, 20, 24, 28, 32, 36, 40, 44, 48, 52, 76, 78],
        vk: [6, 8, 12, 16, 18],
        lf: [6, 8, 12],
        lh: [6, 8, 12],
        li: [6, 8],
        ri: [6, 8],
        sk: [8, 12, 16, 20],
        db: [6, 8],
      }[c.sig] || [0, 4, 8];
      const off = rng.chance(0.8) ? rng.pick(fields) : 4 * rng.int(Math.max(1, c.size / 4));
      if (off === 6 || off === 76 || off === 78 || off === 18) b.writeUInt16LE(rng.pick([0, 1, 0x7fff, 0xffff]), c.at + off);
      else if (c.at + off + 4 <= b.length) b.writeUInt32LE(rng.pick(INTERESTING32.concat([c.at - 4096, c.at - 4096 + 8])) >>> 0, c.at + off);
      return { buf: b, label: `hive.${c.sig}@${c.at}+${off}` };
    }
  }
  return blind(b, rng);
}

module.exports = { mutateWim, mutateIso, mutateHive, metadataOfUncompressed, blind, sha1, INTERESTING32, crcCcitt, resealUdfTag };
