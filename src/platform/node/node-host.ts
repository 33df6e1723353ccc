/*
 * The Node.js host: node:fs, node:os, node:child_process, worker_threads, node:crypto, Buffer and the process
 * streams behind the Host interface. This directory is the only place of the engine and the WIM core that uses
 * Node's built-ins.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { Host, HostFs, HostStream, DirEntry } from '../types';
import { nodeText } from './node-text';
import type { createNodeDigest as CreateNodeDigest } from './node-sha1';
import type { nodeWorkers as NodeWorkers } from './node-workers';
import type { createNodeSha1 as CreateNodeSha1 } from './node-sha1';
import { hostName, processStatus } from './node-process';

let workersOf: typeof NodeWorkers | undefined;
let sha1Of: typeof CreateNodeSha1 | undefined;
let digestOf: typeof CreateNodeDigest | undefined;

function stream(s: NodeJS.WriteStream, fd: number): HostStream {
  return {
    write(text: string) {
      // Synchronous writes keep stdout/stderr ordered and complete when the process exits.
      try {
        fs.writeSync(fd, text);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EAGAIN') s.write(text);
        else if (err.code !== 'EPIPE') throw e;
      }
    },
    get isTTY() {
      return !!s.isTTY;
    },
    get columns() {
      return s.isTTY ? s.columns : undefined;
    },
  };
}

const nodeFs: HostFs = {
  openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
  closeSync: (fd) => fs.closeSync(fd),
  readSync: (fd, buf, off, len, pos) => fs.readSync(fd, buf, off, len, pos),
  writeSync: (fd, buf, off, len, pos) => fs.writeSync(fd, buf, off, len, pos ?? null),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, len) => fs.ftruncateSync(fd, len),
  fstatSync: (fd) => fs.fstatSync(fd),
  statSync: (p) => fs.statSync(p),
  lstatSync: (p) => fs.lstatSync(p),
  existsSync: (p) => fs.existsSync(p),
  readdirSync: (p) => fs.readdirSync(p),
  readdirEntries: (p) => fs.readdirSync(p, { withFileTypes: true }) as DirEntry[],
  mkdirSync: (p, o) => void fs.mkdirSync(p, o),
  rmSync: (p, o) => fs.rmSync(p, o),
  unlinkSync: (p) => fs.unlinkSync(p),
  rmdirSync: (p) => fs.rmdirSync(p),
  unlinkAsync: (p) => fs.promises.unlink(p),
  rmdirAsync: (p) => fs.promises.rmdir(p),
  renameSync: (a, b) => fs.renameSync(a, b),
  copyFileSync: (a, b) => fs.copyFileSync(a, b),
  readFileSync: (p) => fs.readFileSync(p),
  readTextFileSync: (p) => fs.readFileSync(p, 'utf8'),
  writeFileSync: (p, d) => fs.writeFileSync(p, d),
  appendFileSync: (p, d) => fs.appendFileSync(p, d),
  symlinkSync: (t, p) => fs.symlinkSync(t, p),
  readlinkSync: (p) => fs.readlinkSync(p),
  linkSync: (a, b) => fs.linkSync(a, b),
  utimesSync: (p, a, m) => fs.utimesSync(p, a, m),
  chmodSync: (p, mode) => fs.chmodSync(p, mode),
  lutimesSync: (p, a, m) => fs.lutimesSync(p, a, m),
  realpathSync: (p) => fs.realpathSync(p),
  mkdtempSync: (prefix) => fs.mkdtempSync(prefix),
  statfsFree: (p) => {
    try {
      const s = fs.statfsSync(p);
      return s.bavail * s.bsize;
    } catch {
      return undefined;
    }
  },
};

export function createNodeHost(): Host {
  return {
    fs: nodeFs,
    env: process.env,
    platform: process.platform,
    pid: process.pid,
    path: nodePath.posix === nodePath ? nodePath : nodePath,
    hostName,
    processStatus,
    cwd: () => process.cwd(),
    chdir: (d) => process.chdir(d),
    homedir: () => os.homedir(),
    tmpdir: () => os.tmpdir(),
    stdout: stream(process.stdout, 1),
    stderr: stream(process.stderr, 2),
    // isatty(0) rather than process.stdin.isTTY: touching process.stdin builds a stream, which costs startup time.
    stdinIsTTY: require('node:tty').isatty(0) as boolean,
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    exit: (code) => process.exit(code),
    now: () => performance.now(),
    // setImmediate runs after the poll phase: I/O callbacks, worker messages and signals queued so far go first.
    nextTurn: (callback) => void setImmediate(callback),
    spawnSync: (command, args, options) => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const cp = require('node:child_process') as typeof import('node:child_process');
      const r = cp.spawnSync(command, args, { cwd: options?.cwd, input: options?.input, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
    },
    cpuCount: () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length),
    // Loaded on first use: a listing or `-c '1+1'` starts no worker and hashes nothing.
    workers: () => (workersOf ??= (require('./node-workers') as { nodeWorkers: typeof NodeWorkers }).nodeWorkers)(),
    createSha1: () => (sha1Of ??= (require('./node-sha1') as { createNodeSha1: typeof CreateNodeSha1 }).createNodeSha1)(),
    createDigest: (algorithm) => (digestOf ??= (require('./node-sha1') as { createNodeDigest: typeof CreateNodeDigest }).createNodeDigest)(algorithm),
    text: nodeText,
    modulePath,
    codecWasm: (name) => readCodecWasm(name),
    setExitCode: (code) => {
      process.exitCode = code;
    },
    collectGarbage: () => {
      if (collector === undefined) collector = findCollector();
      collector?.();
    },
    loadWithCodeCache: (file, cacheFile) => loadWithCodeCache(file, cacheFile),
    terminal: () => (require('./node-terminal') as typeof import('./node-terminal')).createNodeTerminal(),
    createLineReader: (prompt) => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const readline = require('node:readline') as typeof import('node:readline');
      const terminal = require('node:tty').isatty(0) as boolean;
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal, prompt });
      // Lines typed (or pasted) ahead of the next prompt are queued, not lost: readline emits them whether or not
      // a question is pending.
      const queue: string[] = [];
      let waiting: ((line: string | null) => void) | null = null;
      let closed = false;
      rl.on('line', (line) => {
        if (waiting) {
          const w = waiting;
          waiting = null;
          w(line);
        } else queue.push(line);
      });
      rl.on('close', () => {
        closed = true;
        if (waiting) {
          const w = waiting;
          waiting = null;
          w(null);
        }
      });
      // Ctrl+C at the prompt abandons the line being typed, as PowerShell's console does; while a command runs
      // (readline in raw mode takes the keypress, so no signal is sent) it goes to the interrupt handlers.
      rl.on('SIGINT', () => {
        if (waiting) {
          process.stdout.write('\n');
          rl.prompt();
        } else process.emit('SIGINT');
      });
      return {
        question: (q: string) =>
          new Promise<string | null>((resolve) => {
            rl.setPrompt(q);
            if (queue.length) {
              process.stdout.write(q);
              resolve(queue.shift() as string);
            } else if (closed) resolve(null);
            else {
              rl.prompt();
              waiting = resolve;
            }
          }),
        close: () => rl.close(),
      };
    },
    onInterrupt: (handler) => {
      const onInt = () => handler('SIGINT');
      const onTerm = () => handler('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
  };
}

/**
 * The directory that holds src/ and cmdlets/ as they run, and whether they run compiled: this file is
 * <root>/src/platform/node/node-host.ts under jest (the TypeScript sources, the build's JavaScript in <root>/dist)
 * or <root>/dist/src/platform/node/node-host.js when compiled.
 */
const runningRoot = nodePath.join(__dirname, '..', '..', '..');
const runningCompiled = __filename.endsWith('.js');

function modulePath(rel: string, compiled = false): string {
  return nodePath.join(compiled && !runningCompiled ? nodePath.join(runningRoot, 'dist') : runningRoot, rel);
}

/**
 * A codec kernel's .wasm: the build writes it beside the compiled JavaScript of its sources (dist/src/formats/codecs/
 * wasm/), where it is found both when wimsh runs compiled and when jest runs the TypeScript sources.
 */
function readCodecWasm(name: string): Uint8Array | undefined {
  try {
    return fs.readFileSync(modulePath(`src/formats/codecs/wasm/${name}.wasm`, true));
  } catch {
    return undefined;
  }
}

let collector: (() => void) | null | undefined;

/**
 * V8's gc(): the global one under --expose-gc, else one reached through a fresh context after setting that flag
 * (it changes the flag for the whole process); null when neither works. V8 frees an unreachable ArrayBuffer only
 * at a major collection, which a big allocation schedules but does not wait for.
 */
function findCollector(): (() => void) | null {
  try {
    const g = (globalThis as { gc?: unknown }).gc;
    if (typeof g === 'function') return g as () => void;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fresh = (require('node:vm') as typeof import('node:vm')).runInNewContext('typeof gc === "function" ? gc : null') as unknown;
    return typeof fresh === 'function' ? (fresh as () => void) : null;
  } catch {
    return null;
  }
}

/**
 * A module compiled from its source with a V8 code cache (vm.Script cachedData): V8 checks that the cache was made
 * by this V8, with these flags, for a source of this length, and otherwise compiles as usual. The generated parser
 * (430 KB) is the one module big enough for this to matter: a whole `wimsh -c '1+1'` takes ~6 ms less with the cache
 * (152 vs 158 ms, median of 40 paired runs; caching every other module as well gained nothing measurable).
 */
function loadWithCodeCache(file: string, cacheFile: string): unknown {
  let cachedData: Buffer;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    return undefined; // no cache (the TypeScript sources under jest): the caller's require() compiles it
  }
  return runModuleScript(file, cachedData).exports;
}

/**
 * Compiles the CommonJS module `file` as a vm.Script (with `cachedData` when given) and runs it as require() would;
 * returns its exports and the script, whose createCachedData() the build calls (scripts/build-code-cache.js).
 */
export function runModuleScript(file: string, cachedData?: Buffer): { exports: unknown; script: import('node:vm').Script } {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vm = require('node:vm') as typeof import('node:vm');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const nodeModule = require('node:module') as typeof import('node:module') & { wrap(code: string): string };
  const script = new vm.Script(nodeModule.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = { exports: {} as unknown, filename: file, id: file, loaded: false };
  (script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void).call(
    mod.exports,
    mod.exports,
    nodeModule.createRequire(file),
    mod,
    file,
    nodePath.dirname(file),
  );
  mod.loaded = true;
  return { exports: mod.exports, script };
}
