/*
 * Hash-chain match finder for the fast (greedy/lazy) parsers: every position of the chunk is linked into a chain of
 * earlier positions whose next three bytes hash alike, and a search walks that chain newest-first, up to a depth
 * limit, keeping the longest match. The WIM compresses each chunk independently, so positions are chunk-relative
 * and the tables are reset per chunk; all arrays are allocated once for the largest chunk.
 */

const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_SHIFT = 32 - HASH_BITS;

export class HashChainMatchFinder {
  private readonly head = new Int32Array(HASH_SIZE);
  private readonly prev: Int32Array;
  /** Offset of the match returned by the last longestMatch() that improved on its bestLen argument. */
  bestOffset = 0;

  constructor(readonly maxSize: number, readonly maxOffset: number) {
    this.prev = new Int32Array(maxSize);
  }

  /** Forgets every position (call once per chunk). */
  reset(): void {
    this.head.fill(-1);
  }

  /** Links position pos (which needs pos + 3 <= end) into its chain without searching. */
  insert(buf: Uint8Array, pos: number): void {
    const h = Math.imul(buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16), 0x9e3779b1) >>> HASH_SHIFT;
    this.prev[pos] = this.head[h];
    this.head[h] = pos;
  }

  /**
   * Links pos into its chain and returns the length of the longest match found for it that is longer than bestLen
   * (setting bestOffset), or bestLen when there is none. maxLen bounds the length (at most end - pos, and pos + 3
   * <= end is required); the search stops early at niceLen or after depth candidates.
   */
  longestMatch(buf: Uint8Array, pos: number, maxLen: number, niceLen: number, depth: number, bestLen: number): number {
    const prev = this.prev;
    const h = Math.imul(buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16), 0x9e3779b1) >>> HASH_SHIFT;
    let cand = this.head[h];
    prev[pos] = cand;
    this.head[h] = pos;
    if (bestLen >= maxLen) return bestLen;
    const minPos = pos - this.maxOffset;
    if (niceLen > maxLen) niceLen = maxLen;
    while (cand >= minPos && cand >= 0 && depth-- > 0) {
      // Quick reject: the byte that would make this candidate better must match, and so must the first.
      if (buf[cand + bestLen] === buf[pos + bestLen] && buf[cand] === buf[pos]) {
        let len = 1;
        while (len < maxLen && buf[cand + len] === buf[pos + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          this.bestOffset = pos - cand;
          if (len >= niceLen) break;
        }
      }
      cand = prev[cand];
    }
    return bestLen;
  }
}
