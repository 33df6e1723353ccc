/*
 * Resources on synthetic files: a chunk table with 8-byte entries (uncompressed size over 4 GiB, in a sparse
 * file), damaged chunk tables, and solid runs of several solid resources whose blob offsets continue from one
 * resource to the next.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompressionFormat, Decompressor } from '../../../src/formats/codecs/codec';
import { parseBlobTable, BLOB_ENTRY_SIZE } from '../../../src/formats/wim/blob-table';
import { WimError, WimErrorCode } from '../../../src/formats/errors';
import { WimHeader, WIM_VERSION_SOLID } from '../../../src/formats/wim/header';
import { ResourceReader, plainResource } from '../../../src/formats/wim/io/resource';
import { writeReshdr, ReshdrFlag, SOLID_RESOURCE_MAGIC } from '../../../src/formats/wim/reshdr';
import { WimFile } from '../../../src/formats/wim/wimfile';
import { seededBytes } from './fixtures/make-fixtures';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-res-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const CS = 32768;

/** A fake decompressor that records its calls and fills the output with the chunk's first stored byte. */
function recorder(calls: [number, number][]): () => Decompressor {
  return () => ({
    format: CompressionFormat.Xpress,
    maxChunkSize: CS,
    decompress(src, srcOff, srcLen, dst, dstOff, dstLen) {
      calls.push([srcLen, dstLen]);
      dst.fill(src[srcOff], dstOff, dstOff + dstLen);
    },
  });
}

test('a resource over 4 GiB uses 8-byte chunk table entries', () => {
  const usize = 4 * 1024 ** 3 + 2 * CS;
  const n = usize / CS;
  const table = Buffer.alloc((n - 1) * 8);
  // Chunks 0..2 stored raw (32768 bytes each), every later chunk "compressed" to 8 bytes.
  const start = (k: number): number => (k <= 3 ? k * CS : 3 * CS + (k - 3) * 8);
  for (let k = 1; k < n; k++) table.writeBigUInt64LE(BigInt(start(k)), (k - 1) * 8);
  const dataSize = start(n);
  const raw = seededBytes(3 * CS, 7);
  const f = path.join(work, 'big-table');
  const fd = fs.openSync(f, 'w');
  fs.writeSync(fd, table, 0, table.length, 0);
  fs.writeSync(fd, raw, 0, raw.length, table.length);
  const marker = Buffer.from([0xab, 1, 2, 3, 4, 5, 6, 7]);
  fs.writeSync(fd, marker, 0, 8, table.length + start(100000));
  fs.ftruncateSync(fd, table.length + dataSize);
  fs.closeSync(fd);

  const file = new WimFile(f);
  const calls: [number, number][] = [];
  const res = plainResource(file, { offsetInWim: 0, sizeInWim: table.length + dataSize, uncompressedSize: usize, flags: ReshdrFlag.Compressed }, CompressionFormat.Xpress, CS);
  const reader = new ResourceReader(recorder(calls));
  const got = reader.readAll(res, 1000, 80000, 1 << 20, 'test');
  expect(Buffer.from(got).equals(raw.subarray(1000, 81000))).toBe(true);
  expect(calls).toEqual([]);
  const far = reader.readAll(res, 100000 * CS + 5, 10, 1 << 20, 'test');
  expect([...far]).toEqual(new Array(10).fill(0xab));
  expect(calls).toEqual([[8, CS]]);
  file.close();
});

test('a chunk table whose offsets go backwards is InvalidResource', () => {
  const f = path.join(work, 'bad-table');
  const table = Buffer.alloc(8);
  table.writeUInt32LE(CS, 0);
  table.writeUInt32LE(100, 4); // chunk 2 starts before chunk 1
  fs.writeFileSync(f, Buffer.concat([table, Buffer.alloc(CS + 200)]));
  const file = new WimFile(f);
  const res = plainResource(file, { offsetInWim: 0, sizeInWim: 8 + CS + 200, uncompressedSize: 3 * CS, flags: ReshdrFlag.Compressed }, CompressionFormat.Xpress, CS);
  let err: unknown;
  try {
    new ResourceReader(recorder([])).readAll(res, 0, 3 * CS, 1 << 20, 'test');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(WimError);
  expect((err as WimError).code).toBe(WimErrorCode.InvalidResource);
  file.close();
});

test('blobs of a solid run are placed across its solid resources', () => {
  // Two solid resources, uncompressed format, chunk size 32 KiB: 40000 and 50000 bytes.
  const parts = [seededBytes(40000, 1), seededBytes(50000, 2)];
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let pos = 208;
  for (const p of parts) {
    const nch = Math.ceil(p.length / CS);
    const hdr = Buffer.alloc(16 + nch * 4);
    hdr.writeBigUInt64LE(BigInt(p.length), 0);
    hdr.writeUInt32LE(CS, 8);
    hdr.writeUInt32LE(0, 12);
    for (let i = 0; i < nch; i++) hdr.writeUInt32LE(Math.min(CS, p.length - i * CS), 16 + i * 4);
    offsets.push(pos);
    chunks.push(hdr, p);
    pos += hdr.length + p.length;
  }
  const f = path.join(work, 'solid-run');
  fs.writeFileSync(f, Buffer.concat([Buffer.alloc(208), ...chunks]));
  const file = new WimFile(f);
  const sizes = [16 + 2 * 4 + 40000, 16 + 2 * 4 + 50000];
  // Blob A: bytes 100..1100 of resource 1. Blob B: bytes 30000..31000 of resource 2, listed at the logical offset
  // 40000 + 30000 (offsets run on across the resources of a run, as WIMGAPI expects).
  const entries = [
    { off: offsets[0], size: sizes[0], usize: SOLID_RESOURCE_MAGIC, hash: 0 },
    { off: 100, size: 1000, usize: 0, hash: 1 },
    { off: offsets[1], size: sizes[1], usize: SOLID_RESOURCE_MAGIC, hash: 0 },
    { off: 70000, size: 1000, usize: 0, hash: 2 },
  ];
  const bt = Buffer.alloc(entries.length * BLOB_ENTRY_SIZE);
  entries.forEach((e, i) => {
    writeReshdr(bt, i * BLOB_ENTRY_SIZE, { sizeInWim: e.size, flags: ReshdrFlag.Solid, offsetInWim: e.off, uncompressedSize: e.usize });
    bt.writeUInt16LE(1, i * BLOB_ENTRY_SIZE + 24);
    bt.writeUInt32LE(1, i * BLOB_ENTRY_SIZE + 26);
    bt.fill(e.hash, i * BLOB_ENTRY_SIZE + 30, i * BLOB_ENTRY_SIZE + 50);
  });
  const header = { version: WIM_VERSION_SOLID, partNumber: 1, imageCount: 0, compression: CompressionFormat.None, chunkSize: 0 } as WimHeader;
  const t = parseBlobTable(bt, file, header);
  const [a, b] = [...t.entries()];
  expect(a.res.offsetInWim).toBe(offsets[0]);
  expect(a.offsetInRes).toBe(100);
  expect(b.res.offsetInWim).toBe(offsets[1]);
  expect(b.offsetInRes).toBe(30000);
  const reader = new ResourceReader(recorder([]));
  expect(Buffer.from(reader.readAll(b.res, b.offsetInRes, b.size, 1 << 20, 't')).equals(parts[1].subarray(30000, 31000))).toBe(true);
  expect(Buffer.from(reader.readAll(a.res, a.offsetInRes, a.size, 1 << 20, 't')).equals(parts[0].subarray(100, 1100))).toBe(true);
  file.close();
});
