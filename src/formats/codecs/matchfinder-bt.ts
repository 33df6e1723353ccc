/*
 * Binary-tree match finder for the near-optimal parsers. Every position of the chunk is inserted into a binary
 * search tree (one per 4-byte hash bucket) ordered by the bytes that follow it; a search descends from the newest
 * position, and because the tree is re-rooted at the position being inserted, each step learns how many leading
 * bytes the remaining candidates share with it, so one descent reports the match of every length it can improve
 * (increasing lengths, each at the smallest offset that reaches it), which is what a cost-based parser needs. Keying
 * the trees by four bytes keeps them small (three-byte trees of text are deep and mostly useless); a table indexed by
 * two bytes and a two-way three-byte hash table add the nearest length-2 and length-3 matches, which four-byte trees
 * cannot supply (length-2 matches are worth about 1% in LZX). Positions are chunk-relative and the tables are reset
 * per chunk (WIM chunks are independent); all arrays are allocated once for the largest chunk.
 */

const HASH4_BITS = 16;
const HASH4_SHIFT = 32 - HASH4_BITS;
const HASH3_BITS = 15;
/**
 * The three-byte table is keyed by a bijection of the three bytes (an odd multiplier modulo 2^24): its top HASH3_BITS
 * bits pick the bucket and its other TAG3_BITS bits are stored above the position, so that bucket and tag together
 * identify the bytes and a candidate is verified without loading the bytes at its position. Positions take POS_BITS
 * bits (chunks up to 2 MiB, LZX's largest), which keeps tagged entries positive; an empty entry (-1) matches no tag.
 */
const TAG3_BITS = 24 - HASH3_BITS;
const POS_BITS = 21;
const HASH3_MUL = 0x3779b1;
const TAG3_MASK = (1 << TAG3_BITS) - 1;
const POS_LIMIT = 1 << POS_BITS;
/** A cached match: length (up to 257) in the low bits, offset above (below 2^21, so the entry stays positive). */
export const MATCH_OFFSET_SHIFT = 9;
export const MATCH_LEN_MASK = (1 << MATCH_OFFSET_SHIFT) - 1;
/** Where each hash table starts in the shared array (see heads). */
const HEAD4 = 0;
const HEAD3 = HEAD4 + (1 << HASH4_BITS);
const HEAD2 = HEAD3 + (2 << HASH3_BITS);
const HEADS_SIZE = HEAD2 + (1 << 16);

/** Room past the chunk in a finder's input: the WebAssembly finder reads up to 16 bytes beyond a match (wasm/). */
export const INPUT_SLACK = 16;
/** HEADS_SIZE for the WebAssembly finder's layout (wasm-kernels.ts checks that its module agrees). */
export const BT_HEADS_SIZE = HEADS_SIZE;

/**
 * What the parsers use of a binary-tree match finder, whichever kernel runs it (this file's, or the WebAssembly one of
 * matchfinder-bt-wasm.ts, whose arrays are views of its linear memory): the chunk is copied into input once, and the
 * parser reads the cached matches and words where the finder left them (no copies across the boundary).
 */
export interface MatchFinder {
  /** The chunk goes in input[0, n) (maxSize + INPUT_SLACK bytes; the finder may overwrite the bytes past n). */
  readonly input: Uint8Array;
  /** words[p] = bytes p..p+3 (little-endian) for p <= n after cacheMatches, so matches extend four bytes per comparison. */
  readonly words: Int32Array;
  /** The match cache (cacheCap entries) and each position's first entry in it (maxSize + 1 entries). */
  readonly matches: Int32Array;
  readonly start: Int32Array;
  /** Which kernel runs: 'ts', 'wasm' or 'wasm-simd' (tests and measurement). */
  readonly kernel: string;
  /**
   * Indexes input[0, n) and caches the matches of every position: those of position p are matches[start[p],
   * start[p + 1]), lengths increasing, each at the smallest offset that reaches it, up to maxMatch bytes; an entry is
   * length | offset << MATCH_OFFSET_SHIFT (one array: one store per match here, one load and one array's checks per
   * match in the parser). Positions covered by a match of niceLen bytes are only inserted into the trees (no matches
   * cached), and not even that inside a match of maxMatch bytes. Past softLimit cached matches only the longest of
   * each position is kept; the cache needs room for softLimit + n + maxMatch + 2 entries.
   */
  cacheMatches(n: number, maxMatch: number, niceLen: number, depth: number, softLimit: number): void;
}

/** The TypeScript kernel: the reference the WebAssembly one is tested against, and the fallback where it cannot run. */
export class BinaryTreeMatchFinder implements MatchFinder {
  readonly kernel = 'ts';
  /**
   * The three hash tables in one array (one array's checks per access in the loop, not three): from HEAD4 the roots
   * of the four-byte trees; from HEAD3 two entries per three-byte bucket, the newest position with that hash, then the
   * one before; from HEAD2 the newest position of each two-byte value, indexed by the bytes themselves (every hit is
   * a match, and none is lost to a collision).
   */
  private readonly heads = new Int32Array(HEADS_SIZE);
  readonly input: Uint8Array;
  readonly words: Int32Array;
  /** child[2p] roots the subtree of suffixes less than position p's, child[2p + 1] the greater ones. */
  private readonly child: Int32Array;
  readonly matches: Int32Array;
  readonly start: Int32Array;

  constructor(readonly maxSize: number, readonly maxOffset: number, cacheCap: number) {
    if (maxSize > 1 << POS_BITS) throw new RangeError(`match finder size ${maxSize} exceeds ${1 << POS_BITS}`);
    this.input = new Uint8Array(maxSize + INPUT_SLACK);
    this.child = new Int32Array(2 * maxSize);
    this.words = new Int32Array(maxSize + 4);
    this.matches = new Int32Array(cacheCap);
    this.start = new Int32Array(maxSize + 1);
  }

  /** One loop over the chunk with the search inline: a call per position costs V8 more than it does C. */
  cacheMatches(n: number, maxMatch: number, niceLen: number, depth: number, softLimit: number): void {
    this.heads.fill(-1);
    fillWords(this.words, this.input, n);
    cacheAllMatches(this.words, this.child, this.heads, this.maxOffset, n, maxMatch, niceLen, depth, this.matches, this.start, softLimit);
  }
}

/**
 * words[i] = bytes i..i+3 for i <= n; bytes past the end read as zero in the last words (comparisons never reach them:
 * they stop at maxLen). A function that is only its loop, which also writes words[n], for the reason given below.
 */
function fillWords(words: Int32Array, buf: Uint8Array, n: number): void {
  let w = 0;
  for (let i = n; i >= 0; i--) {
    w = i < n ? (w << 8) | buf[i] : 0;
    words[i] = w;
  }
}

/**
 * The loop of cacheMatches, a function of its own whose body is nothing but the loop. V8 allocates a function's type
 * feedback only after it has run a while, so on the first call (a whole chunk) everything before the loop runs
 * unrecorded; the optimizing compile, which starts during that call, then plants a deopt there, the next call takes
 * it, and from then on each call runs its prologue in the interpreter and its loop in the on-stack-replacement code
 * (loop variables boxed, about 10% slower), which is never replaced. Here the state arrives as parameters and every
 * variable starts from a literal, which need no feedback; the first iteration (pos = -1) only loads position 0's
 * hash entries. Module constants are copied to locals once: in the loop each use would reload and hole-check them.
 */
function cacheAllMatches(words: Int32Array, child: Int32Array, heads: Int32Array, maxOffset: number, n: number, maxMatch: number, niceLen: number, depth: number, matches: Int32Array, start: Int32Array, softLimit: number): void {
  const hash3Mul = HASH3_MUL;
  const tagBits = TAG3_BITS;
  const posBits = POS_BITS;
  const hash4Shift = HASH4_SHIFT;
  const tagMask = TAG3_MASK;
  const posLimit = POS_LIMIT;
  const offShift = MATCH_OFFSET_SHIFT;
  const lenMask = MATCH_LEN_MASK;
  const head2 = HEAD2;
  const head3 = HEAD3;
  const head4 = HEAD4;
  let out = 0;
  let skipTo = 0; // positions below this lie inside a nice match: inserted, their matches discarded
  let skipLen = 0; // the length of that match
  // The hash-table loads of each position are issued one position ahead, right after the current position has
  // been inserted (so they see it), and before its tree descent: their cache misses then overlap the descent
  // instead of waiting behind its mispredicted branches.
  let w = 0;
  let h2 = 0;
  let k3 = 0;
  let h3 = 0;
  let tag3 = 0;
  let h4 = 0;
  let c2 = 0;
  let c3 = 0;
  let c3b = 0;
  let c4 = 0;
  // Set in the first part of an iteration, used after the next position's loads.
  let maxLen = 0;
  let skipping = false;
  let nice = 0;
  let lowest = 0;
  let treeToo = false;
  let p2 = 0;
  let p3 = 0;
  let p3b = 0;
  let cur = 0;
  // The first iteration (pos = -1) only loads position 0's entries, through the same code as every other position
  // (code of its own would run unrecorded on the first call, like a prologue). The loop also writes start[n]: a store
  // after it would likewise run unrecorded.
  for (let pos = -1; ; pos++) {
    if (pos >= 0) {
      start[pos] = out;
      if (pos === n) break;
      maxLen = n - pos;
      if (maxLen < 3) continue;
      if (maxLen > maxMatch) maxLen = maxMatch;
      // Inside a nice match only the tree is kept up to date: extending past niceLen there would learn nothing.
      skipping = pos < skipTo;
      if (skipping && maxLen > niceLen) maxLen = niceLen;
      nice = niceLen < maxLen ? niceLen : maxLen;
      lowest = pos > maxOffset ? pos - maxOffset : 0;
      // Inside a match of the greatest length (runs, long repeats) the trees are not even updated: what these
      // positions would offer later, their earlier copy offers too, and such data compresses well regardless.
      treeToo = !skipping || skipLen < maxMatch;
      heads[h2] = pos;
      heads[h3 + 1] = c3;
      heads[h3] = pos | tag3;
      if (treeToo) heads[h4] = pos;
      p2 = c2;
      // With equal tags, entry ^ tag is the position; otherwise it is negative or at least 2^POS_BITS.
      p3 = c3 ^ tag3;
      p3b = c3b ^ tag3;
      cur = c4;
    }
    // Past the end the word holds zero bytes; such positions get a bucket of their own, and no comparison below
    // reads beyond maxLen, so they stay correct.
    w = words[pos + 1];
    h2 = head2 + (w & 0xffff);
    k3 = Math.imul(w, hash3Mul) & 0xffffff;
    h3 = head3 + ((k3 >>> tagBits) << 1);
    tag3 = (k3 & tagMask) << posBits;
    h4 = head4 + (Math.imul(w, 0x9e3779b1) >>> hash4Shift);
    c2 = heads[h2];
    c3 = heads[h3];
    c3b = heads[h3 + 1];
    c4 = heads[h4];
    if (pos < 0) continue;

    let o = out;
    let bestLen = 1;
    if (!skipping) {
      if (p2 >= lowest) {
        matches[o++] = 2 | ((pos - p2) << offShift);
        bestLen = 2;
      }
      if (p3 >= lowest && p3 < posLimit) {
        matches[o++] = 3 | ((pos - p3) << offShift);
        bestLen = 3;
      } else if (p3b >= lowest && p3b < posLimit) {
        matches[o++] = 3 | ((pos - p3b) << offShift);
        bestLen = 3;
      }
    } else if (!treeToo) {
      continue;
    }

    let pendingLt = 2 * pos;
    let pendingGt = pendingLt + 1;
    let ltLen = 0;
    let gtLen = 0;
    let d = depth;
    for (;;) {
      if (cur < lowest || d-- <= 0) {
        child[pendingLt] = -1;
        child[pendingGt] = -1;
        break;
      }
      // Extend from the bytes known equal, four at a time; the lowest differing byte of the first unequal words
      // ends the match. Words past the end hold zeros, so a length beyond maxLen is clamped to it.
      let len = ltLen < gtLen ? ltLen : gtLen;
      let a = words[cur + len];
      let b = words[pos + len];
      let x = a ^ b;
      while (x === 0) {
        len += 4;
        if (len >= maxLen) break;
        a = words[cur + len];
        b = words[pos + len];
        x = a ^ b;
      }
      // sh: bit offset of the first differing byte within a and b (kept for the ordering test below).
      let sh = 0;
      if (x !== 0) {
        sh = (31 - Math.clz32(x & -x)) & 24;
        len += sh >>> 3;
      }
      if (len >= nice) {
        // Words past the end hold zeros, so the length may overshoot maxLen (>= nice) here, and only here.
        if (len > maxLen) len = maxLen;
        if (len > bestLen) {
          bestLen = len;
          matches[o++] = len | ((pos - cur) << offShift);
        }
        // Replace cur by pos in the tree: pos inherits cur's subtrees.
        child[pendingLt] = child[2 * cur];
        child[pendingGt] = child[2 * cur + 1];
        break;
      }
      if (len > bestLen) {
        bestLen = len;
        matches[o++] = len | ((pos - cur) << offShift);
      }
      // Here the match ended before maxLen (else it reached nice), so x is nonzero and byte sh / 8 of the words
      // is the first that differs: ordering by it spares two byte loads from buf.
      if (((a >>> sh) & 0xff) < ((b >>> sh) & 0xff)) {
        child[pendingLt] = cur;
        pendingLt = 2 * cur + 1;
        cur = child[pendingLt];
        ltLen = len;
      } else {
        child[pendingGt] = cur;
        pendingGt = 2 * cur;
        cur = child[pendingGt];
        gtLen = len;
      }
    }

    if (skipping) continue;
    if (out > softLimit && o > out + 1) {
      matches[out] = matches[o - 1];
      o = out + 1;
    }
    if (o > out && (matches[o - 1] & lenMask) >= niceLen) {
      skipLen = matches[o - 1] & lenMask;
      skipTo = pos + skipLen;
    }
    out = o;
  }
}
