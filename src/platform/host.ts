/*
 * The host: the one place where wimsh touches files, processes and the terminal.
 *
 * The engine and the WIM core never import node:fs, node:os or node:process themselves; they call `host()`.
 * The Node.js host (node-host.ts) puts node:fs and friends behind this interface; a browser playground
 * provides the same interface over an in-memory file system. File access is synchronous and positional
 * (pread/pwrite style): the WIM core streams large files in bounded chunks through it.
 */

export interface FileStat {
  size: number;
  mode: number;
  ino: number;
  dev: number;
  nlink: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export interface DirEntry {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** Open flags as node:fs spells them: 'r', 'r+', 'w', 'wx', 'w+', 'a', 'ax'. */
export type OpenFlags = 'r' | 'r+' | 'w' | 'wx' | 'w+' | 'wx+' | 'a' | 'ax';

/** A node:fs-compatible subset, synchronous. Errors are thrown as Error objects with a node-style `code`. */
export interface HostFs {
  openSync(path: string, flags: OpenFlags, mode?: number): number;
  closeSync(fd: number): void;
  /** Reads up to `length` bytes at `position` (null: current position); returns the count read. */
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position?: number | null): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, len: number): void;
  fstatSync(fd: number): FileStat;
  statSync(path: string): FileStat;
  lstatSync(path: string): FileStat;
  existsSync(path: string): boolean;
  readdirSync(path: string): string[];
  readdirEntries(path: string): DirEntry[];
  mkdirSync(path: string, options?: { recursive?: boolean }): void;
  rmSync(path: string, options?: { recursive?: boolean; force?: boolean }): void;
  unlinkSync(path: string): void;
  rmdirSync(path: string): void;
  renameSync(from: string, to: string): void;
  copyFileSync(from: string, to: string): void;
  readFileSync(path: string): Uint8Array;
  readTextFileSync(path: string): string;
  writeFileSync(path: string, data: Uint8Array | string): void;
  appendFileSync(path: string, data: Uint8Array | string): void;
  symlinkSync(target: string, path: string): void;
  readlinkSync(path: string): string;
  linkSync(existing: string, newPath: string): void;
  utimesSync(path: string, atime: Date | number, mtime: Date | number): void;
  lutimesSync(path: string, atime: Date | number, mtime: Date | number): void;
  realpathSync(path: string): string;
  mkdtempSync(prefix: string): string;
  statfsFree?(path: string): number | undefined;
}

export interface HostStream {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Terminal width when isTTY, else undefined. */
  readonly columns: number | undefined;
}

export interface SpawnResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

export interface Host {
  readonly fs: HostFs;
  readonly env: Record<string, string | undefined>;
  readonly platform: string;
  readonly pid: number;
  /** Path module for the host's native paths (POSIX on Linux/macOS and in the browser). */
  readonly path: {
    sep: string;
    join(...parts: string[]): string;
    resolve(...parts: string[]): string;
    dirname(p: string): string;
    basename(p: string, ext?: string): string;
    extname(p: string): string;
    isAbsolute(p: string): boolean;
    relative(from: string, to: string): string;
    normalize(p: string): string;
  };
  cwd(): string;
  chdir(dir: string): void;
  homedir(): string;
  tmpdir(): string;
  readonly stdout: HostStream;
  readonly stderr: HostStream;
  readonly stdinIsTTY: boolean;
  /** Reads all of standard input as UTF-8 text. */
  readStdin(): Promise<string>;
  /** Flushes stdout/stderr and ends the process with this code. */
  exit(code: number): never;
  /** Monotonic milliseconds. */
  now(): number;
  /** Runs a native program and waits for it (used for `& program args`). */
  spawnSync(command: string, args: string[], options?: { cwd?: string; input?: string }): SpawnResult;
  /** The number of CPU cores available for compression workers. */
  cpuCount(): number;
  /** Node's worker_threads module where the host has threads, else undefined (serial fallback). */
  workerThreads(): typeof import('node:worker_threads') | undefined;
  /**
   * Runs a full garbage collection where the runtime allows it (the resource reader calls it before allocating a
   * 64 MiB solid chunk, so that buffers just dropped are freed first); absent or a no-op elsewhere.
   */
  collectGarbage?(): void;
  /**
   * Loads a CommonJS module of ours from `file`, compiled with the V8 code cache in `cacheFile` (made at build time,
   * scripts/build-code-cache.js); undefined where the host cannot or there is no cache file (then the caller
   * require()s the module as usual). A cache made by another V8 or with other flags is ignored by V8: the module is
   * then compiled as usual.
   */
  loadWithCodeCache?(file: string, cacheFile: string): unknown;
  /** Reads lines interactively from the terminal (REPL, Read-Host); undefined where there is no terminal. */
  createLineReader?(prompt: string): { question(prompt: string): Promise<string | null>; close(): void };
  /** Registers a handler run on SIGINT/SIGTERM (to remove temporary files); returns an unregister function. */
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
}

let current: Host | undefined;

/** The active host; the Node.js host unless another was installed with setHost. */
export function host(): Host {
  if (!current) {
    // Lazy so that a browser bundle that calls setHost first never loads node:fs.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    current = (require('./node/node-host') as typeof import('./node/node-host')).createNodeHost();
  }
  return current;
}

export function setHost(h: Host): void {
  current = h;
}
