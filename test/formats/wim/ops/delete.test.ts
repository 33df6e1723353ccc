/*
 * Delete: the WIM rebuilt without one image (wimlib-imagex verify and 7zz t pass, the other images apply to their
 * trees unchanged, blobs only the deleted image used are gone, the boot index follows), the last image refused,
 * and a failure leaving the file byte-identical.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bootIndexAfterDelete, deleteImage } from '../../../../src/formats/wim/ops/delete';
import { openWim } from '../../../../src/formats/wim/wim';
import { WimErrorCode } from '../../../../src/formats/errors';
import { expectValidWim, makeTree, run, tmpDir, wimInfo } from '../write/helpers';

describe('deleteImage', () => {
  let dir: string;
  const trees: string[] = [];
  /** A 3-image WIM: trees 1..3, image 2 the boot image. */
  const make = (name: string, compress = 'lzx', extra: string[] = []): string => {
    const wim = path.join(dir, name);
    for (let i = 0; i < 3; i++) {
      run('wimlib-imagex', [i === 0 ? 'capture' : 'append', trees[i], wim, `Image ${i + 1}`, `Description ${i + 1}`, `--compress=${compress}`, ...extra]);
    }
    run('wimlib-imagex', ['info', wim, '--boot', '2']);
    return wim;
  };

  beforeAll(() => {
    dir = tmpDir('delete');
    for (let i = 0; i < 3; i++) {
      trees.push(path.join(dir, `tree${i + 1}`));
      makeTree(trees[i], i + 1);
      fs.writeFileSync(path.join(trees[i], `only-in-${i + 1}.bin`), Buffer.alloc(50_000, i + 65));
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('moves the boot index as the images move', () => {
    expect(bootIndexAfterDelete(2, 2)).toBe(0);
    expect(bootIndexAfterDelete(3, 2)).toBe(2);
    expect(bootIndexAfterDelete(1, 2)).toBe(1);
    expect(bootIndexAfterDelete(0, 1)).toBe(0);
  });

  for (const compress of ['none', 'xpress', 'lzx']) {
    it(`deletes the first image of a ${compress} WIM; the others are renumbered and unchanged`, async () => {
      const wim = make(`first-${compress}.wim`, compress);
      const before = openWim(wim);
      const blobsBefore = before.blobCount;
      const guid = Buffer.from(before.header.guid).toString('hex');
      before.close();
      const r = await deleteImage({ imagePath: wim, index: 1, threads: 1 });
      expect(r).toMatchObject({ deletedIndex: 1, imageCount: 2, bootIndex: 1 });
      expect(r.blobsDropped).toBeGreaterThan(0);
      expectValidWim(wim, { tree: trees[1], index: 1 });
      expectValidWim(wim, { tree: trees[2], index: 2, skip7z: true });
      const info = wimInfo(wim);
      expect(info).toMatch(/Image Count:\s+2/);
      expect(info).toMatch(/Boot Index:\s+1/);
      expect([...info.matchAll(/^Name:\s+(.*)$/gm)].map((m) => m[1])).toEqual(['Image 2', 'Image 3']);
      const after = openWim(wim);
      // The GUID stays (the same WIM); the blob only image 1 held is gone, the shared ones stay.
      expect(Buffer.from(after.header.guid).toString('hex')).toBe(guid);
      expect(after.blobCount).toBe(blobsBefore - r.blobsDropped);
      after.close();
      expect(fs.readdirSync(dir).filter((f) => f.includes('wimsh-tmp'))).toEqual([]);
    });
  }

  it('deletes the boot image by name: no boot image is left', async () => {
    const wim = make('boot.wim');
    const r = await deleteImage({ imagePath: wim, name: 'image 2', threads: 1 });
    expect(r).toMatchObject({ deletedIndex: 2, bootIndex: 0 });
    expectValidWim(wim, { tree: trees[0], index: 1 });
    expectValidWim(wim, { tree: trees[2], index: 2, skip7z: true });
    expect(wimInfo(wim)).toMatch(/Boot Index:\s+0/);
  });

  it('keeps an integrity table the file had, rebuilt', async () => {
    const wim = make('integrity.wim', 'lzx', ['--check']);
    await deleteImage({ imagePath: wim, index: 3, threads: 1 });
    expect(wimInfo(wim)).toMatch(/Attributes:.*Integrity info/);
    expect(run('wimlib-imagex', ['verify', wim]).out).toMatch(/Verifying integrity of/);
    expectValidWim(wim, { tree: trees[1], index: 2, skip7z: true });
  });

  it('rewrites a solid (LZMS) WIM non-solid', async () => {
    const wim = make('solid.esd', 'lzx', ['--solid']);
    await deleteImage({ imagePath: wim, index: 2, threads: 2 });
    expectValidWim(wim, { tree: trees[0], index: 1, skip7z: true });
    expectValidWim(wim, { tree: trees[2], index: 2, skip7z: true });
    expect(wimInfo(wim)).toMatch(/Compression:\s+LZX/);
  });

  it('refuses to delete the last image, and a missing image, leaving the file as it was', async () => {
    const one = path.join(dir, 'one.wim');
    run('wimlib-imagex', ['capture', trees[0], one, 'Only']);
    const bytes = fs.readFileSync(one);
    await expect(deleteImage({ imagePath: one, index: 1 })).rejects.toMatchObject({ code: WimErrorCode.InvalidParameter });
    await expect(deleteImage({ imagePath: one, index: 2 })).rejects.toMatchObject({ code: WimErrorCode.ImageNotFound });
    await expect(deleteImage({ imagePath: one, name: 'nope' })).rejects.toMatchObject({ code: WimErrorCode.ImageNotFound });
    expect(fs.readFileSync(one).equals(bytes)).toBe(true);
  });

  it('a cancel leaves the file byte-identical and no temporary file', async () => {
    const wim = make('cancel.wim', 'none');
    const bytes = fs.readFileSync(wim);
    const ac = new AbortController();
    const p = deleteImage({ imagePath: wim, index: 1, threads: 1, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ code: WimErrorCode.Cancelled });
    expect(fs.readFileSync(wim).equals(bytes)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('wimsh-tmp'))).toEqual([]);
  });
});
