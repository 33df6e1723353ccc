/*
 * The check of resources copied raw (export, delete, split: chunk table and chunks as they are stored): nothing
 * damaged is passed on as if it were sound. wimlib copies such resources unchecked (write.c, write_raw_copy_resource:
 * read and write, no decompression, no SHA-1); we check every one, and read each byte once for both the copy and
 * the check.
 *
 * - A run of resources lying back to back in the source is read in pieces of about 1 MiB (RunReader). Each piece
 *   is parsed as it arrives, then its bytes are served to the writer (copyRawRun's read callback), then the same
 *   buffer goes to the content check: no second read, no copy but the one into the writer's buffer.
 * - Structure, as a resource's first piece is parsed, before a byte of it is served to the writer: the resource
 *   lies inside its file, its chunk table fits in it, every entry is past the one before (a chunk stores at least
 *   one byte), no chunk stores more than it holds uncompressed (a stored chunk is at most chunk_size, the last one
 *   the rest), the last chunk ends at the resource's end; an uncompressed resource stores exactly its size.
 *   Failures are InvalidResource.
 * - Content (codecs/chunk-compressor-verify.ts), on the worker threads and on this one when they are all busy:
 *   every chunk decompressed and the blob's bytes hashed against the SHA-1 the blob table names. A chunk that does
 *   not decompress is DecompressionFailed, a wrong digest HashMismatch; finish() reports the first (in the order the
 *   blobs were added), and the caller's write transaction then aborts (no destination, or the old one unchanged).
 *
 * The error names the blob (its SHA-1) and, through `describe` (called only on failure: finding a blob's file means
 * reading an image's metadata), the file of the image that holds it. Memory: a piece holds whole chunks and whole
 * chunk tables (a bigger buffer is taken for a table over 1 MiB, a blob of 8 GiB and more); the pieces are the
 * verifier's batch buffers, reused.
 */
import { host } from '../../../platform/host';
import { u32, u64 } from '../../bytes';
import { CALLER_LANE, ChunkVerifier, VERIFY_ITEM, VerifyChunkFlag, type VerifyFailure } from '../../codecs/chunk-compressor-verify';
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

/** Bytes of the source read at once (a piece: the unit of reading, writing and checking). */
const PIECE = 1 << 20;
/**
 * Below this many stored bytes to check, no worker is started: the calling thread checks them. A worker costs
 * ~0.1 s of CPU to start (Node's bootstrap, our modules, the decoder's WebAssembly); the bench's quick corpus (23 MB
 * stored) exported in 0.54 s of CPU this way against 0.67 s with two workers (paired runs, 0.85x the wall time).
 */
const LOCAL_ONLY_BYTES = 32 << 20;
/** An uncompressed resource is hashed in items of at most this size (any split works: it is hashed as it is). */
const PLAIN_ITEM = 1 << 20;

export interface RawCopyVerifierOptions {
  /** Worker lanes (default: one per core, at most MAX_DEFAULT_THREADS); 1: checked in this thread. */
  threads?: number;
  /** The file of the image that holds the blob with this SHA-1 (for the error), when it can be found. */
  describe?: (hash: Uint8Array) => string | undefined;
  /** Stored bytes the caller expects to check: below LOCAL_ONLY_BYTES no worker is started. */
  expectedBytes?: number;
}

/** A source of stored bytes: reads [pos, pos + len) into buf[off...]. */
export type RawRead = (buf: Uint8Array, off: number, len: number, pos: number) => void;

export class RawCopyVerifier {
  private readonly verifier: ChunkVerifier;
  /** By tag (the order blobs were added): each blob's SHA-1, resource offset and file (an index into `files`). */
  private hashes = new Uint8Array(20 * 1024);
  private offsets = new Float64Array(1024);
  private fileOf = new Uint16Array(1024);
  private readonly files: WimFile[] = [];
  private count = 0;
  private readonly describe?: (hash: Uint8Array) => string | undefined;

  constructor(
    /** The compression and chunk size of the resources (the destination's, which the raw copy shares). */
    readonly format: CompressionFormat,
    readonly chunkSize: number,
    opts: RawCopyVerifierOptions = {},
  ) {
    const cpus = host().cpuCount();
    const little = opts.threads === undefined && opts.expectedBytes !== undefined && opts.expectedBytes < LOCAL_ONLY_BYTES;
    const threads = little ? 1 : (opts.threads ?? Math.min(cpus, MAX_DEFAULT_THREADS));
    // One thread means this one (as for compression): no worker is started.
    const script = threads > 1 ? workerScriptPath() : undefined;
    this.verifier = new ChunkVerifier(format, chunkSize, script ? threads : 0, script);
    // Work is sure to come: the workers load while the caller still prepares (metadata, the first reads).
    if (opts.expectedBytes !== undefined && !little) this.verifier.warmUp();
    this.describe = opts.describe;
  }

  /**
   * The reader of a run: blobs whose resources lie back to back at [from, from + len) of `file`, in that order.
   * Its readRun() serves the run's bytes front to back (the writer's copyRawRun callback) and checks them on the
   * way; complete(), once the writer is done, checks what it did not ask for. Throws InvalidResource for a bad
   * structure, and the first content failure already known, before serving the bytes concerned.
   */
  run(file: WimFile, read: RawRead, from: number, len: number, blobs: readonly RawBlob[]): RunReader {
    return new RunReader(this, this.verifier, file, read, from, len, blobs);
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

  /** Throws the first content failure known so far. */
  throwIfFailed(): void {
    if (this.verifier.failures.length) throw this.failureError(this.firstFailure());
  }

  /** The error for a resource whose structure is bad. */
  invalid(b: RawBlob, why: string): WimError {
    const hash = b.hashes.subarray(b.hashOff, b.hashOff + 20);
    return new WimError(WimErrorCode.InvalidResource, `The resource of blob ${hashHex(hash)}${this.where(hash)} (offset ${b.offsetInWim}) is damaged: ${why}.`, b.file.path);
  }

  /** Keeps what an error about blob `b` needs (no object per blob: a source may have 100k+); returns its tag. */
  remember(b: RawBlob): number {
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

/** Where the parse of a run stands within the current resource. */
const enum Phase {
  /** At the resource's start: nothing of it parsed. */
  Begin,
  /** Its chunk table parsed (ends[]); chunk `chunk` is next. */
  Chunks,
  /** Stored uncompressed: its bytes are hashed as they come. */
  Plain,
}

/**
 * One run's reading and checking (see the file's comment). Pieces are parsed so that each holds whole chunks and
 * whole chunk tables: where one does not fit, the piece is cut before it and the next piece starts there (those
 * bytes are read again, at most a chunk). Items of a piece: one per chunk, a skip item per chunk table.
 */
export class RunReader {
  /** The current piece: bytes [start, start + have) of the source in buf, of which [start, cut) are parsed. */
  private buf?: Uint8Array;
  private start: number;
  private cut: number;
  private have = 0;
  /** Where the next piece starts (the run's bytes before it are parsed and served or checked). */
  private next: number;
  private readonly end: number;
  // The parse: resource r of blobs, its phase, tag, next chunk, chunk ends (relative to its first chunk).
  private r = 0;
  private phase = Phase.Begin;
  private tag = -1;
  private chunk = 0;
  private numChunks = 0;
  private dataStart = 0;
  private ends = new Float64Array(0);
  private first = false;
  // The current piece's items and expected digests.
  private items = new Int32Array(VERIFY_ITEM * 256);
  private nItems = 0;
  private hashes = new Uint8Array(20 * 64);
  private nHashes = 0;
  /** The lane of the stream that goes on past the current piece (undefined: none). */
  private openLane?: number;
  /** Whether the last chunk item of the current piece leaves its stream open. */
  private open = false;

  constructor(
    private readonly owner: RawCopyVerifier,
    private readonly verifier: ChunkVerifier,
    private readonly file: WimFile,
    private readonly read: RawRead,
    from: number,
    len: number,
    private readonly blobs: readonly RawBlob[],
  ) {
    this.start = this.cut = this.next = from;
    this.end = from + len;
  }

  /** Serves run bytes [pos, pos + len) into buf[off...] (pos goes front to back from the run's start). */
  async readRun(buf: Uint8Array, off: number, len: number, pos: number): Promise<void> {
    while (len > 0) {
      if (!this.buf || pos >= this.cut) {
        if (pos !== this.next) throw new RangeError(`RunReader: read at ${pos}, expected ${this.next}`);
        await this.advance();
        if (pos >= this.cut) throw new RangeError(`RunReader: read at ${pos}, past the run's end ${this.end}`);
      }
      const n = Math.min(len, this.cut - pos);
      const at = pos - this.start;
      buf.set(this.buf!.subarray(at, at + n), off);
      off += n;
      pos += n;
      len -= n;
    }
    if (pos === this.end) await this.advance();
  }

  /**
   * After the writer took the run: checks what it did not ask for (a run of empty blobs has no bytes to serve) and
   * hands the last piece over.
   */
  async complete(): Promise<void> {
    while (this.r < this.blobs.length) {
      const at = this.r;
      await this.advance();
      if (this.r === at) throw new RangeError(`RunReader: resource ${at} of the run was not read`);
    }
    await this.submit();
  }

  /** Submits the current piece, then reads and parses the next one (none past the run's end). */
  private async advance(): Promise<void> {
    await this.submit();
    this.owner.throwIfFailed();
    if (this.next >= this.end && this.r >= this.blobs.length) return;
    let size = PIECE;
    for (;;) {
      const buf = this.verifier.take(size);
      this.start = this.next;
      this.have = Math.min(buf.length, this.end - this.start);
      if (this.have > 0) this.read(buf, 0, this.have, this.start);
      this.buf = buf;
      this.nItems = 0;
      this.nHashes = 0;
      this.open = false;
      this.cut = this.parse();
      if (this.cut > this.start || this.r >= this.blobs.length) break;
      if (this.start + this.have >= this.end) throw new RangeError(`RunReader: the run ends at ${this.end} inside resource ${this.r}`);
      // Nothing whole fits (a chunk table over a piece): a bigger buffer.
      this.verifier.give(buf);
      this.buf = undefined;
      size = buf.length * 2;
    }
    this.next = this.cut;
  }

  /** Hands the current piece, with its items, to the check. */
  private async submit(): Promise<void> {
    const buf = this.buf;
    if (!buf) return;
    this.buf = undefined;
    if (this.nItems === 0) {
      this.verifier.give(buf);
      return;
    }
    const lane = await this.verifier.submit(buf, this.items, this.nItems, this.hashes.subarray(0, this.nHashes * 20), this.openLane);
    this.openLane = this.open ? lane : undefined;
  }

  private item(stored: number, usize: number, flags: number): void {
    if ((this.nItems + 1) * VERIFY_ITEM > this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    const i = this.nItems++ * VERIFY_ITEM;
    if (this.first && !(flags & VerifyChunkFlag.Skip)) {
      flags |= VerifyChunkFlag.First;
      this.first = false;
      const b = this.blobs[this.r];
      if ((this.nHashes + 1) * 20 > this.hashes.length) {
        const bigger = new Uint8Array(this.hashes.length * 2);
        bigger.set(this.hashes);
        this.hashes = bigger;
      }
      this.hashes.set(b.hashes.subarray(b.hashOff, b.hashOff + 20), this.nHashes * 20);
      this.nHashes++;
    }
    this.items[i] = this.tag;
    this.items[i + 1] = stored;
    this.items[i + 2] = usize;
    this.items[i + 3] = flags;
    if (!(flags & VerifyChunkFlag.Skip)) this.open = !(flags & VerifyChunkFlag.Last);
  }

  /** Parses the piece from its start: items for what lies whole in it; returns where the parse stopped. */
  private parse(): number {
    const buf = this.buf!;
    const limit = this.start + this.have;
    const cs = this.owner.chunkSize;
    let p = this.start;
    while (this.r < this.blobs.length) {
      const b = this.blobs[this.r];
      if (this.phase === Phase.Begin) {
        if (p !== b.offsetInWim) throw new RangeError(`RunReader: blob ${this.r} at ${b.offsetInWim}, the run is at ${p}`);
        if (!(b.offsetInWim >= 0) || !(b.sizeInWim >= 0) || b.offsetInWim + b.sizeInWim > this.file.size) throw this.owner.invalid(b, `it lies outside the file (${b.sizeInWim} bytes)`);
        if (b.uncompressedSize === 0) {
          // An empty blob (old writers made some): nothing stored, and its SHA-1 must be that of no bytes.
          if (b.sizeInWim !== 0) throw this.owner.invalid(b, `it stores ${b.sizeInWim} bytes for none`);
          this.begin(b);
          this.item(0, 0, VerifyChunkFlag.Last);
          this.r++;
          continue;
        }
        if (!(b.flags & ReshdrFlag.Compressed)) {
          if (b.sizeInWim !== b.uncompressedSize) throw this.owner.invalid(b, `it is stored uncompressed in ${b.sizeInWim} bytes for ${b.uncompressedSize}`);
          this.begin(b);
          this.phase = Phase.Plain;
          continue;
        }
        const usize = b.uncompressedSize;
        const numChunks = Math.ceil(usize / cs);
        const entrySize = usize > 0xffffffff ? 8 : 4;
        const tableSize = (numChunks - 1) * entrySize;
        if (tableSize + numChunks > b.sizeInWim) throw this.owner.invalid(b, `its chunk table of ${numChunks - 1} entries and ${numChunks} chunks cannot fit in ${b.sizeInWim} bytes`);
        if (p + tableSize > limit) break;
        const dataSize = b.sizeInWim - tableSize;
        if (this.ends.length < numChunks) this.ends = new Float64Array(Math.max(numChunks, this.ends.length * 2));
        const ends = this.ends;
        const t = p - this.start;
        let prev = 0;
        for (let c = 0; c < numChunks; c++) {
          const e = c < numChunks - 1 ? (entrySize === 4 ? u32(buf, t + c * 4) : u64(buf, t + c * 8)) : dataSize;
          const chunkUsize = c === numChunks - 1 ? usize - c * cs : cs;
          const stored = e - prev;
          if (!(e <= dataSize)) throw this.owner.invalid(b, `chunk ${c} ends at ${e}, past the resource's ${dataSize} bytes of chunks`);
          if (!(stored > 0)) throw this.owner.invalid(b, `the chunk table is not increasing at chunk ${c} (${prev} then ${e})`);
          if (stored > chunkUsize) throw this.owner.invalid(b, `chunk ${c} stores ${stored} bytes for ${chunkUsize} (chunk size ${cs}, ${compressionName(this.owner.format)})`);
          ends[c] = e;
          prev = e;
        }
        this.begin(b);
        if (tableSize > 0) this.item(tableSize, 0, VerifyChunkFlag.Skip);
        p += tableSize;
        this.dataStart = p;
        this.numChunks = numChunks;
        this.chunk = 0;
        this.phase = Phase.Chunks;
      }
      if (this.phase === Phase.Plain) {
        const resEnd = b.offsetInWim + b.sizeInWim;
        while (p < resEnd && p < limit) {
          const n = Math.min(resEnd - p, limit - p, PLAIN_ITEM);
          p += n;
          this.item(n, n, p === resEnd ? VerifyChunkFlag.Last : 0);
        }
        if (p < resEnd) break;
        this.r++;
        this.phase = Phase.Begin;
        continue;
      }
      // Phase.Chunks: whole chunks only.
      const ends = this.ends;
      while (this.chunk < this.numChunks) {
        const c = this.chunk;
        const chunkEnd = this.dataStart + ends[c];
        if (chunkEnd > limit) break;
        const stored = chunkEnd - p;
        const last = c === this.numChunks - 1;
        this.item(stored, last ? b.uncompressedSize - c * cs : cs, last ? VerifyChunkFlag.Last : 0);
        p = chunkEnd;
        this.chunk++;
      }
      if (this.chunk < this.numChunks) break;
      this.r++;
      this.phase = Phase.Begin;
    }
    return p;
  }

  /** The resource of blob b starts: its tag, and its first chunk item carries its digest. */
  private begin(b: RawBlob): void {
    this.tag = this.owner.remember(b);
    this.first = true;
  }
}
