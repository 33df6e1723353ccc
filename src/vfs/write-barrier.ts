/*
 * The write barrier of read-only volumes: once a read-only volume (an attached ISO's drive) is mounted, the host's
 * file door refuses every write under it, whoever asks: open for writing, create, truncate, mkdir, remove, rename
 * (either end), copy onto, link, set times or permissions. Each fails with EROFS before the host is touched, the
 * error Windows gives for a read-only medium ("The media is write protected.", 0x80070013; vfs-fs.ts and
 * src/formats/errors.ts map it), so every writer of the shell (the file cmdlets, redirections, Out-File, Tee-Object,
 * the WIM writer, DISM's mount and apply, dism.exe) gets the same answer without a check of its own.
 *
 * The barrier wraps the mutating methods of the host's HostFs object in place, once per object, so that every
 * holder of `host().fs` (and a console host layered over the same object) goes through it. With no read-only volume
 * mounted a write costs one array test.
 */
import { host } from '../platform/host';
import type { HostFs } from '../platform/types';

/** Decides whether `path` lies on a read-only volume (mounts.ts hands in its lookup). */
type ReadOnlyTest = (path: string) => boolean;

const guarded = new WeakSet<HostFs>();
let readOnlyAt: ReadOnlyTest | undefined;

function refused(op: string, path: string): Error {
  return Object.assign(new Error(`EROFS: read-only file system, ${op} '${path}'`), { code: 'EROFS', syscall: op, path });
}

/** Throws EROFS when `path` lies on a read-only volume. */
function check(op: string, path: string): void {
  if (readOnlyAt && typeof path === 'string' && readOnlyAt(path)) throw refused(op, path);
}

/** The methods that change the file system, and which of their arguments name the paths they change. */
const MUTATORS: ReadonlyArray<readonly [keyof HostFs, readonly number[]]> = [
  ['mkdirSync', [0]],
  ['rmSync', [0]],
  ['unlinkSync', [0]],
  ['rmdirSync', [0]],
  ['renameSync', [0, 1]],
  ['copyFileSync', [1]],
  ['writeFileSync', [0]],
  ['appendFileSync', [0]],
  ['symlinkSync', [1]],
  ['linkSync', [1]],
  ['utimesSync', [0]],
  ['chmodSync', [0]],
  ['lutimesSync', [0]],
  ['mkdtempSync', [0]],
];

/**
 * Puts the barrier on the current host's file door (idempotent); `test` tells a read-only path. Called by mounts.ts
 * when it mounts a read-only volume.
 */
export function installWriteBarrier(test: ReadOnlyTest): void {
  readOnlyAt = test;
  const fs = host().fs;
  if (guarded.has(fs)) return;
  guarded.add(fs);
  const table = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, paths] of MUTATORS) {
    const inner = table[name];
    if (typeof inner !== 'function') continue;
    table[name] = function (this: unknown, ...args: unknown[]) {
      for (const i of paths) check(name.replace(/Sync$/, ''), args[i] as string);
      return inner.apply(this, args);
    };
  }
  // Opening is a write when the flags are not 'r'.
  const open = fs.openSync;
  table.openSync = function (this: unknown, ...args: unknown[]) {
    if (args[1] !== 'r') check('open', args[0] as string);
    return open.apply(this, args as Parameters<HostFs['openSync']>);
  };
}
