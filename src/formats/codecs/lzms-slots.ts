/*
 * LZMS's slot tables, which the compressor and the decompressor must agree on: an LZ or delta offset and a match
 * length are coded as a Huffman symbol (the slot) plus that slot's number of extra bits, added to the slot's base.
 * The format defines them as runs: (extra bits, number of slots with that many), bases starting at 1.
 */

/** Length symbols (slots) of LZMS. */
export const NUM_LENGTH_SYMS = 54;
/** Offset symbols (slots) for the largest window; a smaller window uses a prefix of them. */
export const MAX_OFFSET_SYMS = 799;

/** Builds slot -> extra bits and slot -> base from runs of (extra bits, number of slots); bases start at 1. */
function slotTables(runs: number[], numSlots: number): { extra: Uint8Array; base: Float64Array } {
  const extra = new Uint8Array(numSlots);
  const base = new Float64Array(numSlots + 1);
  let s = 0;
  for (let r = 0; r < runs.length; r += 2) for (let k = 0; k < runs[r + 1]; k++) extra[s++] = runs[r];
  base[0] = 1;
  for (let i = 0; i < numSlots; i++) base[i + 1] = base[i] + 2 ** extra[i];
  return { extra, base };
}

// Offset slots: 8 with no extra bits, 9 with 2, 7 with 3, 10 with 4, ... 105 with 19, 6 with 20, 1 with 30.
export const OFFSET_SLOTS = slotTables(
  [0, 8, 2, 9, 3, 7, 4, 10, 5, 15, 6, 15, 7, 20, 8, 20, 9, 30, 10, 33, 11, 40, 12, 42, 13, 45, 14, 60, 15, 73, 16, 80,
    17, 85, 18, 95, 19, 105, 20, 6, 30, 1],
  MAX_OFFSET_SYMS,
);
// Length slots: 26 with no extra bits, then 4 with 1, 6 with 2, 4 with 3, 5 with 4, 2 with 5, then 6..10, 16, 30.
export const LENGTH_SLOTS = slotTables([0, 26, 1, 4, 2, 6, 3, 4, 4, 5, 5, 2, 6, 1, 7, 1, 8, 1, 9, 1, 10, 1, 16, 1, 30, 1], NUM_LENGTH_SYMS);
