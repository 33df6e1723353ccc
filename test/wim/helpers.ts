/* Shared helpers of the WIM tests: which decompressors exist yet. */
import { CompressionFormat } from '../../src/wim/codecs/codec';
import { createDecompressor } from '../../src/wim/codecs/decompressors';
import type { WimForm } from './fixtures/make-fixtures';

const FORMAT: Record<string, CompressionFormat> = {
  xpress: CompressionFormat.Xpress,
  lzx: CompressionFormat.Lzx,
  lzms: CompressionFormat.Lzms,
};

export function hasDecoder(name: string): boolean {
  if (name === 'none') return true;
  try {
    createDecompressor(FORMAT[name], 32768);
    return true;
  } catch {
    return false;
  }
}

export function canRead(form: WimForm): boolean {
  return form.needs.every(hasDecoder);
}
