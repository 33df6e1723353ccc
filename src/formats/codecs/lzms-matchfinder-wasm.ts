/*
 * The LZMS compressor's match finder behind one interface, run by its WebAssembly kernel (wasm/lzms-matchfinder.ts)
 * where that loads (wasm-loader.ts, WIMSH_CODECS) and by the TypeScript finder (lzms-matchfinder.ts) otherwise; both
 * report the same matches. The finder owns the chunk buffer the compressor filters and parses, and the match list it
 * writes: with the kernel these are views of its linear memory, so a position crosses into WebAssembly as a few
 * integers and its matches come back without a copy.
 */
import { LZMS_HEADS_SIZE, LzmsMatchFinder, lzmsFinderWindow } from './lzms-matchfinder';
import { instantiateKernel, WasmArena, type WasmMemory } from './wasm-loader';

/** Bytes readable past a chunk in `buf` (zeros the compressor writes; the kernel's 8-byte loads may reach them). */
export const LZMS_BUF_SLACK = 8;

export interface LzmsFinder {
  /** 'ts', 'wasm' or 'wasm-simd': which kernel runs. */
  readonly kernel: string;
  /** The chunk (maxChunkSize + LZMS_BUF_SLACK bytes), filled by the compressor before reset(). */
  readonly buf: Uint8Array;
  /** The matches of the last find(): lengths (increasing) and offsets. */
  readonly mLen: Int32Array;
  readonly mOff: Int32Array;
  /** Forgets every position (chunks are independent). */
  reset(): void;
  /** LzmsMatchFinder.find over buf, into mLen/mOff when `want` (else only inserts p); returns the matches' count. */
  find(p: number, n: number, nice: number, depth: number, want: boolean): number;
}

/** The TypeScript finder with its own buffer and lists. */
class TsLzmsFinder implements LzmsFinder {
  readonly kernel = 'ts';
  readonly buf: Uint8Array;
  readonly mLen: Int32Array;
  readonly mOff: Int32Array;
  private readonly mf: LzmsMatchFinder;

  constructor(maxChunkSize: number, maxMatches: number, maxWindow?: number) {
    this.buf = new Uint8Array(maxChunkSize + LZMS_BUF_SLACK);
    this.mLen = new Int32Array(maxMatches);
    this.mOff = new Int32Array(maxMatches);
    this.mf = new LzmsMatchFinder(maxChunkSize, maxWindow);
  }

  reset(): void {
    this.mf.reset();
  }

  find(p: number, n: number, nice: number, depth: number, want: boolean): number {
    return this.mf.find(this.buf, p, n, nice, depth, want ? this.mLen : null, this.mOff);
  }
}

interface LzmsFinderKernel {
  memory: WasmMemory;
  heapBase(): number;
  headsSize(): number;
  setup(buf: number, child: number, heads: number, lens: number, offs: number, capacity: number, window: number): void;
  reset(): void;
  find(p: number, n: number, nice: number, depth: number, want: number): number;
}

/** The kernel's finder: one instance (one linear memory, sized once) per compressor. */
class WasmLzmsFinder implements LzmsFinder {
  readonly buf: Uint8Array;
  readonly mLen: Int32Array;
  readonly mOff: Int32Array;

  constructor(private readonly k: LzmsFinderKernel, readonly kernel: string, maxChunkSize: number, maxMatches: number, window: number) {
    if (k.headsSize() !== LZMS_HEADS_SIZE) throw new Error('LZMS match finder kernel does not match its TypeScript layout');
    const headsBytes = 4 * LZMS_HEADS_SIZE;
    const arena = new WasmArena(k.memory, k.heapBase());
    const bufAt = arena.reserve(maxChunkSize + LZMS_BUF_SLACK);
    const childAt = arena.reserve(8 * window);
    const headsAt = arena.reserve(headsBytes);
    const lensAt = arena.reserve(4 * maxMatches);
    const offsAt = arena.reserve(4 * maxMatches);
    const mem = arena.commit();
    this.buf = new Uint8Array(mem, bufAt, maxChunkSize + LZMS_BUF_SLACK);
    this.mLen = new Int32Array(mem, lensAt, maxMatches);
    this.mOff = new Int32Array(mem, offsAt, maxMatches);
    k.setup(bufAt, childAt, headsAt, lensAt, offsAt, maxMatches, window);
  }

  reset(): void {
    this.k.reset();
  }

  find(p: number, n: number, nice: number, depth: number, want: boolean): number {
    return this.k.find(p, n, nice, depth, want ? 1 : 0);
  }
}

/**
 * The finder for chunks up to maxChunkSize bytes with room for maxMatches matches a position: the WebAssembly kernel
 * where it loads, else the TypeScript one. `maxWindow` (a power of two) lowers the window, for tests of its wrapping.
 */
export function createLzmsMatchFinder(maxChunkSize: number, maxMatches: number, maxWindow?: number): LzmsFinder {
  const inst = instantiateKernel('lzms-matchfinder');
  if (inst) {
    try {
      return new WasmLzmsFinder(inst.exports as unknown as LzmsFinderKernel, inst.simd ? 'wasm-simd' : 'wasm', maxChunkSize, maxMatches, lzmsFinderWindow(maxChunkSize, maxWindow));
    } catch (e) {
      // The memory could not grow to the chunk's size (a runtime with a smaller limit): the TypeScript finder.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return new TsLzmsFinder(maxChunkSize, maxMatches, maxWindow);
}
