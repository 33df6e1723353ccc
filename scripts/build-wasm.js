#!/usr/bin/env node
/*
 * Builds the codec kernels written in AssemblyScript (src/formats/codecs/wasm/*.ts, one module per file) into
 * WebAssembly beside the compiled JavaScript: dist/src/formats/codecs/wasm/<name>.simd.wasm (128-bit SIMD) and
 * <name>.wasm (scalar, for runtimes without SIMD), both `-O3 --runtime stub --noAssert` (the kernels allocate
 * nothing: their callers lay out the memory) with the abort import dropped, so a module needs no imports. A module
 * newer than every source is kept (the build runs before every `npm test`). The main tsc excludes these sources:
 * they are AssemblyScript (i32, load<T>, v128), type-checked by asc here.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const srcDir = path.join(root, 'src', 'formats', 'codecs', 'wasm');
const outDir = path.join(root, 'dist', 'src', 'formats', 'codecs', 'wasm');
const asc = require.resolve('assemblyscript/bin/asc.js', { paths: [root] });

const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
// Any source may be imported by another: a module is rebuilt when any of them is newer than it.
const newestSource = Math.max(...sources.map((f) => fs.statSync(path.join(srcDir, f)).mtimeMs), fs.statSync(__filename).mtimeMs);
fs.mkdirSync(outDir, { recursive: true });
let built = 0;
for (const file of sources) {
  const name = file.slice(0, -3);
  for (const [suffix, extra] of [['.simd', ['--enable', 'simd']], ['', []]]) {
    const out = path.join(outDir, `${name}${suffix}.wasm`);
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs > newestSource) continue;
    const args = [asc, path.join(srcDir, file), '-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', ...extra, '-o', out];
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`build-wasm: asc failed on ${file}${suffix ? ' (SIMD)' : ''}`);
      process.exit(r.status || 1);
    }
    built++;
  }
}
console.log(`build-wasm: ${built} module(s) built, ${sources.length * 2 - built} up to date in ${path.relative(root, outDir)}`);
