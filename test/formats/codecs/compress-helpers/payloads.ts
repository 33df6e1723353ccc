/* Test payloads for the compressors: text, machine code, runs, noise, and mixtures, all deterministic. */

import * as fs from 'node:fs';

/** A small deterministic PRNG (xorshift32) so payloads are the same on every run. */
export function prng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

export function randomBytes(n: number, seed: number, alphabet = 256): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = r() % alphabet;
  return out;
}

/** Text-like data: words from a small vocabulary, so matches of all lengths and offsets occur. */
export function wordSoup(n: number, seed: number): Uint8Array {
  const r = prng(seed);
  const words = ['the', 'WIM', 'image', 'compress', 'chunk', 'Export-WindowsImage', '-CompressionType', 'max', '\n', '    ', 'resource', 'blob', 'table', 'xpress', 'lzx'];
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const w = words[r() % words.length];
    for (let k = 0; k < w.length && i < n; k++) out[i++] = w.charCodeAt(k);
    if (i < n) out[i++] = 32;
  }
  return out;
}

/** x86-like bytes with many E8 (CALL) opcodes followed by 32-bit targets, the case LZX's E8 filter rewrites. */
export function callHeavy(n: number, seed: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const k = r() % 4;
    if (k === 0 && i + 5 <= n) {
      out[i] = 0xe8;
      const target = (r() % 4096) - i; // calls to a few hundred functions, as relative offsets
      out[i + 1] = target;
      out[i + 2] = target >> 8;
      out[i + 3] = target >> 16;
      out[i + 4] = target >> 24;
      i += 5;
    } else if (k === 1) {
      out[i++] = 0xe8; // a stray E8 near anything, including the chunk end
    } else {
      out[i++] = [0x55, 0x89, 0xe5, 0x8b, 0x45, 0x08, 0xc3, 0x90][r() % 8];
    }
  }
  return out;
}

export function readIfExists(p: string, max: number): Uint8Array | null {
  try {
    const b = fs.readFileSync(p);
    return new Uint8Array(b.buffer, b.byteOffset, Math.min(b.length, max));
  } catch {
    return null;
  }
}

/** Long runs, period-2/3 patterns and an all-zero tail: long matches, length escapes, repeat offsets. */
export function runs(n: number, seed: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const len = 1 + (r() % 3000);
    const kind = r() % 3;
    const a = r() & 255, b = r() & 255, c = r() & 255;
    for (let k = 0; k < len && i < n; k++, i++) out[i] = kind === 0 ? a : kind === 1 ? (k & 1 ? a : b) : [a, b, c][k % 3];
  }
  return out;
}

/** The standard mix used by the round-trip tests (distinct contents; sizes straddle chunk boundaries). */
export function standardPayloads(): Uint8Array[] {
  const list: Uint8Array[] = [
    wordSoup(100_000, 1),
    callHeavy(70_000, 2),
    runs(140_000, 3),
    randomBytes(40_000, 4, 4),
    new Uint8Array(65_536 + 17),
    wordSoup(1, 5),
    wordSoup(11, 6),
    Uint8Array.from([0xe8, 1, 2, 3, 4, 0xe8, 0, 0, 0, 0, 0xe8, 0xe8]),
    randomBytes(33_000, 7),
  ];
  const mixed = new Uint8Array(90_000);
  mixed.set(wordSoup(30_000, 8), 0);
  mixed.set(randomBytes(30_000, 9), 30_000);
  mixed.set(callHeavy(30_000, 10), 60_000);
  list.push(mixed);
  for (const p of ['/usr/bin/ls', '/usr/include/stdio.h']) {
    const b = readIfExists(p, 200_000);
    if (b) list.push(b);
  }
  return list;
}
