/*
 * Text encodings on Node.js: Buffer's, which is what wimsh used before the platform had a door for them, so that
 * every byte written and every string read stays as it was (Buffer's rules for malformed input included).
 */
import type { HostText } from '../types';

export const nodeText: HostText = {
  utf8Encode: (text) => Buffer.from(text, 'utf8'),
  utf8Decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  utf8Length: (text) => Buffer.byteLength(text, 'utf8'),
  utf16leEncode: (text) => Buffer.from(text, 'utf16le'),
  utf16leDecode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le'),
  utf16beDecode: (bytes) => {
    // A copy: swap16 swaps in place.
    const b = Buffer.from(bytes);
    b.swap16();
    return b.toString('utf16le');
  },
  latin1Encode: (text) => Buffer.from(text, 'latin1'),
  // Buffer.from copies an array of numbers (what a script may pass to [Convert]::ToBase64String) as before.
  base64Encode: (bytes) => Buffer.from(bytes).toString('base64'),
  base64Decode: (text) => Buffer.from(text, 'base64'),
};
