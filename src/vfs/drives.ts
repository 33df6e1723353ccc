/*
 * The drive map: how a Windows path that a user pasted becomes a path on this machine.
 *
 *   C:\x\y.wim     -> $WIMSH_DRIVE_C/x/y.wim, or $WIMSH_HOME/drives/c/x/y.wim when WIMSH_DRIVE_C is unset
 *                     (WIMSH_HOME defaults to ~/.wimsh); any drive letter works the same way.
 *   .\a.wim, a\b   -> ./a.wim, a/b (backslashes are separators, as on Windows)
 *   /tmp/x, x/y    -> as they are (POSIX and relative paths are never rewritten)
 *   %WINDIR%       -> C:\Windows (then mapped like any drive path)
 *
 * Windows file systems are case-insensitive, so for Windows-form paths each component that has no exact match on
 * disk is matched case-insensitively against its directory's entries; a component that matches nothing is kept as
 * written (a file about to be created). `..` never climbs above a drive's root, as on Windows.
 */
import { host } from '../platform/host';
import { findMount, guardReadOnlyVolumes } from './mounts';

const WINDOWS_ENV_DEFAULTS: Record<string, string> = {
  WINDIR: 'C:\\Windows',
  SYSTEMROOT: 'C:\\Windows',
  SYSTEMDRIVE: 'C:',
  PROGRAMDATA: 'C:\\ProgramData',
  PROGRAMFILES: 'C:\\Program Files',
};

export interface DriveMapEnv {
  env: Record<string, string | undefined>;
  homedir: string;
  /** The current location: what relative paths resolve against. */
  cwd: string;
  /** The process's working directory, when it differs from cwd (the location is inside a disk image). */
  processCwd?: string;
}

/**
 * The current location when it lies inside a mounted volume (an attached ISO's drive): the process cannot chdir into
 * an image, so the location is kept here and relative paths resolve against it; undefined when the location is the
 * process's working directory.
 */
let volumeLocation: string | undefined;

/** The current location as a path on this machine (inside a mounted volume, or the process's directory). */
export function currentDirectory(): string {
  if (volumeLocation !== undefined && !findMount(volumeLocation)) volumeLocation = undefined; // the image went away
  return volumeLocation ?? host().cwd();
}

/** Makes `dir` (an existing directory, resolved) the current location: a chdir on the host, or inside a volume. */
export function setCurrentDirectory(dir: string): void {
  if (findMount(dir)) volumeLocation = dir;
  else {
    host().chdir(dir);
    volumeLocation = undefined;
  }
}

function currentEnv(): DriveMapEnv {
  const h = host();
  return { env: h.env, homedir: h.homedir(), cwd: currentDirectory(), processCwd: h.cwd() };
}

/** Expands `%NAME%` references: Windows' well-known names first (%WINDIR% is C:\Windows), then the environment. */
export function expandWindowsEnv(p: string, env: Record<string, string | undefined> = host().env): string {
  return p.replace(/%([A-Za-z_][A-Za-z0-9_()]*)%/g, (whole, name: string) => {
    const upper = name.toUpperCase();
    if (upper in WINDOWS_ENV_DEFAULTS) return WINDOWS_ENV_DEFAULTS[upper];
    if (upper === 'TEMP' || upper === 'TMP') return env[name] ?? env.TMPDIR ?? whole;
    const v = env[name] ?? env[upper];
    return v ?? whole;
  });
}

/** True for `C:`, `C:\...`, `C:/...` and `C:rest` (drive-qualified paths). */
export function isDrivePath(p: string): boolean {
  return /^[A-Za-z]:/.test(p);
}

/** The directory that drive `letter` maps to. */
export function driveRoot(letter: string, e: DriveMapEnv = currentEnv()): string {
  const path = host().path;
  const fromEnv = e.env[`WIMSH_DRIVE_${letter.toUpperCase()}`] ?? e.env[`WIMSH_DRIVE_${letter.toLowerCase()}`];
  if (fromEnv) return path.resolve(e.processCwd ?? e.cwd, fromEnv);
  const home = e.env.WIMSH_HOME ? path.resolve(e.processCwd ?? e.cwd, e.env.WIMSH_HOME) : path.join(e.homedir, '.wimsh');
  return path.join(home, 'drives', letter.toLowerCase());
}

/** The WIMSH_HOME directory (default ~/.wimsh). */
export function wimshHome(e: DriveMapEnv = currentEnv()): string {
  const path = host().path;
  return e.env.WIMSH_HOME ? path.resolve(e.processCwd ?? e.cwd, e.env.WIMSH_HOME) : path.join(e.homedir, '.wimsh');
}

/** Finds `name` in `dir`: exact match first, else the first case-insensitive match, else undefined. */
function matchComponent(dir: string, name: string): string | undefined {
  const fs = host().fs;
  const path = host().path;
  try {
    fs.lstatSync(path.join(dir, name));
    return name;
  } catch {
    /* no exact match: look case-insensitively */
  }
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const lower = name.toLowerCase();
  const hits = entries.filter((n) => n.toLowerCase() === lower).sort();
  return hits[0];
}

/** Joins components onto base, matching each case-insensitively where no exact match exists. */
function joinMatching(base: string, components: string[]): string {
  const path = host().path;
  let cur = base;
  let probing = true;
  for (const c of components) {
    if (probing) {
      const hit = matchComponent(cur, c);
      if (hit === undefined) probing = false;
      cur = path.join(cur, hit ?? c);
    } else {
      cur = path.join(cur, c);
    }
  }
  return cur;
}

/** Splits a Windows-form path on `\` and `/`, resolving `.` and `..`; `..` stops at the root when `rooted`. */
function windowsComponents(rest: string, rooted: boolean): string[] {
  const out: string[] = [];
  let ups = 0;
  for (const part of rest.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length) out.pop();
      else if (!rooted) ups++;
      continue;
    }
    // Windows ignores trailing dots and spaces in a component.
    out.push(part);
  }
  return [...Array(ups).fill('..'), ...out];
}

/** Called with the letter before a drive path is resolved: attached disk images mount their drives (disk-images.ts). */
let driveLookupHook: ((letter: string) => void) | undefined;

/** Installs the drive lookup hook (disk-images.ts does, once an image opener exists). */
export function setDriveLookupHook(fn: ((letter: string) => void) | undefined): void {
  driveLookupHook = fn;
  // A lookup may mount a read-only drive in the middle of a write call whose method was already fetched: the barrier
  // must be on the file door first.
  if (fn) guardReadOnlyVolumes();
}

/**
 * Resolves a path as a user wrote it (Windows or POSIX form) to a path on this machine.
 * Drive paths become absolute; relative paths stay relative to `cwd` (returned absolute).
 */
export function resolvePath(p: string, e: DriveMapEnv = currentEnv()): string {
  const path = host().path;
  let s = expandWindowsEnv(p, e.env);
  if (s.startsWith('Microsoft.PowerShell.Core\\FileSystem::')) s = s.slice('Microsoft.PowerShell.Core\\FileSystem::'.length);
  if (isDrivePath(s)) {
    driveLookupHook?.(s[0]);
    const root = driveRoot(s[0], e);
    return joinMatching(root, windowsComponents(s.slice(2), true));
  }
  if (s.includes('\\')) {
    // A Windows-form path without a drive: `\x` is rooted at the current location's root, which on this machine is `/`;
    // `.\x` and `a\b` are relative to the current directory.
    if (/^[\\/]/.test(s) && !s.startsWith('\\\\')) return joinMatching('/', windowsComponents(s, true));
    const parts = windowsComponents(s, false);
    const ups = parts.filter((c) => c === '..');
    const base = path.resolve(e.cwd, ...ups);
    return joinMatching(base, parts.slice(ups.length));
  }
  if (s === '~' || s.startsWith('~/')) return path.join(e.homedir, s.slice(1));
  return path.resolve(e.cwd, s);
}
