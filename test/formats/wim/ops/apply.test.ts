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
