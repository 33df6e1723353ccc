/*
 * The destination lock: one writer per WIM file. A lock is the directory "<wim>.lock" (mkdir is atomic), kept
 * fresh by proper-lockfile (its mtime is touched while the lock is held; a lock left by a killed process goes
 * stale and is taken over). All its file operations go through the host, adapted to the callback-style fs
 * interface proper-lockfile expects.
 */
import * as lockfile from 'proper-lockfile';
import { host } from '../../../platform/host';
import { WimError, WimErrorCode, fromHostError } from '../../errors';

type Cb<T = void> = (err: NodeJS.ErrnoException | null, v?: T) => void;

function call<T>(fn: () => T, cb: Cb<T>): void {
  let v: T;
  try {
    v = fn();
  } catch (e) {
    host().nextTurn(() => cb(e as NodeJS.ErrnoException));
    return;
  }
  host().nextTurn(() => cb(null, v));
}

/** proper-lockfile's fs interface over host().fs. */
function hostFsAdapter(): object {
  const fs = () => host().fs;
  const stat = (p: string) => {
    const st = fs().statSync(p);
    return Object.assign(Object.create(null), {
      size: st.size,
      mtimeMs: st.mtimeMs,
      // mtimeMs is a float (…970.999 for a time set to …971): rounded, it compares equal to the Date that was set.
      mtime: new Date(Math.round(st.mtimeMs)),
      isDirectory: () => st.isDirectory(),
      isFile: () => st.isFile(),
    });
  };
  return {
    mkdir: (p: string, cb: Cb) => call(() => fs().mkdirSync(p), cb),
    rmdir: (p: string, cb: Cb) => call(() => fs().rmdirSync(p), cb),
    rmdirSync: (p: string) => fs().rmdirSync(p),
    stat: (p: string, cb: Cb<unknown>) => call(() => stat(p), cb),
    utimes: (p: string, a: Date, m: Date, cb: Cb) => call(() => fs().utimesSync(p, a, m), cb),
    realpath: (p: string, cb: Cb<string>) => call(() => fs().realpathSync(p), cb),
  };
}

export interface LockOptions {
  /** How long to wait for another writer, in milliseconds (default 0: fail at once). */
  waitMs?: number;
  /** A lock not refreshed for this long is stale and may be taken over (ms, default 15000, at least 5000). */
  staleMs?: number;
  /** Called if the lock is lost while held (e.g. its directory removed). */
  onCompromised?: (err: Error) => void;
}

/** Takes the write lock of `wimPath`; resolves to the function that releases it. */
export async function lockDestination(wimPath: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  const waitMs = opts.waitMs ?? 0;
  const retries = waitMs > 0 ? { retries: Math.max(1, Math.ceil(waitMs / 250)), factor: 1, minTimeout: 250, maxTimeout: 250 } : 0;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(wimPath, {
      fs: hostFsAdapter(),
      realpath: false,
      stale: opts.staleMs ?? 15000,
      retries,
      lockfilePath: wimPath + '.lock',
      onCompromised: opts.onCompromised ?? (() => undefined),
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'ELOCKED') {
      throw new WimError(
        WimErrorCode.FileInUse,
        'The process cannot access the file because it is being used by another process.',
        wimPath,
        { cause: e },
      );
    }
    throw fromHostError(e, wimPath, true);
  }
  return async () => {
    try {
      await release();
    } catch {
      /* already released or compromised: nothing left to undo */
    }
  };
}
