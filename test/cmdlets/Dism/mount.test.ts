/*
 * The mount life cycle through the CLI, as a script runs it: Mount-WindowsImage, edits in the directory,
 * Dismount-WindowsImage -Save/-Discard/-Append, Save-WindowsImage, read-only mounts, Get-WindowsImage -Mounted and
 * its statuses, Clear-WindowsCorruptMountPoint, -Remount, a save killed with SIGKILL, hostile names in the image.
 * wimlib-imagex is the oracle: the WIM verifies, and the applied image equals the edited tree.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureImage } from '../../../src/formats/wim/ops/capture';
import { openWim } from '../../../src/formats/wim/wim';
import { MountRegistry } from '../../../src/dism/mounts';
import { BIN, type Sandbox, errorShape, sandbox, sha256, wimlib } from './helpers';
import { expectValidWim, makeTree } from '../../formats/wim/write/helpers';

let sb: Sandbox;
let wim: string;
let n = 0;
const tree1 = () => path.join(sb.dir, 'tree1');
const tree2 = () => path.join(sb.dir, 'tree2');

beforeAll(() => {
  sb = sandbox('mount');
  makeTree(tree1(), 0);
  makeTree(tree2(), 3);
});
afterAll(() => sb.cleanup());

/** A fresh two-image WIM at C:\wims\<n>.wim; returns its C: path. */
async function freshWim(): Promise<string> {
  const rel = `wims\\${++n}.wim`;
  wim = sb.cpath(rel);
  fs.mkdirSync(path.dirname(wim), { recursive: true });
  await captureImage({ sourceDir: tree1(), imagePath: wim, name: 'One', compression: 'lzx' });
  await captureImage({ sourceDir: tree2(), imagePath: wim, name: 'Two', append: true });
  return `C:\\${rel}`;
}

/** An empty directory C:\<name>; returns its native path. */
function emptyDir(name: string): string {
  const p = sb.cpath(name);
  fs.rmSync(p, { recursive: true, force: true });
  fs.mkdirSync(p, { recursive: true });
  return p;
}

function ok(script: string): string {
  const r = sb.run(script);
  if (r.code !== 0 || r.stderr) throw new Error(`script failed (${r.code}):\n${script}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** add, change, delete, rename, hard link, symlink, empty dir. */
function edit(dir: string): void {
  fs.writeFileSync(path.join(dir, 'added.txt'), 'a new file\n');
  fs.writeFileSync(path.join(dir, 'text/big.txt'), Buffer.alloc(50_000, 'changed '));
  fs.rmSync(path.join(dir, 'random/noise-dup.bin'));
  fs.renameSync(path.join(dir, 'Case/a.txt'), path.join(dir, 'Case/renamed.txt'));
  fs.linkSync(path.join(dir, 'added.txt'), path.join(dir, 'sub/added-link.txt'));
  fs.symlinkSync('../added.txt', path.join(dir, 'sub/new-symlink'));
  fs.mkdirSync(path.join(dir, 'new-empty-dir'));
}

/** A copy of `dir` (links, hard links and times kept) to compare the applied image with. */
function copyTree(dir: string): string {
  const out = path.join(sb.dir, `copy-${++n}`);
  const r = require('node:child_process').spawnSync('cp', ['-a', dir, out]);
  if (r.status !== 0) throw new Error(String(r.stderr));
  return out;
}

const mounted = (): string => ok('Get-WindowsImage -Mounted | ForEach-Object { "$($_.Path)|$($_.ImageIndex)|$($_.MountMode)|$($_.MountStatus)" }').trim();

test('Mount, edit, Dismount -Save: the saved index applies to the edited tree, the other image is unchanged', async () => {
  const w = await freshWim();
  const mnt = emptyDir('mnt');
  const out = ok(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt`);
  expect(out).toMatch(/Path\s+: C:\\mnt\n\s*Online : False/);
  expect(mounted()).toBe('C:\\mnt|1|ReadWrite|Ok');
  expect(fs.readFileSync(path.join(mnt, 'hello.txt'), 'utf8')).toBe('hello\n');

  // A second read-write mount of the same image: DISM's 0xc1420127.
  emptyDir('mnt2');
  const second = sb.run(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt2`);
  expect(errorShape(second.stderr)).toEqual({
    message: 'Mount-WindowsImage : The specified image in the specified wim is already mounted for read and write access.',
    category: 'NotSpecified: (:) [Mount-WindowsImage], COMException',
    fqid: 'Microsoft.Dism.Commands.MountWindowsImageCommand',
  });
  expect(ok(`try { Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt2 -ErrorAction Stop } catch { '0x{0:x8}' -f $_.Exception.HResult }`).trim()).toBe('0xc1420127');

  edit(mnt);
  const expected = copyTree(mnt);
  const save = ok('Dismount-WindowsImage -Path C:\\mnt -Save');
  expect(save).toMatch(/LogPath : C:\\Windows\\Logs\\DISM\\dism\.log/);
  expect(fs.readdirSync(mnt)).toEqual([]);
  expect(mounted()).toBe('');
  expectValidWim(wim, { tree: expected, index: 1 });
  expectValidWim(wim, { tree: tree2(), index: 2, skip7z: true });
  expect(wimlib('info', wim)).toMatch(/Image Count:\s+2/);
});

test('Dismount -Discard leaves the WIM byte-identical and the directory empty', async () => {
  const w = await freshWim();
  const mnt = emptyDir('mnt');
  const before = sha256(wim);
  ok(`Mount-WindowsImage -ImagePath ${w} -Name Two -Path C:\\mnt | Out-Null`);
  expect(mounted()).toBe('C:\\mnt|2|ReadWrite|Ok');
  edit(mnt);
  ok('Dismount-WindowsImage -Path C:\\mnt -Discard | Out-Null');
  expect(sha256(wim)).toBe(before);
  expect(fs.readdirSync(mnt)).toEqual([]);
  expect(mounted()).toBe('');
});

test('Dismount -Save -Append adds the edited tree as a new image', async () => {
  const w = await freshWim();
  const mnt = emptyDir('mnt');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 2 -Path C:\\mnt | Out-Null`);
  edit(mnt);
  const expected = copyTree(mnt);
  ok('Dismount-WindowsImage -Path C:\\mnt -Save -Append | Out-Null');
  expect(wimlib('info', wim)).toMatch(/Image Count:\s+3/);
  expectValidWim(wim, { tree: expected, index: 3 });
  expectValidWim(wim, { tree: tree1(), index: 1, skip7z: true });
  expectValidWim(wim, { tree: tree2(), index: 2, skip7z: true });
});

test('Save-WindowsImage keeps the image mounted; a later Dismount -Discard keeps what was saved', async () => {
  const w = await freshWim();
  const mnt = emptyDir('mnt');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt | Out-Null`);
  edit(mnt);
  const expected = copyTree(mnt);
  expect(ok('Save-WindowsImage -Path C:\\mnt')).toMatch(/Path\s+: C:\\mnt/);
  // Still mounted, still Ok (the record holds the WIM's new identity).
  expect(mounted()).toBe('C:\\mnt|1|ReadWrite|Ok');
  fs.writeFileSync(path.join(mnt, 'after-save.txt'), 'discarded');
  ok('Dismount-WindowsImage -Path C:\\mnt -Discard | Out-Null');
  expectValidWim(wim, { tree: expected, index: 1 });
});

test('a read-only mount refuses -Save with DISM\'s error and stays mounted', async () => {
  const w = await freshWim();
  const mnt = emptyDir('mnt');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt -ReadOnly | Out-Null`);
  expect(mounted()).toBe('C:\\mnt|1|ReadOnly|Ok');
  const before = sha256(wim);
  fs.writeFileSync(path.join(mnt, 'x.txt'), 'x');
  const r = sb.run('Dismount-WindowsImage -Path C:\\mnt -Save');
  expect(errorShape(r.stderr).message).toBe('Dismount-WindowsImage : The image was mounted read-only; its changes cannot be saved. Use -Discard to unmount it.');
  expect(errorShape(r.stderr).fqid).toBe('Microsoft.Dism.Commands.DismountWindowsImageCommand');
  expect(sha256(wim)).toBe(before);
  expect(mounted()).toBe('C:\\mnt|1|ReadOnly|Ok');
  // Read-only beside it: a second read-only mount of the same image is allowed.
  emptyDir('mnt2');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt2 -ReadOnly | Out-Null`);
  ok('Dismount-WindowsImage -Path C:\\mnt -Discard | Out-Null; Dismount-WindowsImage -Path C:\\mnt2 -Discard | Out-Null');
  expect(mounted()).toBe('');
});

test('mount errors: a missing or non-empty directory, a path that is not a mount', async () => {
  const w = await freshWim();
  expect(errorShape(sb.run(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\nowhere`).stderr).message).toBe(
    'Mount-WindowsImage : The specified mount directory does not exist.',
  );
  const full = emptyDir('full');
  fs.writeFileSync(path.join(full, 'f'), '');
  expect(errorShape(sb.run(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\full`).stderr).message).toBe(
    'Mount-WindowsImage : The user attempted to mount to a directory that is not empty. This is not supported.',
  );
  expect(errorShape(sb.run('Dismount-WindowsImage -Path C:\\full -Discard').stderr).message).toBe('Dismount-WindowsImage : The specified directory is not a valid mount directory.');
  // A wrong parameter is the binder's error, not "not recognized".
  expect(errorShape(sb.run('Dismount-WindowsImage -Path C:\\full -Save -Discard').stderr).fqid).toBe('AmbiguousParameterSet,Microsoft.Dism.Commands.DismountWindowsImageCommand');
  expect(mounted()).toBe('');
});

test('stale mounts: directory gone and killed mount are Invalid and cleared, a rewritten WIM NeedsRemount until -Remount', async () => {
  const w = await freshWim();
  const a = emptyDir('gone');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\gone -ReadOnly | Out-Null`);
  fs.rmSync(a, { recursive: true });
  emptyDir('rw');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 2 -Path C:\\rw | Out-Null`);
  // A mount killed during its apply: the record written before the apply, never completed.
  const killed = emptyDir('killed');
  const reg = new MountRegistry(path.join(sb.home, 'mounts'));
  await reg.begin({ imagePath: wim, imagePathDisplay: w, index: 1, mountPath: killed, mountPathDisplay: 'C:\\killed', readOnly: true });
  fs.writeFileSync(path.join(killed, 'partial.txt'), 'half applied');
  // Another tool rewrites the WIM (a new header): the mounts of it need a remount.
  wimlib('info', wim, '1', 'Renamed');
  const lines = mounted().split('\n').sort();
  expect(lines).toEqual(['C:\\gone|1|ReadOnly|Invalid', 'C:\\killed|1|ReadOnly|Invalid', 'C:\\rw|2|ReadWrite|NeedsRemount']);
  expect(errorShape(sb.run('Save-WindowsImage -Path C:\\rw').stderr).message).toMatch(/^Save-WindowsImage : The mounted image cannot be saved: the image file has changed/);

  ok('Clear-WindowsCorruptMountPoint | Out-Null');
  expect(mounted()).toBe('C:\\rw|2|ReadWrite|NeedsRemount');
  expect(fs.readdirSync(killed)).toEqual([]);
  ok('Mount-WindowsImage -Path C:\\rw -Remount | Out-Null');
  expect(mounted()).toBe('C:\\rw|2|ReadWrite|Ok');
  // After a remount every file is read on save: the save is still exact.
  fs.writeFileSync(path.join(sb.cpath('rw'), 'after-remount.txt'), 'x');
  const expected = copyTree(sb.cpath('rw'));
  ok('Dismount-WindowsImage -Path C:\\rw -Save | Out-Null');
  expectValidWim(wim, { tree: expected, index: 2, skip7z: true });
});

test('a save killed with SIGKILL leaves the WIM verifying as before and the mount directory intact', async () => {
  const w = await freshWim();
  const mnt = emptyDir('mnt');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt | Out-Null`);
  // 48 MiB of incompressible data: long enough to be killed while it is written.
  const big = randomBytes(48 << 20);
  fs.writeFileSync(path.join(mnt, 'big.bin'), big);
  const listing = wimlib('dir', wim, '1');
  const size = fs.statSync(wim).size;
  const child = spawn(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', 'Dismount-WindowsImage -Path C:\\mnt -Save'], { env: sb.env, cwd: sb.dir, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Kill it once it has appended data past the old end (the header is rewritten only at the very end).
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && fs.statSync(wim).size <= size + (1 << 20)) await new Promise((r) => setTimeout(r, 2));
  child.kill('SIGKILL');
  await exited;
  expect(fs.statSync(wim).size).toBeGreaterThan(size);
  expect(wimlib('verify', wim)).toMatch(/successfully verified/);
  expect(wimlib('dir', wim, '1')).toBe(listing);
  expect(fs.readFileSync(path.join(mnt, 'big.bin')).equals(big)).toBe(true);
  expect(fs.readFileSync(path.join(mnt, 'hello.txt'), 'utf8')).toBe('hello\n');
  // The mount is still good (the header did not change); it can be discarded.
  expect(mounted()).toBe('C:\\mnt|1|ReadWrite|Ok');
  ok('Dismount-WindowsImage -Path C:\\mnt -Discard | Out-Null');
});

/**
 * Runs `script` in a wimsh process that kills itself (SIGKILL) at a fixed point, through a preload that wraps one
 * node:fs function (`promises.unlink`: fs.promises.unlink): `fn` called for the `nth` time (1-based) with a first
 * argument matching `match`.
 */
function killedAt(script: string, fn: 'promises.unlink' | 'writeFileSync' | 'fsyncSync', nth: number, match: RegExp = /./): Promise<void> {
  const preload = path.join(sb.dir, `kill-${++n}.js`);
  const [obj, name] = fn.includes('.') ? ['fs.' + fn.split('.')[0], fn.split('.')[1]] : ['fs', fn];
  fs.writeFileSync(
    preload,
    `const fs = require('node:fs'); const o = ${obj}; const orig = o.${name}; let k = 0;
o.${name} = function (a, ...rest) { if (${match}.test(String(a)) && ++k === ${nth}) process.kill(process.pid, 'SIGKILL'); return orig.call(this, a, ...rest); };\n`,
  );
  const child = spawn(process.execPath, ['-r', preload, BIN, '-NoProfile', '-NonInteractive', '-Command', script], { env: sb.env, cwd: sb.dir, stdio: 'ignore' });
  return new Promise<void>((resolve, reject) =>
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`not killed: exit ${code} ${signal}`)))),
  );
}

/** A fresh WIM mounted read-write at C:\\mnt with `added` (if given) written into added.txt; returns the directory. */
async function mountedWithAdded(added?: string): Promise<string> {
  const w = await freshWim();
  const mnt = emptyDir('mnt');
  ok(`Mount-WindowsImage -ImagePath ${w} -Index 1 -Path C:\\mnt | Out-Null`);
  if (added !== undefined) fs.writeFileSync(path.join(mnt, 'added.txt'), added);
  return mnt;
}

/** The mount is gone: its directory empty and no record left. */
function expectUnmounted(mnt: string): void {
  expect(fs.readdirSync(mnt)).toEqual([]);
  expect(mounted()).toBe('');
}

describe('a Dismount -Save killed at a fixed point: the next command knows whether the save committed', () => {
  test('killed after the header was written, before the directory was emptied: saved, Dismount -Save only unmounts', async () => {
    const mnt = await mountedWithAdded('saved before the kill\n');
    await killedAt('Dismount-WindowsImage -Path C:\\mnt -Save', 'promises.unlink', 1, /[\\/]mnt[\\/]/);
    expect(wimlib('verify', wim)).toMatch(/successfully verified/);
    expect(wimlib('dir', wim, '1')).toMatch(/^\/added\.txt$/m);
    expect(fs.readFileSync(path.join(mnt, 'added.txt'), 'utf8')).toBe('saved before the kill\n');
    expect(mounted()).toBe('C:\\mnt|1|ReadWrite|Invalid');
    // Save-WindowsImage cannot save what is left; Dismount -Save finishes the unmount and writes nothing.
    const r = sb.run('Save-WindowsImage -Path C:\\mnt');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/interrupted after the image was saved/);
    const bytes = fs.readFileSync(wim);
    ok('Dismount-WindowsImage -Path C:\\mnt -Save | Out-Null');
    expect(fs.readFileSync(wim).equals(bytes)).toBe(true);
    expectUnmounted(mnt);
  });

  test('killed half-way through emptying the directory: the rest is not saved over the image', async () => {
    const mnt = await mountedWithAdded('x\n');
    await killedAt('Dismount-WindowsImage -Path C:\\mnt -Save', 'promises.unlink', 3, /[\\/]mnt[\\/]/);
    const listing = wimlib('dir', wim, '1');
    expect(listing).toMatch(/^\/added\.txt$/m);
    expect(fs.readdirSync(mnt).length).toBeGreaterThan(0);
    ok('Dismount-WindowsImage -Path C:\\mnt -Save | Out-Null');
    expect(wimlib('dir', wim, '1')).toBe(listing);
    expect(wimlib('verify', wim)).toMatch(/successfully verified/);
    expectUnmounted(mnt);
  });

  test('killed after the save was recorded as under way, before the header: not saved, the next Dismount -Save saves', async () => {
    const mnt = await mountedWithAdded('x\n');
    const bytes = fs.readFileSync(wim);
    // The sync of the appended data comes right before the header is written (and after the record names the save).
    await killedAt('Dismount-WindowsImage -Path C:\\mnt -Save', 'fsyncSync', 1);
    const rec = new MountRegistry(path.join(sb.home, 'mounts')).records()[0];
    expect(rec.saving).toMatchObject({ index: 1, imageCount: 2, dismount: true });
    expect(fs.readFileSync(wim).subarray(0, 208).equals(bytes.subarray(0, 208))).toBe(true);
    expect(mounted()).toBe('C:\\mnt|1|ReadWrite|Ok');
    ok('Dismount-WindowsImage -Path C:\\mnt -Save | Out-Null');
    expect(wimlib('verify', wim)).toMatch(/successfully verified/);
    expect(wimlib('dir', wim, '1')).toMatch(/^\/added\.txt$/m);
    expectUnmounted(mnt);
  });

  test('a Dismount -Discard killed half-way through emptying: Invalid, never saved, a second -Discard finishes it', async () => {
    const mnt = await mountedWithAdded();
    const bytes = fs.readFileSync(wim);
    await killedAt('Dismount-WindowsImage -Path C:\\mnt -Discard', 'promises.unlink', 3, /[\\/]mnt[\\/]/);
    expect(fs.readdirSync(mnt).length).toBeGreaterThan(0);
    expect(mounted()).toBe('C:\\mnt|1|ReadWrite|Invalid');
    const r = sb.run('Dismount-WindowsImage -Path C:\\mnt -Save');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/an unmount was interrupted/);
    ok('Dismount-WindowsImage -Path C:\\mnt -Discard | Out-Null');
    expect(fs.readFileSync(wim).equals(bytes)).toBe(true);
    expectUnmounted(mnt);
  });

  test('a Save-WindowsImage killed before its record was brought up to date: the mount takes the saved WIM', async () => {
    const mnt = await mountedWithAdded('x\n');
    // The record's update after the save writes the snapshot first.
    await killedAt('Save-WindowsImage -Path C:\\mnt -Append', 'writeFileSync', 1, /\.files\.json\./);
    expect(wimlib('verify', wim)).toMatch(/successfully verified/);
    const saved = openWim(wim);
    expect(saved.imageCount).toBe(3);
    saved.close();
    // Appended as image 3: the mount now holds it.
    expect(mounted()).toBe('C:\\mnt|3|ReadWrite|Ok');
    fs.writeFileSync(path.join(mnt, 'again.txt'), 'again\n');
    ok('Dismount-WindowsImage -Path C:\\mnt -Save | Out-Null');
    const listing = wimlib('dir', wim, '3');
    expect(listing).toMatch(/^\/added\.txt$/m);
    expect(listing).toMatch(/^\/again\.txt$/m);
    expect(wimlib('dir', wim, '1')).not.toMatch(/^\/added\.txt$/m);
    expect(mounted()).toBe('');
  });
});

test('names and links of the image never take a mount or dismount outside the mount directory', async () => {
  const w = await freshWim();
  // Image 1 with a dentry renamed ".." (its name bytes edited in the uncompressed metadata, SHA-1 fixed).
  const plain = path.join(sb.dir, 'plain.wim');
  await captureImage({ sourceDir: tree1(), imagePath: plain, name: 'Plain', compression: 'none' });
  const h = openWim(plain);
  const e = h.metadataEntry(1);
  const start = e.res.offsetInWim;
  const len = e.size;
  h.close();
  const b = fs.readFileSync(plain);
  const md = b.subarray(start, start + len);
  const oldHash = createHash('sha1').update(md).digest();
  const at = md.indexOf(Buffer.from('hello.txt', 'utf16le'));
  expect(at).toBeGreaterThan(102);
  Buffer.from('..\0', 'utf16le').copy(md, at);
  md.writeUInt16LE(4, at - 102 + 100); // name_nbytes
  b.set(createHash('sha1').update(md).digest(), b.indexOf(oldHash, start + len));
  const hostile = sb.cpath('wims\\hostile.wim');
  fs.writeFileSync(hostile, b);
  void w;

  const parent = emptyDir('jail');
  const mnt = path.join(parent, 'mnt');
  fs.mkdirSync(mnt);
  const outside = path.join(sb.dir, 'outside.txt');
  fs.writeFileSync(outside, 'keep me');
  const r = sb.run('Mount-WindowsImage -ImagePath C:\\wims\\hostile.wim -Index 1 -Path C:\\jail\\mnt');
  expect(r.code).toBe(0);
  expect(fs.readdirSync(parent)).toEqual(['mnt']);
  expect(fs.existsSync(path.join(mnt, '..', 'hello.txt'))).toBe(false);
  // A link to a file outside: saving reads the link, not its target; dismounting removes the link only.
  fs.symlinkSync(outside, path.join(mnt, 'to-outside'));
  ok('Save-WindowsImage -Path C:\\jail\\mnt | Out-Null');
  ok('Dismount-WindowsImage -Path C:\\jail\\mnt -Discard | Out-Null');
  expect(fs.readFileSync(outside, 'utf8')).toBe('keep me');
  expect(fs.readdirSync(mnt)).toEqual([]);
  // The link is stored as a link; no reader makes a path of the ".." dentry.
  const listing = wimlib('dir', hostile, '1');
  expect(listing).toContain('/to-outside');
  expect(listing).not.toMatch(/^\/\.\.$/m);
  expect(wimlib('verify', hostile)).toMatch(/successfully verified/);
});
