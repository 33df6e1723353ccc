/*
 * The shared conformance cases (../shared/conformance/cases.jsonl: Windows PowerShell 5.1's exact output for each
 * script), found and read as run-cases.mjs reads them: what the CLI's conformance test (test/lang/conformance.test.ts)
 * and the PowerShell oracle's (test/oracle/conformance-oracle.test.ts) both run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ConformanceCase {
  id: string;
  script: string;
  stdout?: string;
  stderr_contains?: string[];
  exit?: number;
}

/**
 * The case file: $WIMSH_CONFORMANCE_CASES, else ../shared beside this checkout, else ../shared beside the
 * repository this one was cloned from (a fresh clone made elsewhere, e.g. under /tmp, for a CI check).
 */
export function casesFile(): string {
  const rel = path.join('shared', 'conformance', 'cases.jsonl');
  const candidates = [process.env.WIMSH_CONFORMANCE_CASES, path.join(__dirname, '../../..', rel)];
  const origin = spawnSync('git', ['config', '--get', 'remote.origin.url'], { cwd: __dirname, encoding: 'utf8' }).stdout?.trim();
  if (origin && path.isAbsolute(origin)) candidates.push(path.join(origin, '..', rel));
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? path.join(__dirname, '../../..', rel);
}

/** The cases of `file` (one JSON object a line), none when it does not exist (each suite's first test says so). */
export function loadCases(file: string = casesFile()): ConformanceCase[] {
  return fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ConformanceCase)
    : [];
}
