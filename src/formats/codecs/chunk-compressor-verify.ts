/*
 * The decompress-and-hash job: what checks a compressed resource that is copied as it is stored (raw), without
 * holding up the copy. A resource is a stream of stored chunks (each compressed, or stored as it is when its stored
 * size equals its uncompressed size); every chunk is decompressed and the stream's bytes are hashed (SHA-1, the
 * platform's) and compared with the digest expected for it at its last chunk.
 *
 * The work runs on the compression workers (chunk-compressor-worker.ts, message kind "verify") and on the calling
 * thread. A batch is a buffer of stored bytes exactly as they were read for the copy (the caller reads a piece of
 * the source once, writes it, then hands the same buffer here: no copy), with one item per chunk (gaps such as
 * chunk tables are skip items). A batch goes to a worker (a lane) with room, transferred and given back with the
 * reply for reuse; when every worker holds PER_LANE batches, the calling thread checks the batch itself rather
 * than wait ("caller runs"). A stream that goes on past the end of its batch keeps its lane for the next batch,
 * since a running SHA-1 cannot move between threads. Memory: about (PER_LANE x workers + 2) batch buffers. Where
 * the host has no worker threads (or the worker script is not built), or the caller expects little work, every
 * batch is checked in the calling thread and no worker is started.
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
  /** Not a chunk: `stored` bytes of the batch to pass over (a chunk table); tag and size are ignored. */
  Skip = 4,
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
  items: Int32Array;
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
      if (flags & VerifyChunkFlag.Skip) continue;
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

/**
 * Batches a worker holds at once: one being checked, the others waiting, so that it does not wait for the calling
 * thread when that one is busy or not scheduled (a loaded machine). Against 2, on the scale image: user CPU 0.97x,
 * wall 0.78x (paired runs, load ~16 on 2 cores).
 */
const PER_LANE = 4;

/** A worker and the batches it holds. */
interface Lane {
  worker?: HostWorker;
  /** Replies awaited, oldest first (a worker answers in order). */
  inflight: { id: number; resolve: () => void; reject: (e: Error) => void; done: Promise<void> }[];
}

/** The lane number of the calling thread (workers are 0 .. workers - 1). */
export const CALLER_LANE = -1;

/**
 * The calling thread's side: hands batches to the lanes and collects failures. take() gives a buffer to read a
 * batch's stored bytes into, submit() hands it over with its items; finish() waits for every reply. `failures`
 * grows as replies arrive; the caller looks at it between batches to stop early.
 */
export class ChunkVerifier {
  readonly failures: VerifyFailure[] = [];
  private readonly lanes: Lane[] = [];
  private readonly pool: Uint8Array[] = [];
  private readonly local = new VerifyState();
  private nextId = 1;
  private broken?: Error;
  private closed = false;
  private lastTurn = 0;
  private readonly byId = new Map<number, { lane: Lane; buf: ArrayBuffer }>();

  constructor(
    readonly format: CompressionFormat,
    readonly chunkSize: number,
    /** Worker lanes; 0: every batch is checked in this thread. */
    threads: number,
    private readonly script?: string,
  ) {
    const n = script && host().workers() ? Math.max(0, threads) : 0;
    for (let i = 0; i < n; i++) this.lanes.push({ inflight: [] });
  }

  /** Worker lanes (the calling thread is CALLER_LANE besides). */
  get workerCount(): number {
    return this.lanes.length;
  }

  /** Starts the workers now (they take tens of milliseconds to load): call it when work will surely come. */
  warmUp(): void {
    for (const lane of this.lanes) this.worker(lane);
  }

  /** A buffer of at least `size` bytes for a batch (from the pool: buffers come back with the replies). */
  take(size: number): Uint8Array {
    for (let i = this.pool.length - 1; i >= 0; i--) {
      if (this.pool[i].length >= size) {
        const b = this.pool[i];
        this.pool[i] = this.pool[this.pool.length - 1];
        this.pool.pop();
        return b;
      }
    }
    return new Uint8Array(size);
  }

  /** Gives back a buffer from take() that was not submitted. */
  give(buf: Uint8Array): void {
    this.pool.push(buf);
  }

  /**
   * Checks a batch: the stored bytes buf[0...] (buf comes from take() and is handed over whole; it must not be used
   * after this call), `count` items in `items` (VERIFY_ITEM numbers each), and 20 bytes of expected SHA-1 per First
   * item in `hashes`. `lane` is the lane that must take it (a stream it goes on with began there), or undefined for
   * any; resolves to the lane that took it.
   */
  async submit(buf: Uint8Array, items: Int32Array, count: number, hashes: Uint8Array, lane?: number): Promise<number> {
    if (this.broken) throw this.broken;
    let chosen = lane;
    if (chosen === undefined) {
      // A worker with room, the least busy; else the calling thread (rather than wait).
      let best = -1;
      for (let i = 0; i < this.lanes.length; i++) {
        const n = this.lanes[i].inflight.length;
        if (n < PER_LANE && (best < 0 || n < this.lanes[best].inflight.length)) best = i;
      }
      chosen = best >= 0 ? best : CALLER_LANE;
    }
    if (chosen === CALLER_LANE) {
      for (const f of this.local.run(this.format, this.chunkSize, buf, items.subarray(0, count * VERIFY_ITEM), hashes)) this.failures.push(f);
      this.pool.push(buf);
      // A long run of checks in this thread gives the event loop a turn now and then (Ctrl+C, the lock's timer).
      const now = host().now();
      if (now - this.lastTurn > 50) {
        this.lastTurn = now;
        await new Promise<void>((r) => host().nextTurn(r));
      }
      return chosen;
    }
    const l = this.lanes[chosen];
    while (l.inflight.length >= PER_LANE) await l.inflight[0].done;
    if (this.broken) throw this.broken;
    const w = this.worker(l);
    const id = this.nextId++;
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined);
    l.inflight.push({ id, resolve, reject, done });
    const input = buf.buffer as ArrayBuffer;
    this.byId.set(id, { lane: l, buf: input });
    const msg: VerifyRequest = { kind: 'verify', id, format: this.format, chunkSize: this.chunkSize, input, items: items.slice(0, count * VERIFY_ITEM), hashes: hashes.slice() };
    w.postMessage(msg, [input]);
    return chosen;
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

  /** Waits for every reply; `failures` is then complete. */
  async finish(): Promise<void> {
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
