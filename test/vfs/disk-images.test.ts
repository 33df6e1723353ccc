/*
 * The vfs side of attached disk images: the registry under $WIMSH_HOME drives this process's mounts (lazily opened,
 * unmounted when a record goes), the next free letter, and vfs-fs serving stat/list/read/copy for a mounted volume
 * while refusing writes under a read-only one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { driveRoot, resolvePath } from '../../src/vfs/drives';
import { chooseDriveLetter, installDiskImageOpener, readDiskImages, writeDiskImages, type DiskImageRecord } from '../../src/vfs/disk-images';
import { MemoryVolume, findMount } from '../../src/vfs/mounts';
import { copyFile, isReadOnlyVolumePath, listDirectory, pathExists, readWholeFile, refuseWrite, statPath } from '../../src/vfs/vfs-fs';

let dir: string;
const saved = { ...process.env };
const opened: string[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-vfs-disk-'));
  for (const k of Object.keys(process.env)) if (/^WIMSH_DRIVE_/i.test(k)) delete process.env[k];
  process.env.WIMSH_HOME = path.join(dir, 'home');
  // An opener over an in-memory volume marked read-only: what the Storage module installs over the disc readers.
  installDiskImageOpener((file) => {
    opened.push(file.path);
    file.close();
    const v = new MemoryVolume();
    v.addFile('sources/install.wim', new TextEncoder().encode('MSWIM'));
    v.addFile('readme.txt', new TextEncoder().encode('hi'));
    return Object.assign(v, { readOnly: true, close: () => undefined });
  });
});
afterAll(() => {
  writeDiskImages([]);
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

const record = (letter: string, imagePath = path.join(dir, `${letter}.iso`)): DiskImageRecord => {
  if (!fs.existsSync(imagePath)) fs.writeFileSync(imagePath, '');
  return { imagePath, displayPath: imagePath, letter, number: 0, fileSize: 1, size: 1, label: 'L', fileSystem: 'UDF' };
};

test('a recorded drive mounts on the first drive lookup and opens its image only when used', () => {
  writeDiskImages([record('E')]);
  const p = resolvePath('E:\\sources\\install.wim');
  expect(p.startsWith(driveRoot('E'))).toBe(true);
  expect(opened).toEqual([]);
  expect(findMount(p)).toBeDefined();
  expect(pathExists(p)).toBe(true);
  expect(opened).toEqual([path.join(dir, 'E.iso')]);
  expect(statPath(resolvePath('E:\\sources')).isDirectory()).toBe(true);
  expect(listDirectory(resolvePath('E:\\')).sort()).toEqual(['readme.txt', 'sources']);
  expect(new TextDecoder().decode(readWholeFile(resolvePath('E:\\readme.txt')))).toBe('hi');
  const out = path.join(dir, 'copy.txt');
  copyFile(resolvePath('E:\\readme.txt'), out);
  expect(fs.readFileSync(out, 'utf8')).toBe('hi');
});

test('writes under a read-only volume fail with EROFS; host paths are untouched', () => {
  writeDiskImages([record('E')]);
  const p = resolvePath('E:\\new.txt');
  expect(isReadOnlyVolumePath(p)).toBe(true);
  expect(() => refuseWrite(p)).toThrow(expect.objectContaining({ code: 'EROFS' }));
  expect(() => copyFile(path.join(dir, 'copy.txt'), p)).toThrow(expect.objectContaining({ code: 'EROFS' }));
  expect(isReadOnlyVolumePath(path.join(dir, 'x'))).toBe(false);
});

test('a record removed (by this or another process) unmounts its drive', () => {
  writeDiskImages([record('E')]);
  const p = resolvePath('E:\\readme.txt');
  expect(findMount(p)).toBeDefined();
  writeDiskImages([]);
  resolvePath('E:\\readme.txt');
  expect(findMount(p)).toBeUndefined();
  expect(readDiskImages()).toEqual([]);
});

test('the next free letter skips held letters, mapped drives and non-empty drive directories', () => {
  const img = path.join(dir, 'x.iso');
  expect(chooseDriveLetter(img, [])).toBe('D');
  expect(chooseDriveLetter(img, [record('D')])).toBe('E');
  process.env.WIMSH_DRIVE_E = path.join(dir, 'e-dir');
  fs.mkdirSync(driveRoot('F'), { recursive: true });
  fs.writeFileSync(path.join(driveRoot('F'), 'user-file'), 'x');
  expect(chooseDriveLetter(img, [record('D')])).toBe('G');
  process.env.WIMSH_DRIVE_K = img;
  expect(chooseDriveLetter(img, [record('D')])).toBe('K');
  delete process.env.WIMSH_DRIVE_E;
  delete process.env.WIMSH_DRIVE_K;
});
