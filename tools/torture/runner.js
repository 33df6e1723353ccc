/*
 * One trial: the real CLI (`bin/wimsh.js -NoProfile -NonInteractive -Command ...`) in its own process group, with
 * its own WIMSH_HOME and drive directories, a wall-clock limit (a hang is killed with SIGKILL on the group), and its
 * peak RSS from /usr/bin/time -f %M (else from /proc VmHWM polling). Then the verdict of its output streams: a
 * clean error is exit 1 with a PowerShell error record on stderr (or, for dism.exe, its "Error: N" block), no stack
 * frame and no Node.js error text; anything else is unclean, a crash (a signal, another exit code, an internal
 * error text) or a hang. The campaign then adds its own checks (verify, escapes, leftovers).
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { WIMSH } = require('./fixtures');

const HAVE_TIME = fs.existsSync('/usr/bin/time');

/** A JavaScript stack frame, as Node prints them ("    at fn (file.js:1:2)"). */
const STACK_RE = /^\s+at (?:[^\s]+ \()?(?:\/|node:|file:|<anonymous>|[A-Za-z]:\\)[^\n]*:\d+(?::\d+)?\)?$/m;
/** Texts that only a leaked Node.js error or an engine failure prints. */
const NODE_ERROR_RE = /\b(E(?:NOENT|ISDIR|NOTDIR|ACCES|EXIST|PERM|MFILE|NFILE|NOSPC|ROFS|NAMETOOLONG|LOOP|INVAL|IO|BADF|XDEV|NOTEMPTY|BUSY)\b|ERR_[A-Z_]{4,}|TypeError|RangeError|ReferenceError|SyntaxError: (?!.*line)|Cannot read propert|is not a function|is not iterable|undefined is not|Invalid array length|Invalid typed array length|Maximum call stack|out of memory|\[object Object\]|NaN bytes)/;
const CRASH_RE = /(FATAL ERROR|JavaScript heap out of memory|Internal error|internal error|Unhandled|UnhandledPromiseRejection|Segmentation fault|Aborted \(core dumped\)|node:internal)/;
const PS_RECORD_RE = /\+ CategoryInfo\s+:[^\n]*\n\s*\+ FullyQualifiedErrorId\s+:/;
const DISM_RECORD_RE = /\nError: (?:\d+|0x[0-9a-fA-F]{8})\s*\n/;

function envFor(trialDir, extra = {}) {
  const env = { ...process.env, WIMSH_HOME: path.join(trialDir, 'home'), ...extra };
  // Drives other than those a trial sets stay under its home: no trial reads or writes another's C:.
  for (const k of Object.keys(env)) if (/^WIMSH_DRIVE_/.test(k) && !(k in extra)) delete env[k];
  return env;
}

/**
 * Runs `script` through the CLI. Resolves { code, signal, stdout, stderr, ms, rssKb, timedOut }. `killAfterMs`
 * (kill trials) sends SIGKILL to the group at that moment instead of waiting.
 */
function runCli(script, { trialDir, env = {}, timeoutMs = 10000, killAfterMs } = {}) {
  return new Promise((resolve) => {
    fs.mkdirSync(path.join(trialDir, 'home'), { recursive: true });
    const rssFile = path.join(trialDir, `.rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const node = [process.execPath, WIMSH, '-NoProfile', '-NonInteractive', '-Command', script];
    const argv = HAVE_TIME ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...node] : node;
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd: trialDir, env: envFor(trialDir, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => {
      if (stdout.length < 1 << 20) stdout += d;
    });
    child.stderr.on('data', (d) => {
      if (stderr.length < 1 << 20) stderr += d;
    });
    let timedOut = false;
    let killed = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const killTimer = killAfterMs !== undefined ? setTimeout(() => ((killed = true), killGroup()), killAfterMs) : undefined;
    // Without /usr/bin/time, poll the child's VmHWM.
    const poll = HAVE_TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {
            /* ended */
          }
        }, 20);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (poll) clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let rssKb = peakKb;
      try {
        const t = fs.readFileSync(rssFile, 'utf8');
        // /usr/bin/time reports the child's own signal as "Command terminated by signal N" first.
        const sig = /terminated by signal (\d+)/.exec(t);
        if (sig && !signal) signal = `SIG${sig[1]}`;
        const m = /(\d+)\s*$/.exec(t.trim());
        if (m) rssKb = Number(m[1]);
        fs.rmSync(rssFile, { force: true });
      } catch {
        /* killed before time wrote it */
      }
      // /usr/bin/time exits 128+N when its child died of signal N.
      if (HAVE_TIME && code !== null && code > 128 && code < 160 && !signal) signal = `SIG${code - 128}`;
      resolve({ code, signal, stdout, stderr, ms, rssKb, timedOut, killed });
    });
  });
}

/**
 * The verdict on a finished CLI run, before the campaign's own checks: 'success' (exit 0), 'clean' (an error
 * record, nothing leaked), 'unclean' (exit 1 but no record, or a Node error text), 'crash', 'hang'. `stack` is
 * set when a stack frame was printed, whatever the verdict.
 */
function classify(r, { dism = false } = {}) {
  const all = r.stdout + '\n' + r.stderr;
  const stack = STACK_RE.test(all);
  if (r.timedOut) return { verdict: 'hang', stack, why: 'timeout' };
  if (r.signal) return { verdict: 'crash', stack, why: `signal ${r.signal}` };
  if (CRASH_RE.test(all)) return { verdict: 'crash', stack, why: (CRASH_RE.exec(all) || [])[0] };
  const leaked = NODE_ERROR_RE.exec(all);
  if (dism) {
    if (r.code === 0) return leaked ? { verdict: 'unclean', stack, why: `exit 0 with ${leaked[0]}` } : { verdict: 'success', stack };
    if (!DISM_RECORD_RE.test(r.stdout + r.stderr)) return { verdict: 'unclean', stack, why: `exit ${r.code} without DISM's Error block` };
    return leaked ? { verdict: 'unclean', stack, why: leaked[0] } : { verdict: stack ? 'unclean' : 'clean', stack };
  }
  if (r.code === 0) return leaked || stack ? { verdict: 'unclean', stack, why: leaked ? leaked[0] : 'stack frame' } : { verdict: 'success', stack };
  if (r.code !== 1) return { verdict: 'crash', stack, why: `exit ${r.code}` };
  if (!PS_RECORD_RE.test(r.stderr)) return { verdict: 'unclean', stack, why: 'exit 1 without an error record' };
  if (leaked) return { verdict: 'unclean', stack, why: leaked[0] };
  return { verdict: stack ? 'unclean' : 'clean', stack };
}

/** `wimlib-imagex verify` (all images, every blob's SHA-1); for a split set, its other parts as --ref. */
function verifyWim(file, refGlob) {
  const args = ['verify', file];
  if (refGlob) args.push(`--ref=${refGlob}`);
  const r = spawnSync('wimlib-imagex', args, { encoding: 'utf8', timeout: 60000 });
  return { ok: r.status === 0, why: (r.stderr || r.stdout || '').trim().split('\n').slice(-2).join(' ') };
}

function imageCount(file) {
  const r = spawnSync('wimlib-imagex', ['info', file, '--header'], { encoding: 'utf8' });
  const m = /Image Count\s*=\s*(\d+)/.exec(r.stdout || '');
  return m ? Number(m[1]) : -1;
}

/**
 * Walks `dir` to `maxDepth` levels below it, calling `visit(path, dirent, depth)` for each entry; an entry `skip`
 * names is passed over, and a directory is entered when `visit` returns true. Unreadable directories are skipped.
 */
function walkDir(dir, maxDepth, visit, skip = () => false) {
  const walk = (d, depth) => {
    let ents;
    try {
      ents = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (skip(p, e)) continue;
      if (visit(p, e, depth) && e.isDirectory() && depth < maxDepth) walk(p, depth + 1);
    }
  };
  walk(dir, 0);
}

/** True when `p` is one of `roots` or inside one. */
function within(p, roots) {
  return roots.some((s) => p === s || p.startsWith(s + path.sep));
}

/** Files a writer must never leave behind: temp files and lock directories/files. */
function findLeftovers(dir) {
  const out = [];
  walkDir(dir, 12, (p, e) => {
    if (/\.wimsh-tmp$|\.lock$|\.wimsh-tmp\./.test(e.name)) {
      out.push(p);
      return false;
    }
    return e.name !== 'home';
  });
  return out;
}

/** Path -> "size:mtime" of everything under `dir` except the `allowed` subtrees: the escape detector's snapshot. */
function snapshot(dir, allowed = []) {
  const m = new Map();
  const skip = allowed.map((a) => path.resolve(a));
  walkDir(
    dir,
    16,
    (p) => {
      try {
        const st = fs.lstatSync(p);
        m.set(p, `${st.size}:${st.mtimeMs}`);
        return true;
      } catch {
        return false;
      }
    },
    (p, e) => within(p, skip) || /^\.rss-/.test(e.name),
  );
  return m;
}

function snapshotDiff(before, after) {
  const changed = [];
  for (const [p, v] of after) if (before.get(p) !== v) changed.push(p);
  for (const p of before.keys()) if (!after.has(p)) changed.push(`-${p}`);
  return changed;
}

module.exports = { runCli, classify, verifyWim, imageCount, findLeftovers, snapshot, snapshotDiff, walkDir, within, STACK_RE, NODE_ERROR_RE };
