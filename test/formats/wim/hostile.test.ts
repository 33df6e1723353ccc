/*
 * Hostile and damaged WIMs: each damage ends in a WimError with its code and DISM HRESULT, never another
 * exception, and extraction never writes outside its target.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyImage } from '../../../src/formats/wim/ops/apply';
import { WimError, WimErrorCode } from '../../../src/formats/errors';
import { openWim } from '../../../src/formats/wim/wim';
import { exportImage } from '../../../src/formats/wim/ops/export';
import { getFixtures } from './fixtures/make-fixtures';
import { coreHresult } from '../../../src/dism/errors';

const fx = getFixtures();
const P = (f: string): string => path.join(fx.dir, f);
let work: string;
let n = 0;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-hostile-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function damaged(file: string, edit: (b: Buffer) => Buffer | void): string {
  const b = fs.readFileSync(P(file));
  const out = path.join(work, `${n++}-${path.basename(file)}`);
  fs.writeFileSync(out, edit(b) ?? b);
  return out;
}

function expectCode(fn: () => unknown, code: WimErrorCode, hresult?: number): WimError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(WimError);
  expect((err as WimError).code).toBe(code);
  if (hresult !== undefined) expect(coreHresult((err as WimError).code)).toBe(hresult);
  return err as WimError;
}

function openAndApply(file: string, opts: { splitPattern?: string } = {}): void {
  const wim = openWim(file, opts);
  try {
    for (let i = 1; i <= wim.imageCount; i++) applyImage(wim, i, path.join(work, `out-${n++}`));
  } finally {
    wim.close();
  }
}

/** The uncompressed metadata resource of image 1 of an uncompressed WIM, and a way to rewrite it consistently. */
function metadataOf(file: string): { buf: Buffer; start: number; length: number; blobTableStart: number; blobTableEnd: number } {
  const wim = openWim(P(file));
  const e = wim.metadataEntry(1);
  const h = wim.header.blobTable;
  wim.close();
  return { buf: fs.readFileSync(P(file)), start: e.res.offsetInWim, length: e.size, blobTableStart: h.offsetInWim, blobTableEnd: h.offsetInWim + h.sizeInWim };
}

/** Edits image 1's metadata of none.wim (uncompressed) and fixes its SHA-1 in the blob table. */
function editMetadata(edit: (md: Buffer) => void): string {
  const m = metadataOf('none.wim');
  const b = Buffer.from(m.buf);
  const md = b.subarray(m.start, m.start + m.length);
  const oldHash = createHash('sha1').update(md).digest();
  edit(md);
  const newHash = createHash('sha1').update(md).digest();
  const at = b.indexOf(oldHash, m.blobTableStart);
  expect(at).toBeGreaterThan(0);
  newHash.copy(b, at);
  const out = path.join(work, `${n++}-md.wim`);
  fs.writeFileSync(out, b);
  return out;
}

function dentryOffset(md: Buffer, name: string): number {
  const at = md.indexOf(Buffer.from(name, 'utf16le'));
  expect(at).toBeGreaterThan(102);
  return at - 102;
}

test('a file that is not a WIM is NotAWim (0x8007000B)', () => {
  const f = path.join(work, 'not-a-wim');
  fs.writeFileSync(f, Buffer.alloc(4096, 0x41));
  expectCode(() => openWim(f), WimErrorCode.NotAWim, 0x8007000b);
  const tiny = path.join(work, 'tiny');
  fs.writeFileSync(tiny, 'MSWIM\0\0\0');
  expectCode(() => openWim(tiny), WimErrorCode.NotAWim);
});

test('a missing file is FileNotFound (0x80070002)', () => {
  expectCode(() => openWim(path.join(work, 'nope.wim')), WimErrorCode.FileNotFound, 0x80070002);
});

test('a pipable WIM is refused with its own code', () => {
  const f = damaged('none.wim', (b) => void Buffer.from('WLPWM\0\0\0', 'latin1').copy(b, 0));
  const e = expectCode(() => openWim(f), WimErrorCode.PipableWim);
  expect(e.message).toMatch(/pipable/);
});

test.each([
  ['header size', 8, 4, 200, WimErrorCode.InvalidHeader],
  ['version', 12, 4, 0x12345, WimErrorCode.UnknownVersion],
  ['part number', 40, 2, 0, WimErrorCode.InvalidPartNumber],
  ['total parts', 42, 2, 0, WimErrorCode.InvalidPartNumber],
  ['image count', 44, 4, 70000, WimErrorCode.InvalidImageCount],
  ['chunk size', 20, 4, 1000, WimErrorCode.InvalidChunkSize],
  ['blob table offset', 0x30 + 8, 4, 0x7fffffff, WimErrorCode.InvalidHeader],
  ['XML size', 0x48, 4, 0x7ffffff0, WimErrorCode.InvalidHeader],
] as const)('a bad %s in the header is a WimError', (_what, off, size, value, code) => {
  const f = damaged('xpress.wim', (b) => void (size === 2 ? b.writeUInt16LE(value, off) : b.writeUInt32LE(value >>> 0, off)));
  expectCode(() => openWim(f), code);
});

test('compression flag without a format is InvalidCompressionType', () => {
  const f = damaged('xpress.wim', (b) => void b.writeUInt32LE(0x2, 0x10));
  expectCode(() => openWim(f), WimErrorCode.InvalidCompressionType);
});

test.each([0.9, 0.5, 0.1, 0.01])('a file truncated to %p of its size is a WimError', (frac) => {
  for (const file of ['none.wim', 'xpress.wim', 'solid-xpress.wim']) {
    const f = damaged(file, (b) => b.subarray(0, Math.floor(b.length * frac)));
    expect(() => openAndApply(f)).toThrow(WimError);
  }
});

test('a flipped byte in file data is HashMismatch, and the damaged file is not left behind', () => {
  const m = metadataOf('none.wim');
  // The seeded random file's bytes: find a sample of them in the WIM and damage them.
  const sample = fs.readFileSync(path.join(fx.src1, 'random.bin')).subarray(5000, 5032);
  const at = m.buf.indexOf(sample);
  expect(at).toBeGreaterThan(0);
  const f = damaged('none.wim', (b) => void (b[at + 3] ^= 1));
  const wim = openWim(f);
  const out = path.join(work, 'flipped-out');
  try {
    expectCode(() => applyImage(wim, 1, out), WimErrorCode.HashMismatch, 0x8007000d);
    expectCode(() => wim.verify(), WimErrorCode.HashMismatch);
  } finally {
    wim.close();
  }
  expect(fs.existsSync(path.join(out, 'random.bin'))).toBe(false);
});

test('a damaged metadata resource fails its SHA-1', () => {
  const m = metadataOf('none.wim');
  const f = damaged('none.wim', (b) => void (b[m.start + m.length - 50] ^= 0x10));
  const wim = openWim(f);
  try {
    expectCode(() => wim.loadImage(1), WimErrorCode.HashMismatch);
  } finally {
    wim.close();
  }
});

test('a loop in the directory tree is InvalidMetadata, not a hang', () => {
  const f = editMetadata((md) => {
    const rootOff = (md.readUInt32LE(0) + 7) & ~7;
    const rootChildren = md.readUInt32LE(rootOff + 16);
    md.writeUInt32LE(rootChildren, dentryOffset(md, 'dir3') + 16);
  });
  const wim = openWim(f);
  try {
    const e = expectCode(() => wim.loadImage(1), WimErrorCode.InvalidMetadata);
    expect(e.message).toMatch(/loop/);
  } finally {
    wim.close();
  }
});

test('a root that is not a plain directory (a file, or a reparse point) is InvalidMetadata, for a read and an export', async () => {
  const rootAttributes = (md: Buffer, set: number, clear: number): void => {
    const rootOff = (md.readUInt32LE(0) + 7) & ~7;
    md.writeUInt32LE((md.readUInt32LE(rootOff + 8) | set) & ~clear, rootOff + 8);
  };
  for (const [set, clear] of [[0x400, 0], [0, 0x10]]) {
    const f = editMetadata((md) => rootAttributes(md, set, clear));
    const wim = openWim(f);
    try {
      const e = expectCode(() => wim.loadImage(1), WimErrorCode.InvalidMetadata);
      expect(e.message).toMatch(/The root of the image is not a directory\.$/);
    } finally {
      wim.close();
    }
    const out = path.join(work, `root-${set}-${clear}.wim`);
    await expect(exportImage({ source: f, sourceIndex: 1, destination: out, compression: 'none', threads: 1 })).rejects.toMatchObject({ code: WimErrorCode.InvalidMetadata });
    expect(fs.existsSync(out)).toBe(false);
  }
});

test('absurd counts and offsets in the metadata are rejected', () => {
  const edits: ((md: Buffer) => void)[] = [
    (md) => md.writeUInt32LE(0xffffff00, 4), // security descriptors count
    (md) => md.writeUInt32LE(0x7ffffff8, 0), // security data length
    (md) => md.writeUInt32LE(0x7fff0000, dentryOffset(md, 'dir3') + 16), // subdir offset
    (md) => md.writeUInt32LE(0x7fff0000, dentryOffset(md, 'dir3')), // dentry length
    (md) => md.writeUInt16LE(0xffff, dentryOffset(md, 'dir3') + 96), // extra stream count
    (md) => md.writeUInt16LE(0x7ffe, dentryOffset(md, 'dir3') + 100), // name length
  ];
  for (const edit of edits) {
    const wim = openWim(editMetadata(edit));
    try {
      expect(() => wim.loadImage(1)).toThrow(WimError);
    } finally {
      wim.close();
    }
  }
});

test('names that could escape the target are skipped with a warning', () => {
  const f = editMetadata((md) => {
    Buffer.from('../x.txt', 'utf16le').copy(md, dentryOffset(md, 'dup1.txt') + 102); // same length as dup1.txt
    const e = dentryOffset(md, 'text.txt');
    Buffer.from('..', 'utf16le').copy(md, e + 102);
    md.writeUInt16LE(0, e + 102 + 4); // NUL after ".."
    md.writeUInt16LE(4, e + 100); // name_nbytes
    const c = dentryOffset(md, 'zeros.bin');
    Buffer.from('CON', 'utf16le').copy(md, c + 102);
    md.writeUInt16LE(0, c + 102 + 6);
    md.writeUInt16LE(6, c + 100);
  });
  const wim = openWim(f);
  const parent = path.join(work, 'escape');
  const out = path.join(parent, 'target');
  const warnings: string[] = [];
  try {
    applyImage(wim, 1, out, { onWarning: (m) => warnings.push(m) });
  } finally {
    wim.close();
  }
  expect(warnings.join('\n')).toMatch(/Skipping "\.\.\/x\.txt": path separator/);
  expect(warnings.join('\n')).toMatch(/Skipping "\.\.": dot name/);
  expect(warnings.join('\n')).toMatch(/Skipping "CON": DOS device name/);
  expect(fs.readdirSync(parent)).toEqual(['target']);
  expect(fs.existsSync(path.join(out, 'random.bin'))).toBe(true);
});

test('extraction replaces a planted symlink instead of writing through it', () => {
  const out = path.join(work, 'planted');
  const victim = path.join(work, 'victim.txt');
  fs.writeFileSync(victim, 'keep me');
  fs.mkdirSync(out);
  fs.symlinkSync(victim, path.join(out, 'text.txt'));
  const wim = openWim(P('none.wim'));
  try {
    applyImage(wim, 1, out);
  } finally {
    wim.close();
  }
  expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
  expect(fs.lstatSync(path.join(out, 'text.txt')).isFile()).toBe(true);
});

test('a missing split part is SplitPartMissing (0x80070002), naming the part', () => {
  const dir = path.join(work, 'split-missing');
  fs.mkdirSync(dir);
  const parts = fs.readdirSync(fx.dir).filter((f) => /^split\d*\.swm$/.test(f));
  expect(parts.length).toBeGreaterThanOrEqual(2);
  for (const p of parts) if (p !== 'split2.swm') fs.copyFileSync(P(p), path.join(dir, p));
  const e = expectCode(() => openWim(path.join(dir, 'split.swm'), { splitPattern: path.join(dir, 'split*.swm') }), WimErrorCode.SplitPartMissing, 0x80070002);
  expect(e.message).toMatch(/Part 2 of/);
  // Image information needs part 1 only; file data of the missing part is then BlobNotFound.
  const partial = openWim(path.join(dir, 'split.swm'), { splitPattern: path.join(dir, 'split*.swm'), requireAllParts: false });
  try {
    expect(partial.images.map((i) => i.name)).toEqual(['Image One', 'Image Two']);
    expectCode(() => applyImage(partial, 2, path.join(work, 'partial-out')), WimErrorCode.BlobNotFound);
    expectCode(() => partial.verify(), WimErrorCode.BlobNotFound);
  } finally {
    partial.close();
  }
  // The default pattern (base*.swm beside the first part) finds the set too.
  const wim = openWim(P('split.swm'));
  expect(wim.parts).toHaveLength(parts.length);
  wim.close();
});
