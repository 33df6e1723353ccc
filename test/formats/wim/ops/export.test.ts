/*
 * Export matrix: source {none, xpress, lzx, esd (solid LZMS), solid LZX, swm} x destination compression {none, fast, max} x {new file,
 * append}, each checked by wimlib-imagex verify, 7zz t and an apply compared with the source tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureImage } from '../../../../src/formats/wim/ops/capture';
import { exportImage } from '../../../../src/formats/wim/ops/export';
import { expectValidWim, makeTree, run, tmpDir, wimInfo } from '../write/helpers';

const SOURCES = ['none', 'xpress', 'lzx', 'esd', 'solid-lzx', 'swm'] as const;
const DEST = ['none', 'fast', 'max'] as const;

describe('exportImage', () => {
  let dir: string;
  const tree = (): string => path.join(dir, 'tree');
  const other = (): string => path.join(dir, 'other');
  const srcPath: Record<string, string> = {};

  beforeAll(() => {
    dir = tmpDir('export');
    makeTree(tree());
    makeTree(other(), 3);
    for (const s of ['none', 'xpress', 'lzx'] as const) {
      srcPath[s] = path.join(dir, `src-${s}.wim`);
      run('wimlib-imagex', ['capture', tree(), srcPath[s], 'Source', 'Source description', `--compress=${s}`]);
    }
    // ESD: one solid LZMS resource (version 0xE00), as wimlib --solid and DISM /Compress:recovery write it.
    srcPath.esd = path.join(dir, 'src.esd');
    run('wimlib-imagex', ['capture', tree(), srcPath.esd, 'Source', 'Source description', '--solid']);
    srcPath['solid-lzx'] = path.join(dir, 'src-solid-lzx.esd');
    run('wimlib-imagex', ['capture', tree(), srcPath['solid-lzx'], 'Source', 'Source description', '--solid', '--solid-compress=LZX']);
    const big = path.join(dir, 'for-split.wim');
    run('wimlib-imagex', ['capture', tree(), big, 'Source', 'Source description', '--compress=none']);
    srcPath.swm = path.join(dir, 'src.swm');
    run('wimlib-imagex', ['split', big, srcPath.swm, '0.1']);
    expect(fs.existsSync(path.join(dir, 'src2.swm'))).toBe(true);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const s of SOURCES) {
    for (const c of DEST) {
      it(`${s} -> ${c}, new file`, async () => {
        const out = path.join(dir, `new-${s}-${c}.wim`);
        const r = await exportImage({
          source: srcPath[s],
          splitPattern: s === 'swm' ? path.join(dir, 'src*.swm') : undefined,
          sourceIndex: 1,
          destination: out,
          compression: c,
          threads: 2,
        });
        expect(r.imageIndex).toBe(1);
        expect(r.appended).toBe(false);
        expectValidWim(out, { tree: tree() });
        const info = wimInfo(out);
        expect(info).toMatch(new RegExp(`Compression:\\s+${c === 'none' ? 'None' : c === 'fast' ? 'XPRESS' : 'LZX'}`));
        expect(info).toMatch(/Name:\s+Source/);
        expect(info).toMatch(/Description:\s+Source description/);
        // No temporary file is left beside it.
        expect(fs.readdirSync(dir).filter((f) => f.includes('wimsh-tmp'))).toEqual([]);
      });

      it(`${s} -> ${c}, append`, async () => {
        const out = path.join(dir, `app-${s}-${c}.wim`);
        await captureImage({ sourceDir: other(), imagePath: out, name: 'Other', compression: c, threads: 1 });
        const r = await exportImage({
          source: srcPath[s],
          splitPattern: s === 'swm' ? path.join(dir, 'src*.swm') : undefined,
          sourceName: 'Source',
          destination: out,
          destinationName: 'Exported',
          threads: 2,
        });
        expect(r.imageIndex).toBe(2);
        expect(r.appended).toBe(true);
        expectValidWim(out, { tree: tree(), index: 2 });
        expectValidWim(out, { tree: other(), index: 1, skip7z: true });
        expect(wimInfo(out)).toMatch(/Image Count:\s+2/);
      });
    }
  }
});
