#!/usr/bin/env node
/*
 * Scale test of the "streams, bounded memory" requirement (DEVELOPERS.md: a 5 GB install.wim exports in under
 * 256 MB RSS). Run by hand, never by jest:
 *
 *   npm run build && node test/formats/wim/scale/make-big-tree.js
 *
 * 1. Builds a synthetic tree shaped like a Windows image under $SCALE_DIR (default /tmp/wimsh-scale): Windows\
 *    System32, WinSxS with thousands of component directories, Program Files...; SCALE_FILES files (default 120000)
 *    of which most are small, a few are large (several chunks, some over 64 MiB), most content compresses ~2-3x
 *    (text-like or PE-like: words, tables, padding), a share is random (incompressible), ~8% are duplicates of
 *    other files' content, ~3% are hard links, a few are empty or symlinks. Total size SCALE_BYTES (default 2 GiB;
 *    e.g. SCALE_BYTES=300M for a quick run). The tree is deterministic (SCALE_SEED).
 * 2. Captures it with `wimlib-imagex capture --compress=LZX` (src.wim) and, unless SCALE_ESD=0, as a solid ESD
 *    (`--solid`, LZMS, src.esd).
 * 3. Exports image 1 with wimsh (`node bin/wimsh.js -c "Export-WindowsImage ..."`) and with `wimlib-imagex export`:
 *    lzx -> lzx (raw copy), lzx -> fast (XPRESS, recompression), esd -> max (LZX from a solid source), measuring
 *    peak RSS (VmHWM via /usr/bin/time -f %M), wall time and CPU time (user + system), and verifies every output with
 *    `wimlib-imagex verify`.
 * 4. Prints a table (and writes $SCALE_DIR/results.json). SCALE_KEEP=1 keeps the tree and the WIMs; otherwise the
 *    tree and outputs are deleted at the end (the source WIMs are kept only with SCALE_KEEP=1 too).
 *
 * Other knobs: SCALE_ONLY=raw,fast,esd,append (a subset of the exports), SCALE_REUSE=1 (reuse an existing tree and
 * source WIMs in $SCALE_DIR), SCALE_NODE_OPTS (extra node flags for wimsh, e.g. "--max-old-space-size=192"),
 * SCALE_WIMLIB=0 (skip the wimlib exports), SCALE_ESD_LEVEL (LZMS level of the ESD, default 1),
 * SCALE_WIMSH (the wimsh.js to measure, default this repository's bin/wimsh.js: point it at a copy of another build
 * to compare before and after), SCALE_RUNS (runs of each export per side, best kept; default 1). SCALE_ONLY may also
 * name `append`: image 1 of src.wim appended to a copy of src.wim as a second edition (every blob is already there:
 * the metadata is read, scanned and copied, the blob table and XML rewritten), the copy made before each timed run.
 *
 * SCALE_SOURCES_ONLY=1 (what `npm run bench -- --scale` runs, once, to fill its cache) makes the sources and
 * stops: src.wim (LZX), and src-2.wim, a second edition sharing most of its blobs (a copy of src.wim where
 * wimlib-imagex update deleted one top directory and added SCALE_EDITION_BYTES, default 2% of the tree, of new
 * files, then rebuilt it); the tree is removed, no export is run.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const cp = require('child_process');

const repo = path.resolve(__dirname, '../../../..');
const dir = process.env.SCALE_DIR || '/tmp/wimsh-scale';
const treeDir = path.join(dir, 'tree');
const nFiles = parseInt(process.env.SCALE_FILES || '120000', 10);
const totalBytes = parseSize(process.env.SCALE_BYTES || '2G');
const seed = parseInt(process.env.SCALE_SEED || '12345', 10);
const only = new Set((process.env.SCALE_ONLY || 'raw,fast,esd,append').split(','));
const withEsd = process.env.SCALE_ESD !== '0' && only.has('esd');
const withWimlib = process.env.SCALE_WIMLIB !== '0';
const keep = process.env.SCALE_KEEP === '1';
const reuse = process.env.SCALE_REUSE === '1';
const esdLevel = parseInt(process.env.SCALE_ESD_LEVEL || '1', 10);
const wimshJs = path.resolve(process.env.SCALE_WIMSH || path.join(repo, 'bin/wimsh.js'));
const nodeOpts = (process.env.SCALE_NODE_OPTS || '').split(' ').filter(Boolean);
/** Runs of each export per side, taken in turn; the fastest run of each side is reported (as npm run bench does). */
const runs = Math.max(1, parseInt(process.env.SCALE_RUNS || '1', 10));
/** The append job adds image 1 of src.wim to a copy of src.wim under this name: every blob is already there. */
const APPEND_NAME = 'Edition 2';
const sourcesOnly = process.env.SCALE_SOURCES_ONLY === '1';
const editionBytes = process.env.SCALE_EDITION_BYTES ? parseSize(process.env.SCALE_EDITION_BYTES) : Math.round(totalBytes / 50);

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(s.trim());
  if (!m) throw new Error(`bad size ${s}`);
  return Math.round(parseFloat(m[1]) * { '': 1, K: 1024, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase()]);
}
const mib = (n) => (n / (1 << 20)).toFixed(1);

// xorshift32: deterministic and fast.
let rs = seed >>> 0 || 1;
function rnd() {
  rs ^= rs << 13;
  rs >>>= 0;
  rs ^= rs >>> 17;
  rs ^= rs << 5;
  rs >>>= 0;
  return rs;
}
const rndf = () => rnd() / 4294967296;
const pick = (a) => a[rnd() % a.length];

// ---------------------------------------------------------------------------------------------------------------
// Content. A pool of "words" (text-like) and "records" (PE-like: small structs, padding) drives a generator that
// writes compressible bytes; a file's content is a pure function of its content seed, so duplicates are exact.
const WORDS = [];
for (let i = 0; i < 2048; i++) {
  const len = 2 + (rnd() % 10);
  let w = '';
  for (let j = 0; j < len; j++) w += String.fromCharCode(97 + (rnd() % 26));
  WORDS.push(Buffer.from(w + (i % 7 === 0 ? '\r\n' : ' ')));
}
const RECORDS = [];
for (let i = 0; i < 256; i++) {
  const b = Buffer.alloc(16 + (rnd() % 48));
  for (let j = 0; j < b.length; j++) b[j] = j % 4 === 3 ? 0 : rnd() & (j % 2 ? 0x0f : 0xff);
  RECORDS.push(b);
}

function fill(buf, cseed, kind) {
  let s = cseed >>> 0 || 7;
  const r = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  let p = 0;
  const n = buf.length;
  // Every file starts with a distinct header, so that only intended duplicates share a SHA-1.
  const hdr = Buffer.from(`MZ${cseed.toString(16)}:`);
  p += hdr.copy(buf, 0, 0, Math.min(hdr.length, n));
  while (p < n) {
    const t = r();
    if (kind === 2 || (kind === 1 && (t & 31) === 0)) {
      // random run (compressed data, certificates, images)
      const len = Math.min(n - p, 64 + (t >>> 24));
      for (let i = 0; i < len; i += 4) {
        const v = r();
        buf[p + i] = v;
        if (i + 1 < len) buf[p + i + 1] = v >>> 8;
        if (i + 2 < len) buf[p + i + 2] = v >>> 16;
        if (i + 3 < len) buf[p + i + 3] = v >>> 24;
      }
      p += len;
    } else if (kind === 1 && (t & 3) === 0) {
      const len = Math.min(n - p, (t >>> 8) & 511);
      buf.fill(0, p, p + len);
      p += len;
    } else {
      const src = kind === 1 ? RECORDS[(t >>> 8) & 255] : WORDS[(t >>> 8) & 2047];
      p += src.copy(buf, p, 0, Math.min(src.length, n - p));
      if ((t & 0xff) < 24 && p + 4 <= n) {
        buf.writeUInt32LE(r(), p); // a sprinkle of entropy
        p += 4;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The tree: directories first, then files placed in them, sizes drawn and scaled to the byte budget.
function makeTree() {
  fs.rmSync(treeDir, { recursive: true, force: true });
  fs.mkdirSync(treeDir, { recursive: true });
  const dirs = [];
  const mk = (rel, weight) => {
    fs.mkdirSync(path.join(treeDir, rel), { recursive: true });
    dirs.push({ rel, weight });
  };
  const tops = ['Windows', 'Windows/System32', 'Windows/SysWOW64', 'Windows/System32/DriverStore/FileRepository', 'Windows/WinSxS', 'Program Files', 'Program Files (x86)', 'ProgramData', 'Users/Default/AppData/Local'];
  for (const t of tops) mk(t, 1);
  // System32-like: a few hundred nested dirs holding many files each.
  const langs = ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'zh-CN', 'es-ES'];
  for (let i = 0; i < 300; i++) mk(`Windows/System32/${pick(['', 'drivers/', 'wbem/', 'catroot/', 'config/'])}${WORDS[i].toString().trim()}${i}${i % 10 === 0 ? '/' + pick(langs) : ''}`, 6);
  for (let i = 0; i < 100; i++) mk(`Windows/SysWOW64/${WORDS[300 + i].toString().trim()}${i}`, 4);
  // WinSxS-like: thousands of component directories with a few files each.
  const nComp = Math.max(50, Math.round(nFiles / 12));
  for (let i = 0; i < nComp; i++) {
    const h = (rnd() >>> 0).toString(16).padStart(8, '0') + (rnd() >>> 0).toString(16).padStart(8, '0');
    mk(`Windows/WinSxS/${pick(['amd64', 'wow64', 'x86', 'msil'])}_microsoft-windows-${WORDS[i % 2048].toString().trim()}-${i}_31bf3856ad364e35_10.0.22621.${i % 4000}_none_${h}`, 1);
  }
  for (let i = 0; i < 400; i++) mk(`Windows/System32/DriverStore/FileRepository/${WORDS[i].toString().trim()}.inf_amd64_${(rnd() >>> 0).toString(16)}`, 1);
  for (let i = 0; i < 200; i++) mk(`Program Files/${pick(['Common Files', 'WindowsApps', 'Windows Defender', 'Internet Explorer'])}/${WORDS[900 + i].toString().trim()}${i}/${pick(['bin', 'res', 'lib', 'x64'])}`, 3);
  for (let i = 0; i < 100; i++) mk(`Program Files (x86)/${WORDS[1200 + i].toString().trim()}${i}`, 2);

  // File sizes: log-uniform classes (most small), then a few big ones; all scaled to the budget.
  const sizes = new Float64Array(nFiles);
  let sum = 0;
  for (let i = 0; i < nFiles; i++) {
    const u = rndf();
    let s;
    if (u < 0.02) s = 0;
    else if (u < 0.75) s = Math.exp(Math.log(200) + rndf() * (Math.log(32 << 10) - Math.log(200)));
    else if (u < 0.97) s = Math.exp(Math.log(32 << 10) + rndf() * (Math.log(1 << 20) - Math.log(32 << 10)));
    else s = Math.exp(Math.log(1 << 20) + rndf() * (Math.log(16 << 20) - Math.log(1 << 20)));
    sizes[i] = s;
    sum += s;
  }
  // A handful of big files (install images carry a few: fonts, .msu, edb files): 20% of the budget.
  const nBig = Math.max(2, Math.min(8, Math.round(totalBytes / (160 << 20))));
  const bigShare = 0.2 * totalBytes;
  const scale = (totalBytes - bigShare) / sum;
  for (let i = 0; i < nFiles; i++) sizes[i] = Math.round(sizes[i] * scale);
  for (let i = 0; i < nBig; i++) sizes[(i * 7919) % nFiles] = Math.round(bigShare / nBig);

  const wsum = dirs.reduce((a, d) => a + d.weight, 0);
  const cum = [];
  let acc = 0;
  for (const d of dirs) cum.push((acc += d.weight / wsum));
  const dirOf = () => {
    const u = rndf();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cum[m] < u) lo = m + 1;
      else hi = m;
    }
    return dirs[lo].rel;
  };
  const exts = ['.dll', '.dll', '.dll', '.exe', '.sys', '.mui', '.mui', '.manifest', '.cat', '.xml', '.inf', '.txt', '.ttf', '.png', '.cab'];
  const written = [];
  let buf = Buffer.alloc(1 << 20);
  let bytes = 0;
  let links = 0;
  let dups = 0;
  const t0 = Date.now();
  for (let i = 0; i < nFiles; i++) {
    const ext = exts[rnd() % exts.length];
    const rel = `${dirOf()}/${WORDS[rnd() % 2048].toString().trim()}_${i}${ext}`;
    const abs = path.join(treeDir, rel);
    const u = rndf();
    if (written.length > 100 && u < 0.03) {
      const target = written[rnd() % written.length];
      fs.linkSync(target, abs);
      links++;
      continue;
    }
    if (written.length > 100 && u < 0.032) {
      fs.symlinkSync(path.relative(path.dirname(abs), written[rnd() % written.length]), abs);
      continue;
    }
    const size = sizes[i];
    const dupOf = written.length > 100 && u < 0.11 ? rnd() % i : -1; // ~8% duplicates of another file's content
    const cseed = dupOf >= 0 ? dupOf + 1 : i + 1;
    const dupSize = dupOf >= 0 ? Math.min(sizes[dupOf], 4 << 20) : size;
    if (dupOf >= 0) dups++;
    const n = dupOf >= 0 ? dupSize : size;
    const kind = ext === '.png' || ext === '.cab' ? 2 : ext === '.txt' || ext === '.xml' || ext === '.inf' || ext === '.manifest' ? 0 : 1;
    const fd = fs.openSync(abs, 'w');
    // Big files are written in 1 MiB pieces, each a function of (seed, piece).
    for (let off = 0, piece = 0; off < n; off += buf.length, piece++) {
      const len = Math.min(buf.length, n - off);
      const b = len === buf.length ? buf : buf.subarray(0, len);
      fill(b, (cseed * 2654435761 + piece * 40503) >>> 0 || 1, kind);
      fs.writeSync(fd, b);
    }
    fs.closeSync(fd);
    bytes += n;
    written.push(abs);
    if (i % 20000 === 0 && i) process.stderr.write(`  ${i} files, ${mib(bytes)} MiB, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  return { files: nFiles, dirs: dirs.length, bytes, hardLinks: links, duplicates: dups };
}

/**
 * The second edition (src-2.wim): src.wim less `Program Files (x86)`, plus a directory of new files (their content
 * seeds are past every seed of the tree, so their blobs are new), rebuilt so that it holds only what it names.
 */
function makeEdition(srcWim, out) {
  const addDir = path.join(dir, 'edition-2-new');
  fs.rmSync(addDir, { recursive: true, force: true });
  fs.mkdirSync(addDir, { recursive: true });
  const buf = Buffer.alloc(256 << 10);
  for (let i = 0, bytes = 0; bytes < editionBytes; i++) {
    const n = Math.min(editionBytes - bytes, 4096 + (rnd() % (buf.length - 4096)));
    const b = buf.subarray(0, n);
    fill(b, (nFiles + 1 + i) * 2654435761 >>> 0 || 1, i % 5 === 4 ? 2 : 1);
    fs.writeFileSync(path.join(addDir, `update_${i}.dll`), b);
    bytes += n;
  }
  fs.copyFileSync(srcWim, out + '.tmp');
  const cmds = `delete --recursive "/Program Files (x86)"\nadd "${addDir}" "/Windows/Edition2"\n`;
  const r = cp.spawnSync('wimlib-imagex', ['update', out + '.tmp', '1', '--rebuild', '--no-acls'], { input: cmds, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wimlib-imagex update failed:\n${r.stdout}\n${r.stderr}`);
  fs.renameSync(out + '.tmp', out);
  fs.rmSync(addDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Running and measuring.
function measure(label, argv, env) {
  const t0 = process.hrtime.bigint();
  const haveTime = fs.existsSync('/usr/bin/time');
  const timeFile = path.join(dir, 'time.out');
  const cmd = haveTime ? '/usr/bin/time' : argv[0];
  const args = haveTime ? ['-f', '%M %U %S', '-o', timeFile, ...argv] : argv.slice(1);
  const r = cp.spawnSync(cmd, args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    process.stderr.write(`${label} failed (${r.status}):\n${r.stdout}\n${r.stderr}\n`);
    throw new Error(`${label} failed`);
  }
  // Peak RSS and CPU seconds (user + system: steadier than wall time on a busy machine).
  const t = haveTime ? fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { label, secs, cpuSecs: t[1] + t[2], peakMiB: t[0] / 1024, out: r.stdout + r.stderr };
}

function run(cmd, args) {
  const r = cp.spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** wimsh's Export-WindowsImage of image 1 of src to dst (a new file unless `append`). */
function wimsh(label, src, dst, compression, append) {
  if (!append) fs.rmSync(dst, { force: true });
  const comp = compression ? ` -CompressionType ${compression}` : '';
  const name = append ? ` -DestinationName '${APPEND_NAME}'` : '';
  const command = `Export-WindowsImage -SourceImagePath '${src}' -SourceIndex 1 -DestinationImagePath '${dst}'${comp}${name}`;
  return measure(label, ['node', ...nodeOpts, wimshJs, '-NoProfile', '-c', command], {});
}

function wimlib(label, src, dst, compress, append) {
  if (!append) fs.rmSync(dst, { force: true });
  return measure(label, ['wimlib-imagex', 'export', src, '1', dst, ...(append ? [APPEND_NAME] : [`--compress=${compress}`])], {});
}

function verify(file) {
  run('wimlib-imagex', ['verify', file]);
  return true;
}

function main() {
  if (!fs.existsSync(path.join(path.dirname(wimshJs), '../dist'))) throw new Error('run `npm run build` first');
  fs.mkdirSync(dir, { recursive: true });
  const srcWim = path.join(dir, 'src.wim');
  const srcEsd = path.join(dir, 'src.esd');
  const results = { files: nFiles, targetBytes: totalBytes, rows: [] };
  if (!(reuse && fs.existsSync(srcWim))) {
    process.stderr.write(`Building ${nFiles} files, ${mib(totalBytes)} MiB under ${treeDir}...\n`);
    results.tree = makeTree();
    process.stderr.write(`  ${JSON.stringify(results.tree)}\n`);
    // Captured under a temporary name: a run stopped half way leaves no src.wim for SCALE_REUSE to take.
    const c1 = measure('wimlib capture LZX', ['wimlib-imagex', 'capture', treeDir, srcWim + '.tmp', 'Scale', '--compress=LZX', '--no-acls'], {});
    fs.renameSync(srcWim + '.tmp', srcWim);
    results.rows.push(c1);
    // The ESD is made from src.wim (no second scan); LZMS at a lower level than wimlib's default 50 keeps this
    // step to minutes (the solid chunk size, 64 MiB, is what matters to the reader's memory, and stays).
    if (withEsd) results.rows.push(measure('wimlib export -> ESD (solid LZMS)', ['wimlib-imagex', 'export', srcWim, '1', srcEsd, '--solid', `--solid-compress=LZMS:${esdLevel}`], {}));
    if (!keep) fs.rmSync(treeDir, { recursive: true, force: true });
  }
  if (sourcesOnly) {
    const second = path.join(dir, 'src-2.wim');
    if (!fs.existsSync(second)) makeEdition(srcWim, second);
    return;
  }
  const info = run('wimlib-imagex', ['info', srcWim, '1']);
  results.sourceInfo = {
    wimBytes: fs.statSync(srcWim).size,
    esdBytes: fs.existsSync(srcEsd) ? fs.statSync(srcEsd).size : undefined,
    totalBytes: Number((/Total Bytes:\s+(\d+)/.exec(info) || [])[1]),
    fileCount: Number((/File Count:\s+(\d+)/.exec(info) || [])[1]),
    dirCount: Number((/Directory Count:\s+(\d+)/.exec(info) || [])[1]),
  };
  const blobs = run('wimlib-imagex', ['info', srcWim, '--blobs']).split('\n').filter((l) => /^Hash\s/.test(l)).length;
  results.sourceInfo.blobEntries = blobs;
  process.stderr.write(`Source: ${JSON.stringify(results.sourceInfo)}\n`);

  const jobs = [];
  if (only.has('raw')) jobs.push(['lzx -> lzx (raw copy)', srcWim, 'out-raw', null, 'LZX']);
  if (only.has('fast')) jobs.push(['lzx -> fast (XPRESS)', srcWim, 'out-fast', 'fast', 'XPRESS']);
  if (only.has('esd') && fs.existsSync(srcEsd)) jobs.push(['esd -> max (LZX)', srcEsd, 'out-max', 'max', 'LZX']);
  if (only.has('append')) jobs.push(['lzx, append an edition', srcWim, 'out-append', null, null, true]);
  for (const [what, src, base, comp, wl, append] of jobs) {
    const out = path.join(dir, `${base}.wimsh.wim`);
    const o2 = path.join(dir, `${base}.wimlib.wim`);
    process.stderr.write(`wimsh ${what}...\n`);
    let r;
    let w;
    for (let i = 0; i < runs; i++) {
      if (append) fs.copyFileSync(srcWim, out);
      const ri = wimsh(`wimsh ${what}`, src, out, comp, append);
      if (!r || ri.secs < r.secs) r = { ...ri, peakMiB: Math.max(ri.peakMiB, r ? r.peakMiB : 0) };
      r.outBytes = fs.statSync(out).size;
      if (i === 0) r.verified = verify(out);
      if (withWimlib) {
        if (append) fs.copyFileSync(srcWim, o2);
        const wi = wimlib(`wimlib ${what}`, src, o2, wl, append);
        if (!w || wi.secs < w.secs) w = { ...wi, peakMiB: Math.max(wi.peakMiB, w ? w.peakMiB : 0) };
        w.outBytes = fs.statSync(o2).size;
      }
    }
    results.rows.push(r);
    process.stderr.write(`  ${r.peakMiB.toFixed(0)} MiB peak, ${r.secs.toFixed(2)} s (${r.cpuSecs.toFixed(1)} s CPU), verify ok\n`);
    fs.rmSync(out, { force: true });
    if (w) {
      r.ratio = r.secs / w.secs;
      results.rows.push(w);
      process.stderr.write(`  wimlib: ${w.peakMiB.toFixed(0)} MiB peak, ${w.secs.toFixed(2)} s (${w.cpuSecs.toFixed(1)} s CPU); time ratio ${r.ratio.toFixed(2)}\n`);
      fs.rmSync(o2, { force: true });
    }
  }
  for (const r of results.rows) delete r.out;
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results, null, 2));
  console.log(`\n${'run'.padEnd(44)} ${'peak RSS'.padStart(10)} ${'time'.padStart(9)} ${'CPU'.padStart(9)} ${'output'.padStart(11)} ${'vs wimlib'.padStart(9)}`);
  for (const r of results.rows) {
    const ratio = r.ratio === undefined ? '' : r.ratio.toFixed(2).padStart(9);
    console.log(`${r.label.padEnd(44)} ${(r.peakMiB.toFixed(0) + ' MiB').padStart(10)} ${(r.secs.toFixed(2) + ' s').padStart(9)} ${(r.cpuSecs.toFixed(1) + ' s').padStart(9)} ${r.outBytes ? (mib(r.outBytes) + ' MiB').padStart(11) : ''.padStart(11)} ${ratio}`);
  }
  if (!keep) {
    fs.rmSync(srcWim, { force: true });
    fs.rmSync(srcEsd, { force: true });
  }
}

main();
