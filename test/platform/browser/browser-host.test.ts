/*
 * The browser host (src/platform/browser): its plain-JavaScript SHA-1, text encodings and POSIX paths agree with
 * Node's; its in-memory file system carries the real thing: with it installed, the WIM core captures a small tree
 * into a WIM, reads the WIM back (every blob's SHA-1 checked by the JavaScript SHA-1) and applies it, and the
 * engine runs a line of PowerShell, none of it touching the disk.
 */
import * as nodeFs from 'node:fs';
import * as nodePath from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { host, setHost, type Host } from '../../../src/platform/host';
import { createBrowserHost, HostExit } from '../../../src/platform/browser/browser-host';
import { JsSha1 } from '../../../src/platform/browser/sha1';
import { jsText } from '../../../src/platform/browser/text';
import { createPosixPath } from '../../../src/platform/browser/posix-path';
import { nodeText } from '../../../src/platform/node/node-text';

describe('SHA-1 in JavaScript', () => {
  test('equals node:crypto for lengths around the block and padding edges, in any split', () => {
    const data = new Uint8Array(300).map((_, i) => (i * 167 + 13) & 255);
    for (const len of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 129, 300]) {
      const want = createHash('sha1').update(data.subarray(0, len)).digest();
      for (const cut of [0, 1, 63, 64, Math.floor(len / 2), len]) {
        if (cut > len) continue;
        const h = new JsSha1();
        h.update(data, 0, cut);
        h.update(data, cut, len - cut);
        expect(Buffer.from(h.digest()).equals(want)).toBe(true);
      }
    }
    const out = new Uint8Array(30);
    const h = new JsSha1();
    h.update(new TextEncoder().encode('abc'), 0, 3);
    h.digest(out, 5);
    expect(Buffer.from(out.subarray(5, 25)).toString('hex')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  test('random data, random pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(300), { maxLength: 8 }), (bytes, cuts) => {
        const h = new JsSha1();
        let p = 0;
        for (const c of cuts) {
          const n = Math.min(c, bytes.length - p);
          h.update(bytes, p, n);
          p += n;
        }
        h.update(bytes, p, bytes.length - p);
        return Buffer.from(h.digest()).equals(createHash('sha1').update(bytes).digest());
      }),
      { numRuns: 200 },
    );
  });
});

describe('text encodings in JavaScript equal Buffer\'s (the Node.js adapter)', () => {
  const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
  test('decoding any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(jsText.utf8Decode(b)).toBe(nodeText.utf8Decode(b));
        expect(jsText.utf16leDecode(b)).toBe(nodeText.utf16leDecode(b));
        if (b.length % 2 === 0) expect(jsText.utf16beDecode(b)).toBe(nodeText.utf16beDecode(b));
        else expect(() => jsText.utf16beDecode(b)).toThrow(RangeError);
        expect(jsText.base64Encode(b)).toBe(nodeText.base64Encode(b));
      }),
      { numRuns: 300 },
    );
    expect(jsText.utf8Decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('\ufeffA'); // the BOM is kept
  });

  test('encoding any string (lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), fc.string({ unit: fc.constantFrom('\ud800', '\udc00', 'a', 'é'), maxLength: 10 }), (s1, s2) => {
        const s = s1 + s2;
        expect(same(jsText.utf8Encode(s), nodeText.utf8Encode(s))).toBe(true);
        expect(jsText.utf8Length(s)).toBe(nodeText.utf8Length(s));
        expect(same(jsText.utf16leEncode(s), nodeText.utf16leEncode(s))).toBe(true);
        expect(same(jsText.latin1Encode(s), nodeText.latin1Encode(s))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test('lenient base64 decoding', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \n.*é';
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet.split('')), maxLength: 60 }), (s) => {
        expect(Array.from(jsText.base64Decode(s))).toEqual(Array.from(nodeText.base64Decode(s)));
      }),
      { numRuns: 500 },
    );
  });
});

test('POSIX paths equal node:path.posix', () => {
  const p = createPosixPath(() => '/home/u');
  const cases = ['', '.', '..', '/', '//', 'a', 'a/', '/a/b/', 'a/./b/../c', '../../x', '/a/../../b', 'a//b', '.hidden', 'f.tar.gz', 'dir/.x', '/x.', 'a/b.wim', '...', '.a.', '..a', 'b.wim'];
  for (const c of cases) {
    expect([c, p.normalize(c)]).toEqual([c, nodePath.posix.normalize(c)]);
    expect([c, p.dirname(c)]).toEqual([c, nodePath.posix.dirname(c)]);
    expect([c, p.basename(c)]).toEqual([c, nodePath.posix.basename(c)]);
    expect([c, p.basename(c, '.wim')]).toEqual([c, nodePath.posix.basename(c, '.wim')]);
    expect([c, p.extname(c)]).toEqual([c, nodePath.posix.extname(c)]);
    expect([c, p.isAbsolute(c)]).toEqual([c, nodePath.posix.isAbsolute(c)]);
    expect([c, p.resolve(c)]).toEqual([c, nodePath.posix.resolve('/home/u', c)]);
    expect([c, p.join('x', c)]).toEqual([c, nodePath.posix.join('x', c)]);
    expect([c, p.relative('/home/u/a', c)]).toEqual([c, nodePath.posix.relative('/home/u/a', nodePath.posix.resolve('/home/u', c))]);
  }
  expect(p.resolve('a', '/b', 'c')).toBe('/b/c');
  expect(p.join('a', '', 'b')).toBe('a/b');
});

describe('over the in-memory file system', () => {
  let saved: Host;
  let b: ReturnType<typeof createBrowserHost>;
  let out = '';
  const root = `/wimsh-browser-${process.pid}`; // if anything reached the real disk, it would show up here
  beforeEach(() => {
    saved = host();
    out = '';
    b = createBrowserHost({ stdout: (t) => void (out += t), stderr: (t) => void (out += `[err]${t}`), env: { HOME: '/home/user', WIMSH_DRIVE_C: `${root}/c` } });
    setHost(b);
  });
  afterEach(() => {
    setHost(saved);
    expect(nodeFs.existsSync(root)).toBe(false);
  });

  test('the file system behaves like a POSIX one where the core relies on it', () => {
    const fs = b.fs;
    fs.mkdirSync(`${root}/d/e`, { recursive: true });
    fs.writeFileSync(`${root}/d/f.txt`, 'hello');
    fs.appendFileSync(`${root}/d/f.txt`, new Uint8Array([33]));
    expect(fs.readTextFileSync(`${root}/d/f.txt`)).toBe('hello!');
    fs.symlinkSync('f.txt', `${root}/d/link`);
    fs.linkSync(`${root}/d/f.txt`, `${root}/d/hard`);
    expect(fs.lstatSync(`${root}/d/link`).isSymbolicLink()).toBe(true);
    expect(fs.statSync(`${root}/d/link`).ino).toBe(fs.statSync(`${root}/d/f.txt`).ino);
    expect(fs.statSync(`${root}/d/hard`).nlink).toBe(2);
    expect(fs.realpathSync(`${root}/d/e/../link`)).toBe(`${root}/d/f.txt`);
    expect(fs.readdirSync(`${root}/d`)).toEqual(['e', 'f.txt', 'hard', 'link']);
    expect(() => fs.openSync(`${root}/d/f.txt`, 'wx')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => fs.statSync(`${root}/nope/x`)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => fs.statSync(`${root}/d/f.txt/x`)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => fs.rmdirSync(`${root}/d`)).toThrow(expect.objectContaining({ code: 'ENOTEMPTY' }));
    const fd = fs.openSync(`${root}/d/f.txt`, 'r+');
    fs.writeSync(fd, new Uint8Array([1, 2]), 0, 2, 8); // past the end: a gap of zeros
    fs.ftruncateSync(fd, 9);
    expect(Array.from(fs.readFileSync(`${root}/d/hard`))).toEqual([...'hello!'].map((c) => c.charCodeAt(0)).concat([0, 0, 1]));
    fs.closeSync(fd);
    fs.utimesSync(`${root}/d/f.txt`, 1000, new Date(5000));
    expect(fs.statSync(`${root}/d/f.txt`).mtimeMs).toBe(5000);
    fs.renameSync(`${root}/d/e`, `${root}/e2`);
    fs.rmSync(`${root}/d`, { recursive: true });
    expect(fs.readdirSync(root)).toEqual(['e2']);
    expect(() => b.exit(3)).toThrow(HostExit);
  });

  test('nextTurn calls back on a later macrotask, after the pending microtasks', async () => {
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => b.nextTurn(() => resolve(void seen.push('turn'))));
    void Promise.resolve().then(() => seen.push('microtask'));
    seen.push('sync');
    await done;
    expect(seen).toEqual(['sync', 'microtask', 'turn']);
  });

  test('the WIM core captures a tree into a WIM, reads it back and applies it, all in memory', async () => {
    const fs = b.fs;
    const src = `${root}/src`;
    fs.mkdirSync(`${src}/sub/deeper`, { recursive: true });
    const big = new Uint8Array(100000).map((_, i) => ((i * 7) ^ (i >> 5)) & 255);
    fs.writeFileSync(`${src}/big.bin`, big);
    fs.writeFileSync(`${src}/sub/a.txt`, 'the quick brown fox\n'.repeat(500));
    fs.writeFileSync(`${src}/sub/deeper/same.bin`, big); // the same data: one blob
    fs.writeFileSync(`${src}/empty`, '');
    fs.symlinkSync('sub/a.txt', `${src}/link`);
    const { captureImage, openWim, listImageContent, verifyWim, applyImage } = await import('../../../src/formats/wim/index');
    const wimPath = `${root}/out/test.wim`;
    fs.mkdirSync(`${root}/out`);
    const r = await captureImage({ sourceDir: src, imagePath: wimPath, name: 'In memory', compression: 'xpress', checkIntegrity: true });
    expect(r.imageCount).toBe(1);
    expect(fs.statSync(wimPath).size).toBeGreaterThan(1000);
    expect(fs.readdirSync(`${root}/out`)).toEqual(['test.wim']); // the temporary renamed into place, the lock gone

    const wim = openWim(wimPath);
    try {
      expect(wim.imageCount).toBe(1);
      expect(wim.checkIntegrity()).toBe('ok');
      verifyWim(wim);
      expect(listImageContent(wim, 1).map((e) => e.path)).toEqual(
        expect.arrayContaining(['\\big.bin', '\\empty', '\\link', '\\sub', '\\sub\\a.txt', '\\sub\\deeper', '\\sub\\deeper\\same.bin']),
      );
      const applied = `${root}/applied`;
      fs.mkdirSync(applied);
      applyImage(wim, 1, applied);
      expect(Buffer.from(fs.readFileSync(`${applied}/sub/deeper/same.bin`)).equals(Buffer.from(big))).toBe(true);
      expect(fs.readTextFileSync(`${applied}/sub/a.txt`)).toBe('the quick brown fox\n'.repeat(500));
      expect(fs.readlinkSync(`${applied}/link`)).toBe('sub/a.txt');
      expect(fs.statSync(`${applied}/empty`).size).toBe(0);
    } finally {
      wim.close();
    }
  });

  test('the engine parses and evaluates a line, with files and Windows paths in memory', async () => {
    b.fs.mkdirSync(`${root}/c/Work`, { recursive: true });
    const { createRunspace } = await import('../../../src/lang/runtime/runspace');
    const { registry } = await import('../../../cmdlets/index');
    const rs = createRunspace({ interactive: false, registry });
    const r = await rs.runScript("Set-Content -Path C:\\work\\n.txt -Value 'x','y'; (Get-Content C:\\Work\\N.TXT).Count * 21; [Convert]::ToBase64String([byte[]](1,2,3))");
    expect(out).toBe('42\nAQID\n');
    expect(r.exitCode).toBe(0);
    expect(b.fs.readTextFileSync(`${root}/c/Work/n.txt`)).toBe('x\r\ny\r\n');
  });
});
