/*
 * The decode tables every decompressor shares: whatever canonical code the lengths describe (short codes in the root
 * table, long ones through subtables), looking up the next bits gives the symbol and its codeword length.
 */

import fc from 'fast-check';

import { buildDecodeTable, decodeTableSize, SUBTABLE_FLAG, SUBTABLE_START_MASK } from '../../../src/formats/codecs/huffman-decode';

/** Canonical codewords from lengths, the way the formats define them (test-side reference). */
function canonicalCodes(lens: number[]): number[] {
  const maxLen = Math.max(0, ...lens);
  const codes: number[] = new Array(lens.length).fill(-1);
  let code = 0;
  for (let len = 1; len <= maxLen; len++) {
    for (let s = 0; s < lens.length; s++) if (lens[s] === len) codes[s] = code++;
    code <<= 1;
  }
  return codes;
}

/** Looks up a left-justified 32-bit window the way the decoders do; returns [symbol, bits] or null. */
function lookup(table: Int32Array, tableBits: number, window: number): [number, number] | null {
  let e = table[window >>> (32 - tableBits)];
  let n: number;
  if (e >= SUBTABLE_FLAG) {
    e = table[((e >>> 5) & SUBTABLE_START_MASK) + ((window << tableBits) >>> (32 - (e & 31)))];
    n = tableBits + (e & 31);
  } else {
    n = e & 31;
  }
  return e === 0 ? null : [e >>> 5, n];
}

/** Random complete codes: split code space like a random binary tree, limited to maxLen. */
const completeLens = (numSyms: number, maxLen: number) =>
  fc.array(fc.boolean(), { minLength: 4 * numSyms, maxLength: 4 * numSyms }).map((coin) => {
    // Start from one leaf of length 0 and split leaves until there are numSyms of them.
    let leaves = [0];
    let k = 0;
    while (leaves.length < numSyms) {
      const i = leaves.findIndex((l, j) => l < maxLen && (coin[k++ % coin.length] || j === leaves.length - 1));
      const at = i < 0 ? leaves.findIndex((l) => l < maxLen) : i;
      const l = leaves[at];
      leaves = [...leaves.slice(0, at), l + 1, l + 1, ...leaves.slice(at + 1)];
    }
    return leaves;
  });

describe('canonical Huffman decode tables', () => {
  it.each([
    [20, 6, 15],
    [256, 10, 15],
    [512, 12, 15],
    [656, 12, 16],
    [249, 10, 16],
  ])('decode every codeword of random complete codes (%i symbols, %i root bits, max length %i)', (numSyms, tableBits, maxLen) => {
    const table = new Int32Array(decodeTableSize(numSyms, tableBits, maxLen));
    let longest = 0;
    fc.assert(
      fc.property(completeLens(numSyms, maxLen), fc.array(fc.nat(), { minLength: numSyms, maxLength: numSyms }), (leafLens, perm) => {
        // Assign the leaf lengths to symbols in a shuffled order.
        const order = [...Array(numSyms).keys()].sort((a, b) => perm[a] - perm[b] || a - b);
        const lens = new Array(numSyms).fill(0);
        order.forEach((sym, i) => (lens[sym] = leafLens[i]));
        longest = Math.max(longest, ...lens);
        expect(buildDecodeTable(table, tableBits, Uint8Array.from(lens), 0, numSyms, maxLen)).toBe(true);
        const codes = canonicalCodes(lens);
        for (let s = 0; s < numSyms; s++) {
          // The codeword, then arbitrary bits after it.
          const window = ((codes[s] << (32 - lens[s])) | (0x5a5a5a5a >>> lens[s])) | 0;
          expect(lookup(table, tableBits, window)).toEqual([s, lens[s]]);
        }
      }),
      { numRuns: 25, seed: 3 },
    );
    // The codes reached past the root table, so subtables were built and used.
    expect(longest).toBeGreaterThan(tableBits);
  });

  it('rejects lengths that over-subscribe the code space, and lengths over the maximum', () => {
    const table = new Int32Array(decodeTableSize(8, 7, 7));
    expect(buildDecodeTable(table, 7, Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0]), 0, 8, 7)).toBe(false);
    expect(buildDecodeTable(table, 7, Uint8Array.from([1, 8, 8, 0, 0, 0, 0, 0]), 0, 8, 7)).toBe(false);
  });

  it('accepts an incomplete code and marks the unused codewords invalid', () => {
    const table = new Int32Array(decodeTableSize(4, 4, 15));
    // One symbol of length 1 ("0"), one of length 12 ("100000000000"): most of the "1..." half is unused.
    expect(buildDecodeTable(table, 4, Uint8Array.from([0, 1, 0, 12]), 0, 4, 15)).toBe(true);
    expect(lookup(table, 4, 0x00000000)).toEqual([1, 1]);
    expect(lookup(table, 4, 0x80000000 | 0)).toEqual([3, 12]);
    expect(lookup(table, 4, 0x80100000 | 0)).toBeNull();
    expect(lookup(table, 4, 0xc0000000 | 0)).toBeNull();
  });

  it('leaves an empty code all invalid', () => {
    const table = new Int32Array(decodeTableSize(8, 7, 7)).fill(123);
    expect(buildDecodeTable(table, 7, new Uint8Array(8), 0, 8, 7)).toBe(true);
    expect(table.subarray(0, 128).every((e) => e === 0)).toBe(true);
  });
});
