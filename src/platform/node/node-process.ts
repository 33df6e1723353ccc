/*
 * Other processes of this machine, as a lock needs to know them: whether a pid runs, and since when. The start time
 * is what tells a live owner from a stranger that got the same pid after the owner died: on Linux it is the start
 * field of /proc/<pid>/stat (clock ticks since boot) with the boot id (ticks restart at every boot); elsewhere
 * (macOS) `ps -o lstart=`, to the second (a pid is not reused within a second). A zombie (ended, not yet reaped by its parent) counts as not running.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ProcessStatus } from '../types';

let bootId: string | undefined;

function linuxBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = '';
    }
  }
  return bootId;
}

/**
 * From /proc/<pid>/stat: undefined when there is no /proc entry to read (no procfs, or hidden), else the status.
 * The command name (field 2) is in parentheses and may hold spaces and parentheses itself, so fields are counted
 * from the last ')': state is field 3, starttime field 22.
 */
function fromProc(pid: number): ProcessStatus | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || !fs.existsSync('/proc/self/stat')) return undefined;
    // With /proc itself present: the process ended since kill(0), or /proc hides other users' processes (hidepid).
    return alive(pid) === false ? { running: false } : { running: true, started: '' };
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return { running: false };
  const ticks = fields[19];
  return { running: true, started: ticks ? `${linuxBootId()}/${ticks}` : '' };
}

/**
 * From ps(1): state and start time to the second; undefined when ps cannot be run. The start is kept as ps prints
 * it, in the C locale and UTC, so that every process that asks gets the same text whatever its own TZ and locale.
 */
export function fromPs(pid: number): ProcessStatus | undefined {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cp = require('node:child_process') as typeof import('node:child_process');
  const r = cp.spawnSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } });
  if (r.error) return undefined;
  const line = (r.stdout ?? '').trim();
  // ps lists nothing and exits 1 for a pid that does not run; anything else (ps failing) tells nothing.
  if (!line) return r.status === 1 && !(r.stderr ?? '').trim() ? { running: false } : undefined;
  const m = /^(\S+)\s+(.*)$/.exec(line);
  if (!m) return { running: true, started: '' };
  if (m[1].startsWith('Z')) return { running: false };
  return { running: true, started: m[2].replace(/\s+/g, ' ') };
}

/** kill(pid, 0): true when the process exists (EPERM: it does, as another user), undefined when it cannot tell. */
function alive(pid: number): boolean | undefined {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    return code === 'EPERM' ? true : undefined;
  }
}

export function processStatus(pid: number): ProcessStatus | undefined {
  // 0 and negative numbers name process groups to kill(): never a lock owner.
  if (!Number.isSafeInteger(pid) || pid <= 0) return { running: false };
  const a = alive(pid);
  if (a === false) return { running: false };
  if (a === undefined) return undefined;
  if (process.platform === 'linux') {
    const s = fromProc(pid);
    if (s) return s;
  }
  return fromPs(pid) ?? { running: true, started: '' };
}

export function hostName(): string {
  return os.hostname();
}
