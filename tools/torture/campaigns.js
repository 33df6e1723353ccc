/*
 * The campaigns: each trial mutates a fixture (mutate.js), hands it to one reading or writing cmdlet through the
 * real CLI (runner.js), then judges what it left: a written WIM must verify with wimlib-imagex (an appended one with
 * one image more, its old images intact), a failed write must leave the destination as it was (absent, or
 * byte-identical for an append, a Remove or a Dismount -Save), no temp file or lock may stay, and nothing may change
 * outside the trial's own target folders (a snapshot of the trial directory and of a sentinel folder, plus a search
 * for the marker names the traversal campaign plants). Tallies per campaign feed the table of scripts/torture.js.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { Rng } = require('./rng');
const { mutateWim, mutateIso, mutateHive, metadataOfUncompressed, sha1 } = require('./mutate');
const { layoutWim, layoutMetadata } = require('./wim-layout');
const { runCli, classify, verifyWim, imageCount, findLeftovers, snapshot, snapshotDiff, walkDir, within } = require('./runner');
const { traversalSlot, TRAVERSAL_NAME_LEN } = require('./fixtures');

/**
 * success/clean/unclean/crash/hang: the verdict on each run (runner.js classify); stack: a stack frame was printed;
 * escape: something changed outside the trial's target folders; corrupt: a written file that does not verify (or a
 * failed write that damaged its destination); leftover: temp files, locks, partial outputs, orphan tails; blocked:
 * the write after a kill -9 was refused (the dead writer's lock still held the destination).
 */
const COLUMNS = ['trials', 'success', 'clean', 'unclean', 'stack', 'crash', 'hang', 'escape', 'corrupt', 'leftover', 'blocked'];
/** The columns that must be 0. */
const BAD = ['unclean', 'stack', 'crash', 'hang', 'escape', 'corrupt', 'leftover', 'blocked'];

class Tally {
  constructor() {
    this.rows = new Map();
    this.findings = [];
  }
  row(name) {
    let r = this.rows.get(name);
    if (!r) {
      r = { trials: 0, success: 0, clean: 0, unclean: 0, stack: 0, crash: 0, hang: 0, escape: 0, corrupt: 0, leftover: 0, blocked: 0, worstMs: 0, worstRssKb: 0, skipped: undefined };
      this.rows.set(name, r);
    }
    return r;
  }
  /** Records one trial: the runner's verdict plus the campaign's own findings. */
  add(name, { verdict, stack, why, ms = 0, rssKb = 0, escape = [], corrupt = [], leftover = [], label, seed, keep }) {
    const r = this.row(name);
    r.trials++;
    if (verdict) r[verdict]++;
    if (stack) r.stack++;
    if (escape.length) r.escape++;
    if (corrupt.length) r.corrupt++;
    if (leftover.length) r.leftover++;
    r.worstMs = Math.max(r.worstMs, ms);
    r.worstRssKb = Math.max(r.worstRssKb, rssKb);
    const bad = ['unclean', 'crash', 'hang', 'blocked'].includes(verdict) || stack || escape.length || corrupt.length || leftover.length;
    if (bad) this.findings.push({ campaign: name, seed, label, verdict, why, escape: escape.slice(0, 3), corrupt: corrupt.slice(0, 3), leftover: leftover.slice(0, 3), kept: keep });
    return bad;
  }
  skip(name, reason) {
    this.row(name).skipped = reason;
  }
  total() {
    const t = this.row.call({ rows: new Map() }, 'total');
    for (const r of this.rows.values()) {
      for (const c of COLUMNS) t[c] += r[c];
      t.worstMs = Math.max(t.worstMs, r.worstMs);
      t.worstRssKb = Math.max(t.worstRssKb, r.worstRssKb);
    }
    return t;
  }
}

const psq = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** A fresh trial directory with its in/ dst/ out/ home/ folders. */
function trialDir(root, campaign, n) {
  const T = path.join(root, campaign, String(n));
  fs.rmSync(T, { recursive: true, force: true });
  for (const d of ['in', 'dst', 'out', 'home']) fs.mkdirSync(path.join(T, d), { recursive: true });
  return T;
}

function filesIn(dir) {
  try {
    return fs.readdirSync(dir).map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** Writes the mutated input: one file, or a split set with one part mutated. Returns the path to give the cmdlet. */
function placeInput(T, form, rng, donor, opts = {}) {
  if (form.kind === 'swm') {
    const victim = rng.int(form.parts.length);
    let label = '';
    form.parts.forEach((p, i) => {
      let b = fs.readFileSync(p);
      if (i === victim) {
        const m = mutateWim(b, rng, { donorMetadata: donor, isSplit: true, kind: opts.kind });
        b = m.buf;
        label = `part${i + 1}:${m.label}`;
      }
      fs.writeFileSync(path.join(T, 'in', path.basename(p)), b);
    });
    return { input: path.join(T, 'in', path.basename(form.parts[0])), pattern: path.join(T, 'in', 'split*.swm'), label };
  }
  const m = mutateWim(fs.readFileSync(form.file), rng, { donorMetadata: donor, kind: opts.kind });
  const input = path.join(T, 'in', path.basename(form.file));
  fs.writeFileSync(input, m.buf);
  return { input, label: m.label };
}

/** What each WIM campaign runs and checks. `ctx.src` is the mutated input; paths are host paths. */
const WIM_CAMPAIGNS = {
  get: {
    forms: () => true,
    script: (c) => `Get-WindowsImage -ImagePath ${psq(c.src)} | Out-String | Out-Null; Get-WindowsImage -ImagePath ${psq(c.src)} -Index 1 | Out-String | Out-Null`,
  },
  content: {
    forms: () => true,
    script: (c) => `Get-WindowsImageContent -ImagePath ${psq(c.src)} -Index 1 | Out-Null`,
  },
  'dism-info': {
    dism: true,
    forms: () => true,
    script: (c) => `dism.exe /Get-WimInfo /WimFile:${psq(c.src)} /Index:1; exit $LASTEXITCODE`,
  },
  expand: {
    forms: () => true,
    script: (c) => `Expand-WindowsImage -ImagePath ${psq(c.src)} -Index 1 -ApplyPath ${psq(c.out)}${c.pattern ? ` -SplitImageFilePattern ${psq(c.pattern)}` : ''}`,
  },
  export: {
    forms: () => true,
    prepare: (c, rng) => {
      c.dest = path.join(c.dst, 'new.wim');
      c.compression = rng.pick(['', ' -CompressionType max', ' -CompressionType fast', ' -CompressionType none', '']);
    },
    script: (c) => `Export-WindowsImage -SourceImagePath ${psq(c.src)} -SourceIndex 1 -DestinationImagePath ${psq(c.dest)}${c.compression}${c.pattern ? ` -SplitImageFilePattern ${psq(c.pattern)}` : ''}`,
    check: checkNewFile,
  },
  append: {
    forms: () => true,
    prepare: (c, rng, fx) => {
      const base = rng.pick(fx.forms.filter((f) => f.kind === 'wim' && !f.images && !f.integrity));
      c.dest = path.join(c.dst, 'existing.wim');
      fs.copyFileSync(base.file, c.dest);
      c.before = fs.readFileSync(c.dest);
      c.beforeCount = 1;
    },
    // A name of its own: DISM refuses a name the destination already holds, which would hide what we test.
    script: (c) => `Export-WindowsImage -SourceImagePath ${psq(c.src)} -SourceIndex 1 -DestinationImagePath ${psq(c.dest)} -DestinationName Appended${c.pattern ? ` -SplitImageFilePattern ${psq(c.pattern)}` : ''}`,
    check: (c, v) => checkInPlace(c, v, +1),
  },
  'dism-export': {
    dism: true,
    forms: () => true,
    prepare: (c, rng) => {
      c.dest = path.join(c.dst, 'dism.wim');
      c.compression = rng.pick(['', ' /Compress:max', ' /Compress:fast', ' /Compress:none']);
    },
    script: (c) => `dism.exe /Export-Image /SourceImageFile:${psq(c.src)} /SourceIndex:1 /DestinationImageFile:${psq(c.dest)}${c.compression}${c.pattern ? ` /SWMFile:${psq(c.pattern)}` : ''}; exit $LASTEXITCODE`,
    check: checkNewFile,
  },
  split: {
    forms: (f) => f.kind !== 'swm',
    prepare: (c) => {
      c.dest = path.join(c.dst, 'part.swm');
    },
    script: (c) => `Split-WindowsImage -ImagePath ${psq(c.src)} -SplitImagePath ${psq(c.dest)} -FileSize 1`,
    check: (c, v) => {
      const out = { corrupt: [], leftover: [] };
      const made = filesIn(c.dst);
      if (v.verdict === 'success') {
        const r = verifyWim(c.dest, path.join(c.dst, 'part*.swm'));
        if (!r.ok) out.corrupt.push(`split set: ${r.why}`);
      } else if (made.length) out.leftover.push(...made);
      return out;
    },
  },
  remove: {
    forms: (f) => f.images === 2,
    prepare: (c) => {
      c.dest = path.join(c.dst, 'multi.wim');
      fs.renameSync(c.src, c.dest);
      c.src = c.dest;
      c.before = fs.readFileSync(c.dest);
      c.beforeCount = 2;
    },
    script: (c) => `Remove-WindowsImage -ImagePath ${psq(c.dest)} -Index 2`,
    check: (c, v) => checkInPlace(c, v, -1, true),
  },
  mount: {
    forms: (f) => f.kind === 'wim' || f.kind === 'esd',
    prepare: (c) => {
      c.dest = path.join(c.dst, path.basename(c.src));
      fs.renameSync(c.src, c.dest);
      c.src = c.dest;
      c.before = fs.readFileSync(c.dest);
      c.mnt = path.join(c.T, 'mnt');
      fs.mkdirSync(c.mnt);
    },
    script: (c) =>
      `$ErrorActionPreference='Stop'; Mount-WindowsImage -ImagePath ${psq(c.dest)} -Index 1 -Path ${psq(c.mnt)} | Out-Null; ` +
      `Set-Content -Path ${psq(path.join(c.mnt, 'added.txt'))} -Value 'added'; Dismount-WindowsImage -Path ${psq(c.mnt)} -Save | Out-Null`,
    check: (c, v) => {
      // A failed mount or save: the image file as it was; a save that succeeded: a file that verifies.
      const out = { corrupt: [], leftover: [] };
      const now = fs.existsSync(c.dest) ? fs.readFileSync(c.dest) : undefined;
      if (!now) out.corrupt.push('image file gone');
      else if (v.verdict === 'success') {
        const r = verifyWim(c.dest);
        if (!r.ok) out.corrupt.push(r.why);
      } else if (!now.equals(c.before)) {
        const r = verifyWim(c.dest);
        (r.ok ? out.leftover : out.corrupt).push(r.ok ? 'image file changed by a failed save' : r.why);
      }
      return out;
    },
  },
};

/** A new-file destination: verifies after success; after a failure, nothing in the destination folder. */
function checkNewFile(c, v) {
  const out = { corrupt: [], leftover: [] };
  if (v.verdict === 'success') {
    if (!fs.existsSync(c.dest)) out.corrupt.push('success but no destination');
    else {
      const r = verifyWim(c.dest);
      if (!r.ok) out.corrupt.push(r.why);
    }
  } else {
    const made = filesIn(c.dst);
    if (made.length) out.leftover.push(...made);
  }
  return out;
}

/** An existing file written in place: `delta` images more after success; byte-identical after a failure. */
function checkInPlace(c, v, delta, srcIsDest = false) {
  const out = { corrupt: [], leftover: [] };
  if (!fs.existsSync(c.dest)) {
    out.corrupt.push('destination gone');
    return out;
  }
  if (v.verdict === 'success') {
    const r = verifyWim(c.dest);
    if (!r.ok) out.corrupt.push(r.why);
    else if (!srcIsDest && imageCount(c.dest) !== c.beforeCount + delta) out.corrupt.push(`image count ${imageCount(c.dest)}, expected ${c.beforeCount + delta}`);
  } else {
    const now = fs.readFileSync(c.dest);
    if (!now.equals(c.before)) {
      const r = srcIsDest ? { ok: true } : verifyWim(c.dest);
      if (!r.ok) out.corrupt.push(`failed write left a destination that does not verify: ${r.why}`);
      else out.leftover.push(`failed write changed the destination (${c.before.length} -> ${now.length} bytes)`);
    }
  }
  for (const f of filesIn(c.dst)) if (f !== c.dest) out.leftover.push(f);
  return out;
}

/** Any path whose name holds the traversal marker, outside the trial's own target folders. */
const MARK = 'TORTESC';
function markerEscapes(searchRoots, allowedRoots) {
  const found = [];
  const allowed = allowedRoots.map((a) => path.resolve(a));
  for (const [r, depth] of searchRoots) {
    walkDir(
      r,
      depth,
      (p, e) => {
        if (e.name.includes(MARK)) found.push(p);
        return true;
      },
      (p) => within(p, allowed),
    );
  }
  return found;
}

/** The checks every trial gets: leftovers anywhere in the trial, changes outside its allowed folders, the sentinel. */
function commonChecks(ctx, c, before, sentinelBefore) {
  const allowed = [path.join(c.T, 'home'), c.dst, c.out, c.mnt].filter(Boolean);
  const escape = snapshotDiff(before, snapshot(c.T, allowed)).filter((p) => !/\.rss-/.test(p));
  escape.push(...snapshotDiff(sentinelBefore, snapshot(ctx.sentinel)));
  const leftover = findLeftovers(c.T);
  return { escape, leftover };
}

async function runTrial(ctx, campaign, spec, seed, build) {
  const rng = new Rng(seed);
  const n = ctx.counter++;
  const T = trialDir(ctx.root, campaign, n);
  const c = { T, dst: path.join(T, 'dst'), out: path.join(T, 'out'), seed };
  build(c, rng);
  if (spec.prepare) spec.prepare(c, rng, ctx.fx);
  const before = snapshot(T, [path.join(T, 'home'), c.dst, c.out, c.mnt].filter(Boolean));
  const sentinelBefore = ctx.sentinelSnap;
  const r = await runCli(spec.script(c), { trialDir: T, timeoutMs: ctx.timeoutMs });
  const v = classify(r, { dism: spec.dism });
  c.stderrOf = () => r.stderr;
  const own = spec.check && v.verdict !== 'hang' && v.verdict !== 'crash' ? spec.check(c, v) : { corrupt: [], leftover: [] };
  const common = commonChecks(ctx, c, before, sentinelBefore);
  const escape = common.escape.concat(c.extraEscapes ? c.extraEscapes() : []);
  const leftover = own.leftover.concat(common.leftover);
  const why = v.why || (own.corrupt[0] ?? '') || (r.stderr.split('\n')[0] || '').slice(0, 200);
  const bad = ctx.tally.add(campaign, { ...v, why, ms: r.ms, rssKb: r.rssKb, escape, corrupt: own.corrupt, leftover, label: c.label, seed, keep: undefined });
  if (bad && ctx.keep > 0) {
    ctx.keep--;
    ctx.tally.findings[ctx.tally.findings.length - 1].kept = T;
    fs.writeFileSync(path.join(T, 'trial.json'), JSON.stringify({ campaign, seed, label: c.label, script: spec.script(c), code: r.code, signal: r.signal, stdout: r.stdout.slice(0, 4000), stderr: r.stderr.slice(0, 4000) }, null, 2));
  } else fs.rmSync(T, { recursive: true, force: true });
  if (ctx.progress) ctx.progress(campaign, bad);
}

/** `count` trials of WIM campaign `name`, each on a fixture form drawn by the trial's seed. */
async function wimCampaign(ctx, name, count) {
  const spec = WIM_CAMPAIGNS[name];
  const forms = ctx.fx.forms.filter(spec.forms);
  for (let i = 0; i < count; i++) {
    const seed = (ctx.seed * 1000003 + hash(name) + i * 7919) >>> 0;
    await runTrial(ctx, name, spec, seed, (c, rng) => {
      const form = forms[rng.int(forms.length)];
      const p = placeInput(c.T, form, rng, ctx.donor);
      c.src = p.input;
      c.pattern = p.pattern;
      c.label = `${path.basename(form.file)} ${p.label}`;
    });
  }
}

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Mount-DiskImage of a mutated ISO, then the volume read: a listing, the WIM on it, a copy out. */
async function isoCampaign(ctx, count) {
  if (!ctx.fx.iso) return ctx.tally.skip('iso', 'genisoimage is not installed');
  const spec = {
    script: (c) =>
      `$ErrorActionPreference='Stop'; $v = Mount-DiskImage -ImagePath ${psq(c.src)} -PassThru | Get-Volume; $d = "$($v.DriveLetter):\\"; ` +
      `Get-ChildItem -LiteralPath $d -Recurse | Out-Null; Get-WindowsImage -ImagePath "$($d)sources\\install.wim" -Index 1 | Out-Null; ` +
      `Copy-Item -LiteralPath "$($d)readme.txt" -Destination ${psq(c.out)}; Dismount-DiskImage -ImagePath ${psq(c.src)} | Out-Null`,
  };
  const orig = fs.readFileSync(ctx.fx.iso);
  for (let i = 0; i < count; i++) {
    const seed = (ctx.seed * 1000003 + hash('iso') + i * 7919) >>> 0;
    await runTrial(ctx, 'iso', spec, seed, (c, rng) => {
      const m = mutateIso(orig, rng);
      c.src = path.join(c.T, 'in', 'disc.iso');
      fs.writeFileSync(c.src, m.buf);
      c.label = m.label;
    });
  }
}

/** A Windows-looking tree with a mutated SOFTWARE hive, captured: the hive is read for the WINDOWS XML element. */
async function hiveCampaign(ctx, count) {
  if (!ctx.fx.hive) return ctx.tally.skip('hive', 'python3-hivex is not installed (no hive fixture)');
  const spec = {
    prepare: (c) => {
      c.dest = path.join(c.dst, 'cap.wim');
    },
    script: (c) => `$ErrorActionPreference='Stop'; New-WindowsImage -CapturePath ${psq(c.tree)} -ImagePath ${psq(c.dest)} -Name Hive | Out-Null; Get-WindowsImage -ImagePath ${psq(c.dest)} -Index 1 | Out-String | Out-Null`,
    check: checkNewFile,
  };
  const orig = fs.readFileSync(ctx.fx.hive);
  for (let i = 0; i < count; i++) {
    const seed = (ctx.seed * 1000003 + hash('hive') + i * 7919) >>> 0;
    await runTrial(ctx, 'hive', spec, seed, (c, rng) => {
      const m = mutateHive(orig, rng);
      c.tree = path.join(c.T, 'in', 'tree');
      const cfg = path.join(c.tree, 'Windows', 'System32', 'config');
      fs.mkdirSync(cfg, { recursive: true });
      fs.writeFileSync(path.join(cfg, 'SOFTWARE'), m.buf);
      // kernel32.dll beside the hive makes the tree a Windows installation, so that capture reads the hive.
      fs.writeFileSync(path.join(c.tree, 'Windows', 'System32', 'kernel32.dll'), minimalPe());
      c.label = m.label;
    });
  }
}

/** The smallest PE the WINDOWS-element reader takes for kernel32.dll: MZ, e_lfanew, "PE\0\0", machine x64. */
function minimalPe() {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x40, 0x3c);
  b.write('PE\0\0', 0x40, 'latin1');
  b.writeUInt16LE(0x8664, 0x44);
  return b;
}

/** Hostile names planted over the traversal base's slots: each holds the marker so an escape is found by name. */
const TRAVERSAL_NAMES = [
  '..\\..\\..\\TORTESC_A1.txt',
  '../../../TORTESC_A2.txt',
  '/tmp/TORTESC_A3.txt',
  'C:\\TORTESC_A4.txt',
  '..',
  '.',
  'TORTESC_A7\u0000/../../x',
  '\\\\?\\C:\\TORTESC_A8.txt',
  'TORTESC_A9:stream.txt',
  '..\\TORTESC_B1',
  'dir\\..\\..\\TORTESC_B2',
  'TORTESC_B3 . .. ',
];

/** The traversal base with one or more slot names replaced (and optionally the directory named ".."), re-hashed. */
function traversalImage(base, rng) {
  const b = Buffer.from(base);
  const L = layoutWim(b);
  const m = L.metadata[0];
  const md = b.subarray(m.entry.res.offset, m.entry.res.offset + m.entry.res.sizeInWim);
  const ml = layoutMetadata(md);
  const slots = ml.dentries.filter((d) => d.nameLen === TRAVERSAL_NAME_LEN * 2 && d.name.startsWith('slot'));
  const labels = [];
  const k = 1 + rng.int(slots.length);
  for (let i = 0; i < k; i++) {
    const d = slots[i];
    const name = rng.pick(TRAVERSAL_NAMES).slice(0, TRAVERSAL_NAME_LEN);
    md.fill(0, d.at + 102, d.at + 102 + TRAVERSAL_NAME_LEN * 2);
    md.write(name, d.at + 102, 'utf16le');
    md.writeUInt16LE(name.length * 2, d.at + 100);
    labels.push(JSON.stringify(name));
  }
  if (rng.chance(0.3)) {
    const dir = ml.dentries.find((d) => d.name === 'dir');
    if (dir) {
      md.write('..', dir.at + 102, 'utf16le');
      md.writeUInt16LE(4, dir.at + 100);
      md.writeUInt16LE(0, dir.at + 106);
      labels.push('dir=".."');
    }
  }
  sha1(md).copy(b, m.entry.hashAt);
  return { buf: b, label: labels.join(',') };
}

async function traversalCampaign(ctx, count) {
  const ops = {
    expand: (c) => `Expand-WindowsImage -ImagePath ${psq(c.src)} -Index 1 -ApplyPath ${psq(c.out)}`,
    mount: (c) => `$ErrorActionPreference='Stop'; Mount-WindowsImage -ImagePath ${psq(c.src)} -Index 1 -Path ${psq(c.out)} -ReadOnly | Out-Null; Dismount-WindowsImage -Path ${psq(c.out)} -Discard | Out-Null`,
    'export-expand': (c) =>
      `$ErrorActionPreference='Stop'; Export-WindowsImage -SourceImagePath ${psq(c.src)} -SourceIndex 1 -DestinationImagePath ${psq(path.join(c.dst, 'e.wim'))} -CompressionType fast | Out-Null; ` +
      `Expand-WindowsImage -ImagePath ${psq(path.join(c.dst, 'e.wim'))} -Index 1 -ApplyPath ${psq(c.out)}`,
  };
  const base = fs.readFileSync(ctx.fx.traversalBase);
  for (let i = 0; i < count; i++) {
    const seed = (ctx.seed * 1000003 + hash('traversal') + i * 7919) >>> 0;
    let op;
    const spec = { script: (c) => ops[op](c) };
    await runTrial(ctx, 'traversal', spec, seed, (c, rng) => {
      op = rng.pick(Object.keys(ops));
      const m = traversalImage(base, rng);
      c.src = path.join(c.T, 'in', 'trav.wim');
      fs.writeFileSync(c.src, m.buf);
      c.label = `${op} ${m.label}`;
      // A marker name anywhere but the trial's target and destination folders is an escape.
      c.extraEscapes = () =>
        markerEscapes(
          [
            [ctx.root, 6],
            [os.tmpdir(), 0],
            [process.cwd(), 0],
            ['/', 0],
          ],
          [c.out, c.dst],
        );
    });
  }
}

/**
 * A target deeper than the platform allows: the apply path is ~3,950 characters, the image's longest path takes it
 * past PATH_MAX (4,096 on Linux). The error must give the real reason (the path is too long), not a device error.
 */
async function longPathCampaign(ctx, count) {
  const ops = [
    (c) => `Expand-WindowsImage -ImagePath ${psq(c.src)} -Index 1 -ApplyPath ${psq(c.deep)}`,
    (c) => `$ErrorActionPreference='Stop'; Mount-WindowsImage -ImagePath ${psq(c.src)} -Index 1 -Path ${psq(c.deep)} | Out-Null; Dismount-WindowsImage -Path ${psq(c.deep)} -Discard | Out-Null`,
  ];
  const form = ctx.fx.forms.find((f) => f.compression === 'lzx' && f.kind === 'wim' && !f.images);
  for (let i = 0; i < count; i++) {
    const seed = (ctx.seed * 1000003 + hash('long-path') + i * 7919) >>> 0;
    const op = ops[i % ops.length];
    const spec = {
      script: op,
      check: (c, v) => {
        const out = { corrupt: [], leftover: [] };
        // Judged here, not by the verdict: a clean record that blames the device hides the reason.
        if (v.verdict === 'clean' && !/too long/i.test(c.stderrOf())) v.verdict = 'unclean', v.why = `not the real reason: ${c.stderrOf().split('\n')[0].slice(0, 120)}`;
        return out;
      },
    };
    await runTrial(ctx, 'long-path', spec, seed, (c) => {
      c.src = form.file;
      let p = c.out;
      while (p.length < 3800) p = path.join(p, 'L'.repeat(Math.min(200, 3800 - p.length + 1)));
      c.deep = path.join(p, 'y'.repeat(Math.max(1, 3950 - p.length - 1)));
      fs.mkdirSync(c.deep, { recursive: true });
      c.label = i % ops.length === 0 ? 'Expand-WindowsImage' : 'Mount-WindowsImage';
    });
  }
}

module.exports = { traversalImage, longPathCampaign, Tally, COLUMNS, BAD, WIM_CAMPAIGNS, wimCampaign, isoCampaign, hiveCampaign, traversalCampaign, trialDir, psq, hash, checkInPlace, filesIn, MARK };
