/*
 * applyImage against `wimlib-imagex apply`: for every fixture form and image, the extracted trees are identical
 * (names, contents, symlink targets, hard-link groups, mtimes to the microsecond).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyImage } from '../../../../src/formats/wim/ops/apply';
import { openWim } from '../../../../src/formats/wim/wim';
import { getFixtures } from '../fixtures/make-fixtures';
import { canRead, expectSameTree, snapshotTree } from '../helpers';

const fx = getFixtures();
const cases: [string, number][] = [];
for (const f of fx.forms.filter(canRead)) for (let i = 1; i <= f.images; i++) cases.push([f.file, i]);

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-apply-'));
});
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const oracleCache = new Map<string, string>();

/** wimlib's extraction of (file, image), shared by the forms holding the same tree. */
function oracle(file: string, image: number): string {
  const form = fx.forms.find((f) => f.file === file)!;
  const out = path.join(work, `oracle-${file}-${image}`);
  if (!oracleCache.has(out)) {
    execFileSync('wimlib-imagex', ['apply', path.join(fx.dir, file), String(image), out, ...(form.splitPattern ? [`--ref=${form.splitPattern}`] : [])], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    oracleCache.set(out, out);
  }
  return out;
}

test.each(cases)('%s image %i extracts like wimlib-imagex apply', (file, image) => {
  const form = fx.forms.find((f) => f.file === file)!;
  const wim = openWim(path.join(fx.dir, file), { splitPattern: form.splitPattern });
  const ours = path.join(work, `ours-${file}-${image}`);
  const warnings: string[] = [];
  try {
    const r = applyImage(wim, image, ours, { onWarning: (m) => warnings.push(m) });
    expect(r.symlinks).toBe(5);
    expect(r.hardLinks).toBe(2);
  } finally {
    wim.close();
  }
  expect(warnings).toEqual([]);
  expectSameTree(snapshotTree(ours), snapshotTree(oracle(file, image)));
});

test('the applied tree of image 1 holds the source tree (contents and links)', () => {
  const form = fx.forms.find((f) => f.file === 'none.wim')!;
  const wim = openWim(path.join(fx.dir, form.file));
  const out = path.join(work, 'src-compare');
  try {
    applyImage(wim, 1, out);
  } finally {
    wim.close();
  }
  const a = snapshotTree(out);
  expect(a['text.txt'].sha1).toBe(snapshotTree(fx.src1)['text.txt'].sha1);
  expect(a['link_rel'].target).toBe('text.txt');
  expect(a['link_abs_inside'].target).toBe('<ROOT>/dir1/hl_a.txt');
  expect(a['link_abs_outside'].target).toBe('/etc/hostname');
  expect(a['hl_b.txt'].links).toEqual(['dir1/dir2/hl_c.txt', 'dir1/hl_a.txt', 'hl_b.txt']);
  expect(a['emptydir'].type).toBe('dir');
  expect(a['empty.txt'].size).toBe(0);
  expect(a['naïve café 日本語 😀.txt'].type).toBe('file');
});

test('applying over a populated target replaces what is there and never writes through a link', () => {
  // Files are created exclusively (O_CREAT|O_EXCL) and directories made at once; only where that meets something
  // (EEXIST) is it looked at and replaced: a link where a file goes, a file where a directory goes, an old file.
  const wim = openWim(path.join(fx.dir, 'none.wim'));
  const out = path.join(work, 'populated');
  const victim = path.join(work, 'victim.txt');
  fs.writeFileSync(victim, 'outside\n');
  fs.mkdirSync(out, { recursive: true });
  fs.symlinkSync(victim, path.join(out, 'dup1.txt'));
  fs.symlinkSync(path.join(work, 'no-such-file'), path.join(out, 'text.txt'));
  fs.writeFileSync(path.join(out, 'dir1'), 'a file where a directory goes\n');
  fs.writeFileSync(path.join(out, 'random.bin'), 'stale contents\n');
  fs.writeFileSync(path.join(out, 'empty.txt'), 'not empty\n');
  try {
    applyImage(wim, 1, out);
  } finally {
    wim.close();
  }
  expect(fs.readFileSync(victim, 'utf8')).toBe('outside\n');
  expect(fs.existsSync(path.join(work, 'no-such-file'))).toBe(false);
  expectSameTree(snapshotTree(out), snapshotTree(oracle('none.wim', 1)));
});

test('files sharing one blob (not hard-linked) all get its data, and none stays when that blob is damaged', () => {
  // dup1.txt and dir1/dup2.txt hold the same data (one blob, not a hard link). In the uncompressed WIM the blob's
  // bytes are stored as they are: flip one and its SHA-1 check fails.
  const data = fs.readFileSync(path.join(fx.src1, 'dup1.txt'));
  const bytes = fs.readFileSync(path.join(fx.dir, 'none.wim'));
  const at = bytes.indexOf(data);
  expect(at).toBeGreaterThan(0);
  bytes[at + 10] ^= 0x20;
  const damaged = path.join(work, 'damaged-dup.wim');
  fs.writeFileSync(damaged, bytes);
  const out = path.join(work, 'damaged-dup');
  const wim = openWim(damaged);
  let err: unknown;
  try {
    applyImage(wim, 1, out);
  } catch (e) {
    err = e;
  } finally {
    wim.close();
  }
  expect((err as Error).message).toMatch(/The data of "\\(dup1\.txt|dir1\\dup2\.txt)" \(blob [0-9a-f]{40}\) is damaged: .*was not\.$/);
  expect(fs.existsSync(path.join(out, 'dup1.txt'))).toBe(false);
  expect(fs.existsSync(path.join(out, 'dir1', 'dup2.txt'))).toBe(false);
  expect(fs.existsSync(path.join(out, 'dir1'))).toBe(true);
});
