/*
 * The write transaction (write/transaction.ts) as a seam: a plan of its own (not export, not capture) writes a
 * valid WIM through it, a plan that refuses in prepare writes nothing, a cancel through the caller's AbortSignal
 * removes a new file and leaves an appended one byte-identical, and the lock is released whatever happens; an
 * append first cuts off a killed append's unreferenced tail. Also
 * apply's AbortSignal, and the one progress shape (done <= total, ending at total).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompressionFormat } from '../../../../src/formats/codecs/codec';
import { WimError, WimErrorCode } from '../../../../src/formats/errors';
import { FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_NORMAL, type OutDentry, type OutInode } from '../../../../src/formats/wim/dentry';
import { bufferSource } from '../../../../src/formats/wim/io/write-resource';
import { imageStats, serializeMetadata } from '../../../../src/formats/wim/metadata';
import { applyImage } from '../../../../src/formats/wim/ops/apply';
import { captureImage } from '../../../../src/formats/wim/ops/capture';
import { deleteImage } from '../../../../src/formats/wim/ops/delete';
import { exportImage } from '../../../../src/formats/wim/ops/export';
import { sha1 } from '../../../../src/formats/wim/sha1';
import { openWim } from '../../../../src/formats/wim/wim';
import { type WritePlan, runWriteTransaction } from '../../../../src/formats/wim/write/transaction';
import { makeImageElement } from '../../../../src/formats/wim/xml';
import { makeTree, run, tmpDir } from './helpers';

const fileHash = (p: string): string => createHash('sha1').update(fs.readFileSync(p)).digest('hex');
const leftovers = (dir: string, base: string): string[] => fs.readdirSync(dir).filter((f) => f.startsWith(`.${base}.`) || f === `${base}.lock`);

const inode = (attributes: number, dataHash: Uint8Array | null = null, dataSize = 0): OutInode => ({
  attributes,
  securityId: -1,
  creationTime: 132000000000000000n,
  lastAccessTime: 132000000000000000n,
  lastWriteTime: 132000000000000000n,
  hardLinkGroupId: 0n,
  dataHash,
  dataSize,
  namedStreams: [],
});

/** A plan of the test's own: one image holding one file, `data`. */
function oneFilePlan(name: string, data: Uint8Array): WritePlan<number> {
  return {
    existing: 'append',
    imageName: name,
    newLayout: () => ({ format: CompressionFormat.Xpress, chunkSize: 32768 }),
    async write(tx) {
      const hash = sha1(data);
      tx.progress.total = data.length;
      await tx.writer.addBlob(bufferSource(data, hash), 1, hash);
      const root: OutDentry = { name: '', shortName: '', inode: inode(FILE_ATTRIBUTE_DIRECTORY), children: [] };
      root.children!.push({ name: 'file.bin', shortName: '', inode: inode(FILE_ATTRIBUTE_NORMAL, hash, data.length), children: null });
      await tx.writer.addMetadata(serializeMetadata([], root));
      const images = [...tx.oldImages, makeImageElement(undefined, { name, stats: imageStats(root) })];
      return { images, result: images.length };
    },
  };
}

describe('write transaction', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir('transaction');
    makeTree(path.join(dir, 'tree'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs a plan of its own: a new WIM, then an append, both verified by wimlib; progress ends at its total', async () => {
    const wim = path.join(dir, 'plan.wim');
    const data = new Uint8Array(200_000).map((_, i) => (i * 7) & 0x3f);
    const seen: [number, number][] = [];
    expect(await runWriteTransaction(wim, { threads: 1, onProgress: (d, t) => seen.push([d, t]) }, oneFilePlan('One', data))).toBe(1);
    expect(seen.length).toBeGreaterThan(0);
    for (const [d, t] of seen) expect(d).toBeLessThanOrEqual(t);
    expect(seen[seen.length - 1]).toEqual([data.length, data.length]);
    expect(await runWriteTransaction(wim, { threads: 1 }, oneFilePlan('Two', data.map((b) => b ^ 1)))).toBe(2);
    run('wimlib-imagex', ['verify', wim]);
    const w = openWim(wim);
    try {
      expect(w.images.map((i) => i.name)).toEqual(['One', 'Two']);
    } finally {
      w.close();
    }
    expect(leftovers(dir, 'plan.wim')).toEqual([]);
  });

  it('refuses a clashing image name and a plan that refuses in prepare, writing nothing and releasing the lock', async () => {
    const wim = path.join(dir, 'refuse.wim');
    await runWriteTransaction(wim, { threads: 1 }, oneFilePlan('Same', new Uint8Array(5000).fill(1)));
    const before = fileHash(wim);
    await expect(runWriteTransaction(wim, { threads: 1 }, oneFilePlan('same', new Uint8Array(10)))).rejects.toMatchObject({ code: WimErrorCode.InvalidParameter });
    let wrote = false;
    const refusing: WritePlan<void> = {
      existing: 'append',
      newLayout: () => ({ format: CompressionFormat.Xpress, chunkSize: 32768 }),
      prepare: () => {
        throw new WimError(WimErrorCode.InvalidMetadata, 'too large');
      },
      write: async () => {
        wrote = true;
        return { images: [], result: undefined };
      },
    };
    await expect(runWriteTransaction(wim, {}, refusing)).rejects.toThrow('too large');
    const fresh = path.join(dir, 'refuse-new.wim');
    await expect(runWriteTransaction(fresh, {}, refusing)).rejects.toThrow('too large');
    expect(wrote).toBe(false);
    expect(fileHash(wim)).toBe(before);
    expect(fs.existsSync(fresh)).toBe(false);
    expect(leftovers(dir, 'refuse.wim')).toEqual([]);
    expect(leftovers(dir, 'refuse-new.wim')).toEqual([]);
  });

  it('an append first cuts off what a killed append left past the end; a failed append then leaves the cut file, a replace drops it too', async () => {
    const data = new Uint8Array(60_000).map((_, i) => (i * 13) & 0x7f);
    const clean = path.join(dir, 'tail-clean.wim');
    const wim = path.join(dir, 'tail.wim');
    await runWriteTransaction(clean, { threads: 1 }, oneFilePlan('One', data));
    fs.copyFileSync(clean, wim);
    const valid = fs.statSync(wim).size;
    // What a kill between the data and the header leaves: the old header, and unreferenced bytes after its data.
    fs.appendFileSync(wim, Buffer.alloc(300_000, 0x5a));
    const said: string[] = [];
    // A plan that fails once the writer is open: the abort cuts back to the size it found, which is the valid end.
    const failing: WritePlan<void> = {
      ...oneFilePlan('Two', data),
      write: async (tx) => {
        await tx.writer.addBlob(bufferSource(new Uint8Array(5000).fill(3), sha1(new Uint8Array(5000).fill(3))), 1, sha1(new Uint8Array(5000).fill(3)));
        throw new WimError(WimErrorCode.ReadFailed, 'the source went away');
      },
    };
    await expect(runWriteTransaction(wim, { threads: 1, log: (_l, m) => said.push(m) }, failing)).rejects.toThrow('the source went away');
    expect(said).toEqual([`Removed 300000 bytes of unreferenced data an interrupted write left at the end of ${wim}.`]);
    expect(fs.statSync(wim).size).toBe(valid);
    expect(fileHash(wim)).toBe(fileHash(clean));

    fs.appendFileSync(wim, Buffer.alloc(100_000, 0x5a));
    await runWriteTransaction(wim, { threads: 1 }, oneFilePlan('Two', data.map((b) => b ^ 1)));
    await runWriteTransaction(clean, { threads: 1 }, oneFilePlan('Two', data.map((b) => b ^ 1)));
    expect(fs.statSync(wim).size).toBe(fs.statSync(clean).size);
    run('wimlib-imagex', ['verify', wim]);

    // A rewrite (Remove-WindowsImage) writes a new file: the tail goes with the old one.
    fs.appendFileSync(wim, Buffer.alloc(100_000, 0x5a));
    await deleteImage({ imagePath: wim, index: 1, threads: 1 });
    await deleteImage({ imagePath: clean, index: 1, threads: 1 });
    expect(fs.statSync(wim).size).toBe(fs.statSync(clean).size);
    run('wimlib-imagex', ['verify', wim]);
    expect(leftovers(dir, 'tail.wim')).toEqual([]);
  });

  it('on an aborted signal drops the new file, leaves an appended WIM byte-identical, and releases the lock', async () => {
    const src = path.join(dir, 'src.wim');
    run('wimlib-imagex', ['capture', path.join(dir, 'tree'), src, 'S', '--compress=none']);
    const abortMidway = (ac: AbortController) => (done: number, total: number) => {
      if (done > total / 3) ac.abort();
    };

    const out = path.join(dir, 'cancelled.wim');
    const ac1 = new AbortController();
    const e1 = await exportImage({ source: src, sourceIndex: 1, destination: out, compression: 'fast', threads: 1, onProgress: abortMidway(ac1), signal: ac1.signal }).catch((e) => e);
    expect(e1).toBeInstanceOf(WimError);
    expect(e1).toMatchObject({ code: WimErrorCode.Cancelled });
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers(dir, 'cancelled.wim')).toEqual([]);

    // A base that shares no file with the source: the export has bytes to write, and is cancelled among them.
    const base = path.join(dir, 'base.wim');
    makeTree(path.join(dir, 'other'), 9);
    await captureImage({ sourceDir: path.join(dir, 'other'), imagePath: base, name: 'Base', compression: 'xpress', threads: 1 });
    const before = fileHash(base);
    const ac2 = new AbortController();
    await expect(exportImage({ source: src, sourceIndex: 1, destination: base, destinationName: 'Next', threads: 1, onProgress: abortMidway(ac2), signal: ac2.signal })).rejects.toThrow(/canceled/);
    expect(fileHash(base)).toBe(before);
    expect(leftovers(dir, 'base.wim')).toEqual([]);
    // The lock is free again: the same export, not cancelled, goes through at once.
    await exportImage({ source: src, sourceIndex: 1, destination: base, destinationName: 'Next', threads: 1 });
    run('wimlib-imagex', ['verify', base]);
  });

  it('with a signal aborted before it starts, takes no lock and writes nothing', async () => {
    const out = path.join(dir, 'never.wim');
    const ac = new AbortController();
    ac.abort();
    await expect(captureImage({ sourceDir: path.join(dir, 'tree'), imagePath: out, name: 'X', signal: ac.signal })).rejects.toMatchObject({ code: WimErrorCode.Cancelled });
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers(dir, 'never.wim')).toEqual([]);
  });
});

describe('apply with an AbortSignal', () => {
  it('stops before the next file', () => {
    const dir = tmpDir('apply-abort');
    try {
      makeTree(path.join(dir, 'tree'));
      const wim = path.join(dir, 'a.wim');
      run('wimlib-imagex', ['capture', path.join(dir, 'tree'), wim, 'A', '--compress=none']);
      const w = openWim(wim);
      try {
        const ac = new AbortController();
        ac.abort();
        expect(() => applyImage(w, 1, path.join(dir, 'out0'), { signal: ac.signal })).toThrow(expect.objectContaining({ code: WimErrorCode.Cancelled }));
        expect(fs.existsSync(path.join(dir, 'out0'))).toBe(false);
        const mid = new AbortController();
        let files = 0;
        expect(() =>
          applyImage(w, 1, path.join(dir, 'out1'), {
            signal: mid.signal,
            onProgress: () => {
              if (++files === 1) mid.abort();
            },
          }),
        ).toThrow(/canceled/);
        expect(files).toBe(1);
      } finally {
        w.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
