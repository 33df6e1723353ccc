/*
 * The browser host: the Host interface with no Node.js import, for the playground build. Files live in an
 * in-memory file system (memory-fs.ts), SHA-1 and the text encodings are plain JavaScript, there are no worker
 * threads (the compressors then work in the calling thread), no processes to spawn and no signals. Output goes to
 * the functions the page gives; "exiting" throws HostExit for the page to catch.
 */
import type { Host, HostStream } from '../types';
import { MemoryFs } from './memory-fs';
import { createPosixPath } from './posix-path';
import { JsSha1 } from './sha1';
import { jsText } from './text';

export interface BrowserHostOptions {
  /** Receives what wimsh writes to standard output / standard error (default: dropped). */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Terminal width of the page's console, when it has one. */
  columns?: number;
  env?: Record<string, string | undefined>;
  /** Home and start directory (default /home/user; created). */
  home?: string;
}

/** Thrown by exit(): a page cannot end its process, so the call that exits unwinds to the page with the code. */
export class HostExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function createBrowserHost(opts: BrowserHostOptions = {}): Host & { fs: MemoryFs } {
  const home = opts.home ?? '/home/user';
  let cwd = home;
  const path = createPosixPath(() => cwd);
  const fs = new MemoryFs(path);
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync('/tmp', { recursive: true });
  const stream = (write: ((t: string) => void) | undefined): HostStream => ({
    write: (t) => write?.(t),
    isTTY: opts.columns !== undefined,
    columns: opts.columns,
  });
  const clock = (globalThis as { performance?: { now(): number } }).performance;
  return {
    fs,
    env: opts.env ?? { HOME: home },
    platform: 'browser',
    pid: 1,
    path,
    cwd: () => cwd,
    chdir: (d) => {
      const p = path.resolve(d);
      if (!fs.statSync(p).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, chdir '${d}'`), { code: 'ENOTDIR' });
      cwd = p;
    },
    homedir: () => home,
    tmpdir: () => '/tmp',
    stdout: stream(opts.stdout),
    stderr: stream(opts.stderr),
    stdinIsTTY: false,
    readStdin: () => Promise.resolve(''),
    exit: (code) => {
      throw new HostExit(code);
    },
    now: () => (clock ? clock.now() : Date.now()),
    nextTurn: (callback) => void setTimeout(callback, 0),
    spawnSync: (command) => ({
      status: null,
      stdout: '',
      stderr: '',
      error: Object.assign(new Error(`spawnSync ${command} ENOENT`), { code: 'ENOENT' }),
    }),
    cpuCount: () => 1,
    workers: () => undefined,
    createSha1: () => new JsSha1(),
    // Only SHA1 exists in JavaScript here; Get-FileHash reports the other algorithms as unavailable.
    createDigest: (algorithm) => (algorithm === 'SHA1' ? new JsSha1() : undefined),
    text: jsText,
    onInterrupt: () => () => undefined,
  };
}
