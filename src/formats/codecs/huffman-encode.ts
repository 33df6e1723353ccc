/*
 * Length-limited canonical Huffman code construction, shared by the XPRESS and LZX compressors.
 *
 * Both formats transmit only codeword lengths and let the decoder rebuild canonical codes (shorter codes first, ties
 * by symbol value), and both cap the length (XPRESS 15; LZX 16 main, 7 aligned, ...), so a compressor needs: symbol
 * frequencies in, lengths within the cap and the matching canonical codewords out. The builder sorts the used
 * symbols by frequency, computes optimal lengths in place (Moffat and Katajainen's method, no tree objects), then,
 * if the cap is exceeded, moves leaves up until the Kraft sum fits again, giving the longest codes to the least
 * frequent symbols. One builder is made per compressor and reused; it allocates nothing after construction.
 *
 * Codewords are returned MSB-first (not bit-reversed): XPRESS and LZX both read bits from the top of 16-bit words.
 */

const SYM_BITS = 11;
const SYM_MASK = (1 << SYM_BITS) - 1;
const MAX_FREQ = (1 << (32 - SYM_BITS)) - 1;

export const MAX_HUFFMAN_SYMBOLS = 1 << SYM_BITS;

export class HuffmanBuilder {
  private readonly keys: Uint32Array;
  private readonly work: Uint32Array;
  /** Radix sort scratch: the other key buffer and one 8-bit digit's bucket counts. */
  private readonly keys2: Uint32Array;
  private readonly digitCount = new Uint32Array(256);
  private readonly blCount = new Uint32Array(33);
  private readonly nextCode = new Uint32Array(33);

  constructor(readonly maxSymbols: number) {
    if (maxSymbols > MAX_HUFFMAN_SYMBOLS) throw new RangeError(`too many Huffman symbols: ${maxSymbols}`);
    this.keys = new Uint32Array(maxSymbols);
    this.work = new Uint32Array(maxSymbols);
    this.keys2 = new Uint32Array(maxSymbols);
  }

  /**
   * Builds a canonical code for freqs[0, numSyms) with no codeword longer than maxLen. Writes lens[0, numSyms) and
   * codes[0, numSyms) (unused symbols get length 0). A lone used symbol gets length 1 together with a partner
   * symbol, so every non-empty code is complete. Returns the number of symbols with nonzero frequency.
   */
  build(freqs: Uint32Array, numSyms: number, maxLen: number, lens: Uint8Array, codes: Uint32Array): number {
    let keys = this.keys;
    let n = 0;
    let maxFreq = 0;
    for (let s = 0; s < numSyms; s++) {
      lens[s] = 0;
      const f = freqs[s];
      if (f !== 0) {
        const fc = f > MAX_FREQ ? MAX_FREQ : f;
        if (fc > maxFreq) maxFreq = fc;
        keys[n++] = (fc << SYM_BITS | s) >>> 0;
      }
    }
    if (n === 0) {
      for (let s = 0; s < numSyms; s++) codes[s] = 0;
      return 0;
    }
    if (n === 1) {
      const s = keys[0] & SYM_MASK;
      const partner = s === 0 ? 1 : 0;
      lens[s] = 1;
      if (partner < numSyms) lens[partner] = 1;
      this.assignCodes(lens, numSyms, codes);
      return 1;
    }
    keys = this.sortKeys(n, maxFreq);

    // Moffat-Katajainen: A[i] holds the frequencies (ascending), then parent indices, then depths.
    const A = this.work;
    for (let i = 0; i < n; i++) A[i] = keys[i] >>> SYM_BITS;
    this.computeLengthsInPlace(A, n);
    // A[i] is now the optimal codeword length of the i-th least frequent symbol (non-increasing in i).

    const bl = this.blCount;
    bl.fill(0);
    let longest = 0;
    for (let i = 0; i < n; i++) {
      const l = A[i];
      bl[l]++;
      if (l > longest) longest = l;
    }
    if (longest > maxLen) {
      for (let l = maxLen + 1; l <= longest; l++) {
        bl[maxLen] += bl[l];
        bl[l] = 0;
      }
      // Kraft sum in units of 2^-maxLen; each step below lowers it by exactly one unit.
      let kraft = 0;
      for (let l = 1; l <= maxLen; l++) kraft += bl[l] * 2 ** (maxLen - l);
      const full = 2 ** maxLen;
      while (kraft > full) {
        let l = maxLen - 1;
        while (bl[l] === 0) l--;
        bl[l]--;
        bl[l + 1] += 2;
        bl[maxLen]--;
        kraft--;
      }
      longest = maxLen;
    }
    // Hand out lengths: longest codes to the least frequent symbols.
    let i = 0;
    for (let l = longest; l >= 1; l--) {
      for (let k = bl[l]; k > 0; k--) lens[keys[i++] & SYM_MASK] = l;
    }
    this.assignCodes(lens, numSyms, codes);
    return n;
  }

  /**
   * Sorts keys[0, n) ascending and returns the array now holding them (keys or keys2). The keys were made in
   * ascending symbol order, so a stable sort by frequency alone gives the order of the whole keys: an LSD radix sort
   * on the frequency, one pass per 8-bit digit that maxFreq needs (two for a 32 KiB XPRESS chunk), no comparisons.
   */
  private sortKeys(n: number, maxFreq: number): Uint32Array {
    const count = this.digitCount;
    let from = this.keys;
    let to = this.keys2;
    for (let shift = SYM_BITS; maxFreq > 0; shift += 8, maxFreq >>>= 8) {
      count.fill(0);
      for (let i = 0; i < n; i++) count[(from[i] >>> shift) & 255]++;
      let sum = 0;
      for (let d = 0; d < 256; d++) {
        const c = count[d];
        count[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const k = from[i];
        to[count[(k >>> shift) & 255]++] = k;
      }
      const t = from;
      from = to;
      to = t;
    }
    return from;
  }

  private computeLengthsInPlace(A: Uint32Array, n: number): void {
    // Phase 1: build the tree; internal node weights replace leaves, leaves become parent pointers.
    let root = 0;
    let leaf = 2;
    A[0] += A[1];
    for (let next = 1; next < n - 1; next++) {
      if (leaf >= n || A[root] < A[leaf]) {
        A[next] = A[root];
        A[root++] = next;
      } else {
        A[next] = A[leaf++];
      }
      if (leaf >= n || (root < next && A[root] < A[leaf])) {
        A[next] += A[root];
        A[root++] = next;
      } else {
        A[next] += A[leaf++];
      }
    }
    // Phase 2: internal node depths.
    A[n - 2] = 0;
    for (let next = n - 3; next >= 0; next--) A[next] = A[A[next]] + 1;
    // Phase 3: leaf depths.
    let avail = 1;
    let used = 0;
    let depth = 0;
    let r = n - 2;
    let next = n - 1;
    while (avail > 0) {
      while (r >= 0 && A[r] === depth) {
        used++;
        r--;
      }
      while (avail > used) {
        A[next--] = depth;
        avail--;
      }
      avail = 2 * used;
      depth++;
      used = 0;
    }
  }

  /** Canonical codewords from lengths: by length, then by symbol value. */
  assignCodes(lens: Uint8Array, numSyms: number, codes: Uint32Array): void {
    const bl = this.blCount;
    const nc = this.nextCode;
    bl.fill(0);
    for (let s = 0; s < numSyms; s++) bl[lens[s]]++;
    bl[0] = 0;
    let code = 0;
    for (let l = 1; l <= 32; l++) {
      code = (code + bl[l - 1]) << 1;
      nc[l] = code;
    }
    for (let s = 0; s < numSyms; s++) {
      const l = lens[s];
      codes[s] = l === 0 ? 0 : nc[l]++;
    }
  }
}
