#!/usr/bin/env node
/*
 * `npm run torture`: hostile inputs and abused writers through the real CLI, and coverage-guided fuzzing of the
 * parsers, with a table of what happened (tools/torture/ holds the machinery; the README's "Torture" section says
 * what each column means).
 *
 *   npm run torture                          every campaign at full counts (~15 min on two busy cores)
 *   npm run torture -- --quick               the npm test slice's counts (~1 min)
 *   npm run torture -- --only export,kill    some campaigns (names: see --help)
 *   npm run torture -- --seed 7              another fixed seed (default 1); every finding prints its trial seed
 *   npm run torture -- --reads N --writes N --long-path N --iso N --hive N --traversal N --kill N --writers N
 *                     --fuzz-runs N --fuzz-seconds S --fuzz-targets a,b --timeout MS --keep N --work DIR --json FILE
 *
 * Exit status 0 when every must-be-zero column (unclean, stack, crash, hang, escape, corrupt, leftover, blocked) is
 * 0 and the fuzzer found nothing; 1 otherwise. Trial folders of findings are kept under --work (default a temp dir).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runTorture, formatTable, isClean, FULL, SLICE, ALL_CAMPAIGNS, FUZZ_TARGETS } = require('../tools/torture');

const args = process.argv.slice(2);
const val = (f) => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes('--help') || args.includes('-h')) {
  const head = fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 17).join('\n');
  console.log(head.replace(/^ \* ?/gm, ''));
  console.log(`\ncampaigns: ${ALL_CAMPAIGNS.join(', ')}\nfuzz targets: ${FUZZ_TARGETS.join(', ')}`);
  process.exit(0);
}
const counts = { ...(args.includes('--quick') ? SLICE : FULL) };
const num = (flag, key) => {
  const v = val(flag);
  if (v !== undefined) counts[key] = Number(v);
};
num('--reads', 'reads');
num('--writes', 'writes');
num('--iso', 'iso');
num('--hive', 'hive');
num('--traversal', 'traversal');
num('--long-path', 'longPath');
num('--kill', 'kill');
num('--writers', 'writers');
num('--fuzz-runs', 'fuzzRuns');
num('--fuzz-seconds', 'fuzzSeconds');
const only = val('--only');
const campaigns = only ? only.split(',') : undefined;
const unknown = (campaigns || []).filter((c) => !ALL_CAMPAIGNS.includes(c));
if (unknown.length) {
  console.error(`unknown campaign(s): ${unknown.join(', ')}; known: ${ALL_CAMPAIGNS.join(', ')}`);
  process.exit(2);
}
const work = val('--work') && path.resolve(val('--work'));
let dots = 0;
runTorture({
  seed: Number(val('--seed') ?? 1),
  campaigns,
  counts,
  work,
  keepWork: Boolean(work),
  keep: Number(val('--keep') ?? 20),
  timeoutMs: Number(val('--timeout') ?? 10000),
  fuzzTargets: val('--fuzz-targets') ? val('--fuzz-targets').split(',') : undefined,
  log: (l) => {
    if (dots) process.stderr.write('\n');
    dots = 0;
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${l}\n`);
  },
  progress: (_c, bad) => {
    process.stderr.write(bad ? 'x' : '.');
    dots++;
  },
}).then(
  (res) => {
    if (dots) process.stderr.write('\n');
    console.log(`\nwimsh torture, seed ${res.seed}, ${(res.ms / 1000).toFixed(0)} s\n`);
    console.log(formatTable(res));
    const fz = res.fuzz.flatMap((f) => f.findings.map((x) => ({ target: f.target, ...x })));
    if (res.findings.length || fz.length) {
      console.log(`\nfindings (${res.findings.length} trials, ${fz.length} fuzz):`);
      for (const f of res.findings.slice(0, 40)) {
        const what = [f.verdict !== 'success' && f.verdict !== 'clean' ? f.verdict : '', f.corrupt.length ? 'corrupt' : '', f.leftover.length ? 'leftover' : '', f.escape.length ? 'escape' : ''].filter(Boolean).join('+');
        console.log(`  ${f.campaign} seed ${f.seed} [${what}] ${f.label}: ${f.why || ''}${f.leftover.length ? ` {${f.leftover.join(', ')}}` : ''}${f.escape.length ? ` {${f.escape.join(', ')}}` : ''}${f.kept ? `  (kept: ${f.kept})` : ''}`);
      }
      if (res.findings.length > 40) console.log(`  ... ${res.findings.length - 40} more`);
      for (const f of fz) console.log(`  fuzz ${f.target} ${f.kind} ${f.name}: ${f.message}${f.file ? `  (input: ${f.file})` : ''}`);
    }
    const json = val('--json');
    if (json) fs.writeFileSync(json, JSON.stringify(res, null, 2));
    const ok = isClean(res);
    console.log(ok ? '\nall must-be-zero columns are 0' : '\nFAILED: some must-be-zero columns are not 0');
    process.exitCode = ok ? 0 : 1;
  },
  (e) => {
    console.error(`torture: ${e && e.stack ? e.stack : e}`);
    process.exitCode = 2;
  },
);
