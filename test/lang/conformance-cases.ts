/*
 * The shared conformance cases (../shared/conformance/cases.jsonl: Windows PowerShell 5.1's exact output for each
 * script), found and read as run-cases.mjs reads them: what the CLI's conformance test (test/lang/conformance.test.ts)
 * and the PowerShell oracle's (test/oracle/conformance-oracle.test.ts) both run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedPath } from '../shared';

export interface ConformanceCase {
  id: string;
  script: string;
  stdout?: string;
  stderr_contains?: string[];
  exit?: number;
}

/**
 * The case file: $WIMSH_CONFORMANCE_CASES, else shared/conformance/cases.jsonl where test/shared.ts finds shared/.
 */
export function casesFile(): string {
  return sharedPath(path.join('conformance', 'cases.jsonl'), process.env.WIMSH_CONFORMANCE_CASES);
}

/** The cases of `file` (one JSON object a line), none when it does not exist (each suite's first test says so). */
export function loadCases(file: string = casesFile()): ConformanceCase[] {
  return fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ConformanceCase)
    : [];
}
