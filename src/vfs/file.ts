/*
 * Random-access files: what the WIM core reads and writes through, whatever holds the bytes. A host file (a file
 * of the machine's file system, through the platform) is one kind; an in-memory file is another (tests, the browser
 * playground); a file inside a mounted volume (mounts.ts; e.g. install.wim inside an ISO image) is a third.
 * All access is synchronous and positional, like pread/pwrite: the WIM core keeps no file position of its own
 * in the file, so any number of readers can share one.
 */
import { host } from '../platform/host';
import type { OpenFlags } from '../platform/types';

export interface RandomAccessFile {
  /** The name messages give for it: the host path, or a path within the vfs for a file that is not a host file. */
  readonly path: string;
  /** The size in bytes now (a file being written grows). */
  size(): number;
  /** Reads up to `len` bytes at `pos` into buf[off...]; returns the count read, 0 at or past the end. */
  read(buf: Uint8Array, off: number, len: number, pos: number): number;
  /** Writes `len` bytes of buf[off...] at `pos` (growing the file when needed); returns the count written. */
  write(buf: Uint8Array, off: number, len: number, pos: number): number;
  /** Cuts (or zero-extends) the file to `len` bytes. */
  truncate(len: number): void;
  /** Makes what was written durable (fsync); a no-op where nothing is durable. */
  sync(): void;
  /** Releases the file; any later call but close() fails. */
  close(): void;
}

/** An error with the node-style `code` that fromHostError and the cmdlets understand. */
function codeError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** A file of the host's file system, read and written through host().fs with positional calls. */
export class HostFile implements RandomAccessFile {
  private fd: number | undefined;

  /** Opens `path` with node-style flags ('r', 'r+', 'wx+', ...); a directory opened to read is an EISDIR error. */
  constructor(
    readonly path: string,
    flags: OpenFlags = 'r',
    mode?: number,
  ) {
    const fs = host().fs;
    const fd = fs.openSync(path, flags, mode);
    if (flags === 'r') {
      try {
        // Linux opens a directory for reading; the reads fail later. Fail now, where the caller expects it.
        if (fs.fstatSync(fd).isDirectory()) throw codeError('EISDIR', `illegal operation on a directory, open '${path}'`);
      } catch (e) {
        fs.closeSync(fd);
        throw e;
      }
    }
    this.fd = fd;
  }

  private open(): number {
    if (this.fd === undefined) throw codeError('EBADF', `file closed: '${this.path}'`);
    return this.fd;
  }

  size(): number {
    return host().fs.fstatSync(this.open()).size;
  }

  read(buf: Uint8Array, off: number, len: number, pos: number): number {
    return host().fs.readSync(this.open(), buf, off, len, pos);
  }

  write(buf: Uint8Array, off: number, len: number, pos: number): number {
    return host().fs.writeSync(this.open(), buf, off, len, pos);
  }

  truncate(len: number): void {
    host().fs.ftruncateSync(this.open(), len);
  }

  sync(): void {
    host().fs.fsyncSync(this.open());
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    host().fs.closeSync(fd);
  }
}

/**
 * A file held in memory, grown by doubling as it is written; it starts as `initial` itself (not a copy) and
 * `bytes()` is a view of its contents (no copy either).
 * For tests, for WIMs built or received in memory, and as the file of an in-memory volume.
 */
export class MemoryFile implements RandomAccessFile {
  private data: Uint8Array;
  private length: number;
  private closed = false;

  constructor(
    readonly path: string,
    initial: Uint8Array = new Uint8Array(0),
  ) {
    this.data = initial;
    this.length = initial.length;
  }

  private check(): void {
    if (this.closed) throw codeError('EBADF', `file closed: '${this.path}'`);
  }

  size(): number {
    this.check();
    return this.length;
  }

  /** The contents (a view: valid until the next write that grows the file). */
  bytes(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  read(buf: Uint8Array, off: number, len: number, pos: number): number {
    this.check();
    if (pos >= this.length || len <= 0) return 0;
    const n = Math.min(len, this.length - pos);
    buf.set(this.data.subarray(pos, pos + n), off);
    return n;
  }

  write(buf: Uint8Array, off: number, len: number, pos: number): number {
    this.check();
    const end = pos + len;
    this.reserve(end);
    // A gap between the end and `pos` reads as zeros (it may hold bytes of a longer length cut by truncate).
    if (pos > this.length) this.data.fill(0, this.length, pos);
    this.data.set(buf.subarray(off, off + len), pos);
    if (end > this.length) this.length = end;
    return len;
  }

  truncate(len: number): void {
    this.check();
    this.reserve(len);
    // Bytes past the old end may hold data of an earlier, longer length: a file that grows reads zeros there.
    if (len > this.length) this.data.fill(0, this.length, len);
    this.length = len;
  }

  sync(): void {
    this.check();
  }

  close(): void {
    this.closed = true;
  }

  private reserve(n: number): void {
    if (n <= this.data.length) return;
    const grown = new Uint8Array(Math.max(n, this.data.length * 2, 4096));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}

/** Reads exactly `len` bytes at `pos` (looping over short reads); a read that reaches the end first is an error. */
export function readFully(file: RandomAccessFile, buf: Uint8Array, off: number, len: number, pos: number): void {
  let done = 0;
  while (done < len) {
    const n = file.read(buf, off + done, len - done, pos + done);
    if (n <= 0) throw codeError('EOF', `unexpected end of file at offset ${pos + done}: '${file.path}'`);
    done += n;
  }
}

/** Writes all `len` bytes at `pos` (looping over short writes). */
export function writeFully(file: RandomAccessFile, buf: Uint8Array, off: number, len: number, pos: number): void {
  let done = 0;
  while (done < len) done += file.write(buf, off + done, len - done, pos + done);
}
