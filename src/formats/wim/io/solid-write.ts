/*
 * Writing solid resources (version 0xE00 WIMs, .esd): many blobs laid end to end in one uncompressed stream, cut
 * into chunks of the solid chunk size (64 MiB: Windows Setup accepts no other) and each chunk compressed on its own:
 *
 *   | u64 uncompressed size | u32 chunk size | u32 format | u32 stored size of each chunk ... | chunks ... |
 *
 * A chunk whose compressed form is not smaller is stored as it is (stored size = its uncompressed size). In the blob
 * table the resource is an entry flagged SOLID with uncompressed_size 0x100000000 and a zero hash, followed by its
 * blobs' entries (flag SOLID, offset_in_wim = the blob's offset in the run's uncompressed bytes, size_in_wim = its
 * size, uncompressed_size 0, as wimlib writes them); several resources in one run of SOLID entries count their
 * offsets as if the run were one stream (WIMGAPI expects that, and our reader and wimlib's read it so).
 *
 * The chunk table comes before the chunks, so its size (one entry per chunk) must be known before the first chunk
 * is written: the writer is told how many bytes it will get (plan), reserves that many chunks' entries, and streams.
 * Fewer bytes than planned (blobs found to be duplicates) are made up with zeros at the end of the stream (a zero
 * chunk costs tens of bytes); a blob that would overrun the plan closes the resource there (topped up with zeros)
 * and opens another in the same run. Blobs never straddle two resources.
 *
 * Memory: one chunk of input here, plus what the chunk compressor holds in flight (its memory policy).
 */
import { put32, put64 } from '../../bytes';
import type { CompressionFormat } from '../../codecs/codec';
import type { ChunkCompressor } from '../../codecs/chunk-compressor';
import type { ProgressMeter } from '../../progress';
import { type Reshdr, ReshdrFlag, SOLID_RESOURCE_MAGIC } from '../reshdr';
import { Sha1 } from '../sha1';
import { SOLID_HEADER_SIZE } from './resource';
import { type BlobSource, type OutFile, Yielder } from './write-resource';

/** Windows Setup and WIMGAPI read solid resources of 64 MiB chunks only. */
export const SOLID_CHUNK_SIZE = 64 << 20;

/** What the writer tells its owner (the WIM writer, which keeps the blob table). */
export interface SolidHooks {
  /** A resource opens: reserve its blob table entry (before its blobs' entries); `done` fills it in later. */
  openResource(): (reshdr: Reshdr) => void;
}

/** Called once a blob is in the stream: its offset in the run's uncompressed bytes, its size and SHA-1. */
export type SolidBlobDone = (offsetInRun: number, size: number, hash: Uint8Array) => void;

interface OpenResource {
  /** File offset of its header. */
  start: number;
  /** Uncompressed bytes it will hold (the table is sized for them). */
  capacity: number;
  numChunks: number;
  table: Uint8Array;
  /** Uncompressed bytes submitted so far, and chunks written. */
  filled: number;
  written: number;
  done: (reshdr: Reshdr) => void;
}

export class SolidResourceWriter {
  private inBuf: Uint8Array;
  private inFill = 0;
  private res: OpenResource | undefined;
  /** Uncompressed bytes of the run's resources before the open one. */
  private runBase: number;
  /** Bytes the caller said are still to come. */
  private planned = 0;
  private readonly yielder = new Yielder();
  private readonly zeros: Uint8Array;

  private compressorMade: ChunkCompressor | undefined;

  constructor(
    private readonly out: OutFile,
    /** Makes the chunk compressor (chunks of chunkSize) when the first blob comes. */
    private readonly makeCompressor: () => ChunkCompressor,
    readonly chunkSize: number,
    readonly format: CompressionFormat,
    private readonly hooks: SolidHooks,
    /** Uncompressed size of the solid resources whose entries come right before this writer's (appending to a run). */
    runBase = 0,
    private readonly meter?: ProgressMeter,
  ) {
    this.inBuf = new Uint8Array(0);
    this.zeros = new Uint8Array(Math.min(chunkSize, 1 << 20));
    this.runBase = runBase;
  }

  /** Says how many more uncompressed bytes are coming (sizes the next resource's chunk table). */
  plan(bytes: number): void {
    this.planned = Math.max(0, bytes);
  }

  /** Adds a blob (size > 0) to the stream. */
  async add(src: BlobSource, done: SolidBlobDone): Promise<void> {
    const size = src.size;
    if (size <= 0) throw new RangeError('empty blobs are not written');
    if (this.res && this.res.filled + size > this.res.capacity) await this.closeResource();
    if (!this.res) this.openResource(size);
    const res = this.res!;
    const offsetInRun = this.runBase + res.filled;
    const sha = src.hash ? undefined : new Sha1();
    let off = 0;
    while (off < size) {
      await this.yielder.maybeYield();
      const n = Math.min(size - off, this.chunkSize - this.inFill);
      src.read(off, n, this.inBuf, this.inFill);
      sha?.update(this.inBuf, this.inFill, n);
      this.inFill += n;
      off += n;
      res.filled += n;
      this.meter?.add(n);
      if (this.inFill === this.chunkSize) await this.submit();
    }
    this.planned = Math.max(0, this.planned - size);
    done(offsetInRun, size, src.hash ?? sha!.digest());
  }

  /** Closes the open resource (if any): every blob added so far is written and its resource's entry is final. */
  async finish(): Promise<void> {
    if (this.res) await this.closeResource();
  }

  private get compressor(): ChunkCompressor {
    if (!this.compressorMade) {
      const c = this.makeCompressor();
      if (c.chunkSize !== this.chunkSize) throw new RangeError('solid writer: compressor chunk size differs');
      this.compressorMade = c;
      this.inBuf = new Uint8Array(this.chunkSize);
    }
    return this.compressorMade;
  }

  private openResource(firstBlob: number): void {
    void this.compressor;
    const capacity = Math.max(firstBlob, this.planned);
    const numChunks = Math.ceil(capacity / this.chunkSize);
    const start = this.out.pos;
    const tableSize = 4 * numChunks;
    this.out.pos += SOLID_HEADER_SIZE + tableSize;
    this.res = { start, capacity, numChunks, table: new Uint8Array(tableSize), filled: 0, written: 0, done: this.hooks.openResource() };
  }

  /** Tops the open resource up with zeros to its planned size, writes its chunks, header and table. */
  private async closeResource(): Promise<void> {
    const res = this.res!;
    while (res.filled < res.capacity) {
      const n = Math.min(res.capacity - res.filled, this.chunkSize - this.inFill, this.zeros.length);
      this.inBuf.set(this.zeros.subarray(0, n), this.inFill);
      this.inFill += n;
      res.filled += n;
      if (this.inFill === this.chunkSize) await this.submit();
    }
    if (this.inFill > 0) await this.submit();
    while (res.written < res.numChunks) await this.drainOne();
    const header = new Uint8Array(SOLID_HEADER_SIZE);
    put64(header, 0, res.capacity);
    put32(header, 8, this.chunkSize);
    put32(header, 12, this.format);
    this.out.writeAt(header, 0, SOLID_HEADER_SIZE, res.start);
    if (res.table.length) this.out.writeAt(res.table, 0, res.table.length, res.start + SOLID_HEADER_SIZE);
    res.done({ offsetInWim: res.start, sizeInWim: this.out.pos - res.start, uncompressedSize: SOLID_RESOURCE_MAGIC, flags: ReshdrFlag.Solid });
    this.runBase += res.capacity;
    this.res = undefined;
  }

  private async submit(): Promise<void> {
    while (!this.compressor.submit(this.inBuf, 0, this.inFill)) await this.drainOne();
    this.inFill = 0;
  }

  private async drainOne(): Promise<void> {
    const r = await this.compressor.next();
    const res = this.res;
    if (!r || !res) throw new Error('solid writer: no chunk pending');
    put32(res.table, 4 * res.written, r.len);
    this.out.append(r.data, r.off, r.len);
    res.written++;
  }
}
