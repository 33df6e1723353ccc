/*
 * Solid LZMS resources (.esd) whose stored chunks are big: the resource reader decompresses them straight from the
 * file through the LZMS decoder's input windows, holding no input buffer of a stored chunk's size. Checked against
 * wimlib-imagex: a solid WIM of mostly incompressible data (a 64 MiB solid chunk storing ~10 MiB) reads back with
 * every SHA-1 right; damage inside the big chunk ends in a WimError.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WimError } from '../../../src/formats/errors';
import { openWim } from '../../../src/formats/wim/wim';
import { seededBytes } from './fixtures/make-fixtures';

let work: string;
let esd: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-reswin-'));
  const tree = path.join(work, 'tree');
  fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
  // Incompressible bytes: the solid chunk stores nearly all of them.
  fs.writeFileSync(path.join(tree, 'random.bin'), seededBytes(10 << 20, 99));
  for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(tree, 'sub', `text${i}.txt`), `line ${i} of some text\n`.repeat(200 + i));
  esd = path.join(work, 'src.esd');
  execFileSync('wimlib-imagex', ['capture', tree, esd, 'Solid', '--solid', '--no-acls'], { stdio: 'ignore' });
}, 120000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('a solid chunk storing ~10 MiB reads back right, through input windows, not a buffer of its size', () => {
  const wim = openWim(esd);
  try {
    expect(() => wim.verify()).not.toThrow();
    // The reader's input buffer: at most what a chunk read whole may need (1 MiB), not the stored chunk.
    const inBuf = (wim.reader as unknown as { inBuf: Uint8Array }).inBuf;
    expect(inBuf.length).toBeLessThanOrEqual(1 << 20);
  } finally {
    wim.close();
  }
});

test('damage inside a big stored chunk ends in a WimError', () => {
  const data = fs.readFileSync(esd);
  // The solid resource starts after the 208-byte header; its big chunk spans most of the file.
  for (const at of [0.3, 0.5, 0.7]) {
    const bad = Buffer.from(data);
    const i = Math.floor(data.length * at);
    bad[i] ^= 0x5a;
    bad[i + 1] ^= 0xa5;
    const p = path.join(work, `bad${at}.esd`);
    fs.writeFileSync(p, bad);
    let err: unknown;
    try {
      const wim = openWim(p);
      try {
        wim.verify();
      } finally {
        wim.close();
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WimError);
  }
});
