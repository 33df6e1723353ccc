/*
 * Test-only oracle: lets wimlib (and 7-Zip) decode our compressed chunks. wimlib captures the payloads into an
 * uncompressed WIM; we then rewrite each file resource in place as a compressed resource (chunk table + our chunks,
 * a chunk stored raw when it does not shrink), shrink its reshdr size_in_wim, set its COMPRESSED flag, and set the
 * header's compression flag and chunk size. The rest of the WIM (metadata, blob table, XML) stays as wimlib wrote
 * it; the bytes freed by the shrink become dead space, which readers ignore. Extracting the image then runs
 * wimlib's own decompressor and SHA-1 check over every chunk we produced.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type OracleFormat = 'xpress' | 'lzx';

/** Compresses one chunk into dst (capacity = chunk length - 1); returns the size or 0 to store it raw. */
export type ChunkCompressFn = (src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCapacity: number) => number;

export interface OracleResult {
  /** Payload indices whose resource we rewrote compressed (the others did not shrink and stay raw). */
  compressed: number[];
  /** Compressed resource sizes (chunk table included) per payload, or the raw size when stored. */
  sizes: number[];
  /** Text of wimlib's and 7-Zip's complaints, empty when both decoded everything exactly. */
  failures: string[];
}

const HEADER_FLAG_COMPRESSION = 0x2;
const FORMAT_FLAG: Record<OracleFormat, number> = { xpress: 0x20000, lzx: 0x40000 };
const RESHDR_FLAG_METADATA = 0x2;
const RESHDR_FLAG_COMPRESSED = 0x4;

function sha1(b: Uint8Array): string {
  return createHash('sha1').update(b).digest('hex');
}

/** Builds the compressed resource (chunk table then chunks) of data, or null when it would not be smaller. */
export function buildCompressedResource(data: Uint8Array, chunkSize: number, compress: ChunkCompressFn): Uint8Array | null {
  const numChunks = Math.ceil(data.length / chunkSize);
  const tableBytes = (numChunks - 1) * 4;
  const out = new Uint8Array(tableBytes + data.length + 8);
  const view = new DataView(out.buffer);
  let pos = tableBytes;
  for (let i = 0; i < numChunks; i++) {
    if (i > 0) view.setUint32((i - 1) * 4, pos - tableBytes, true);
    const off = i * chunkSize;
    const len = Math.min(chunkSize, data.length - off);
    const size = compress(data, off, len, out, pos, len - 1);
    if (size < 0 || size >= len) throw new Error(`compressor returned ${size} for a ${len}-byte chunk with capacity ${len - 1}`);
    if (size === 0) {
      out.set(data.subarray(off, off + len), pos);
      pos += len;
    } else {
      pos += size;
    }
  }
  return pos < data.length ? out.slice(0, pos) : null;
}

/**
 * Writes payloads into a WIM compressed with our compressor, then has wimlib extract it (and 7-Zip test it) and
 * compares every file with its payload. Payloads must be non-empty and pairwise distinct.
 */
export function roundTripThroughWimlib(payloads: Uint8Array[], format: OracleFormat, chunkSize: number, compress: ChunkCompressFn, use7z = true): OracleResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-oracle-'));
  try {
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    payloads.forEach((p, i) => fs.writeFileSync(path.join(src, `f${i}.bin`), p));
    const wimPath = path.join(dir, 'x.wim');
    execFileSync('wimlib-imagex', ['capture', src, wimPath, '--compress=none'], { stdio: 'pipe' });
    const wim = fs.readFileSync(wimPath);
    const hv = new DataView(wim.buffer, wim.byteOffset, wim.byteLength);
    const btOff = Number(hv.getBigUint64(0x30 + 8, true));
    const btSize = Number(hv.getBigUint64(0x30 + 16, true));
    const entryBySha = new Map<string, number>();
    for (let e = btOff; e < btOff + btSize; e += 50) {
      const hash = Buffer.from(wim.subarray(e + 30, e + 50)).toString('hex');
      entryBySha.set(hash, e);
    }
    const result: OracleResult = { compressed: [], sizes: [], failures: [] };
    payloads.forEach((p, i) => {
      const e = entryBySha.get(sha1(p));
      if (e === undefined) throw new Error(`payload ${i} not found in wimlib's blob table`);
      if (wim[e + 7] & RESHDR_FLAG_METADATA) throw new Error('matched a metadata resource');
      const offset = Number(hv.getBigUint64(e + 8, true));
      const res = buildCompressedResource(p, chunkSize, compress);
      if (res === null) {
        result.sizes.push(p.length);
        return;
      }
      wim.set(res, offset);
      for (let b = 0; b < 7; b++) wim[e + b] = Math.floor(res.length / 2 ** (8 * b)) & 0xff;
      wim[e + 7] |= RESHDR_FLAG_COMPRESSED;
      result.compressed.push(i);
      result.sizes.push(res.length);
    });
    hv.setUint32(0x10, hv.getUint32(0x10, true) | HEADER_FLAG_COMPRESSION | FORMAT_FLAG[format], true);
    hv.setUint32(0x14, chunkSize, true);
    fs.writeFileSync(wimPath, wim);

    const out = path.join(dir, 'out');
    try {
      execFileSync('wimlib-imagex', ['apply', wimPath, '1', out], { stdio: 'pipe' });
      payloads.forEach((p, i) => {
        const got = fs.readFileSync(path.join(out, `f${i}.bin`));
        if (!Buffer.from(p).equals(got)) result.failures.push(`wimlib: f${i}.bin differs after extraction`);
      });
    } catch (err) {
      result.failures.push(`wimlib: ${String((err as { stderr?: Buffer }).stderr ?? err)}`);
    }
    if (use7z) {
      try {
        execFileSync('7zz', ['t', wimPath], { stdio: 'pipe' });
      } catch (err) {
        result.failures.push(`7zz: ${String((err as { stdout?: Buffer }).stdout ?? err)}`);
      }
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
