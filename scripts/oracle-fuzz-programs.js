#!/usr/bin/env node
// `npm run oracle:fuzz-programs -- [--runs N] [--seed S] [--show K] [--list]`: the differential program fuzzer at
// scale (--list: print the differing statements as program-fuzz.test.ts's KNOWN_DIFFERENCES lists them).
// Generates N random small programs (test/oracle/program-fuzz.js), runs each through wimsh (in-process, from dist/:
// run `npm run build` first) and through the PowerShell oracle (one server process for all), compares the line each
// statement prints, and prints a summary: statements, agreements, differences, and the first K differing statements
// in full (the statement, PowerShell's line, wimsh's). Exit code: 0 all agree, 1 some differ, 2 cannot run.
'use strict';
const { sample, programScript, outcomes } = require('../test/oracle/program-fuzz.js');
const { numberOption, requireBuilt, runOracle, runWimsh } = require('./oracle-lib.js');

const runs = numberOption('--runs', 200);
const seed = numberOption('--seed', 7);
const show = numberOption('--show', 10);
requireBuilt('oracle-fuzz-programs');

(async () => {
  const programs = sample(seed, runs);
  const scripts = programs.map(programScript);
  const started = Date.now();
  const oracle = await runOracle(scripts);
  let statements = 0;
  let agree = 0;
  const shown = [];
  const differing = [];
  for (let i = 0; i < programs.length; i++) {
    const theirs = outcomes(oracle[i].stdout);
    const ours = outcomes(await runWimsh(scripts[i]));
    for (let k = 0; k < programs[i].length; k++) {
      statements++;
      const a = ours.get(k) ?? '(no line)';
      const b = theirs.get(k) ?? '(no line)';
      if (a === b) {
        agree++;
        continue;
      }
      differing.push(`'${i}:${k}'`);
      if (shown.length < show) shown.push({ at: `${i}:${k}`, statement: programs[i][k], powershell: b, wimsh: a });
    }
  }
  if (process.argv.includes('--list')) console.log(differing.join(', '));
  for (const s of shown) console.log(`--- ${s.at}: ${s.statement}\n  PowerShell: ${s.powershell}\n  wimsh:      ${s.wimsh}\n`);
  console.log(`oracle-fuzz-programs: seed ${seed}, ${programs.length} programs, ${statements} statements, ${agree} agree, ${statements - agree} differ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(agree === statements ? 0 : 1);
})().catch((e) => {
  console.error(`oracle-fuzz-programs: ${e.message}`);
  process.exit(2);
});
