/*
 * The host: the one place where wimsh touches files, processes and the terminal.
 *
 * The engine and the WIM core never import node:fs, node:os or node:process themselves; they call `host()`.
 * The Node.js host (node/node-host.ts) puts node:fs and friends behind this interface; a browser playground
 * (browser/browser-host.ts) provides the same interface over an in-memory file system. File access is synchronous
 * and positional (pread/pwrite style): the WIM core streams large files in bounded chunks through it.
 * The interface itself is in types.ts; this file holds the accessor.
 */
import type { Host } from './types';

export type {
  DirEntry,
  Digest,
  FileStat,
  Host,
  HostFs,
  HostStream,
  HostTerminal,
  HostText,
  HostWorker,
  HostWorkers,
  OpenFlags,
  ProcessStatus,
  SpawnResult,
  WorkerPort,
} from './types';

let current: Host | undefined;

/** The active host; the Node.js host unless another was installed with setHost. */
export function host(): Host {
  if (!current) {
    // Lazy so that a browser bundle that calls setHost first never loads node:fs.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    // Typed here, not as typeof import(...): a browser build type-checks this file without the Node adapter's types.
    current = (require('./node/node-host') as { createNodeHost(): Host }).createNodeHost();
  }
  return current;
}

export function setHost(h: Host): void {
  current = h;
}
