/*
 * Torture fixtures, made at run time and never committed: a small source tree (hard links, empty files, a long name,
 * compressible text and random bytes, a few MB in all), captured by wimlib-imagex in every compression wimlib writes
 * (none, XPRESS, LZX, LZMS, solid LZMS .esd, two images, an integrity table, a split .swm set) and by wimsh's own
 * writer (XPRESS and a solid .esd via Export-WindowsImage); an ISO of a small tree with a WIM in it (genisoimage
 * -udf -J); a SOFTWARE registry hive (an empty regf written here, keys and values added by python3-hivex); and a
 * tree whose dentry names were sized to be overwritten with path-traversal names (campaign "traversal").
 */
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Rng } = require('./rng');

const ROOT = path.join(__dirname, '..', '..');
const WIMSH = path.join(ROOT, 'bin', 'wimsh.js');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** The names the traversal campaign overwrites: each exactly TRAVERSAL_NAME_LEN UTF-16 units long. */
const TRAVERSAL_NAME_LEN = 24;
const traversalSlot = (i) => `slot${String(i).padStart(2, '0')}`.padEnd(TRAVERSAL_NAME_LEN - 4, 'x') + '.txt';

/** The source tree: ~2.2 MB with `scale` 1; the file set is fixed for a seed, so figures compare across runs. */
function makeTree(dir, seed = 1, scale = 1) {
  const rng = new Rng(seed);
  fs.mkdirSync(path.join(dir, 'Windows', 'System32', 'drivers'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'Users', 'Public', 'Documents'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'empty-dir'), { recursive: true });
  const text = Buffer.from('The quick brown fox jumps over the lazy dog. 0123456789 abcdefghijklmnopqrstuvwxyz\r\n'.repeat(Math.ceil(12000 * scale)));
  fs.writeFileSync(path.join(dir, 'Windows', 'System32', 'license.txt'), text);
  fs.writeFileSync(path.join(dir, 'Windows', 'System32', 'drivers', 'random.bin'), rng.bytes(Math.ceil(600000 * scale)));
  // Half random, half zeros: chunks of both kinds in one blob (stored raw and compressed).
  const mixed = Buffer.concat([rng.bytes(Math.ceil(200000 * scale)), Buffer.alloc(Math.ceil(300000 * scale))]);
  fs.writeFileSync(path.join(dir, 'Windows', 'mixed.dat'), mixed);
  fs.writeFileSync(path.join(dir, 'Users', 'Public', 'Documents', 'empty.txt'), '');
  fs.writeFileSync(path.join(dir, 'empty2'), '');
  fs.writeFileSync(path.join(dir, 'Users', 'Public', 'hello.txt'), 'hello\r\n');
  // Hard links: one blob, three names.
  fs.linkSync(path.join(dir, 'Windows', 'System32', 'license.txt'), path.join(dir, 'Users', 'license-link.txt'));
  fs.linkSync(path.join(dir, 'Users', 'Public', 'hello.txt'), path.join(dir, 'hello-link.txt'));
  // A long name (200 UTF-16 units) and a deep path.
  fs.writeFileSync(path.join(dir, 'Users', 'L'.repeat(196) + '.txt'), 'long name');
  const deep = path.join(dir, 'Users', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
  fs.mkdirSync(deep, { recursive: true });
  fs.writeFileSync(path.join(deep, 'deep.txt'), text.subarray(0, 5000));
  // Small files with distinct contents (many blob table entries, many dentries).
  for (let i = 0; i < 24; i++) fs.writeFileSync(path.join(dir, 'Windows', 'System32', `file${i}.ini`), `[section${i}]\r\nvalue=${rng.int(1e9)}\r\n`.repeat(1 + (i % 7)));
}

/** An empty regf hive (base block, one hbin, a root key "ROOT" and its sk cell): hivex cannot create one itself. */
function emptyHive() {
  const b = Buffer.alloc(8192);
  b.write('regf', 0, 'latin1');
  b.writeUInt32LE(1, 4); // primary sequence
  b.writeUInt32LE(1, 8); // secondary sequence (equal: the hive is clean)
  b.writeUInt32LE(1, 20); // major version
  b.writeUInt32LE(5, 24); // minor version
  b.writeUInt32LE(1, 32);
  b.writeUInt32LE(0x20, 36); // root cell offset
  b.writeUInt32LE(4096, 40); // hbins size
  b.writeUInt32LE(1, 44);
  let x = 0;
  for (let i = 0; i < 508; i += 4) x ^= b.readUInt32LE(i);
  b.writeUInt32LE(x >>> 0, 508);
  const bin = 4096;
  b.write('hbin', bin, 'latin1');
  b.writeUInt32LE(4096, bin + 8);
  const nk = bin + 0x20;
  const skRel = 0x20 + 88;
  b.writeInt32LE(-88, nk);
  b.write('nk', nk + 4, 'latin1');
  b.writeUInt16LE(0x2c, nk + 6);
  b.writeUInt32LE(0xffffffff, nk + 20);
  b.writeUInt32LE(0xffffffff, nk + 32);
  b.writeUInt32LE(0xffffffff, nk + 36);
  b.writeUInt32LE(0xffffffff, nk + 44);
  b.writeUInt32LE(skRel, nk + 48);
  b.writeUInt32LE(0xffffffff, nk + 52);
  b.writeUInt16LE(4, nk + 76);
  b.write('ROOT', nk + 80, 'latin1');
  const sk = bin + skRel;
  b.writeInt32LE(-48, sk);
  b.write('sk', sk + 4, 'latin1');
  b.writeUInt32LE(skRel, sk + 8);
  b.writeUInt32LE(skRel, sk + 12);
  b.writeUInt32LE(1, sk + 16);
  b.writeUInt32LE(20, sk + 20);
  b[sk + 24] = 1; // revision
  b.writeUInt16LE(0x8004, sk + 26); // SE_SELF_RELATIVE | SE_DACL_PRESENT
  const free = sk + 48;
  b.writeInt32LE(bin + 4096 - free, free);
  return b;
}

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import hivex'], { stdio: 'ignore' }).status === 0);

/** A SOFTWARE hive with the values DISM reads for an image's WINDOWS element; undefined when python3-hivex is absent. */
function makeSoftwareHive(file) {
  if (!PYTHON) return undefined;
  fs.writeFileSync(file, emptyHive());
  const script = `
import hivex, sys
h = hivex.Hivex(sys.argv[1], write=True)
def key(path):
    node = h.root()
    for part in path.split('\\\\'):
        child = h.node_get_child(node, part)
        node = child if child else h.node_add_child(node, part)
    return node
def sz(s): return (s + '\\0').encode('utf-16-le')
k = key('Microsoft\\\\Windows NT\\\\CurrentVersion')
h.node_set_values(k, [
  {'key': 'ProductName', 't': 1, 'value': sz('Windows 10 Pro')},
  {'key': 'EditionID', 't': 1, 'value': sz('Professional')},
  {'key': 'InstallationType', 't': 1, 'value': sz('Client')},
  {'key': 'CurrentMajorVersionNumber', 't': 4, 'value': (10).to_bytes(4, 'little')},
  {'key': 'CurrentMinorVersionNumber', 't': 4, 'value': (0).to_bytes(4, 'little')},
  {'key': 'CurrentBuildNumber', 't': 1, 'value': sz('26100')},
  {'key': 'UBR', 't': 4, 'value': (1742).to_bytes(4, 'little')},
  {'key': 'PathName', 't': 1, 'value': sz('C:\\\\Windows')},
  {'key': 'SystemRoot', 't': 1, 'value': sz('C:\\\\Windows')},
  {'key': 'BigValue', 't': 3, 'value': bytes(range(256)) * 80},
])
for i in range(30):
    kk = key('Microsoft\\\\Many\\\\Key%02d' % i)
    h.node_set_values(kk, [{'key': 'V%d' % i, 't': 7, 'value': sz('a') + sz('b%d' % i) + b'\\0\\0'}])
h.commit(None)
`;
  run(PYTHON, ['-c', script, file]);
  return file;
}

/**
 * Builds every fixture under `dir` (made if missing). Returns the paths by name; `forms` lists the WIM-family files
 * with what the mutator needs to know of them.
 */
function buildFixtures(dir, { seed = 1, scale = 1, withOurs = true } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const tree = path.join(dir, 'tree');
  fs.rmSync(tree, { recursive: true, force: true });
  makeTree(tree, seed, scale);
  const W = (n) => path.join(dir, n);
  const cap = (out, extra, name = 'Torture') => run('wimlib-imagex', ['capture', tree, out, name, ...extra]);
  const forms = [];
  const add = (file, kind, extra = {}) => forms.push({ file, kind, ...extra });
  cap(W('none.wim'), ['--compress=none']);
  add(W('none.wim'), 'wim', { compression: 'none' });
  cap(W('xpress.wim'), ['--compress=xpress']);
  add(W('xpress.wim'), 'wim', { compression: 'xpress' });
  cap(W('lzx.wim'), ['--compress=lzx']);
  add(W('lzx.wim'), 'wim', { compression: 'lzx' });
  cap(W('lzms.wim'), ['--compress=lzms']);
  add(W('lzms.wim'), 'wim', { compression: 'lzms' });
  cap(W('solid.esd'), ['--solid']);
  add(W('solid.esd'), 'esd', { compression: 'lzms', solid: true });
  cap(W('check.wim'), ['--compress=xpress', '--check']);
  add(W('check.wim'), 'wim', { compression: 'xpress', integrity: true });
  cap(W('multi.wim'), ['--compress=lzx'], 'First');
  run('wimlib-imagex', ['append', path.join(tree, 'Users'), W('multi.wim'), 'Second']);
  add(W('multi.wim'), 'wim', { compression: 'lzx', images: 2 });
  // A split set: parts of ~0.6 MB so that the set has 3-4 parts.
  run('wimlib-imagex', ['split', W('lzx.wim'), W('split.swm'), String(0.6 * scale)]);
  const parts = fs.readdirSync(dir).filter((f) => /^split\d*\.swm$/.test(f)).sort().map((f) => W(f));
  add(W('split.swm'), 'swm', { compression: 'lzx', parts });
  // The traversal base: names sized for overwriting, uncompressed so the dentry tree is in place.
  const trav = path.join(dir, 'trav-tree');
  fs.rmSync(trav, { recursive: true, force: true });
  fs.mkdirSync(path.join(trav, 'dir'), { recursive: true });
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(trav, 'dir', traversalSlot(i)), `slot ${i}\r\n`);
  run('wimlib-imagex', ['capture', trav, W('traversal-base.wim'), 'T', '--compress=none']);
  if (withOurs) {
    const home = path.join(dir, 'home');
    const ours = (dest, type) => (fs.rmSync(dest, { force: true }),
      run(process.execPath, [WIMSH, '-NoProfile', '-NonInteractive', '-Command', type === 'recovery'
        ? `dism.exe /Export-Image /SourceImageFile:'${W('none.wim')}' /SourceIndex:1 /DestinationImageFile:'${dest}' /Compress:recovery; exit $LASTEXITCODE`
        : `Export-WindowsImage -SourceImagePath '${W('none.wim')}' -SourceIndex 1 -DestinationImagePath '${dest}' -CompressionType ${type}`], {
        env: { ...process.env, WIMSH_HOME: home },
      }));
    ours(W('ours-fast.wim'), 'fast');
    add(W('ours-fast.wim'), 'wim', { compression: 'xpress', ours: true });
    ours(W('ours-max.wim'), 'max');
    add(W('ours-max.wim'), 'wim', { compression: 'lzx', ours: true });
    ours(W('ours.esd'), 'recovery');
    add(W('ours.esd'), 'esd', { compression: 'lzms', solid: true, ours: true });
  }
  // A small disc: a tree with a WIM inside, UDF bridge + Joliet, as Windows media are.
  const isoTree = path.join(dir, 'iso-tree');
  fs.rmSync(isoTree, { recursive: true, force: true });
  fs.mkdirSync(path.join(isoTree, 'sources', 'deep', 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(isoTree, 'readme.txt'), 'disc\r\n');
  fs.writeFileSync(path.join(isoTree, 'sources', 'deep', 'a', 'b', 'x.txt'), 'deep');
  fs.copyFileSync(W('xpress.wim'), path.join(isoTree, 'sources', 'install.wim'));
  let iso;
  if (spawnSync('genisoimage', ['-version'], { stdio: 'ignore' }).status === 0) {
    iso = W('disc.iso');
    run('genisoimage', ['-quiet', '-udf', '-J', '-V', 'TORTURE', '-o', iso, isoTree]);
  }
  let hive;
  try {
    hive = makeSoftwareHive(W('SOFTWARE'));
  } catch (e) {
    hive = undefined;
  }
  return { dir, tree, forms, traversalBase: W('traversal-base.wim'), iso, hive, python: PYTHON };
}

/** True when the reference tools the fixtures need are installed. */
function haveTools() {
  return spawnSync('wimlib-imagex', ['--version'], { stdio: 'ignore' }).status === 0;
}

module.exports = { buildFixtures, makeTree, haveTools, traversalSlot, TRAVERSAL_NAME_LEN, WIMSH, ROOT, run, execFileSync };
