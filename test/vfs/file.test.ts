/*
 * Random-access files (host and in-memory), the in-memory volume and the mount table.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostFile, MemoryFile, readFully, writeFully, type RandomAccessFile } from '../../src/vfs/file';
import { MemoryVolume, canonicalPath, findMount, mountVolume, openFile, readDirectory, unmountVolume } from '../../src/vfs/mounts';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-vfs-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The same checks on any kind of file, new and empty. */
function exercise(f: RandomAccessFile): void {
  expect(f.size()).toBe(0);
  writeFully(f, new Uint8Array([1, 2, 3, 4, 5]), 1, 3, 0); // 2 3 4
  writeFully(f, new Uint8Array([9]), 0, 1, 6); // a gap at 3..5 reads as zeros
  expect(f.size()).toBe(7);
  const b = new Uint8Array(10).fill(0xee);
  expect(f.read(b, 1, 9, 0)).toBe(7); // a short read: the file ends first
  expect(Array.from(b)).toEqual([0xee, 2, 3, 4, 0, 0, 0, 9, 0xee, 0xee]);
  expect(f.read(b, 0, 4, 7)).toBe(0); // at the end
  expect(f.read(b, 0, 4, 100)).toBe(0); // past it
  f.truncate(2);
  expect(f.size()).toBe(2);
  f.truncate(5); // grows with zeros, not the bytes cut before
  const c = new Uint8Array(5);
  readFully(f, c, 0, 5, 0);
  expect(Array.from(c)).toEqual([2, 3, 0, 0, 0]);
  expect(() => readFully(f, c, 0, 2, 4)).toThrow(/end of file/);
  f.sync();
  f.close();
  expect(() => f.size()).toThrow(expect.objectContaining({ code: 'EBADF' }));
  f.close(); // twice is harmless
}

test('a host file', () => {
  const p = path.join(work, 'a.bin');
  exercise(new HostFile(p, 'wx+'));
  expect(Array.from(fs.readFileSync(p))).toEqual([2, 3, 0, 0, 0]);
  const r = new HostFile(p);
  expect(r.path).toBe(p);
  expect(r.size()).toBe(5);
  expect(() => r.write(new Uint8Array(1), 0, 1, 0)).toThrow(); // opened to read
  r.close();
  expect(() => new HostFile(work)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  expect(() => new HostFile(path.join(work, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
});

test('an in-memory file', () => {
  exercise(new MemoryFile('mem:/a'));
  const initial = new Uint8Array([7, 8]);
  const m = new MemoryFile('mem:/b', initial);
  m.write(new Uint8Array([6]), 0, 1, 0);
  expect(initial[0]).toBe(6); // the file is the array given, not a copy
  m.write(new Uint8Array(5000), 0, 5000, 2); // grows into an array of its own
  expect(m.bytes().length).toBe(5002);
  expect(Array.from(m.bytes().subarray(0, 2))).toEqual([6, 8]);
});

describe('volumes and mounts', () => {
  const at = path.join(os.tmpdir(), `wimsh-vfs-mount-${process.pid}`);
  let vol: MemoryVolume;
  beforeEach(() => {
    vol = new MemoryVolume();
    vol.addFile('sources/install.wim', new Uint8Array([1, 2, 3]));
    vol.addFile('sources/boot.wim', new Uint8Array([4]));
    vol.addFile('setup.exe', new Uint8Array([5]));
    mountVolume(at, vol);
  });
  afterEach(() => {
    unmountVolume(at);
  });

  test('paths at and under the mount point resolve into the volume; others are host paths', () => {
    expect(findMount(at)).toEqual({ volume: vol, rel: '' });
    expect(findMount(`${at}/sources/install.wim`)).toEqual({ volume: vol, rel: 'sources/install.wim' });
    expect(findMount(`${at}-other/x`)).toBeUndefined();
    expect(findMount(work)).toBeUndefined();
    expect(readDirectory(at).sort()).toEqual(['setup.exe', 'sources']);
    expect(readDirectory(`${at}/sources`).sort()).toEqual(['boot.wim', 'install.wim']);
    expect(() => readDirectory(`${at}/nope`)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(canonicalPath(`${at}/sources/../setup.exe`)).toBe(`${at}/setup.exe`);
    expect(readDirectory(work)).toEqual(fs.readdirSync(work));
  });

  test('files open as handles of their own over the volume\'s bytes', () => {
    const f = openFile(`${at}/sources/install.wim`);
    expect(f.path).toBe(`${at}/sources/install.wim`);
    const b = new Uint8Array(3);
    readFully(f, b, 0, 3, 0);
    expect(Array.from(b)).toEqual([1, 2, 3]);
    const w = openFile(`${at}/sources/install.wim`, 'r+');
    w.write(new Uint8Array([9, 9, 9, 9]), 0, 4, 2);
    w.close();
    expect(f.size()).toBe(6); // the other handle sees the write
    f.close();
    expect(() => openFile(`${at}/sources/missing.wim`)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => openFile(`${at}/setup.exe`, 'wx')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    const n = openFile(`${at}/new/out.wim`, 'wx+');
    n.write(new Uint8Array([1]), 0, 1, 0);
    n.close();
    expect(readDirectory(at).sort()).toEqual(['new', 'setup.exe', 'sources']);
    expect(openFile(`${at}/setup.exe`, 'w').size()).toBe(0); // 'w' truncates
  });

  test('the longest mount point wins; unmounting restores the host path', () => {
    const inner = new MemoryVolume();
    inner.addFile('x', new Uint8Array([42]));
    mountVolume(`${at}/sources`, inner);
    expect(findMount(`${at}/sources/x`)).toEqual({ volume: inner, rel: 'x' });
    expect(findMount(`${at}/setup.exe`)?.volume).toBe(vol);
    expect(unmountVolume(`${at}/sources`)).toBe(true);
    expect(unmountVolume(`${at}/sources`)).toBe(false);
    expect(findMount(`${at}/sources/x`)?.volume).toBe(vol);
    unmountVolume(at);
    expect(() => openFile(`${at}/setup.exe`)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
