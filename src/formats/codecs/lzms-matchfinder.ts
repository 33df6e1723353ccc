/*
 * Binary-tree match finder for the LZMS compressor, over a whole chunk of up to 64 MiB (a solid resource's chunk).
 *
 * Every position is inserted into a binary search tree (one per hash bucket of its first four bytes) ordered by the
 * bytes that follow it; the tree is re-rooted at each new position, so one descent from the root both inserts the
 * position and visits candidates in order of growing common prefix, reporting a match each time a longer one
 * appears (lengths increasing, each at the nearest position that reaches it): what a cost-based parser wants. Unlike
 * hash chains, the descent does not walk every earlier copy of a common prefix: it goes straight towards the
 * candidates that share the most bytes, so long matches far back are found with a small depth.
 *
 * Memory: two child links (4 bytes each) per position of a window of at most MAX_WINDOW positions, indexed modulo the
 * window; a node whose position fell out of the window reads as absent (its position is below the lowest allowed),
 * as the cyclic trees of LZMA's finders do. The heads of the four-byte trees and a table of the newest position of
 * each three-byte hash (for length-3 matches, which four-byte trees cannot give) are small beside it.
 *
 * Comparisons stop at `nice` bytes: a candidate sharing that many replaces itself by the new position in the tree
 * (the new one inherits its subtrees), as wimlib's and LZMA's binary-tree finders do; the caller extends a nice match
 * itself. In the last `nice` positions of the chunk the trees are only read (lengths compared from zero), never
 * written: there the prefix a node shares with its subtree cannot be bounded by bytes that exist.
 */

/** Positions of child links kept at most (8 bytes each: 256 MiB for a 64 MiB chunk). */
export const MAX_WINDOW = 1 << 25;
const HASH4_BITS = 20;
const HASH4_SHIFT = 32 - HASH4_BITS;
const HASH3_BITS = 16;
const HASH3_SHIFT = 32 - HASH3_BITS;
/** Length-2 and length-3 matches further back than these cost more than the literals: not reported. */
const MAX_LEN2_OFFSET = 1 << 12;
const MAX_LEN3_OFFSET = 1 << 16;

/** Bytes a finder for chunks of `chunkSize` bytes holds. */
export function lzmsMatchFinderBytes(chunkSize: number): number {
  return 8 * windowFor(chunkSize) + 4 * (1 << HASH4_BITS) + 4 * (1 << HASH3_BITS) + 4 * (1 << 16);
}

function windowFor(chunkSize: number): number {
  return Math.min(MAX_WINDOW, 1 << Math.ceil(Math.log2(Math.max(2, chunkSize))));
}

/** The window (positions of child links) a finder for chunks of maxChunkSize bytes keeps, lowered to maxWindow. */
export function lzmsFinderWindow(maxChunkSize: number, maxWindow = MAX_WINDOW): number {
  return Math.min(windowFor(maxChunkSize), maxWindow);
}

/** The i32 entries of the three hash tables together (the WebAssembly kernel lays them out as one region). */
export const LZMS_HEADS_SIZE = (1 << HASH4_BITS) + (1 << HASH3_BITS) + (1 << 16);

export class LzmsMatchFinder {
  private readonly heads = new Int32Array(1 << HASH4_BITS);
  private readonly heads3 = new Int32Array(1 << HASH3_BITS);
  /** The newest position of each two-byte value, indexed by the bytes (no collisions). */
  private readonly heads2 = new Int32Array(1 << 16);
  /** child[2 (p mod window)] roots the subtree of suffixes less than p's, child[2 (p mod window) + 1] the greater. */
  private readonly child: Int32Array;
  private readonly mask: number;
  private readonly window: number;

  /** `maxWindow` (a power of two) lowers the window below MAX_WINDOW: for tests of its wrapping. */
  constructor(maxChunkSize: number, maxWindow = MAX_WINDOW) {
    this.window = lzmsFinderWindow(maxChunkSize, maxWindow);
    this.mask = this.window - 1;
    this.child = new Int32Array(2 * this.window);
  }

  /** Forgets every position (chunks are independent). */
  reset(): void {
    this.heads.fill(-1);
    this.heads3.fill(-1);
    this.heads2.fill(-1);
  }

  /**
   * Inserts position p of buf[0, n) (buf readable to n + 4) and, when `mLen` is given, writes its matches into
   * mLen/mOff (lengths increasing from 2, at most `nice` long; at most mLen.length of them) and returns how many.
   * `depth` bounds the candidates visited. Positions must be inserted in increasing order; any may be left out.
   */
  find(buf: Uint8Array, p: number, n: number, nice: number, depth: number, mLen: Int32Array | null, mOff: Int32Array): number {
    const remaining = n - p;
    if (remaining < 4) return 0;
    const b0 = buf[p];
    const b1 = buf[p + 1];
    const b2 = buf[p + 2];
    const w2 = b0 | (b1 << 8);
    const c2 = this.heads2[w2];
    this.heads2[w2] = p;
    const w3 = w2 | (b2 << 16);
    const h3 = Math.imul(w3, 0x1e35a7bd) >>> HASH3_SHIFT;
    const c3 = this.heads3[h3];
    this.heads3[h3] = p;
    const h4 = Math.imul(w3 | (buf[p + 3] << 24), 0x9e3779b1) >>> HASH4_SHIFT;
    const heads = this.heads;
    let cur = heads[h4];
    const child = this.child;
    const mask = this.mask;
    const lowestWin = p - this.window + 1;
    const lowest = lowestWin > 0 ? lowestWin : 0;
    let count = 0;
    let best = 1;
    const cap = mLen === null ? 0 : mLen.length;
    if (mLen !== null && c2 >= lowest && p - c2 < MAX_LEN2_OFFSET) {
      mLen[0] = 2;
      mOff[0] = p - c2;
      count = 1;
      best = 2;
    }
    if (mLen !== null && c3 >= lowest && p - c3 < MAX_LEN3_OFFSET && buf[c3] === b0 && buf[c3 + 1] === b1 && buf[c3 + 2] === b2) {
      mLen[count] = 3;
      mOff[count] = p - c3;
      count++;
      best = 3;
    }
    let d = depth;
    if (remaining <= nice) {
      // The chunk's tail: read-only descent, every length measured from the first byte.
      const maxLen = remaining;
      while (cur >= lowest && d-- > 0) {
        let len = 0;
        while (len < maxLen && buf[cur + len] === buf[p + len]) len++;
        if (len > best && count < cap) {
          best = len;
          mLen![count] = len;
          mOff[count] = p - cur;
          count++;
        }
        if (len >= maxLen) break;
        cur = buf[cur + len] < buf[p + len] ? child[2 * (cur & mask) + 1] : child[2 * (cur & mask)];
      }
      return count;
    }
    heads[h4] = p;
    let pendingLt = 2 * (p & mask);
    let pendingGt = pendingLt + 1;
    let ltLen = 0;
    let gtLen = 0;
    for (;;) {
      if (cur < lowest || d-- <= 0) {
        child[pendingLt] = -1;
        child[pendingGt] = -1;
        break;
      }
      // Every candidate below here shares at least min(ltLen, gtLen) bytes with p (the tree's order).
      let len = ltLen < gtLen ? ltLen : gtLen;
      while (len < nice && buf[cur + len] === buf[p + len]) len++;
      if (len > best) {
        best = len;
        if (mLen !== null) {
          if (count < cap) {
            mLen[count] = len;
            mOff[count] = p - cur;
            count++;
          } else {
            mLen[count - 1] = len;
            mOff[count - 1] = p - cur;
          }
        }
      }
      const ci = 2 * (cur & mask);
      if (len >= nice) {
        // p takes cur's place: it inherits cur's subtrees.
        child[pendingLt] = child[ci];
        child[pendingGt] = child[ci + 1];
        break;
      }
      if (buf[cur + len] < buf[p + len]) {
        child[pendingLt] = cur;
        pendingLt = ci + 1;
        cur = child[pendingLt];
        ltLen = len;
      } else {
        child[pendingGt] = cur;
        pendingGt = ci;
        cur = child[pendingGt];
        gtLen = len;
      }
    }
    return count;
  }
}
