/*
 * The destination lock (write/lock.ts): its owner record, taking over a lock whose owner is gone (pid ended, pid
 * reused), refusing or waiting for a live one, age-based staleness where the owner cannot be asked (another host,
 * no owner, an old lock directory), and the sweep of temporary files and locks that dead writers left in a folder.
 * The CLI-level kill -9 runs are in test/cmdlets/Dism/killed-writer.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { host, setHost, type Host } from '../../../../src/platform/host';
import { createBrowserHost } from '../../../../src/platform/browser/browser-host';
import { lockDestination, ownerTag, removeAbandonedTemporaries, temporaryName, temporaryOwnerGone } from '../../../../src/formats/wim/write/lock';
import { tmpDir } from './helpers';

/** The pid of a process that has ended (a child run to completion and reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const me = () => ({ pid: process.pid, host: os.hostname(), started: (host().processStatus(process.pid) as { started: string }).started });

function withDir(tag: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = tmpDir(tag);
  return fn(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

describe('lockDestination', () => {
  it('records its owner (pid, start, host), refuses a second holder with the sharing violation, and releases', () =>
    withDir('lock', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      const release = await lockDestination(wim);
      const owner = JSON.parse(fs.readFileSync(wim + '.lock', 'utf8'));
      expect(owner).toMatchObject(me());
      expect(owner.started).not.toBe('');
      await expect(lockDestination(wim)).rejects.toMatchObject({
        code: 'FileInUse',
        message: expect.stringContaining(`being used by another process (held by process ${process.pid} on ${os.hostname()})`),
      });
      await release();
      expect(fs.readdirSync(dir)).toEqual([]);
      await (await lockDestination(wim))();
    }));

  it('keeps a long-held lock fresh and not compromised', () =>
    withDir('fresh', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      const compromised: Error[] = [];
      const release = await lockDestination(wim, { staleMs: 2000, onCompromised: (e) => compromised.push(e) });
      const t0 = fs.statSync(wim + '.lock').mtimeMs;
      await new Promise((r) => setTimeout(r, 1600));
      expect(fs.statSync(wim + '.lock').mtimeMs).toBeGreaterThan(t0);
      expect(compromised).toEqual([]);
      await release();
    }));

  it('reports a lock removed from under its holder as compromised, and release then leaves the new owner alone', () =>
    withDir('compromised', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      const compromised: Error[] = [];
      const release = await lockDestination(wim, { staleMs: 2000, onCompromised: (e) => compromised.push(e) });
      const other = JSON.stringify({ ...me(), id: 'another' });
      fs.writeFileSync(wim + '.lock', other);
      await new Promise((r) => setTimeout(r, 1200));
      expect(compromised.length).toBe(1);
      await release();
      expect(fs.readFileSync(wim + '.lock', 'utf8')).toBe(other);
    }));

  it('takes over at once a lock whose owner no longer runs, and says so', () =>
    withDir('dead', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      const pid = deadPid();
      fs.writeFileSync(wim + '.lock', JSON.stringify({ pid, host: os.hostname(), started: 'whatever', id: 'k' }));
      const said: string[] = [];
      const release = await lockDestination(wim, { log: (m) => said.push(m) });
      expect(JSON.parse(fs.readFileSync(wim + '.lock', 'utf8')).pid).toBe(process.pid);
      expect(said).toEqual([`The lock ${wim}.lock was left by an interrupted write (its owner, process ${pid}, no longer runs): taken over.`]);
      await release();
      expect(fs.readdirSync(dir)).toEqual([]);
    }));

  it('takes over a lock whose pid runs but started at another time (the pid was reused)', () =>
    withDir('reused', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      fs.writeFileSync(wim + '.lock', JSON.stringify({ ...me(), started: 'an earlier process', id: 'k' }));
      const release = await lockDestination(wim);
      expect(JSON.parse(fs.readFileSync(wim + '.lock', 'utf8'))).toMatchObject(me());
      await release();
    }));

  it('waits for a live owner when asked (waitMs, or WIMSH_LOCK_WAIT seconds), and takes the lock once released', () =>
    withDir('wait', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      const first = await lockDestination(wim);
      setTimeout(() => void first(), 400);
      const second = await lockDestination(wim, { waitMs: 20000 });
      await second();

      const third = await lockDestination(wim);
      setTimeout(() => void third(), 400);
      const saved = process.env.WIMSH_LOCK_WAIT;
      process.env.WIMSH_LOCK_WAIT = '20';
      try {
        await (await lockDestination(wim))();
      } finally {
        if (saved === undefined) delete process.env.WIMSH_LOCK_WAIT;
        else process.env.WIMSH_LOCK_WAIT = saved;
      }
    }));

  it("judges by age what it cannot ask: another host's lock, an unreadable one, an old lock directory", () =>
    withDir('age', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      const old = new Date(Date.now() - 60_000);
      const cases: [string, () => void][] = [
        ['another host', () => fs.writeFileSync(wim + '.lock', JSON.stringify({ pid: 1, host: 'elsewhere', started: '1', id: 'k' }))],
        ['unreadable', () => fs.writeFileSync(wim + '.lock', '{"pid":')],
        ['old directory', () => fs.mkdirSync(wim + '.lock')],
      ];
      for (const [what, make] of cases) {
        make();
        await expect(lockDestination(wim, { staleMs: 5000 })).rejects.toMatchObject({ code: 'FileInUse' });
        fs.utimesSync(wim + '.lock', old, old);
        const release = await lockDestination(wim, { staleMs: 5000 }).catch((e) => {
          throw new Error(`${what}: ${e}`);
        });
        await release();
        expect(fs.readdirSync(dir)).toEqual([]);
      }
    }));

  it('never takes over a file of that name that is not a lock', () =>
    withDir('foreign', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      fs.writeFileSync(wim + '.lock', Buffer.alloc(10000, 65));
      const old = new Date(Date.now() - 600_000);
      fs.utimesSync(wim + '.lock', old, old);
      await expect(lockDestination(wim)).rejects.toMatchObject({ code: 'FileInUse' });
      expect(fs.statSync(wim + '.lock').size).toBe(10000);
    }));

  it('lets one of many contenders for a dead lock have it at a time', () =>
    withDir('contend', async (dir) => {
      const wim = path.join(dir, 'x.wim');
      fs.writeFileSync(wim + '.lock', JSON.stringify({ pid: deadPid(), host: os.hostname(), started: '', id: 'k' }));
      let holders = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          const release = await lockDestination(wim, { waitMs: 30000 });
          holders++;
          most = Math.max(most, holders);
          await new Promise((r) => setTimeout(r, 30));
          holders--;
          await release();
        }),
      );
      expect(most).toBe(1);
      expect(fs.readdirSync(dir)).toEqual([]);
    }));
});

describe('temporary files of writers that are gone', () => {
  it('carry their owner in their names; the sweep removes the dead ones, keeps the live and the foreign', () =>
    withDir('sweep', async (dir) => {
      const wim = path.join(dir, 'a.wim');
      const mine = temporaryName(path.join(dir, 'b.wim'));
      expect(path.basename(mine)).toMatch(new RegExp(`^\\.b\\.wim\\.${ownerTag()}\\.[0-9a-z]{8}\\.wimsh-tmp$`));
      expect(ownerTag().startsWith(`${process.pid}-`)).toBe(true);
      const [, hostHash, startHash] = ownerTag().split('-');
      const dead = `.c.wim.${deadPid()}-${hostHash}-${startHash}.k2k2k2k2.wimsh-tmp`;
      const reused = `.c.wim.${process.pid}-${hostHash}-abcdef.k3k3k3k3.wimsh-tmp`;
      const otherHost = `.c.wim.${deadPid()}-000000-${startHash}.k4k4k4k4.wimsh-tmp`;
      const untaggedOwn = '.a.wim.1234.zzzz.wimsh-tmp';
      const untaggedOther = '.c.wim.1234.zzzz.wimsh-tmp';
      const deadLock = 'd.wim.lock';
      const liveLock = 'e.wim.lock';
      for (const n of [path.basename(mine), dead, reused, otherHost, untaggedOwn, untaggedOther]) fs.writeFileSync(path.join(dir, n), 'x');
      fs.writeFileSync(path.join(dir, deadLock), JSON.stringify({ pid: deadPid(), host: os.hostname(), started: '', id: 'k' }));
      fs.writeFileSync(path.join(dir, liveLock), JSON.stringify({ ...me(), id: 'k' }));
      expect(temporaryOwnerGone(dead)).toBe(true);
      expect(temporaryOwnerGone(reused)).toBe(true);
      expect(temporaryOwnerGone(otherHost)).toBe(false);
      expect(temporaryOwnerGone(path.basename(mine))).toBe(false);
      const said: string[] = [];
      removeAbandonedTemporaries(wim, (m) => said.push(m));
      expect(fs.readdirSync(dir).sort()).toEqual([path.basename(mine), otherHost, untaggedOther, liveLock].sort());
      expect(said.length).toBe(4);
    }));
});

describe('in the browser host', () => {
  it('is one process: its own lock is live, a lock of another owner id is taken over', async () => {
    const saved = host();
    const b = createBrowserHost();
    setHost(b as Host);
    try {
      const wim = '/home/user/x.wim';
      const release = await lockDestination(wim);
      await expect(lockDestination(wim)).rejects.toMatchObject({ code: 'FileInUse' });
      await release();
      b.fs.writeFileSync(wim + '.lock', JSON.stringify({ pid: 7, host: 'browser', started: 'x', id: 'k' }));
      await (await lockDestination(wim))();
      b.fs.writeFileSync(wim + '.lock', JSON.stringify({ pid: 1, host: 'browser', started: 'an earlier page', id: 'k' }));
      await (await lockDestination(wim))();
      expect(b.fs.readdirSync('/home/user')).toEqual([]);
    } finally {
      setHost(saved);
    }
  });
});
