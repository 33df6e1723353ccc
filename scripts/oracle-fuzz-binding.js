#!/usr/bin/env node
// `npm run oracle:fuzz-binding -- [--runs N] [--seed S] [--show K] [--list]`: the differential binding fuzzer at scale
// (--list: print the differing invocations as "case:invocation", the way binding-fuzz.test.ts's KNOWN_DIFFERENCES
// lists them).
// Generates N random command shapes with a few invocations each (test/oracle/binding-fuzz.js), runs every case
// through wimsh (in-process, from dist/: run `npm run build` first) and through the PowerShell oracle (one server
// process for all), and prints a summary: invocations, agreements, differences by kind, and the first K differing
// cases in full (script, PowerShell's outcome, wimsh's). Exit code: 0 all agree, 1 some differ, 2 cannot run.
'use strict';
const { sample, caseScript, outcomes, differenceKind } = require('../test/oracle/binding-fuzz.js');
const { numberOption, requireBuilt, runOracle, runWimsh } = require('./oracle-lib.js');

const runs = numberOption('--runs', 200);
const seed = numberOption('--seed', 20);
const show = numberOption('--show', 5);
requireBuilt('oracle-fuzz-binding');

(async () => {
  const cases = sample(seed, runs);
  const scripts = cases.map(caseScript);
  const started = Date.now();
  const oracle = await runOracle(scripts);
  let invocations = 0;
  let agree = 0;
  const kinds = new Map();
  const shown = [];
  const differing = [];
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
      differing.push(`'${i}:${k}'`);
      const kind = differenceKind(a, b);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (shown.length < show) shown.push({ script: scripts[i].split('\n')[0] + '\n' + scripts[i].split('\n')[k + 1], powershell: b, wimsh: a });
    }
  }
  for (const s of shown) console.log(`--- differs\n${s.script}\n  PowerShell: ${s.powershell.join(' / ')}\n  wimsh:      ${s.wimsh.join(' / ')}\n`);
  console.log(`oracle-fuzz-binding: seed ${seed}, ${cases.length} shapes, ${invocations} invocations, ${agree} agree, ${invocations - agree} differ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (process.argv.includes('--list')) console.log(differing.join(', '));
  for (const [k, n] of [...kinds].sort((x, y) => y[1] - x[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
  process.exit(agree === invocations ? 0 : 1);
})().catch((e) => {
  console.error(`oracle-fuzz-binding: ${e.message}`);
  process.exit(2);
});
