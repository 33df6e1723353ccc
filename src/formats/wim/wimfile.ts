/*
 * One open WIM file (a .wim, .esd or one .swm part), read with positional reads through the vfs: a host file
 * opened by path, or any random-access file the caller already has open (a file inside a mounted ISO volume, an
 * in-memory WIM). Every read is checked against the file size first, so a reshdr pointing past the end fails as a
 * WimError (Truncated) before any buffer of the declared size is allocated.
 */
import type { RandomAccessFile } from '../../vfs/file';
import { openFile } from '../../vfs/mounts';
import { WimError, WimErrorCode, fromHostError } from '../errors';

export class WimFile {
  readonly path: string;
  /** The size when opened (a WIM being read does not change under its reader). */
  readonly size: number;
  private file: RandomAccessFile | undefined;

  /** Opens the WIM at `source` (a path), or reads `source` (an open file, which close() then closes). */
  constructor(source: string | RandomAccessFile) {
    let file: RandomAccessFile;
    if (typeof source === 'string') {
      this.path = source;
      try {
        file = openFile(source, 'r');
      } catch (e) {
        if ((e as { code?: string }).code === 'EISDIR') throw new WimError(WimErrorCode.FileNotFound, 'Is a directory, not a WIM file.', source);
        throw fromHostError(e, source);
      }
    } else {
      this.path = source.path;
      file = source;
    }
    try {
      this.size = file.size();
    } catch (e) {
      file.close();
      throw fromHostError(e, this.path);
    }
    this.file = file;
  }

  /** Reads exactly `len` bytes at file offset `pos` into buf[off...]. */
  readInto(buf: Uint8Array, off: number, len: number, pos: number): void {
    const file = this.file;
    if (file === undefined) throw new WimError(WimErrorCode.Closed, 'The WIM file is closed.', this.path);
    if (!(pos >= 0) || !(len >= 0) || pos + len > this.size) {
      throw new WimError(
        WimErrorCode.Truncated,
        `Read of ${len} bytes at offset ${pos} goes past the end of the file (${this.size} bytes).`,
        this.path,
      );
    }
    let done = 0;
    while (done < len) {
      let n: number;
      try {
        n = file.read(buf, off + done, len - done, pos + done);
      } catch (e) {
        throw fromHostError(e, this.path);
      }
      if (n <= 0) throw new WimError(WimErrorCode.Truncated, `Unexpected end of file at offset ${pos + done}.`, this.path);
      done += n;
    }
  }

  read(pos: number, len: number): Uint8Array {
    if (!(pos >= 0) || !(len >= 0) || pos + len > this.size) {
      throw new WimError(
        WimErrorCode.Truncated,
        `Read of ${len} bytes at offset ${pos} goes past the end of the file (${this.size} bytes).`,
        this.path,
      );
    }
    const buf = new Uint8Array(len);
    this.readInto(buf, 0, len, pos);
    return buf;
  }

  close(): void {
    if (this.file !== undefined) {
      const file = this.file;
      this.file = undefined;
      try {
        file.close();
      } catch {
        /* closing a file opened for reading cannot lose data */
      }
    }
  }

  get closed(): boolean {
    return this.file === undefined;
  }
}
