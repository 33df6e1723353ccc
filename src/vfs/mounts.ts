/*
 * Mounted volumes: directories of the vfs whose files are not host files (an ISO image's file system, an in-memory
 * volume). A mount point is an absolute path as drives.ts resolves paths to (so `D:\sources\install.wim` reaches a
 * volume mounted at the directory drive D: maps to); a path at or under it is resolved inside the volume, any
 * other path is a host file. With nothing mounted (every wimsh run today) the table costs one array test per open.
 */
import { host } from '../platform/host';
import type { FileStat, OpenFlags } from '../platform/types';
import { HostFile, MemoryFile, type RandomAccessFile } from './file';
import { installWriteBarrier } from './write-barrier';

/** A file system that is not the host's. Paths inside it are '/'-separated and relative to its root ('' is the root). */
export interface Volume {
  /**
   * Opens a file; a missing one is an ENOENT error (created instead when the flags create and the volume is
   * writable). `path` is the file's full vfs path, the name its errors and messages give.
   */
  open(rel: string, flags: OpenFlags, path: string): RandomAccessFile;
  /** The names in a directory; a missing one is an ENOENT error. */
  readdir(rel: string): string[];
  /** What the host's stat would say of an entry (a volume without it is served by readdir and open). */
  stat?(rel: string): FileStat;
  /** True for a volume that refuses every write (an ISO image): writes fail with EROFS. */
  readonly readOnly?: boolean;
}

interface Mount {
  at: string;
  volume: Volume;
}

const mounts: Mount[] = [];

function codeError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** Mounts `volume` at directory `at` (an absolute host-form path); a later mount at the same place replaces it. */
export function mountVolume(at: string, volume: Volume): void {
  const key = host().path.resolve(at);
  unmountVolume(key);
  mounts.push({ at: key, volume });
  // Longest first: a volume mounted inside another's directory wins for its paths.
  mounts.sort((a, b) => b.at.length - a.at.length);
  // A read-only volume: the host's file door refuses writes under it, for every caller (write-barrier.ts).
  if (volume.readOnly) guardReadOnlyVolumes();
}

/**
 * Puts the write barrier on the host's file door (write-barrier.ts): from then on a write under a read-only volume
 * fails with EROFS. mountVolume does it; so does drives.ts when disk images may give drives, before the first drive
 * lookup, because a call such as `host().fs.writeFileSync(resolve('E:\\x'), ...)` fetches the method before its
 * argument's lookup mounts the drive.
 */
export function guardReadOnlyVolumes(): void {
  installWriteBarrier((p) => mounts.length > 0 && !!findMount(p)?.volume.readOnly);
}

/** Removes the mount at `at`; true when there was one. */
export function unmountVolume(at: string): boolean {
  const key = host().path.resolve(at);
  const i = mounts.findIndex((m) => m.at === key);
  if (i < 0) return false;
  mounts.splice(i, 1);
  return true;
}

/** The volume that holds `path` and the path inside it, or undefined for a host path. */
export function findMount(path: string): { volume: Volume; rel: string } | undefined {
  if (mounts.length === 0) return undefined;
  const abs = host().path.resolve(path);
  for (const m of mounts) {
    if (abs === m.at) return { volume: m.volume, rel: '' };
    const root = m.at.endsWith('/') ? m.at : m.at + '/';
    if (abs.startsWith(root)) return { volume: m.volume, rel: abs.slice(root.length) };
  }
  return undefined;
}

/** Opens the file at `path`: inside a mounted volume, else a host file. */
export function openFile(path: string, flags: OpenFlags = 'r', mode?: number): RandomAccessFile {
  const m = findMount(path);
  return m ? m.volume.open(m.rel, flags, path) : new HostFile(path, flags, mode);
}

/** The names in directory `path`: of a mounted volume, else of the host's file system. */
export function readDirectory(path: string): string[] {
  const m = findMount(path);
  return m ? m.volume.readdir(m.rel) : host().fs.readdirSync(path);
}

/** The canonical path of `path` (symbolic links resolved for host paths; a volume's paths are canonical as given). */
export function canonicalPath(path: string): string {
  if (findMount(path)) return host().path.resolve(path);
  return host().fs.realpathSync(path);
}

/**
 * A volume whose files are byte arrays in memory: for tests and for WIMs received in memory (the browser playground).
 * Directories exist implicitly, as the parents of its files.
 */
export class MemoryVolume implements Volume {
  private readonly files = new Map<string, MemoryFile>();

  /** Adds (or replaces) a file; `bytes` becomes its contents, not copied. */
  addFile(rel: string, bytes: Uint8Array): MemoryFile {
    const f = new MemoryFile(rel, bytes);
    this.files.set(rel, f);
    return f;
  }

  open(rel: string, flags: OpenFlags, path: string = rel): RandomAccessFile {
    let file = this.files.get(rel);
    if (file && flags.includes('x')) throw codeError('EEXIST', `file already exists, open '${path}'`);
    if (!file) {
      if (flags === 'r' || flags === 'r+') throw codeError('ENOENT', `no such file or directory, open '${path}'`);
      file = this.addFile(rel, new Uint8Array(0));
    } else if (flags.startsWith('w')) file.truncate(0);
    return handle(file, path);
  }

  readdir(rel: string): string[] {
    const prefix = rel === '' ? '' : rel.replace(/\/+$/, '') + '/';
    const names = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
    if (names.size === 0 && rel !== '') throw codeError('ENOENT', `no such file or directory, scandir '${rel}'`);
    return [...names];
  }
}

/** A handle of its own on a volume's file: closing it leaves the file (and other handles) as they are. */
function handle(file: MemoryFile, path: string): RandomAccessFile {
  let closed = false;
  const check = (): MemoryFile => {
    if (closed) throw codeError('EBADF', `file closed: '${path}'`);
    return file;
  };
  return {
    path,
    size: () => check().size(),
    read: (buf, off, len, pos) => check().read(buf, off, len, pos),
    write: (buf, off, len, pos) => check().write(buf, off, len, pos),
    truncate: (len) => check().truncate(len),
    sync: () => void check(),
    close: () => void (closed = true),
  };
}
