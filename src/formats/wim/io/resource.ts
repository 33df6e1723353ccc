/*
 * Resources: the byte ranges of a WIM file that hold blobs, and how to read them back as uncompressed bytes.
 *
 * - Uncompressed resource: the blob's bytes as they are (size_in_wim == uncompressed_size).
 * - Compressed (non-solid) resource: a chunk table, then the chunks. The data is cut into chunks of the header's
 *   chunk_size (the last one shorter), each compressed on its own. The chunk table holds (num_chunks - 1) entries,
 *   the offset of chunks 1.. from the end of the table; entries are 4 bytes, 8 when uncompressed_size > 4 GiB.
 *   size_in_wim includes the table.
 * - Solid resource (flag SOLID, version 0xE00 WIMs): a 16-byte header {u64 uncompressed size, u32 chunk size,
 *   u32 compression format}, a table of num_chunks u32 compressed chunk SIZES, then the chunks. It holds several
 *   blobs back to back; a blob is a range of its uncompressed bytes.
 * In both chunked forms a chunk whose stored size equals its uncompressed size is stored raw.
 *
 * Reading streams the requested range chunk by chunk through one reused buffer: memory is bounded by two chunks
 * whatever the blob's size (one, plus two small input windows, for LZMS, whose big stored chunks are decompressed
 * straight from the file). The last decompressed chunk is kept so that consecutive small blobs of one solid chunk
 * cost one decompression, not one each.
 */
import { CompressionFormat, CorruptDataError, Decompressor } from '../../codecs/codec';
import { isWindowed } from '../../codecs/decompressors';
import { host } from '../../../platform/host';
import { u32, u64 } from '../../bytes';
import { WimError, WimErrorCode } from '../../errors';
import { isValidChunkSize, compressionName } from '../header';
import { ReshdrFlag } from '../reshdr';
import { WimFile } from '../wimfile';

export const SOLID_HEADER_SIZE = 16;

export interface Resource {
  file: WimFile;
  offsetInWim: number;
  sizeInWim: number;
  /** For a solid resource this comes from its own header, not from the blob table. */
  uncompressedSize: number;
  flags: number;
  compression: CompressionFormat;
  chunkSize: number;
  solid: boolean;
  /** Solid resources only: file offsets of every chunk (num_chunks + 1 entries), loaded on first read. */
  chunkOffsets?: Float64Array;
  /** Solid resources only: the largest stored size of a compressed chunk, known with chunkOffsets. */
  maxCompressedChunk?: number;
}

/** Callback of streaming reads: data[off, off+len) is valid only during the call. */
export type ChunkSink = (data: Uint8Array, off: number, len: number) => void;

/** A resource described by a reshdr of a non-solid entry (header resources, metadata, ordinary blobs). */
export function plainResource(file: WimFile, r: { offsetInWim: number; sizeInWim: number; uncompressedSize: number; flags: number }, compression: CompressionFormat, chunkSize: number): Resource {
  checkPlainResource(file, r, compression);
  const compressed = (r.flags & ReshdrFlag.Compressed) !== 0;
  return {
    file,
    offsetInWim: r.offsetInWim,
    sizeInWim: r.sizeInWim,
    uncompressedSize: r.uncompressedSize,
    flags: r.flags,
    compression: compressed ? compression : CompressionFormat.None,
    chunkSize: compressed ? chunkSize : 0,
    solid: false,
  };
}

/** Throws what plainResource would for this reshdr, making nothing (the blob table checks 100k+ entries). */
export function checkPlainResource(file: WimFile, r: { offsetInWim: number; sizeInWim: number; uncompressedSize: number; flags: number }, compression: CompressionFormat): void {
  const compressed = (r.flags & ReshdrFlag.Compressed) !== 0;
  if (r.offsetInWim + r.sizeInWim > file.size) {
    throw new WimError(WimErrorCode.InvalidResource, `A resource (offset ${r.offsetInWim}, ${r.sizeInWim} bytes) lies outside the file.`, file.path);
  }
  if (!compressed && r.sizeInWim !== r.uncompressedSize) {
    throw new WimError(WimErrorCode.InvalidResource, 'Uncompressed resource has size_in_wim != uncompressed_size.', file.path);
  }
  if (compressed && compression === CompressionFormat.None) {
    throw new WimError(WimErrorCode.InvalidResource, 'A resource is flagged compressed in a WIM without compression.', file.path);
  }
  if (compressed && r.uncompressedSize > 0 && r.sizeInWim === 0) {
    throw new WimError(WimErrorCode.InvalidResource, 'A compressed resource has no stored bytes.', file.path);
  }
}

/** A solid resource: reads and validates its 16-byte header (uncompressed size, chunk size, format). */
export function solidResource(file: WimFile, r: { offsetInWim: number; sizeInWim: number; flags: number }): Resource {
  if (r.sizeInWim < SOLID_HEADER_SIZE || r.offsetInWim + r.sizeInWim > file.size) {
    throw new WimError(WimErrorCode.InvalidResource, `A solid resource (offset ${r.offsetInWim}, ${r.sizeInWim} bytes) lies outside the file.`, file.path);
  }
  const h = file.read(r.offsetInWim, SOLID_HEADER_SIZE);
  const usize = u64(h, 0);
  const chunkSize = u32(h, 8);
  const format = u32(h, 12);
  if (format > CompressionFormat.Lzms) {
    throw new WimError(WimErrorCode.InvalidCompressionType, `A solid resource names unknown compression format ${format}.`, file.path);
  }
  if (!isValidChunkSize(format as CompressionFormat, chunkSize)) {
    throw new WimError(WimErrorCode.InvalidChunkSize, `Invalid chunk size (${chunkSize} bytes) for compression type ${compressionName(format)} in a solid resource.`, file.path);
  }
  const numChunks = Math.ceil(usize / chunkSize);
  // Every chunk needs a 4-byte size entry and at least one stored byte.
  if (!Number.isFinite(usize) || numChunks * 5 > r.sizeInWim - SOLID_HEADER_SIZE) {
    throw new WimError(WimErrorCode.InvalidResource, `A solid resource declares ${usize} bytes, more than its ${r.sizeInWim} stored bytes can hold.`, file.path);
  }
  return {
    file,
    offsetInWim: r.offsetInWim,
    sizeInWim: r.sizeInWim,
    uncompressedSize: usize,
    flags: r.flags,
    compression: format as CompressionFormat,
    chunkSize,
    solid: true,
  };
}

export type DecompressorFactory = (format: CompressionFormat, chunkSize: number) => Decompressor;

const PLAIN_READ_SIZE = 1 << 20;
/** readAll allocates up to this much before any byte is read (the size of one solid chunk). */
const READ_ALL_PREALLOCATE = 64 << 20;
/**
 * A stored chunk bigger than this is decompressed straight from the file through the decompressor's own input
 * windows (LZMS: two of 128 KiB), when it has them, rather than read whole into the input buffer: a solid ESD chunk
 * of 64 MiB stores tens of MiB (nearly 64 MiB where the data is incompressible), which would otherwise sit in
 * memory beside the 64 MiB it decompresses to.
 */
const WINDOWED_INPUT_MIN = 1 << 20;

/** An output buffer at least this big (a solid chunk's) is allocated after a full garbage collection. */
const COLLECT_BEFORE = 16 << 20;

/**
 * A full garbage collection where the host offers one (host.collectGarbage): without it, what the caller dropped
 * just before (an export's source metadata buffer, tens of MiB for a big image) is still resident while the
 * 64 MiB of a solid chunk are filled, and the peak holds both. One collection of a small heap takes milliseconds.
 */
export function collectGarbage(): void {
  host().collectGarbage?.();
}

/** Reads resources; owns the reused buffers, the decompressors and the one-chunk cache. */
export class ResourceReader {
  private readonly decompressors = new Map<string, Decompressor>();
  private inBuf = new Uint8Array(0);
  private outBuf = new Uint8Array(0);
  private cachedRes: Resource | undefined;
  private cachedChunk = -1;
  private cachedLen = 0;

  constructor(private readonly factory: DecompressorFactory) {}

  private decompressor(res: Resource): Decompressor {
    const key = `${res.compression}:${res.chunkSize}`;
    let d = this.decompressors.get(key);
    if (!d) {
      try {
        d = this.factory(res.compression, res.chunkSize);
      } catch (e) {
        if (e instanceof WimError) throw e;
        throw new WimError(WimErrorCode.InvalidCompressionType, `No decompressor for ${compressionName(res.compression)}: ${(e as Error).message}`, res.file.path, { cause: e });
      }
      this.decompressors.set(key, d);
    }
    return d;
  }

  /** Drops the one-chunk cache (e.g. when the files are closed). */
  reset(): void {
    this.cachedRes = undefined;
    this.cachedChunk = -1;
  }

  /**
   * Drops the cache, the buffers and the decompressors: a solid (ESD) source holds a 64 MiB chunk buffer and
   * decompressor state a writer has better use for once the blobs are read. The reader stays usable.
   */
  release(): void {
    this.reset();
    this.inBuf = new Uint8Array(0);
    this.outBuf = new Uint8Array(0);
    this.decompressors.clear();
  }

  /**
   * Streams the uncompressed bytes [offset, offset + length) of `res` to `sink`, in pieces of at most one chunk
   * (1 MiB for uncompressed resources).
   */
  read(res: Resource, offset: number, length: number, sink: ChunkSink): void {
    if (length === 0) return;
    if (!(offset >= 0) || !(length > 0) || offset + length > res.uncompressedSize) {
      throw new WimError(WimErrorCode.InvalidResource, `A blob (offset ${offset}, ${length} bytes) lies outside its resource (${res.uncompressedSize} bytes).`, res.file.path);
    }
    if (res.compression === CompressionFormat.None && !res.solid) {
      this.readPlain(res, offset, length, sink);
      return;
    }
    this.readChunked(res, offset, length, sink);
  }

  /** Reads a range into one new buffer; `limit` guards against absurd declared sizes. */
  readAll(res: Resource, offset: number, length: number, limit: number, what: string): Uint8Array {
    if (length > limit) {
      throw new WimError(WimErrorCode.InvalidResource, `The ${what} declares ${length} bytes, more than the ${limit} allowed.`, res.file.path);
    }
    // Allocated at once up to READ_ALL_PREALLOCATE (a metadata resource of 150k dentries is ~40 MiB: growing it by
    // doubling would leave ~as much again as garbage, which external-memory GC frees late), grown as the bytes
    // arrive beyond that, so that a resource declaring a huge size fails at its first bad chunk instead of first
    // allocating what it declares.
    let out = new Uint8Array(Math.min(length, READ_ALL_PREALLOCATE));
    let pos = 0;
    this.read(res, offset, length, (d, o, n) => {
      if (pos + n > out.length) {
        const bigger = new Uint8Array(Math.min(length, Math.max(pos + n, out.length * 2)));
        bigger.set(out.subarray(0, pos));
        out = bigger;
      }
      out.set(d.subarray(o, o + n), pos);
      pos += n;
    });
    return out;
  }

  private readPlain(res: Resource, offset: number, length: number, sink: ChunkSink): void {
    const n0 = Math.min(length, PLAIN_READ_SIZE);
    if (this.inBuf.length < n0) this.inBuf = new Uint8Array(Math.max(n0, Math.min(PLAIN_READ_SIZE, this.inBuf.length * 2)));
    let done = 0;
    while (done < length) {
      const n = Math.min(length - done, this.inBuf.length);
      res.file.readInto(this.inBuf, 0, n, res.offsetInWim + offset + done);
      sink(this.inBuf, 0, n);
      done += n;
    }
  }

  /**
   * Buffers for a chunk: `outSize` (the chunk size) for the uncompressed bytes, and at least `inSize` for the
   * stored ones. The input buffer grows to the largest compressed chunk actually met, not to the chunk size: for
   * a solid resource (64 MiB chunks, LZMS typically stores them in a third of that) this saves tens of MiB.
   */
  private ensure(inSize: number, outSize: number): void {
    if (this.inBuf.length < inSize) this.inBuf = new Uint8Array(Math.min(Math.max(inSize, Math.floor(this.inBuf.length * 1.25)), Math.max(outSize, inSize)));
    if (this.outBuf.length < outSize) {
      this.outBuf = new Uint8Array(0);
      this.reset();
      if (outSize >= COLLECT_BEFORE) collectGarbage();
      this.outBuf = new Uint8Array(outSize);
    }
  }

  /** File offsets of chunks [first, last+1] of a chunked resource (index i - first). */
  private chunkBounds(res: Resource, first: number, last: number): Float64Array {
    const cs = res.chunkSize;
    const numChunks = Math.ceil(res.uncompressedSize / cs);
    const f = res.file;
    const bad = (why: string): WimError => new WimError(WimErrorCode.InvalidResource, `Invalid chunk table: ${why}.`, f.path);
    if (res.solid) {
      if (!res.chunkOffsets) {
        const tableSize = numChunks * 4;
        const table = f.read(res.offsetInWim + SOLID_HEADER_SIZE, tableSize);
        const offs = new Float64Array(numChunks + 1);
        let maxCompressed = 0;
        let pos = res.offsetInWim + SOLID_HEADER_SIZE + tableSize;
        const end = res.offsetInWim + res.sizeInWim;
        for (let i = 0; i < numChunks; i++) {
          offs[i] = pos;
          const size = u32(table, i * 4);
          const usize = i === numChunks - 1 ? res.uncompressedSize - i * cs : cs;
          if (size === 0 || size > usize) throw bad(`chunk ${i} has stored size ${size} for ${usize} bytes`);
          if (size < usize && size > maxCompressed) maxCompressed = size;
          pos += size;
          if (pos > end) throw bad('chunks run past the end of the solid resource');
        }
        offs[numChunks] = pos;
        res.chunkOffsets = offs;
        res.maxCompressedChunk = maxCompressed;
      }
      return res.chunkOffsets.subarray(first, last + 2);
    }
    const entrySize = res.uncompressedSize > 0xffffffff ? 8 : 4;
    const tableSize = (numChunks - 1) * entrySize;
    if (tableSize + numChunks > res.sizeInWim) throw bad(`${numChunks} chunks cannot fit in ${res.sizeInWim} bytes`);
    const dataStart = res.offsetInWim + tableSize;
    const dataSize = res.sizeInWim - tableSize;
    const out = new Float64Array(last - first + 2);
    // Entries first-1 .. last (entry i-1 is the start of chunk i); chunk 0 starts at 0, the end is dataSize.
    const e0 = Math.max(first - 1, 0);
    const e1 = Math.min(last, numChunks - 2); // inclusive
    const entries = e1 >= e0 ? f.read(res.offsetInWim + e0 * entrySize, (e1 - e0 + 1) * entrySize) : new Uint8Array(0);
    const entry = (i: number): number => (entrySize === 4 ? u32(entries, (i - e0) * 4) : u64(entries, (i - e0) * 8));
    for (let c = first; c <= last + 1; c++) {
      const rel = c === 0 ? 0 : c === numChunks ? dataSize : entry(c - 1);
      if (!(rel <= dataSize)) throw bad(`chunk ${c} starts past the end of the resource`);
      out[c - first] = dataStart + rel;
    }
    for (let c = first; c <= last; c++) {
      const size = out[c - first + 1] - out[c - first];
      const usize = c === numChunks - 1 ? res.uncompressedSize - c * res.chunkSize : res.chunkSize;
      if (!(size > 0) || size > usize) throw bad(`chunk ${c} has stored size ${size} for ${usize} bytes`);
    }
    return out;
  }

  private readChunked(res: Resource, offset: number, length: number, sink: ChunkSink): void {
    const cs = res.chunkSize;
    const numChunks = Math.ceil(res.uncompressedSize / cs);
    const first = Math.floor(offset / cs);
    const last = Math.floor((offset + length - 1) / cs);
    this.ensure(0, cs);
    // Read the chunk table in batches so that a huge resource needs no huge table buffer.
    const BATCH = 8192;
    for (let b = first; b <= last; b += BATCH) {
      const bl = Math.min(last, b + BATCH - 1);
      const bounds = res.solid && this.cachedRes === res && this.cachedChunk === b && b === bl ? undefined : this.chunkBounds(res, b, bl);
      // One input buffer for the largest compressed chunk of a solid resource, not one grown chunk by chunk; with
      // a windowed decompressor, for the largest chunk that is not read through its windows.
      if (res.maxCompressedChunk) {
        const windowed = res.maxCompressedChunk > WINDOWED_INPUT_MIN && isWindowed(this.decompressor(res));
        this.ensure(windowed ? WINDOWED_INPUT_MIN : res.maxCompressedChunk, cs);
      }
      for (let c = b; c <= bl; c++) {
        const usize = c === numChunks - 1 ? res.uncompressedSize - c * cs : cs;
        if (!(this.cachedRes === res && this.cachedChunk === c && this.cachedLen === usize)) {
          if (!bounds) throw new WimError(WimErrorCode.InvalidResource, 'Chunk cache lost.', res.file.path);
          const start = bounds[c - b];
          const size = bounds[c - b + 1] - start;
          this.cachedRes = undefined;
          if (size === usize) {
            res.file.readInto(this.outBuf, 0, usize, start);
          } else {
            const d = this.decompressor(res);
            const file = res.file;
            const windowed = size > WINDOWED_INPUT_MIN && isWindowed(d);
            if (!windowed) {
              this.ensure(size, cs);
              file.readInto(this.inBuf, 0, size, start);
            }
            try {
              if (windowed) d.decompressFrom((buf, o, n, pos) => file.readInto(buf, o, n, start + pos), size, this.outBuf, 0, usize);
              else d.decompress(this.inBuf, 0, size, this.outBuf, 0, usize);
            } catch (e) {
              if (e instanceof WimError) throw e;
              const why = e instanceof CorruptDataError ? e.message : String((e as Error)?.message ?? e);
              throw new WimError(WimErrorCode.DecompressionFailed, `${compressionName(res.compression)} chunk ${c} of the resource at offset ${res.offsetInWim} is corrupt: ${why}`, res.file.path, { cause: e });
            }
          }
          this.cachedRes = res;
          this.cachedChunk = c;
          this.cachedLen = usize;
        }
        const cStart = c * cs;
        const from = Math.max(offset, cStart) - cStart;
        const to = Math.min(offset + length, cStart + usize) - cStart;
        sink(this.outBuf, from, to - from);
      }
    }
  }
}
