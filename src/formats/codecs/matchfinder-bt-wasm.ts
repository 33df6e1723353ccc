/*
 * The binary-tree match finder run by its WebAssembly kernel (wasm/matchfinder-bt.ts), and the factory the parsers
 * call, which picks that kernel where it loads (wasm-loader.ts) and the TypeScript one otherwise. The kernel's linear
 * memory is laid out once, for the largest chunk, as one region per array the TypeScript finder has; the arrays the
 * parser reads (input, words, matches, start) are views of those regions, so a chunk crosses into WebAssembly by the
 * parser's one copy into input, and its matches come back without any.
 */
import { BinaryTreeMatchFinder, BT_HEADS_SIZE, INPUT_SLACK, type MatchFinder } from './matchfinder-bt';
import { instantiateKernel, WasmArena, type WasmMemory } from './wasm-loader';

export interface BtKernel {
  memory: WasmMemory;
  heapBase(): number;
  headsSize(): number;
  cacheMatches(buf: number, words: number, child: number, heads: number, maxOffset: number, n: number, maxMatch: number, niceLen: number, depth: number, matches: number, start: number, softLimit: number): void;
}

/**
 * The finder over a kernel instance (the standalone module, or a compressor's, which exports the same function): its
 * regions are reserved in the instance's arena by the constructor, and the views made by attach() once the arena is
 * committed (so that a compressor can reserve its own regions in the same memory first).
 */
export class WasmBinaryTreeMatchFinder implements MatchFinder {
  input: Uint8Array = new Uint8Array(0);
  words: Int32Array = new Int32Array(0);
  matches: Int32Array = new Int32Array(0);
  start: Int32Array = new Int32Array(0);
  readonly inputAt: number;
  readonly wordsAt: number;
  readonly matchesAt: number;
  readonly startAt: number;
  private readonly childAt: number;
  private readonly headsAt: number;

  /**
   * withWords: fill `words` for a TypeScript parser; false where the parser is WebAssembly too (the LZX kernel's), which
   * reads the chunk bytes instead, and words is then left unfilled.
   */
  constructor(private readonly k: BtKernel, readonly kernel: string, readonly maxSize: number, readonly maxOffset: number, private readonly cacheCap: number, arena: WasmArena, private readonly withWords = true) {
    if (k.headsSize() !== BT_HEADS_SIZE) throw new Error('match finder kernel does not match its TypeScript layout');
    this.inputAt = arena.reserve(maxSize + INPUT_SLACK);
    this.wordsAt = arena.reserve(4 * (maxSize + 4));
    this.childAt = arena.reserve(8 * maxSize);
    this.headsAt = arena.reserve(4 * BT_HEADS_SIZE);
    this.matchesAt = arena.reserve(4 * cacheCap);
    this.startAt = arena.reserve(4 * (maxSize + 1));
  }

  /** Makes the views, once the arena's memory holds every region. */
  attach(mem: ArrayBuffer): this {
    this.input = new Uint8Array(mem, this.inputAt, this.maxSize + INPUT_SLACK);
    this.words = new Int32Array(mem, this.wordsAt, this.maxSize + 4);
    this.matches = new Int32Array(mem, this.matchesAt, this.cacheCap);
    this.start = new Int32Array(mem, this.startAt, this.maxSize + 1);
    return this;
  }

  cacheMatches(n: number, maxMatch: number, niceLen: number, depth: number, softLimit: number): void {
    this.k.cacheMatches(this.inputAt, this.withWords ? this.wordsAt : 0, this.childAt, this.headsAt, this.maxOffset, n, maxMatch, niceLen, depth, this.matchesAt, this.startAt, softLimit);
  }
}

/**
 * A binary-tree match finder for chunks up to maxSize bytes and offsets up to maxOffset, with room for cacheCap cached
 * matches: the WebAssembly kernel where it loads (WIMSH_CODECS, see wasm-loader.ts), else the TypeScript one.
 */
export function createBinaryTreeMatchFinder(maxSize: number, maxOffset: number, cacheCap: number): MatchFinder {
  if (maxSize > 0 && maxSize <= 1 << 21) {
    const inst = instantiateKernel('matchfinder-bt');
    if (inst) {
      const k = inst.exports as unknown as BtKernel;
      const arena = new WasmArena(k.memory, k.heapBase());
      const mf = new WasmBinaryTreeMatchFinder(k, inst.simd ? 'wasm-simd' : 'wasm', maxSize, maxOffset, cacheCap, arena);
      return mf.attach(arena.commit());
    }
  }
  return new BinaryTreeMatchFinder(maxSize, maxOffset, cacheCap);
}
