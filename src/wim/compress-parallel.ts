/*
 * The parallel chunk compressor: the ChunkCompressor of compress-serial.ts over a pool of worker threads (one per
 * core by default). Chunks are gathered into batches (16 chunks); each batch goes to a worker as one transferred
 * ArrayBuffer and comes back in that same buffer, compressed in place, which is then reused for a later batch (no
 * allocation per batch); results are handed out strictly in submission order. At most 2 x threads batches are in
 * flight, so memory stays bounded (about (2 x threads + 2) x 16 x chunk_size, plus one small isolate per worker).
 *
 * The worker script must be plain JavaScript: next to this file when running compiled (dist/), or the compiled
 * copy in dist/ when running from the TypeScript sources (jest). Where neither exists, or the host has no
 * threads, createChunkCompressor falls back to the serial compressor.
 */
import { host } from '../host/host';
import { WimError, WimErrorCode } from './errors';
import type { CompressionFormat } from './codecs/codec';
import {
  type ChunkCompressor,
  type ChunkResult,
  compressionStats,
  createSerialChunkCompressor,
  loadCreateCompressor,
} from './compress-serial';

type WorkerT = import('node:worker_threads').Worker;

const BATCH_CHUNKS = 16;

interface Batch {
  input: Uint8Array;
  lens: number[];
  fill: number;
  sent: boolean;
  result?: Promise<{ output: Uint8Array; sizes: number[] }>;
}

/** The compiled worker script, or undefined when none can be found. */
export function workerScriptPath(): string | undefined {
  const p = host().path;
  const fs = host().fs;
  const here = __filename;
  let candidate: string;
  if (here.endsWith('.js')) {
    candidate = p.join(p.dirname(here), 'compress-worker.js');
  } else {
    // <root>/src/wim/compress-parallel.ts -> <root>/dist/src/wim/compress-worker.js
    const root = p.dirname(p.dirname(p.dirname(here)));
    candidate = p.join(root, 'dist', 'src', 'wim', 'compress-worker.js');
  }
  return fs.existsSync(candidate) ? candidate : undefined;
}

export class ParallelChunkCompressor implements ChunkCompressor {
  private readonly workers: WorkerT[] = [];
  private readonly waiters = new Map<number, { resolve: (v: { output: Uint8Array; sizes: number[] }) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private rr = 0;
  /** Batches in submission order; the first is being drained, the last may be filling. */
  private readonly queue: Batch[] = [];
  private readonly maxInFlight: number;
  private current?: { output: Uint8Array; sizes: number[]; lens: number[]; index: number; pos: number };
  /** Batch buffers back from the workers, reused: no allocation (nor garbage) per batch. */
  private readonly pool: Uint8Array[] = [];
  private failed?: Error;
  private closing = false;

  constructor(
    readonly format: CompressionFormat,
    readonly chunkSize: number,
    readonly threads: number,
    private readonly script: string,
    private readonly level?: number,
    /** Chunks per message to a worker. */
    private readonly batchChunks = BATCH_CHUNKS,
  ) {
    if (!host().workerThreads()) throw new Error('no worker threads on this host');
    this.maxInFlight = threads * 2;
  }

  /** Worker i, started on first use: a job of a few chunks starts one thread, not one per core. */
  private worker(i: number): WorkerT {
    if (i < this.workers.length) return this.workers[i];
    const w = new (host().workerThreads()!.Worker)(this.script);
    w.on('message', (m: { id: number; output?: ArrayBuffer; sizes?: number[]; error?: string }) => {
      const waiter = this.waiters.get(m.id);
      if (!waiter) return;
      this.waiters.delete(m.id);
      if (m.error || !m.output || !m.sizes) waiter.reject(new WimError(WimErrorCode.WriteFailed, `A compression thread failed: ${m.error}`));
      else waiter.resolve({ output: new Uint8Array(m.output), sizes: m.sizes });
    });
    w.on('error', (e: Error) => this.fail(new WimError(WimErrorCode.WriteFailed, `A compression thread failed: ${e.message}`, undefined, { cause: e })));
    w.on('exit', (code: number) => {
      if (!this.closing) this.fail(new WimError(WimErrorCode.WriteFailed, `A compression thread stopped (exit code ${code}).`));
    });
    this.workers.push(w);
    return w;
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const [, w] of this.waiters) w.reject(e);
    this.waiters.clear();
  }

  private sentCount(): number {
    let n = 0;
    for (const b of this.queue) if (b.sent) n++;
    return n;
  }

  private send(b: Batch): void {
    const id = this.nextId++;
    const w = this.worker(this.rr);
    this.rr = (this.rr + 1) % this.threads;
    b.sent = true;
    compressionStats.chunksCompressed += b.lens.length;
    b.result = new Promise((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    // Avoid an unhandled rejection before the consumer awaits it; the consumer sees the error when it does.
    b.result.catch(() => undefined);
    // The whole batch buffer is transferred; the worker reads only the bytes `lens` covers.
    const input = b.input.buffer as ArrayBuffer;
    w.postMessage({ id, format: this.format, chunkSize: this.chunkSize, level: this.level, input, lens: b.lens }, [input]);
  }

  submit(src: Uint8Array, off: number, len: number): boolean {
    if (this.failed) throw this.failed;
    if (len > this.chunkSize) throw new RangeError(`chunk of ${len} bytes exceeds chunk size ${this.chunkSize}`);
    let last = this.queue.length ? this.queue[this.queue.length - 1] : undefined;
    if (!last || last.sent) {
      if (this.sentCount() >= this.maxInFlight) return false;
      last = { input: this.pool.pop() ?? new Uint8Array(this.batchChunks * this.chunkSize), lens: [], fill: 0, sent: false };
      this.queue.push(last);
    }
    last.input.set(src.subarray(off, off + len), last.fill);
    last.fill += len;
    last.lens.push(len);
    if (last.lens.length === this.batchChunks) this.send(last);
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
    if (!head.sent) this.send(head);
    const r = await head.result!;
    this.queue.shift();
    // Keep the pipeline full: a partly filled batch waiting behind is sent once the window allows.
    this.current = { output: r.output, sizes: r.sizes, lens: head.lens, index: 0, pos: 0 };
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
 * A chunk compressor for the format: parallel over `threads` workers (default: one per core) when the host has
 * threads and the worker script exists, else serial.
 */
export function createChunkCompressor(
  format: CompressionFormat,
  chunkSize: number,
  opts: { threads?: number; level?: number; log?: (msg: string) => void } = {},
): ChunkCompressor {
  if (!loadCreateCompressor()) throw new WimError(WimErrorCode.InvalidCompressionType, `No compressor is available for compression format ${format}.`);
  const threads = opts.threads ?? host().cpuCount();
  if (threads > 1 && host().workerThreads()) {
    const script = workerScriptPath();
    if (script) return new ParallelChunkCompressor(format, chunkSize, threads, script, opts.level);
    opts.log?.('compression worker script not built (run npm run build); compressing in one thread');
  }
  return createSerialChunkCompressor(format, chunkSize, opts.level);
}
