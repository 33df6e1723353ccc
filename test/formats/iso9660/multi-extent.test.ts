/*
 * ISO 9660 files of more than one extent (what a file over 4 GiB becomes: several directory records of one name, all
 * but the last with flag 0x80). A real one needs a 4 GiB image, too big for a unit test; instead xorriso writes two
 * files whose records are then joined into one file of two extents: the first record gets the multi-extent flag and
 * the second is renamed to the first's name, in both the primary and the Joliet directory. Then the reader must give
 * one file of both sizes whose bytes are the two files' in order, and list it as 7-Zip lists it.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFile } from '../../../src/vfs/file';
import { ImageVolume } from '../../../src/vfs/image-volume';
import { readIso9660 } from '../../../src/formats/iso9660/iso9660';
import { flatten, listWith7z } from './iso-fixtures';

const NAME = 'D:\\multi.iso';
let dir: string;
let first: Buffer;
let second: Buffer;
let joined: string;

/** Every directory record (its offset) whose name field is exactly `name` in the given encoding. */
function records(img: Buffer, name: Buffer): number[] {
  const out: number[] = [];
  for (let o = 0; o + 33 + name.length <= img.length; o++) {
    if (img[o + 32] === name.length && img[o] >= 33 + name.length && img.subarray(o + 33, o + 33 + name.length).equals(name)) out.push(o);
  }
  return out;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-iso-multi-'));
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(tree);
  // The first extent must be whole blocks (every extent but the last is); the second may end anywhere.
  first = crypto.randomBytes(256 * 2048);
  second = crypto.randomBytes(300_001);
  fs.writeFileSync(path.join(tree, 'a.bin'), first);
  fs.writeFileSync(path.join(tree, 'b.bin'), second);
  fs.writeFileSync(path.join(tree, 'c.txt'), 'after');
  const iso = path.join(dir, 'two.iso');
  execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-J', '-o', iso, tree], { stdio: 'ignore' });
  const img = fs.readFileSync(iso);
  const pairs: [Buffer, Buffer][] = [
    [Buffer.from('A.BIN;1', 'latin1'), Buffer.from('B.BIN;1', 'latin1')],
    [Buffer.from('a.bin', 'utf16le').swap16(), Buffer.from('b.bin', 'utf16le').swap16()],
  ];
  let patched = 0;
  for (const [a, b] of pairs) {
    const ra = records(img, a);
    const rb = records(img, b);
    for (const r of ra) img[r + 25] |= 0x80;
    for (const r of rb) a.copy(img, r + 33);
    patched += ra.length + rb.length;
  }
  expect(patched).toBeGreaterThanOrEqual(4);
  joined = path.join(dir, 'joined.iso');
  fs.writeFileSync(joined, img);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('records of one name joined by the multi-extent flag are one file of both extents, in order', () => {
  const file = new MemoryFile(NAME, new Uint8Array(fs.readFileSync(joined)));
  const vol = new ImageVolume(file, readIso9660(file, NAME));
  const listed = flatten(vol.fs.root);
  expect(listed).toEqual([
    { path: 'a.bin', dir: false, size: first.length + second.length },
    { path: 'c.txt', dir: false, size: 5 },
  ]);
  const f = vol.open('a.bin', 'r', 'a.bin');
  const got = Buffer.alloc(first.length + second.length);
  // Reads that straddle the boundary between the extents, in odd sizes.
  for (let pos = 0; pos < got.length; ) pos += f.read(got, pos, Math.min(77_777, got.length - pos), pos);
  expect(got.equals(Buffer.concat([first, second]))).toBe(true);
  const mid = Buffer.alloc(10);
  expect(f.read(mid, 0, 10, first.length - 5)).toBe(10);
  expect(mid.equals(Buffer.concat([first.subarray(first.length - 5), second.subarray(0, 5)]))).toBe(true);
  f.close();
});

test('7-Zip lists the joined image the same way', () => {
  const file = new MemoryFile(NAME, new Uint8Array(fs.readFileSync(joined)));
  expect(flatten(readIso9660(file, NAME).root)).toEqual(listWith7z(joined));
});
