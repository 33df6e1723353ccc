/*
 * Files over 4 GiB in UDF: a 64-bit information length described by several allocation descriptors (each under
 * 1 GiB), some recorded and some allocated-but-unrecorded (read as zeros). Built by rewriting one file entry of a
 * genisoimage image (its tag's CRC and checksum recomputed), so the image stays small while the file is 5 GiB.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFile } from '../../../src/vfs/file';
import { ImageVolume } from '../../../src/vfs/image-volume';
import { crcCcitt, readUdf } from '../../../src/formats/udf/udf';

const NAME = 'big.iso';
const GIB = 1024 * 1024 * 1024;
let image: Uint8Array;

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}
function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-udf-large-'));
  try {
    fs.mkdirSync(path.join(dir, 'tree'));
    fs.writeFileSync(path.join(dir, 'tree', 'install.wim'), Buffer.alloc(5000, 0x4d));
    execFileSync('genisoimage', ['-quiet', '-udf', '-o', path.join(dir, 'i.iso'), path.join(dir, 'tree')], { stdio: 'ignore' });
    image = new Uint8Array(fs.readFileSync(path.join(dir, 'i.iso')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The file entry (tag 261) whose data is install.wim's: the one with an information length of 5000.
  let fe = -1;
  for (let o = 0; o < image.length; o += 2048) if (image[o] === 5 && image[o + 1] === 1 && u32(image, o + 56) === 5000) fe = o;
  if (fe < 0) throw new Error('no file entry of 5000 bytes');
  const adType = image[fe + 34] & 7;
  const lea = u32(image, fe + 168);
  const at = fe + 176 + lea;
  const adLen = adType === 0 ? 8 : 16;
  const firstBlock = u32(image, at + 4);
  // 5000 recorded bytes, then five unrecorded extents of 1 GiB - 2048 (kind 1 in the top two bits).
  const sparse = GIB - 2048;
  const ads: [number, number][] = [[5000, firstBlock]];
  for (let i = 0; i < 5; i++) ads.push([(0x40000000 | sparse) >>> 0, 0]);
  image.fill(0, at, fe + 2048);
  ads.forEach(([len, blk], i) => {
    put32(image, at + i * adLen, len);
    put32(image, at + i * adLen + 4, blk);
  });
  const lad = ads.length * adLen;
  const size = 5000 + 5 * sparse;
  put32(image, fe + 56, size % 0x100000000);
  put32(image, fe + 60, Math.floor(size / 0x100000000));
  put32(image, fe + 172, lad);
  const crcLen = 176 + lea + lad - 16;
  image[fe + 10] = crcLen & 0xff;
  image[fe + 11] = crcLen >>> 8;
  const crc = crcCcitt(image, fe + 16, fe + 16 + crcLen);
  image[fe + 8] = crc & 0xff;
  image[fe + 9] = crc >>> 8;
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += image[fe + i];
  image[fe + 4] = sum & 0xff;
});

test('a 5 GiB file lists with its 64-bit size and reads its recorded and unrecorded extents', () => {
  const vol = new ImageVolume(new MemoryFile(NAME, image), readUdf(new MemoryFile(NAME, image), NAME));
  const size = 5000 + 5 * (GIB - 2048);
  expect(size).toBeGreaterThan(4 * GIB);
  expect(vol.stat('install.wim').size).toBe(size);
  const f = vol.open('install.wim', 'r', 'install.wim');
  const buf = new Uint8Array(6000).fill(0xee);
  // Across the recorded extent's end into the first unrecorded one.
  expect(f.read(buf, 0, 6000, 0)).toBe(6000);
  expect(buf.subarray(0, 5000).every((b) => b === 0x4d)).toBe(true);
  expect(buf.subarray(5000).every((b) => b === 0)).toBe(true);
  // Past 4 GiB, and up to the very end.
  buf.fill(0xee);
  expect(f.read(buf, 0, 4096, 4.5 * GIB)).toBe(4096);
  expect(buf.subarray(0, 4096).every((b) => b === 0)).toBe(true);
  expect(f.read(buf, 0, 4096, size - 100)).toBe(100);
  expect(f.read(buf, 0, 4096, size)).toBe(0);
});
