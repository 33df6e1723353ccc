/*
 * The binary-tree match finder run by its WebAssembly kernel (wasm/matchfinder-bt.ts), and the factory the parsers
 * call, which picks that kernel where it loads (wasm-loader.ts) and the TypeScript one otherwise. The kernel's linear
 * memory is laid out once, for the largest chunk, as one region per array the TypeScript finder has; the arrays the
 * parser reads (input, words, matches, start) are views of those regions, so a chunk crosses into WebAssembly by the
 * parser's one copy into input, and its matches come back without any.
 */
import { BinaryTreeMatchFinder, BT_HEADS_SIZE, INPUT_SLACK, type MatchFinder } from './matchfinder-bt';
import { ensureMemory, instantiateKernel, type WasmMemory } from './wasm-loader';

interface BtKernel {
  memory: WasmMemory;
  heapBase(): number;
  headsSize(): number;
  cacheMatches(buf: number, words: number, child: number, heads: number, maxOffset: number, n: number, maxMatch: number, niceLen: number, depth: number, matches: number, start: number, softLimit: number): void;
}

/** Region starts are rounded to cache lines. */
const align = (x: number): number => (x + 63) & ~63;

export class WasmBinaryTreeMatchFinder implements MatchFinder {
  readonly input: Uint8Array;
  readonly words: Int32Array;
  readonly matches: Int32Array;
  readonly start: Int32Array;
  private readonly kernelFns: BtKernel;
  private readonly inputAt: number;
  private readonly wordsAt: number;
  private readonly childAt: number;
  private readonly headsAt: number;
  private readonly matchesAt: number;
  private readonly startAt: number;

  constructor(k: BtKernel, readonly kernel: string, readonly maxSize: number, readonly maxOffset: number, cacheCap: number) {
    if (k.headsSize() !== BT_HEADS_SIZE) throw new Error('match finder kernel does not match its TypeScript layout');
    this.kernelFns = k;
    this.inputAt = align(k.heapBase());
    this.wordsAt = align(this.inputAt + maxSize + INPUT_SLACK);
    this.childAt = align(this.wordsAt + 4 * (maxSize + 4));
    this.headsAt = align(this.childAt + 8 * maxSize);
    this.matchesAt = align(this.headsAt + 4 * BT_HEADS_SIZE);
    this.startAt = align(this.matchesAt + 4 * cacheCap);
    ensureMemory(k.memory, this.startAt + 4 * (maxSize + 1));
    // The memory never grows again, so these views stay valid for the finder's life.
    const mem = k.memory.buffer;
    this.input = new Uint8Array(mem, this.inputAt, maxSize + INPUT_SLACK);
    this.words = new Int32Array(mem, this.wordsAt, maxSize + 4);
    this.matches = new Int32Array(mem, this.matchesAt, cacheCap);
    this.start = new Int32Array(mem, this.startAt, maxSize + 1);
  }

  cacheMatches(n: number, maxMatch: number, niceLen: number, depth: number, softLimit: number): void {
    this.kernelFns.cacheMatches(this.inputAt, this.wordsAt, this.childAt, this.headsAt, this.maxOffset, n, maxMatch, niceLen, depth, this.matchesAt, this.startAt, softLimit);
  }
}

/**
 * A binary-tree match finder for chunks up to maxSize bytes and offsets up to maxOffset, with room for cacheCap cached
 * matches: the WebAssembly kernel where it loads (WIMSH_CODECS, see wasm-loader.ts), else the TypeScript one.
 */
export function createBinaryTreeMatchFinder(maxSize: number, maxOffset: number, cacheCap: number): MatchFinder {
  if (maxSize > 0 && maxSize <= 1 << 21) {
    const inst = instantiateKernel('matchfinder-bt');
    if (inst) return new WasmBinaryTreeMatchFinder(inst.exports as unknown as BtKernel, inst.simd ? 'wasm-simd' : 'wasm', maxSize, maxOffset, cacheCap);
  }
  return new BinaryTreeMatchFinder(maxSize, maxOffset, cacheCap);
}
