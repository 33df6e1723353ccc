/*
 * The file system as the shell's file cmdlets see it (Test-Path, Get-ChildItem, Get-Item, Get-Content, Copy-Item):
 * the host's, except under a mounted volume (mounts.ts: an attached ISO's drive), whose entries are stat'ed, listed
 * and read through the volume. A write under a read-only volume fails with EROFS before it reaches the host, the
 * error Windows gives for a read-only medium ("The media is write protected."). Host paths cost one mount-table test.
 */
import { host } from '../platform/host';
import type { FileStat } from '../platform/types';
import { readFully } from './file';
import { findMount, type Volume } from './mounts';

function codeError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** stat (symbolic links followed on the host; a volume has none). */
export function statPath(path: string): FileStat {
  const m = findMount(path);
  return m ? volumeStat(m.volume, m.rel, path) : host().fs.statSync(path);
}

/** A volume's stat of `rel`; for a volume without stat (MemoryVolume) a directory is what lists, a file what opens. */
export function volumeStat(volume: Volume, rel: string, path: string = rel): FileStat {
  if (volume.stat) return volume.stat(rel);
  try {
    volume.readdir(rel);
    return synthetic(true, 0);
  } catch {
    const f = volume.open(rel, 'r', path);
    try {
      return synthetic(false, f.size());
    } finally {
      f.close();
    }
  }
}

/** lstat: the entry itself (a host symbolic link is not followed). */
export function lstatPath(path: string): FileStat {
  return findMount(path) ? statPath(path) : host().fs.lstatSync(path);
}

/** True when something exists at `path`. */
export function pathExists(path: string): boolean {
  try {
    lstatPath(path);
    return true;
  } catch {
    return false;
  }
}

/** The names in a directory. */
export function listDirectory(path: string): string[] {
  const m = findMount(path);
  return m ? m.volume.readdir(m.rel) : host().fs.readdirSync(path);
}

/** A whole file's bytes (for Get-Content: text files, not WIMs). */
export function readWholeFile(path: string): Uint8Array {
  const m = findMount(path);
  if (!m) return host().fs.readFileSync(path);
  const f = m.volume.open(m.rel, 'r', path);
  try {
    const buf = new Uint8Array(f.size());
    readFully(f, buf, 0, buf.length, 0);
    return buf;
  } finally {
    f.close();
  }
}

/** A whole file as UTF-8 text ([IO.File]::ReadAllText): the host's reader for a host file, else the volume's bytes. */
export function readTextFile(path: string): string {
  return findMount(path) ? host().text.utf8Decode(readWholeFile(path)) : host().fs.readTextFileSync(path);
}

/** Copies one file; the source may be inside a volume (read in 1 MiB pieces), the target must be writable. */
export function copyFile(from: string, to: string): void {
  refuseWrite(to);
  const m = findMount(from);
  if (!m) return host().fs.copyFileSync(from, to);
  const src = m.volume.open(m.rel, 'r', from);
  const fs = host().fs;
  const fd = fs.openSync(to, 'w');
  try {
    const buf = new Uint8Array(1 << 20);
    const size = src.size();
    for (let pos = 0; pos < size; ) {
      const n = src.read(buf, 0, Math.min(buf.length, size - pos), pos);
      if (n <= 0) throw codeError('EIO', `unexpected end of file at offset ${pos}: '${from}'`);
      let done = 0;
      while (done < n) done += fs.writeSync(fd, buf, done, n - done, pos + done);
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
    src.close();
  }
}

/** Throws EROFS when `path` lies in a read-only volume (call before any write, create, delete or rename there). */
export function refuseWrite(path: string): void {
  const m = findMount(path);
  if (m && m.volume.readOnly) throw codeError('EROFS', `read-only file system, '${path}'`);
}

/** True when `path` lies in a read-only volume. */
export function isReadOnlyVolumePath(path: string): boolean {
  return !!findMount(path)?.volume.readOnly;
}

function synthetic(dir: boolean, size: number): FileStat {
  return {
    size,
    mode: dir ? 0o40755 : 0o100644,
    ino: 0,
    dev: 0,
    nlink: 1,
    atimeMs: 0,
    mtimeMs: 0,
    ctimeMs: 0,
    birthtimeMs: 0,
    isFile: () => !dir,
    isDirectory: () => dir,
    isSymbolicLink: () => false,
  };
}

/** A failed file operation as .NET on Windows reports it: the exception's type and Windows' text. */
export interface WindowsIoError {
  /** Short type name: FileNotFoundException, DirectoryNotFoundException, UnauthorizedAccessException, IOException... */
  type: string;
  fullName: string;
  message: string;
}

function ioError(type: string, ns: string, message: string): WindowsIoError {
  return { type, fullName: `${ns}.${type}`, message };
}

/**
 * Maps a host error (its errno `code`) to what .NET reports on Windows for the same failure, naming `display` (the
 * path as the user sees it, C:\x): ENOENT is FileNotFoundException "Could not find file '...'" when the directory
 * exists, else DirectoryNotFoundException "Could not find a part of the path '...'"; EISDIR/EACCES/EPERM are
 * UnauthorizedAccessException "Access to the path '...' is denied."; and so on. `hostPath` (the path that failed)
 * tells the two ENOENT cases apart. Undefined for an error without an errno code (not a file-system failure).
 */
export function windowsIoError(e: unknown, display: string, hostPath?: string): WindowsIoError | undefined {
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  const sys = 'System';
  const io = 'System.IO';
  // Without a path (a read of an open handle), .NET's texts that name none.
  const named = display !== '';
  const partOfPath = named ? `Could not find a part of the path '${display}'.` : 'Could not find a part of the path.';
  switch (code) {
    case 'ENOENT': {
      const parent = hostPath ? host().path.dirname(hostPath) : undefined;
      if (parent !== undefined && pathExists(parent)) return ioError('FileNotFoundException', io, named ? `Could not find file '${display}'.` : 'Unable to find the specified file.');
      return ioError('DirectoryNotFoundException', io, partOfPath);
    }
    case 'ENOTDIR':
      return ioError('DirectoryNotFoundException', io, partOfPath);
    case 'EISDIR':
    case 'EACCES':
    case 'EPERM':
      return ioError('UnauthorizedAccessException', sys, named ? `Access to the path '${display}' is denied.` : 'Access to the path is denied.');
    case 'EEXIST':
      return ioError('IOException', io, named ? `The file '${display}' already exists.` : 'Cannot create a file when that file already exists.');
    case 'ENOTEMPTY':
      return ioError('IOException', io, 'The directory is not empty.');
    case 'EROFS':
      return ioError('IOException', io, 'The media is write protected.');
    case 'ENOSPC':
    case 'EDQUOT':
      return ioError('IOException', io, 'There is not enough space on the disk.');
    case 'EBUSY':
    case 'ETXTBSY':
      return ioError('IOException', io, `The process cannot access the file${named ? ` '${display}'` : ''} because it is being used by another process.`);
    case 'ENAMETOOLONG':
      return ioError(
        'PathTooLongException',
        io,
        'The specified path, file name, or both are too long. The fully qualified file name must be less than 260 characters, and the directory name must be less than 248 characters.',
      );
    case 'EMFILE':
    case 'ENFILE':
      return ioError('IOException', io, 'The system cannot open the file.');
    case 'ELOOP':
      return ioError('IOException', io, 'The name of the file cannot be resolved by the system.');
    case 'EXDEV':
      return ioError('IOException', io, 'The system cannot move the file to a different disk drive.');
    default:
      return ioError('IOException', io, 'The request could not be performed because of an I/O device error.');
  }
}
