/*
 * A writer killed with SIGKILL mid-write, as a user's Ctrl+Break or the OOM killer would: the built CLI is spawned,
 * killed once its temporary file (or the appended data) is on disk, and the next command runs at once. It must
 * take the dead writer's lock over (no sharing violation, no wait: these runs set no WIMSH_LOCK_WAIT, so a lock
 * it did not take over would fail them), leave none of the dead writer's temporary files or locks in the folder,
 * and cut a killed append's (or save's) unreferenced tail off. A live writer's lock still gets DISM's sharing violation,
 * or a wait when WIMSH_LOCK_WAIT asks for one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, type Sandbox, expectValidWim, sandbox, wimlib } from './helpers';

jest.setTimeout(180000);

const SHARING = 'The process cannot access the file because it is being used by another process.';

/** ~24 MB of words with a random byte every 4 KiB: slow enough to LZX-compress that a kill lands mid-write. */
function slowText(n: number): Buffer {
  const b = Buffer.alloc(n);
  const words = ['alpha ', 'beta ', 'gamma ', 'delta ', 'wim ', 'chunk ', 'blob ', '\n'];
  let x = 12345;
  let p = 0;
  while (p < n) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    p += b.write(words[(x >>> 16) % words.length], p, 'latin1');
  }
  for (let i = 0; i < n; i += 4096) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

let sb: Sandbox;
let src: string;
let base: string;

beforeAll(() => {
  sb = sandbox('killed');
  const big = path.join(sb.dir, 'big');
  const small = path.join(sb.dir, 'small');
  const other = path.join(sb.dir, 'other');
  for (const d of [big, small, other]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(big, 'words.txt'), slowText(24_000_000));
  fs.writeFileSync(path.join(small, 'hello.txt'), 'hello\n');
  fs.writeFileSync(path.join(other, 'base.txt'), 'the base image\n');
  src = path.join(sb.dir, 'src.wim');
  base = path.join(sb.dir, 'base.wim');
  // Image 1 is slow to export (the one killed), image 2 quick (the run after the kill).
  wimlib('capture', big, src, 'Big', '--compress=none');
  wimlib('append', small, src, 'Small');
  wimlib('capture', other, base, 'Base', '--compress=lzx');
});

afterAll(() => sb.cleanup());

function exportLine(index: number, dest: string): string {
  return `Export-WindowsImage -SourceImagePath '${src}' -SourceIndex ${index} -DestinationImagePath '${dest}' -CompressionType max`;
}

function spawnExport(index: number, dest: string, env: Record<string, string> = {}): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', exportLine(index, dest)], {
    cwd: sb.dir,
    env: { ...sb.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

async function waitFor(what: string, cond: () => boolean, ms = 120000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const temporaries = (name: string): string[] => fs.readdirSync(sb.dir).filter((f) => f.startsWith(`.${name}.`) && f.endsWith('.wimsh-tmp'));
const leftovers = (): string[] => fs.readdirSync(sb.dir).filter((f) => f.endsWith('.wimsh-tmp') || f.endsWith('.lock'));
const size = (f: string): number => (fs.existsSync(f) ? fs.statSync(f).size : 0);

/** Spawns an export of the slow image to `dest`, waits until it has written `bytes` of it, and kills it. */
async function killMidWrite(dest: string, written: () => boolean): Promise<number> {
  const { child, exited } = spawnExport(1, dest);
  await waitFor('the export to write', written);
  // The lock names its owner: this process, on this host.
  const owner = JSON.parse(fs.readFileSync(dest + '.lock', 'utf8')) as { pid: number; host: string; started: string };
  expect(owner.pid).toBe(child.pid);
  expect(owner.started).not.toBe('');
  child.kill('SIGKILL');
  const end = await exited;
  expect(end.signal).toBe('SIGKILL');
  return child.pid as number;
}

const dismLog = (): string => {
  const p = sb.cpath('Windows/Logs/DISM/dism.log');
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
};

describe('a writer killed mid-write', () => {
  it('a new file: the next export to it takes the dead lock over at once, and no temporary file is left', async () => {
    const dest = path.join(sb.dir, 'new.wim');
    const pid = await killMidWrite(dest, () => temporaries('new.wim').some((t) => size(path.join(sb.dir, t)) > 256 * 1024));
    // What the kill leaves: the dead owner's lock and its temporary file, no destination.
    expect(fs.existsSync(dest + '.lock')).toBe(true);
    expect(temporaries('new.wim')[0]).toContain(`.${pid}-`);
    expect(fs.existsSync(dest)).toBe(false);

    const r = sb.run(exportLine(2, dest));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(leftovers()).toEqual([]);
    expectValidWim(dest);
    expect(dismLog()).toMatch(new RegExp(`new\\.wim\\.lock was left by an interrupted write \\(its owner, process ${pid}, no longer runs\\): taken over`));
  });

  it("a write to another WIM of the folder removes the dead writer's temporary file and lock", async () => {
    const dest = path.join(sb.dir, 'other.wim');
    await killMidWrite(dest, () => temporaries('other.wim').some((t) => size(path.join(sb.dir, t)) > 256 * 1024));
    expect(leftovers().length).toBe(2);
    const r = sb.run(exportLine(2, path.join(sb.dir, 'third.wim')));
    expect(r.code).toBe(0);
    expect(leftovers()).toEqual([]);
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('an append: the old image still verifies, and the next append cuts the orphan tail off', async () => {
    const control = path.join(sb.dir, 'control.wim');
    const dest = path.join(sb.dir, 'append.wim');
    fs.copyFileSync(base, control);
    fs.copyFileSync(base, dest);
    const baseSize = size(base);
    // What a clean append of the small image to the base gives.
    expect(sb.run(exportLine(2, control)).code).toBe(0);
    const cleanSize = size(control);

    await killMidWrite(dest, () => size(dest) > baseSize + 256 * 1024);
    const grown = size(dest);
    expect(grown).toBeGreaterThan(baseSize + 256 * 1024);
    // The header was not rewritten: the file is still the base WIM (one image), plus unreferenced bytes.
    expectValidWim(dest);
    expect(wimlib('info', dest)).toMatch(/Image Count:\s+1\b/);

    const r = sb.run(exportLine(2, dest));
    expect(r.code).toBe(0);
    expect(size(dest)).toBe(cleanSize);
    expectValidWim(dest, true);
    expect(wimlib('info', dest)).toMatch(/Image Count:\s+2\b/);
    expect(leftovers()).toEqual([]);
    expect(dismLog()).toContain(`Removed ${grown - baseSize} bytes of unreferenced data an interrupted write left at the end of ${dest}.`);
  });
});

describe('a save killed mid-write', () => {
  it('Save-WindowsImage: the mount stays good, the next save takes the lock over, cuts the tail and succeeds', async () => {
    const wim = path.join(sb.dir, 'mounted.wim');
    const mnt = path.join(sb.dir, 'mnt');
    // XPRESS and 8 MB: enough to be killed mid-write, quick to save again.
    wimlib('capture', path.join(sb.dir, 'other'), wim, 'Base', '--compress=xpress');
    fs.mkdirSync(mnt);
    expect(sb.run(`Mount-WindowsImage -ImagePath '${wim}' -Index 1 -Path '${mnt}' | Out-Null`).code).toBe(0);
    fs.writeFileSync(path.join(mnt, 'words.txt'), fs.readFileSync(path.join(sb.dir, 'big', 'words.txt')).subarray(0, 8_000_000));
    const baseSize = size(wim);
    const child = spawn(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', `Save-WindowsImage -Path '${mnt}'`], {
      cwd: sb.dir,
      env: sb.env,
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    await waitFor('the save to write', () => size(wim) > baseSize + 256 * 1024);
    child.kill('SIGKILL');
    await exited;
    expect(wimlib('info', wim)).toMatch(/Image Count:\s+1\b/);

    const r = sb.run(`Save-WindowsImage -Path '${mnt}' | Out-Null; Dismount-WindowsImage -Path '${mnt}' -Discard | Out-Null`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectValidWim(wim, true);
    expect(wimlib('dir', wim, '1')).toContain('/words.txt');
    expect(dismLog()).toMatch(/mounted\.wim\.lock was left by an interrupted write \(its owner, process \d+, no longer runs\): taken over/);
    expect(dismLog()).toMatch(/Removed \d+ bytes of unreferenced data an interrupted write left at the end of .*mounted\.wim\./);
    expect(leftovers()).toEqual([]);
  });
});

describe('a live writer', () => {
  it('keeps its lock: another export gets the sharing violation, or waits with WIMSH_LOCK_WAIT and goes on once the holder is gone', async () => {
    const dest = path.join(sb.dir, 'live.wim');
    const holder = spawnExport(1, dest);
    await waitFor('the holder to write', () => temporaries('live.wim').length > 0 && fs.existsSync(dest + '.lock'));

    const refused = sb.run(exportLine(2, dest));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(SHARING);
    expect(JSON.parse(fs.readFileSync(dest + '.lock', 'utf8')).pid).toBe(holder.child.pid);

    const waiter = spawnExport(2, dest, { WIMSH_LOCK_WAIT: '150' });
    // The waiter does not give up while the holder lives; once the holder is killed it takes the lock over.
    const early = await Promise.race([waiter.exited, new Promise((r) => setTimeout(() => r('waiting'), 1500))]);
    expect(early).toBe('waiting');
    holder.child.kill('SIGKILL');
    await holder.exited;
    const end = await waiter.exited;
    expect(end.stderr).toBe('');
    expect(end.code).toBe(0);
    expectValidWim(dest);
    expect(leftovers()).toEqual([]);
  });
});
