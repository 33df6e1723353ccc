/*
 * The host interface: what wimsh needs of the machine it runs on (files, processes, terminal, clock, worker threads,
 * SHA-1, text encodings), in types of its own. No Node.js type appears here, so that a browser adapter
 * (src/platform/browser) can implement it and everything above the platform compiles without Node.
 * The types live apart from the accessor (host.ts) so that an adapter imports them without importing the accessor
 * that loads it (no cycle host.ts <-> node/node-host.ts).
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
  /**
   * unlink and rmdir on the host's I/O threads: several at once overlap the file system's latency (emptying a mount
   * directory of thousands of files). Optional: without them the synchronous ones serve.
   */
  unlinkAsync?(path: string): Promise<void>;
  rmdirAsync?(path: string): Promise<void>;
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
  /** Sets the permission bits (Set-ItemProperty's IsReadOnly clears or restores the write bits). */
  chmodSync(path: string, mode: number): void;
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

/**
 * A terminal as the interactive console uses it. In raw mode every key arrives as typed (escape sequences, Ctrl+C as
 * \x03) with no echo, and the console draws the line itself; with raw mode off, a command is running: the terminal
 * echoes and buffers typed-ahead lines, and Ctrl+C reaches the onInterrupt handlers as the signal it is.
 */
export interface HostTerminal {
  readonly columns: number;
  readonly rows: number;
  write(text: string): void;
  setRawMode(raw: boolean): void;
  /** Starts delivering input (decoded as UTF-8) to `handler`; the returned function stops it (nothing is read then). */
  read(handler: (data: string) => void, onEnd: () => void): () => void;
  /** Calls `handler` when the window changes size; returns the unregister function. */
  onResize(handler: () => void): () => void;
}

export interface SpawnResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/**
 * What the host knows of a process of this machine: not running (never was, ended, or a zombie waiting to be
 * reaped), or running since `started`, an opaque token that differs between two processes that had the same pid in
 * turn ('' when the host cannot tell the start). A lock records its owner's token: a pid alone may have been reused.
 */
export type ProcessStatus = { running: false } | { running: true; started: string };

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
  /** This machine's name: a lock records it, since a process id means something only on the machine that gave it. */
  hostName(): string;
  /**
   * Whether process `pid` of this machine runs, and since when (see ProcessStatus); undefined when the host cannot
   * tell (then a lock's owner is taken as alive).
   */
  processStatus(pid: number): ProcessStatus | undefined;
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
  /**
   * Calls `callback` on a later turn of the event loop (a macrotask, after pending I/O, messages and signal
   * handlers; not a microtask): how a long computation lets Ctrl+C, timers and workers' results through.
   */
  nextTurn(callback: () => void): void;
  /** Runs a native program and waits for it (used for `& program args`). */
  spawnSync(command: string, args: string[], options?: { cwd?: string; input?: string }): SpawnResult;
  /** The number of CPU cores available for compression workers. */
  cpuCount(): number;
  /** Worker threads where the host has them, else undefined (the compressors then work in the calling thread). */
  workers(): HostWorkers | undefined;
  /** A new incremental SHA-1 (the digest that names every blob of a WIM). */
  createSha1(): Digest;
  /**
   * A new incremental digest of another algorithm (Get-FileHash), or undefined where the host has none: the Node.js
   * adapter has them all (node:crypto), the browser adapter only SHA1 (a pure-JavaScript SHA-256 and friends would
   * be dead weight in the WIM path).
   */
  createDigest(algorithm: DigestAlgorithm): Digest | undefined;
  /** Text to bytes and back in the encodings PowerShell's file cmdlets and scripts use. */
  readonly text: HostText;
  /**
   * Where our module `rel` (a path from the project root, e.g. 'src/lang/syntax/parser.generated.js') is in the
   * code that runs: under dist/ when wimsh runs compiled, in the checkout when jest runs the TypeScript sources. With
   * `compiled`, the build's JavaScript (dist/) in both cases (a worker thread needs a script it can run as it is).
   * Undefined where our modules are not files (a browser bundle). The file may not exist (not built yet).
   */
  modulePath?(rel: string, compiled?: boolean): string | undefined;
  /**
   * The bytes of one of our WebAssembly codec kernels (`name`: e.g. 'matchfinder-bt' or 'matchfinder-bt.simd', built by
   * scripts/build-wasm.js), read synchronously so that a compressor can be made in a constructor; undefined when the
   * build has none (not built, or a host without them): the codecs then run their TypeScript kernels.
   */
  codecWasm?(name: string): Uint8Array | undefined;
  /** Sets the code the process ends with when it ends by itself (exit() ends it at once). */
  setExitCode?(code: number): void;
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
  /**
   * The interactive console the line editor draws on (src/frontends/console): raw keys in, text out; undefined where
   * standard input and output are not both a terminal.
   */
  terminal?(): HostTerminal | undefined;
  /** Reads lines interactively from the terminal (REPL, Read-Host); undefined where there is no terminal. */
  createLineReader?(prompt: string): { question(prompt: string): Promise<string | null>; close(): void };
  /** Registers a handler run on SIGINT/SIGTERM (to remove temporary files); returns an unregister function. */
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
}

/**
 * One end of a channel to or from a worker thread. Messages are structured-cloned; the ArrayBuffers listed in
 * `transfer` move to the other side instead (the sender's copies become empty), which is how the chunk compressor
 * sends batches without copying them.
 */
export interface WorkerPort {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Calls `handler` with every message that arrives. */
  onMessage(handler: (message: unknown) => void): void;
}

/** A worker thread as its starter sees it. */
export interface HostWorker extends WorkerPort {
  /** An exception the worker did not catch (the worker then stops). */
  onError(handler: (error: Error) => void): void;
  /** The worker stopped (after terminate(), an uncaught error or the end of its script), with its exit code. */
  onExit(handler: (code: number) => void): void;
  terminate(): Promise<void>;
}

export interface HostWorkers {
  /** Starts a worker thread running the JavaScript file `script` (a path that modulePath gave). */
  start(script: string): HostWorker;
  /** In a worker thread: the port to the thread that started it; undefined in the main thread. */
  parentPort(): WorkerPort | undefined;
}

/** The digests Get-FileHash offers, by PowerShell's names. */
export type DigestAlgorithm = 'SHA1' | 'SHA256' | 'SHA384' | 'SHA512' | 'MD5';

/** An incremental message digest (SHA-1, or another DigestAlgorithm). */
export interface Digest {
  /** Adds data[off, off + len). */
  update(data: Uint8Array, off: number, len: number): void;
  /**
   * Ends the digest and returns its bytes: written into out[outOff...] when `out` is given (and `out` returned),
   * else in a new Uint8Array. The digest takes no update after this.
   */
  digest(out?: Uint8Array, outOff?: number): Uint8Array;
}

/**
 * Text encodings. Decoders keep a byte order mark (callers strip it), replace malformed UTF-8 with U+FFFD and ignore
 * a last odd byte of UTF-16 LE; the Node.js adapter is Buffer's, the browser's the same rules in plain JavaScript.
 */
export interface HostText {
  utf8Encode(text: string): Uint8Array;
  utf8Decode(bytes: Uint8Array): string;
  /** The length of `text` in UTF-8, without encoding it. */
  utf8Length(text: string): number;
  utf16leEncode(text: string): Uint8Array;
  utf16leDecode(bytes: Uint8Array): string;
  /** UTF-16 BE; an odd number of bytes is a RangeError. */
  utf16beDecode(bytes: Uint8Array): string;
  /** The low byte of each UTF-16 code unit (what -Encoding Ascii writes). */
  latin1Encode(text: string): Uint8Array;
  /** Standard base64 with padding. */
  base64Encode(bytes: Uint8Array): string;
  /** Lenient, as Node's Buffer is: both alphabets (+/ and -_), other characters skipped, decoding stops at '='. */
  base64Decode(text: string): Uint8Array;
}
