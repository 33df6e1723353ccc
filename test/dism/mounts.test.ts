/*
 * The mounted-image registry (src/dism/mounts.ts) without PowerShell: records written whole and seen by another
 * registry object (another process reads the same files), the statuses (a mount that did not finish, a directory
 * or WIM gone, a WIM rewritten), the refusals (a directory holding a mount, two read-write mounts of one image),
 * concurrent begins serialized by the lock, snapshots kept and dropped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MountRegistry, emptyDirectory, wimIdentity } from '../../src/dism/mounts';

let dir: string;
let wim: string;
let mnt: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-mounts-'));
  wim = path.join(dir, 'x.wim');
  fs.writeFileSync(wim, Buffer.alloc(300, 1));
  mnt = path.join(dir, 'mnt');
  fs.mkdirSync(mnt);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const mount = (over: Partial<{ index: number; mountPath: string; readOnly: boolean }> = {}) => ({
  imagePath: wim,
  imagePathDisplay: 'C:\\x.wim',
  index: over.index ?? 1,
  mountPath: over.mountPath ?? mnt,
  mountPathDisplay: 'C:\\mnt',
  readOnly: over.readOnly ?? false,
});

test('a mount is Invalid until it completes, then Ok; another registry object sees the same record', async () => {
  const reg = new MountRegistry(path.join(dir, 'reg'));
  const rec = await reg.begin(mount());
  expect(rec.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(reg.list().map((m) => m.status)).toEqual(['Invalid']);
  await reg.complete(rec.id, new Map([['', { ino: 1, size: 0, mtimeMs: 2, ctimeMs: 3 }]]));
  const other = new MountRegistry(path.join(dir, 'reg'));
  const m = other.find(mnt)!;
  expect(m).toMatchObject({ id: rec.id, imagePath: wim, index: 1, readOnly: false, state: 'mounted', status: 'Ok' });
  expect(other.snapshot(rec.id)!.get('')).toEqual({ ino: 1, size: 0, mtimeMs: 2, ctimeMs: 3 });
  // Only the records and snapshots are left in the registry (no lock, no temporary file).
  expect(fs.readdirSync(path.join(dir, 'reg')).sort()).toEqual([`${rec.id}.files.json`, `${rec.id}.json`]);
  await other.remove(rec.id);
  expect(reg.list()).toEqual([]);
});

test('a gone directory or WIM is Invalid, a rewritten WIM NeedsRemount until remounted', async () => {
  const reg = new MountRegistry(path.join(dir, 'reg'));
  const rec = await reg.begin(mount());
  await reg.complete(rec.id, new Map());
  // Data appended after the header (a save killed half-way) does not change the WIM's identity.
  fs.appendFileSync(wim, Buffer.alloc(100, 2));
  expect(reg.find(mnt)!.status).toBe('Ok');
  const fd = fs.openSync(wim, 'r+');
  fs.writeSync(fd, Buffer.from([9]), 0, 1, 20);
  fs.closeSync(fd);
  expect(reg.find(mnt)).toMatchObject({ status: 'NeedsRemount', reason: expect.stringContaining('changed') });
  await reg.remount(rec.id);
  expect(reg.find(mnt)!.status).toBe('Ok');
  expect(reg.snapshot(rec.id)).toBeUndefined();
  fs.renameSync(wim, wim + '.moved');
  expect(reg.find(mnt)).toMatchObject({ status: 'Invalid', reason: expect.stringContaining('image file') });
  fs.renameSync(wim + '.moved', wim);
  fs.rmSync(mnt, { recursive: true });
  expect(reg.list()[0]).toMatchObject({ status: 'Invalid', reason: expect.stringContaining('directory') });
});

test('refuses a second mount into a directory, and a second read-write mount of one image', async () => {
  const reg = new MountRegistry(path.join(dir, 'reg'));
  await reg.begin(mount());
  await expect(reg.begin(mount({ readOnly: true }))).rejects.toMatchObject({ hresult: 0xc1420113 });
  const other = path.join(dir, 'mnt2');
  fs.mkdirSync(other);
  await expect(reg.begin(mount({ mountPath: other }))).rejects.toMatchObject({ hresult: 0xc1420127 });
  // Read-only beside a read-write mount, or another index, is allowed.
  await expect(reg.begin(mount({ mountPath: other, readOnly: true }))).resolves.toBeTruthy();
  const third = path.join(dir, 'mnt3');
  fs.mkdirSync(third);
  await expect(reg.begin(mount({ mountPath: third, index: 2 }))).resolves.toBeTruthy();
});

test('concurrent read-write mounts of one image: exactly one wins', async () => {
  const regs = [0, 1, 2, 3].map(() => new MountRegistry(path.join(dir, 'reg')));
  const dirs = regs.map((_, i) => path.join(dir, `m${i}`));
  for (const d of dirs) fs.mkdirSync(d);
  const results = await Promise.allSettled(regs.map((r, i) => r.begin(mount({ mountPath: dirs[i] }))));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ hresult: 0xc1420127 });
});

test('wimIdentity: the inode and header of the file; undefined when it is gone', () => {
  const a = wimIdentity(wim)!;
  expect(a.ino).toBe(fs.statSync(wim).ino);
  expect(a.header).toMatch(/^[0-9a-f]{40}$/);
  expect(wimIdentity(path.join(dir, 'nope.wim'))).toBeUndefined();
});

test('emptyDirectory removes what is inside, not what links point to', async () => {
  const outside = path.join(dir, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'keep.txt'), 'keep');
  fs.mkdirSync(path.join(mnt, 'sub'));
  fs.writeFileSync(path.join(mnt, 'sub', 'f'), 'x');
  fs.symlinkSync(outside, path.join(mnt, 'link'));
  await emptyDirectory(mnt);
  expect(fs.readdirSync(mnt)).toEqual([]);
  expect(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('keep');
});

test("a record file a killed process left half-written is removed by the next locked write; the dead lock is taken over", async () => {
  const regDir = path.join(dir, 'reg');
  const reg = new MountRegistry(regDir);
  const rec = await reg.begin(mount());
  const names = fs.readdirSync(regDir);
  // Our own temporary names carry pid-host-start: make one with the pid of a process that has ended.
  const dead = Number(require('node:child_process').spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
  const { ownerTag } = await import('../../src/formats/wim/write/lock');
  const [, hostHash, startHash] = ownerTag().split('-');
  const leftover = `.${rec.id}.json.${dead}-${hostHash}-${startHash}.a1b2c3d4.wimsh-tmp`;
  fs.writeFileSync(path.join(regDir, leftover), '{"half":');
  fs.writeFileSync(path.join(regDir, 'registry.lock'), JSON.stringify({ pid: dead, host: os.hostname(), started: '', id: 'k' }));
  expect(reg.list().length).toBe(1);
  await reg.remove(rec.id);
  expect(fs.readdirSync(regDir)).toEqual(names.filter((n) => !n.startsWith(rec.id)));
});
