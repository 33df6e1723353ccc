/*
 * The fixed-seed slice of `npm run torture` that npm test runs: a small count of each campaign, through the real
 * CLI, asserting every must-be-zero column (unclean, stack, crash, hang, escape, corrupt, leftover, blocked) is 0.
 * A failure lists each finding: the campaign, the trial's seed, the mutation and why it was judged so.
 */
import * as path from 'node:path';

export interface Row {
  name: string;
  trials: number;
  skipped?: string;
  [column: string]: unknown;
}
export interface Finding {
  campaign: string;
  seed: number;
  label: string;
  verdict: string;
  why: string;
  corrupt: string[];
  leftover: string[];
  escape: string[];
}
export interface FuzzResult {
  target: string;
  runs: number;
  blocks: number;
  skipped?: string;
  findings: { kind: string; name: string; message: string; stack: string }[];
}
export interface TortureResult {
  rows: Row[];
  total: Row;
  findings: Finding[];
  fuzz: FuzzResult[];
}
export interface TortureApi {
  runTorture(opts: Record<string, unknown>): Promise<TortureResult>;
  formatTable(res: TortureResult): string;
  SLICE: Record<string, number>;
  BAD: string[];
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const torture = require(path.join(__dirname, '..', '..', 'tools', 'torture')) as TortureApi;

/** The slice's seed: fixed, so that a failure in CI is the same failure on a desk. */
export const SEED = 22;

/** The must-be-zero columns of each row, and the findings that made them non-zero (empty when all is well). */
export function badColumns(res: TortureResult): { rows: Record<string, Record<string, unknown>>; findings: string[] } {
  const rows: Record<string, Record<string, unknown>> = {};
  for (const r of res.rows) {
    if (r.skipped) continue;
    rows[r.name] = Object.fromEntries(torture.BAD.map((c) => [c, r[c]]));
  }
  const findings = res.findings.map(
    (f) =>
      `${f.campaign} seed ${f.seed} ${f.label}: ${f.verdict} ${f.why ?? ''} ${f.corrupt.join('; ')} ${f.leftover.join('; ')} ${f.escape.join('; ')}`.trim(),
  );
  return { rows, findings };
}

/** What badColumns must equal: every column 0, no finding. */
export function allZero(res: TortureResult): { rows: Record<string, Record<string, number>>; findings: string[] } {
  const rows: Record<string, Record<string, number>> = {};
  for (const r of res.rows) if (!r.skipped) rows[r.name] = Object.fromEntries(torture.BAD.map((c) => [c, 0]));
  return { rows, findings: [] };
}
