/*
 * Hostile disc images: both readers, given a damaged ISO (truncated, a directory loop, extents past the end, absurd
 * sizes, bad tags and checksums, random byte mutations), end in a DiscImageError that names the image, quickly and
 * in bounded memory, or give a tree whose every file reads within the image. Nothing else may escape (no RangeError,
 * no TypeError, no hang).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { MemoryFile } from '../../../src/vfs/file';
import { ImageVolume, type ImageNode } from '../../../src/vfs/image-volume';
import { DiscImageError, isDiscImageError } from '../../../src/formats/iso9660/disc';
import { readIso9660 } from '../../../src/formats/iso9660/iso9660';
import { readDiscImage } from '../../../src/formats/iso9660/open';
import { crcCcitt, readUdf } from '../../../src/formats/udf/udf';
import { buildUdf250 } from '../udf/udf250-builder';

const NAME = 'D:\\hostile.iso';
let dir: string;
let udfImage: Uint8Array;
let jolietImage: Uint8Array;
/** UDF 2.50 with a metadata partition (our builder); data.bin in 2 KiB extents, continued in AEDs. */
let udf250Image: Uint8Array;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-iso-hostile-'));
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(path.join(tree, 'sources', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'readme.txt'), 'readme');
  fs.writeFileSync(path.join(tree, 'sources', 'data.bin'), Buffer.alloc(5000, 7));
  fs.writeFileSync(path.join(tree, 'sources', 'sub', 'x.txt'), 'x');
  const u = path.join(dir, 'u.iso');
  const j = path.join(dir, 'j.iso');
  execFileSync('genisoimage', ['-quiet', '-udf', '-J', '-o', u, tree], { stdio: 'ignore' });
  execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-J', '-o', j, tree], { stdio: 'ignore' });
  udfImage = new Uint8Array(fs.readFileSync(u));
  jolietImage = new Uint8Array(fs.readFileSync(j));
  // A bigger data.bin with one extent per block: its long_ads continue in allocation extent descriptors.
  fs.writeFileSync(path.join(tree, 'sources', 'data.bin'), Buffer.alloc(400 * 2048, 7));
  const v = path.join(dir, 'v.img');
  buildUdf250(tree, v, { label: 'HOSTILE', maxExtent: 2048 });
  udf250Image = new Uint8Array(fs.readFileSync(v));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Reads with `read`, then reads every file through an ImageVolume; returns 'ok' or 'error', rethrowing strangers. */
function outcome(bytes: Uint8Array, read: (f: MemoryFile, name: string) => ReturnType<typeof readUdf>): 'ok' | 'error' {
  const file = new MemoryFile(NAME, bytes);
  try {
    const vol = new ImageVolume(file, read(file, NAME));
    const walk = (n: ImageNode, p: string): void => {
      for (const c of n.children) {
        const q = p ? `${p}/${c.name}` : c.name;
        if (c.dir) walk(c, q);
        else {
          const f = vol.open(q, 'r', q);
          const buf = new Uint8Array(Math.min(c.size, 1 << 20));
          for (let pos = 0; pos < buf.length; ) {
            const n = f.read(buf, pos, buf.length - pos, pos);
            if (n <= 0) throw new Error(`short read in ${q}`);
            pos += n;
          }
        }
      }
    };
    walk(vol.fs.root, '');
    return 'ok';
  } catch (e) {
    if (isDiscImageError(e)) {
      expect(e.message.startsWith(`${NAME}: `)).toBe(true);
      return 'error';
    }
    throw e;
  }
}

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}
function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}
/** An ISO 9660 both-endian 32-bit field. */
function putBoth32(b: Uint8Array, o: number, v: number): void {
  put32(b, o, v);
  b[o + 4] = (v >>> 24) & 0xff;
  b[o + 5] = (v >>> 16) & 0xff;
  b[o + 6] = (v >>> 8) & 0xff;
  b[o + 7] = v & 0xff;
}

/** Recomputes a UDF descriptor tag's CRC and checksum after an edit (so that only the edit is wrong). */
function retag(b: Uint8Array, o: number): void {
  const crcLen = b[o + 10] | (b[o + 11] << 8);
  const crc = crcCcitt(b, o + 16, o + 16 + crcLen);
  b[o + 8] = crc & 0xff;
  b[o + 9] = crc >>> 8;
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += b[o + i];
  b[o + 4] = sum & 0xff;
}

/** The byte offsets of the Joliet directory records named `name` (UCS-2), and the Joliet root's extent block. */
function jolietRecords(img: Uint8Array, name: string): { records: number[]; rootBlock: number } {
  let svd = 17 * 2048;
  while (img[svd] !== 2) svd += 2048;
  const rootBlock = u32(img, svd + 156 + 2);
  const want = Buffer.from(name, 'utf16le').swap16();
  const records: number[] = [];
  for (let o = 0; o + 34 + want.length < img.length; o++) {
    if (img[o + 32] === want.length && Buffer.from(img.subarray(o + 33, o + 33 + want.length)).equals(want) && img[o] >= 33 + want.length) records.push(o);
  }
  return { records, rootBlock };
}

/** The offset of the UDF file identifier descriptor naming `name` (8-bit), found by its tag. */
function udfFid(img: Uint8Array, name: string): number {
  for (let o = 0; o + 40 < img.length; o += 4) {
    if (img[o] === 1 && img[o + 1] === 1 && img[o + 19] === name.length + 1 && img[o + 38 + (img[o + 36] | (img[o + 37] << 8))] === 8) {
      const at = o + 38 + (img[o + 36] | (img[o + 37] << 8)) + 1;
      if (Buffer.from(img.subarray(at, at + name.length)).toString('latin1') === name) return o;
    }
  }
  throw new Error(`no FID ${name}`);
}

test('the unmodified images read (the harness itself works)', () => {
  expect(outcome(udfImage, readUdf)).toBe('ok');
  expect(outcome(udf250Image, readUdf)).toBe('ok');
  expect(outcome(jolietImage, readIso9660)).toBe('ok');
});

test('an ISO 9660 directory that contains its parent (a loop) is an error, not a hang', () => {
  const img = jolietImage.slice();
  const { records, rootBlock } = jolietRecords(img, 'sub');
  expect(records.length).toBeGreaterThan(0);
  for (const r of records) putBoth32(img, r + 2, rootBlock);
  expect(() => readIso9660(new MemoryFile(NAME, img), NAME)).toThrow(/directory loop/);
});

test('a UDF directory whose identifier points back at the root (a loop) is an error, not a hang', () => {
  const img = udfImage.slice();
  const src = udfFid(img, 'sources');
  const sub = udfFid(img, 'sub');
  // 'sub' (inside 'sources') now names the ICB of 'sources' itself.
  put32(img, sub + 24, u32(img, src + 24));
  retag(img, sub);
  expect(() => readUdf(new MemoryFile(NAME, img), NAME)).toThrow(/directory loop/);
});

test('a file whose extent runs past the end of the image is an error naming the image', () => {
  const img = jolietImage.slice();
  const { records } = jolietRecords(img, 'data.bin;1').records.length ? jolietRecords(img, 'data.bin;1') : jolietRecords(img, 'data.bin');
  expect(records.length).toBeGreaterThan(0);
  for (const r of records) putBoth32(img, r + 10, 0xfffff000);
  expect(() => readIso9660(new MemoryFile(NAME, img), NAME)).toThrow(new RegExp(`^${NAME.replace(/\\/g, '\\\\')}: the data of 'data\\.bin' .* lies outside the image`));
});

test('a UDF file entry claiming an absurd length is an error, not an allocation', () => {
  const img = udfImage.slice();
  const fid = udfFid(img, 'data.bin');
  // The file entry the identifier names: find it by its tag location (partition-relative block).
  const icb = u32(img, fid + 24);
  let fe = -1;
  for (let o = 0; o < img.length; o += 2048) if (img[o] === 5 && img[o + 1] === 1 && u32(img, o + 12) === icb) fe = o;
  expect(fe).toBeGreaterThan(0);
  put32(img, fe + 56, 0xffffffff);
  put32(img, fe + 60, 0x7fff);
  retag(img, fe);
  expect(() => readUdf(new MemoryFile(NAME, img), NAME)).toThrow(DiscImageError);
});

test('a bad tag checksum or CRC is caught: the UDF side is refused, the opener falls back to ISO 9660', () => {
  const img = udfImage.slice();
  // Every anchor's checksum (block 256 and the copies at the end): with one left, the reader uses it.
  let anchors = 0;
  for (let o = 0; o < img.length; o += 2048) {
    if (img[o] === 2 && img[o + 1] === 0 && u32(img, o + 12) === o / 2048) {
      img[o + 4] ^= 0xff;
      anchors++;
      if (anchors === 1) expect(readUdf(new MemoryFile(NAME, img), NAME).fileSystem).toBe('UDF');
    }
  }
  expect(anchors).toBeGreaterThan(1);
  expect(() => readUdf(new MemoryFile(NAME, img), NAME)).toThrow(/no UDF anchor/);
  expect(readDiscImage(new MemoryFile(NAME, img), NAME).fileSystem).toBe('CDFS');
  const img2 = udfImage.slice();
  const fid = udfFid(img2, 'readme.txt');
  img2[fid + 30] ^= 0x55; // inside the CRC'd body
  expect(() => readUdf(new MemoryFile(NAME, img2), NAME)).toThrow(/damaged/);
});

test('a truncated image is an error at every cut, never a crash', () => {
  for (const [img, read] of [
    [udfImage, readUdf],
    [jolietImage, readIso9660],
  ] as const) {
    const counts = { ok: 0, error: 0 };
    for (let cut = 0; cut < img.length; cut += 2048 * 3 + 512) counts[outcome(img.subarray(0, cut), read)]++;
    expect(counts.error).toBeGreaterThan(0);
  }
});

test('a chain of allocation extent descriptors that loops back on itself is an error, not a hang', () => {
  const img = udf250Image.slice();
  // The first AED (tag 258) whose last long_ad continues (kind 3): point that continuation at the AED itself.
  for (let o = 0; o < img.length; o += 2048) {
    if (img[o] !== 2 || img[o + 1] !== 1) continue;
    const last = o + 24 + u32(img, o + 20) - 16;
    if (img[last + 3] >>> 6 !== 3) continue;
    put32(img, last + 4, u32(img, o + 12));
    retag(img, o);
    // The first found is in the metadata file (the mirror, a copy, follows it); the reader reads that one.
    break;
  }
  const t = Date.now();
  expect(() => readUdf(new MemoryFile(NAME, img), NAME)).toThrow(/allocation descriptors of 'data\.bin' loop|more than \d+ extents/);
  expect(Date.now() - t).toBeLessThan(30_000);
});

test('the metadata file of a UDF 2.50 volume pointing outside its partition is an error naming the image', () => {
  const img = udf250Image.slice();
  // The metadata file's entry: block 0 of the partition (257), its short_ad at 216 (extended entry).
  const fe = 257 * 2048;
  expect(img[fe] | (img[fe + 1] << 8)).toBe(266);
  put32(img, fe + 216 + 4, 0x00ffffff);
  retag(img, fe);
  expect(() => readUdf(new MemoryFile(NAME, img), NAME)).toThrow(new RegExp(`^${NAME.replace(/\\/g, '\\\\')}: .*(outside|metadata)`));
});

test('random mutations of the metadata end in a tree or an error naming the image (fuzz)', () => {
  for (const [img, read, seed] of [
    [udfImage, readDiscImage, 18],
    [udf250Image, readDiscImage, 250],
    [jolietImage, readDiscImage, 9660],
  ] as const) {
    // The descriptors and directories lie in the first blocks; mutate there, where every byte means something.
    const meta = Math.min(img.length, 300 * 2048);
    const counts = { ok: 0, error: 0 };
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: 16 * 2048, max: meta - 1 }), v: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 24 }), (edits) => {
        const m = img.slice();
        for (const e of edits) m[e.at] = e.v;
        counts[outcome(m, read)]++;
      }),
      { numRuns: 400, seed },
    );
    // The mutations do reach the readers' checks (each outcome was an accepted tree or a DiscImageError; fc.assert rethrows any other).
    expect(counts.error).toBeGreaterThan(0);
  }
});
