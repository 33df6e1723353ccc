/*
 * Nothing damaged is passed on: export, delete and split copy resources raw (same compression), and every one of
 * them is checked on the way (io/verify-copy.ts). Damaged sources are made at test time from a wimlib-written WIM
 * (bytes flipped inside a compressed chunk, a chunk table made non-increasing, a chunk storing more than a chunk
 * holds, a resource beyond the end of the file, a wrong SHA-1 of an uncompressed blob); each must fail with the
 * WimError naming the blob and its file, leave no destination (or the existing one byte-identical) and no
 * temporary file or lock. A fixed-seed campaign of single-byte mutations then asserts that no export ever reports
 * success on a destination wimlib rejects. Sound sources still export to files wimlib and 7-Zip accept.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportImage } from '../../../../src/formats/wim/ops/export';
import { deleteImage } from '../../../../src/formats/wim/ops/delete';
import { splitWim } from '../../../../src/formats/wim/ops/split';
import { applyImage } from '../../../../src/formats/wim/ops/apply';
import { openWim } from '../../../../src/formats/wim/wim';
import { WimError, WimErrorCode } from '../../../../src/formats/errors';
import { workerScriptPath } from '../../../../src/formats/codecs/chunk-compressor-parallel';
import { VerifyChunkFlag, VerifyState, VERIFY_ITEM } from '../../../../src/formats/codecs/chunk-compressor-verify';
import { compressChunk, loadCreateCompressor } from '../../../../src/formats/codecs/chunk-compressor';
import { CompressionFormat } from '../../../../src/formats/codecs/codec';
import { bytes, expectValidWim, run, tmpDir } from '../write/helpers';

const sha1 = (b: Buffer): Buffer => createHash('sha1').update(b).digest();
const sha256 = (f: string): string => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** Where a file's blob lies in a WIM: its resource and its blob table entry. */
function blobPlace(wim: string, data: Buffer): { offset: number; size: number; usize: number; compressed: boolean; entry: number } {
  const w = openWim(wim);
  try {
    const b = w.lookupBlob(sha1(data));
    if (!b) throw new Error('no such blob');
    const bt = w.header.blobTable;
    const table = fs.readFileSync(wim).subarray(bt.offsetInWim, bt.offsetInWim + bt.sizeInWim);
    const hash = sha1(data);
    let entry = -1;
    for (let o = 0; o + 50 <= table.length; o += 50) if (table.subarray(o + 30, o + 50).equals(hash)) entry = bt.offsetInWim + o;
    return { offset: b.res.offsetInWim, size: b.res.sizeInWim, usize: b.res.uncompressedSize, compressed: (b.res.flags & 4) !== 0, entry };
  } finally {
    w.close();
  }
}

/** A copy of `src` with `edit` applied to its bytes. */
function damaged(src: string, out: string, edit: (b: Buffer) => void): string {
  const b = fs.readFileSync(src);
  edit(b);
  fs.writeFileSync(out, b);
  return out;
}

/** The files beside `dest`, other than the ones named (temp files and locks would show here). */
const leftovers = (dir: string, keep: string[]): string[] => fs.readdirSync(dir).filter((n) => !keep.includes(n));

describe('raw copies are checked', () => {
  let dir: string;
  let tree: string;
  /** 200 KB, half text and half noise in every 32 KiB chunk: seven chunks, each stored in about 17 KB. */
  const big = Buffer.concat(Array.from({ length: 13 }, (_, i) => (i % 2 ? bytes(16_384, 40 + i) : bytes(16_384, 3 + i, true)))).subarray(0, 200_000);
  const noise = bytes(50_000, 9);
  let lzx: string;
  let plain: string;

  beforeAll(() => {
    dir = tmpDir('rawverify');
    tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'Windows', 'System32'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'Windows', 'System32', 'big.dll'), big);
    fs.writeFileSync(path.join(tree, 'Windows', 'noise.bin'), noise);
    fs.writeFileSync(path.join(tree, 'readme.txt'), 'hello\r\n'.repeat(300));
    lzx = path.join(dir, 'lzx.wim');
    run('wimlib-imagex', ['capture', tree, lzx, 'One', '--compress=lzx']);
    run('wimlib-imagex', ['append', tree, lzx, 'Two', '--compress=lzx']);
    plain = path.join(dir, 'plain.wim');
    run('wimlib-imagex', ['capture', tree, plain, 'One', '--compress=none']);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Exports image 1 of `src` into a fresh folder; returns the error and what the folder holds after. */
  async function failedExport(src: string, threads: number, existing?: string): Promise<{ err: WimError; out: string; files: string[] }> {
    const out = fs.mkdtempSync(path.join(dir, 'out-'));
    const dest = path.join(out, 'dest.wim');
    if (existing) fs.copyFileSync(existing, dest);
    let err: unknown;
    try {
      await exportImage({ source: src, sourceIndex: 1, destination: dest, threads });
    } catch (e) {
      err = e;
    }
    if (!(err instanceof WimError)) throw new Error(`expected a WimError, got ${String(err)}`);
    return { err, out, files: fs.readdirSync(out) };
  }

  for (const threads of [1, 2]) {
    describe(`checked ${threads === 1 ? 'in the calling thread' : 'on worker threads'}`, () => {
      beforeAll(() => {
        if (threads > 1 && !workerScriptPath()) throw new Error('the compiled worker script is missing: run `npm run build` first');
      });

      it('a byte flipped inside a compressed chunk fails the export, naming the blob and its file; no destination', async () => {
        const p = blobPlace(lzx, big);
        expect(p.compressed).toBe(true);
        // Inside the fourth chunk's data (past the 6-entry chunk table), not in the table.
        const src = damaged(lzx, path.join(dir, `chunk-${threads}.wim`), (b) => {
          for (let i = 0; i < 8; i++) b[p.offset + 24 + Math.floor(p.size / 2) + i] ^= 0x5a;
        });
        const { err, files } = await failedExport(src, threads);
        expect([WimErrorCode.DecompressionFailed, WimErrorCode.HashMismatch]).toContain(err.code);
        expect(err.message).toContain(sha1(big).toString('hex'));
        expect(err.message).toContain('\\Windows\\System32\\big.dll');
        expect(err.path).toBe(src);
        expect(files).toEqual([]);
      });

      it('a damaged source leaves an existing destination byte-identical, with no temp file or lock beside it', async () => {
        const p = blobPlace(lzx, big);
        const src = damaged(lzx, path.join(dir, `chunk-append-${threads}.wim`), (b) => {
          b[p.offset + 24 + 100] ^= 0xff;
          b[p.offset + 24 + 101] ^= 0xff;
        });
        // The destination holds another image (the plain tree's files, LZX): the damaged blob is new to it.
        const existing = path.join(dir, `existing-${threads}.wim`);
        const other = path.join(dir, `other-tree-${threads}`);
        fs.mkdirSync(other, { recursive: true });
        fs.writeFileSync(path.join(other, 'x.txt'), 'other\n');
        run('wimlib-imagex', ['capture', other, existing, 'Other', '--compress=lzx']);
        const before = sha256(existing);
        const { err, out, files } = await failedExport(src, threads, existing);
        expect([WimErrorCode.DecompressionFailed, WimErrorCode.HashMismatch]).toContain(err.code);
        expect(sha256(path.join(out, 'dest.wim'))).toBe(before);
        expect(files).toEqual(['dest.wim']);
      });

      it('a chunk table that goes backwards is an invalid resource, refused before it is copied', async () => {
        const p = blobPlace(lzx, big);
        const src = damaged(lzx, path.join(dir, `table-${threads}.wim`), (b) => {
          // Entry 2 (start of chunk 3) set below entry 1.
          b.writeUInt32LE(b.readUInt32LE(p.offset + 4) - 1, p.offset + 8);
        });
        const { err, files } = await failedExport(src, threads);
        expect(err.code).toBe(WimErrorCode.InvalidResource);
        expect(err.message).toMatch(/the chunk table is not increasing at chunk 2 \(\d+ then \d+\)/);
        expect(err.message).toContain(sha1(big).toString('hex'));
        expect(err.message).toContain('\\Windows\\System32\\big.dll');
        expect(files).toEqual([]);
      });

      it('a chunk storing more than a chunk holds (an impossible chunk size) is an invalid resource', async () => {
        const p = blobPlace(lzx, big);
        const src = damaged(lzx, path.join(dir, `chunksize-${threads}.wim`), (b) => {
          // Chunk 1 starts 40,000 bytes in: chunk 0 would store 40,000 bytes of its 32,768.
          b.writeUInt32LE(40_000, p.offset);
          b.writeUInt32LE(40_001, p.offset + 4);
        });
        const { err, files } = await failedExport(src, threads);
        expect(err.code).toBe(WimErrorCode.InvalidResource);
        expect(err.message).toMatch(/chunk 0 stores 40000 bytes for 32768/);
        expect(files).toEqual([]);
      });

      it('a wrong SHA-1 (an uncompressed blob whose bytes changed) fails with HashMismatch naming the file', async () => {
        const p = blobPlace(plain, noise);
        expect(p.compressed).toBe(false);
        const src = damaged(plain, path.join(dir, `plain-${threads}.wim`), (b) => {
          b[p.offset + 1234] ^= 1;
        });
        const { err, files } = await failedExport(src, threads);
        expect(err.code).toBe(WimErrorCode.HashMismatch);
        expect(err.message).toContain(`blob ${sha1(noise).toString('hex')} (file \\Windows\\noise.bin)`);
        expect(files).toEqual([]);
      });
    });
  }

  it('a resource said to lie beyond the end of the file is refused when the blob table is read', async () => {
    const p = blobPlace(lzx, big);
    expect(p.entry).toBeGreaterThan(0);
    const src = damaged(lzx, path.join(dir, 'eof.wim'), (b) => {
      // offset_in_wim of the blob's reshdr, past the end.
      b.writeUInt32LE(b.length + 10, p.entry + 8);
    });
    const { err, files } = await failedExport(src, 1);
    expect(err.code).toBe(WimErrorCode.InvalidBlobTable);
    expect(err.message).toMatch(/outside the file/);
    expect(files).toEqual([]);
  });

  it('sound sources still export raw into files wimlib and 7-Zip accept', async () => {
    for (const [src, threads] of [[lzx, 2], [lzx, 1], [plain, 2]] as const) {
      const out = fs.mkdtempSync(path.join(dir, 'ok-'));
      const dest = path.join(out, 'dest.wim');
      const r = await exportImage({ source: src, sourceIndex: 1, destination: dest, threads });
      expect(r.blobsCopiedRaw).toBeGreaterThan(0);
      expect(r.blobsRecompressed).toBe(0);
      expectValidWim(dest, { tree });
      expect(fs.readdirSync(out)).toEqual(['dest.wim']);
    }
  });

  it('delete and split refuse a damaged source: the WIM is unchanged and no part is left', async () => {
    const p = blobPlace(lzx, big);
    const src = damaged(lzx, path.join(dir, 'servicing.wim'), (b) => {
      for (let i = 0; i < 4; i++) b[p.offset + 24 + 3000 + i] ^= 0x33;
    });
    const before = sha256(src);
    const del = await deleteImage({ imagePath: src, index: 2, threads: 2 }).catch((e: unknown) => e);
    expect(del).toBeInstanceOf(WimError);
    expect([WimErrorCode.DecompressionFailed, WimErrorCode.HashMismatch]).toContain((del as WimError).code);
    expect((del as WimError).message).toContain('\\Windows\\System32\\big.dll');
    expect(sha256(src)).toBe(before);

    const parts = fs.mkdtempSync(path.join(dir, 'parts-'));
    const sp = await splitWim({ source: src, firstPart: path.join(parts, 'install.swm'), partSize: 100_000, threads: 1 }).catch((e: unknown) => e);
    expect(sp).toBeInstanceOf(WimError);
    expect([WimErrorCode.DecompressionFailed, WimErrorCode.HashMismatch]).toContain((sp as WimError).code);
    expect(fs.readdirSync(parts)).toEqual([]);
  });

  it('apply names the damaged file and says how much of the tree was applied; the file is not left half-written', () => {
    const p = blobPlace(lzx, big);
    const src = damaged(lzx, path.join(dir, 'apply.wim'), (b) => {
      for (let i = 0; i < 4; i++) b[p.offset + 24 + 3000 + i] ^= 0x33;
    });
    const target = path.join(dir, 'applied');
    const w = openWim(src);
    let err: unknown;
    try {
      applyImage(w, 1, target);
    } catch (e) {
      err = e;
    } finally {
      w.close();
    }
    expect(err).toBeInstanceOf(WimError);
    const e = err as WimError;
    expect([WimErrorCode.DecompressionFailed, WimErrorCode.HashMismatch]).toContain(e.code);
    expect(e.message).toContain(`The data of "\\Windows\\System32\\big.dll" (blob ${sha1(big).toString('hex')}) is damaged: `);
    expect(e.message).toMatch(/The image was applied in part: \d+ directories and \d+ files were written before it; "\\Windows\\System32\\big\.dll" was not\.$/);
    expect(fs.existsSync(path.join(target, 'Windows', 'System32', 'big.dll'))).toBe(false);
  });

  it('the verify job: a stream of good chunks passes, a bad chunk or a wrong digest is reported by its tag', () => {
    const c = loadCreateCompressor()!(CompressionFormat.Xpress, 4096);
    const data = bytes(10_000, 5, true);
    // Compress three chunks (4096, 4096, 1808) back to back.
    const stored: Buffer[] = [];
    const usizes: number[] = [];
    for (let o = 0; o < data.length; o += 4096) {
      const len = Math.min(4096, data.length - o);
      const out = new Uint8Array(4096);
      stored.push(Buffer.from(out.subarray(0, compressChunk(c, data, o, len, out, 0))));
      usizes.push(len);
    }
    const items = (tag: number): number[] => stored.flatMap((s, i) => [tag, s.length, usizes[i], (i === 0 ? VerifyChunkFlag.First : 0) | (i === stored.length - 1 ? VerifyChunkFlag.Last : 0)]);
    const input = Buffer.concat(stored);
    const st = new VerifyState();
    expect(st.run(CompressionFormat.Xpress, 4096, input, items(7), sha1(data))).toEqual([]);
    const wrong = Buffer.from(sha1(data));
    wrong[0] ^= 1;
    expect(st.run(CompressionFormat.Xpress, 4096, input, items(8), wrong)).toEqual([expect.objectContaining({ tag: 8, kind: 'mismatch' })]);
    const bad = Buffer.from(input);
    bad.fill(0xff, stored[0].length, stored[0].length + 40);
    const f = st.run(CompressionFormat.Xpress, 4096, bad, items(9), sha1(data));
    expect(items(9).length / VERIFY_ITEM).toBe(3);
    expect(stored[1].length).toBeLessThan(4096);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ tag: 9, chunk: 1 });
  });

  it('a fixed-seed campaign of 100 single-byte mutations: every export fails cleanly or writes a WIM wimlib verifies', async () => {
    // Without the check, every one of these mutants that changes a blob exports "successfully" into a WIM wimlib rejects.
    const orig = fs.readFileSync(lzx);
    let x = 20261208;
    const rnd = (n: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return Math.floor((x / 2 ** 32) * n);
    };
    // Where structure lies: each resource's first 32 bytes (its chunk table), the blob table, the header.
    const w = openWim(lzx);
    const hot: [number, number][] = [[0, 208]];
    try {
      for (const b of w.allBlobs()) hot.push([b.res.offsetInWim, Math.min(32, b.res.sizeInWim)]);
      hot.push([w.header.blobTable.offsetInWim, w.header.blobTable.sizeInWim]);
    } finally {
      w.close();
    }
    const out = fs.mkdtempSync(path.join(dir, 'campaign-'));
    const m = path.join(dir, 'mutant.wim');
    const dest = path.join(out, 'dest.wim');
    const tally = { errors: 0, verified: 0, corrupt: 0, other: [] as string[] };
    for (let t = 0; t < 100; t++) {
      const b = Buffer.from(orig);
      // Every other mutation lands in a structure, the others anywhere (mostly compressed data).
      const [from, len] = t % 2 ? hot[rnd(hot.length)] : [0, b.length];
      b[from + rnd(len)] ^= 1 + rnd(255);
      fs.writeFileSync(m, b);
      fs.rmSync(dest, { force: true });
      try {
        await exportImage({ source: m, sourceIndex: 1, destination: dest, threads: 1 });
      } catch (e) {
        if (e instanceof WimError) tally.errors++;
        else tally.other.push(String((e as Error)?.stack ?? e));
        if (fs.readdirSync(out).length) tally.other.push(`left ${fs.readdirSync(out).join(', ')}`);
        continue;
      }
      if (run('wimlib-imagex', ['verify', dest], { allowFail: true }).status === 0) tally.verified++;
      else tally.corrupt++;
    }
    expect(tally.other).toEqual([]);
    if (process.env.RAWVERIFY_TALLY) process.stdout.write(`${JSON.stringify(tally)}\n`);
    expect(tally.corrupt).toBe(0);
    expect(tally.errors + tally.verified).toBe(100);
    // Most single bytes of a WIM lie in blob data: most mutants must be caught, not copied.
    expect(tally.errors).toBeGreaterThan(50);
  }, 60_000);
});
