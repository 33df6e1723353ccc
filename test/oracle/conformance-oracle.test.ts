/*
 * The oracle checked against the record: every shared conformance case (../shared/conformance/cases.jsonl, Windows
 * PowerShell 5.1's output) run through the real engine (tools/ps-oracle), compared as run-cases.mjs compares wimsh:
 * stdout line by line, stderr substrings, exit code. Where 7.6 differs from 5.1 by design, ps51-differences.js says
 * so (a rewrite of the text, or the case expected to disagree, with the reason). Without the oracle (no .NET, not
 * built) the suite says why in a test's name and compares nothing: it never claims agreement it did not see.
 */
import { type ConformanceCase, loadCases } from '../lang/conformance-cases';
import { lines } from '../lang/helpers';
import { oracleStatus, runOracle, type OracleResult } from './oracle';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const differences = require('./ps51-differences.js') as {
  cases: Record<string, { why: string; source: string }>;
  as51(stderr: string): string;
};

const cases = loadCases();

/** How the engine's output differs from the case's record; empty when it agrees. */
export function disagreements(c: ConformanceCase, r: OracleResult): string[] {
  const why: string[] = [];
  const stderr = differences.as51(r.stderr);
  // lines(): run-cases.mjs's normalisation (CRLF to LF, trailing spaces cut, blank lines at both ends dropped).
  if (c.stdout !== undefined && lines(r.stdout) !== lines(c.stdout)) why.push(`stdout: expected ${JSON.stringify(lines(c.stdout))}, got ${JSON.stringify(lines(r.stdout))}`);
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
