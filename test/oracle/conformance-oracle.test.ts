/*
 * The oracle checked against the record: every shared conformance case (../shared/conformance/cases.jsonl, Windows
 * PowerShell 5.1's output) run through the real engine (tools/ps-oracle), compared as run-cases.mjs compares wimsh:
 * stdout line by line, stderr substrings, exit code. Where 7.6 differs from 5.1 by design, ps51-differences.js says
 * so (a rewrite of the text, or the case expected to disagree, with the reason). Without the oracle (no .NET, not
 * built) the suite says why in a test's name and compares nothing: it never claims agreement it did not see.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { oracleStatus, runOracle, type OracleResult } from './oracle';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const differences = require('./ps51-differences.js') as {
  cases: Record<string, { why: string; source: string }>;
  as51(stderr: string): string;
};

interface Case {
  id: string;
  script: string;
  stdout?: string;
  stderr_contains?: string[];
  exit?: number;
}

/** The case file, found as test/lang/conformance.test.ts finds it. */
function casesFile(): string {
  const rel = path.join('shared', 'conformance', 'cases.jsonl');
  const candidates = [process.env.WIMSH_CONFORMANCE_CASES, path.join(__dirname, '../../..', rel)];
  const origin = spawnSync('git', ['config', '--get', 'remote.origin.url'], { cwd: __dirname, encoding: 'utf8' }).stdout?.trim();
  if (origin && path.isAbsolute(origin)) candidates.push(path.join(origin, '..', rel));
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? path.join(__dirname, '../../..', rel);
}

const CASES = casesFile();
const cases: Case[] = fs.existsSync(CASES)
  ? fs.readFileSync(CASES, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case)
  : [];

/** run-cases.mjs's normalisation: CRLF to LF, trailing spaces cut, blank lines at both ends dropped. */
const norm = (s: string) => {
  const lines = s.replace(/\r\n/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
};

/** How the engine's output differs from the case's record; empty when it agrees. */
export function disagreements(c: Case, r: OracleResult): string[] {
  const why: string[] = [];
  const stderr = differences.as51(r.stderr);
  if (c.stdout !== undefined && norm(r.stdout) !== norm(c.stdout)) why.push(`stdout: expected ${JSON.stringify(norm(c.stdout))}, got ${JSON.stringify(norm(r.stdout))}`);
  for (const s of c.stderr_contains ?? []) if (!stderr.includes(s)) why.push(`stderr lacks ${JSON.stringify(s)}; got ${JSON.stringify(stderr.slice(0, 600))}`);
  if (c.exit !== undefined && r.exit !== c.exit) why.push(`exit ${r.exit}, expected ${c.exit}`);
  return why;
}

const status = oracleStatus();

if (!status.available) {
  describe('PowerShell oracle against the conformance record', () => {
    it(`compares nothing: ${status.reason}`, () => {
      console.warn(`conformance-oracle: skipped, ${status.reason}`);
    });
  });
} else {
  describe('PowerShell oracle against the conformance record', () => {
    let results: OracleResult[] = [];
    beforeAll(async () => {
      results = await runOracle(cases.map((c) => ({ script: c.script })));
    }, 300_000);

    it('finds the case file', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    it.each(cases.map((c, i) => [c.id, c, i] as const))('%s', (id, c, i) => {
      const why = disagreements(c, results[i]);
      const known = differences.cases[id];
      if (known) {
        // A listed difference must still be one: an entry the engine now agrees with is stale and must go.
        expect({ id, stillDiffers: why.length > 0, listedBecause: known.why }).toEqual({ id, stillDiffers: true, listedBecause: known.why });
      } else {
        expect({ id, disagreements: why }).toEqual({ id, disagreements: [] });
      }
    });

    it('lists no difference for a case that does not exist', () => {
      const ids = new Set(cases.map((c) => c.id));
      expect(Object.keys(differences.cases).filter((id) => !ids.has(id))).toEqual([]);
    });
  });
}
