/*
 * The browser host: the Host interface with no Node.js import, for the playground build. Files live in an
 * in-memory file system (memory-fs.ts), SHA-1 and the text encodings are plain JavaScript, there are no worker
 * threads (the compressors then work in the calling thread), no processes to spawn and no signals. Output goes to
 * the functions the page gives; "exiting" throws HostExit for the page to catch.
 */
import type { Host, HostStream, HostTerminal } from '../types';
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
  /**
   * The codec kernels' WebAssembly bytes by name (see Host.codecWasm). A page gets them before it creates the host,
   * either inlined by the bundler (the .wasm files under dist/src/formats/codecs/wasm/ imported as bytes) or fetched
   * at start-up (`new Uint8Array(await (await fetch(url)).arrayBuffer())`), because compressors load their kernels
   * synchronously. Without them the codecs run their TypeScript kernels.
   */
  codecWasm?: Record<string, Uint8Array>;
  /** The page's terminal (an xterm.js Terminal fits): the interactive console draws on it. */
  terminal?: XtermLike;
}

/** What the console needs of a page's terminal widget; xterm.js's Terminal has this shape. */
export interface XtermLike {
  readonly cols: number;
  readonly rows: number;
  write(data: string): void;
  onData(listener: (data: string) => void): { dispose(): void };
  onResize?(listener: () => void): { dispose(): void };
}

/**
 * The HostTerminal over a page's widget. A page has no line discipline, so "raw mode off" (a command runs) is done
 * here: Ctrl+C goes to the interrupt handlers and other keys wait for the console's next read.
 */
function browserTerminal(t: XtermLike, interrupt: () => void): HostTerminal {
  let raw = false;
  let reader: ((data: string) => void) | undefined;
  let pending = '';
  t.onData((d) => {
    if (!raw && d.includes('\x03')) {
      pending = '';
      interrupt();
      return;
    }
    if (reader) reader(d);
    else pending += d;
  });
  return {
    get columns() {
      return t.cols;
    },
    get rows() {
      return t.rows;
    },
    write: (text) => t.write(text.replace(/\r?\n/g, '\r\n')),
    setRawMode: (r) => void (raw = r),
    read(handler) {
      reader = handler;
      if (pending) {
        const p = pending;
        pending = '';
        handler(p);
      }
      return () => void (reader = undefined);
    },
    onResize(handler) {
      const d = t.onResize?.(handler);
      return () => d?.dispose();
    },
  };
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
  const interruptHandlers = new Set<(signal: 'SIGINT' | 'SIGTERM') => void>();
  const term = opts.terminal ? browserTerminal(opts.terminal, () => interruptHandlers.forEach((h) => h('SIGINT'))) : undefined;
  const clock = (globalThis as { performance?: { now(): number } }).performance;
  // The page is one process (pid 1) for its lifetime: a lock whose owner is another pid, or pid 1 with another start
  // token (a file system carried over from an earlier page), has no owner left.
  const started = `page-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return {
    fs,
    env: opts.env ?? { HOME: home },
    platform: 'browser',
    pid: 1,
    path,
    hostName: () => 'browser',
    processStatus: (pid) => (pid === 1 ? { running: true, started } : { running: false }),
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
    codecWasm: (name) => opts.codecWasm?.[name],
    createSha1: () => new JsSha1(),
    // Only SHA1 exists in JavaScript here; Get-FileHash reports the other algorithms as unavailable.
    createDigest: (algorithm) => (algorithm === 'SHA1' ? new JsSha1() : undefined),
    text: jsText,
    terminal: () => term,
    onInterrupt: (handler) => {
      interruptHandlers.add(handler);
      return () => void interruptHandlers.delete(handler);
    },
  };
}
