/*
 * Other processes of this machine, as a lock needs to know them: whether a pid runs, and since when. The start time
 * is what tells a live owner from a stranger that got the same pid after the owner died: on Linux it is the start
 * field of /proc/<pid>/stat (clock ticks since boot) with the boot id (ticks restart at every boot); elsewhere
 * (macOS) `ps -o lstart=`, to the second. A zombie (ended, not yet reaped by its parent) counts as not running.
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
    // ENOENT with /proc itself present: the process ended between kill(0) and here.
    if (code === 'ENOENT' && fs.existsSync('/proc/self/stat')) return { running: false };
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return { running: false };
  const ticks = fields[19];
  return { running: true, started: ticks ? `${linuxBootId()}/${ticks}` : '' };
}

/** From ps(1): state and start time to the second; undefined when ps cannot be run. */
function fromPs(pid: number): ProcessStatus | undefined {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cp = require('node:child_process') as typeof import('node:child_process');
  const r = cp.spawnSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.error) return undefined;
  const line = (r.stdout ?? '').trim();
  if (!line) return { running: false }; // ps lists nothing (and exits 1) for a pid that does not run
  const m = /^(\S+)\s+(.*)$/.exec(line);
  if (!m) return { running: true, started: '' };
  if (m[1].startsWith('Z')) return { running: false };
  const t = Date.parse(m[2]);
  return { running: true, started: Number.isFinite(t) ? String(Math.round(t / 1000)) : m[2].replace(/\s+/g, ' ') };
}

export function processStatus(pid: number): ProcessStatus | undefined {
  // 0 and negative numbers name process groups to kill(): never a lock owner.
  if (!Number.isSafeInteger(pid) || pid <= 0) return { running: false };
  try {
    process.kill(pid, 0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return { running: false };
    if (code !== 'EPERM') return undefined; // EPERM: it runs, as another user
  }
  if (process.platform === 'linux') {
    const s = fromProc(pid);
    if (s) return s;
  }
  return fromPs(pid) ?? { running: true, started: '' };
}

export function hostName(): string {
  return os.hostname();
}
