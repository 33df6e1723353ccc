/*
 * The parallel chunk compressor: the ChunkCompressor of chunk-compressor.ts over a pool of worker threads plus the
 * calling thread. Chunks are gathered into batches (16 chunks); a full batch goes to a worker (at most two in
 * flight per worker) as one transferred ArrayBuffer and comes back in that same buffer, compressed in place, which
 * is then reused for a later batch (no allocation per batch); results are handed out strictly in submission order.
 *
 * With `callerCompresses`, the calling thread is one of the `threads`: when the consumer asks for a result that a
 * worker has not finished, the calling thread compresses the oldest batch no worker has taken (in place, the same
 * way) instead of waiting idle, and the head batch itself when no worker took it. Then `threads` compression
 * threads cost threads - 1 worker isolates (each ~15-20 MiB of RSS), and a calling thread busy elsewhere (reading,
 * decompressing a solid source) leaves the batches to the workers. It is off by default (the caller chooses).
 * Measured on 2 cores, esd -> max with threads 2: ~10 MB less peak RSS on the bench corpus (182-185 vs 191-194
 * MB) and on the 120k-file scale image (200 vs 210 MiB); as fast as two workers on an idle machine (30.0-31.0
 * vs 30.1-30.5 s), 7-10% slower in runs on a busy one.
 * At most 2 x threads + 2 batches wait to be handed out, so memory stays bounded (about (2 x threads + 4) x 16 x
 * chunk_size, plus the worker isolates).
 *
 * The memory policy lives in createChunkCompressor, so that every writer (export, capture, and those to come) gets
 * the same one, as wimlib's compressor setup does: how many threads (one per core, at most MAX_DEFAULT_THREADS
 * unless the caller names a number; one, without a worker, for a job that compresses little) and, through the
 * compressor, how many chunk buffers are in flight.
 *
 * The worker script must be plain JavaScript: next to this file when running compiled (dist/), or the compiled
 * copy in dist/ when running from the TypeScript sources (jest); the platform says where (host().modulePath).
 * Where neither exists, or the host has no threads, createChunkCompressor falls back to the serial compressor.
 */
import { host, type HostWorker } from '../../platform/host';
import { WimError, WimErrorCode } from '../errors';
import type { CompressionFormat, Compressor } from './codec';
import {
  type ChunkCompressor,
  type ChunkResult,
  compressBatchInPlace,
  compressionStats,
  createSerialChunkCompressor,
  loadCreateCompressor,
} from './chunk-compressor';
import { lzmsCompressorBytes } from './lzms-compress';

const BATCH_CHUNKS = 16;
/** Batches a worker holds at once: one being compressed, one waiting, so that it never waits for this thread. */
const PER_WORKER = 2;

interface Batch {
  input: Uint8Array;
  lens: number[];
  fill: number;
  /** No more chunks go in: full, or the last one of the stream, flushed. */
  closed: boolean;
  /** Taken by a worker. */
  sent: boolean;
  /** Compressed (by a worker or here): the stored chunks back to back, and their sizes. */
  output?: Uint8Array;
  sizes?: number[];
  result?: Promise<void>;
}

/** Lets pending messages (workers' results) be handled. */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => host().nextTurn(resolve));

/** The compiled worker script, or undefined when none can be found. */
export function workerScriptPath(): string | undefined {
  // The path of chunk-compressor-worker.ts beside this file, from the project root (test/platform/node/module-path.test.ts pins it).
  const candidate = host().modulePath?.('src/formats/codecs/chunk-compressor-worker.js', true);
  return candidate !== undefined && host().fs.existsSync(candidate) ? candidate : undefined;
}

export class ParallelChunkCompressor implements ChunkCompressor {
  private readonly workers: HostWorker[] = [];
  /** Batches each started worker holds. */
  private readonly held: number[] = [];
  private readonly numWorkers: number;
  private readonly waiters = new Map<number, { resolve: (v: { output: Uint8Array; sizes: number[] }) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  /** Batches in submission order, not yet handed out; the last may be filling. */
  private readonly queue: Batch[] = [];
  private readonly maxQueued: number;
  private current?: { output: Uint8Array; sizes: number[]; lens: number[]; index: number; pos: number };
  /** Batch buffers already handed out, reused: no allocation (nor garbage) per batch. */
  private readonly pool: Uint8Array[] = [];
  /** This thread's compressor and scratch buffer, made when it first compresses a batch. */
  private local?: { c: Compressor; scratch: Uint8Array };
  private failed?: Error;
  private closing = false;

  constructor(
    readonly format: CompressionFormat,
    readonly chunkSize: number,
    /** Compression threads: this one and threads - 1 workers (threads workers when `helps` is false). */
    readonly threads: number,
    private readonly script: string,
    private readonly level?: number,
    /** Chunks per message to a worker. */
    private readonly batchChunks = BATCH_CHUNKS,
    /** Whether this thread compresses batches too (rather than only waiting for the workers). */
    private readonly helps = false,
    /** Batches waiting to be handed out at most (default: two per thread, plus two). */
    maxQueued?: number,
  ) {
    if (!host().workers()) throw new Error('no worker threads on this host');
    this.numWorkers = Math.max(1, helps ? threads - 1 : threads);
    this.maxQueued = maxQueued ?? PER_WORKER * threads + 2;
  }

  /** Worker i, started on first use: a job of a few chunks starts one thread, not one per core. */
  private worker(i: number): HostWorker {
    if (i < this.workers.length) return this.workers[i];
    const w = host().workers()!.start(this.script);
    w.onMessage((reply) => {
      const m = reply as { id: number; output?: ArrayBuffer; sizes?: number[]; error?: string };
      const waiter = this.waiters.get(m.id);
      if (!waiter) return;
      this.waiters.delete(m.id);
      this.held[i]--;
      if (m.error || !m.output || !m.sizes) waiter.reject(new WimError(WimErrorCode.WriteFailed, `A compression thread failed: ${m.error}`));
      else {
        waiter.resolve({ output: new Uint8Array(m.output), sizes: m.sizes });
        this.dispatch();
      }
    });
    w.onError((e) => this.fail(new WimError(WimErrorCode.WriteFailed, `A compression thread failed: ${e.message}`, undefined, { cause: e })));
    w.onExit((code) => {
      if (!this.closing) this.fail(new WimError(WimErrorCode.WriteFailed, `A compression thread stopped (exit code ${code}).`));
    });
    this.workers.push(w);
    this.held.push(0);
    return w;
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const [, w] of this.waiters) w.reject(e);
    this.waiters.clear();
  }

  /**
   * The worker to give a batch to: the started one holding the fewest, or a new one when every started worker is
   * busy; -1 when all hold PER_WORKER (or `force`: the least loaded whatever it holds).
   */
  private pickWorker(force: boolean): number {
    let best = -1;
    for (let i = 0; i < this.held.length; i++) if (best < 0 || this.held[i] < this.held[best]) best = i;
    if ((best < 0 || this.held[best] > 0) && this.workers.length < this.numWorkers) return this.workers.length;
    return best >= 0 && (force || this.held[best] < PER_WORKER) ? best : -1;
  }

  /** Gives closed batches no one has taken, oldest first, to workers with room. */
  private dispatch(): void {
    if (this.failed || this.closing) return;
    for (const b of this.queue) {
      if (!b.closed || b.sent || b.sizes) continue;
      const wi = this.pickWorker(false);
      if (wi < 0) return;
      this.send(b, wi);
    }
  }

  private send(b: Batch, wi: number): void {
    const id = this.nextId++;
    const w = this.worker(wi);
    this.held[wi]++;
    b.sent = true;
    compressionStats.chunksCompressed += b.lens.length;
    const reply = new Promise<{ output: Uint8Array; sizes: number[] }>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    b.result = reply.then((r) => {
      b.output = r.output;
      b.sizes = r.sizes;
    });
    // Avoid an unhandled rejection before the consumer awaits it; the consumer sees the error when it does.
    b.result.catch(() => undefined);
    // The whole batch buffer is transferred; the worker reads only the bytes `lens` covers.
    const input = b.input.buffer as ArrayBuffer;
    w.postMessage({ id, format: this.format, chunkSize: this.chunkSize, level: this.level, input, lens: b.lens }, [input]);
  }

  /** Compresses batch b in this thread, in place. */
  private compressHere(b: Batch): void {
    if (!this.local) {
      const factory = loadCreateCompressor();
      if (!factory) throw new WimError(WimErrorCode.InvalidCompressionType, `No compressor is available for compression format ${this.format}.`);
      this.local = { c: factory(this.format, this.chunkSize, this.level), scratch: new Uint8Array(this.chunkSize) };
    }
    compressionStats.chunksCompressed += b.lens.length;
    b.sizes = compressBatchInPlace(this.local.c, b.input, b.lens, this.local.scratch);
    b.output = b.input;
  }

  submit(src: Uint8Array, off: number, len: number): boolean {
    if (this.failed) throw this.failed;
    if (len > this.chunkSize) throw new RangeError(`chunk of ${len} bytes exceeds chunk size ${this.chunkSize}`);
    let last = this.queue.length ? this.queue[this.queue.length - 1] : undefined;
    if (!last || last.closed) {
      if (this.queue.length >= this.maxQueued) return false;
      last = { input: this.pool.pop() ?? new Uint8Array(this.batchChunks * this.chunkSize), lens: [], fill: 0, closed: false, sent: false };
      this.queue.push(last);
    }
    last.input.set(src.subarray(off, off + len), last.fill);
    last.fill += len;
    last.lens.push(len);
    if (last.lens.length === this.batchChunks) {
      last.closed = true;
      this.dispatch();
    }
    return true;
  }

  async next(): Promise<ChunkResult | undefined> {
    if (this.failed) throw this.failed;
    const cur = this.current;
    if (cur && cur.index < cur.sizes.length) return this.take(cur);
    if (cur) this.pool.push(cur.output); // its chunks were all handed out (and written) before this call
    this.current = undefined;
    const head = this.queue[0];
    if (!head) return undefined;
    head.closed = true;
    while (!head.sizes) {
      if (this.failed) throw this.failed;
      if (!head.sent) {
        if (this.helps) this.compressHere(head);
        else this.send(head, this.pickWorker(true));
        continue;
      }
      // The head is with a worker: compress a batch no worker has taken meanwhile, then look at the replies.
      const spare = this.helps ? this.queue.find((b) => b.closed && !b.sent && !b.sizes) : undefined;
      if (spare) {
        this.compressHere(spare);
        await yieldToEvents();
      } else {
        await head.result;
      }
    }
    this.queue.shift();
    this.current = { output: head.output!, sizes: head.sizes, lens: head.lens, index: 0, pos: 0 };
    return this.take(this.current);
  }

  private take(cur: { output: Uint8Array; sizes: number[]; lens: number[]; index: number; pos: number }): ChunkResult {
    const i = cur.index++;
    const res: ChunkResult = { data: cur.output, off: cur.pos, len: cur.sizes[i], usize: cur.lens[i] };
    cur.pos += cur.sizes[i];
    return res;
  }

  async close(): Promise<void> {
    this.closing = true;
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
    this.queue.length = 0;
    this.current = undefined;
  }
}

/**
 * Default cap on compression threads. Each thread is a V8 isolate with its compressor: ~15 MiB (LZX) of RSS. One
 * per core on a many-core machine would break the writer's memory bound (16 cores: +240 MiB), so memory, not
 * speed, sets it; an explicit `threads` is taken as it is.
 */
export const MAX_DEFAULT_THREADS = 4;

export interface ChunkCompressorOptions {
  /** Compression threads; default one per core, at most MAX_DEFAULT_THREADS. 1: in this thread. */
  threads?: number;
  /**
   * The job compresses little (an export that copies every blob raw compresses only a metadata resource): one
   * thread, in this thread, whatever `threads` says, without the memory of a worker.
   */
  small?: boolean;
  level?: number;
  log?: (msg: string) => void;
  /** This thread compresses batches too (threads - 1 workers). */
  callerCompresses?: boolean;
}

/** How many compression threads a job gets (the memory policy above). */
export function compressionThreads(opts: Pick<ChunkCompressorOptions, 'threads' | 'small'>, cpuCount: number): number {
  if (opts.small) return 1;
  return opts.threads ?? Math.min(cpuCount, MAX_DEFAULT_THREADS);
}

/**
 * The memory policy for big chunks (LZMS solid resources: 64 MiB chunks). A chunk is then a batch of its own, and
 * the memory that matters is per chunk, not per isolate: each compression thread holds its compressor (the chunk
 * filtered, its output, the match finder's chain links: lzmsCompressorBytes) and a scratch chunk; the feeding thread
 * holds at most threads + 1 batches waiting or in flight, one returned buffer for reuse, and the writer's chunk.
 * Threads are chosen so that the total stays within COMPRESSION_MEMORY_BUDGET: with 64 MiB chunks, ~390 MiB a
 * thread (the LZMS binary-tree finder's 256 MiB of child links, the filtered chunk, its output, a scratch chunk)
 * plus ~64 MiB a batch gives 2 threads (~1.07 GiB in all; 3 would take ~1.5 GiB). wimlib-imagex's own LZMS
 * compressor takes about as much per thread for 64 MiB chunks (its suffix-array finder), and a 1 GiB budget would
 * leave one thread: half the speed on a multi-chunk .esd.
 */
export const BIG_CHUNK = 4 << 20;
export const COMPRESSION_MEMORY_BUDGET = 1.25 * (1 << 30);

/** Bytes the big-chunk policy counts for `threads` threads compressing chunks of chunkSize bytes. */
export function bigChunkMemory(chunkSize: number, threads: number): number {
  const perThread = lzmsCompressorBytes(chunkSize) + chunkSize;
  return threads * perThread + (threads + 3) * chunkSize;
}

/** Threads for big chunks: the most (up to `wanted`) whose memory stays within the budget, at least one. */
export function bigChunkThreads(chunkSize: number, wanted: number): number {
  let t = Math.max(1, wanted);
  while (t > 1 && bigChunkMemory(chunkSize, t) > COMPRESSION_MEMORY_BUDGET) t--;
  return t;
}

/**
 * A chunk compressor for the format: parallel over `threads` workers, or this thread and threads - 1 workers
 * with `callerCompresses`, when the host has threads and the worker script exists, else serial.
 */
export function createChunkCompressor(format: CompressionFormat, chunkSize: number, opts: ChunkCompressorOptions = {}): ChunkCompressor {
  if (!loadCreateCompressor()) throw new WimError(WimErrorCode.InvalidCompressionType, `No compressor is available for compression format ${format}.`);
  const big = chunkSize >= BIG_CHUNK;
  const threads = big ? bigChunkThreads(chunkSize, compressionThreads(opts, host().cpuCount())) : compressionThreads(opts, host().cpuCount());
  if (threads > 1 && host().workers()) {
    const script = workerScriptPath();
    if (script && big) return new ParallelChunkCompressor(format, chunkSize, threads, script, opts.level, 1, false, threads + 1);
    if (script) return new ParallelChunkCompressor(format, chunkSize, threads, script, opts.level, BATCH_CHUNKS, opts.callerCompresses ?? false);
    opts.log?.('compression worker script not built (run npm run build); compressing in one thread');
  }
  return createSerialChunkCompressor(format, chunkSize, opts.level);
}
