/*
 * The check of resources copied raw (export, delete, split: chunk table and chunks as they are stored): nothing
 * damaged is passed on as if it were sound.
 *
 * - Structure, here and before a byte of the resource is copied: the resource lies inside its file, its chunk table
 *   fits in it, every entry is past the one before (a chunk stores at least one byte), no chunk stores more than it
 *   holds uncompressed (a stored chunk is at most chunk_size, the last one the rest), the last chunk ends at the
 *   resource's end; an uncompressed resource stores exactly its size. Failures are InvalidResource.
 * - Content, on the worker threads while the calling thread copies (codecs/chunk-compressor-verify.ts): every chunk
 *   decompressed and the blob's bytes hashed against the SHA-1 the blob table names. A chunk that does not decompress
 *   is DecompressionFailed, a wrong digest HashMismatch; finish() reports the first (in the order the blobs were
 *   added), and the caller's write transaction then aborts (no destination, or the old one unchanged).
 *
 * The error names the blob (its SHA-1) and, through `describe` (called only on failure: finding a blob's file means
 * reading an image's metadata), the file of the image that holds it. Memory: the chunk table is read in batches of
 * 8192 entries into one reused buffer; the chunks travel in the verifier's reused batch buffers.
 */
import { host } from '../../../platform/host';
import { u32, u64 } from '../../bytes';
import { ChunkVerifier, type VerifyFailure } from '../../codecs/chunk-compressor-verify';
import { workerScriptPath, MAX_DEFAULT_THREADS } from '../../codecs/chunk-compressor-parallel';
import type { CompressionFormat } from '../../codecs/codec';
import { WimError, WimErrorCode } from '../../errors';
import { compressionName } from '../header';
import { ReshdrFlag } from '../reshdr';
import { hashHex } from '../sha1';
import type { WimFile } from '../wimfile';

/** A resource about to be copied raw, with the blob it holds (the whole resource). */
export interface RawBlob {
  file: WimFile;
  offsetInWim: number;
  sizeInWim: number;
  uncompressedSize: number;
  flags: number;
  /** The blob's SHA-1 at hashes[hashOff...+20). */
  hashes: Uint8Array;
  hashOff: number;
}

/** Entries of a chunk table read at once. */
const TABLE_BATCH = 8192;
/** An uncompressed resource is hashed in pieces of this size. */
const PLAIN_PIECE = 1 << 20;

export interface RawCopyVerifierOptions {
  /** Worker lanes (default: one per core, at most MAX_DEFAULT_THREADS); 1: checked in this thread. */
  threads?: number;
  /** The file of the image that holds the blob with this SHA-1 (for the error), when it can be found. */
  describe?: (hash: Uint8Array) => string | undefined;
}

export class RawCopyVerifier {
  private readonly verifier: ChunkVerifier;
  /** By tag (the order blobs were added): each blob's SHA-1, resource offset and file (an index into `files`). */
  private hashes = new Uint8Array(20 * 1024);
  private offsets = new Float64Array(1024);
  private fileOf = new Uint16Array(1024);
  private readonly files: WimFile[] = [];
  private count = 0;
  private table = new Uint8Array(0);
  private readonly describe?: (hash: Uint8Array) => string | undefined;

  constructor(
    /** The compression and chunk size of the resources (the destination's, which the raw copy shares). */
    readonly format: CompressionFormat,
    readonly chunkSize: number,
    opts: RawCopyVerifierOptions = {},
  ) {
    const cpus = host().cpuCount();
    const threads = opts.threads ?? Math.min(cpus, MAX_DEFAULT_THREADS);
    // One thread means this one (as for compression): no worker is started.
    const script = threads > 1 ? workerScriptPath() : undefined;
    this.verifier = new ChunkVerifier(format, chunkSize, script ? threads : 0, script);
    this.describe = opts.describe;
  }

  /**
   * Checks the structure of `b`'s resource now (throws InvalidResource) and queues its content check; throws the
   * first content failure already known, so that a damaged source stops the copy early.
   */
  async add(b: RawBlob): Promise<void> {
    if (this.verifier.failures.length) throw this.failureError(this.firstFailure());
    const tag = this.remember(b);
    const hash = b.hashes.subarray(b.hashOff, b.hashOff + 20);
    const file = b.file;
    const read = (buf: Uint8Array, off: number, len: number, pos: number): void => file.readInto(buf, off, len, pos);
    const bad = (why: string): WimError =>
      new WimError(WimErrorCode.InvalidResource, `The resource of blob ${hashHex(hash)}${this.where(hash)} (offset ${b.offsetInWim}) is damaged: ${why}.`, file.path);
    if (!(b.offsetInWim >= 0) || !(b.sizeInWim >= 0) || b.offsetInWim + b.sizeInWim > file.size) throw bad(`it lies outside the file (${b.sizeInWim} bytes)`);
    this.verifier.beginStream(tag, hash, 0);
    if (b.uncompressedSize === 0) {
      // An empty blob (old writers made some): nothing stored, and its SHA-1 must be that of no bytes.
      if (b.sizeInWim !== 0) throw bad(`it stores ${b.sizeInWim} bytes for none`);
      await this.verifier.addChunk(read, b.offsetInWim, 0, 0, true);
      return;
    }
    if (!(b.flags & ReshdrFlag.Compressed)) {
      if (b.sizeInWim !== b.uncompressedSize) throw bad(`it is stored uncompressed in ${b.sizeInWim} bytes for ${b.uncompressedSize}`);
      for (let done = 0; done < b.sizeInWim; ) {
        const n = Math.min(PLAIN_PIECE, b.sizeInWim - done);
        const wait = this.verifier.addChunk(read, b.offsetInWim + done, n, n, done + n === b.sizeInWim);
        if (wait) await wait;
        done += n;
      }
      return;
    }
    const cs = this.chunkSize;
    const usize = b.uncompressedSize;
    const numChunks = Math.ceil(usize / cs);
    const entrySize = usize > 0xffffffff ? 8 : 4;
    const tableSize = (numChunks - 1) * entrySize;
    if (tableSize + numChunks > b.sizeInWim) throw bad(`its chunk table of ${numChunks - 1} entries and ${numChunks} chunks cannot fit in ${b.sizeInWim} bytes`);
    const dataStart = b.offsetInWim + tableSize;
    const dataSize = b.sizeInWim - tableSize;
    if (this.table.length < Math.min(numChunks - 1, TABLE_BATCH) * entrySize) this.table = new Uint8Array(Math.min(numChunks - 1, TABLE_BATCH) * entrySize);
    const table = this.table;
    let start = 0;
    for (let first = 0; first < numChunks; first += TABLE_BATCH) {
      const count = Math.min(TABLE_BATCH, numChunks - first);
      // Entries first .. first + count - 1 give the ends of these chunks (entry c - 1 is where chunk c starts);
      // the last chunk ends at the end of the resource.
      const entries = Math.min(count, numChunks - 1 - first);
      if (entries > 0) file.readInto(table, 0, entries * entrySize, b.offsetInWim + first * entrySize);
      for (let k = 0; k < count; k++) {
        const c = first + k;
        const end = k < entries ? (entrySize === 4 ? u32(table, k * 4) : u64(table, k * 8)) : dataSize;
        const chunkUsize = c === numChunks - 1 ? usize - c * cs : cs;
        const stored = end - start;
        if (!(end <= dataSize)) throw bad(`chunk ${c} ends at ${end}, past the resource's ${dataSize} bytes of chunks`);
        if (!(stored > 0)) throw bad(`the chunk table is not increasing at chunk ${c} (${start} then ${end})`);
        if (stored > chunkUsize) throw bad(`chunk ${c} stores ${stored} bytes for ${chunkUsize} (chunk size ${cs}, ${compressionName(this.format)})`);
        const wait = this.verifier.addChunk(read, dataStart + start, stored, chunkUsize, c === numChunks - 1);
        if (wait) await wait;
        start = end;
      }
    }
  }

  /** Waits for every check; throws the first failure (in the order the blobs were added). */
  async finish(): Promise<void> {
    await this.verifier.finish();
    if (this.verifier.failures.length) throw this.failureError(this.firstFailure());
  }

  /** Stops the worker threads (always call it, after finish or on failure). */
  async close(): Promise<void> {
    await this.verifier.close();
  }

  /** Keeps what an error about blob `b` needs (no object per blob: a source may have 100k+); returns its tag. */
  private remember(b: RawBlob): number {
    const tag = this.count++;
    if (tag === this.offsets.length) {
      const n = tag * 2;
      const h = new Uint8Array(n * 20);
      h.set(this.hashes);
      this.hashes = h;
      const o = new Float64Array(n);
      o.set(this.offsets);
      this.offsets = o;
      const f = new Uint16Array(n);
      f.set(this.fileOf);
      this.fileOf = f;
    }
    let fi = this.files.length - 1;
    if (fi < 0 || this.files[fi] !== b.file) {
      fi = this.files.indexOf(b.file);
      if (fi < 0) fi = this.files.push(b.file) - 1;
    }
    this.hashes.set(b.hashes.subarray(b.hashOff, b.hashOff + 20), tag * 20);
    this.offsets[tag] = b.offsetInWim;
    this.fileOf[tag] = fi;
    return tag;
  }

  private firstFailure(): VerifyFailure {
    let f = this.verifier.failures[0];
    for (const g of this.verifier.failures) if (g.tag < f.tag) f = g;
    return f;
  }

  private where(hash: Uint8Array): string {
    let name: string | undefined;
    try {
      name = this.describe?.(hash);
    } catch {
      name = undefined;
    }
    return name ? ` (file ${name})` : '';
  }

  private failureError(f: VerifyFailure): WimError {
    const hash = this.hashes.slice(f.tag * 20, f.tag * 20 + 20);
    const path = this.files[this.fileOf[f.tag]].path;
    const id = `blob ${hashHex(hash)}${this.where(hash)} (resource at offset ${this.offsets[f.tag]})`;
    if (f.kind === 'mismatch') return new WimError(WimErrorCode.HashMismatch, `The ${id} is corrupt: its data does not match its SHA-1.`, path);
    return new WimError(WimErrorCode.DecompressionFailed, `The ${id} is corrupt: ${compressionName(this.format)} chunk ${f.chunk} does not decompress (${f.reason}).`, path);
  }
}
