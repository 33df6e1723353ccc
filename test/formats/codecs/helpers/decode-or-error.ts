/*
 * One decode as a comparable string: the output in base64, or the error it ended in (name and message). Tests that
 * hold two decoders of one format against each other (a WebAssembly kernel and its TypeScript oracle) compare these,
 * so that "same bytes" and "same error on damaged input" are one assertion.
 */

import type { Decompressor } from '../../../../src/formats/codecs/codec';

export function decodeOrError(d: Decompressor, z: Uint8Array, n: number): string {
  const out = new Uint8Array(n);
  try {
    d.decompress(z, 0, z.length, out, 0, n);
    return Buffer.from(out).toString('base64');
  } catch (e) {
    return `error: ${(e as Error).name}: ${(e as Error).message}`;
  }
}
