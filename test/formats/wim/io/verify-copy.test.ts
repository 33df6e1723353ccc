/*
 * The run reader of raw copies (io/verify-copy.ts) on runs of several pieces: each byte is read once, served to the
 * writer and checked, so what matters here is the cutting of pieces. A WIM of a few MiB (wimlib-written) holds
 * resources that cross piece boundaries (a 3 MB compressible file, a 2.5 MB one of noise whose chunks are stored as
 * they are), hundreds of small ones, an empty file; one source has LZX chunks of 2 MiB (a 4 MiB file of half
 * noise then stores chunks larger than a piece: the reader takes a bigger buffer) and one is uncompressed (hashed in pieces). Each exports raw, in the
 * calling thread and on workers, into a WIM wimlib and 7-Zip accept with the same tree; a byte flipped far into
 * the run (a later piece) fails the export naming the file, and leaves no destination.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportImage } from '../../../../src/formats/wim/ops/export';
import { WimError, WimErrorCode } from '../../../../src/formats/errors';
import { RawCopyVerifier } from '../../../../src/formats/wim/io/verify-copy';
import { CompressionFormat } from '../../../../src/formats/codecs/codec';
import type { WimFile } from '../../../../src/formats/wim/wimfile';
import { workerScriptPath } from '../../../../src/formats/codecs/chunk-compressor-parallel';
import { openWim } from '../../../../src/formats/wim/wim';
import { bytes, expectValidWim, run, tmpDir } from '../write/helpers';

describe('raw copy run reader', () => {
  let dir: string;
  let tree: string;
  const sources: Record<string, string> = {};

  beforeAll(() => {
    if (!workerScriptPath()) throw new Error('the compiled worker script is missing: run `npm run build` first');
    dir = tmpDir('runreader');
    tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'big'), { recursive: true });
    fs.mkdirSync(path.join(tree, 'small'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'big', 'text.log'), bytes(3_000_000, 11, true));
    fs.writeFileSync(path.join(tree, 'big', 'noise.bin'), bytes(2_500_000, 12));
    // Half text, half noise in every 32 KiB: a 2 MiB LZX chunk of it stores well over a piece (1 MiB).
    fs.writeFileSync(path.join(tree, 'big', 'mixed.dat'), Buffer.concat(Array.from({ length: 128 }, (_, i) => (i % 2 ? bytes(32_768, 300 + i) : bytes(32_768, 200 + i, true)))));
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(tree, 'small', `f${i}.txt`), bytes(200 + ((i * 7919) % 20_000), 100 + i, i % 3 !== 0));
    fs.writeFileSync(path.join(tree, 'small', 'empty'), '');
    const cap = (name: string, extra: string[]): void => {
      sources[name] = path.join(dir, `${name}.wim`);
      run('wimlib-imagex', ['capture', tree, sources[name], 'One', ...extra]);
    };
    cap('lzx', ['--compress=lzx']);
    cap('lzx2m', ['--compress=lzx', '--chunk-size=2097152']);
    cap('none', ['--compress=none']);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const name of ['lzx', 'lzx2m', 'none']) {
    for (const threads of [1, 2]) {
      it(`${name}, ${threads === 1 ? 'calling thread' : 'workers'}: every blob copied raw, the destination verifies with the same tree`, async () => {
        const dest = path.join(dir, `${name}-${threads}.wim`);
        const r = await exportImage({ source: sources[name], sourceIndex: 1, destination: dest, threads });
        expect(r.blobsRecompressed).toBe(0);
        expect(r.blobsCopiedRaw).toBeGreaterThan(300);
        expectValidWim(dest, { tree });
      }, 60_000);
    }
  }

  for (const threads of [1, 2]) {
    it(`a byte flipped in a later piece of the run fails the export naming the file (${threads === 1 ? 'calling thread' : 'workers'})`, async () => {
      // The noise file's resource: its chunks are stored as they are, so a flipped byte decompresses and only the
      // SHA-1 tells; the text file's: a flipped byte breaks a chunk. Both lie past the first piece.
      for (const [file, code] of [
        ['noise.bin', WimErrorCode.HashMismatch],
        ['text.log', WimErrorCode.DecompressionFailed],
      ] as const) {
        const w = openWim(sources.lzx);
        const entry = w.lookupBlob(createHash('sha1').update(fs.readFileSync(path.join(tree, 'big', file))).digest());
        const res = entry!.res;
        w.close();
        const bad = path.join(dir, `bad-${file}-${threads}.wim`);
        const b = fs.readFileSync(sources.lzx);
        const at = res.offsetInWim + Math.floor(res.sizeInWim * 0.6);
        b[at] ^= 0x5a;
        fs.writeFileSync(bad, b);
        const out = fs.mkdtempSync(path.join(dir, 'out-'));
        let err: unknown;
        try {
          await exportImage({ source: bad, sourceIndex: 1, destination: path.join(out, 'dest.wim'), threads });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(WimError);
        // A flipped byte in a chunk of LZX may still decode (to wrong bytes): then the digest tells.
        expect([code, WimErrorCode.HashMismatch]).toContain((err as WimError).code);
        expect((err as WimError).message).toContain(`\\big\\${file}`);
        expect(fs.readdirSync(out)).toEqual([]);
      }
    }, 60_000);
  }

  it('a run of empty blobs (no bytes for the writer to ask for) is still checked when the run completes', async () => {
    // Old writers stored empty blobs; their SHA-1 must be that of no bytes.
    const file = { path: 'fake.wim', size: 100 } as unknown as WimFile;
    const noBytes = createHash('sha1').digest();
    const wrong = Buffer.from(noBytes);
    wrong[3] ^= 1;
    const blob = (hash: Uint8Array) => ({ file, offsetInWim: 40, sizeInWim: 0, uncompressedSize: 0, flags: 0, hashes: hash, hashOff: 0 });
    const read = (): void => {
      throw new Error('nothing to read');
    };
    const good = new RawCopyVerifier(CompressionFormat.Lzx, 32768, { threads: 1 });
    await good.run(file, read, 40, 0, [blob(noBytes), blob(noBytes)]).complete();
    await expect(good.finish()).resolves.toBeUndefined();
    await good.close();
    const bad = new RawCopyVerifier(CompressionFormat.Lzx, 32768, { threads: 1 });
    await bad.run(file, read, 40, 0, [blob(noBytes), blob(wrong)]).complete();
    await expect(bad.finish()).rejects.toMatchObject({ code: WimErrorCode.HashMismatch });
    await bad.close();
  });
});
