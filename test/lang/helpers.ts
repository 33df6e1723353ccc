/*
 * Runs PowerShell text in-process through a runspace whose host captures stdout and stderr, with drive C: mapped
 * to a fresh temporary directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setHost, type Host } from '../../src/platform/host';
import { createNodeHost } from '../../src/platform/node/node-host';
import { createRunspace } from '../../src/lang/runtime/runspace';
import { registry } from '../../cmdlets/index';

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

let base: Host | undefined;

export function tempDrive(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-lang-'));
  process.env.WIMSH_DRIVE_C = dir;
  return dir;
}

export async function run(script: string, opts: { file?: string; args?: string[] } = {}): Promise<RunOutput> {
  base = base ?? createNodeHost();
  let stdout = '';
  let stderr = '';
  const h: Host = {
    ...base,
    stdout: { write: (t: string) => void (stdout += t), isTTY: false, columns: undefined },
    stderr: { write: (t: string) => void (stderr += t), isTTY: false, columns: undefined },
    stdinIsTTY: false,
  };
  setHost(h);
  try {
    const rs = createRunspace({ interactive: false, registry });
    const r = opts.file !== undefined ? await rs.runFile(opts.file, opts.args ?? []) : await rs.runScript(script);
    return { stdout, stderr, exitCode: r.exitCode };
  } finally {
    setHost(base);
  }
}

/** Installs a capturing host for code that drives a runspace itself; call restore() when done. */
export function capture(): { stdout: () => string; stderr: () => string; restore: () => void } {
  base = base ?? createNodeHost();
  let stdout = '';
  let stderr = '';
  setHost({
    ...base,
    stdout: { write: (t: string) => void (stdout += t), isTTY: false, columns: undefined },
    stderr: { write: (t: string) => void (stderr += t), isTTY: false, columns: undefined },
    stdinIsTTY: false,
  });
  const b = base;
  return { stdout: () => stdout, stderr: () => stderr, restore: () => setHost(b) };
}

/** The output lines with trailing spaces cut and blank lines at both ends dropped (as the conformance runner). */
export function lines(s: string): string {
  const l = s.replace(/\r\n/g, '\n').split('\n').map((x) => x.replace(/\s+$/, ''));
  while (l.length && l[0] === '') l.shift();
  while (l.length && l[l.length - 1] === '') l.pop();
  return l.join('\n');
}

/** Runs and returns normalised stdout, failing the test with stderr when anything went to stderr. */
export async function out(script: string): Promise<string> {
  const r = await run(script);
  if (r.stderr) throw new Error(`unexpected stderr for ${script}:\n${r.stderr}`);
  return lines(r.stdout);
}
