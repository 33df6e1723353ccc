import * as fs from 'node:fs';
import * as path from 'node:path';
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
