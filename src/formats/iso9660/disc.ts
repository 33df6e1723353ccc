/*
 * What both disc file system readers (ISO 9660 here, UDF in ../udf) share: the error a bad image ends in, naming the
 * image, and bounded reads of the image (every offset checked against its size before it is read, so a descriptor
 * that points past the end is an error, not a short read or a huge allocation). The limits below cap what a hostile
 * image can make a reader do: how many entries a tree may hold, how deep it may go, how long a directory may be.
 */
import type { RandomAccessFile } from '../../vfs/file';

/** A disc image that cannot be read as the file system it claims to hold. `path` is the image. */
export class DiscImageError extends Error {
  /** Node-style code, so that host-error mapping and the cmdlets see it as a corrupt file. */
  readonly code = 'EDISCIMAGE';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'DiscImageError';
  }
}

export function isDiscImageError(e: unknown): e is DiscImageError {
  return e instanceof DiscImageError;
}

/** Caps on what one image may make a reader hold (a real Windows ISO has ~1,000 entries, 10 levels). */
export const DISC_LIMITS = {
  /** Files and directories in the whole tree. */
  maxNodes: 1_000_000,
  /** Directory nesting (ECMA-119 allows 8, UDF no fixed limit; Windows paths end near 32k characters). */
  maxDepth: 255,
  /** Bytes of one directory's records (a million-entry directory is about 64 MiB). */
  maxDirectoryBytes: 64 << 20,
  /** Extents (allocation descriptors) of one file. */
  maxExtents: 1 << 16,
};

/** Reads of an image, bounded by its size, failing with a DiscImageError that names it. */
export class DiscReader {
  readonly size: number;
  nodes = 0;

  constructor(
    readonly file: RandomAccessFile,
    readonly name: string,
  ) {
    this.size = file.size();
  }

  fail(detail: string): never {
    throw new DiscImageError(this.name, detail);
  }

  /** `len` bytes at `pos`: an error when the range is not inside the image (or too long to be a descriptor). */
  read(pos: number, len: number, what: string): Uint8Array {
    if (!Number.isSafeInteger(pos) || !Number.isSafeInteger(len) || pos < 0 || len < 0 || pos + len > this.size) {
      this.fail(`${what} at byte ${pos} (${len} bytes) lies outside the image (${this.size} bytes)`);
    }
    if (len > DISC_LIMITS.maxDirectoryBytes) this.fail(`${what} is ${len} bytes long, more than a disc's file system holds`);
    const buf = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const n = this.file.read(buf, done, len - done, pos + done);
      if (n <= 0) this.fail(`the image ends inside ${what} at byte ${pos + done}`);
      done += n;
    }
    return buf;
  }

  /** Counts one more tree node against the limit. */
  count(): void {
    if (++this.nodes > DISC_LIMITS.maxNodes) this.fail(`the file system holds more than ${DISC_LIMITS.maxNodes} entries`);
  }

  /** Checks that a file's data extent lies inside the image (a file is read lazily, so check at mount). */
  checkExtent(pos: number, len: number, what: string): void {
    if (!Number.isSafeInteger(pos) || !Number.isSafeInteger(len) || pos < 0 || len < 0 || pos + len > this.size) {
      this.fail(`the data of ${what} (byte ${pos}, ${len} bytes) lies outside the image (${this.size} bytes)`);
    }
  }
}

/** UCS-2/UTF-16 big-endian text (Joliet names, UDF 16-bit dstrings). */
export function utf16be(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i + 1 < end; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
  return s;
}

/** Latin-1 text (ISO 9660 d-characters, UDF 8-bit dstrings). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}
