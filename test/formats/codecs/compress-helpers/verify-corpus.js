/*
 * Hand-run cross-check (not a test): compresses every file of a directory tree with our compressor into a WIM
 * (through the oracle in wim-oracle.ts) and has wimlib extract it and 7-Zip test it.
 *
 *   node test/formats/codecs/compress-helpers/verify-corpus.js DIR lzx|xpress [chunkSize] [level]
 */
'use strict';
require('./register-ts.js');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { createCompressor } = require('../../../../src/formats/codecs/compressors.ts');
const { roundTripThroughWimlib } = require('./wim-oracle.ts');

const [dir, fmt, chunkArg, levelArg] = process.argv.slice(2);
const chunkSize = Number(chunkArg || 32768);
const c = createCompressor(fmt === 'lzx' ? 2 : 1, chunkSize, Number(levelArg || 50));
const seen = new Set();
const payloads = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile()) {
      const b = fs.readFileSync(p);
      const h = crypto.createHash('sha1').update(b).digest('hex');
      if (b.length > 0 && !seen.has(h)) {
        seen.add(h);
        payloads.push(new Uint8Array(b.buffer, b.byteOffset, b.length));
      }
    }
  }
})(dir);
const r = roundTripThroughWimlib(payloads, fmt, chunkSize, (s, so, sl, d, dof, cap) => c.compress(s, so, sl, d, dof, cap), fmt === 'xpress' || chunkSize === 32768);
const raw = payloads.reduce((a, p) => a + p.length, 0);
console.log(`${fmt} chunk ${chunkSize}: ${payloads.length} blobs, ${r.compressed.length} compressed, ${raw} -> ${r.sizes.reduce((a, b) => a + b, 0)} bytes; failures: ${r.failures.length ? r.failures.join('\n') : 'none'}`);
process.exitCode = r.failures.length ? 1 : 0;
