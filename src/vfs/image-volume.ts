/*
 * A read-only volume read in place from an image file: the file system of an ISO (UDF or ISO 9660, read by
 * src/formats/udf and src/formats/iso9660) as a tree of nodes whose files are lists of extents, byte ranges of the
 * image. Opening a file costs nothing; a read maps its position to the extent holding it (binary search over the
 * extents' starts) and reads the image there, so an install.wim inside an ISO is read without being copied out.
 * Everything that would write (open for writing, create, truncate) fails with EROFS, Windows' "The media is write
 * protected." This file knows no on-disk format: the readers build the tree, this serves it.
 */
import type { FileStat, OpenFlags } from '../platform/types';
import type { RandomAccessFile } from './file';
import type { Volume } from './mounts';

/** A byte range of a file: `len` bytes at `pos` of the image, or (pos < 0) `len` zero bytes (sparse, unrecorded). */
export interface ImageExtent {
  pos: number;
  len: number;
}

/** A file or directory of an image's file system, as its reader found it. */
export interface ImageNode {
  /** The name as the file system gives it (no path). */
  name: string;
  dir: boolean;
  /** A file's length in bytes (the sum of its extents' lengths); 0 for a directory. */
  size: number;
  /** The modification time (ms since 1970), NaN when the file system records none. */
  mtimeMs: number;
  /** A file's data: extents in file order. */
  extents: ImageExtent[];
  /** A directory's entries, by name as given. */
  children: ImageNode[];
  /** The bytes of a file whose data is held in its own descriptor (UDF embedded data); then extents is empty. */
  inline?: Uint8Array;
}

/** A new node; the readers fill it. */
export function imageNode(name: string, dir: boolean, mtimeMs = NaN): ImageNode {
  return { name, dir, size: 0, mtimeMs, extents: [], children: [] };
}

/** An error as the host's file door throws one: its errno code, and the path it names (which the Windows text uses). */
function codeError(code: string, message: string, path?: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), path === undefined ? { code } : { code, path });
}

/** What a reader found: the tree, the volume's label and file system name as Get-Volume shows them. */
export interface ImageFileSystem {
  root: ImageNode;
  /** The volume label (UDF logical volume identifier, ISO 9660 / Joliet volume identifier). */
  label: string;
  /** 'UDF' or 'CDFS', as Windows' Get-Volume names them. */
  fileSystem: 'UDF' | 'CDFS';
  /** The bytes the file system spans (Get-Volume's Size). */
  size: number;
}

/** A volume over an image file's tree: read-only, its files read in place through `image`. */
export class ImageVolume implements Volume {
  readonly readOnly = true;
  /** Directory lookups by lower-cased name (Windows matches names case-insensitively), built on first use. */
  private readonly index = new Map<ImageNode, Map<string, ImageNode>>();

  constructor(
    readonly image: RandomAccessFile,
    readonly fs: ImageFileSystem,
  ) {}

  /** The node at `rel` ('/'-separated, '' the root); exact names first, else the first case-insensitive match. */
  lookup(rel: string): ImageNode | undefined {
    let node = this.fs.root;
    for (const part of rel.split('/')) {
      if (part === '' || part === '.') continue;
      if (!node.dir) return undefined;
      let names = this.index.get(node);
      if (!names) {
        names = new Map();
        for (const c of node.children) {
          if (!names.has(c.name)) names.set(c.name, c);
          const lower = c.name.toLowerCase();
          if (!names.has('\0' + lower)) names.set('\0' + lower, c);
        }
        this.index.set(node, names);
      }
      const next = names.get(part) ?? names.get('\0' + part.toLowerCase());
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  private need(rel: string, path: string, op: string): ImageNode {
    const n = this.lookup(rel);
    if (!n) throw codeError('ENOENT', `no such file or directory, ${op} '${path}'`);
    return n;
  }

  open(rel: string, flags: OpenFlags, path: string = rel): RandomAccessFile {
    if (flags !== 'r') throw codeError('EROFS', `read-only file system, open '${path}'`);
    const node = this.lookup(rel);
    // The full path on the error, as the host's has it: a missing file in an existing directory reads "Could not
    // find file", in a missing one "Could not find a part of the path" (vfs-fs windowsIoError).
    if (!node) throw codeError('ENOENT', `no such file or directory, open '${path}'`, path);
    if (node.dir) throw codeError('EISDIR', `illegal operation on a directory, open '${path}'`);
    return new ImageFile(this.image, node, path);
  }

  readdir(rel: string): string[] {
    const node = this.need(rel, rel, 'scandir');
    if (!node.dir) throw codeError('ENOTDIR', `not a directory, scandir '${rel}'`);
    return node.children.map((c) => c.name);
  }

  stat(rel: string): FileStat {
    const node = this.need(rel, rel, 'stat');
    return nodeStat(node);
  }

  /** Closes the image file; the volume's files read no more. */
  close(): void {
    this.image.close();
  }
}

/** A stat as the host's would read for a node: read-only (mode r-x / r--), times from the file system. */
export function nodeStat(node: ImageNode): FileStat {
  const t = Number.isNaN(node.mtimeMs) ? 0 : node.mtimeMs;
  return {
    size: node.dir ? 0 : node.size,
    mode: node.dir ? 0o40555 : 0o100444,
    ino: 0,
    dev: 0,
    nlink: 1,
    atimeMs: t,
    mtimeMs: t,
    ctimeMs: t,
    birthtimeMs: t,
    isFile: () => !node.dir,
    isDirectory: () => node.dir,
    isSymbolicLink: () => false,
  };
}

/** A file of an image volume: reads map through its extents onto the image; writes fail (read-only medium). */
class ImageFile implements RandomAccessFile {
  /** starts[i]: the file offset where extent i begins (starts[n] is the size), for the binary search. */
  private readonly starts: Float64Array;
  private closed = false;

  constructor(
    private readonly image: RandomAccessFile,
    private readonly node: ImageNode,
    readonly path: string,
  ) {
    const ex = node.extents;
    this.starts = new Float64Array(ex.length + 1);
    for (let i = 0; i < ex.length; i++) this.starts[i + 1] = this.starts[i] + ex[i].len;
  }

  private check(): void {
    if (this.closed) throw codeError('EBADF', `file closed: '${this.path}'`);
  }

  size(): number {
    this.check();
    return this.node.size;
  }

  read(buf: Uint8Array, off: number, len: number, pos: number): number {
    this.check();
    const size = this.node.size;
    if (pos >= size || len <= 0) return 0;
    if (len > size - pos) len = size - pos;
    const inline = this.node.inline;
    if (inline) {
      buf.set(inline.subarray(pos, pos + len), off);
      return len;
    }
    // The extent holding `pos`: the last whose start is <= pos.
    const starts = this.starts;
    let lo = 0;
    let hi = this.node.extents.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    let done = 0;
    for (let i = lo; done < len && i < this.node.extents.length; i++) {
      const e = this.node.extents[i];
      const within = pos + done - starts[i];
      const n = Math.min(len - done, e.len - within);
      if (n <= 0) continue;
      if (e.pos < 0) buf.fill(0, off + done, off + done + n);
      else {
        const got = this.image.read(buf, off + done, n, e.pos + within);
        if (got < n) {
          // The image ends inside the extent (a truncated ISO): what was read counts, the rest is an error to the caller.
          if (done + got === 0) throw codeError('EIO', `the image ends inside '${this.path}' at offset ${pos}`);
          return done + got;
        }
      }
      done += n;
    }
    return done;
  }

  write(): number {
    throw codeError('EROFS', `read-only file system, write '${this.path}'`);
  }

  truncate(): void {
    throw codeError('EROFS', `read-only file system, truncate '${this.path}'`);
  }

  sync(): void {
    this.check();
  }

  close(): void {
    this.closed = true;
  }
}
