/*
 * An in-memory POSIX file system behind HostFs, for hosts without one (the browser playground, tests): directories,
 * regular files, symbolic links and hard links, inode numbers, modes and timestamps, descriptors with positional
 * and sequential reads and writes. Errors carry node-style codes and messages ("ENOENT: no such file or directory,
 * open '/x'"), since the WIM core and the cmdlets map those codes to Windows errors.
 */
import type { DirEntry, FileStat, Host, HostFs, OpenFlags } from '../types';

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFMT = 0o170000;
const MAX_LINK_HOPS = 40;

interface Times {
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
}

interface FileNode extends Times {
  kind: 'file';
  ino: number;
  mode: number;
  nlink: number;
  data: Uint8Array;
  size: number;
}

interface DirNode extends Times {
  kind: 'dir';
  ino: number;
  mode: number;
  nlink: number;
  entries: Map<string, Node>;
}

interface LinkNode extends Times {
  kind: 'link';
  ino: number;
  mode: number;
  nlink: number;
  target: string;
}

type Node = FileNode | DirNode | LinkNode;

interface Descriptor {
  node: FileNode | DirNode;
  readable: boolean;
  writable: boolean;
  append: boolean;
  pos: number;
}

const TEXT = {
  ENOENT: 'no such file or directory',
  EEXIST: 'file already exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory',
  ENOTEMPTY: 'directory not empty',
  EBADF: 'bad file descriptor',
  EINVAL: 'invalid argument',
  ELOOP: 'too many symbolic links encountered',
  EPERM: 'operation not permitted',
} as const;

function fsError(code: keyof typeof TEXT, syscall: string, path: string, dest?: string): Error {
  const where = dest === undefined ? `'${path}'` : `'${path}' -> '${dest}'`;
  return Object.assign(new Error(`${code}: ${TEXT[code]}, ${syscall} ${where}`), { code, syscall, path });
}

/** Node takes a number of seconds or a Date. */
function toMs(t: Date | number): number {
  return t instanceof Date ? t.getTime() : t * 1000;
}

export class MemoryFs implements HostFs {
  private nextIno = 2;
  private readonly root: DirNode;
  private readonly fds = new Map<number, Descriptor>();
  private nextFd = 3;

  constructor(private readonly path: Host['path']) {
    this.root = this.dirNode(0o755);
  }

  // ---- nodes and lookup -------------------------------------------------------------------------------------

  private times(): Times {
    const now = Date.now();
    return { atimeMs: now, mtimeMs: now, ctimeMs: now, birthtimeMs: now };
  }

  private dirNode(perm: number): DirNode {
    return { kind: 'dir', ino: this.nextIno++, mode: S_IFDIR | perm, nlink: 2, entries: new Map(), ...this.times() };
  }

  private fileNode(perm: number): FileNode {
    return { kind: 'file', ino: this.nextIno++, mode: S_IFREG | perm, nlink: 1, data: new Uint8Array(0), size: 0, ...this.times() };
  }

  /** The components of an absolute normalized path. */
  private parts(p: string): string[] {
    return this.path.resolve(p).split('/').filter((x) => x !== '');
  }

  /**
   * Walks to `p`; symbolic links on the way are followed, the last one too when `follow`. Returns the node (undefined
   * when the last component is missing) and its parent directory and name; a missing or non-directory component on
   * the way is ENOENT/ENOTDIR.
   */
  private lookup(p: string, follow: boolean, syscall: string, hops = 0): { node: Node | undefined; parent: DirNode; name: string } {
    const parts = this.parts(p);
    let dir = this.root;
    if (parts.length === 0) return { node: this.root, parent: this.root, name: '' };
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      let node = name === '..' ? undefined : dir.entries.get(name);
      const last = i === parts.length - 1;
      if (node && node.kind === 'link' && (!last || follow)) {
        if (++hops > MAX_LINK_HOPS) throw fsError('ELOOP', syscall, p);
        const base = '/' + parts.slice(0, i).join('/');
        const rest = parts.slice(i + 1).join('/');
        const target = this.path.resolve(base, node.target, rest);
        return this.lookup(target, follow, syscall, hops);
      }
      if (last) return { node, parent: dir, name };
      if (!node) throw fsError('ENOENT', syscall, p);
      if (node.kind !== 'dir') throw fsError('ENOTDIR', syscall, p);
      dir = node;
    }
    throw fsError('ENOENT', syscall, p); // not reached
  }

  private existing(p: string, follow: boolean, syscall: string): { node: Node; parent: DirNode; name: string } {
    const r = this.lookup(p, follow, syscall);
    if (!r.node) throw fsError('ENOENT', syscall, p);
    return r as { node: Node; parent: DirNode; name: string };
  }

  private stat(n: Node): FileStat {
    const kind = n.mode & S_IFMT;
    return {
      size: n.kind === 'file' ? n.size : n.kind === 'link' ? n.target.length : 4096,
      mode: n.mode,
      ino: n.ino,
      dev: 1,
      nlink: n.nlink,
      atimeMs: n.atimeMs,
      mtimeMs: n.mtimeMs,
      ctimeMs: n.ctimeMs,
      birthtimeMs: n.birthtimeMs,
      isFile: () => kind === S_IFREG,
      isDirectory: () => kind === S_IFDIR,
      isSymbolicLink: () => kind === S_IFLNK,
    };
  }

  private fd(fd: number, syscall: string): Descriptor {
    const d = this.fds.get(fd);
    if (!d) throw Object.assign(new Error(`EBADF: ${TEXT.EBADF}, ${syscall}`), { code: 'EBADF', syscall });
    return d;
  }

  private static reserve(f: FileNode, n: number): void {
    if (n <= f.data.length) return;
    const grown = new Uint8Array(Math.max(n, f.data.length * 2, 256));
    grown.set(f.data.subarray(0, f.size));
    f.data = grown;
  }

  private static resize(f: FileNode, len: number): void {
    MemoryFs.reserve(f, len);
    if (len > f.size) f.data.fill(0, f.size, len);
    f.size = len;
    f.mtimeMs = f.ctimeMs = Date.now();
  }

  // ---- descriptors --------------------------------------------------------------------------------------------

  openSync(p: string, flags: OpenFlags, mode = 0o666): number {
    const { node, parent, name } = this.lookup(p, true, 'open');
    const creates = flags !== 'r' && flags !== 'r+';
    const exclusive = flags.includes('x');
    let target: Node | undefined = node;
    if (target && exclusive) throw fsError('EEXIST', 'open', p);
    if (!target) {
      if (!creates) throw fsError('ENOENT', 'open', p);
      target = this.fileNode(mode & 0o777 & ~0o022);
      parent.entries.set(name, target);
      parent.mtimeMs = parent.ctimeMs = Date.now();
    }
    const writable = flags !== 'r';
    if (target.kind === 'dir' && writable) throw fsError('EISDIR', 'open', p);
    if (target.kind === 'link') throw fsError('ELOOP', 'open', p);
    if (target.kind === 'file' && flags.startsWith('w')) MemoryFs.resize(target, 0);
    const fd = this.nextFd++;
    this.fds.set(fd, { node: target, readable: flags === 'r' || flags.includes('+'), writable, append: flags.startsWith('a'), pos: 0 });
    return fd;
  }

  closeSync(fd: number): void {
    this.fd(fd, 'close');
    this.fds.delete(fd);
  }

  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number {
    const d = this.fd(fd, 'read');
    if (!d.readable) throw Object.assign(new Error(`EBADF: ${TEXT.EBADF}, read`), { code: 'EBADF', syscall: 'read' });
    if (d.node.kind === 'dir') throw Object.assign(new Error(`EISDIR: ${TEXT.EISDIR}, read`), { code: 'EISDIR', syscall: 'read' });
    const f = d.node;
    const pos = position ?? d.pos;
    const n = Math.max(0, Math.min(length, f.size - pos));
    if (n > 0) buffer.set(f.data.subarray(pos, pos + n), offset);
    if (position === null) d.pos += n;
    return n;
  }

  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position?: number | null): number {
    const d = this.fd(fd, 'write');
    if (!d.writable || d.node.kind !== 'file') throw Object.assign(new Error(`EBADF: ${TEXT.EBADF}, write`), { code: 'EBADF', syscall: 'write' });
    const f = d.node;
    // As on Linux, a descriptor opened to append writes at the end whatever the position.
    const pos = d.append ? f.size : (position ?? d.pos);
    const end = pos + length;
    if (end > f.size) MemoryFs.resize(f, end);
    f.data.set(buffer.subarray(offset, offset + length), pos);
    f.mtimeMs = f.ctimeMs = Date.now();
    if (position === null || position === undefined) d.pos = end;
    return length;
  }

  fsyncSync(fd: number): void {
    this.fd(fd, 'fsync');
  }

  ftruncateSync(fd: number, len: number): void {
    const d = this.fd(fd, 'ftruncate');
    if (!d.writable || d.node.kind !== 'file') throw fsError('EINVAL', 'ftruncate', String(fd));
    MemoryFs.resize(d.node, len);
  }

  fstatSync(fd: number): FileStat {
    return this.stat(this.fd(fd, 'fstat').node);
  }

  // ---- paths --------------------------------------------------------------------------------------------------

  statSync(p: string): FileStat {
    return this.stat(this.existing(p, true, 'stat').node);
  }

  lstatSync(p: string): FileStat {
    return this.stat(this.existing(p, false, 'lstat').node);
  }

  existsSync(p: string): boolean {
    try {
      return this.lookup(p, true, 'access').node !== undefined;
    } catch {
      return false;
    }
  }

  private dir(p: string, syscall: string): DirNode {
    const { node } = this.existing(p, true, syscall);
    if (node.kind !== 'dir') throw fsError('ENOTDIR', syscall, p);
    return node;
  }

  readdirSync(p: string): string[] {
    return [...this.dir(p, 'scandir').entries.keys()].sort();
  }

  readdirEntries(p: string): DirEntry[] {
    const d = this.dir(p, 'scandir');
    return [...d.entries.keys()].sort().map((name) => {
      const kind = d.entries.get(name)!.kind;
      return { name, isFile: () => kind === 'file', isDirectory: () => kind === 'dir', isSymbolicLink: () => kind === 'link' };
    });
  }

  mkdirSync(p: string, options?: { recursive?: boolean }): void {
    if (options?.recursive) {
      let cur = '/';
      for (const part of this.parts(p)) {
        cur = this.path.join(cur, part);
        const { node, parent, name } = this.lookup(cur, true, 'mkdir');
        if (!node) parent.entries.set(name, this.dirNode(0o755));
        else if (node.kind !== 'dir') throw fsError(cur === this.path.resolve(p) ? 'EEXIST' : 'ENOTDIR', 'mkdir', p);
      }
      return;
    }
    const { node, parent, name } = this.lookup(p, false, 'mkdir');
    if (node) throw fsError('EEXIST', 'mkdir', p);
    parent.entries.set(name, this.dirNode(0o755));
    parent.nlink++;
    parent.mtimeMs = parent.ctimeMs = Date.now();
  }

  rmSync(p: string, options?: { recursive?: boolean; force?: boolean }): void {
    const { node, parent, name } = this.lookup(p, false, 'rm');
    if (!node) {
      if (options?.force) return;
      throw fsError('ENOENT', 'rm', p);
    }
    if (node.kind === 'dir') {
      if (!options?.recursive) throw Object.assign(new Error(`Path is a directory: rm returned EISDIR (is a directory) ${p}`), { code: 'ERR_FS_EISDIR' });
      if (node === this.root) throw fsError('EPERM', 'rm', p);
    }
    this.detach(parent, name, node);
  }

  private detach(parent: DirNode, name: string, node: Node): void {
    parent.entries.delete(name);
    if (node.kind === 'dir') parent.nlink--;
    node.nlink--;
    parent.mtimeMs = parent.ctimeMs = Date.now();
  }

  unlinkSync(p: string): void {
    const { node, parent, name } = this.existing(p, false, 'unlink');
    if (node.kind === 'dir') throw fsError('EISDIR', 'unlink', p);
    this.detach(parent, name, node);
  }

  rmdirSync(p: string): void {
    const { node, parent, name } = this.existing(p, false, 'rmdir');
    if (node.kind !== 'dir') throw fsError('ENOTDIR', 'rmdir', p);
    if (node.entries.size) throw fsError('ENOTEMPTY', 'rmdir', p);
    if (node === this.root) throw fsError('EPERM', 'rmdir', p);
    this.detach(parent, name, node);
  }

  renameSync(from: string, to: string): void {
    const src = this.existing(from, false, 'rename');
    const dst = this.lookup(to, false, 'rename');
    if (dst.node === src.node) return;
    if (dst.node) {
      if (src.node.kind === 'dir' && dst.node.kind !== 'dir') throw fsError('ENOTDIR', 'rename', from, to);
      if (src.node.kind !== 'dir' && dst.node.kind === 'dir') throw fsError('EISDIR', 'rename', from, to);
      if (dst.node.kind === 'dir' && dst.node.entries.size) throw fsError('ENOTEMPTY', 'rename', from, to);
      this.detach(dst.parent, dst.name, dst.node);
    }
    if (src.node.kind === 'dir') {
      // A directory cannot move into itself.
      const s = this.path.resolve(from) + '/';
      if (this.path.resolve(to).startsWith(s)) throw fsError('EINVAL', 'rename', from, to);
    }
    src.parent.entries.delete(src.name);
    dst.parent.entries.set(dst.name, src.node);
    if (src.node.kind === 'dir') {
      src.parent.nlink--;
      dst.parent.nlink++;
    }
    src.node.ctimeMs = src.parent.mtimeMs = dst.parent.mtimeMs = Date.now();
  }

  copyFileSync(from: string, to: string): void {
    const { node } = this.existing(from, true, 'copyfile');
    if (node.kind !== 'file') throw fsError('EISDIR', 'copyfile', from, to);
    const fd = this.openSync(to, 'w');
    try {
      this.writeSync(fd, node.data, 0, node.size, 0);
    } finally {
      this.closeSync(fd);
    }
  }

  readFileSync(p: string): Uint8Array {
    const { node } = this.existing(p, true, 'open');
    if (node.kind !== 'file') throw fsError('EISDIR', 'read', p);
    return node.data.slice(0, node.size);
  }

  readTextFileSync(p: string): string {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.readFileSync(p));
  }

  writeFileSync(p: string, data: Uint8Array | string): void {
    this.put(p, data, 'w');
  }

  appendFileSync(p: string, data: Uint8Array | string): void {
    this.put(p, data, 'a');
  }

  private put(p: string, data: Uint8Array | string, flags: OpenFlags): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const fd = this.openSync(p, flags);
    try {
      this.writeSync(fd, bytes, 0, bytes.length, null);
    } finally {
      this.closeSync(fd);
    }
  }

  symlinkSync(target: string, p: string): void {
    const { node, parent, name } = this.lookup(p, false, 'symlink');
    if (node) throw fsError('EEXIST', 'symlink', target, p);
    parent.entries.set(name, { kind: 'link', ino: this.nextIno++, mode: S_IFLNK | 0o777, nlink: 1, target, ...this.times() });
  }

  readlinkSync(p: string): string {
    const { node } = this.existing(p, false, 'readlink');
    if (node.kind !== 'link') throw fsError('EINVAL', 'readlink', p);
    return node.target;
  }

  linkSync(existing: string, newPath: string): void {
    const src = this.existing(existing, false, 'link');
    if (src.node.kind === 'dir') throw fsError('EPERM', 'link', existing, newPath);
    const dst = this.lookup(newPath, false, 'link');
    if (dst.node) throw fsError('EEXIST', 'link', existing, newPath);
    dst.parent.entries.set(dst.name, src.node);
    src.node.nlink++;
    src.node.ctimeMs = Date.now();
  }

  utimesSync(p: string, atime: Date | number, mtime: Date | number): void {
    const { node } = this.existing(p, true, 'utime');
    node.atimeMs = toMs(atime);
    node.mtimeMs = toMs(mtime);
  }

  chmodSync(p: string, mode: number): void {
    const { node } = this.existing(p, true, 'chmod');
    node.mode = (node.mode & ~0o7777) | (mode & 0o7777);
  }

  lutimesSync(p: string, atime: Date | number, mtime: Date | number): void {
    const { node } = this.existing(p, false, 'lutime');
    node.atimeMs = toMs(atime);
    node.mtimeMs = toMs(mtime);
  }

  realpathSync(p: string): string {
    // Each link on the way is replaced by its target until none is left.
    let cur = '/';
    let hops = 0;
    const todo = this.parts(p);
    while (todo.length) {
      const part = todo.shift()!;
      if (part === '..') {
        cur = this.path.dirname(cur);
        continue;
      }
      const next = this.path.join(cur, part);
      const { node } = this.existing(next, false, 'realpath');
      if (node.kind === 'link') {
        if (++hops > MAX_LINK_HOPS) throw fsError('ELOOP', 'realpath', p);
        const t = this.path.resolve(cur, node.target);
        todo.unshift(...t.split('/').filter((x) => x !== ''));
        cur = '/';
        continue;
      }
      if (todo.length && node.kind !== 'dir') throw fsError('ENOTDIR', 'realpath', p);
      cur = next;
    }
    return cur;
  }

  mkdtempSync(prefix: string): string {
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    for (;;) {
      let s = prefix;
      for (let i = 0; i < 6; i++) s += chars[Math.floor(Math.random() * chars.length)];
      if (!this.existsSync(s)) {
        this.mkdirSync(s);
        return s;
      }
    }
  }
}
