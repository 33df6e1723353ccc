/*
 * One open WIM file (a .wim, .esd or one .swm part) read through the host with positional reads. Every read is
 * checked against the file size first, so a reshdr pointing past the end fails as a WimError (Truncated) before
 * any buffer of the declared size is allocated.
 */
import { host } from '../../platform/host';
import { WimError, WimErrorCode, fromHostError } from '../errors';

export class WimFile {
  readonly path: string;
  readonly size: number;
  private fd: number | undefined;

  constructor(path: string) {
    this.path = path;
    let fd: number;
    try {
      fd = host().fs.openSync(path, 'r');
    } catch (e) {
      throw fromHostError(e, path);
    }
    try {
      const st = host().fs.fstatSync(fd);
      if (st.isDirectory()) throw new WimError(WimErrorCode.FileNotFound, 'Is a directory, not a WIM file.', path);
      this.size = st.size;
    } catch (e) {
      host().fs.closeSync(fd);
      throw fromHostError(e, path);
    }
    this.fd = fd;
  }

  /** Reads exactly `len` bytes at file offset `pos` into buf[off...]. */
  readInto(buf: Uint8Array, off: number, len: number, pos: number): void {
    if (this.fd === undefined) throw new WimError(WimErrorCode.Closed, 'The WIM file is closed.', this.path);
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
        n = host().fs.readSync(this.fd, buf, off + done, len - done, pos + done);
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
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      try {
        host().fs.closeSync(fd);
      } catch {
        /* closing a read-only descriptor cannot lose data */
      }
    }
  }

  get closed(): boolean {
    return this.fd === undefined;
  }
}
