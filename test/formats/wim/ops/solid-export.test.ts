/*
 * Writing .esd files (solid LZMS, version 0xE00) by export, from every source form, into a new file and appended to
 * an existing solid WIM: each checked by wimlib-imagex verify, 7zz t, an apply compared with the source tree, and
 * our own reader. Also the round trip ESD -> WIM -> ESD keeping every SHA-1, solid runs of several resources (a blob
 * that overruns the planned size) and the zero top-up (fewer bytes than planned), and the refusal of non-solid LZMS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompressionFormat } from '../../../../src/formats/codecs/codec';
import { WimErrorCode } from '../../../../src/formats/errors';
import { WIM_VERSION_SOLID } from '../../../../src/formats/wim/header';
import { applyImage } from '../../../../src/formats/wim/ops/apply';
import { compareForSolid, exportImage } from '../../../../src/formats/wim/ops/export';
import { openWim } from '../../../../src/formats/wim/wim';
import { WimWriter } from '../../../../src/formats/wim/write/writer';
import { expectSameTree, expectValidWim, makeTree, run, tmpDir, wimInfo } from '../write/helpers';

/** Solid resources the blob table lists (entries whose uncompressed size is 0x100000000), read from the file. */
function solidResourceCount(wim: string): number {
  const b = fs.readFileSync(wim);
  const size = Number(b.readBigUInt64LE(0x30) & 0xffffffffffffffn);
  const off = Number(b.readBigUInt64LE(0x38));
  let n = 0;
  for (let o = off; o + 50 <= off + size; o += 50) if (b.readBigUInt64LE(o + 16) === 0x100000000n && b[o + 7] & 0x10) n++;
  return n;
}

/** SHA-1s of every blob a WIM holds (metadata resources excepted), from wimlib's listing. */
function blobHashes(wim: string): string[] {
  const out = run('wimlib-imagex', ['info', wim, '--blobs']).out;
  const hashes: string[] = [];
  const blocks = out.split(/\n\s*\n/);
  for (const b of blocks) {
    const h = /SHA-1\s*=\s*([0-9a-f]{40})/i.exec(b);
    if (h && !/METADATA/.test(b)) hashes.push(h[1].toLowerCase());
  }
  return hashes.sort();
}

describe('compareForSolid', () => {
  it('orders as wimlib packs: no name, then names without extension, then by extension and name, ignoring case', () => {
    const names = ['b.TXT', undefined, 'README', 'a.dll', 'c.txt', 'Makefile', 'A.txt', undefined, 'x.DLL'];
    const order = names.map((n, i) => ({ n, i })).sort((x, y) => compareForSolid(x.n, y.n));
    expect(order.map((o) => o.n)).toEqual([undefined, undefined, 'Makefile', 'README', 'a.dll', 'x.DLL', 'A.txt', 'b.TXT', 'c.txt']);
    // Blobs with no name keep their order.
    expect(order[0].i).toBe(1);
    expect(order[1].i).toBe(7);
  });
});

describe('export to a solid LZMS .esd', () => {
  let dir: string;
  const tree = (): string => path.join(dir, 'tree');
  const other = (): string => path.join(dir, 'other');
  const src: Record<string, string> = {};

  beforeAll(() => {
    dir = tmpDir('solid-export');
    makeTree(tree());
    makeTree(other(), 3);
    for (const s of ['none', 'xpress', 'lzx'] as const) {
      src[s] = path.join(dir, `src-${s}.wim`);
      run('wimlib-imagex', ['capture', tree(), src[s], 'Source', 'Source description', `--compress=${s}`]);
    }
    src.esd = path.join(dir, 'src.esd');
    run('wimlib-imagex', ['capture', tree(), src.esd, 'Source', 'Source description', '--solid']);
    src.lzms = path.join(dir, 'src-lzms.wim');
    run('wimlib-imagex', ['capture', tree(), src.lzms, 'Source', 'Source description', '--compress=lzms']);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const s of ['none', 'xpress', 'lzx', 'esd', 'lzms']) {
    it(`${s} -> recovery, new file`, async () => {
      const out = path.join(dir, `new-${s}.esd`);
      const r = await exportImage({ source: src[s], sourceIndex: 1, destination: out, compression: 'recovery', threads: 2 });
      expect(r.appended).toBe(false);
      expect(r.blobsCopiedRaw).toBe(0);
      expectValidWim(out, { tree: tree() });
      expect(solidResourceCount(out)).toBe(1);
      expect(wimInfo(out)).toMatch(/Compression:\s+LZMS/);
      const wim = openWim(out);
      try {
        expect(wim.header.version).toBe(WIM_VERSION_SOLID);
        expect(wim.header.compression).toBe(CompressionFormat.Lzms);
        expect(wim.images[0].name).toBe('Source');
        // Our reader reads it back to the same tree.
        const back = path.join(dir, `back-${s}`);
        applyImage(wim, 1, back);
        expectSameTree(tree(), back);
        fs.rmSync(back, { recursive: true, force: true });
      } finally {
        wim.close();
      }
      expect(blobHashes(out)).toEqual(blobHashes(src.lzx));
      expect(fs.readdirSync(dir).filter((f) => f.includes('wimsh-tmp'))).toEqual([]);
    });
  }

  it('keeps every SHA-1 through ESD -> WIM -> ESD', async () => {
    const wim = path.join(dir, 'rt.wim');
    const esd = path.join(dir, 'rt.esd');
    await exportImage({ source: src.esd, sourceIndex: 1, destination: wim, compression: 'max', threads: 2 });
    await exportImage({ source: wim, sourceIndex: 1, destination: esd, compression: 'lzms', solid: true, threads: 2 });
    expectValidWim(esd, { tree: tree() });
    expect(blobHashes(esd)).toEqual(blobHashes(src.esd));
  });

  it('appends to a solid WIM: the new solid resource continues its run', async () => {
    const out = path.join(dir, 'app.esd');
    run('wimlib-imagex', ['capture', other(), out, 'Other', '--solid']);
    const r = await exportImage({ source: src.lzx, sourceIndex: 1, destination: out, destinationName: 'Exported', threads: 2 });
    expect(r.appended).toBe(true);
    expect(r.imageIndex).toBe(2);
    expectValidWim(out, { tree: tree(), index: 2 });
    expectValidWim(out, { tree: other(), index: 1, skip7z: true });
    // And once more, into the file our own writer extended.
    await exportImage({ source: src.xpress, sourceIndex: 1, destination: out, destinationName: 'Third', threads: 2 });
    expectValidWim(out, { tree: tree(), index: 3 });
    expect(wimInfo(out)).toMatch(/Image Count:\s+3/);
  });

  it('writes a run of several solid resources when blobs overrun the plan', async () => {
    const spy = jest.spyOn(WimWriter.prototype, 'planSolid').mockImplementation(() => undefined);
    try {
      const out = path.join(dir, 'multi.esd');
      await exportImage({ source: src.lzx, sourceIndex: 1, destination: out, compression: 'recovery', threads: 1 });
      expectValidWim(out, { tree: tree() });
      expect(blobHashes(out)).toEqual(blobHashes(src.lzx));
      expect(solidResourceCount(out)).toBeGreaterThan(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('tops a resource up with zeros when fewer bytes come than planned', async () => {
    const orig = WimWriter.prototype.planSolid;
    const spy = jest.spyOn(WimWriter.prototype, 'planSolid').mockImplementation(function (this: WimWriter, bytes: number) {
      orig.call(this, bytes + 70 * 1024 * 1024);
    });
    try {
      const out = path.join(dir, 'padded.esd');
      await exportImage({ source: src.xpress, sourceIndex: 1, destination: out, compression: 'recovery', threads: 1 });
      expectValidWim(out, { tree: tree() });
      // Two 64 MiB chunks of (mostly) zeros cost next to nothing.
      expect(fs.statSync(out).size).toBeLessThan(fs.statSync(src.lzx).size * 2);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses non-solid LZMS', async () => {
    const out = path.join(dir, 'nonsolid.wim');
    await expect(exportImage({ source: src.lzx, sourceIndex: 1, destination: out, compression: 'lzms', solid: false })).rejects.toMatchObject({
      code: WimErrorCode.InvalidCompressionType,
    });
    expect(fs.existsSync(out)).toBe(false);
  });
});
