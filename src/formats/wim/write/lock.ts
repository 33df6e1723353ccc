/*
 * The destination lock: one writer per WIM file. The lock is the file "<wim>.lock", holding its owner: pid, the
 * process's start token (the platform's ProcessStatus.started), the host name and a random id. It is made whole
 * under a temporary name and hard-linked into place (link() fails if the lock exists, and the lock never exists
 * without its owner in it); where the file system has no hard links, it is created with O_EXCL and written.
 *
 * A lock whose owner is gone is taken over at once: same host, and the pid no longer runs or runs with another
 * start token (a killed writer's pid given to a new process). A live owner gets the sharing violation DISM reports,
 * after waiting `waitMs` (WIMSH_LOCK_WAIT, in seconds, when the caller sets nothing). The owner refreshes the
 * lock's mtime while it holds it: what decides for an owner of another host (a share written from two machines),
 * for a lock with no readable owner and for the lock directory earlier versions made, none of which can be asked
 * whether its owner runs: these are taken over once not refreshed for `staleMs`.
 *
 * Taking over is rename-aside-then-check: the stale lock is renamed to a temporary name (only one contender's
 * rename finds it), and its content compared with what was judged stale; if another writer's fresh lock was moved
 * instead, it is linked back. Also here: the owner tag that temporary files carry in their names
 * (".<name>.<pid>-<host>-<start>.<random>.wimsh-tmp") and the sweep that removes those whose owner is gone.
 */
import { host } from '../../../platform/host';
import { WimError, WimErrorCode, fromHostError } from '../../errors';
import { hashHex } from '../sha1';

export interface LockOptions {
  /** How long to wait for a live writer, in ms (default: WIMSH_LOCK_WAIT seconds, else 0: fail at once). */
  waitMs?: number;
  /** A lock not refreshed for this long, whose owner cannot be asked, is stale (ms, default 15000, at least 2000). */
  staleMs?: number;
  /** Called if the lock is lost while held (removed, or replaced by another owner). */
  onCompromised?: (err: Error) => void;
  /** Told when a lock left by a gone owner is taken over. */
  log?: (msg: string) => void;
}

/** What a lock file holds. */
export interface LockOwner {
  pid: number;
  /** The process's start token ('' when the host cannot tell). */
  started: string;
  host: string;
  /** Random: tells two locks of one owner apart (one taken over and made again). */
  id: string;
}

const DEFAULT_STALE_MS = 15000;
const TEMP_SUFFIX = '.wimsh-tmp';

let self: { of: object; pid: number; started: string; host: string; tag?: string } | undefined;

/** This process as a lock owner (read once per host: its start token does not change). */
function selfOwner(): { pid: number; started: string; host: string; tag?: string } {
  const h = host();
  if (!self || self.of !== h.processStatus) {
    const st = h.processStatus(h.pid);
    self = { of: h.processStatus, pid: h.pid, started: st && st.running ? st.started : '', host: h.hostName() };
  }
  return self;
}

function randomId(n: number): string {
  let s = '';
  while (s.length < n) s += Math.random().toString(36).slice(2);
  return s.slice(0, n);
}

/** Six hex digits of the SHA-1 of `text`: enough to tell hosts and start times apart in a file name. */
function shortHash(text: string): string {
  const d = host().createSha1();
  const b = host().text.utf8Encode(text);
  d.update(b, 0, b.length);
  return hashHex(d.digest()).slice(0, 6);
}

/** "<pid>-<host hash>-<start hash or x>": who owns a temporary file, in its name. */
export function ownerTag(): string {
  const me = selfOwner();
  return (me.tag ??= `${me.pid}-${shortHash(me.host)}-${me.started ? shortHash(me.started) : 'x'}`);
}

/** A new temporary name beside `path`, carrying this process's owner tag. */
export function temporaryName(path: string): string {
  const h = host();
  return h.path.join(h.path.dirname(path), `.${h.path.basename(path)}.${ownerTag()}.${randomId(8)}${TEMP_SUFFIX}`);
}

/** Whether a process of this host that was `pid`, started at `started`, has ended ('' or undefined: start unknown). */
function processGone(pid: number, started: (s: string) => boolean): boolean | undefined {
  const st = host().processStatus(pid);
  if (!st) return undefined;
  if (!st.running) return true;
  return st.started !== '' && !started(st.started);
}

/** This process as the mount registry records a save's owner (pid, start token, host). */
export function currentOwner(): { pid: number; started: string; host: string } {
  const me = selfOwner();
  return { pid: me.pid, started: me.started, host: me.host };
}

/**
 * Whether the process an owner record names is gone for sure: true only on this host for a pid that no longer runs
 * (or runs with another start); false while it may still run, or when it is another host's (nothing can be told).
 */
export function ownerGone(o: { pid: number; started: string; host: string }): boolean {
  if (o.host !== selfOwner().host) return false;
  return processGone(o.pid, (s) => o.started === '' || s === o.started) === true;
}

const TAG_RE = /\.(\d+)-([0-9a-f]{6})-([0-9a-f]{6}|x)\.[0-9a-z]+\.wimsh-tmp$/;

/**
 * Whether the writer that named a temporary file `name` is gone for sure: true only for a tag of this host whose
 * process no longer runs (or runs with another start); false for a live one, another host's, or a name with no tag.
 */
export function temporaryOwnerGone(name: string): boolean {
  const m = TAG_RE.exec(name);
  if (!m) return false;
  if (m[2] !== shortHash(selfOwner().host)) return false;
  const startHash = m[3];
  return processGone(Number(m[1]), (s) => startHash === 'x' || shortHash(s) === startHash) === true;
}

/**
 * Deletes the temporary files that writers now gone left in the directory of `path` (whatever WIM they were
 * writing), and, since the caller holds the lock of `path`, that WIM's own temporary files whose names carry no
 * owner (an earlier version's). Live writers' files, and other hosts', are left alone.
 */
export function removeAbandonedTemporaries(path: string, log?: (msg: string) => void): void {
  const h = host();
  const dir = h.path.dirname(path);
  const ownPrefix = `.${h.path.basename(path)}.`;
  let names: string[];
  try {
    names = h.fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (n.endsWith('.lock') && n !== `${h.path.basename(path)}.lock`) {
      removeAbandonedLock(h.path.join(dir, n), log);
      continue;
    }
    if (!n.startsWith('.') || !n.endsWith(TEMP_SUFFIX)) continue;
    const gone = TAG_RE.test(n) ? temporaryOwnerGone(n) : n.startsWith(ownPrefix);
    if (!gone) continue;
    try {
      h.fs.unlinkSync(h.path.join(dir, n));
      log?.(`Removed ${n}, left by an interrupted write.`);
    } catch {
      /* removed by another writer meanwhile, or not ours to remove */
    }
  }
}

/**
 * Removes another WIM's lock whose owner is known to be gone (this host, process ended): a killed writer's lock
 * is a leftover too. A lock judged only by its age is left for the next writer of that WIM to take over.
 */
function removeAbandonedLock(lockPath: string, log?: (msg: string) => void): void {
  let held: HeldLock | undefined;
  try {
    held = readLock(lockPath);
  } catch {
    return;
  }
  if (!held || !held.owner || held.owner.host !== selfOwner().host) return;
  const o = held.owner;
  if (processGone(o.pid, (s) => o.started === '' || s === o.started) !== true) return;
  if (takeOver(lockPath, held)) log?.(`Removed ${lockPath}, left by an interrupted write (its owner, process ${o.pid}, no longer runs).`);
}

/** A lock found in place: its owner (null when unreadable), its raw text, its inode and mtime. */
interface HeldLock {
  owner: LockOwner | null;
  raw: string;
  ino: number;
  mtimeMs: number;
  /** The lock directory of an earlier version (proper-lockfile): no owner in it. */
  legacy: boolean;
  /** Something else by that name (another program's file): it stays. */
  foreign?: boolean;
}

function codeOf(e: unknown): string | undefined {
  return (e as { code?: string } | undefined)?.code;
}

function readLock(lockPath: string): HeldLock | undefined {
  const fs = host().fs;
  try {
    const st = fs.lstatSync(lockPath);
    if (st.isDirectory()) return { owner: null, raw: '', ino: st.ino, mtimeMs: st.mtimeMs, legacy: true };
    // Not a lock of ours (a user's file of that name): never taken over, never read whole.
    if (!st.isFile() || st.size > 4096) return { owner: null, raw: '', ino: st.ino, mtimeMs: st.mtimeMs, legacy: false, foreign: true };
    const raw = fs.readTextFileSync(lockPath);
    let owner: LockOwner | null = null;
    try {
      const o = JSON.parse(raw) as Partial<LockOwner>;
      if (o && typeof o.pid === 'number' && typeof o.host === 'string') {
        owner = { pid: o.pid, host: o.host, started: typeof o.started === 'string' ? o.started : '', id: String(o.id ?? '') };
      }
    } catch {
      /* half-written (the O_EXCL fallback) or not ours: judged by age */
    }
    return { owner, raw, ino: st.ino, mtimeMs: st.mtimeMs, legacy: false };
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** Why a lock may be taken over, or undefined while its owner may still be writing. */
function abandonedBecause(held: HeldLock, staleMs: number): string | undefined {
  const age = Date.now() - held.mtimeMs;
  if (held.foreign) return undefined;
  const stale = age > staleMs ? `it was not refreshed for ${Math.round(age / 1000)} s` : undefined;
  const o = held.owner;
  if (!o) return stale;
  const me = selfOwner();
  if (o.host !== me.host) return stale;
  const gone = processGone(o.pid, (s) => o.started === '' || s === o.started);
  if (gone === undefined) return stale;
  if (!gone) return undefined;
  return `its owner, process ${o.pid}, no longer runs`;
}

/** Links the complete lock file into place; false when a lock exists already. */
function tryCreate(lockPath: string, text: string): boolean {
  const fs = host().fs;
  const candidate = temporaryName(lockPath);
  writeNew(candidate, text);
  try {
    fs.linkSync(candidate, lockPath);
    return true;
  } catch (e) {
    const code = codeOf(e);
    if (code === 'EEXIST') return false;
    // No hard links on this file system (FAT, exFAT, some shares): create it exclusively and write it.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EMLINK') throw e;
  } finally {
    try {
      fs.unlinkSync(candidate);
    } catch {
      /* the lock keeps its own link */
    }
  }
  try {
    writeNew(lockPath, text);
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return false;
    throw e;
  }
  return true;
}

/** Creates `path` (failing with EEXIST if it exists) holding `text`. */
function writeNew(path: string, text: string): void {
  const fs = host().fs;
  const fd = fs.openSync(path, 'wx', 0o644);
  try {
    const b = host().text.utf8Encode(text);
    let done = 0;
    while (done < b.length) done += fs.writeSync(fd, b, done, b.length - done, done);
  } catch (e) {
    fs.closeSync(fd);
    try {
      fs.unlinkSync(path);
    } catch {
      /* nothing more to undo */
    }
    throw e;
  }
  fs.closeSync(fd);
}

/**
 * Moves a lock judged abandoned out of the way. Only one contender's rename finds it; if what was moved is not
 * the lock that was judged (another writer took it over and made its own meanwhile), it is put back.
 */
function takeOver(lockPath: string, held: HeldLock): boolean {
  const fs = host().fs;
  if (held.legacy) {
    try {
      fs.rmdirSync(lockPath);
    } catch (e) {
      return codeOf(e) === 'ENOENT';
    }
    return true;
  }
  const aside = temporaryName(lockPath);
  try {
    fs.renameSync(lockPath, aside);
  } catch (e) {
    return codeOf(e) === 'ENOENT'; // taken over by another contender already
  }
  let same = false;
  try {
    const st = fs.lstatSync(aside);
    same = fs.readTextFileSync(aside) === held.raw && (held.ino === 0 || st.ino === held.ino);
  } catch {
    same = false;
  }
  if (!same) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // No hard links here: rename it back unless a third writer has made a lock meanwhile.
      try {
        if (!fs.existsSync(lockPath)) fs.renameSync(aside, lockPath);
      } catch {
        /* nothing more can be done */
      }
    }
  }
  try {
    fs.unlinkSync(aside);
  } catch {
    /* renamed back */
  }
  return true;
}

function envWaitMs(): number {
  const v = Number(host().env.WIMSH_LOCK_WAIT);
  return Number.isFinite(v) && v > 0 ? v * 1000 : 0;
}

function inUse(wimPath: string, held: HeldLock | undefined): WimError {
  const o = held?.owner;
  const who = o ? ` (held by process ${o.pid} on ${o.host})` : '';
  return new WimError(WimErrorCode.FileInUse, `The process cannot access the file because it is being used by another process${who}.`, wimPath);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function ownerText(): string {
  const me = selfOwner();
  return JSON.stringify({ pid: me.pid, started: me.started, host: me.host, id: randomId(16) } satisfies LockOwner);
}

/**
 * One attempt at the lock: taken (true), or the lock a live owner holds (undefined when it vanished and came
 * back faster than it could be read). Locks of gone owners met on the way are taken over.
 */
function attempt(lockPath: string, text: string, staleMs: number, log?: (msg: string) => void): true | HeldLock | undefined {
  let held: HeldLock | undefined;
  // Bounds the turns when locks come and go faster than they can be read: each turn takes the lock, finds it
  // released, or takes over an abandoned one.
  for (let turn = 0; turn < 100; turn++) {
    if (tryCreate(lockPath, text)) return true;
    held = readLock(lockPath);
    if (held === undefined) continue; // released meanwhile: try again at once
    const why = abandonedBecause(held, staleMs);
    if (!why || !takeOver(lockPath, held)) return held;
    log?.(`The lock ${lockPath} was left by an interrupted write (${why}): taken over.`);
  }
  return held;
}

/**
 * The lock of `path` for a short synchronous critical section (dism.log's archiving): taken within `waitMs`, or
 * undefined; returns the release function. No refresh: the holder keeps it for milliseconds.
 */
export function lockSync(path: string, waitMs: number, staleMs = DEFAULT_STALE_MS): (() => void) | undefined {
  const h = host();
  const lockPath = path + '.lock';
  const text = ownerText();
  const deadline = h.now() + waitMs;
  for (;;) {
    let r: true | HeldLock | undefined;
    try {
      r = attempt(lockPath, text, Math.max(staleMs, 2000));
    } catch {
      return undefined; // cannot lock here (a read-only directory): the caller goes without
    }
    if (r === true) return () => release(lockPath, text);
    const left = deadline - h.now();
    if (left <= 0) return undefined;
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(5, left));
    } catch {
      return undefined; // no blocking wait here (a browser's main thread)
    }
  }
}

function release(lockPath: string, text: string): void {
  try {
    if (host().fs.readTextFileSync(lockPath) === text) host().fs.unlinkSync(lockPath);
  } catch {
    /* already gone: nothing left to undo */
  }
}

/** Takes the write lock of `wimPath`; resolves to the function that releases it. */
export async function lockDestination(wimPath: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  const h = host();
  const fs = h.fs;
  const lockPath = wimPath + '.lock';
  const staleMs = Math.max(opts.staleMs ?? DEFAULT_STALE_MS, 2000);
  const waitMs = opts.waitMs ?? envWaitMs();
  const deadline = h.now() + waitMs;
  const text = ownerText();
  for (;;) {
    let r: true | HeldLock | undefined;
    try {
      r = attempt(lockPath, text, staleMs, opts.log);
    } catch (e) {
      throw fromHostError(e, wimPath, true);
    }
    if (r === true) break;
    const left = deadline - h.now();
    if (left <= 0) throw inUse(wimPath, r);
    await sleep(Math.min(250, left));
  }

  let done = false;
  const refresh = setInterval(() => {
    try {
      if (fs.readTextFileSync(lockPath) !== text) throw new Error(`The lock ${lockPath} was taken by another writer.`);
      const now = new Date();
      fs.utimesSync(lockPath, now, now);
    } catch (e) {
      clearInterval(refresh);
      if (!done) opts.onCompromised?.(e instanceof Error ? e : new Error(String(e)));
    }
  }, Math.max(1000, Math.floor(staleMs / 3)));
  (refresh as { unref?: () => void }).unref?.();
  return async () => {
    if (done) return;
    done = true;
    clearInterval(refresh);
    release(lockPath, text);
  };
}
