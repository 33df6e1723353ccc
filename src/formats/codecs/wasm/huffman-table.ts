/*
 * AssemblyScript: canonical Huffman decode tables, buildDecodeTable of ../huffman-decode.ts (which explains the root
 * and subtable entries) step for step, so the tables are identical. Imported by the decoders' kernels (lzx-decode.ts,
 * xpress-decode.ts), which build a block's or chunk's tables in their own memory, where their loops use them; built on
 * its own too, which lets the tests compare it with the TypeScript builder directly. Its scratch arrays are static data
 * of the module, sized for the largest alphabet and longest codeword the TypeScript builder takes.
 */

const SUBTABLE_FLAG: i32 = 0x40000000;
/** Largest alphabet and longest codeword (as MAX_SYMS and MAX_LEN of ../huffman-decode.ts). */
const MAX_SYMS: i32 = 1024;
const MAX_LEN: i32 = 16;

const LEN_COUNTS: usize = memory.data((MAX_LEN + 2) << 2);
const LEN_OFFSETS: usize = memory.data((MAX_LEN + 2) << 2);
const SORTED_SYMS: usize = memory.data(MAX_SYMS << 1);
const LONG_CODES: usize = memory.data(MAX_SYMS << 2);

/** The first free byte of linear memory (for the standalone module's tests). */
export function heapBase(): usize {
  return __heap_base;
}

@inline function ldi(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline function sti(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

@inline function fillEntries(table: usize, from: i32, to: i32, v: i32): void {
  for (let j = from; j < to; j++) sti(table, j, v);
}

/**
 * Builds the decode table of the code whose lengths are lens[0, numSyms) into table[0, tableSize), as buildDecodeTable
 * of ../huffman-decode.ts (which explains the entries): false when a length exceeds maxLen, the lengths over-subscribe
 * the code space, or a subtable would not fit. numSyms is at most 1024 and maxLen at most 16 (the callers' constants).
 */
export function buildDecodeTable(table: usize, tableSize: i32, tableBits: i32, lens: usize, numSyms: i32, maxLen: i32): bool {
  for (let len = 0; len <= maxLen; len++) sti(LEN_COUNTS, len, 0);
  for (let sym = 0; sym < numSyms; sym++) {
    const len = <i32>load<u8>(lens + <usize>sym);
    if (len > maxLen) return false;
    sti(LEN_COUNTS, len, ldi(LEN_COUNTS, len) + 1);
  }
  let left = 1;
  for (let len = 1; len <= maxLen; len++) {
    left = (left << 1) - ldi(LEN_COUNTS, len);
    if (left < 0) return false;
  }
  sti(LEN_OFFSETS, 1, 0);
  for (let len = 1; len < maxLen; len++) sti(LEN_OFFSETS, len + 1, ldi(LEN_OFFSETS, len) + ldi(LEN_COUNTS, len));
  const numUsed = ldi(LEN_OFFSETS, maxLen) + ldi(LEN_COUNTS, maxLen);
  for (let sym = 0; sym < numSyms; sym++) {
    const len = <i32>load<u8>(lens + <usize>sym);
    if (len != 0) {
      const at = ldi(LEN_OFFSETS, len);
      store<u16>(SORTED_SYMS + (<usize>at << 1), <u16>sym);
      sti(LEN_OFFSETS, len, at + 1);
    }
  }

  const rootSize = 1 << tableBits;
  let code = 0;
  let i = 0;
  let len = 1;
  let fillEnd = 0;
  for (; len <= maxLen && len <= tableBits; len++) {
    const n = ldi(LEN_COUNTS, len);
    const span = 1 << (tableBits - len);
    for (let k = 0; k < n; k++, i++, code++) {
      const start = code << (tableBits - len);
      const e = (<i32>load<u16>(SORTED_SYMS + (<usize>i << 1)) << 5) | len;
      fillEntries(table, start, start + span, e);
      fillEnd = start + span;
    }
    code <<= 1;
  }
  if (fillEnd < rootSize) memory.fill(table + (<usize>fillEnd << 2), 0, <usize>(rootSize - fillEnd) << 2);
  if (i == numUsed) return true;

  const firstLong = i;
  for (; len <= maxLen; len++) {
    const n = ldi(LEN_COUNTS, len);
    for (let k = 0; k < n; k++, code++) sti(LONG_CODES, i++, code);
    code <<= 1;
  }

  let pos = rootSize;
  i = firstLong;
  while (i < numUsed) {
    const l0 = <i32>load<u8>(lens + <usize>load<u16>(SORTED_SYMS + (<usize>i << 1)));
    const prefix = <i32>(<u32>ldi(LONG_CODES, i) >> <u32>(l0 - tableBits));
    let last = i;
    while (last + 1 < numUsed) {
      const l = <i32>load<u8>(lens + <usize>load<u16>(SORTED_SYMS + (<usize>(last + 1) << 1)));
      if (<i32>(<u32>ldi(LONG_CODES, last + 1) >> <u32>(l - tableBits)) != prefix) break;
      last++;
    }
    const subBits = <i32>load<u8>(lens + <usize>load<u16>(SORTED_SYMS + (<usize>last << 1))) - tableBits;
    const subSize = 1 << subBits;
    if (pos + subSize > tableSize) return false;
    memory.fill(table + (<usize>pos << 2), 0, <usize>subSize << 2);
    sti(table, prefix, SUBTABLE_FLAG | (pos << 5) | subBits);
    for (; i <= last; i++) {
      const sym = <i32>load<u16>(SORTED_SYMS + (<usize>i << 1));
      const l = <i32>load<u8>(lens + <usize>sym) - tableBits;
      const low = ldi(LONG_CODES, i) & ((1 << l) - 1);
      const start = pos + (low << (subBits - l));
      fillEntries(table, start, start + (1 << (subBits - l)), (sym << 5) | l);
    }
    pos += subSize;
  }
  return true;
}
