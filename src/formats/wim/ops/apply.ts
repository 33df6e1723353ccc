/*
 * Extraction of an image to a directory of the host (Linux/macOS semantics): directories, files (the unnamed data
 * stream of each dentry), empty files, hard links (dentries sharing a hard_link_group_id become one inode),
 * symbolic links and junctions (reparse points) as symlinks with POSIX targets, and timestamps.
 *
 * Safety: every dentry name is checked before it becomes a path component (empty, ".", "..", "/", "\", NUL,
 * drive forms "C:" and DOS device names are skipped with a warning), nothing is created inside a skipped
 * directory or a link, existing non-directories at a path are replaced rather than followed, and symlinks are
 * created last, so no write ever goes through a link. Blobs are read in file-offset order, streamed chunk by chunk
 * into every file that holds them (one read for files with the same data) with their SHA-1 checked on the way; the
 * files of a blob that fails its check are removed.
 */
import { host } from '../../../platform/host';
import { BlobEntry } from '../blob-table';
import { Dentry, isDirectory, isReparsePoint, namedStreams, reparseHash, unnamedDataHash, RP_FLAG_NOT_FIXED, FILE_ATTRIBUTE_ENCRYPTED } from '../dentry';
import { WimError, WimErrorCode, fromHostError } from '../../errors';
import { HeaderFlag } from '../header';
import { REPARSE_DATA_MAX_SIZE, parseLinkReparseData, posixLinkTarget } from '../reparse';
import { hashHex } from '../sha1';
import { Wim, sortBlobsByLocation } from '../wim';
import { type OperationControl, canceledError } from '../../progress';

/** onProgress: bytes of file data written so far, of the total; signal: stops before the next file. */
export interface ApplyOptions extends OperationControl {
  onWarning?: (message: string) => void;
  /**
   * Re-root "fixed" absolute link targets at the target directory (wimlib's RPFIX). Default: the header's RP_FIX
   * flag, as wimlib and WIMGAPI do.
   */
  rpfix?: boolean;
}

export interface ApplyResult {
  directories: number;
  files: number;
  hardLinks: number;
  symlinks: number;
  bytes: number;
  warnings: string[];
}

const DEVICE_NAME = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)(\..*)?$/i;

/** Why a dentry name cannot be a path component here, or undefined when it can. */
export function unsafeNameReason(name: string): string | undefined {
  if (name === '') return 'empty name';
  if (name === '.' || name === '..') return 'dot name';
  if (name.includes('/') || name.includes('\\')) return 'path separator in name';
  if (name.includes('\0')) return 'NUL in name';
  if (/^[A-Za-z]:/.test(name)) return 'drive-qualified name';
  if (DEVICE_NAME.test(name.replace(/[. ]+$/, ''))) return 'DOS device name';
  return undefined;
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** FILETIME to seconds since 1970 as a float (what the host's utimes takes), kept to ~0.25 µs. */
export function filetimeToUnixSeconds(ft: bigint): number {
  const t = ft - FILETIME_UNIX_EPOCH;
  const secs = t / 10000000n;
  const frac = t % 10000000n;
  return Number(secs) + Number(frac) / 1e7;
}

/** Failures of a blob's own data (as opposed to the target's file system): the file is named for them. */
const DAMAGE: ReadonlySet<WimErrorCode> = new Set([WimErrorCode.HashMismatch, WimErrorCode.DecompressionFailed, WimErrorCode.InvalidResource, WimErrorCode.Truncated]);

/** Files of one blob written at once from its single read (each an open descriptor); more are copied. */
const MAX_SHARED_WRITES = 64;

interface FilePlan {
  dentry: Dentry;
  path: string;
}

export function applyImage(wim: Wim, index: number, target: string, opts: ApplyOptions = {}): ApplyResult {
  const applied: { result?: ApplyResult } = {};
  try {
    return applyImageTo(wim, index, target, opts, applied);
  } catch (e) {
    throw withAppliedCount(e, applied.result);
  }
}

/**
 * A failure part-way says how far the apply got (the entries made so far stay, as DISM leaves them). Damage in a
 * blob says it already, with the file it stopped at (the apply loop's own message).
 */
function withAppliedCount(e: unknown, r: ApplyResult | undefined): unknown {
  if (!(e instanceof WimError) || !r || e.code === WimErrorCode.Cancelled || DAMAGE.has(e.code)) return e;
  const n = r.directories + r.files + r.hardLinks + r.symlinks;
  const detail = e.path !== undefined && e.message.startsWith(e.path + ': ') ? e.message.slice(e.path.length + 2) : e.message;
  return new WimError(e.code, `${detail} ${n} ${n === 1 ? 'entry was' : 'entries were'} applied before this failure.`, e.path, { cause: e });
}

function applyImageTo(wim: Wim, index: number, target: string, opts: ApplyOptions, applied: { result?: ApplyResult }): ApplyResult {
  const fs = host().fs;
  const hp = host().path;
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    opts.onWarning?.(m);
  };
  const signal = opts.signal;
  const checkCancel = (): void => {
    if (signal?.aborted) throw canceledError(target);
  };
  checkCancel();
  const md = wim.loadImage(index, warn);
  try {
    fs.mkdirSync(target, { recursive: true });
  } catch (e) {
    throw fromHostError(e, target, true);
  }
  let root: string;
  try {
    root = fs.realpathSync(target);
  } catch (e) {
    throw fromHostError(e, target);
  }
  const rpfix = opts.rpfix ?? (wim.header.flags & HeaderFlag.RpFix) !== 0;
  const result: ApplyResult = { directories: 0, files: 0, hardLinks: 0, symlinks: 0, bytes: 0, warnings };
  applied.result = result;

  const dirs: FilePlan[] = [{ dentry: md.root, path: root }];
  const emptyFiles: FilePlan[] = [];
  const byBlob = new Map<string, { blob: BlobEntry; plans: FilePlan[] }>();
  const links: { path: string; existing: string; dentry: Dentry }[] = [];
  const symlinks: FilePlan[] = [];
  const inodeFirst = new Map<string, string>();
  const timed: FilePlan[] = [];

  // Plan: walk the tree (preorder), deciding what each dentry becomes; nothing outside `root` can be named.
  const stack: FilePlan[] = [{ dentry: md.root, path: root }];
  while (stack.length) {
    const dir = stack.pop() as FilePlan;
    for (const d of dir.dentry.children) {
      const why = unsafeNameReason(d.name);
      const shown = dir.path === root ? d.name : hp.join(dir.path.slice(root.length + 1), d.name);
      if (why) {
        warn(`Skipping "${shown}": ${why}.`);
        continue;
      }
      const p = dir.path + '/' + d.name;
      const plan: FilePlan = { dentry: d, path: p };
      if (namedStreams(d).length) warn(`Skipping the named data streams of "${shown}": not supported on this file system.`);
      if (isReparsePoint(d)) {
        if (d.children.length) warn(`Skipping the ${d.children.length} children of reparse point "${shown}".`);
        symlinks.push(plan);
        continue;
      }
      if (isDirectory(d)) {
        dirs.push(plan);
        stack.push(plan);
        continue;
      }
      if (d.attributes & FILE_ATTRIBUTE_ENCRYPTED) {
        warn(`Skipping encrypted file "${shown}": its raw EFS data cannot be decrypted here.`);
        continue;
      }
      const h = unnamedDataHash(d);
      if (d.hardLinkGroupId !== 0n) {
        // A group id shared by dentries with different data is not one inode (old WIMGAPI wrote such groups):
        // link only the dentries whose data agree, as wimlib does.
        const inode = `${d.hardLinkGroupId}:${h ? hashHex(h) : ''}`;
        const first = inodeFirst.get(inode);
        if (first !== undefined) {
          links.push({ path: p, existing: first, dentry: d });
          continue;
        }
        inodeFirst.set(inode, p);
      }
      timed.push(plan);
      if (!h) {
        emptyFiles.push(plan);
        continue;
      }
      const blob = wim.lookupBlob(h);
      if (!blob) throw new WimError(WimErrorCode.BlobNotFound, `The data of "${shown}" (SHA-1 ${hashHex(h)}) is missing from the WIM.`, wim.path);
      const key = blob.key;
      const e = byBlob.get(key);
      if (e) e.plans.push(plan);
      else byBlob.set(key, { blob, plans: [plan] });
    }
  }

  const clear = (p: string): void => {
    // Replace whatever non-directory is there (a file, or a link we must not write through).
    let st;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory() && !st.isSymbolicLink()) return;
    try {
      fs.unlinkSync(p);
    } catch (e) {
      throw fromHostError(e, p, true);
    }
  };

  const code = (e: unknown): unknown => (e as { code?: unknown } | null)?.code;

  // Into a fresh directory (the usual case) mkdir and an exclusive create succeed at once: one system call per entry,
  // as wimlib makes, instead of an lstat (and an exists) first. Only where something is already there does the
  // slow path look at it (clear) and replace it.
  for (const d of dirs) {
    if (d.path === root) continue;
    try {
      fs.mkdirSync(d.path);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw fromHostError(e, d.path, true);
      clear(d.path);
      try {
        if (!fs.existsSync(d.path)) fs.mkdirSync(d.path);
      } catch (e2) {
        throw fromHostError(e2, d.path, true);
      }
    }
    result.directories++;
  }

  /** Creates (or replaces) the regular file `p` for writing. 'wx' (O_CREAT|O_EXCL) never follows a link. */
  const create = (p: string): number => {
    try {
      return fs.openSync(p, 'wx');
    } catch (e) {
      if (code(e) !== 'EEXIST') throw fromHostError(e, p, true);
    }
    clear(p);
    try {
      return fs.openSync(p, 'w');
    } catch (e) {
      throw fromHostError(e, p, true);
    }
  };

  /** Closes the files of `fds` and removes them (a failure part-way): the first error stays the one reported. */
  const abandon = (paths: string[], fds: number[]): void => {
    for (let i = 0; i < fds.length; i++) {
      try {
        fs.closeSync(fds[i]);
        fs.unlinkSync(paths[i]);
      } catch {
        /* already failing */
      }
    }
  };

  const closeAll = (paths: string[], fds: number[]): void => {
    for (let i = 0; i < fds.length; i++) {
      try {
        fs.closeSync(fds[i]);
      } catch (e) {
        abandon(paths.slice(i + 1), fds.slice(i + 1));
        throw fromHostError(e, paths[i], true);
      }
    }
  };

  for (const f of emptyFiles) {
    closeAll([f.path], [create(f.path)]);
    result.files++;
  }

  /**
   * Runs `read` (a blob read into `file`); a damaged blob (it does not decompress, its chunk table or size is
   * impossible, or its SHA-1 differs) fails the apply with an error naming the file, in the image and on disk (it
   * was removed), and saying how much of the tree is on disk already: what was applied stays (as DISM leaves it).
   */
  const readDamaged = (blob: BlobEntry, file: string, read: () => void): void => {
    try {
      read();
    } catch (e) {
      if (!(e instanceof WimError) || !DAMAGE.has(e.code)) throw e;
      // The file as the image names it (\dir\file), whatever the host's separator.
      const shown = `\\${file.slice(root.length + 1).split('/').join('\\')}`;
      let detail = e.message.startsWith(`${e.path}: `) ? e.message.slice(`${e.path}: `.length) : e.message;
      if (!/[.!?]$/.test(detail)) detail += '.';
      throw new WimError(
        e.code,
        `The data of "${shown}" (blob ${blob.key}) is damaged: ${detail} The image was applied in part: ${result.directories} directories and ${result.files} files were written before it; "${shown}" was not.`,
        e.path,
        { cause: e },
      );
    }
  };

  const ordered = sortBlobsByLocation([...byBlob.values()].map((e) => e.blob));
  const total = ordered.reduce((a, b) => a + b.size * (byBlob.get(b.key) as { plans: FilePlan[] }).plans.length, 0);
  for (const blob of ordered) {
    checkCancel();
    const { plans } = byBlob.get(blob.key) as { plans: FilePlan[] };
    const first = plans[0].path;
    // Files with the same data (not hard links) are written together from the one read of the blob, as wimlib
    // does, rather than copied from the first afterwards (a second read and write of it); past MAX_SHARED_WRITES
    // open files the rest are copies, so that a blob shared by thousands of files cannot exhaust descriptors.
    const together = Math.min(plans.length, MAX_SHARED_WRITES);
    const paths: string[] = [];
    const fds: number[] = [];
    try {
      for (let i = 0; i < together; i++) {
        fds.push(create(plans[i].path));
        paths.push(plans[i].path);
      }
    } catch (e) {
      abandon(paths, fds);
      throw e;
    }
    try {
      let pos = 0;
      readDamaged(blob, first, () => wim.readBlob(blob, (data, off, len) => {
        for (let i = 0; i < fds.length; i++) {
          let w = 0;
          while (w < len) {
            let n: number;
            try {
              n = fs.writeSync(fds[i], data, off + w, len - w, pos + w);
            } catch (e) {
              throw fromHostError(e, paths[i], true);
            }
            w += n;
          }
        }
        pos += len;
      }));
    } catch (e) {
      abandon(paths, fds);
      throw e;
    }
    closeAll(paths, fds);
    result.files += together;
    result.bytes += blob.size * together;
    for (let i = together; i < plans.length; i++) {
      clear(plans[i].path);
      try {
        fs.copyFileSync(first, plans[i].path);
      } catch (e) {
        throw fromHostError(e, plans[i].path, true);
      }
      result.files++;
      result.bytes += blob.size;
    }
    opts.onProgress?.(result.bytes, total);
  }

  checkCancel();
  for (const l of links) {
    clear(l.path);
    try {
      fs.linkSync(l.existing, l.path);
    } catch (e) {
      throw fromHostError(e, l.path, true);
    }
    result.hardLinks++;
  }

  // Timestamps of files before the links are made would be the same; set them once all data is written.
  const setTimes = (p: string, d: Dentry, link: boolean): void => {
    try {
      const at = filetimeToUnixSeconds(d.lastAccessTime);
      const mt = filetimeToUnixSeconds(d.lastWriteTime);
      if (link) fs.lutimesSync(p, at, mt);
      else fs.utimesSync(p, at, mt);
    } catch (e) {
      warn(`Cannot set the timestamps of "${p}": ${(e as Error).message}`);
    }
  };
  for (const f of timed) setTimes(f.path, f.dentry, false);

  for (const s of symlinks) {
    const d = s.dentry;
    const shown = s.path.slice(root.length + 1);
    const h = reparseHash(d);
    if (!h) {
      warn(`Skipping reparse point "${shown}": it has no reparse data.`);
      continue;
    }
    const blob = wim.lookupBlob(h);
    if (!blob) throw new WimError(WimErrorCode.BlobNotFound, `The reparse data of "${shown}" is missing from the WIM.`, wim.path);
    let targetPath: string;
    try {
      let data: Uint8Array = new Uint8Array(0);
      readDamaged(blob, s.path, () => (data = wim.readBlobBytes(blob, REPARSE_DATA_MAX_SIZE)));
      const link = parseLinkReparseData(d.reparseTag, data, wim.path);
      targetPath = posixLinkTarget(link, (d.rpFlags & RP_FLAG_NOT_FIXED) === 0, rpfix ? root : undefined);
    } catch (e) {
      if (e instanceof WimError && e.code === WimErrorCode.InvalidReparseData) {
        warn(`Skipping reparse point "${shown}": ${e.message}`);
        continue;
      }
      throw e;
    }
    if (targetPath.includes('\0')) {
      warn(`Skipping symbolic link "${shown}": NUL in its target.`);
      continue;
    }
    clear(s.path);
    try {
      fs.symlinkSync(targetPath, s.path);
    } catch (e) {
      throw fromHostError(e, s.path, true);
    }
    result.symlinks++;
    setTimes(s.path, d, true);
  }

  // Directories last, deepest first, so that creating their children does not change their times again.
  for (let i = dirs.length - 1; i >= 0; i--) setTimes(dirs[i].path, dirs[i].dentry, false);
  return result;
}
