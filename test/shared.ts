/*
 * Where the steering repository's shared/ folder is (reference pages, research, conformance cases): ../shared beside
 * this checkout, else ../shared beside the repository this one was cloned from (a fresh clone made elsewhere, e.g.
 * under /tmp, for a CI check). Tests that read it find it here, so that a fresh clone finds what the checkout does.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The path of `rel` inside shared/: `override` when given, else the first candidate that exists. */
export function sharedPath(rel: string, override?: string): string {
  const beside = path.join(__dirname, '..', '..', 'shared', rel);
  const candidates = [override, beside];
  const origin = spawnSync('git', ['config', '--get', 'remote.origin.url'], { cwd: __dirname, encoding: 'utf8' }).stdout?.trim();
  if (origin && path.isAbsolute(origin)) candidates.push(path.join(origin, '..', 'shared', rel));
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? beside;
}
