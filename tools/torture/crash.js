/*
 * Writers under abuse: kill -9 at a random moment (export to a new file, export appending, capture, split,
 * Dismount -Save), then the file must be absent or verify (an append's old images too), and the next write to the
 * same destination must succeed at its first attempt, quickly (a dead owner's lock taken over at once, not after it
 * goes stale), leaving no temp file, no lock and no orphan tail. Eight writers at once on one destination: each
 * succeeds or gets the sharing-violation record, and the file verifies with one image per success. A full disk
 * (a 20 MB tmpfs, root only): a clean error, no partial file, an append byte-identical.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Rng } = require('./rng');
const { runCli, classify, verifyWim, imageCount, findLeftovers } = require('./runner');
const { layoutWim, RF } = require('./wim-layout');
const { trialDir, psq, hash, filesIn } = require('./campaigns');

/** The end of the last structure the header or blob table points at: bytes past it are an orphan tail. */
function validEnd(file) {
  const b = fs.readFileSync(file);
  const L = layoutWim(b);
  if (!L.header) return b.length;
  let end = 208;
  const see = (r) => {
    if (r && r.sizeInWim > 0) end = Math.max(end, r.offset + r.sizeInWim);
  };
  see(L.header.blobTable);
  see(L.header.xml);
  see(L.header.integrity);
  for (const e of L.blobs) if (!(e.res.flags & RF.FREE)) see(e.res);
  return end;
}

function orphanTail(file) {
  if (!fs.existsSync(file)) return undefined;
  const size = fs.statSync(file).size;
  const end = validEnd(file);
  return size > end ? `${path.basename(file)}: ${size - end} bytes past the last structure (${end} of ${size})` : undefined;
}

const KILL_OPS = ['export-new', 'export-append', 'capture', 'split', 'dismount-save'];

/** The operations the kill trials cycle through: all, or those WIMSH_TORTURE_KILL_OPS names (comma-separated). */
function killOps() {
  const want = (process.env.WIMSH_TORTURE_KILL_OPS || '').split(',').filter(Boolean);
  const bad = want.filter((o) => !KILL_OPS.includes(o));
  if (bad.length) throw new Error(`WIMSH_TORTURE_KILL_OPS: unknown operation(s) ${bad.join(', ')}; known: ${KILL_OPS.join(', ')}`);
  return want.length ? want : KILL_OPS;
}

/** The script of each killable write, and how to check its destination. */
function killOp(op, c, fx) {
  switch (op) {
    case 'export-new':
      c.dest = path.join(c.dst, 'out.wim');
      // If the killed export finished first, the next one appends: a name of its own, or DISM refuses it.
      return { script: (n) => `Export-WindowsImage -SourceImagePath ${psq(fx.big)} -SourceIndex 1 -DestinationImagePath ${psq(c.dest)} -DestinationName New${n} -CompressionType max` };
    case 'export-append':
      c.dest = path.join(c.dst, 'out.wim');
      fs.copyFileSync(fx.forms.find((f) => f.file.endsWith('lzx.wim')).file, c.dest);
      c.oldCount = 1;
      return { script: (n) => `Export-WindowsImage -SourceImagePath ${psq(fx.big)} -SourceIndex 1 -DestinationImagePath ${psq(c.dest)} -DestinationName Appended${n}` };
    case 'capture':
      c.dest = path.join(c.dst, 'cap.wim');
      // If the killed capture finished first, the next write appends to it (New-WindowsImage refuses a file that exists).
      return {
        script: (n) =>
          n && fs.existsSync(c.dest)
            ? `Add-WindowsImage -CapturePath ${psq(fx.bigTree)} -ImagePath ${psq(c.dest)} -Name Cap${n} | Out-Null`
            : `New-WindowsImage -CapturePath ${psq(fx.bigTree)} -ImagePath ${psq(c.dest)} -Name Cap${n} -CompressionType max | Out-Null`,
      };
    case 'split':
      c.dest = path.join(c.dst, 'part.swm');
      // A complete set left by a write that finished before the kill makes DISM refuse the same name ("The file
      // exists"): the next write then splits beside it, in the same folder (whose dead temp files it must clear).
      return { script: (n) => `Split-WindowsImage -ImagePath ${psq(fx.big)} -SplitImagePath ${psq(n && fs.existsSync(c.dest) ? path.join(c.dst, 'next.swm') : c.dest)} -FileSize 1`, split: true };
    case 'dismount-save':
      c.dest = path.join(c.dst, 'mounted.wim');
      c.mnt = path.join(c.T, 'mnt');
      fs.copyFileSync(fx.big, c.dest);
      fs.mkdirSync(c.mnt, { recursive: true });
      c.oldCount = 1;
      return {
        setup: `Mount-WindowsImage -ImagePath ${psq(c.dest)} -Index 1 -Path ${psq(c.mnt)} | Out-Null; Set-Content -Path ${psq(path.join(c.mnt, 'added.txt'))} -Value ('x' * 300000)`,
        // The killed save; the next write finishes it, or, when the killed one had finished its unmount before the
        // kill landed (which can be after the process's last step: whether it was killed does not tell), makes
        // another change and saves that (Dismount alone would rightly say there is no mount).
        script: (n) => {
          const save = `Dismount-WindowsImage -Path ${psq(c.mnt)} -Save | Out-Null`;
          if (!n) return save;
          const again = `Mount-WindowsImage -ImagePath ${psq(c.dest)} -Index 1 -Path ${psq(c.mnt)} | Out-Null; Set-Content -Path ${psq(path.join(c.mnt, 'again.txt'))} -Value 'again'; ${save}`;
          return `if (Get-WindowsImage -Mounted | Where-Object Path -eq ${psq(c.mnt)}) { ${save} } else { ${again} }`;
        },
      };
  }
  throw new Error(op);
}

function checkDest(c, op, when) {
  const corrupt = [];
  if (op === 'split') {
    if (fs.existsSync(c.dest)) {
      const r = verifyWim(c.dest, path.join(c.dst, 'part*.swm'));
      if (!r.ok) corrupt.push(`${when}: split set: ${r.why}`);
    }
  } else if (fs.existsSync(c.dest)) {
    const r = verifyWim(c.dest);
    if (!r.ok) corrupt.push(`${when}: ${r.why}`);
    else if (c.oldCount && imageCount(c.dest) < c.oldCount) corrupt.push(`${when}: old images lost`);
  } else if (c.oldCount) corrupt.push(`${when}: the existing file is gone`);
  return corrupt;
}

/**
 * `count` kill trials cycling through the operations. Each: (setup,) the write killed after a random delay within
 * its calibrated duration, the checks, then the same write again (it must succeed at once).
 */
async function killCampaign(ctx, count) {
  const name = 'kill';
  // Calibrate: how long each write takes uninterrupted, so that the kill lands inside it.
  const dur = {};
  const ops = killOps();
  for (const op of ops.slice(0, Math.min(count, ops.length))) {
    const T = trialDir(ctx.root, 'kill-calibrate', op);
    const c = { T, dst: path.join(T, 'dst') };
    const o = killOp(op, c, ctx.fx);
    if (o.setup) await runCli(o.setup, { trialDir: T, timeoutMs: 30000 });
    const r = await runCli(typeof o.script === 'function' ? o.script(0) : o.script, { trialDir: T, timeoutMs: 30000 });
    dur[op] = Math.max(300, r.ms);
    fs.rmSync(T, { recursive: true, force: true });
  }
  ctx.killDurations = dur;
  for (let i = 0; i < count; i++) {
    const seed = (ctx.seed * 1000003 + hash(name) + i * 7919) >>> 0;
    const rng = new Rng(seed);
    const op = ops[i % ops.length];
    const T = trialDir(ctx.root, name, ctx.counter++);
    const c = { T, dst: path.join(T, 'dst') };
    const o = killOp(op, c, ctx.fx);
    if (o.setup) {
      const s = await runCli(o.setup, { trialDir: T, timeoutMs: 30000 });
      if (s.code !== 0) {
        ctx.tally.add(name, { verdict: 'unclean', why: `setup failed: ${s.stderr.slice(0, 200)}`, label: op, seed });
        continue;
      }
    }
    // Node's start is ~150 ms of the calibrated time: kill between then and the end.
    const at = Math.round(100 + rng.int(Math.max(1, dur[op] - 50)));
    const script = (n) => (typeof o.script === 'function' ? o.script(n) : o.script);
    const killed = await runCli(script(0), { trialDir: T, timeoutMs: 30000, killAfterMs: at });
    const corrupt = checkDest(c, op, 'after kill -9');
    // The next write: the same command, at once. It must succeed at its first attempt, within the hang limit.
    const next = await runCli(script(1), { trialDir: T, timeoutMs: 30000 });
    const v = classify(next);
    let verdict = v.verdict;
    let why = v.why;
    if (next.ms > ctx.timeoutMs && !next.timedOut) (verdict = 'hang'), (why = `next write took ${Math.round(next.ms)} ms`);
    else if (verdict === 'clean') why = `next write failed: ${next.stderr.split('\n')[0].slice(0, 160)}`;
    corrupt.push(...checkDest(c, op, 'after the next write'));
    const leftover = findLeftovers(T);
    if (op !== 'split') {
      const tail = orphanTail(c.dest);
      if (tail) leftover.push(tail);
    }
    // A clean error from the next write is a failure here: the destination was blocked.
    const bad = ctx.tally.add(name, {
      verdict: verdict === 'clean' ? 'blocked' : verdict,
      stack: v.stack,
      why,
      ms: Math.max(next.ms, killed.killed ? 0 : killed.ms),
      rssKb: Math.max(next.rssKb, killed.rssKb),
      corrupt,
      leftover,
      label: `${op} killed at ${at} ms${killed.killed ? '' : ' (finished first)'}; next write ${Math.round(next.ms)} ms`,
      seed,
    });
    const row = ctx.tally.row(name);
    row.nextWriteWorstMs = Math.max(row.nextWriteWorstMs || 0, next.ms);
    if (bad && ctx.keep > 0) {
      ctx.keep--;
      ctx.tally.findings[ctx.tally.findings.length - 1].kept = T;
    } else fs.rmSync(T, { recursive: true, force: true });
    if (ctx.progress) ctx.progress(name, bad);
  }
}

/** `writers` exports at once onto one destination (a new file, then an existing one). */
async function concurrentCampaign(ctx, writers, rounds = 2) {
  const name = 'concurrent';
  for (let round = 0; round < rounds; round++) {
    const seed = (ctx.seed * 1000003 + hash(name) + round * 7919) >>> 0;
    const T = trialDir(ctx.root, name, ctx.counter++);
    const dest = path.join(T, 'dst', 'shared.wim');
    const existing = round % 2 === 1;
    if (existing) fs.copyFileSync(ctx.fx.forms.find((f) => f.file.endsWith('xpress.wim')).file, dest);
    const src = ctx.fx.forms.find((f) => f.file.endsWith('lzx.wim')).file;
    const script = (w) => `Export-WindowsImage -SourceImagePath ${psq(src)} -SourceIndex 1 -DestinationImagePath ${psq(dest)} -DestinationName Writer${w} -CompressionType fast`;
    // Each writer has its own home (own mount registry, own logs), as separate users' shells would.
    const runs = await Promise.all(Array.from({ length: writers }, (_, w) => runCli(script(w), { trialDir: path.join(T, `w${w}`), timeoutMs: ctx.timeoutMs * 3 })));
    let successes = 0;
    for (const r of runs) {
      const v = classify(r);
      let verdict = v.verdict;
      let why = v.why;
      if (verdict === 'success') successes++;
      else if (verdict === 'clean' && !/being used by another process/.test(r.stderr)) (verdict = 'unclean'), (why = `not the sharing violation: ${r.stderr.split('\n')[0].slice(0, 160)}`);
      const corrupt = [];
      ctx.tally.add(name, { verdict, stack: v.stack, why, ms: r.ms, rssKb: r.rssKb, corrupt, leftover: [], label: `round ${round} (${existing ? 'existing' : 'new'} file)`, seed });
    }
    const corrupt = [];
    if (successes > 0) {
      const r = verifyWim(dest);
      if (!r.ok) corrupt.push(r.why);
      else if (imageCount(dest) !== successes + (existing ? 1 : 0)) corrupt.push(`image count ${imageCount(dest)} after ${successes} successful exports`);
    }
    const leftover = findLeftovers(T);
    const tail = fs.existsSync(dest) ? orphanTail(dest) : undefined;
    if (tail) leftover.push(tail);
    for (const f of filesIn(path.join(T, 'dst'))) if (f !== dest) leftover.push(f);
    // The destination's verdict counts as one more trial row entry of its own.
    ctx.tally.add(name, { verdict: corrupt.length ? undefined : 'success', corrupt, leftover, label: `round ${round}: destination after ${writers} writers (${successes} succeeded)`, seed });
    ctx.tally.row(name).trials--; // the destination check is not a trial of its own
    fs.rmSync(T, { recursive: true, force: true });
  }
}

/** Exports into a 20 MB tmpfs: root only (mount), skipped with the reason otherwise. */
async function diskFullCampaign(ctx) {
  const name = 'disk-full';
  if (process.getuid && process.getuid() !== 0) return ctx.tally.skip(name, 'not running as root: cannot mount a size-limited tmpfs');
  const T = trialDir(ctx.root, name, ctx.counter++);
  const mnt = path.join(T, 'dst');
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (m.status !== 0) return ctx.tally.skip(name, `mount -t tmpfs failed: ${(m.stderr || '').trim()}`);
  try {
    const cases = [
      { label: 'export to a new file, 26 MB uncompressed into 20 MB', dest: 'new.wim', script: (d) => `Export-WindowsImage -SourceImagePath ${psq(ctx.fx.huge)} -SourceIndex 1 -DestinationImagePath ${psq(d)} -CompressionType none` },
      { label: 'append 26 MB to an existing WIM', dest: 'existing.wim', existing: true, script: (d) => `Export-WindowsImage -SourceImagePath ${psq(ctx.fx.huge)} -SourceIndex 1 -DestinationImagePath ${psq(d)}` },
      { label: 'split into 1 MB parts', dest: 'part.swm', split: true, script: (d) => `Split-WindowsImage -ImagePath ${psq(ctx.fx.huge)} -SplitImagePath ${psq(d)} -FileSize 1` },
      { label: 'dism.exe /Export-Image', dest: 'dism.wim', dism: true, script: (d) => `dism.exe /Export-Image /SourceImageFile:${psq(ctx.fx.huge)} /SourceIndex:1 /DestinationImageFile:${psq(d)} /Compress:none; exit $LASTEXITCODE` },
      { label: 'capture', dest: 'cap.wim', script: (d) => `New-WindowsImage -CapturePath ${psq(ctx.fx.hugeTree)} -ImagePath ${psq(d)} -Name Full -CompressionType none | Out-Null` },
    ];
    for (const k of cases) {
      for (const f of fs.readdirSync(mnt)) fs.rmSync(path.join(mnt, f), { recursive: true, force: true });
      const dest = path.join(mnt, k.dest);
      let before;
      if (k.existing) {
        fs.copyFileSync(ctx.fx.forms.find((f) => f.file.endsWith('lzx.wim')).file, dest);
        before = fs.readFileSync(dest);
      }
      const r = await runCli(k.script(dest), { trialDir: path.join(T, 'run'), timeoutMs: ctx.timeoutMs * 3 });
      const v = classify(r, { dism: k.dism });
      const corrupt = [];
      const leftover = [];
      if (v.verdict === 'success') corrupt.push('a write larger than the disk reported success');
      if (k.existing) {
        const now = fs.existsSync(dest) ? fs.readFileSync(dest) : undefined;
        if (!now) corrupt.push('the existing file is gone');
        else if (!now.equals(before)) (verifyWim(dest).ok ? leftover : corrupt).push(`the existing file changed (${before.length} -> ${now.length} bytes)`);
      }
      for (const f of fs.readdirSync(mnt)) if (!(k.existing && f === k.dest)) leftover.push(path.join(mnt, f));
      ctx.tally.add(name, { ...v, ms: r.ms, rssKb: r.rssKb, corrupt, leftover, label: k.label, seed: 0 });
    }
  } finally {
    spawnSync('umount', [mnt]);
    fs.rmSync(T, { recursive: true, force: true });
  }
}

/** The bigger sources the writers need: a ~8 MB tree (capture, kill) and a 26 MB incompressible one (disk full). */
function buildCrashFixtures(fx, { withHuge = true, scale = 3 } = {}) {
  const { makeTree, run } = require('./fixtures');
  const dir = fx.dir;
  fx.bigTree = path.join(dir, 'big-tree');
  fs.rmSync(fx.bigTree, { recursive: true, force: true });
  makeTree(fx.bigTree, 7, scale);
  fx.big = path.join(dir, 'big.wim');
  run('wimlib-imagex', ['capture', fx.bigTree, fx.big, 'Big', '--compress=none']);
  if (withHuge) {
    fx.hugeTree = path.join(dir, 'huge-tree');
    fs.rmSync(fx.hugeTree, { recursive: true, force: true });
    fs.mkdirSync(fx.hugeTree, { recursive: true });
    fs.writeFileSync(path.join(fx.hugeTree, 'noise.bin'), new Rng(99).bytes(26 << 20));
    fx.huge = path.join(dir, 'huge.wim');
    run('wimlib-imagex', ['capture', fx.hugeTree, fx.huge, 'Huge', '--compress=none']);
  }
  return fx;
}

module.exports = { killCampaign, concurrentCampaign, diskFullCampaign, buildCrashFixtures, orphanTail, validEnd, KILL_OPS };
