/*
 * Hash-chain match finder for the fast (greedy/lazy) parsers. Positions are chained by a hash of their next four
 * bytes, so a chain walk mostly meets real candidates of length 4 or more; a one-entry table keyed by three bytes
 * supplies the length-3 candidate that the 4-byte chains cannot. A search walks the chain newest-first, up to a
 * depth limit, keeping the longest match. A word index (bytes p..p+3 as one integer) lets candidates be rejected
 * and matches extended four bytes per comparison. The WIM compresses each chunk independently, so positions are
 * chunk-relative and the tables are reset per chunk; all arrays are allocated once for the largest chunk.
 */

const HASH4_BITS = 15;
const HASH4_SHIFT = 32 - HASH4_BITS;
const HASH3_BITS = 14;
const HASH3_SHIFT = 32 - HASH3_BITS;

export class HashChainMatchFinder {
  private readonly head4 = new Int32Array(1 << HASH4_BITS);
  private readonly head3 = new Int32Array(1 << HASH3_BITS);
  private readonly prev: Int32Array;
  private readonly words: Int32Array;
  private end = 0;
  /** Offset of the match returned by the last longestMatch() that improved on its bestLen argument. */
  bestOffset = 0;

  /** maxOffset must reach across the largest chunk: every position of the chunk is then a candidate. */
  constructor(readonly maxSize: number, readonly maxOffset: number) {
    if (maxSize > maxOffset + 1) throw new RangeError(`hash chains need offsets up to ${maxSize - 1}`);
    this.prev = new Int32Array(maxSize);
    this.words = new Int32Array(maxSize + 4);
  }

  /** Forgets every position and indexes buf[0, n), the chunk every later call refers to. */
  reset(buf: Uint8Array, n: number): void {
    this.head4.fill(-1);
    this.head3.fill(-1);
    this.end = n;
    const words = this.words;
    // Bytes past the end read as zero in the last words; no comparison trusts them.
    let w = 0;
    for (let i = n - 1; i >= 0; i--) {
      w = (w << 8) | buf[i];
      words[i] = w;
    }
    words[n] = 0;
  }

  /** Links positions [from, to) (each needs pos + 3 <= end) into the tables without searching. */
  insertRange(from: number, to: number): void {
    const words = this.words;
    const head3 = this.head3;
    const head4 = this.head4;
    const prev = this.prev;
    // Positions with four bytes left go into both tables, the last ones only into the 3-byte table.
    const to4 = to <= this.end - 3 ? to : this.end - 3;
    let pos = from;
    for (; pos < to4; pos++) {
      const w = words[pos];
      head3[Math.imul(w & 0xffffff, 0x9e3779b1) >>> HASH3_SHIFT] = pos;
      const h = Math.imul(w, 0x9e3779b1) >>> HASH4_SHIFT;
      prev[pos] = head4[h];
      head4[h] = pos;
    }
    for (; pos < to; pos++) head3[Math.imul(words[pos] & 0xffffff, 0x9e3779b1) >>> HASH3_SHIFT] = pos;
  }

  /**
   * Links pos into the tables and returns the length of the longest match found for it that is longer than bestLen
   * (setting bestOffset), or bestLen when there is none. maxLen bounds the length (at most end - pos; pos + 3 <= end
   * is required); the search stops early at niceLen (at most maxLen) or after depth chain candidates.
   */
  longestMatch(pos: number, maxLen: number, niceLen: number, depth: number, bestLen: number): number {
    // Kept small enough for V8 to inline into the parser; the rare case near the end is a separate call.
    if (pos + 4 > this.end) return this.tailMatch(pos, maxLen, bestLen);
    const words = this.words;
    const head3 = this.head3;
    const head4 = this.head4;
    const prev = this.prev;
    const w = words[pos];
    const h3 = Math.imul(w & 0xffffff, 0x9e3779b1) >>> HASH3_SHIFT;
    const c3 = head3[h3];
    head3[h3] = pos;
    const h4 = Math.imul(w, 0x9e3779b1) >>> HASH4_SHIFT;
    let cand = head4[h4];
    prev[pos] = cand;
    head4[h4] = pos;
    if (bestLen >= maxLen) return bestLen;
    let bestOff = 0;
    if (bestLen < 3 && c3 >= 0 && ((words[c3] ^ w) & 0xffffff) === 0) {
      bestLen = 3;
      bestOff = pos - c3;
    }
    let tail = bestLen > 3 ? bestLen - 3 : 0;
    while (cand >= 0 && depth-- > 0) {
      // Quick reject: the four bytes ending where this candidate would beat bestLen, then the first four, must match.
      if (words[cand + tail] === words[pos + tail] && words[cand] === w) {
        // Four bytes at a time; the lowest differing byte of the first unequal words ends the match (words past
        // the end hold zeros, hence the clamp).
        let len = 4;
        let x = 0;
        while (len < maxLen) {
          x = words[cand + len] ^ words[pos + len];
          if (x !== 0) break;
          len += 4;
        }
        // (x === 0 only once len >= maxLen; the clamp then undoes the addition.)
        len += (31 - Math.clz32(x & -x)) >>> 3;
        if (len > maxLen) len = maxLen;
        if (len > bestLen) {
          bestLen = len;
          tail = len - 3;
          bestOff = pos - cand;
          if (len >= niceLen) break;
        }
      }
      cand = prev[cand];
    }
    if (bestOff !== 0) this.bestOffset = bestOff;
    return bestLen;
  }

  /** longestMatch for a position too close to the end for a 4-byte hash: only the 3-byte candidate. */
  private tailMatch(pos: number, maxLen: number, bestLen: number): number {
    const words = this.words;
    const w = words[pos];
    const h3 = Math.imul(w & 0xffffff, 0x9e3779b1) >>> HASH3_SHIFT;
    const c3 = this.head3[h3];
    this.head3[h3] = pos;
    if (bestLen < 3 && maxLen >= 3 && c3 >= 0 && ((words[c3] ^ w) & 0xffffff) === 0) {
      this.bestOffset = pos - c3;
      return 3;
    }
    return bestLen;
  }
}
