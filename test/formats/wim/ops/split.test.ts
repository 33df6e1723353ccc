/*
 * Split: a WIM cut into .swm parts (named base.swm, base2.swm...), checked by wimlib-imagex verify --ref on the
 * set, an apply of every image from the set, and an export from the set back to a .wim; a solid (LZMS) source,
 * which wimlib refuses to split, is written non-solid. Refusals leave no part behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitPartPath, splitWim } from '../../../../src/formats/wim/ops/split';
import { exportImage } from '../../../../src/formats/wim/ops/export';
import { openWim } from '../../../../src/formats/wim/wim';
import { WimErrorCode } from '../../../../src/formats/errors';
import { bytes, expectSameTree, expectValidWim, makeTree, run, tmpDir } from '../write/helpers';

describe('splitWim', () => {
  let dir: string;
  const trees: string[] = [];
  const make = (name: string, extra: string[]): string => {
    const wim = path.join(dir, name);
    run('wimlib-imagex', ['capture', trees[0], wim, 'One', ...extra]);
    run('wimlib-imagex', ['append', trees[1], wim, 'Two', ...extra]);
    return wim;
  };
  /** wimlib verify of the set, and each image applied from it equals its tree. */
  const expectGoodSet = (first: string): void => {
    const ref = path.join(path.dirname(first), path.basename(first, '.swm') + '*.swm');
    expect(run('wimlib-imagex', ['verify', first, `--ref=${ref}`]).out).toMatch(/successfully verified/);
    for (let i = 0; i < 2; i++) {
      const out = tmpDir('split-apply');
      try {
        run('wimlib-imagex', ['apply', first, String(i + 1), path.join(out, 'x'), `--ref=${ref}`]);
        expectSameTree(trees[i], path.join(out, 'x'));
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
  };

  beforeAll(() => {
    dir = tmpDir('split');
    for (let i = 0; i < 2; i++) {
      trees.push(path.join(dir, `tree${i + 1}`));
      makeTree(trees[i], i + 1);
      // Incompressible files, so that parts of a few hundred KB hold several blobs each.
      for (let k = 0; k < 6; k++) fs.writeFileSync(path.join(trees[i], `noise-${k}.bin`), bytes(120_000, 100 * i + k + 11));
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the parts as DISM and wimlib do', () => {
    expect(splitPartPath('/x/install.swm', 1)).toBe('/x/install.swm');
    expect(splitPartPath('/x/install.swm', 2)).toBe('/x/install2.swm');
    expect(splitPartPath('/x/install.swm', 12)).toBe('/x/install12.swm');
  });

  for (const compress of ['none', 'lzx']) {
    it(`splits a ${compress} WIM into parts no larger than the size (but for the tables)`, async () => {
      const wim = make(`src-${compress}.wim`, [`--compress=${compress}`]);
      const out = path.join(dir, `out-${compress}`);
      fs.mkdirSync(out);
      const first = path.join(out, 'install.swm');
      const partSize = 400_000;
      const r = await splitWim({ source: wim, firstPart: first, partSize, threads: 1 });
      expect(r.parts.length).toBeGreaterThan(2);
      expect(r.blobsRecompressed).toBe(0);
      expect(r.parts).toEqual(r.parts.map((_, i) => splitPartPath(first, i + 1)));
      expect(fs.readdirSync(out).sort()).toEqual(r.parts.map((p) => path.basename(p)).sort());
      const guids = new Set<string>();
      for (const [i, p] of r.parts.entries()) {
        const hdr = fs.readFileSync(p).subarray(0, 208);
        expect(hdr.readUInt16LE(0x28)).toBe(i + 1);
        expect(hdr.readUInt16LE(0x2a)).toBe(r.parts.length);
        expect(hdr.readUInt32LE(0x2c)).toBe(2);
        // SPANNED
        expect(hdr.readUInt32LE(0x10) & 0x8).toBe(0x8);
        guids.add(hdr.subarray(0x18, 0x28).toString('hex'));
        // Blob table and XML data come on top of the size.
        expect(fs.statSync(p).size).toBeLessThan(partSize + 20_000);
      }
      expect(guids.size).toBe(1);
      expectGoodSet(first);
      // Export from the set back to one WIM: the same images.
      const back = path.join(dir, `back-${compress}.wim`);
      await exportImage({ source: first, splitPattern: path.join(out, 'install*.swm'), sourceIndex: 2, destination: back, threads: 1 });
      expectValidWim(back, { tree: trees[1] });
    });
  }

  it('writes a solid (LZMS) WIM into non-solid LZX parts', async () => {
    const wim = make('src.esd', ['--solid']);
    // wimlib itself refuses this.
    expect(run('wimlib-imagex', ['split', wim, path.join(dir, 'wl.swm'), '1'], { allowFail: true }).status).not.toBe(0);
    const out = path.join(dir, 'out-solid');
    fs.mkdirSync(out);
    const first = path.join(out, 'install.swm');
    const r = await splitWim({ source: wim, firstPart: first, partSize: 400_000, threads: 2 });
    expect(r.parts.length).toBeGreaterThan(1);
    expect(r.blobsCopiedRaw).toBe(0);
    const w = openWim(first, { requireAllParts: false });
    expect(w.header.version).toBe(0x10d00);
    w.close();
    expectGoodSet(first);
  });

  it('a cancel half-way removes every part written so far', async () => {
    const wim = make('cancel.wim', ['--compress=none']);
    const out = path.join(dir, 'out-cancel');
    fs.mkdirSync(out);
    const ac = new AbortController();
    let seen = 0;
    const p = splitWim({
      source: wim,
      firstPart: path.join(out, 'c.swm'),
      partSize: 300_000,
      threads: 1,
      signal: ac.signal,
      onProgress: (done) => {
        if (done > 700_000 && !seen++) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: WimErrorCode.Cancelled });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('a WIM smaller than the size is one part, 1 of 1', async () => {
    const wim = make('small.wim', ['--compress=lzx']);
    const first = path.join(dir, 'small.swm');
    const r = await splitWim({ source: wim, firstPart: first, partSize: 1 << 30, threads: 1 });
    expect(r.parts).toEqual([first]);
    expect(run('wimlib-imagex', ['info', first]).out).toMatch(/Part Number:\s+1\/1/);
    expect(run('wimlib-imagex', ['verify', first]).out).toMatch(/successfully verified/);
  });

  it('refuses an existing part, a split source and a zero size, leaving nothing behind', async () => {
    const wim = make('refuse.wim', ['--compress=none']);
    const out = path.join(dir, 'out-refuse');
    fs.mkdirSync(out);
    const first = path.join(out, 'x.swm');
    fs.writeFileSync(path.join(out, 'x2.swm'), 'in the way');
    await expect(splitWim({ source: wim, firstPart: first, partSize: 400_000 })).rejects.toMatchObject({ code: WimErrorCode.AlreadyExists });
    expect(fs.readdirSync(out)).toEqual(['x2.swm']);
    await expect(splitWim({ source: wim, firstPart: first, partSize: 0 })).rejects.toMatchObject({ code: WimErrorCode.InvalidParameter });
    fs.rmSync(path.join(out, 'x2.swm'));
    await splitWim({ source: wim, firstPart: first, partSize: 400_000 });
    await expect(splitWim({ source: first, firstPart: path.join(out, 'y.swm'), partSize: 400_000 })).rejects.toMatchObject({
      code: WimErrorCode.InvalidParameter,
    });
    await expect(splitWim({ source: wim, firstPart: first, partSize: 400_000 })).rejects.toMatchObject({ code: WimErrorCode.InvalidParameter });
  });
});
