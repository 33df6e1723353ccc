/*
 * What the writer promises beyond a valid file: deduplication against the destination, raw copy without
 * compression work, compressed captures and appends, integrity table, boot index, DISM's XML, refused exports
 * that change nothing, and the destination lock.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureImage } from '../../../../src/formats/wim/ops/capture';
import { compressionStats } from '../../../../src/formats/codecs/chunk-compressor';
import { WimError } from '../../../../src/formats/errors';
import { exportImage } from '../../../../src/formats/wim/ops/export';
import { openWim } from '../../../../src/formats/wim/wim';
import { serializeXml } from '../../../../src/formats/wim/xml';
import { bytes, expectValidWim, makeTree, run, tmpDir, wimInfo } from './helpers';

const fileHash = (p: string): string => createHash('sha1').update(fs.readFileSync(p)).digest('hex');

describe('writer behaviour', () => {
  let dir: string;
  const tree = (): string => path.join(dir, 'tree');
  beforeAll(() => {
    dir = tmpDir('behaviour');
    makeTree(tree());
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const c of ['xpress', 'lzx'] as const) {
    it(`captures with ${c}, appends a second image, and both apply`, async () => {
      const wim = path.join(dir, `cap-${c}.wim`);
      await captureImage({ sourceDir: tree(), imagePath: wim, name: 'One', compression: c, threads: 2 });
      const other = path.join(dir, `other-${c}`);
      makeTree(other, 5);
      const r = await captureImage({ sourceDir: other, imagePath: wim, name: 'Two', append: true, threads: 1 });
      expect(r.imageIndex).toBe(2);
      expectValidWim(wim, { tree: tree(), index: 1 });
      expectValidWim(wim, { tree: other, index: 2, skip7z: true });
      expect(wimInfo(wim)).toMatch(new RegExp(`Compression:\\s+${c === 'xpress' ? 'XPRESS' : 'LZX'}`));
    });
  }

  it('refuses to capture over an existing file without append, leaving it unchanged', async () => {
    const wim = path.join(dir, 'noappend.wim');
    await captureImage({ sourceDir: tree(), imagePath: wim, name: 'One', compression: 'none' });
    const before = fileHash(wim);
    await expect(captureImage({ sourceDir: tree(), imagePath: wim, name: 'Two', compression: 'none' })).rejects.toBeInstanceOf(WimError);
    expect(fileHash(wim)).toBe(before);
  });

  it('stores a blob once: appending an edition that shares most files grows the file by far less than the edition', async () => {
    const a = path.join(dir, 'ed-a');
    const b = path.join(dir, 'ed-b');
    for (const d of [a, b]) {
      fs.mkdirSync(d, { recursive: true });
      for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(d, `shared-${i}.bin`), bytes(50_000, 100 + i));
    }
    fs.writeFileSync(path.join(b, 'only-b.bin'), bytes(10_000, 999));
    const srcA = path.join(dir, 'ed-a.wim');
    const srcB = path.join(dir, 'ed-b.wim');
    run('wimlib-imagex', ['capture', a, srcA, 'Edition A', '--compress=none']);
    run('wimlib-imagex', ['capture', b, srcB, 'Edition B', '--compress=none']);
    const out = path.join(dir, 'editions.wim');
    await exportImage({ source: srcA, sourceIndex: 1, destination: out, compression: 'none' });
    const size1 = fs.statSync(out).size;
    const r = await exportImage({ source: srcB, sourceIndex: 1, destination: out });
    const growth = fs.statSync(out).size - size1;
    expect(r.blobsDeduplicated).toBe(20);
    expect(r.bytesWritten).toBe(10_000);
    expect(growth).toBeLessThan(20_000); // edition B holds 1,010,000 bytes of files
    expectValidWim(out, { tree: b, index: 2 });
    expectValidWim(out, { tree: a, index: 1, skip7z: true });
  });

  it('copies blobs and the metadata resource raw when the destination has the source compression: no compression work', async () => {
    const big = path.join(dir, 'rawtree');
    fs.mkdirSync(big, { recursive: true });
    for (let i = 0; i < 8; i++) fs.writeFileSync(path.join(big, `f${i}.txt`), bytes(100_000, 50 + i, true));
    const src = path.join(dir, 'raw-src.wim');
    run('wimlib-imagex', ['capture', big, src, 'Raw', '--compress=lzx']);
    const out = path.join(dir, 'raw-out.wim');
    const before = compressionStats.chunksCompressed;
    const r = await exportImage({ source: src, sourceIndex: 1, destination: out, compression: 'max', threads: 1 });
    const chunks = compressionStats.chunksCompressed - before;
    expect(r.blobsCopiedRaw).toBe(8);
    expect(r.blobsRecompressed).toBe(0);
    expect(r.metadataCopiedRaw).toBe(true);
    expect(chunks).toBe(0);
    expectValidWim(out, { tree: big });
    // The metadata resource is the source's, byte for byte.
    const stored = (file: string): Buffer => {
      const w = openWim(file);
      const res = w.metadataEntry(1).res;
      const fd = fs.openSync(file, 'r');
      const b = Buffer.alloc(res.sizeInWim);
      fs.readSync(fd, b, 0, b.length, res.offsetInWim);
      fs.closeSync(fd);
      w.close();
      return b;
    };
    expect(stored(out).equals(stored(src))).toBe(true);
    // Raw copy keeps the stored bytes: the data part of the file is as large as wimlib's.
    expect(Math.abs(fs.statSync(out).size - fs.statSync(src).size)).toBeLessThan(2048);
  });

  it('rewrites the metadata resource when the reader skipped a dentry, so that the copy names no missing blob', async () => {
    const t = path.join(dir, 'duptree');
    fs.mkdirSync(t, { recursive: true });
    fs.writeFileSync(path.join(t, 'aa.txt'), bytes(3000, 7));
    fs.writeFileSync(path.join(t, 'ab.txt'), bytes(3000, 8));
    const src = path.join(dir, 'dup-src.wim');
    run('wimlib-imagex', ['capture', t, src, 'Dup', '--compress=none']);
    // Rename ab.txt to aa.txt inside the (uncompressed) metadata resource, and give the blob table its new SHA-1:
    // the directory now holds two dentries named aa.txt, the second naming ab.txt's blob.
    const w = openWim(src);
    const me = w.metadataEntry(1);
    w.close();
    const file = fs.readFileSync(src);
    const meta = file.subarray(me.res.offsetInWim, me.res.offsetInWim + me.res.sizeInWim);
    const oldHash = createHash('sha1').update(meta).digest();
    const at = meta.indexOf(Buffer.from('ab.txt', 'utf16le'));
    expect(at).toBeGreaterThan(0);
    Buffer.from('aa.txt', 'utf16le').copy(meta, at);
    const newHash = createHash('sha1').update(meta).digest();
    const h = file.indexOf(oldHash, me.res.offsetInWim + me.res.sizeInWim);
    expect(h).toBeGreaterThan(0);
    newHash.copy(file, h);
    fs.writeFileSync(src, file);

    const out = path.join(dir, 'dup-out.wim');
    const warnings: string[] = [];
    const r = await exportImage({ source: src, sourceIndex: 1, destination: out, threads: 1, log: (l, m) => l === 'warning' && warnings.push(m) });
    expect(warnings.join('\n')).toMatch(/duplicate dentry "aa\.txt"/);
    expect(r.metadataCopiedRaw).toBe(false);
    expect(r.blobsCopiedRaw).toBe(1);
    run('wimlib-imagex', ['verify', out]);
    expect(run('wimlib-imagex', ['dir', out, '1']).out.trim().split('\n').sort()).toEqual(['/', '/aa.txt']);
  });

  it('writes an integrity table, the boot index and the WIMBoot flag when asked', async () => {
    const src = path.join(dir, 'boot-src.wim');
    run('wimlib-imagex', ['capture', tree(), src, 'PE', '--compress=xpress']);
    const out = path.join(dir, 'boot.wim');
    await exportImage({ source: src, sourceIndex: 1, destination: out, checkIntegrity: true, setBootable: true, wimBoot: true, threads: 1 });
    const v = run('wimlib-imagex', ['verify', out]).out;
    expect(v).not.toMatch(/does not contain integrity information/);
    run('wimlib-imagex', ['info', out, '--check']);
    const info = wimInfo(out);
    expect(info).toMatch(/Boot Index:\s+1/);
    expect(info).toMatch(/WIMBoot compatible:\s+yes/);
    expect(info).toMatch(/Chunk Size:\s+4096/);
    expectValidWim(out, { tree: tree() });
    // A second export appends; the integrity table is kept, the boot index stays on image 1.
    await exportImage({ source: src, sourceIndex: 1, destination: out, destinationName: 'PE 2' });
    expect(run('wimlib-imagex', ['verify', out]).out).not.toMatch(/does not contain integrity information/);
    expect(wimInfo(out)).toMatch(/Boot Index:\s+1/);
  });

  it('carries the source XML over in DISM order (TOTALBYTES first, WIMBOOT, WINDOWS, NAME...)', async () => {
    const src = path.join(dir, 'xml-src.wim');
    run('wimlib-imagex', ['capture', tree(), src, 'Pro', 'Pro description', '--compress=none']);
    run('wimlib-imagex', ['info', src, '1', '--image-property', 'WINDOWS/EDITIONID=Professional', '--image-property', 'FLAGS=Professional', '--image-property', 'DISPLAYNAME=Windows Pro', '--image-property', 'WINDOWS/ARCH=9']);
    const out = path.join(dir, 'xml-out.wim');
    await exportImage({ source: src, sourceName: 'pro', destination: out, destinationName: 'Renamed' });
    const w = openWim(out);
    try {
      const xml = serializeXml(w.xml.root);
      expect(xml).toMatch(
        /^<WIM><TOTALBYTES>\d+<\/TOTALBYTES><IMAGE INDEX="1"><DIRCOUNT>\d+<\/DIRCOUNT><FILECOUNT>\d+<\/FILECOUNT><TOTALBYTES>\d+<\/TOTALBYTES><HARDLINKBYTES>\d+<\/HARDLINKBYTES><CREATIONTIME>.*<\/CREATIONTIME><LASTMODIFICATIONTIME>.*<\/LASTMODIFICATIONTIME><WIMBOOT>0<\/WIMBOOT><WINDOWS><EDITIONID>Professional<\/EDITIONID><ARCH>9<\/ARCH><\/WINDOWS><NAME>Renamed<\/NAME><DESCRIPTION>Pro description<\/DESCRIPTION><FLAGS>Professional<\/FLAGS><DISPLAYNAME>Windows Pro<\/DISPLAYNAME><\/IMAGE><\/WIM>$/,
      );
      // DISM counts: root directory not counted; hard links counted per link.
      const img = w.images[0];
      expect(img.fileCount).toBe(13); // 9 files + 1 hard link + 3 symlinks (the link to a directory counts as a file, as in wimlib)
      expect(img.dirCount).toBe(7);
      expect(w.xml.totalBytes).toBe(w.header.xmlData.offsetInWim);
    } finally {
      w.close();
    }
  });

  it('refuses a name clash or a bad index without changing the destination or leaving a file', async () => {
    const src = path.join(dir, 'clash-src.wim');
    run('wimlib-imagex', ['capture', tree(), src, 'Same', '--compress=xpress']);
    const out = path.join(dir, 'clash.wim');
    await exportImage({ source: src, sourceIndex: 1, destination: out });
    const before = fileHash(out);
    const mtime = fs.statSync(out).mtimeMs;
    await expect(exportImage({ source: src, sourceIndex: 1, destination: out })).rejects.toThrow(/already an image named "Same"/);
    await expect(exportImage({ source: src, sourceName: 'SAME', destination: out })).rejects.toBeInstanceOf(WimError);
    await expect(exportImage({ source: src, sourceIndex: 2, destination: out, destinationName: 'x' })).rejects.toMatchObject({ code: 'ImageNotFound' });
    expect(fileHash(out)).toBe(before);
    expect(fs.statSync(out).mtimeMs).toBe(mtime);
    const fresh = path.join(dir, 'never.wim');
    await expect(exportImage({ source: src, sourceIndex: 7, destination: fresh })).rejects.toMatchObject({ code: 'ImageNotFound' });
    // LZMS is written solid only (an .esd); non-solid LZMS is refused before any byte is written.
    await expect(exportImage({ source: src, sourceIndex: 1, destination: fresh, compression: 'recovery', solid: false })).rejects.toBeInstanceOf(WimError);
    expect(fs.existsSync(fresh)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('wimsh-tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('lets one writer hold a destination: a second fails cleanly at once, or waits its turn and appends', async () => {
    const src = path.join(dir, 'lock-src.wim');
    run('wimlib-imagex', ['capture', tree(), src, 'L', '--compress=none']);
    const out = path.join(dir, 'locked.wim');
    const results = await Promise.allSettled([
      exportImage({ source: src, sourceIndex: 1, destination: out, destinationName: 'A' }),
      exportImage({ source: src, sourceIndex: 1, destination: out, destinationName: 'B' }),
    ]);
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(failed).toHaveLength(1);
    expect(String(failed[0].reason)).toMatch(/being used by another process/);
    expectValidWim(out, { tree: tree() });

    const out2 = path.join(dir, 'waited.wim');
    const both = await Promise.all([
      exportImage({ source: src, sourceIndex: 1, destination: out2, destinationName: 'A', lockWaitMs: 20000 }),
      exportImage({ source: src, sourceIndex: 1, destination: out2, destinationName: 'B', lockWaitMs: 20000 }),
    ]);
    expect(both.map((r) => r.imageIndex).sort()).toEqual([1, 2]);
    expect(wimInfo(out2)).toMatch(/Image Count:\s+2/);
    expectValidWim(out2, { tree: tree(), index: 2 });
  });
});

describe('interrupted and crashed writers', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir('interrupt');
    makeTree(path.join(dir, 'tree'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes temporary files a crashed writer left beside the destination', async () => {
    const out = path.join(dir, 'dest.wim');
    const stale = path.join(dir, '.dest.wim.4242.abcdefgh.wimsh-tmp');
    const unrelated = path.join(dir, '.other.wim.4242.abcdefgh.wimsh-tmp');
    fs.writeFileSync(stale, 'half a WIM');
    fs.writeFileSync(unrelated, 'not ours');
    await captureImage({ sourceDir: path.join(dir, 'tree'), imagePath: out, name: 'X', compression: 'none' });
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(unrelated)).toBe(true);
  });

  it('on Ctrl+C drops the new file and fails the export; an interrupted append leaves the old WIM as it was', async () => {
    const { host, setHost } = await import('../../../../src/platform/host');
    const real = host();
    const handlers: (() => void)[] = [];
    setHost({ ...real, onInterrupt: (h: () => void) => (handlers.push(h), () => handlers.splice(handlers.indexOf(h), 1)) } as typeof real);
    try {
      const src = path.join(dir, 'src.wim');
      run('wimlib-imagex', ['capture', path.join(dir, 'tree'), src, 'S', '--compress=none']);
      const out = path.join(dir, 'interrupted.wim');
      const interruptMidway = (done: number, total: number): void => {
        if (done > total / 3) handlers.slice().forEach((h) => h());
      };
      await expect(exportImage({ source: src, sourceIndex: 1, destination: out, compression: 'fast', threads: 1, onProgress: interruptMidway })).rejects.toThrow(/canceled/);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('.interrupted.wim.'))).toEqual([]);

      const base = path.join(dir, 'base.wim');
      makeTree(path.join(dir, 'other'), 9);
      run('wimlib-imagex', ['capture', path.join(dir, 'other'), base, 'Base', '--compress=xpress']);
      const before = fileHash(base);
      await expect(exportImage({ source: src, sourceIndex: 1, destination: base, threads: 1, onProgress: interruptMidway })).rejects.toThrow(/canceled/);
      expect(fileHash(base)).toBe(before);
      expect(handlers).toHaveLength(0);
    } finally {
      setHost(real);
    }
  });
});

describe('destinations that cannot be written', () => {
  it('fails with a WimError, not a stack trace, when the destination directory does not exist', async () => {
    const dir = tmpDir('nodir');
    try {
      fs.mkdirSync(path.join(dir, 'tree'));
      fs.writeFileSync(path.join(dir, 'tree', 'f'), 'x');
      const out = path.join(dir, 'missing', 'out.wim');
      await expect(captureImage({ sourceDir: path.join(dir, 'tree'), imagePath: out, name: 'X', compression: 'none' })).rejects.toMatchObject({ code: 'PathNotFound' }); // DISM: 3, the path (not the file) is missing
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('integrity of the destination', () => {
  it('with checkIntegrity, refuses to append to a WIM that no longer matches its integrity table, changing nothing', async () => {
    const dir = tmpDir('integrity');
    try {
      makeTree(path.join(dir, 'tree'));
      const src = path.join(dir, 'src.wim');
      run('wimlib-imagex', ['capture', path.join(dir, 'tree'), src, 'S', '--compress=none']);
      const dest = path.join(dir, 'dest.wim');
      run('wimlib-imagex', ['capture', path.join(dir, 'tree'), dest, 'D', '--compress=none', '--check']);
      // Flip a byte of file data (covered by the integrity table).
      const fd = fs.openSync(dest, 'r+');
      const b = Buffer.alloc(1);
      fs.readSync(fd, b, 0, 1, 300);
      b[0] ^= 0xff;
      fs.writeSync(fd, b, 0, 1, 300);
      fs.closeSync(fd);
      const before = fileHash(dest);
      await expect(exportImage({ source: src, sourceIndex: 1, destination: dest, checkIntegrity: true })).rejects.toMatchObject({ code: 'IntegrityCheckFailed' });
      expect(fileHash(dest)).toBe(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
