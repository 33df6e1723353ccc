#!/usr/bin/env node
/*
 * `npm run bench`: the same WIM work done by wimsh (through its CLI, as a user runs it) and by wimlib-imagex / 7zz,
 * side by side in one run, on one corpus, with the ratios wimsh/peer.
 *
 *   npm run bench                      full corpus (/usr/bin, /usr/include, /usr/lib/python3*: ~450 MB)
 *   npm run bench -- --quick           a ~60 MB subset
 *   npm run bench -- --only <case>     one case (names in the table); repeatable
 *   npm run bench -- --profile <case>  one case, wimsh under `node --cpu-prof` (profile in bench/work/profiles)
 *   npm run bench -- --scale           the same-compression rows on the 2 GB scale image instead (scale-export-lzx-lzx,
 *                                      scale-append; ~2 GB of disk under bench/work/scale, made once by
 *                                      test/formats/wim/scale/make-big-tree.js, minutes): issue 19's target for a
 *                                      raw copy, which on the corpus takes wimlib less than a Node.js start
 *   npm run bench -- --runs N          best of N runs of each side (default: 5 for a case both sides do in under
 *                                      3 s, where one run is mostly noise, else 1, so the full run stays near 6 min)
 *
 * Each case records wall time (best of N), output size and the child's peak RSS (VmHWM polled from /proc), for
 * wimsh and the peer. wimsh's outputs are checked with `wimlib-imagex verify` before a figure is believed: a case
 * whose output does not verify is reported as FAILED, not timed. Results: a table on stdout and
 * bench/results/<date>.json.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opts = (f) => args.flatMap((a, i) => (a === f && args[i + 1] ? [args[i + 1]] : []));
const quick = flag('--quick');
const scale = flag('--scale');
const only = opts('--only');
const profile = opts('--profile')[0];
const runsGiven = opts('--runs')[0];
const runs = runsGiven === undefined ? undefined : Number(runsGiven);
/** Runs of a case: --runs N, else 5 when both sides took under 3 s on the first run, else 1. */
const SHORT_MS = 3000;
const SHORT_RUNS = 5;

const work = path.join(root, 'bench', 'work');
const corpus = path.join(work, quick ? 'corpus-quick' : 'corpus-full');
const srcDir = path.join(work, quick ? 'src-quick' : 'src-full');
const outDir = path.join(work, 'out');
const scaleDir = path.join(work, 'scale');
const WIMSH = [process.execPath, path.join(root, 'bin', 'wimsh.js'), '-NoProfile', '-NonInteractive', '-Command'];

function need(cmd) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`bench: ${cmd} is not installed (Debian: wimtools, 7zip)`);
    process.exit(2);
  }
}

/** Copies the corpus once (cached): symlinks as symlinks, hard links as hard links, unreadable files skipped. */
function makeCorpus() {
  if (fs.existsSync(path.join(corpus, '.complete'))) return;
  fs.rmSync(corpus, { recursive: true, force: true });
  fs.mkdirSync(corpus, { recursive: true });
  const roots = ['/usr/bin', '/usr/include', ...fs.readdirSync('/usr/lib').filter((n) => /^python3/.test(n)).map((n) => '/usr/lib/' + n)];
  const budget = quick ? 60 * 1024 * 1024 : Infinity;
  let used = 0;
  const inodes = new Map();
  const walk = (src, dst) => {
    let st;
    try {
      st = fs.lstatSync(src);
    } catch {
      return;
    }
    if (used >= budget) return;
    if (st.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(src), dst);
    } else if (st.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      let names = [];
      try {
        names = fs.readdirSync(src).sort();
      } catch {
        return;
      }
      for (const n of names) walk(path.join(src, n), path.join(dst, n));
    } else if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      if (st.nlink > 1 && inodes.has(key)) {
        fs.linkSync(inodes.get(key), dst);
        return;
      }
      try {
        fs.copyFileSync(src, dst);
      } catch {
        return;
      }
      fs.utimesSync(dst, st.atime, st.mtime);
      if (st.nlink > 1) inodes.set(key, dst);
      used += st.size;
    }
  };
  for (const r of roots) walk(r, path.join(corpus, path.basename(r)));
  fs.writeFileSync(path.join(corpus, '.complete'), String(used));
  console.log(`corpus: ${(used / 1048576).toFixed(0)} MB in ${corpus}`);
}

function wimlib(argv) {
  const r = spawnSync('wimlib-imagex', argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wimlib-imagex ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Reference sources written by wimlib-imagex (cached). */
function makeSources() {
  fs.mkdirSync(srcDir, { recursive: true });
  const forms = { none: ['--compress=none'], xpress: ['--compress=XPRESS'], lzx: ['--compress=LZX'], esd: ['--solid', '--compress=LZMS'] };
  for (const [name, extra] of Object.entries(forms)) {
    const file = path.join(srcDir, name === 'esd' ? 'src.esd' : `src-${name}.wim`);
    if (fs.existsSync(file)) continue;
    wimlib(['capture', corpus, file + '.tmp', 'Bench Image', ...extra]);
    fs.renameSync(file + '.tmp', file);
  }
  const second = path.join(srcDir, 'src-lzx-2.wim');
  if (!fs.existsSync(second)) {
    // A second edition sharing most files: the corpus less one directory, for the append case.
    const tmp = path.join(work, 'edition2');
    fs.rmSync(tmp, { recursive: true, force: true });
    spawnSync('cp', ['-a', corpus, tmp]);
    fs.rmSync(path.join(tmp, 'include'), { recursive: true, force: true });
    wimlib(['capture', tmp, second + '.tmp', 'Bench Edition 2', '--compress=LZX']);
    fs.renameSync(second + '.tmp', second);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The scale sources (cached): src.wim, the synthetic 2 GiB Windows-like tree of make-big-tree.js captured by
 * wimlib-imagex (LZX), and src-2.wim, a second edition sharing most of its blobs (see that script).
 */
function makeScaleSources() {
  if (fs.existsSync(path.join(scaleDir, 'src.wim')) && fs.existsSync(path.join(scaleDir, 'src-2.wim'))) return;
  fs.mkdirSync(scaleDir, { recursive: true });
  console.log(`scale: building the sources in ${scaleDir} (once; minutes)`);
  const env = { ...process.env, SCALE_DIR: scaleDir, SCALE_SOURCES_ONLY: '1', SCALE_REUSE: '1', SCALE_ESD: '0' };
  const r = spawnSync(process.execPath, [path.join(root, 'test', 'formats', 'wim', 'scale', 'make-big-tree.js')], { env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`make-big-tree.js exited ${r.status}`);
}

/** The ISO of the iso-* cases (cached): src-lzx.wim as sources/install.wim, a UDF bridge as Windows media have. */
function makeIso() {
  need('genisoimage');
  const file = path.join(work, 'iso', 'win.iso');
  if (fs.existsSync(file)) return;
  const tree = path.join(work, 'iso', 'tree');
  fs.rmSync(tree, { recursive: true, force: true });
  fs.mkdirSync(path.join(tree, 'sources'), { recursive: true });
  fs.copyFileSync(path.join(srcDir, 'src-lzx.wim'), path.join(tree, 'sources', 'install.wim'));
  const r = spawnSync('genisoimage', ['-quiet', '-udf', '-allow-limited-size', '-iso-level', '3', '-V', 'BENCH', '-o', file + '.tmp', tree], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`genisoimage: ${r.stderr}`);
  fs.renameSync(file + '.tmp', file);
  fs.rmSync(tree, { recursive: true, force: true });
}

/** Runs argv, polling /proc/<pid>/status for VmHWM; resolves {ms, rssKB, code, stderr}. */
function measure(argv, env) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const c = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let rss = 0;
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    const poll = () => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'));
        if (m) rss = Math.max(rss, Number(m[1]));
      } catch {
        /* exited */
      }
    };
    const timer = setInterval(poll, 10);
    c.on('exit', (code) => {
      clearInterval(timer);
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, rssKB: rss, code, stderr });
    });
    poll();
  });
}

const q = (p) => `'${p.replace(/'/g, "''")}'`;

/** The peers by name, with the versions they report (printed above the table and kept in the results). */
const PEER_VERSIONS = {
  'wimlib-imagex': () => (spawnSync('wimlib-imagex', ['--version'], { encoding: 'utf8' }).stdout || '').split('\n')[0].replace(/\s*\(.*$/, ''),
  '7zz': () => '7zz ' + ((/7-Zip[^:]*?(\d+\.\d+)/.exec(spawnSync('7zz', [], { encoding: 'utf8' }).stdout || '') || [])[1] ?? '?'),
  node: () => `node ${process.version} (-e 0)`,
  wimsh: () => 'wimsh (the same work outside the ISO)',
};

/** The name of the program a case's peer side runs. */
function peerOf(c) {
  if (c.iso) return 'wimsh';
  if (c.peer[0] === process.execPath) return 'node';
  return path.basename(c.peer[0]);
}

/**
 * The rows of --scale (issue 19: raw copy and append <= 1.0 x wimlib's time, peak RSS <= 256 MB): an LZX export
 * to a new file, every blob copied raw (and, in wimsh, decompressed and hashed as it is copied; wimlib copies the
 * bytes unchecked), and the second edition appended to a copy of src.wim (most blobs already there, the new ones
 * copied raw).
 */
function scaleCases() {
  const s = (n) => path.join(scaleDir, n);
  const o = (n) => path.join(outDir, n);
  const raw = o('scale-export-lzx-lzx.wim');
  const app = o('scale-append.wim');
  return [
    {
      name: 'scale-export-lzx-lzx',
      out: raw,
      prepare: () => fs.rmSync(raw, { force: true }),
      wimsh: [...WIMSH, `Export-WindowsImage -SourceImagePath ${q(s('src.wim'))} -SourceIndex 1 -DestinationImagePath ${q(raw)} | Out-Null`],
      peer: ['wimlib-imagex', 'export', s('src.wim'), '1', raw],
      verify: true,
      target: 1.0,
    },
    {
      name: 'scale-append',
      out: app,
      prepare: () => fs.copyFileSync(s('src.wim'), app),
      wimsh: [...WIMSH, `Export-WindowsImage -SourceImagePath ${q(s('src-2.wim'))} -SourceIndex 1 -DestinationImagePath ${q(app)} -DestinationName 'Edition 2' | Out-Null`],
      peer: ['wimlib-imagex', 'export', s('src-2.wim'), '1', app, 'Edition 2'],
      verify: true,
      target: 1.0,
    },
  ];
}

function cases() {
  if (scale) return scaleCases().filter((c) => (only.length ? only.includes(c.name) : true) && (!profile || c.name === profile));
  const s = (n) => path.join(srcDir, n);
  const o = (n) => path.join(outDir, n);
  const list = [];
  const exp = (name, src, compress, peerCompress) =>
    list.push({
      name,
      out: o(`${name}.wim`),
      prepare: () => fs.rmSync(o(`${name}.wim`), { force: true }),
      wimsh: [...WIMSH, `Export-WindowsImage -SourceImagePath ${q(src)} -SourceIndex 1 -DestinationImagePath ${q(o(`${name}.wim`))}` + (compress ? ` -CompressionType ${compress}` : '')],
      peer: ['wimlib-imagex', 'export', src, '1', o(`${name}.wim`), ...(peerCompress ? [`--compress=${peerCompress}`] : [])],
      verify: true,
    });
  exp('export-lzx-lzx', s('src-lzx.wim'), null, null);
  exp('export-none-none', s('src-none.wim'), 'none', 'none');
  exp('export-none-fast', s('src-none.wim'), 'fast', 'XPRESS');
  exp('export-none-max', s('src-none.wim'), 'max', 'LZX');
  exp('export-esd-max', s('src.esd'), 'max', 'LZX');
  // The speed targets (issue 19: the goal is wimlib's time at wimlib's size or better): recompressing exports 1.0.
  // The same-compression rows (a raw copy) take wimlib 36-160 ms here, below any Node.js start: their target is
  // met on the 2 GB scale image (test/formats/wim/scale/make-big-tree.js); this row shows the fixed cost.
  for (const c of list) c.target = 1.0;
  list.push({
    name: 'export-append',
    out: o('append.wim'),
    prepare: () => fs.copyFileSync(s('src-lzx.wim'), o('append.wim')),
    wimsh: [...WIMSH, `Export-WindowsImage -SourceImagePath ${q(s('src-lzx-2.wim'))} -SourceIndex 1 -DestinationImagePath ${q(o('append.wim'))}`],
    peer: ['wimlib-imagex', 'export', s('src-lzx-2.wim'), '1', o('append.wim')],
    verify: true,
    target: 1.0,
  });
  // Solid LZMS (.esd, dism /Compress:recovery; issue 17): through the library API (the cmdlet refuses "recovery",
  // as its reference page says), beside wimlib-imagex export --solid (LZMS in 64 MiB chunks). Targets: size <= 1.000
  // x wimlib's, time <= 1.5 x.
  for (const [from, file] of [['none', 'src-none.wim'], ['lzx', 'src-lzx.wim']]) {
    const name = `export-${from}-recovery`;
    const out = o(`${name}.esd`);
    const api = JSON.stringify(path.join(root, 'dist/src/formats/wim/index.js'));
    list.push({
      name,
      out,
      prepare: () => fs.rmSync(out, { force: true }),
      wimsh: [process.execPath, '-e', `require(${api}).exportImage({ source: ${JSON.stringify(s(file))}, sourceIndex: 1, destination: ${JSON.stringify(out)}, compression: 'lzms', solid: true }).catch((e) => { console.error(e); process.exit(1); });`],
      peer: ['wimlib-imagex', 'export', s(file), '1', out, '--solid'],
      verify: true,
      target: 1.5,
    });
  }
  for (const [form, file] of [['none', 'src-none.wim'], ['xpress', 'src-xpress.wim'], ['lzx', 'src-lzx.wim'], ['esd', 'src.esd']]) {
    const dir = o(`apply-${form}`);
    list.push({
      name: `apply-${form}`,
      prepare: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
      },
      wimsh: [...WIMSH, `Expand-WindowsImage -ImagePath ${q(s(file))} -Index 1 -ApplyPath ${q(dir)} | Out-Null`],
      peer: ['wimlib-imagex', 'apply', s(file), '1', dir],
      target: 1.2,
    });
  }
  list.push({
    name: 'decode-esd',
    wimsh: [process.execPath, '-e', `const w = require(${JSON.stringify(path.join(root, 'dist/src/formats/wim/index.js'))}); const wim = w.openWim(${JSON.stringify(s('src.esd'))}); w.verifyWim(wim); wim.close();`],
    peer: ['7zz', 't', s('src.esd')],
  });
  for (const [ct, peer] of [['none', 'none'], ['fast', 'XPRESS'], ['max', 'LZX']]) {
    const out = o(`capture-${ct}.wim`);
    list.push({
      name: `capture-${ct}`,
      out,
      prepare: () => fs.rmSync(out, { force: true }),
      wimsh: [...WIMSH, `New-WindowsImage -CapturePath ${q(corpus)} -ImagePath ${q(out)} -Name 'Bench' -CompressionType ${ct} | Out-Null`],
      peer: ['wimlib-imagex', 'capture', corpus, out, 'Bench', `--compress=${peer}`],
      verify: true,
      target: 1.0,
    });
  }
  // Dismount -Save of an image where one file changed (issue 15): wimsh mounts a copy of the LZX source, one file is
  // rewritten, and only the Dismount is timed (the recapture: unchanged files found by their identity, the changed
  // one hashed and compressed, the metadata rewritten and appended, then the mount directory removed, as DISM does);
  // wimlib replaces the same file with the same bytes in a copy of the same WIM (`wimlib-imagex update ... add`).
  // Both append to the WIM in place, so the sizes compare. prepare(side) gets the side: only wimsh needs a mount.
  {
    const wim = o('dismount-save.wim');
    const mnt = o('dismount-mnt');
    const home = path.join(work, 'home');
    const file = oneFileToChange(corpus);
    const changed = o('dismount-changed.bin');
    const wimshRun = (script) => {
      const r = spawnSync(WIMSH[0], [...WIMSH.slice(1), script], { encoding: 'utf8', env: { ...process.env, WIMSH_HOME: home } });
      if (r.status !== 0 || r.stderr) throw new Error(`dismount-save prepare: ${script}: ${r.stderr}`);
    };
    list.push({
      name: 'dismount-save-1',
      out: wim,
      prepare: (side) => {
        // A mount left by a failed run would keep its record: discard it before the WIM under it is replaced.
        wimshRun(`if (Get-WindowsImage -Mounted | Where-Object Path -eq ${q(mnt)}) { Dismount-WindowsImage -Path ${q(mnt)} -Discard | Out-Null }`);
        fs.rmSync(mnt, { recursive: true, force: true });
        fs.copyFileSync(s('src-lzx.wim'), wim);
        const data = Buffer.concat([fs.readFileSync(path.join(corpus, file)), Buffer.from('\nchanged by the dismount-save bench\n')]);
        if (side === 'wimsh') {
          fs.mkdirSync(mnt, { recursive: true });
          wimshRun(`Mount-WindowsImage -ImagePath ${q(wim)} -Index 1 -Path ${q(mnt)} | Out-Null`);
          fs.writeFileSync(path.join(mnt, file), data);
        } else fs.writeFileSync(changed, data);
      },
      wimsh: [...WIMSH, `Dismount-WindowsImage -Path ${q(mnt)} -Save | Out-Null`],
      peer: ['wimlib-imagex', 'update', wim, '1', `--command=add ${changed} /${file}`],
      verify: true,
    });
  }
  list.push({ name: 'startup', wimsh: [...WIMSH, '1+1'], peer: [process.execPath, '-e', '0'], target: 1.5 });
  // Issue 18: an install.wim read in place inside an ISO against the same wimsh work on the same file outside it
  // (both sides are wimsh; the bar is a time ratio of 1.1). The ISO is attached before each timed run, untimed, as
  // drive I: (WIMSH_DRIVE_I names it); the timed run pays what reading in place costs: the drive lookup, reading the
  // ISO's file system on first use, and every read mapped through the file's extents.
  const iso = path.join(work, 'iso', 'win.iso');
  const isoEnv = { WIMSH_HOME: path.join(work, 'home'), WIMSH_DRIVE_I: iso };
  const attach = () => {
    fs.rmSync(path.join(work, 'home', 'diskimages.json'), { force: true });
    const r = spawnSync(WIMSH[0], [...WIMSH.slice(1), `Mount-DiskImage -ImagePath ${q(iso)}`], { encoding: 'utf8', env: { ...process.env, ...isoEnv } });
    if (r.status !== 0) throw new Error(`Mount-DiskImage: ${r.stderr}`);
  };
  list.push({
    name: 'iso-get-image',
    iso: true,
    env: isoEnv,
    prepare: attach,
    wimsh: [...WIMSH, `Get-WindowsImage -ImagePath 'I:\\sources\\install.wim' -Index 1 | Out-Null`],
    peer: [...WIMSH, `Get-WindowsImage -ImagePath ${q(s('src-lzx.wim'))} -Index 1 | Out-Null`],
    target: 1.1,
  });
  list.push({
    name: 'iso-export',
    iso: true,
    env: isoEnv,
    out: o('iso-export.wim'),
    prepare: () => {
      attach();
      fs.rmSync(o('iso-export.wim'), { force: true });
    },
    wimsh: [...WIMSH, `Export-WindowsImage -SourceImagePath 'I:\\sources\\install.wim' -SourceIndex 1 -DestinationImagePath ${q(o('iso-export.wim'))} | Out-Null`],
    peer: [...WIMSH, `Export-WindowsImage -SourceImagePath ${q(s('src-lzx.wim'))} -SourceIndex 1 -DestinationImagePath ${q(o('iso-export.wim'))} | Out-Null`],
    verify: true,
    target: 1.1,
  });
  return list.filter((c) => (only.length ? only.includes(c.name) : true) && (!profile || c.name === profile));
}

/** The file the dismount-save row changes: the first regular file of 64 KB to 1 MB in the corpus, in sorted order. */
function oneFileToChange(dir) {
  const walk = (rel) => {
    for (const n of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${n}` : n;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isDirectory()) {
        const f = walk(r);
        if (f) return f;
      } else if (st.isFile() && st.nlink === 1 && st.size >= 65536 && st.size <= 1048576 && !/[\s']/.test(r)) return r;
    }
    return undefined;
  };
  const f = walk('');
  if (!f) throw new Error(`no file of 64 KB to 1 MB in ${dir}`);
  return f;
}

function sizeOf(p) {
  try {
    return fs.statSync(p).size;
  } catch {
    return undefined;
  }
}

async function main() {
  need('wimlib-imagex');
  need('7zz');
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'frontends', 'wimsh', 'main.js'))) {
    console.error('bench: build first (npm install or npm run build)');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  if (scale) makeScaleSources();
  else {
    makeCorpus();
    makeSources();
  }
  if (cases().some((c) => c.iso)) makeIso();
  const results = [];
  const peers = Object.fromEntries([...new Set(cases().map(peerOf))].map((p) => [p, PEER_VERSIONS[p]?.() ?? p]));
  console.log(`peers: ${Object.values(peers).join('; ')}`);
  for (const c of cases()) {
    const best = { wimsh: null, peer: null };
    let failed = null;
    let n = profile ? 1 : (runs ?? 1);
    for (let i = 0; i < n && !failed; i++) {
      // The two sides take turns going first: what one run leaves the disk to do (a deleted tree of 14,600 files)
      // slows whichever runs next, and file creation on a busy disk costs ten times what it costs on an idle one.
      for (const side of i % 2 === 0 ? ['peer', 'wimsh'] : ['wimsh', 'peer']) {
        c.prepare?.(side);
        // The previous run's output (hundreds of MB of dirty pages, or the tree prepare just deleted) is written back
        // now, not during the run measured next: else an apply is charged for the one before it.
        spawnSync('sync');
        let argv = c[side];
        if (side === 'wimsh' && profile) {
          const dir = path.join(work, 'profiles');
          fs.mkdirSync(dir, { recursive: true });
          argv = [argv[0], '--cpu-prof', `--cpu-prof-dir=${dir}`, ...argv.slice(1)];
        }
        // The iso-* rows run wimsh on both sides, both with the ISO's environment.
        const r = await measure(argv, c.env ?? (side === 'wimsh' ? { WIMSH_HOME: path.join(work, 'home') } : {}));
        if (r.code !== 0) {
          failed = `${side} exited ${r.code}: ${r.stderr.split('\n').filter(Boolean).slice(0, 3).join(' | ')}`;
          break;
        }
        if (side === 'wimsh' && c.verify) {
          const v = spawnSync('wimlib-imagex', ['verify', c.out], { encoding: 'utf8' });
          if (v.status !== 0) {
            failed = `wimsh output does not verify: ${(v.stderr || v.stdout).split('\n').filter(Boolean).slice(-2).join(' | ')}`;
            break;
          }
        }
        r.size = c.out ? sizeOf(c.out) : undefined;
        if (!best[side] || r.ms < best[side].ms) best[side] = { ...r, size: r.size };
        best[side].rssKB = Math.max(best[side].rssKB, r.rssKB);
      }
      if (i === 0 && runs === undefined && !profile && !failed && best.wimsh.ms < SHORT_MS && best.peer.ms < SHORT_MS) n = SHORT_RUNS;
    }
    const row = { case: c.name, peerTool: peerOf(c), failed };
    if (!failed) {
      row.wimsh = { ms: Math.round(best.wimsh.ms), rssMB: +(best.wimsh.rssKB / 1024).toFixed(1), size: best.wimsh.size };
      row.peer = { ms: Math.round(best.peer.ms), rssMB: +(best.peer.rssKB / 1024).toFixed(1), size: best.peer.size };
      row.timeRatio = +(best.wimsh.ms / best.peer.ms).toFixed(2);
      if (best.wimsh.size && best.peer.size) row.sizeRatio = +(best.wimsh.size / best.peer.size).toFixed(3);
      row.runs = n;
      if (c.target) {
        // Issue 7's bar: the time ratio, size ratio <= 1.02, peak RSS <= 256 MB.
        row.target = c.target;
        // At the peer's size or smaller (1.000), in at most 256 MB.
        row.meets = row.timeRatio <= c.target && (row.sizeRatio ?? 1) <= 1.0 && row.wimsh.rssMB <= 256;
      }
    }
    results.push(row);
    printRow(row);
  }
  const date = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
  const file = path.join(root, 'bench', 'results', `${date}${scale ? '-scale' : quick ? '-quick' : ''}.json`);
  // What the fixed costs depend on, so that runs on different machines can be told apart.
  const machine = {
    node: process.version,
    wimlib: (spawnSync('wimlib-imagex', ['--version'], { encoding: 'utf8' }).stdout || '').split('\n')[0],
    cpus: require('node:os').availableParallelism(),
    nodeExtraCaCerts: !!process.env.NODE_EXTRA_CA_CERTS,
  };
  fs.writeFileSync(file, JSON.stringify({ date, quick, scale, runs: runs ?? 'auto', corpus: scale ? fs.statSync(path.join(scaleDir, 'src.wim')).size : Number(fs.readFileSync(path.join(corpus, '.complete'), 'utf8')), machine, peers, results }, null, 2) + '\n');
  if (machine.nodeExtraCaCerts) {
    // Node.js reads and parses that certificate file as it starts, before any of our code runs (~35 ms for Debian's
    // bundle on a 2-core VM): every wimsh run pays it, wimlib-imagex does not; it weighs on the sub-second rows.
    console.log('\nnote: NODE_EXTRA_CA_CERTS is set; every Node.js start (wimsh, and node -e 0 in the startup row) parses that file first');
  }
  console.log(`\nresults: ${path.relative(root, file)}`);
}

let headerPrinted = false;
function printRow(r) {
  const pad = (s, n) => String(s ?? '').padStart(n);
  if (!headerPrinted) {
    console.log(`\n${'case'.padEnd(20)} ${'peer'.padEnd(13)} ${pad('wimsh ms', 9)} ${pad('peer ms', 9)} ${pad('time x', 7)} ${pad('wimsh MB', 11)} ${pad('peer MB', 11)} ${pad('size x', 7)} ${pad('RSS MB', 7)} ${pad('peer RSS', 8)} ${pad('runs', 4)}  target`);
    headerPrinted = true;
  }
  if (r.failed) return console.log(`${r.case.padEnd(20)} ${r.peerTool.padEnd(13)} FAILED: ${r.failed}`);
  const mb = (b) => (b === undefined ? '' : (b / 1048576).toFixed(1));
  const target = r.target ? `<= ${r.target.toFixed(1)} ${r.meets ? 'met' : 'MISSED'}` : '';
  console.log(`${r.case.padEnd(20)} ${r.peerTool.padEnd(13)} ${pad(r.wimsh.ms, 9)} ${pad(r.peer.ms, 9)} ${pad(r.timeRatio.toFixed(2), 7)} ${pad(mb(r.wimsh.size), 11)} ${pad(mb(r.peer.size), 11)} ${pad(r.sizeRatio?.toFixed(3), 7)} ${pad(r.wimsh.rssMB, 7)} ${pad(r.peer.rssMB, 8)} ${pad(r.runs, 4)}  ${target}`);
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
