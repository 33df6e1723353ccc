/*
 * Text encodings in plain JavaScript (TextEncoder/TextDecoder where the platform has the encoding), with the rules
 * of the Node.js adapter (Buffer's): a BOM is kept, malformed UTF-8 becomes U+FFFD, a last odd byte of UTF-16 LE
 * is ignored, base64 decoding skips what is not base64 and stops at '='.
 */
import type { HostText } from '../types';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i;
B64_VALUE['-'.charCodeAt(0)] = 62;
B64_VALUE['_'.charCodeAt(0)] = 63;

/** String.fromCharCode over code units, a slice at a time (one call per unit would be slow, one call for all can overflow the stack). */
function fromUnits(n: number, unit: (i: number) => number): string {
  let s = '';
  const chunk = new Uint16Array(Math.min(n, 8192));
  for (let i = 0; i < n; i += chunk.length) {
    const m = Math.min(chunk.length, n - i);
    for (let k = 0; k < m; k++) chunk[k] = unit(i + k);
    s += String.fromCharCode.apply(null, Array.from(chunk.subarray(0, m)));
  }
  return s;
}

let decoder: InstanceType<typeof TextDecoder> | undefined;
let encoder: InstanceType<typeof TextEncoder> | undefined;

export const jsText: HostText = {
  utf8Encode: (text) => (encoder ??= new TextEncoder()).encode(text),
  utf8Decode: (bytes) => (decoder ??= new TextDecoder('utf-8', { ignoreBOM: true })).decode(bytes),
  utf8Length: (text) => {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        n += 4;
        i++;
      } else n += 3; // a lone surrogate is written as U+FFFD, 3 bytes
    }
    return n;
  },
  utf16leEncode: (text) => {
    const out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 * i] = c;
      out[2 * i + 1] = c >>> 8;
    }
    return out;
  },
  utf16leDecode: (bytes) => fromUnits(bytes.length >> 1, (i) => bytes[2 * i] | (bytes[2 * i + 1] << 8)),
  utf16beDecode: (bytes) => {
    if (bytes.length % 2) throw new RangeError('Buffer size must be a multiple of 16-bits');
    return fromUnits(bytes.length >> 1, (i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  },
  latin1Encode: (text) => {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  },
  base64Encode: (bytes) => {
    let s = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += B64[v >>> 18] + B64[(v >>> 12) & 63] + B64[(v >>> 6) & 63] + B64[v & 63];
    }
    if (i + 1 === bytes.length) {
      const v = bytes[i] << 16;
      s += B64[v >>> 18] + B64[(v >>> 12) & 63] + '==';
    } else if (i + 2 === bytes.length) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
      s += B64[v >>> 18] + B64[(v >>> 12) & 63] + B64[(v >>> 6) & 63] + '=';
    }
    return s;
  },
  base64Decode: (text) => {
    const out = new Uint8Array((text.length * 3) >> 2);
    let n = 0;
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 61) break; // '='
      const v = c < 128 ? B64_VALUE[c] : -1;
      if (v < 0) continue;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = acc >>> bits;
      }
    }
    return out.slice(0, n);
  },
};
