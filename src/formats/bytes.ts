/*
 * Little-endian field access for the WIM's packed on-disk structures (header, reshdr, blob table entries,
 * dentries). 64-bit fields are read as numbers when they fit in 2^53 (every file offset and size does); a larger
 * value reads as Infinity so that range checks against the file size reject it without overflow.
 */

export function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

export function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}

export function u64(b: Uint8Array, o: number): number {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  if (hi >= 0x200000) return Infinity;
  return hi * 0x100000000 + lo;
}

export function u64big(b: Uint8Array, o: number): bigint {
  return BigInt(u32(b, o)) | (BigInt(u32(b, o + 4)) << 32n);
}

export function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}

export function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

export function put64(b: Uint8Array, o: number, v: number | bigint): void {
  if (typeof v === 'number') {
    // Offsets and sizes are integers below 2^53: split without a BigInt (blob tables write tens of thousands).
    put32(b, o, v >>> 0);
    put32(b, o + 4, Math.floor(v / 0x100000000) >>> 0);
    return;
  }
  put32(b, o, Number(v & 0xffffffffn));
  put32(b, o + 4, Number((v >> 32n) & 0xffffffffn));
}

const utf16 = new TextDecoder('utf-16le', { fatal: false });

/** Decodes UTF-16LE code units as JavaScript keeps them (unpaired surrogates become U+FFFD). */
export function utf16le(b: Uint8Array, o: number, nbytes: number): string {
  return utf16.decode(b.subarray(o, o + nbytes));
}

export function encodeUtf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) put16(out, i * 2, s.charCodeAt(i));
  return out;
}

export function align8(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}
