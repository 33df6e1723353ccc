#!/usr/bin/env node
// `npm run oracle:fuzz-binding -- [--runs N] [--seed S] [--show K]`: the differential binding fuzzer at scale.
// Generates N random command shapes with a few invocations each (test/oracle/binding-fuzz.js), runs every case
// through wimsh (in-process, from dist/: run `npm run build` first) and through the PowerShell oracle (one server
// process for all), and prints a summary: invocations, agreements, differences by kind, and the first K differing
// cases in full (script, PowerShell's outcome, wimsh's). Exit code: 0 all agree, 1 some differ, 2 cannot run.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { sample, caseScript, outcomes, differenceKind } = require('../test/oracle/binding-fuzz.js');

const root = path.join(__dirname, '..');
const ORACLE = path.join(root, 'tools', 'ps-oracle', 'bin', 'Release', 'net10.0', 'ps-oracle');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = arg('--runs', 200);
const seed = arg('--seed', 20);
const show = arg('--show', 5);

if (!fs.existsSync(ORACLE)) {
  console.error('oracle-fuzz-binding: the oracle is not built: run `npm run oracle:build` (it needs the .NET SDK)');
  process.exit(2);
}
if (!fs.existsSync(path.join(root, 'dist', 'src', 'lang', 'runtime', 'runspace.js'))) {
  console.error('oracle-fuzz-binding: dist/ is missing: run `npm run build` first');
  process.exit(2);
}

/** All scripts through the oracle's server mode, in order. */
function runOracle(scripts) {
  return new Promise((resolve, reject) => {
    const child = spawn(ORACLE, ['--server'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' } });
    const results = [];
    let buf = '';
    child.on('error', reject);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const msg = JSON.parse(line);
        if (msg.ready) continue;
        if (msg.error) return reject(new Error(msg.error));
        results[msg.id] = msg;
        if (results.filter(Boolean).length === scripts.length) {
          child.stdin.end();
          resolve(results);
        }
      }
    });
    scripts.forEach((script, id) => child.stdin.write(JSON.stringify({ id, script }) + '\n'));
  });
}

async function runWimsh(script) {
  const { setHost } = require(path.join(root, 'dist/src/platform/host.js'));
  const { createNodeHost } = require(path.join(root, 'dist/src/platform/node/node-host.js'));
  const { createRunspace } = require(path.join(root, 'dist/src/lang/runtime/runspace.js'));
  const { registry } = require(path.join(root, 'dist/cmdlets/index.js'));
  const base = createNodeHost();
  let stdout = '';
  setHost({ ...base, stdout: { write: (t) => void (stdout += t), isTTY: false, columns: undefined }, stderr: { write: () => undefined, isTTY: false, columns: undefined }, stdinIsTTY: false });
  try {
    await createRunspace({ interactive: false, registry }).runScript(script);
  } finally {
    setHost(base);
  }
  return stdout;
}

(async () => {
  const cases = sample(seed, runs);
  const scripts = cases.map(caseScript);
  const started = Date.now();
  const oracle = await runOracle(scripts);
  let invocations = 0;
  let agree = 0;
  const kinds = new Map();
  const shown = [];
  for (let i = 0; i < cases.length; i++) {
    const theirs = outcomes(oracle[i].stdout);
    const ours = outcomes(await runWimsh(scripts[i]));
    for (let k = 0; k < cases[i].invocations.length; k++) {
      invocations++;
      const a = ours[k] ?? ['(no outcome)'];
      const b = theirs[k] ?? ['(no outcome)'];
      if (JSON.stringify(a) === JSON.stringify(b)) {
        agree++;
        continue;
      }
      const kind = differenceKind(a, b);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (shown.length < show) shown.push({ script: scripts[i].split('\n')[0] + '\n' + scripts[i].split('\n')[k + 1], powershell: b, wimsh: a });
    }
  }
  for (const s of shown) console.log(`--- differs\n${s.script}\n  PowerShell: ${s.powershell.join(' / ')}\n  wimsh:      ${s.wimsh.join(' / ')}\n`);
  console.log(`oracle-fuzz-binding: seed ${seed}, ${cases.length} shapes, ${invocations} invocations, ${agree} agree, ${invocations - agree} differ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const [k, n] of [...kinds].sort((x, y) => y[1] - x[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
  process.exit(agree === invocations ? 0 : 1);
})().catch((e) => {
  console.error(`oracle-fuzz-binding: ${e.message}`);
  process.exit(2);
});
