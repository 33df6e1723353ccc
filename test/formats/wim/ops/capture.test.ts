import * as fs from 'node:fs';
import * as path from 'node:path';
import { WimErrorCode } from '../../../../src/formats/errors';
import { captureImage } from '../../../../src/formats/wim/ops/capture';
import { expectValidWim, makeTree, tmpDir, wimInfo } from '../write/helpers';

describe('captureImage', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir('capture');
    makeTree(path.join(dir, 'tree'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes an uncompressed WIM that wimlib verifies, 7-Zip tests and applies to the same tree', async () => {
    const wim = path.join(dir, 'none.wim');
    const r = await captureImage({ sourceDir: path.join(dir, 'tree'), imagePath: wim, name: 'Img1', description: 'Desc', compression: 'none' });
    expect(r.imageIndex).toBe(1);
    expectValidWim(wim, { tree: path.join(dir, 'tree') });
    const info = wimInfo(wim);
    expect(info).toMatch(/Image Count:\s+1/);
    expect(info).toMatch(/Compression:\s+None/);
    expect(info).toMatch(/Name:\s+Img1/);
    expect(info).toMatch(/Description:\s+Desc/);
  });

  // The checks export always made, which capture gets through the write transaction.
  it('refuses LZMS and a bad chunk size before writing; warns when an append asks for another compression', async () => {
    const tree = path.join(dir, 'tree');
    const lzms = path.join(dir, 'lzms.wim');
    await expect(captureImage({ sourceDir: tree, imagePath: lzms, name: 'X', compression: 'lzms' })).rejects.toMatchObject({ code: WimErrorCode.InvalidCompressionType });
    const odd = path.join(dir, 'odd.wim');
    await expect(captureImage({ sourceDir: tree, imagePath: odd, name: 'X', compression: 'xpress', chunkSize: 1000 })).rejects.toMatchObject({ code: WimErrorCode.InvalidChunkSize });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('lzms.wim') || f.startsWith('odd.wim') || f.startsWith('.lzms.') || f.startsWith('.odd.'))).toEqual([]);

    const wim = path.join(dir, 'append.wim');
    await captureImage({ sourceDir: tree, imagePath: wim, name: 'One', compression: 'none' });
    const warnings: string[] = [];
    const r = await captureImage({ sourceDir: tree, imagePath: wim, name: 'Two', append: true, compression: 'lzx', log: (level, m) => level === 'warning' && warnings.push(m) });
    expect(r.imageIndex).toBe(2);
    expect(warnings).toEqual(['The destination exists and is None-compressed; the requested compression type does not apply to it.']);
    expect(wimInfo(wim)).toMatch(/Compression:\s+None/);
  });
});

describe('captureImage into the tree it captures', () => {
  it('leaves the WIM being written (and its lock and temporaries) out of the image', async () => {
    const dir = tmpDir('self');
    try {
      fs.writeFileSync(path.join(dir, 'a.txt'), 'a\n');
      const wim = path.join(dir, 'self.wim');
      await captureImage({ sourceDir: dir, imagePath: wim, name: 'One', compression: 'none' });
      await captureImage({ sourceDir: dir, imagePath: wim, name: 'Two', compression: 'none', append: true });
      expectValidWim(wim);
      const listing = (i: number): string => require('node:child_process').execFileSync('wimlib-imagex', ['dir', wim, String(i)], { encoding: 'utf8' });
      expect(listing(1).trim().split('\n').sort()).toEqual(['/', '/a.txt']);
      expect(listing(2).trim().split('\n').sort()).toEqual(['/', '/a.txt']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
