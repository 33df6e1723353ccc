/* The length-limited canonical Huffman builder the compressors share: complete prefix codes, within the cap. */

import fc from 'fast-check';
import { HuffmanBuilder } from '../../../src/formats/codecs/huffman-encode';

function kraftSum(lens: Uint8Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (lens[i]) k += 2 ** -lens[i];
  return k;
}

function cost(freqs: Uint32Array, lens: Uint8Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c += freqs[i] * lens[i];
  return c;
}

/** Checks that the codewords are the canonical assignment and prefix-free. */
function expectCanonicalPrefixCode(lens: Uint8Array, codes: Uint32Array, n: number): void {
  const words: string[] = [];
  for (let i = 0; i < n; i++) if (lens[i]) words.push(codes[i].toString(2).padStart(lens[i], '0'));
  const sorted = [...words].sort();
  for (let i = 1; i < sorted.length; i++) expect(sorted[i].startsWith(sorted[i - 1])).toBe(false);
  // Canonical: ordered by (length, symbol) the codewords increase.
  const order = [...Array(n).keys()].filter((s) => lens[s]).sort((a, b) => lens[a] - lens[b] || a - b);
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1], b = order[i];
    expect(codes[b] >= (codes[a] + 1) * 2 ** (lens[b] - lens[a])).toBe(true);
  }
}

describe('HuffmanBuilder', () => {
  const b = new HuffmanBuilder(512);

  it('gives the textbook optimal lengths when no cap binds', () => {
    const freqs = Uint32Array.from([45, 13, 12, 16, 9, 5]);
    const lens = new Uint8Array(6);
    const codes = new Uint32Array(6);
    expect(b.build(freqs, 6, 15, lens, codes)).toBe(6);
    expect(cost(freqs, lens, 6)).toBe(224);
    expect(kraftSum(lens, 6)).toBe(1);
    expectCanonicalPrefixCode(lens, codes, 6);
  });

  it('caps Fibonacci frequencies (the deepest natural tree) at the limit and keeps the code complete', () => {
    const n = 30;
    const freqs = new Uint32Array(n);
    freqs[0] = 1;
    freqs[1] = 1;
    for (let i = 2; i < n; i++) freqs[i] = freqs[i - 1] + freqs[i - 2];
    const lens = new Uint8Array(n);
    const codes = new Uint32Array(n);
    b.build(freqs, n, 7, lens, codes);
    expect(Math.max(...lens)).toBe(7);
    expect(kraftSum(lens, n)).toBe(1);
    expectCanonicalPrefixCode(lens, codes, n);
  });

  it('gives a lone symbol a 1-bit code with a partner, and an empty alphabet no code', () => {
    const freqs = new Uint32Array(8);
    const lens = new Uint8Array(8);
    const codes = new Uint32Array(8);
    freqs[5] = 100;
    expect(b.build(freqs, 8, 7, lens, codes)).toBe(1);
    expect([...lens]).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
    freqs[5] = 0;
    expect(b.build(freqs, 8, 7, lens, codes)).toBe(0);
    expect([...lens]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('always yields a complete canonical prefix code within the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 70000 }), fc.integer({ min: 1, max: 3 })), { minLength: 2, maxLength: 512 }),
        fc.integer({ min: 9, max: 16 }),
        (arr, maxLen) => {
          const n = arr.length;
          const freqs = Uint32Array.from(arr);
          const lens = new Uint8Array(n);
          const codes = new Uint32Array(n);
          const used = b.build(freqs, n, maxLen, lens, codes);
          expect(used).toBe(arr.filter((f) => f > 0).length);
          for (let i = 0; i < n; i++) {
            expect(lens[i] <= maxLen).toBe(true);
            if (freqs[i]) expect(lens[i] > 0).toBe(true);
          }
          if (used >= 2) expect(kraftSum(lens, n)).toBe(1);
          expectCanonicalPrefixCode(lens, codes, n);
        },
      ),
      { numRuns: 200 },
    );
  });
});
