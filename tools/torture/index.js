/*
 * The torture run as a library: builds the fixtures, runs the chosen campaigns with the chosen counts, fuzzes the
 * parsers, and returns the tallies. scripts/torture.js (`npm run torture`) prints them; test/torture/*.test.ts runs
 * a small fixed-seed slice and asserts the bad columns are 0.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildFixtures, haveTools } = require('./fixtures');
const { metadataOfUncompressed } = require('./mutate');
const { Tally, COLUMNS, BAD, WIM_CAMPAIGNS, wimCampaign, isoCampaign, hiveCampaign, traversalCampaign, longPathCampaign } = require('./campaigns');
const { killCampaign, concurrentCampaign, diskFullCampaign, buildCrashFixtures } = require('./crash');
const { fuzzTarget, buildFuzzSeeds, FUZZ_TARGETS } = require('./fuzz');
const { snapshot } = require('./runner');

const READERS = ['get', 'content', 'dism-info'];
const WRITERS = ['expand', 'export', 'append', 'dism-export', 'split', 'remove', 'mount'];
const ALL_CAMPAIGNS = [...READERS, ...WRITERS, 'long-path', 'iso', 'hive', 'traversal', 'kill', 'concurrent', 'disk-full', 'fuzz'];

/**
 * The counts of `npm run torture` (about 15 minutes on two busy cores; raise them with the flags for a longer run)
 * and of the npm test slice (about 40 mutated WIMs through the readers, 20 through the writers, 3 kills, 4 writers).
 */
const FULL = { longPath: 4, reads: 60, writes: 25, iso: 30, hive: 30, traversal: 20, kill: 50, writers: 8, fuzzRuns: 3000, fuzzSeconds: 10, crashScale: 2 };
const SLICE = { longPath: 2, reads: 12, writes: 3, iso: 3, hive: 3, traversal: 3, kill: 3, writers: 4, fuzzRuns: 120, fuzzSeconds: 4, crashScale: 1 };

/**
 * Runs the torture campaigns. opts: { seed, campaigns (names), counts (as FULL), work (directory), keep (finding
 * trial directories kept), timeoutMs, progress(campaign, bad), log(line) }.
 */
async function runTorture(opts = {}) {
  const seed = opts.seed ?? 1;
  const counts = { ...FULL, ...(opts.counts || {}) };
  const chosen = new Set(opts.campaigns && opts.campaigns.length ? opts.campaigns : ALL_CAMPAIGNS);
  const log = opts.log || (() => {});
  if (!haveTools()) throw new Error('wimlib-imagex is not installed: the fixtures and the verify oracle need it');
  const work = opts.work || fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-torture-'));
  const root = path.join(work, 'trials');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const t0 = Date.now();
  log(`fixtures in ${work}`);
  const fx = buildFixtures(path.join(work, 'fixtures'), { seed });
  const needCrash = chosen.has('kill') || chosen.has('disk-full');
  if (needCrash) buildCrashFixtures(fx, { withHuge: chosen.has('disk-full'), scale: counts.crashScale });
  // A folder no trial may touch: its snapshot before and after every trial must match.
  const sentinel = path.join(work, 'sentinel');
  fs.mkdirSync(sentinel, { recursive: true });
  fs.writeFileSync(path.join(sentinel, 'do-not-touch.txt'), 'sentinel');
  const ctx = {
    root,
    fx,
    donor: metadataOfUncompressed(fs.readFileSync(fx.forms.find((f) => f.compression === 'none').file)),
    tally: new Tally(),
    seed,
    counter: 0,
    timeoutMs: opts.timeoutMs ?? 10000,
    keep: opts.keep ?? 20,
    sentinel,
    sentinelSnap: snapshot(sentinel),
    progress: opts.progress,
  };
  for (const name of READERS) if (chosen.has(name)) (log(`campaign ${name}`), await wimCampaign(ctx, name, counts.reads));
  for (const name of WRITERS) if (chosen.has(name)) (log(`campaign ${name}`), await wimCampaign(ctx, name, counts.writes));
  if (chosen.has('long-path')) (log('campaign long-path'), await longPathCampaign(ctx, counts.longPath));
  if (chosen.has('iso')) (log('campaign iso'), await isoCampaign(ctx, counts.iso));
  if (chosen.has('hive')) (log('campaign hive'), await hiveCampaign(ctx, counts.hive));
  if (chosen.has('traversal')) (log('campaign traversal'), await traversalCampaign(ctx, counts.traversal));
  if (chosen.has('kill')) (log('campaign kill'), await killCampaign(ctx, counts.kill));
  if (chosen.has('concurrent')) (log('campaign concurrent'), await concurrentCampaign(ctx, counts.writers));
  if (chosen.has('disk-full')) (log('campaign disk-full'), await diskFullCampaign(ctx));
  const fuzz = [];
  if (chosen.has('fuzz')) {
    const seeds = buildFuzzSeeds(path.join(work, 'fuzz-seeds'));
    if (fx.hive) seeds.hive = [fs.readFileSync(fx.hive)];
    if (fx.iso) seeds.iso = [fs.readFileSync(fx.iso)];
    const targets = opts.fuzzTargets || FUZZ_TARGETS;
    for (const t of targets) {
      if (!seeds[t]) {
        fuzz.push({ target: t, skipped: 'no seed (fixture tool missing)', runs: 0, blocks: 0, corpus: 0, findings: [] });
        continue;
      }
      log(`fuzz ${t}`);
      fuzz.push(await fuzzTarget(t, seeds[t], { runs: counts.fuzzRuns, seconds: counts.fuzzSeconds, seed, outDir: path.join(work, 'fuzz-findings') }));
    }
  }
  const result = { seed, counts, work, ms: Date.now() - t0, rows: [...ctx.tally.rows.entries()].map(([name, r]) => ({ name, ...r })), total: ctx.tally.total(), findings: ctx.tally.findings, fuzz, killDurations: ctx.killDurations };
  if (!opts.keepWork && ctx.tally.findings.every((f) => !f.kept) && fuzz.every((f) => !f.findings.length)) fs.rmSync(work, { recursive: true, force: true });
  return result;
}

const pad = (s, n, right) => (right ? String(s).padStart(n) : String(s).padEnd(n));

/** The table of a run, as `npm run torture` prints it. */
function formatTable(res) {
  const cols = COLUMNS;
  const head = [pad('campaign', 12), ...cols.map((c) => pad(c, Math.max(c.length, 6), true)), pad('worst s', 8, true), pad('worst RSS', 10, true)].join(' ');
  const line = (name, r) =>
    r.skipped
      ? `${pad(name, 12)} skipped: ${r.skipped}`
      : [pad(name, 12), ...cols.map((c) => pad(r[c], Math.max(c.length, 6), true)), pad((r.worstMs / 1000).toFixed(1), 8, true), pad(`${(r.worstRssKb / 1024).toFixed(0)} MB`, 10, true)].join(' ');
  const out = [head, '-'.repeat(head.length)];
  for (const r of res.rows) out.push(line(r.name, r));
  out.push('-'.repeat(head.length), line('total', res.total));
  const kill = res.rows.find((r) => r.name === 'kill');
  if (kill && kill.nextWriteWorstMs) out.push(`kill: the slowest write after a kill -9 took ${(kill.nextWriteWorstMs / 1000).toFixed(1)} s`);
  if (res.fuzz.length) {
    out.push('', [pad('fuzz target', 12), pad('runs', 7, true), pad('blocks', 7, true), pad('corpus', 7, true), pad('exceptions', 11, true), pad('timeouts', 9, true)].join(' '));
    for (const f of res.fuzz) {
      if (f.skipped) out.push(`${pad(f.target, 12)} skipped: ${f.skipped}`);
      else
        out.push(
          [pad(f.target, 12), pad(f.runs, 7, true), pad(f.blocks, 7, true), pad(f.corpus, 7, true), pad(f.findings.filter((x) => x.kind === 'exception').length, 11, true), pad(f.findings.filter((x) => x.kind === 'timeout').length, 9, true)].join(' '),
        );
    }
  }
  return out.join('\n');
}

/** True when every must-be-zero column is 0 and the fuzzer found nothing. */
function isClean(res) {
  return BAD.every((c) => res.total[c] === 0) && res.fuzz.every((f) => f.findings.length === 0);
}

module.exports = { runTorture, formatTable, isClean, FULL, SLICE, ALL_CAMPAIGNS, READERS, WRITERS, BAD, COLUMNS, FUZZ_TARGETS, WIM_CAMPAIGNS };
