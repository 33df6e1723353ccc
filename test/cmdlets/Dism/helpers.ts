/*
 * Helpers of the Dism cmdlet tests: a sandbox per test file (WIMSH_HOME, C: and D: drives in a temp directory), the
 * built CLI spawned as a user runs it, and wimlib-imagex / 7zz as the format's oracles.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const BIN = path.join(__dirname, '../../../bin/wimsh.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  dir: string;
  home: string;
  /** C:\ and D:\ on this machine. */
  c: string;
  d: string;
  env: Record<string, string>;
  /** Runs a -Command script; extra env on top of the sandbox's. */
  run(script: string, env?: Record<string, string | undefined>): RunResult;
  /** Native path of C:\<rel> (rel with / or \). */
  cpath(rel: string): string;
  cleanup(): void;
}

export function sandbox(prefix: string): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wimsh-${prefix}-`));
  const home = path.join(dir, 'home');
  const c = path.join(dir, 'c');
  const d = path.join(dir, 'd');
  for (const p of [home, c, d]) fs.mkdirSync(p, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^WIMSH_/i.test(k)) env[k] = v;
  Object.assign(env, { WIMSH_HOME: home, WIMSH_DRIVE_C: c, WIMSH_DRIVE_D: d, NO_COLOR: '1', LANG: 'C.UTF-8' });
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return {
    dir,
    home,
    c,
    d,
    env,
    run(script, extra = {}) {
      const e: Record<string, string> = { ...env };
      for (const [k, v] of Object.entries(extra)) {
        if (v === undefined) delete e[k];
        else e[k] = v;
      }
      const r = spawnSync(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', script], {
        encoding: 'utf8',
        cwd: dir,
        env: e,
        timeout: 60000,
      });
      return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
    cpath: (rel) => path.join(c, ...rel.split(/[\\/]/).filter(Boolean)),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a tool and returns its stdout; throws with its output when it fails. */
export function tool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export const wimlib = (...args: string[]) => tool('wimlib-imagex', args);

/** The reference accepts the file: wimlib-imagex verify (and, with sevenZip, 7zz t). */
export function expectValidWim(file: string, sevenZip = false): void {
  const out = wimlib('verify', file);
  if (!/successfully verified/.test(out)) throw new Error(`wimlib-imagex verify ${file}:\n${out}`);
  if (sevenZip) {
    const t = tool('7zz', ['t', file]);
    if (!/Everything is Ok/.test(t)) throw new Error(`7zz t ${file}:\n${t}`);
  }
}

/** `wimlib-imagex info FILE`'s summary: { 'Image Count': '2', Compression: 'LZX', 'Boot Index': '1', ... }. */
export function wimInfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of wimlib('info', file).split('\n')) {
    if (/^Available Images/.test(line)) break;
    const m = /^(\S[^:]*):\s+(.*)$/.exec(line);
    if (m) out[m[1].trim()] = m[2].trim();
  }
  return out;
}

/** Image names of a WIM, in index order (wimlib-imagex info). */
export function imageNames(file: string): string[] {
  return [...wimlib('info', file).matchAll(/^Name:\s+(.*)$/gm)].map((m) => m[1].trim());
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A small tree: some compressible text, some binary, a subdirectory; `variant` adds files of its own. */
export function makeTree(root: string, variant = ''): void {
  fs.mkdirSync(path.join(root, 'Windows', 'System32'), { recursive: true });
  fs.writeFileSync(path.join(root, 'Windows', 'win.ini'), '; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n'.repeat(50));
  const bin = Buffer.alloc(20000);
  let x = 12345;
  for (let i = 0; i < bin.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bin[i] = x >>> 24;
  }
  fs.writeFileSync(path.join(root, 'Windows', 'System32', 'kernel.dll'), bin);
  fs.writeFileSync(path.join(root, 'readme.txt'), 'hello world\r\n'.repeat(200));
  if (variant) fs.writeFileSync(path.join(root, `${variant}.txt`), `edition ${variant}\r\n`.repeat(30));
}

/** The lines of a DISM log (CRLF-terminated). */
export function logLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
}

/** What every error record's last lines hold. */
export function errorShape(stderr: string): { message: string; category: string; fqid: string } {
  const first = stderr.split('\n')[0];
  const cat = /\+ CategoryInfo\s+: (.*)/.exec(stderr)?.[1] ?? '';
  const fqid = /\+ FullyQualifiedErrorId : (.*)/.exec(stderr)?.[1] ?? '';
  return { message: first, category: cat.trim(), fqid: fqid.trim() };
}
