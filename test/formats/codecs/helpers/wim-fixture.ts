/*
 * Test-only WIM fixtures for the decompressors: a generated file tree captured by wimlib-imagex (the oracle), and
 * just enough WIM parsing to pull out compressed chunks and the SHA-1 each blob must hash to.
 *
 * Layout read here (see ../../../../../shared/research/WIM-FACTS.md §4): the 208-byte header ("MSWIM\0\0\0", flags at
 * 0x10, chunk size at 0x14, blob table reshdr at 0x30); a reshdr is 7-byte size_in_wim, 1-byte flags, 8-byte offset,
 * 8-byte uncompressed size; blob table entries are 50 bytes (reshdr, part number u16, refcount u32, SHA-1). A
 * non-solid compressed resource (flag 0x04) starts with a chunk table of (numChunks - 1) offsets (u32, or u64 over
 * 4 GiB) relative to the table's end. A solid resource (flag 0x10, uncompressed size 0x100000000 in its blob table
 * entry) starts with {u64 uncompressed size, u32 chunk size, u32 format} and a u32 compressed size per chunk; the
 * blobs in it (flag 0x10) give their offset in the concatenated solid data and their size in size_in_wim.
 * A chunk whose stored size equals its uncompressed size is stored raw.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CompressionFormat, CorruptDataError, type Decompressor } from '../../../../src/formats/codecs/codec';

export interface Chunk {
  /** Stored bytes (a view into the WIM). */
  data: Uint8Array;
  /** Uncompressed size. */
  usize: number;
  /** Stored raw (stored size == uncompressed size). */
  raw: boolean;
}

export interface Resource {
  format: CompressionFormat;
  chunkSize: number;
  usize: number;
  solid: boolean;
  chunks: Chunk[];
}

export interface BlobRef {
  /** Which entry of `resources` holds it (for solid blobs: the first solid resource; offsets span all of them). */
  resource: number;
  offset: number;
  size: number;
  sha1: string;
}

export interface ParsedWim {
  resources: Resource[];
  /** Blobs of non-solid resources (each is its whole resource). */
  blobs: BlobRef[];
  /** Blobs of solid resources, by offset in the concatenation of all solid resources in blob table order. */
  solidBlobs: BlobRef[];
  solidResources: number[];
}

const RESHDR_COMPRESSED = 0x04;
const RESHDR_SOLID = 0x10;
const SOLID_RESOURCE_MAGIC = 0x100000000;

function u64(b: Buffer, off: number): number {
  return Number(b.readBigUInt64LE(off));
}

function readReshdr(b: Buffer, off: number): { size: number; flags: number; offset: number; usize: number } {
  return {
    size: b.readUIntLE(off, 6) + b[off + 6] * 2 ** 48,
    flags: b[off + 7],
    offset: u64(b, off + 8),
    usize: u64(b, off + 16),
  };
}

/** Parses a WIM written by wimlib into its compressed resources and the blobs they hold. */
export function parseWim(wim: Buffer): ParsedWim {
  if (wim.toString('latin1', 0, 8) !== 'MSWIM\0\0\0') throw new Error('not a WIM');
  if (wim.readUInt32LE(8) !== 208) throw new Error('bad WIM header size');
  const flags = wim.readUInt32LE(0x10);
  const headerChunkSize = wim.readUInt32LE(0x14);
  const format =
    flags & 0x40000
      ? CompressionFormat.Lzx
      : flags & 0x20000
        ? CompressionFormat.Xpress
        : flags & 0x80000
          ? CompressionFormat.Lzms
          : CompressionFormat.None;
  const table = readReshdr(wim, 0x30);
  const out: ParsedWim = { resources: [], blobs: [], solidBlobs: [], solidResources: [] };
  for (let e = table.offset; e + 50 <= table.offset + table.usize; e += 50) {
    const r = readReshdr(wim, e);
    const sha1 = wim.toString('hex', e + 30, e + 50);
    if (r.flags & RESHDR_SOLID) {
      if (r.usize === SOLID_RESOURCE_MAGIC) {
        out.solidResources.push(out.resources.length);
        out.resources.push(readSolidResource(wim, r.offset, r.size));
      } else {
        out.solidBlobs.push({ resource: out.solidResources[0], offset: r.offset, size: r.size, sha1 });
      }
    } else if (r.flags & RESHDR_COMPRESSED) {
      out.blobs.push({ resource: out.resources.length, offset: 0, size: r.usize, sha1 });
      out.resources.push(readChunkedResource(wim, r.offset, r.size, r.usize, format, headerChunkSize));
    }
  }
  return out;
}

function readChunkedResource(
  wim: Buffer,
  offset: number,
  sizeInWim: number,
  usize: number,
  format: CompressionFormat,
  chunkSize: number,
): Resource {
  const numChunks = Math.ceil(usize / chunkSize);
  const entrySize = usize > 0xffffffff ? 8 : 4;
  const tableEnd = offset + (numChunks - 1) * entrySize;
  const starts: number[] = [0];
  for (let i = 1; i < numChunks; i++) {
    const p = offset + (i - 1) * entrySize;
    starts.push(entrySize === 8 ? u64(wim, p) : wim.readUInt32LE(p));
  }
  const resEnd = offset + sizeInWim;
  const chunks: Chunk[] = [];
  for (let i = 0; i < numChunks; i++) {
    const start = tableEnd + starts[i];
    const end = i + 1 < numChunks ? tableEnd + starts[i + 1] : resEnd;
    const cusize = i + 1 < numChunks ? chunkSize : usize - chunkSize * (numChunks - 1);
    chunks.push({ data: wim.subarray(start, end), usize: cusize, raw: end - start === cusize });
  }
  return { format, chunkSize, usize, solid: false, chunks };
}

function readSolidResource(wim: Buffer, offset: number, sizeInWim: number): Resource {
  const usize = u64(wim, offset);
  const chunkSize = wim.readUInt32LE(offset + 8);
  const format = wim.readUInt32LE(offset + 12) as CompressionFormat;
  const numChunks = Math.ceil(usize / chunkSize);
  let p = offset + 16 + numChunks * 4;
  const chunks: Chunk[] = [];
  for (let i = 0; i < numChunks; i++) {
    const csize = wim.readUInt32LE(offset + 16 + i * 4);
    const cusize = i + 1 < numChunks ? chunkSize : usize - chunkSize * (numChunks - 1);
    chunks.push({ data: wim.subarray(p, p + csize), usize: cusize, raw: csize === cusize });
    p += csize;
  }
  if (p !== offset + sizeInWim) throw new Error('solid resource chunk sizes do not add up');
  return { format, chunkSize, usize, solid: true, chunks };
}

/** Decompresses every chunk of a resource with `d` (raw chunks are copied) into one buffer. */
export function decompressResource(res: Resource, d: Decompressor): Uint8Array {
  const out = new Uint8Array(res.usize);
  let off = 0;
  for (const c of res.chunks) {
    if (c.raw) out.set(c.data, off);
    else d.decompress(c.data, 0, c.data.length, out, off, c.usize);
    off += c.usize;
  }
  return out;
}

export function sha1Hex(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/**
 * Checks every blob of the WIM: decompresses each resource with a decompressor from `make` and compares SHA-1s.
 * Returns how many blobs and compressed (not raw) chunks were checked.
 */
export function verifyWim(
  parsed: ParsedWim,
  make: (format: CompressionFormat, chunkSize: number) => Decompressor,
): { blobs: number; compressedChunks: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let compressedChunks = 0;
  const data = new Map<number, Uint8Array>();
  for (let i = 0; i < parsed.resources.length; i++) {
    const r = parsed.resources[i];
    compressedChunks += r.chunks.filter((c) => !c.raw).length;
    data.set(i, decompressResource(r, make(r.format, r.chunkSize)));
  }
  for (const b of parsed.blobs) {
    const got = sha1Hex(data.get(b.resource)!);
    if (got !== b.sha1) mismatches.push(`blob ${b.sha1} (size ${b.size}) decoded to ${got}`);
  }
  if (parsed.solidBlobs.length > 0) {
    const parts = parsed.solidResources.map((i) => data.get(i)!);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    for (const b of parsed.solidBlobs) {
      const got = sha1Hex(all.subarray(b.offset, b.offset + b.size));
      if (got !== b.sha1) mismatches.push(`solid blob ${b.sha1} (size ${b.size}) decoded to ${got}`);
    }
  }
  return { blobs: parsed.blobs.length + parsed.solidBlobs.length, compressedChunks, mismatches };
}

/** A small deterministic PRNG (xorshift32) so that fixtures are the same on every run. */
export function prng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

const WORDS = (
  'the of and to in is was that for on as with by at from his her which this be are or an had not but have were ' +
  'windows image file system compression chunk resource header blob table metadata directory entry stream offset ' +
  'length literal match huffman range decoder encoder window translation call instruction repeat queue'
).split(' ');

function textOf(bytes: number, seed: number): Buffer {
  const rnd = prng(seed);
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const w = WORDS[rnd() % WORDS.length] + (rnd() % 11 === 0 ? '.\n' : ' ');
    parts.push(w);
    n += w.length;
  }
  return Buffer.from(parts.join('').slice(0, bytes), 'latin1');
}

function randomOf(bytes: number, seed: number): Buffer {
  const rnd = prng(seed);
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = rnd() & 0xff;
  return b;
}

/** Bytes that look like x86 code: many E8 (call) / E9 / 48 8B 05 / FF 15 opcodes with nearby 32-bit targets. */
function x86LikeOf(bytes: number, seed: number): Buffer {
  const rnd = prng(seed);
  const b = Buffer.alloc(bytes);
  let i = 0;
  const targets = [0x1000, 0x2040, 0x40, 0x7fff0, 0x123456, 0xffffff00];
  while (i + 8 < bytes) {
    const kind = rnd() % 8;
    const t = targets[rnd() % targets.length] + (rnd() % 4) * 0x10;
    if (kind < 3) {
      b[i++] = 0xe8;
      b.writeInt32LE((t - i) | 0, i);
      i += 4;
    } else if (kind === 3) {
      b[i++] = 0x48;
      b[i++] = 0x8b;
      b[i++] = 0x05;
      b.writeInt32LE((t - i) | 0, i);
      i += 4;
    } else if (kind === 4) {
      b[i++] = 0xff;
      b[i++] = 0x15;
      b.writeInt32LE((t - i) | 0, i);
      i += 4;
    } else if (kind === 5) {
      b[i++] = 0xe9;
      b.writeInt32LE(rnd() | 0, i);
      i += 4;
    } else {
      const n = 1 + (rnd() % 6);
      for (let k = 0; k < n && i < bytes; k++) b[i++] = [0x55, 0x89, 0xe5, 0x90, 0xc3, 0x31, 0xc0][rnd() % 7];
    }
  }
  return b;
}

/** Data that delta matches suit: little-endian 16- and 32-bit sequences that rise linearly, and a sampled sine. */
function deltaFriendlyOf(bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  let i = 0;
  let v = 1000;
  while (i + 4 <= bytes / 3) {
    b.writeUInt32LE(v, i);
    v += 12345;
    i += 4;
  }
  let s = 0;
  while (i + 2 <= (2 * bytes) / 3) {
    b.writeInt16LE(Math.round(8000 * Math.sin(s / 40)), i);
    s++;
    i += 2;
  }
  let w = 7;
  while (i + 2 <= bytes) {
    b.writeUInt16LE(w & 0xffff, i);
    w += 3;
    i += 2;
  }
  return b;
}

export interface TreeOptions {
  /** Scales the big files (1 = a few hundred KiB each). */
  scale?: number;
}

/** Writes the fixture tree under `dir` (which must exist and be empty). */
export function makeTree(dir: string, opts: TreeOptions = {}): void {
  const k = opts.scale ?? 1;
  const w = (name: string, data: Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  };
  w('text/words.txt', textOf(Math.round(300_000 * k), 1));
  w('text/short.txt', textOf(5000, 2));
  w('random.bin', randomOf(Math.round(100_000 * k), 3));
  w('zeros.bin', Buffer.alloc(Math.round(200_000 * k)));
  const pat = Buffer.alloc(Math.round(150_000 * k));
  for (let i = 0; i < pat.length; i++) pat[i] = i % 7 === 0 ? 0xab : (i % 3000) & 0xff;
  w('pattern.bin', pat);
  w('bin/x86.bin', x86LikeOf(Math.round(120_000 * k), 4));
  w('bin/ls', fs.readFileSync('/usr/bin/ls'));
  w('bin/delta.bin', deltaFriendlyOf(Math.round(90_000 * k)));
  const e8 = Buffer.alloc(40_000, 0xe8);
  for (let i = 0; i < e8.length; i += 13) e8[i] = i & 0xff;
  w('bin/e8s.bin', e8);
  // Sizes at the edges of the E8 / x86 filters' "too small" limits, and a chunk-boundary size.
  for (const n of [1, 2, 3, 10, 11, 16, 17, 18, 100]) w(`small/e8-${n}.bin`, Buffer.alloc(n, 0xe8));
  w('small/empty', Buffer.alloc(0));
  w('small/mixed-33000.bin', Buffer.concat([textOf(20000, 5), randomOf(13000, 6)]));
}

let shared: { dir: string; tree: string } | undefined;

/** A temporary directory holding the default fixture tree, made once per test file. */
export function sharedTree(): { dir: string; tree: string } {
  if (!shared) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-codecs-'));
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(tree);
    makeTree(tree);
    shared = { dir, tree };
  }
  return shared;
}

export function removeSharedTree(): void {
  if (shared) fs.rmSync(shared.dir, { recursive: true, force: true });
  shared = undefined;
  capturedWims.clear();
}

/** Captures `tree` into a new WIM with wimlib-imagex and returns its bytes. */
export function captureWim(tree: string, wimPath: string, args: string[]): Buffer {
  execFileSync('wimlib-imagex', ['capture', tree, wimPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  return fs.readFileSync(wimPath);
}

/** Runs `fn`, returning 'ok', 'corrupt' (CorruptDataError) or rethrowing anything else. */
const capturedWims = new Map<string, ParsedWim>();

/** The shared tree captured once per argument list (`--compress=lzms --chunk-size=...`), parsed; cached. */
export function capturedWim(args: string[]): ParsedWim {
  const key = args.join(' ');
  let p = capturedWims.get(key);
  if (!p) {
    const { dir, tree } = sharedTree();
    p = parseWim(captureWim(tree, path.join(dir, `c${capturedWims.size}.wim`), args));
    capturedWims.set(key, p);
  }
  return p;
}

export function outcome(fn: () => void): 'ok' | 'corrupt' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof CorruptDataError) return 'corrupt';
    throw e;
  }
}
