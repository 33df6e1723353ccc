/*
 * The decompress-and-hash job: what checks a compressed resource that is copied as it is stored (raw), without
 * holding up the copy. A resource is a stream of stored chunks (each compressed, or stored as it is when its stored
 * size equals its uncompressed size); every chunk is decompressed and the stream's bytes are hashed (SHA-1, the
 * platform's) and compared with the digest expected for it at its last chunk.
 *
 * The work runs on the compression workers (chunk-compressor-worker.ts, message kind "verify") while the calling
 * thread copies: a stream is given to one worker (a lane) from its first chunk to its last, since a running SHA-1
 * cannot move between threads, and the streams are spread over the lanes. Chunks travel in batches (1 MiB of stored
 * bytes, or one chunk when chunks are bigger) in a transferred buffer that comes back with the reply and is reused;
 * each lane holds at most two batches in flight and one filling, so memory is bounded by about
 * 3 x lanes x batch size. Where the host has no worker threads (or the worker script is not built), the same job
 * runs in the calling thread when a batch is full.
 *
 * The job only reports: a stream whose chunk does not decompress, or whose bytes do not hash to the expected digest,
 * becomes a VerifyFailure naming the stream's tag; what that means (which blob, which file) is the caller's.
 */
import { host, type HostWorker } from '../../platform/host';
import type { Digest } from '../../platform/types';
import { type CompressionFormat, CorruptDataError, type Decompressor } from './codec';
import { createDecompressor } from './decompressors';
import { WimError, WimErrorCode } from '../errors';

/** A stream that failed the check. */
export interface VerifyFailure {
  /** The caller's tag for the stream (its blob). */
  tag: number;
  /** 'corrupt': a chunk did not decompress; 'mismatch': the bytes do not hash to the expected digest. */
  kind: 'corrupt' | 'mismatch';
  /** The chunk that failed ('corrupt'), else the stream's last chunk. */
  chunk: number;
  reason: string;
}

/** Flags of a chunk entry of a batch. */
export const enum VerifyChunkFlag {
  /** The stream's first chunk: a new digest starts, its expected value comes with the batch. */
  First = 1,
  /** The stream's last chunk: the digest is compared. */
  Last = 2,
}

/** Numbers per chunk entry of a batch: tag, stored size, uncompressed size, flags. */
export const VERIFY_ITEM = 4;

/** A verify message to a worker. */
export interface VerifyRequest {
  kind: 'verify';
  id: number;
  format: number;
  chunkSize: number;
  /** Stored chunks back to back (the buffer is transferred and comes back with the reply). */
  input: ArrayBuffer;
  /** VERIFY_ITEM numbers per chunk. */
  items: number[];
  /** 20 bytes of expected SHA-1 per First chunk, in order. */
  hashes: Uint8Array;
}

export interface VerifyReply {
  id: number;
  output?: ArrayBuffer;
  failures?: VerifyFailure[];
  error?: string;
}

interface StreamState {
  digest: Digest;
  expected: Uint8Array;
  chunk: number;
}

/**
 * One thread's side of the job: its decompressors (one per format and chunk size, reused), one output buffer of a
 * chunk, and the running digest of each stream it holds. The workers and the in-thread fallback both use it.
 */
export class VerifyState {
  private readonly decompressors = new Map<string, Decompressor>();
  private out = new Uint8Array(0);
  private readonly streams = new Map<number, StreamState>();
  /** Tags of streams that failed: their later chunks are skipped. */
  private readonly failed = new Set<number>();

  /** Checks the chunks of one batch; returns the streams that failed in it. */
  run(format: CompressionFormat, chunkSize: number, input: Uint8Array, items: ArrayLike<number>, hashes: Uint8Array): VerifyFailure[] {
    const failures: VerifyFailure[] = [];
    if (this.out.length < chunkSize) this.out = new Uint8Array(chunkSize);
    let ip = 0;
    let hp = 0;
    for (let i = 0; i < items.length; i += VERIFY_ITEM) {
      const tag = items[i];
      const stored = items[i + 1];
      const usize = items[i + 2];
      const flags = items[i + 3];
      const at = ip;
      ip += stored;
      let s: StreamState | undefined;
      if (flags & VerifyChunkFlag.First) {
        const expected = hashes.slice(hp, hp + 20);
        hp += 20;
        this.failed.delete(tag);
        s = { digest: host().createSha1(), expected, chunk: 0 };
        this.streams.set(tag, s);
      } else {
        s = this.streams.get(tag);
        if (!s) {
          if (!this.failed.has(tag)) failures.push({ tag, kind: 'corrupt', chunk: -1, reason: 'a chunk arrived for a stream that was not started' });
          continue;
        }
        s.chunk++;
      }
      if (stored === usize) {
        s.digest.update(input, at, stored);
      } else {
        try {
          if (stored > usize || usize > chunkSize) throw new CorruptDataError(`stored size ${stored} for ${usize} bytes (chunk size ${chunkSize})`);
          this.decompressor(format, chunkSize).decompress(input, at, stored, this.out, 0, usize);
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          failures.push({ tag, kind: 'corrupt', chunk: s.chunk, reason });
          this.streams.delete(tag);
          this.failed.add(tag);
          continue;
        }
        s.digest.update(this.out, 0, usize);
      }
      if (flags & VerifyChunkFlag.Last) {
        this.streams.delete(tag);
        const got = s.digest.digest();
        let same = true;
        for (let k = 0; k < 20; k++) if (got[k] !== s.expected[k]) same = false;
        if (!same) failures.push({ tag, kind: 'mismatch', chunk: s.chunk, reason: 'its data does not match its SHA-1' });
      }
    }
    return failures;
  }

  private decompressor(format: CompressionFormat, chunkSize: number): Decompressor {
    const key = `${format}/${chunkSize}`;
    let d = this.decompressors.get(key);
    if (!d) {
      d = createDecompressor(format, chunkSize);
      this.decompressors.set(key, d);
    }
    return d;
  }
}

/** Stored bytes per batch (at least one chunk). */
const BATCH_BYTES = 1 << 20;
/** Batches a lane's worker holds at once: one being checked, one waiting. */
const PER_LANE = 2;

interface Batch {
  buf: Uint8Array;
  fill: number;
  items: number[];
  hashes: Uint8Array;
  hashFill: number;
}

interface Lane {
  worker?: HostWorker;
  filling?: Batch;
  /** Replies awaited, oldest first (a worker answers in order). */
  inflight: { id: number; resolve: () => void; reject: (e: Error) => void; done: Promise<void> }[];
  /** Stored bytes queued on this lane (filling and in flight): how busy it is. */
  load: number;
}

/** Reads stored bytes [pos, pos + len) of the source into buf[off...]. */
export type StoredReader = (buf: Uint8Array, off: number, len: number, pos: number) => void;

/**
 * The calling thread's side: gathers streams' chunks into batches, one lane per worker, and collects failures.
 * beginStream, then addChunk for each chunk in order; finish() waits for every reply. `failures` grows as replies
 * arrive; the caller looks at it between streams to stop early.
 */
export class ChunkVerifier {
  readonly failures: VerifyFailure[] = [];
  private readonly lanes: Lane[] = [];
  private readonly pool: Uint8Array[] = [];
  private readonly batchBytes: number;
  private local?: VerifyState;
  private lane = -1;
  private tag = -1;
  private nextId = 1;
  private broken?: Error;
  private closed = false;
  private readonly byId = new Map<number, { lane: Lane; batch: Batch }>();

  constructor(
    readonly format: CompressionFormat,
    readonly chunkSize: number,
    /** Worker lanes; 0: the job runs in this thread. */
    threads: number,
    private readonly script?: string,
  ) {
    this.batchBytes = Math.max(BATCH_BYTES, chunkSize);
    const n = script && host().workers() ? Math.max(0, threads) : 0;
    for (let i = 0; i < Math.max(1, n); i++) this.lanes.push({ inflight: [], load: 0 });
    if (n === 0) this.local = new VerifyState();
  }

  /** Starts stream `tag`, whose bytes must hash to expected[off, off + 20). */
  beginStream(tag: number, expected: Uint8Array, off: number): void {
    let best = 0;
    for (let i = 1; i < this.lanes.length; i++) if (this.lanes[i].load < this.lanes[best].load) best = i;
    this.lane = best;
    this.tag = tag;
    this.pendingHash = expected.subarray(off, off + 20);
  }
  private pendingHash?: Uint8Array;

  /**
   * Adds the stream's next chunk: `stored` bytes at `pos` of the source (read by `read` straight into the batch),
   * `usize` bytes uncompressed; `last` ends the stream. Returns a promise to await when the lane was full (the
   * chunk is taken once it settles), else undefined.
   */
  addChunk(read: StoredReader, pos: number, stored: number, usize: number, last: boolean): Promise<void> | undefined {
    if (this.broken) throw this.broken;
    const lane = this.lanes[this.lane];
    const b = lane.filling;
    // Most chunks fit in the filling batch: then nothing is awaited (no promise per chunk).
    if (b && (b.fill + stored > b.buf.length || b.items.length >= VERIFY_ITEM * 8192)) return this.sendThenAdd(lane, read, pos, stored, usize, last);
    this.put(lane, read, pos, stored, usize, last);
    return undefined;
  }

  private async sendThenAdd(lane: Lane, read: StoredReader, pos: number, stored: number, usize: number, last: boolean): Promise<void> {
    await this.send(lane);
    this.put(lane, read, pos, stored, usize, last);
  }

  private put(lane: Lane, read: StoredReader, pos: number, stored: number, usize: number, last: boolean): void {
    let b = lane.filling;
    if (!b) {
      const buf = this.pool.pop() ?? new Uint8Array(Math.max(this.batchBytes, stored));
      b = lane.filling = { buf: buf.length >= stored ? buf : new Uint8Array(stored), fill: 0, items: [], hashes: new Uint8Array(20 * 64), hashFill: 0 };
    }
    read(b.buf, b.fill, stored, pos);
    b.fill += stored;
    lane.load += stored;
    let flags = last ? VerifyChunkFlag.Last : 0;
    if (this.pendingHash) {
      flags |= VerifyChunkFlag.First;
      if (b.hashFill + 20 > b.hashes.length) {
        const bigger = new Uint8Array(b.hashes.length * 2);
        bigger.set(b.hashes.subarray(0, b.hashFill));
        b.hashes = bigger;
      }
      b.hashes.set(this.pendingHash, b.hashFill);
      b.hashFill += 20;
      this.pendingHash = undefined;
    }
    b.items.push(this.tag, stored, usize, flags);
  }

  /** Sends lane's filling batch (to its worker, or checks it here), after waiting for room. */
  private async send(lane: Lane): Promise<void> {
    const b = lane.filling;
    if (!b) return;
    lane.filling = undefined;
    if (this.local) {
      const failures = this.local.run(this.format, this.chunkSize, b.buf, b.items, b.hashes.subarray(0, b.hashFill));
      for (const f of failures) this.failures.push(f);
      lane.load -= b.fill;
      this.pool.push(b.buf);
      // Let a long run of in-thread checks give the event loop a turn (Ctrl+C, the lock's timer).
      await new Promise<void>((r) => host().nextTurn(r));
      return;
    }
    while (lane.inflight.length >= PER_LANE) await lane.inflight[0].done;
    if (this.broken) throw this.broken;
    const w = this.worker(lane);
    const id = this.nextId++;
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined);
    lane.inflight.push({ id, resolve, reject, done });
    this.byId.set(id, { lane, batch: b });
    const input = b.buf.buffer as ArrayBuffer;
    const msg: VerifyRequest = { kind: 'verify', id, format: this.format, chunkSize: this.chunkSize, input, items: b.items, hashes: b.hashes.slice(0, b.hashFill) };
    w.postMessage(msg, [input]);
  }

  private worker(lane: Lane): HostWorker {
    if (lane.worker) return lane.worker;
    const w = host().workers()!.start(this.script!);
    w.onMessage((m) => {
      const reply = m as VerifyReply;
      const entry = this.byId.get(reply.id);
      if (!entry) return;
      this.byId.delete(reply.id);
      const k = entry.lane.inflight.findIndex((x) => x.id === reply.id);
      const waiter = k >= 0 ? entry.lane.inflight.splice(k, 1)[0] : undefined;
      entry.lane.load -= entry.batch.fill;
      if (reply.error || !reply.output) {
        this.fail(new WimError(WimErrorCode.ReadFailed, `A verification thread failed: ${reply.error ?? 'no reply'}`));
        waiter?.reject(this.broken!);
        return;
      }
      this.pool.push(new Uint8Array(reply.output));
      for (const f of reply.failures ?? []) this.failures.push(f);
      waiter?.resolve();
    });
    w.onError((e) => this.fail(new WimError(WimErrorCode.ReadFailed, `A verification thread failed: ${e.message}`, undefined, { cause: e })));
    w.onExit((code) => {
      if (!this.closed) this.fail(new WimError(WimErrorCode.ReadFailed, `A verification thread stopped (exit code ${code}).`));
    });
    lane.worker = w;
    return w;
  }

  private fail(e: Error): void {
    if (!this.broken) this.broken = e;
    for (const lane of this.lanes) {
      for (const x of lane.inflight.splice(0)) x.reject(e);
    }
  }

  /** Sends every filling batch and waits for every reply; `failures` is then complete. */
  async finish(): Promise<void> {
    for (const lane of this.lanes) await this.send(lane);
    for (const lane of this.lanes) {
      while (lane.inflight.length) await lane.inflight[0].done;
    }
    if (this.broken) throw this.broken;
  }

  /** Stops the workers (after finish, or to give up). */
  async close(): Promise<void> {
    this.closed = true;
    const ws = this.lanes.map((l) => l.worker).filter((w): w is HostWorker => w !== undefined);
    for (const l of this.lanes) l.worker = undefined;
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
