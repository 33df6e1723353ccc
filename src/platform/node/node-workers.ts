/*
 * Worker threads on Node.js: node:worker_threads behind the platform's HostWorkers (src/platform/types.ts).
 * The module is loaded on first use, not at start: most wimsh runs start no thread.
 */
import type { HostWorker, HostWorkers, WorkerPort } from '../types';

type WorkerThreads = typeof import('node:worker_threads');
let wt: WorkerThreads | undefined;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const load = (): WorkerThreads => (wt ??= require('node:worker_threads') as WorkerThreads);

const workers: HostWorkers = {
  start(script: string): HostWorker {
    const w = new (load().Worker)(script);
    return {
      postMessage: (message, transfer) => w.postMessage(message, transfer),
      onMessage: (handler) => void w.on('message', handler),
      onError: (handler) => void w.on('error', handler),
      onExit: (handler) => void w.on('exit', handler),
      terminate: () => w.terminate().then(() => undefined),
    };
  },
  parentPort(): WorkerPort | undefined {
    const port = load().parentPort;
    if (!port) return undefined;
    return {
      postMessage: (message, transfer) => port.postMessage(message, transfer),
      onMessage: (handler) => void port.on('message', handler),
    };
  },
};

/** Node.js always has threads. */
export function nodeWorkers(): HostWorkers {
  return workers;
}
