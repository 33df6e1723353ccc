#!/usr/bin/env node
// `npm run demo`: builds a sample Windows-like tree (three editions sharing most files), then runs demo/demo.ps1
// through the built wimsh with its drives under demo/work (reset each run): C:\ is demo/work/drives/c.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const work = path.join(root, 'demo', 'work');
if (!fs.existsSync(path.join(root, 'dist', 'src'))) {
  console.error('wimsh is not built yet: run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
fs.rmSync(work, { recursive: true, force: true });
const sample = path.join(work, 'drives', 'c', 'sample');

// A deterministic byte generator (xorshift32), so each run builds the same tree.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
function binary(seed, size) {
  const next = rng(seed);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) b.writeUInt32LE(next(), i);
  return b;
}
// Compressible text: sentences drawn from a small vocabulary, like the .inf/.xml/.txt files of a real image.
const WORDS = 'driver service registry policy feature package manifest component update language font setup boot kernel network storage display audio security'.split(' ');
function text(seed, lines) {
  const next = rng(seed);
  const out = [];
  for (let i = 0; i < lines; i++) {
    const n = 6 + (next() % 8);
    const w = [];
    for (let j = 0; j < n; j++) w.push(WORDS[next() % WORDS.length]);
    out.push(`${i.toString().padStart(5, '0')} ${w.join(' ')};`);
  }
  return out.join('\r\n') + '\r\n';
}
function put(rel, data) {
  const p = path.join(sample, ...rel.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
}

// Shared by the three editions: stored once in a WIM that holds them all.
const shared = [];
for (let i = 0; i < 24; i++) shared.push([`Windows/System32/drivers/drv${i}.sys`, binary(1000 + i, 16 * 1024 + i * 512)]);
for (let i = 0; i < 40; i++) shared.push([`Windows/INF/oem${i}.inf`, text(2000 + i, 120 + i * 5)]);
for (let i = 0; i < 8; i++) shared.push([`Windows/System32/kernel${i}.dll`, binary(3000 + i, 48 * 1024)]);
shared.push(['Windows/System32/config/SOFTWARE', binary(4000, 96 * 1024)]);
shared.push(['Program Files/Common Files/readme.txt', text(5000, 400)]);
shared.push(['Users/Default/NTUSER.DAT', binary(6000, 32 * 1024)]);

const EDITIONS = [
  ['Home', 'Core'],
  ['Pro', 'Professional'],
  ['Education', 'Education'],
];
for (const [edition, editionId] of EDITIONS) {
  const base = edition;
  for (const [rel, data] of shared) put(`${base}/${rel}`, data);
  put(`${base}/Windows/System32/edition.txt`, `EditionID=${editionId}\r\nProductName=Windows 11 ${edition}\r\n`);
  put(`${base}/Windows/System32/license/${editionId}.xml`, text(7000 + edition.length, 200));
  put(`${base}/Windows/System32/${editionId.toLowerCase()}.dll`, binary(8000 + edition.length, 24 * 1024));
}

// Every drive letter maps under demo/work, whatever the caller's environment says.
const env = { ...process.env, WIMSH_HOME: work };
for (const k of Object.keys(env)) if (/^WIMSH_DRIVE_/i.test(k)) delete env[k];
const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wimsh.js'), '-NoProfile', '-File', path.join(root, 'demo', 'demo.ps1')], {
  stdio: 'inherit',
  cwd: root,
  env,
});
process.exit(r.status === null ? 1 : r.status);
