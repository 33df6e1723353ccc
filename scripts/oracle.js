#!/usr/bin/env node
// `npm run oracle -- script.ps1`: runs a script through wimsh's CLI and through the PowerShell oracle (the real
// engine, tools/ps-oracle; `npm run oracle:build` first) and prints both outputs and a unified diff of them.
// `npm run oracle -- --print script.ps1`: prints only the real engine's stdout (its stderr to stderr), exits with its
// exit code, for other checks to compare with.
//
// Both sides get the script's text as -Command (so error positions read "At line:L char:C" on both) with
// -NonInteractive, a fresh temporary home (C: and D: mapped inside it) and no colour. The oracle's stderr is shown
// with test/oracle/ps51-differences.js's rewrites applied (where 7.6's formatting differs from 5.1's by design).
// Exit code: 0 when the two agree, 1 when they differ, 2 when something could not run.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { as51 } = require('../test/oracle/ps51-differences.js');

const root = path.join(__dirname, '..');
const ORACLE = path.join(root, 'tools', 'ps-oracle', 'bin', 'Release', 'net10.0', 'ps-oracle');

const args = process.argv.slice(2);
const print = args.includes('--print');
const file = args.find((a) => a !== '--print');
if (!file) {
  console.error('usage: npm run oracle -- [--print] script.ps1');
  process.exit(2);
}
if (!fs.existsSync(ORACLE)) {
  console.error('oracle: not built: run `npm run oracle:build` (it needs the .NET SDK, `dotnet`)');
  process.exit(2);
}
const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');

function run(cmd, argv, env) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-oracle-'));
  try {
    const r = spawnSync(cmd, argv, {
      encoding: 'utf8', cwd: home, timeout: 120000,
      env: { ...process.env, NO_COLOR: '1', TERM: 'dumb', WIMSH_HOME: home, ...env },
    });
    if (r.error) throw r.error;
    return { stdout: r.stdout, stderr: r.stderr, exit: r.status };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const real = run(ORACLE, ['-NonInteractive', '-Command', text], {});
real.stderr = as51(real.stderr);
if (print) {
  process.stdout.write(real.stdout);
  process.stderr.write(real.stderr);
  process.exit(real.exit ?? 2);
}
const ours = run(process.execPath, [path.join(root, 'bin', 'wimsh.js'), '-NoProfile', '-NonInteractive', '-Command', text], { WIMSH_DRIVE_C: '' });

/** Both outputs as one text each, streams labelled, for showing and diffing. */
const render = (r) => `--- stdout\n${r.stdout}--- stderr\n${r.stderr}--- exit ${r.exit}\n`;
const a = render(real);
const b = render(ours);
console.log(`=== PowerShell (oracle)\n${a}\n=== wimsh\n${b}`);
if (a === b) {
  console.log('=== the same');
  process.exit(0);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-oracle-diff-'));
try {
  fs.writeFileSync(path.join(dir, 'powershell'), a);
  fs.writeFileSync(path.join(dir, 'wimsh'), b);
  const d = spawnSync('diff', ['-u', 'powershell', 'wimsh'], { cwd: dir, encoding: 'utf8' });
  console.log(`=== diff (- PowerShell, + wimsh)\n${d.stdout || d.error?.message || ''}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(1);
