/*
 * Canonical Huffman decode tables, shared by the XPRESS, LZX and LZMS decompressors.
 *
 * All three formats describe a prefix code by its codeword lengths only: codewords are assigned canonically, shorter
 * codewords first and, within one length, in increasing symbol order; bits are read most significant first. A decode
 * table is indexed by the next `tableBits` bits of input (a "root" table); codewords longer than that go through a
 * second-level subtable that the root entry points to.
 *
 * Entry layout (Int32Array, so that V8 keeps every entry a small integer):
 *   leaf:     (symbol << 5) | length            length in 1..16 (for a subtable leaf: length minus tableBits)
 *   pointer:  SUBTABLE_FLAG | (start << 5) | subtableBits
 *   0:        no codeword has this prefix (an incomplete code); decoding it is corrupt data.
 */

/** Set in a root entry that points to a subtable. */
export const SUBTABLE_FLAG = 0x40000000;
/** Mask of the start index in a pointer entry, after shifting right by 5. */
export const SUBTABLE_START_MASK = 0x1ffffff;

/** Largest alphabet any of our formats uses (LZMS offset slots: 799; LZX main code: 656). */
const MAX_SYMS = 1024;
/** Longest codeword any of our formats allows (LZX: 16). */
const MAX_LEN = 16;

/**
 * Spans of at least this many entries are filled with TypedArray.fill, shorter ones in a loop. A table is built per
 * block (LZX: six per 32 KiB chunk), and a command that decodes only a metadata resource does so before V8 has
 * optimized this function: the interpreter's per-entry loop cost ~20 ms for a 2 MB resource, where fill is native.
 */
const FILL_MIN = 8;

// Scratch space shared by every table build (JavaScript runs one build at a time per thread).
const lenCounts = new Int32Array(MAX_LEN + 2);
const lenOffsets = new Int32Array(MAX_LEN + 2);
const sortedSyms = new Uint16Array(MAX_SYMS);
const longCodes = new Uint32Array(MAX_SYMS);

/** Number of Int32 entries a decode table needs for the given alphabet size, root bits and maximum codeword length. */
export function decodeTableSize(numSyms: number, tableBits: number, maxLen: number): number {
  const root = 1 << tableBits;
  if (maxLen <= tableBits) return root;
  // Each subtable has at most 2^(maxLen - tableBits) entries, and there is at most one per root entry and per symbol.
  return root + Math.min(root, numSyms) * (1 << (maxLen - tableBits));
}

/**
 * Builds the decode table for the code whose lengths are lens[lensOff .. lensOff+numSyms) (0 = symbol unused).
 * Returns false when the lengths over-subscribe the code space (no prefix code has them) or exceed maxLen.
 * Incomplete codes are accepted; their unused entries decode as corrupt data.
 */
export function buildDecodeTable(
  table: Int32Array,
  tableBits: number,
  lens: Uint8Array,
  lensOff: number,
  numSyms: number,
  maxLen: number,
): boolean {
  for (let len = 0; len <= maxLen; len++) lenCounts[len] = 0;
  for (let sym = 0; sym < numSyms; sym++) {
    const len = lens[lensOff + sym];
    if (len > maxLen) return false;
    lenCounts[len]++;
  }

  // Kraft inequality: the codewords of each length must fit in the code space left by the shorter ones.
  let left = 1;
  for (let len = 1; len <= maxLen; len++) {
    left = (left << 1) - lenCounts[len];
    if (left < 0) return false;
  }

  // Sort the used symbols by (length, symbol): canonical order.
  lenOffsets[1] = 0;
  for (let len = 1; len < maxLen; len++) lenOffsets[len + 1] = lenOffsets[len] + lenCounts[len];
  const numUsed = lenOffsets[maxLen] + lenCounts[maxLen];
  for (let sym = 0; sym < numSyms; sym++) {
    const len = lens[lensOff + sym];
    if (len !== 0) sortedSyms[lenOffsets[len]++] = sym;
  }

  const rootSize = 1 << tableBits;
  let code = 0;
  let i = 0;
  let len = 1;
  // Codewords that fit in the root table: each fills 2^(tableBits - len) consecutive entries.
  let fillEnd = 0;
  for (; len <= maxLen && len <= tableBits; len++) {
    const n = lenCounts[len];
    const span = 1 << (tableBits - len);
    for (let k = 0; k < n; k++, i++, code++) {
      const start = code << (tableBits - len);
      const entry = (sortedSyms[i] << 5) | len;
      const end = start + span;
      if (span >= FILL_MIN) table.fill(entry, start, end);
      else for (let j = start; j < end; j++) table[j] = entry;
      fillEnd = end;
    }
    code <<= 1;
  }
  // Root entries that no codeword (of any length) reaches stay invalid.
  if (fillEnd < rootSize) table.fill(0, fillEnd, rootSize);
  if (i === numUsed) return true;

  // Longer codewords: compute their codes first, so that each group sharing a root prefix can be sized at once.
  const firstLong = i;
  for (; len <= maxLen; len++) {
    const n = lenCounts[len];
    for (let k = 0; k < n; k++, code++) longCodes[i++] = code;
    code <<= 1;
  }

  let pos = rootSize;
  i = firstLong;
  while (i < numUsed) {
    const sym0Len = lens[lensOff + sortedSyms[i]];
    const prefix = longCodes[i] >>> (sym0Len - tableBits);
    // The group is every following codeword with the same root prefix; the last one is the longest.
    let last = i;
    while (last + 1 < numUsed) {
      const l = lens[lensOff + sortedSyms[last + 1]];
      if (longCodes[last + 1] >>> (l - tableBits) !== prefix) break;
      last++;
    }
    const subBits = lens[lensOff + sortedSyms[last]] - tableBits;
    const subSize = 1 << subBits;
    if (pos + subSize > table.length) return false;
    table.fill(0, pos, pos + subSize);
    table[prefix] = SUBTABLE_FLAG | (pos << 5) | subBits;
    for (; i <= last; i++) {
      const sym = sortedSyms[i];
      const l = lens[lensOff + sym] - tableBits;
      const low = longCodes[i] & ((1 << l) - 1);
      const span = 1 << (subBits - l);
      const start = pos + (low << (subBits - l));
      const entry = (sym << 5) | l;
      if (span >= FILL_MIN) table.fill(entry, start, start + span);
      else for (let j = start; j < start + span; j++) table[j] = entry;
    }
    pos += subSize;
  }
  return true;
}
