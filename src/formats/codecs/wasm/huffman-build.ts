/*
 * AssemblyScript: the length-limited canonical Huffman code builder of ../huffman-encode.ts (HuffmanBuilder.build,
 * which explains the method: radix sort of the used symbols by frequency, Moffat and Katajainen's in-place lengths,
 * the Kraft fix-up past the cap, canonical codewords MSB-first), step for step, so the lengths and codewords are
 * identical. Imported by the compressors' kernels (xpress.ts, lzx.ts), which call it on arrays in their own memory;
 * built on its own too, which lets the tests compare it with the TypeScript builder directly. Its scratch arrays
 * are static data of the module (sized for the most symbols a builder takes), so the callers lay out nothing for it.
 */

const SYM_BITS: u32 = 11;
const SYM_MASK: u32 = (1 << SYM_BITS) - 1;
const MAX_FREQ: u32 = (1 << (32 - SYM_BITS)) - 1;
const MAX_SYMBOLS: i32 = 1 << SYM_BITS;

const KEYS: usize = memory.data(MAX_SYMBOLS << 2);
const KEYS2: usize = memory.data(MAX_SYMBOLS << 2);
const WORK: usize = memory.data(MAX_SYMBOLS << 2);
const DIGIT_COUNT: usize = memory.data(256 << 2);
const BL_COUNT: usize = memory.data(33 << 2);
const NEXT_CODE: usize = memory.data(33 << 2);

@inline function ldu(base: usize, i: i32): u32 {
  return load<u32>(base + (<usize>i << 2));
}

@inline function stu(base: usize, i: i32, v: u32): void {
  store<u32>(base + (<usize>i << 2), v);
}

/** The first free byte of linear memory (the callers' regions start above it; for the standalone module's tests). */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Builds a canonical code for freqs[0, numSyms) (u32) with no codeword longer than maxLen: lens[0, numSyms) (u8) and
 * codes[0, numSyms) (u32). Returns the number of used symbols, as HuffmanBuilder.build.
 */
export function huffmanBuild(freqs: usize, numSyms: i32, maxLen: i32, lens: usize, codes: usize): i32 {
  let n = 0;
  let maxFreq: u32 = 0;
  for (let s = 0; s < numSyms; s++) {
    store<u8>(lens + <usize>s, 0);
    const f = ldu(freqs, s);
    if (f != 0) {
      const fc = f > MAX_FREQ ? MAX_FREQ : f;
      if (fc > maxFreq) maxFreq = fc;
      stu(KEYS, n++, (fc << SYM_BITS) | <u32>s);
    }
  }
  if (n == 0) {
    for (let s = 0; s < numSyms; s++) stu(codes, s, 0);
    return 0;
  }
  if (n == 1) {
    const s = <i32>(ldu(KEYS, 0) & SYM_MASK);
    const partner = s == 0 ? 1 : 0;
    store<u8>(lens + <usize>s, 1);
    if (partner < numSyms) store<u8>(lens + <usize>partner, 1);
    assignCodes(lens, numSyms, codes);
    return 1;
  }
  const keys = sortKeys(n, maxFreq);

  const A = WORK;
  for (let i = 0; i < n; i++) stu(A, i, ldu(keys, i) >> SYM_BITS);
  computeLengthsInPlace(A, n);

  const bl = BL_COUNT;
  memory.fill(bl, 0, 33 << 2);
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const l = <i32>ldu(A, i);
    stu(bl, l, ldu(bl, l) + 1);
    if (l > longest) longest = l;
  }
  if (longest > maxLen) {
    for (let l = maxLen + 1; l <= longest; l++) {
      stu(bl, maxLen, ldu(bl, maxLen) + ldu(bl, l));
      stu(bl, l, 0);
    }
    let kraft: u64 = 0;
    for (let l = 1; l <= maxLen; l++) kraft += <u64>ldu(bl, l) << <u64>(maxLen - l);
    const full: u64 = <u64>1 << <u64>maxLen;
    while (kraft > full) {
      let l = maxLen - 1;
      while (ldu(bl, l) == 0) l--;
      stu(bl, l, ldu(bl, l) - 1);
      stu(bl, l + 1, ldu(bl, l + 1) + 2);
      stu(bl, maxLen, ldu(bl, maxLen) - 1);
      kraft--;
    }
    longest = maxLen;
  }
  let i = 0;
  for (let l = longest; l >= 1; l--) {
    for (let k = ldu(bl, l); k > 0; k--) store<u8>(lens + <usize>(ldu(keys, i++) & SYM_MASK), <u8>l);
  }
  assignCodes(lens, numSyms, codes);
  return n;
}

/** LSD radix sort of KEYS[0, n) by frequency (8 bits a pass, as many passes as maxFreq needs); returns where they are. */
function sortKeys(n: i32, maxFreq: u32): usize {
  let from = KEYS;
  let to = KEYS2;
  for (let shift: u32 = SYM_BITS; maxFreq > 0; shift += 8, maxFreq >>= 8) {
    memory.fill(DIGIT_COUNT, 0, 256 << 2);
    for (let i = 0; i < n; i++) {
      const d = <i32>((ldu(from, i) >> shift) & 255);
      stu(DIGIT_COUNT, d, ldu(DIGIT_COUNT, d) + 1);
    }
    let sum: u32 = 0;
    for (let d = 0; d < 256; d++) {
      const c = ldu(DIGIT_COUNT, d);
      stu(DIGIT_COUNT, d, sum);
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = ldu(from, i);
      const d = <i32>((k >> shift) & 255);
      const at = ldu(DIGIT_COUNT, d);
      stu(DIGIT_COUNT, d, at + 1);
      stu(to, <i32>at, k);
    }
    const t = from;
    from = to;
    to = t;
  }
  return from;
}

function computeLengthsInPlace(A: usize, n: i32): void {
  let root = 0;
  let leaf = 2;
  stu(A, 0, ldu(A, 0) + ldu(A, 1));
  for (let next = 1; next < n - 1; next++) {
    if (leaf >= n || ldu(A, root) < ldu(A, leaf)) {
      stu(A, next, ldu(A, root));
      stu(A, root++, <u32>next);
    } else {
      stu(A, next, ldu(A, leaf++));
    }
    if (leaf >= n || (root < next && ldu(A, root) < ldu(A, leaf))) {
      stu(A, next, ldu(A, next) + ldu(A, root));
      stu(A, root++, <u32>next);
    } else {
      stu(A, next, ldu(A, next) + ldu(A, leaf++));
    }
  }
  stu(A, n - 2, 0);
  for (let next = n - 3; next >= 0; next--) stu(A, next, ldu(A, <i32>ldu(A, next)) + 1);
  let avail = 1;
  let used = 0;
  let depth: u32 = 0;
  let r = n - 2;
  let next = n - 1;
  while (avail > 0) {
    while (r >= 0 && ldu(A, r) == depth) {
      used++;
      r--;
    }
    while (avail > used) {
      stu(A, next--, depth);
      avail--;
    }
    avail = 2 * used;
    depth++;
    used = 0;
  }
}

/** Canonical codewords from lengths: by length, then by symbol value. */
function assignCodes(lens: usize, numSyms: i32, codes: usize): void {
  const bl = BL_COUNT;
  const nc = NEXT_CODE;
  memory.fill(bl, 0, 33 << 2);
  for (let s = 0; s < numSyms; s++) {
    const l = <i32>load<u8>(lens + <usize>s);
    stu(bl, l, ldu(bl, l) + 1);
  }
  stu(bl, 0, 0);
  let code: u32 = 0;
  for (let l = 1; l <= 32; l++) {
    code = (code + ldu(bl, l - 1)) << 1;
    stu(nc, l, code);
  }
  for (let s = 0; s < numSyms; s++) {
    const l = <i32>load<u8>(lens + <usize>s);
    if (l == 0) stu(codes, s, 0);
    else {
      const c = ldu(nc, l);
      stu(codes, s, c);
      stu(nc, l, c + 1);
    }
  }
}
