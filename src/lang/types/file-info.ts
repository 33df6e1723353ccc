/*
 * System.IO.FileInfo and System.IO.DirectoryInfo: what Get-Item and Get-ChildItem return, and what
 * [IO.FileInfo]'C:\x' and the DirectoryInfo methods make. A FileSystemItem is a PSObject whose properties are the
 * ones 5.1 shows (Format-List *), read from one stat; Parent, Directory and Root are DirectoryInfo objects built when
 * read (a chain of parents is not stated up front). Its methods (Delete, CopyTo, MoveTo, GetFiles,
 * CreateSubdirectory...) are rows of the FILEINFO/DIRECTORYINFO member tables in members.ts, over the helpers here.
 *
 * How an item stringifies follows .NET Framework's OriginalPath, which 5.1 shows: an item made from a path (Get-Item,
 * a wildcard Get-ChildItem resolved, a cast) is its full name; an item enumerated from its directory (Get-ChildItem
 * C:\dir, $dir.GetFiles()) is its bare name. So `"$_"` in `Get-ChildItem C:\dir | % { "$_" }` is the name, as on
 * Windows.
 */
import { host } from '../../platform/host';
import type { FileStat } from '../../platform/types';
import { listDirectory, statPath, lstatPath, isReadOnlyVolumePath } from '../../vfs/vfs-fs';
import { PSObject } from './values';
import { raise } from '../runtime/errors';
import { displayPath } from '../runtime/session';

const PROVIDER = 'Microsoft.PowerShell.Core\\FileSystem::';

/** The display path's parent (C:\a\b -> C:\a, C:\a -> C:\), or undefined at a root. */
export function parentDisplay(full: string): string | undefined {
  const t = full.length > 3 ? full.replace(/[\\/]+$/, '') : full;
  if (/^[A-Za-z]:\\?$/.test(t) || t === '/') return undefined;
  const i = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
  if (i < 0) return undefined;
  if (i === 2 && /^[A-Za-z]:/.test(t)) return t.slice(0, 3);
  return i === 0 ? t[0] : t.slice(0, i);
}

/** The root of a display path: C:\ for drive paths, / for POSIX ones. */
function rootDisplay(full: string): string {
  return /^[A-Za-z]:/.test(full) ? full[0].toUpperCase() + ':\\' : '/';
}

/** How many components lie below the root (C:\a\b: 2), to walk the host path up as far. */
function depthBelowRoot(full: string): number {
  return full.replace(/^[A-Za-z]:/, '').split(/[\\/]+/).filter(Boolean).length;
}

function mode(isDir: boolean, readOnly: boolean): string {
  // Windows shows the Archive attribute on files: -a----, -ar--- when read-only, d----- for directories.
  return isDir ? 'd-----' : readOnly ? '-ar---' : '-a----';
}

function utc(d: Date): Date {
  return new Date(d.getTime() + d.getTimezoneOffset() * 60000);
}

/** A FileInfo or DirectoryInfo for `hostPath`, shown as `full` (C:\x\y). */
/**
 * `enumerated`: the item came from listing its directory, so it stringifies to its name (see above).
 * `asDirectory`: the kind to assume when nothing exists at the path ([IO.DirectoryInfo]'C:\new').
 */
export class FileSystemItem extends PSObject {
  hostPath: string;
  fullName: string;
  isDirectory = false;

  constructor(hostPath: string, fullName: string, enumerated = false, asDirectory = false) {
    super();
    this.hostPath = hostPath;
    this.fullName = fullName;
    this.load(hostPath, fullName, enumerated, asDirectory);
  }

  /** (Re)reads the item's properties from one stat: at construction, Refresh(), and after MoveTo(). */
  load(hostPath: string, fullName: string, enumerated: boolean, asDirectory: boolean): void {
    this.hostPath = hostPath;
    this.fullName = fullName;
    this.props.clear();
    let st: FileStat | undefined;
    try {
      st = statPath(hostPath);
    } catch {
      st = undefined;
    }
    const isDir = st ? st.isDirectory() : asDirectory;
    this.isDirectory = isDir;
    this.typeNames = isDir ? ['System.IO.DirectoryInfo', 'System.IO.FileSystemInfo', 'System.MarshalByRefObject', 'System.Object'] : ['System.IO.FileInfo', 'System.IO.FileSystemInfo', 'System.MarshalByRefObject', 'System.Object'];
    const full = fullName;
    const parent = parentDisplay(full);
    const name = parent === undefined ? full : full.replace(/[\\/]+$/, '').replace(/^.*[\\/]/, '');
    const ext = /\.[^.]*$/.exec(parent === undefined ? '' : name)?.[0] ?? '';
    const readOnly = st ? (st.mode & 0o200) === 0 || isReadOnlyVolumePath(hostPath) : false;
    const never = new Date(1601, 0, 1);
    this.set('PSPath', PROVIDER + full);
    this.set('PSParentPath', parent === undefined ? '' : PROVIDER + parent);
    this.set('PSChildName', name);
    this.set('PSDrive', /^[A-Za-z]:/.test(full) ? full[0].toUpperCase() : '');
    this.set('PSProvider', 'Microsoft.PowerShell.Core\\FileSystem');
    this.set('PSIsContainer', isDir);
    this.set('Mode', mode(isDir, readOnly));
    this.set('BaseName', isDir ? name : name.slice(0, name.length - ext.length));
    this.set('Name', name);
    if (isDir) {
      this.set('FullName', full);
      this.lazy('Parent', () => (parent === undefined ? null : this.parentItem()));
      this.set('Exists', !!st);
      this.lazy('Root', () => this.rootItem());
    } else {
      this.set('Length', st ? st.size : null);
      this.set('DirectoryName', parent ?? null);
      this.lazy('Directory', () => (parent === undefined ? null : this.parentItem()));
      this.set('IsReadOnly', readOnly);
      this.set('Exists', !!st);
      this.set('FullName', full);
    }
    this.set('Extension', ext);
    const created = st ? new Date(st.birthtimeMs || st.mtimeMs) : never;
    const written = st ? new Date(st.mtimeMs) : never;
    const accessed = st ? new Date(st.atimeMs) : never;
    this.set('CreationTime', created);
    this.set('CreationTimeUtc', utc(created));
    this.set('LastAccessTime', accessed);
    this.set('LastAccessTimeUtc', utc(accessed));
    this.set('LastWriteTime', written);
    this.set('LastWriteTimeUtc', utc(written));
    this.set('Attributes', isDir ? 'Directory' : readOnly ? 'ReadOnly, Archive' : 'Archive');
    (this as unknown as { toStringValue: string }).toStringValue = enumerated ? name : full;
  }

  /** A property computed when first read, then kept (Parent, Directory, Root). */
  private lazy(name: string, make: () => unknown): void {
    let made = false;
    let value: unknown;
    this.props.set(name.toLowerCase(), {
      name,
      get value() {
        if (!made) {
          value = make();
          made = true;
        }
        return value;
      },
      set value(v: unknown) {
        value = v;
        made = true;
      },
    });
  }

  /** The containing directory, as a DirectoryInfo made from its path (so it stringifies to its full name). */
  parentItem(): FileSystemItem {
    return new FileSystemItem(host().path.dirname(this.hostPath), parentDisplay(this.fullName)!, false, true);
  }

  rootItem(): FileSystemItem {
    let h = this.hostPath;
    for (let n = depthBelowRoot(this.fullName); n > 0; n--) h = host().path.dirname(h);
    return new FileSystemItem(h, rootDisplay(this.fullName), false, true);
  }

  /** The item `name` inside this directory, as enumeration gives it. */
  child(name: string): FileSystemItem {
    const full = this.fullName.replace(/[\\/]+$/, '') + (this.fullName.includes('\\') || !this.fullName.includes('/') ? '\\' : '/') + name;
    return new FileSystemItem(host().path.join(this.hostPath, name), full, true);
  }
}

/** .NET's search pattern: * and ? (and `*.*` for everything), case-insensitive. */
function patternRegExp(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined || pattern === '*' || pattern === '*.*') return undefined;
  let re = '^';
  for (const c of pattern) re += c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(re + '$', 'i');
}

/**
 * The items under a directory, as GetFiles/GetDirectories/GetFileSystemInfos list them: this level, or every level
 * (SearchOption AllDirectories) with each directory's entries before its subdirectories' entries.
 */
export function listItems(dir: FileSystemItem, kind: 'file' | 'directory' | 'any', pattern?: string, allDirectories = false): FileSystemItem[] {
  const re = patternRegExp(pattern);
  const out: FileSystemItem[] = [];
  const walk = (d: FileSystemItem) => {
    let names: string[];
    try {
      names = listDirectory(d.hostPath).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    } catch {
      return;
    }
    const subdirs: FileSystemItem[] = [];
    for (const n of names) {
      const it = d.child(n);
      if (it.isDirectory) subdirs.push(it);
      if ((kind === 'any' || (kind === 'directory') === it.isDirectory) && (!re || re.test(n))) out.push(it);
    }
    if (allDirectories) for (const s of subdirs) walk(s);
  };
  walk(dir);
  return out;
}

/** Runs a file operation; a failure is .NET's method-call error, never Node's text. */
export function fileOperation<T>(method: string, argc: number, item: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    const code = (e as { code?: string }).code;
    const text =
      code === 'ENOENT' ? `Could not find a part of the path '${item}'.`
      : code === 'EEXIST' ? `Cannot create '${item}' because a file or directory with the same name already exists.`
      : code === 'ENOTEMPTY' ? 'The directory is not empty.'
      : code === 'EROFS' ? 'The media is write protected.'
      : `Access to the path '${item}' is denied.`;
    raise(`Exception calling "${method}" with "${argc}" argument(s): "${text}"`, 'IOException', 'NotSpecified', 'MethodInvocationException');
  }
}

/** Whether something exists at a host path (no error when not). */
export function existsAt(hostPath: string): boolean {
  try {
    lstatPath(hostPath);
    return true;
  } catch {
    return false;
  }
}

/** A path a script hands a method (CopyTo, MoveTo...): its host path through the drive map, and how it is shown. */
export function userPath(resolve: (p: string) => string, p: string): { host: string; display: string } {
  const h = resolve(p);
  return { host: h, display: displayPath(h) };
}
