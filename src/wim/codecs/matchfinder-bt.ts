/*
 * Binary-tree match finder for the near-optimal parsers. Every position of the chunk is inserted into a binary
 * search tree (one per 3-byte hash bucket) ordered by the bytes that follow it; a search descends from the newest
 * position, and because the tree is re-rooted at the position being inserted, each step learns how many leading
 * bytes the remaining candidates share with it, so one descent reports the match of every length it can improve
 * (increasing lengths, each at the smallest offset that reaches it), which is what a cost-based parser needs. A small
 * 2-byte hash table adds the nearest length-2 match. Positions are chunk-relative and the tables are reset per
 * chunk (WIM chunks are independent); all arrays are allocated once for the largest chunk.
 */

const HASH3_BITS = 15;
const HASH3_SHIFT = 32 - HASH3_BITS;
const HASH2_BITS = 12;
const HASH2_SHIFT = 32 - HASH2_BITS;

export class BinaryTreeMatchFinder {
  private readonly head3 = new Int32Array(1 << HASH3_BITS);
  private readonly head2 = new Int32Array(1 << HASH2_BITS);
  /** words[p] = bytes p..p+3 (little-endian), so matches extend four bytes per comparison (also for the parser). */
  readonly words: Int32Array;
  /** child[2p] roots the subtree of suffixes less than position p's, child[2p + 1] the greater ones. */
  private readonly child: Int32Array;
  private readonly scratchLens = new Uint16Array(300);
  private readonly scratchOffs = new Uint32Array(300);

  constructor(readonly maxSize: number, readonly maxOffset: number) {
    this.child = new Int32Array(2 * maxSize);
    this.words = new Int32Array(maxSize + 4);
  }

  /** Forgets every position and indexes buf[0, n) (the same buffer must then be passed to every call). */
  reset(buf: Uint8Array, n: number): void {
    this.head3.fill(-1);
    this.head2.fill(-1);
    const words = this.words;
    // Bytes past the end read as zero in the last words; comparisons never reach them (they stop at maxLen).
    let w = 0;
    for (let i = n - 1; i >= 0; i--) {
      w = (w << 8) | buf[i];
      words[i] = w;
    }
    words[n] = 0;
  }

  /**
   * Inserts position pos and appends its matches to lens/offs from index out, shortest first, each longer than the
   * one before; returns the new end index. Requires pos + 3 <= end of data and 3 <= maxLen <= end - pos. Stops at
   * the first match of niceLen bytes (its length is the last one reported) or after depth tree nodes.
   */
  findMatches(buf: Uint8Array, pos: number, maxLen: number, niceLen: number, depth: number, lens: Uint16Array, offs: Uint32Array, out: number): number {
    const child = this.child;
    const words = this.words;
    const w = words[pos];
    let lowest = pos - this.maxOffset;
    if (lowest < 0) lowest = 0;
    if (niceLen > maxLen) niceLen = maxLen;
    const maxLen4 = maxLen - 4;

    const h2 = Math.imul(w & 0xffff, 0x9e3779b1) >>> HASH2_SHIFT;
    const c2 = this.head2[h2];
    this.head2[h2] = pos;
    let bestLen = 1;
    if (c2 >= lowest && ((words[c2] ^ w) & 0xffff) === 0) {
      lens[out] = 2;
      offs[out++] = pos - c2;
      bestLen = 2;
    }

    const h3 = Math.imul(w & 0xffffff, 0x9e3779b1) >>> HASH3_SHIFT;
    let cur = this.head3[h3];
    this.head3[h3] = pos;
    let pendingLt = 2 * pos;
    let pendingGt = pendingLt + 1;
    let ltLen = 0;
    let gtLen = 0;
    while (cur >= lowest && depth-- > 0) {
      let len = ltLen < gtLen ? ltLen : gtLen;
      let a = buf[cur + len];
      let b = buf[pos + len];
      if (a === b) {
        len++;
        while (len <= maxLen4 && words[cur + len] === words[pos + len]) len += 4;
        while (len < maxLen && buf[cur + len] === buf[pos + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          lens[out] = len;
          offs[out++] = pos - cur;
        }
        if (len >= niceLen) {
          // Replace cur by pos in the tree: pos inherits cur's subtrees.
          child[pendingLt] = child[2 * cur];
          child[pendingGt] = child[2 * cur + 1];
          return out;
        }
        a = buf[cur + len];
        b = buf[pos + len];
      }
      if (a < b) {
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
    child[pendingLt] = -1;
    child[pendingGt] = -1;
    return out;
  }

  /** Inserts position pos without reporting matches (for the bytes inside a match the parser already chose). */
  skip(buf: Uint8Array, pos: number, maxLen: number, niceLen: number, depth: number): void {
    // Matching past niceLen cannot change where pos goes in the tree (equal to niceLen counts as equal).
    this.findMatches(buf, pos, maxLen < niceLen ? maxLen : niceLen, niceLen, depth, this.scratchLens, this.scratchOffs, 0);
  }
}
