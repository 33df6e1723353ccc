/*
 * Writing resources: a blob's bytes laid down in the output file, uncompressed or as a non-solid compressed
 * resource, chunk table (num_chunks - 1 entries, offsets from the end of the table; 4 bytes each, 8 when the blob
 * exceeds 4 GiB) followed by the chunks. A chunk that does not shrink is stored as it is; a resource whose table
 * plus chunks is not smaller than the blob is rewritten uncompressed, without the COMPRESSED flag (WOF and
 * WIMGAPI need that).
 *
 * Blobs stream through a ChunkCompressor: chunks of several blobs are in flight at once (small files would
 * otherwise leave the workers idle), results come back in submission order, and each blob's place in the file is
 * fixed when its first compressed chunk arrives, so blobs are laid down in the order they were added.
 * Also here: copying a resource raw (chunk table and compressed chunks as they are) from another WIM.
 */
import { host } from '../../../platform/host';
import type { RandomAccessFile } from '../../../vfs/file';
import { put32, put64 } from '../../bytes';
import { fromHostError } from '../../errors';
import type { ChunkCompressor } from '../../codecs/chunk-compressor';
import { type ProgressMeter, canceledError } from '../../progress';
import { type Reshdr, ReshdrFlag } from '../reshdr';
import { Sha1 } from '../sha1';

/** The uncompressed bytes of a blob to write. */
export interface BlobSource {
  readonly size: number;
  /** Its SHA-1 when already known; else it is computed while the bytes are read. */
  readonly hash?: Uint8Array;
  /**
   * Reads bytes [offset, offset + len) into dst[dstOff...]. The writer reads a blob front to back, and may read it
   * again from the start (when compression did not pay).
   */
  read(offset: number, len: number, dst: Uint8Array, dstOff: number): void;
}

/** Where the writer puts bytes: a random-access file (of the vfs) and the current end of the data written. */
export class OutFile {
  pos: number;
  /** Set when the write was given up (interrupt): every later write fails instead of touching the file. */
  cancelled = false;
  constructor(
    readonly file: RandomAccessFile,
    readonly path: string,
    start: number,
  ) {
    this.pos = start;
  }

  writeAt(buf: Uint8Array, off: number, len: number, position: number): void {
    if (this.cancelled) throw canceledError(this.path);
    const file = this.file;
    let done = 0;
    try {
      while (done < len) done += file.write(buf, off + done, len - done, position + done);
    } catch (e) {
      throw fromHostError(e, this.path, true);
    }
  }

  append(buf: Uint8Array, off = 0, len = buf.length - off): void {
    this.writeAt(buf, off, len, this.pos);
    this.pos += len;
  }

  readAt(buf: Uint8Array, off: number, len: number, position: number): void {
    const file = this.file;
    let done = 0;
    try {
      while (done < len) {
        const n = file.read(buf, off + done, len - done, position + done);
        if (n <= 0) throw new Error(`short read at ${position + done}`);
        done += n;
      }
    } catch (e) {
      throw fromHostError(e, this.path);
    }
  }
}

export type BlobDone = (reshdr: Reshdr, hash: Uint8Array) => void;

const YIELD_EVERY_MS = 50;
const macrotask: (cb: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (cb) => globalThis.setImmediate(cb) : (cb) => setTimeout(cb, 0);

/**
 * Lets the event loop turn every 50 ms of work. With the in-thread compressor every await resolves at once, so
 * without this a long write would never let a Ctrl+C (signal) handler or a timer (the lock's refresh) run.
 */
export class Yielder {
  private last = 0;
  async maybeYield(): Promise<void> {
    const now = host().now();
    if (now - this.last < YIELD_EVERY_MS) return;
    await new Promise<void>((r) => macrotask(r));
    this.last = host().now();
  }
}

interface Pending {
  src: BlobSource;
  flags: number;
  done: BlobDone;
  numChunks: number;
  received: number;
  start: number;
  tableSize: number;
  entrySize: number;
  table: Uint8Array;
  sha?: Sha1;
  hash?: Uint8Array;
}

const RAW_COPY_BUF = 1 << 20;

export class ResourceWriter {
  private readonly fifo: Pending[] = [];
  private readonly inBuf: Uint8Array;
  /** For rewriting a finished blob uncompressed: never inBuf, which may hold a chunk not yet submitted. */
  private rewriteBuf?: Uint8Array;
  private copyBuf?: Uint8Array;
  private readonly yielder = new Yielder();
  constructor(
    readonly out: OutFile,
    readonly compressor: ChunkCompressor | null,
    readonly chunkSize: number,
    /** Counts the uncompressed bytes written (blobs and metadata resources), raw copies included. */
    private readonly meter?: ProgressMeter,
  ) {
    this.inBuf = new Uint8Array(compressor ? chunkSize : RAW_COPY_BUF);
  }

  /** Writes a blob (size > 0); `done` runs once its reshdr is final (possibly after later add calls). */
  async add(src: BlobSource, flags: number, done: BlobDone): Promise<void> {
    if (src.size <= 0) throw new RangeError('empty blobs are not written');
    if (!this.compressor) {
      await this.writeUncompressed(src, flags, done);
      return;
    }
    const cs = this.chunkSize;
    const numChunks = Math.ceil(src.size / cs);
    const entrySize = src.size > 0xffffffff ? 8 : 4;
    const p: Pending = {
      src,
      flags,
      done,
      numChunks,
      received: 0,
      start: -1,
      entrySize,
      tableSize: (numChunks - 1) * entrySize,
      table: new Uint8Array((numChunks - 1) * entrySize),
      sha: src.hash ? undefined : new Sha1(),
    };
    this.fifo.push(p);
    for (let i = 0; i < numChunks; i++) {
      await this.yielder.maybeYield();
      const len = Math.min(cs, src.size - i * cs);
      src.read(i * cs, len, this.inBuf, 0);
      if (p.sha) p.sha.update(this.inBuf, 0, len);
      while (!this.compressor.submit(this.inBuf, 0, len)) await this.drainOne();
    }
    if (p.sha) {
      p.hash = p.sha.digest();
      p.sha = undefined;
    }
  }

  /** Writes a blob stored as it is, whatever the compression: blobs still in flight are written first. */
  async addUncompressed(src: BlobSource, flags: number, done: BlobDone): Promise<void> {
    if (src.size <= 0) throw new RangeError('empty blobs are not written');
    await this.flush();
    await this.writeUncompressed(src, flags, done);
  }

  /** Waits until every blob added so far is written. */
  async flush(): Promise<void> {
    while (this.fifo.length) await this.drainOne();
  }

  private async writeUncompressed(src: BlobSource, flags: number, done: BlobDone): Promise<void> {
    const start = this.out.pos;
    const sha = src.hash ? undefined : new Sha1();
    for (let off = 0; off < src.size; off += this.inBuf.length) {
      await this.yielder.maybeYield();
      const len = Math.min(this.inBuf.length, src.size - off);
      src.read(off, len, this.inBuf, 0);
      sha?.update(this.inBuf, 0, len);
      this.out.append(this.inBuf, 0, len);
      this.progress(len);
    }
    done({ offsetInWim: start, sizeInWim: src.size, uncompressedSize: src.size, flags: flags & ~ReshdrFlag.Compressed }, src.hash ?? sha!.digest());
  }

  private progress(n: number): void {
    this.meter?.add(n);
  }

  private async drainOne(): Promise<void> {
    const r = await this.compressor!.next();
    if (!r) throw new Error('resource writer: compressor has no pending chunk');
    const p = this.fifo[0];
    if (!p) throw new Error('resource writer: a chunk came back for no blob');
    if (p.start < 0) {
      p.start = this.out.pos;
      this.out.pos += p.tableSize;
    }
    if (p.received > 0) {
      const rel = this.out.pos - (p.start + p.tableSize);
      if (p.entrySize === 4) put32(p.table, (p.received - 1) * 4, rel);
      else put64(p.table, (p.received - 1) * 8, rel);
    }
    this.out.append(r.data, r.off, r.len);
    this.progress(r.usize);
    p.received++;
    if (p.received === p.numChunks) {
      this.fifo.shift();
      this.finish(p);
    }
  }

  private finish(p: Pending): void {
    const size = p.src.size;
    const stored = this.out.pos - p.start;
    const hash = p.src.hash ?? p.hash;
    if (!hash) throw new Error('resource writer: blob finished before it was read');
    if (stored >= size) {
      // Compression did not pay: store the blob as it is, in the place it took.
      this.out.pos = p.start;
      const buf = (this.rewriteBuf ??= new Uint8Array(Math.max(this.chunkSize, 1 << 16)));
      for (let off = 0; off < size; off += buf.length) {
        const len = Math.min(buf.length, size - off);
        p.src.read(off, len, buf, 0);
        this.out.append(buf, 0, len);
      }
      p.done({ offsetInWim: p.start, sizeInWim: size, uncompressedSize: size, flags: p.flags & ~ReshdrFlag.Compressed }, hash);
      return;
    }
    if (p.tableSize) this.out.writeAt(p.table, 0, p.tableSize, p.start);
    p.done({ offsetInWim: p.start, sizeInWim: stored, uncompressedSize: size, flags: p.flags | ReshdrFlag.Compressed }, hash);
  }

  /**
   * Copies a resource's stored bytes as they are (chunk table and chunks) from another file; the caller has
   * checked that its compression and chunk size are the destination's. Blobs still in flight are written first.
   */
  async copyRaw(
    read: (buf: Uint8Array, off: number, len: number, pos: number) => void,
    src: { offsetInWim: number; sizeInWim: number; uncompressedSize: number; flags: number },
  ): Promise<Reshdr> {
    const start = await this.copyRange(read, src.offsetInWim, src.sizeInWim, src.uncompressedSize);
    return { offsetInWim: start, sizeInWim: src.sizeInWim, uncompressedSize: src.uncompressedSize, flags: src.flags & RAW_KEEP_FLAGS };
  }

  /**
   * Copies `len` stored bytes at `from` of another file (resources lying back to back there, each copied raw) in
   * buffer-sized pieces; returns where they start in the output. `uncompressed` is their blobs' size (progress).
   */
  async copyRange(read: (buf: Uint8Array, off: number, len: number, pos: number) => void | Promise<void>, from: number, len: number, uncompressed: number): Promise<number> {
    await this.flush();
    const start = this.out.pos;
    const buf = (this.copyBuf ??= new Uint8Array(RAW_COPY_BUF));
    for (let done = 0; done < len; ) {
      await this.yielder.maybeYield();
      const n = Math.min(buf.length, len - done);
      // The read may wait (a raw copy's check taking the same bytes: io/verify-copy.ts).
      const wait = read(buf, 0, n, from + done);
      if (wait) await wait;
      this.out.append(buf, 0, n);
      done += n;
    }
    this.progress(uncompressed);
    return start;
  }
}

/** Reshdr flags a raw-copied resource keeps (not SPANNED or FREE of its old file). */
export const RAW_KEEP_FLAGS = ReshdrFlag.Compressed | ReshdrFlag.Metadata;

/** A BlobSource over bytes in memory (metadata resources). */
export function bufferSource(data: Uint8Array, hash?: Uint8Array): BlobSource {
  return {
    size: data.length,
    hash,
    read(offset, len, dst, dstOff) {
      dst.set(data.subarray(offset, offset + len), dstOff);
    },
  };
}
