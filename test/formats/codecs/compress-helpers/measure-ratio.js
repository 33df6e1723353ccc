/*
 * Hand-run measurement (not a test): our compressors against wimlib on the same blobs.
 *
 *   wimlib-imagex capture DIR none.wim --compress=none
 *   wimlib-imagex capture DIR lzx.wim --compress=lzx --threads=1     (time it: wimlib's MB/s)
 *   wimlib-imagex capture DIR xpress.wim --compress=xpress --threads=1
 *   node test/formats/codecs/compress-helpers/measure-ratio.js none.wim lzx.wim [xpress.wim] [level]
 *
 * Reads every file blob from the uncompressed WIM, compresses it in 32 KiB chunks as a WIM resource (chunk table
 * included, a chunk stored raw when it does not shrink, the resource stored raw when it does not shrink), and
 * compares the total with the size_in_wim wimlib gave the same blob (by SHA-1). Prints ratios and single-thread MB/s
 * (compression time only, wall and CPU; compare with wimlib's user time from `/usr/bin/time` on a busy machine).
 */
'use strict';
require('./register-ts.js');
const fs = require('node:fs');
const { createCompressor } = require('../../../../src/formats/codecs/compressors.ts');

function readBlobTable(wim) {
  const hv = new DataView(wim.buffer, wim.byteOffset, wim.byteLength);
  const btOff = Number(hv.getBigUint64(0x30 + 8, true));
  const btSize = Number(hv.getBigUint64(0x30 + 16, true));
  const blobs = new Map();
  for (let e = btOff; e < btOff + btSize; e += 50) {
    let sizeInWim = 0;
    for (let b = 6; b >= 0; b--) sizeInWim = sizeInWim * 256 + wim[e + b];
    const flags = wim[e + 7];
    if (flags & 0x2) continue; // metadata
    blobs.set(Buffer.from(wim.subarray(e + 30, e + 50)).toString('hex'), {
      sizeInWim,
      offset: Number(hv.getBigUint64(e + 8, true)),
      usize: Number(hv.getBigUint64(e + 16, true)),
    });
  }
  return blobs;
}

function measure(format, chunkSize, level, none, noneBlobs, refBlobs, label) {
  const c = createCompressor(format, chunkSize, level);
  const dst = new Uint8Array(chunkSize);
  let ours = 0, theirs = 0, raw = 0, ms = 0, cpuUs = 0;
  for (const [sha, ref] of refBlobs) {
    const src = noneBlobs.get(sha);
    if (!src || src.usize === 0) continue;
    const data = none.subarray(src.offset, src.offset + src.usize);
    const numChunks = Math.ceil(data.length / chunkSize);
    let total = (numChunks - 1) * (data.length > 0xffffffff ? 8 : 4);
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (let off = 0; off < data.length; off += chunkSize) {
      const len = Math.min(chunkSize, data.length - off);
      const size = c.compress(data, off, len, dst, 0, len - 1);
      total += size === 0 ? len : size;
    }
    ms += Number(process.hrtime.bigint() - t0) / 1e6;
    const c1 = process.cpuUsage(c0);
    cpuUs += c1.user + c1.system;
    if (total >= data.length) total = data.length;
    ours += total;
    theirs += ref.sizeInWim;
    raw += data.length;
  }
  console.log(`${label}: raw ${raw} B, wimlib ${theirs} B, wimsh ${ours} B, ratio wimsh/wimlib ${(ours / theirs).toFixed(4)}, ` +
    `wimsh ${(raw / 1048576 / (ms / 1000)).toFixed(1)} MiB/s wall (${(ms / 1000).toFixed(2)} s), ` +
    `${(raw / 1048576 / (cpuUs / 1e6)).toFixed(1)} MiB/s CPU (${(cpuUs / 1e6).toFixed(2)} s), one thread`);
}

const [nonePath, lzxPath, xpressPath, levelArg] = process.argv.slice(2);
const level = levelArg ? Number(levelArg) : 50;
const none = fs.readFileSync(nonePath);
const noneBlobs = readBlobTable(none);
if (lzxPath && lzxPath !== '-') measure(2, 32768, level, none, noneBlobs, readBlobTable(fs.readFileSync(lzxPath)), `LZX level ${level}`);
if (xpressPath && xpressPath !== '-') measure(1, 32768, level, none, noneBlobs, readBlobTable(fs.readFileSync(xpressPath)), `XPRESS level ${level}`);
