/*
 * Test-only hostile-input harness for the decompressors: a compressed chunk with bytes flipped, overwritten or cut
 * short must decode to something (wrong bytes are fine) or throw CorruptDataError; it must not throw anything else,
 * hang, or write outside the destination range (guard bytes on both sides must stay untouched).
 */

import fc from 'fast-check';

import type { Decompressor } from '../../../../src/formats/codecs/codec';
import type { Chunk } from './wim-fixture';
import { outcome } from './wim-fixture';

const GUARD = 64;
const GUARD_BYTE = 0xa5;

/** Decodes `src` into a guarded buffer; returns the outcome and whether the guards survived. */
export function guardedDecode(d: Decompressor, src: Uint8Array, usize: number): { result: 'ok' | 'corrupt'; guardsIntact: boolean } {
  const buf = new Uint8Array(GUARD + usize + GUARD).fill(GUARD_BYTE);
  // The source also sits inside a larger buffer, so that reading past srcLen would read foreign bytes.
  const padded = new Uint8Array(src.length + 32).fill(0xe8);
  padded.set(src, 16);
  const result = outcome(() => d.decompress(padded, 16, src.length, buf, GUARD, usize));
  let guardsIntact = true;
  for (let i = 0; i < GUARD; i++) {
    if (buf[i] !== GUARD_BYTE || buf[GUARD + usize + i] !== GUARD_BYTE) guardsIntact = false;
  }
  return { result, guardsIntact };
}

/** One mutation of a chunk: byte edits and/or truncation. */
export type Mutation = { edits: Array<{ at: number; value: number; xor: boolean }>; cut: number };

export function mutationArb(): fc.Arbitrary<Mutation> {
  return fc.record({
    edits: fc.array(
      fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), xor: fc.boolean() }),
      { minLength: 0, maxLength: 4 },
    ),
    // 0 = keep the length; otherwise cut this many bytes (modulo the length) off the end.
    cut: fc.oneof(fc.constant(0), fc.constant(0), fc.nat()),
  });
}

export function applyMutation(data: Uint8Array, m: Mutation): Uint8Array {
  let out = Uint8Array.from(data);
  for (const e of m.edits) {
    if (out.length === 0) break;
    const i = e.at % out.length;
    out[i] = e.xor ? out[i] ^ (e.value || 1) : e.value;
  }
  if (m.cut !== 0 && out.length > 0) out = out.subarray(0, out.length - (m.cut % out.length) - 1);
  return out;
}

/**
 * Runs the property over the given compressed chunks. Returns how many runs ended in CorruptDataError and how many
 * decoded (to whatever bytes), so that tests can also show that the mutations reached the decoder's checks.
 */
export function checkMutations(d: Decompressor, chunks: Chunk[], numRuns: number, seed = 42): { corrupt: number; ok: number } {
  const counts = { corrupt: 0, ok: 0 };
  fc.assert(
    fc.property(fc.nat(chunks.length - 1), mutationArb(), (ci, m) => {
      const c = chunks[ci];
      const { result, guardsIntact } = guardedDecode(d, applyMutation(c.data, m), c.usize);
      counts[result]++;
      return guardsIntact;
    }),
    { numRuns, seed },
  );
  return counts;
}

/** Runs the decoder on random bytes of random length (even-length for LZMS-like formats when `even`). */
export function checkRandomInput(d: Decompressor, maxSrc: number, maxDst: number, numRuns: number, seed = 7): { corrupt: number; ok: number } {
  const counts = { corrupt: 0, ok: 0 };
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: maxSrc }), fc.integer({ min: 1, max: maxDst }), (src, usize) => {
      const { result, guardsIntact } = guardedDecode(d, src, usize);
      counts[result]++;
      return guardsIntact;
    }),
    { numRuns, seed },
  );
  return counts;
}
