/*
 * The write barrier of read-only volumes (src/vfs/write-barrier.ts): with a read-only volume mounted, the host's
 * file door itself refuses every write under it with EROFS ("The media is write protected." once mapped), whoever
 * calls it; paths elsewhere and reads are untouched, and unmounting lifts it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { host } from '../../src/platform/host';
import { mountVolume, unmountVolume, type Volume } from '../../src/vfs/mounts';
import { windowsIoError } from '../../src/vfs/vfs-fs';

let dir: string;
/** The mount point: a host directory that exists, so that a write the barrier missed would land there and show. */
let at: string;
const readOnly: Volume = {
  readOnly: true,
  open: () => {
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  },
  readdir: () => [],
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-barrier-'));
  at = path.join(dir, 'drive');
  fs.mkdirSync(path.join(at, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(at, 'file.txt'), 'on the medium');
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'outside');
});
afterAll(() => {
  unmountVolume(at);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every mutation of the host file door under a read-only volume fails with EROFS and changes nothing', () => {
  mountVolume(at, readOnly);
  const h = host().fs;
  const inside = (p: string) => path.join(at, p);
  const attempts: Array<[string, () => unknown]> = [
    ['writeFileSync', () => h.writeFileSync(inside('new.txt'), 'x')],
    ['appendFileSync', () => h.appendFileSync(inside('file.txt'), 'x')],
    ['openSync w', () => h.openSync(inside('new.txt'), 'w')],
    ['openSync r+', () => h.openSync(inside('file.txt'), 'r+')],
    ['openSync a', () => h.openSync(inside('file.txt'), 'a')],
    ['mkdirSync', () => h.mkdirSync(inside('d'), { recursive: true })],
    ['rmSync', () => h.rmSync(inside('sub'), { recursive: true, force: true })],
    ['unlinkSync', () => h.unlinkSync(inside('file.txt'))],
    ['rmdirSync', () => h.rmdirSync(inside('sub'))],
    ['renameSync from', () => h.renameSync(inside('file.txt'), path.join(dir, 'taken.txt'))],
    ['renameSync to', () => h.renameSync(path.join(dir, 'outside.txt'), inside('moved.txt'))],
    ['copyFileSync to', () => h.copyFileSync(path.join(dir, 'outside.txt'), inside('copy.txt'))],
    ['symlinkSync', () => h.symlinkSync('file.txt', inside('link'))],
    ['linkSync', () => h.linkSync(path.join(dir, 'outside.txt'), inside('hard'))],
    ['utimesSync', () => h.utimesSync(inside('file.txt'), 0, 0)],
    ['chmodSync', () => h.chmodSync(inside('file.txt'), 0o444)],
    ['mkdtempSync', () => h.mkdtempSync(inside('tmp-'))],
  ];
  const before = fs.statSync(path.join(at, 'file.txt'));
  for (const [name, attempt] of attempts) {
    let code: unknown;
    try {
      attempt();
    } catch (e) {
      code = (e as { code?: unknown }).code;
    }
    expect({ name, code }).toEqual({ name, code: 'EROFS' });
  }
  expect(fs.readdirSync(at).sort()).toEqual(['file.txt', 'sub']);
  expect(fs.readdirSync(dir).sort()).toEqual(['drive', 'outside.txt']);
  const after = fs.statSync(path.join(at, 'file.txt'));
  expect([after.size, after.mtimeMs, after.mode]).toEqual([before.size, before.mtimeMs, before.mode]);
  // Windows' text for it, as every writer reports it.
  let err: unknown;
  try {
    h.writeFileSync(inside('new.txt'), 'x');
  } catch (e) {
    err = e;
  }
  expect(windowsIoError(err, 'E:\\new.txt')).toEqual({ type: 'IOException', fullName: 'System.IO.IOException', message: 'The media is write protected.' });
});

test('reads under it, and writes elsewhere, go through; unmounting lifts the barrier', () => {
  mountVolume(at, readOnly);
  const h = host().fs;
  const fd = h.openSync(path.join(at, 'file.txt'), 'r');
  h.closeSync(fd);
  h.writeFileSync(path.join(dir, 'elsewhere.txt'), 'ok');
  expect(fs.readFileSync(path.join(dir, 'elsewhere.txt'), 'utf8')).toBe('ok');
  unmountVolume(at);
  h.writeFileSync(path.join(at, 'after.txt'), 'writable again');
  expect(fs.readFileSync(path.join(at, 'after.txt'), 'utf8')).toBe('writable again');
});
