#!/usr/bin/env node
/*
 * Hand-run throughput check of the decompressors (not a test: timings live outside the test suite).
 *
 *   node test/formats/codecs/helpers/decompress-throughput.js some.wim [--no-7zz]
 *
 * Decompresses every compressed resource of the WIM with our decoders (best of 3 runs, decode only, then decode +
 * SHA-1 of every blob, checked against the blob table), and times `7zz t` on the same file for comparison. CPU seconds
 * (user + system; GNU time for 7zz) are compared rather than wall-clock time, which a busy machine skews.
 * TypeScript sources are compiled on the fly with @swc/core, as jest does.
 */
'use strict';
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const out = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(out.code, filename);
};

const { parseWim, verifyWim, decompressResource } = require('./wim-fixture.ts');
const { createDecompressor } = require('../../../../src/formats/codecs/decompressors.ts');

const file = process.argv[2];
if (!file) {
  console.error('usage: decompress-throughput.js WIM [--no-7zz]');
  process.exit(2);
}
const wim = fs.readFileSync(file);
const parsed = parseWim(wim);
const usize = parsed.resources.reduce((n, r) => n + r.usize, 0);
const csize = parsed.resources.reduce((n, r) => n + r.chunks.reduce((m, c) => m + c.data.length, 0), 0);
const formats = [...new Set(parsed.resources.map((r) => `${['none', 'xpress', 'lzx', 'lzms'][r.format]}/${r.chunkSize}`))];
console.log(`${file}: ${parsed.resources.length} resources (${formats.join(', ')}), ${(csize / 1e6).toFixed(1)} MB -> ${(usize / 1e6).toFixed(1)} MB`);

const decoders = new Map();
const get = (f, cs) => {
  const k = `${f}/${cs}`;
  if (!decoders.has(k)) decoders.set(k, createDecompressor(f, cs));
  return decoders.get(k);
};
// CPU time (user + system) is what we compare: the machine may be shared, which skews wall-clock time.
const cpuSeconds = (u) => (u.user + u.system) / 1e6;
let best = Infinity;
let bestWall = Infinity;
for (let run = 0; run < 3; run++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const r of parsed.resources) decompressResource(r, get(r.format, r.chunkSize));
  best = Math.min(best, cpuSeconds(process.cpuUsage(c0)));
  bestWall = Math.min(bestWall, Number(process.hrtime.bigint() - t0) / 1e9);
}
console.log(`wimsh decode only:      ${best.toFixed(3)} s CPU  ${(usize / 1e6 / best).toFixed(1)} MB/s (best of 3; wall ${bestWall.toFixed(3)} s)`);
const c1 = process.cpuUsage();
const v = verifyWim(parsed, get);
const s1 = cpuSeconds(process.cpuUsage(c1));
console.log(`wimsh decode + SHA-1:   ${s1.toFixed(3)} s CPU  ${(usize / 1e6 / s1).toFixed(1)} MB/s, ${v.blobs} blobs, ${v.mismatches.length} mismatches`);

if (!process.argv.includes('--no-7zz')) {
  // GNU time reports the child's user + system seconds on stderr.
  let best7 = Infinity;
  for (let run = 0; run < 3; run++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '7zz', 't', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`7zz t failed: ${r.stderr}`);
    const [u, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    best7 = Math.min(best7, u + sys);
  }
  console.log(`7zz t:                  ${best7.toFixed(3)} s CPU  ${(usize / 1e6 / best7).toFixed(1)} MB/s (best of 3)`);
  console.log(`ratio wimsh(decode+SHA-1) / 7zz t: ${(s1 / best7).toFixed(2)}x`);
}
