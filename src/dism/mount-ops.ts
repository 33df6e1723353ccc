/*
 * The mount life cycle's operations, front-end neutral: mount an image into a directory, find the mount at a
 * directory, save (commit) a mount back into its WIM, unmount, remount, clean up invalid mounts. Mount-,
 * Dismount-, Save-WindowsImage and Clear-WindowsCorruptMountPoint (cmdlets/Dism) and dism.exe's /Mount-Image,
 * /Unmount-Image, /Commit-Image, /Remount-Image, /Cleanup-Mountpoints (src/frontends/dism-exe) both call these, so a
 * mount made by one is the same object for the other. Each takes the command's DismSession (log lines, the paths
 * as the user gave them) and reports progress as (done, total); what a front end prints or returns stays with it.
 */
import { CompressionFormat } from '../formats/codecs/codec';
import { hashHex } from '../formats/wim/sha1';
import { DismError, MountMessages, Win32, hresultFromWin32 } from './errors';
import { isReadOnlyVolumePath, listDirectory, statPath } from '../vfs/vfs-fs';
import { type MountInfo, MountRegistry, emptyDirectory } from './mounts';
import type { DismSession } from './session';

export type Progress = (done: number, total: number) => void;

export interface MountRequest {
  /** The WIM on this machine and as the user gave it. */
  imagePath: string;
  imagePathDisplay: string;
  index?: number;
  name?: string;
  /** The mount directory on this machine and as the user gave it. */
  mountPath: string;
  mountPathDisplay: string;
  readOnly: boolean;
  checkIntegrity: boolean;
  onProgress?: Progress;
}

/**
 * Mounts an image: the directory must exist and be empty; split and LZMS files are refused; the registry record is
 * written before the apply and marked complete after it (a mount killed half-way shows as Invalid). Returns the
 * index mounted.
 */
export async function mountImage(s: DismSession, reg: MountRegistry, r: MountRequest): Promise<number> {
  const wimApi = require('../formats/wim/index') as typeof import('../formats/wim/index');
  const { snapshotTree } = require('../formats/wim/ops/commit') as typeof import('../formats/wim/ops/commit');
  s.mapPath(r.imagePath, r.imagePathDisplay);
  s.mapPath(r.mountPath, r.mountPathDisplay);
  // Through the vfs: a directory on an attached ISO's drive exists, and refuses the mount before it is registered.
  let isDir = false;
  try {
    isDir = statPath(r.mountPath).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw MountMessages.directoryMissing();
  if (listDirectory(r.mountPath).length > 0) throw MountMessages.directoryNotEmpty();
  if (isReadOnlyVolumePath(r.mountPath)) throw new DismError(hresultFromWin32(Win32.WRITE_PROTECT));
  s.provider('DISM Imaging Provider', 'WIM image specified', 'CGenericImagingManager::InternalCmdMount');

  const wim = wimApi.openWim(r.imagePath, { checkIntegrity: r.checkIntegrity, onWarning: (m) => s.warning(m) });
  let index: number;
  try {
    if (wim.header.totalParts > 1) throw MountMessages.splitNotMountable();
    if (wim.header.compression === CompressionFormat.Lzms) throw MountMessages.compressionNotMountable();
    index = wimApi.resolveImage(wim, { index: r.index, name: r.name });
  } catch (e) {
    wim.close();
    throw e;
  }
  let rec;
  try {
    rec = await reg.begin({ imagePath: r.imagePath, imagePathDisplay: r.imagePathDisplay, index, mountPath: r.mountPath, mountPathDisplay: r.mountPathDisplay, readOnly: r.readOnly });
  } catch (e) {
    wim.close();
    throw e;
  }
  s.verbose(`Mounting image ${r.imagePathDisplay} index ${index} to ${r.mountPathDisplay}${r.readOnly ? ' (read-only)' : ''}`);
  let skipped = 0;
  try {
    wimApi.applyImage(wim, index, r.mountPath, {
      onWarning: (m) => {
        skipped++;
        s.info(`DISM WIM Provider: ${m}`);
      },
      onProgress: r.onProgress,
    });
  } finally {
    wim.close();
  }
  if (skipped) s.warning(`${skipped} items of the image cannot be made on this file system (see the log); they are kept in the image when it is saved.`);
  await reg.complete(rec.id, snapshotTree(r.mountPath));
  return index;
}

/** The mount at a directory (`native` on this machine, `display` as the user gave it), or DISM's "not a mount directory". */
export function findMount(s: DismSession, reg: MountRegistry, native: string, display: string): MountInfo {
  s.mapPath(native, display);
  const m = reg.find(native);
  if (!m) {
    s.provider('DISM WIM Provider', `[${display}] is not a WIM mount point.`, 'CWimMountedImageInfo::Initialize');
    throw MountMessages.notMounted();
  }
  s.mapPath(m.imagePath, m.imagePathDisplay);
  return m;
}

/**
 * Saves a mount back into its WIM (a commit); returns the image index the directory now holds. The record names the
 * save before the WIM's header is written (mounts.ts: a killed save is then known to have committed or not). With
 * `dismount` (the unmount follows at once) the record is not brought up to date after the save: the unmount removes
 * it, and a kill before that leaves the record saying the save committed; a Dismount -Save killed after its save
 * committed finishes here as an unmount alone.
 */
export async function commitMount(
  s: DismSession,
  reg: MountRegistry,
  m: MountInfo,
  opts: { append: boolean; checkIntegrity: boolean; onProgress?: Progress; dismount?: boolean },
): Promise<number> {
  if (m.readOnly) throw MountMessages.readOnlyCommit();
  if (m.saved && opts.dismount) {
    s.info(`DISM WIM Provider: The image ${m.index} of ${m.imagePathDisplay} was saved by a Dismount that was interrupted; only the unmount is left.`);
    return m.index;
  }
  if (m.status !== 'Ok') throw MountMessages.cannotCommit(m.reason ?? m.status);
  const { commitImage } = require('../formats/wim/ops/commit') as typeof import('../formats/wim/ops/commit');
  s.verbose(`Saving image ${m.imagePathDisplay} index ${m.index}${opts.append ? ' as a new image' : ''}`);
  const dismount = opts.dismount === true;
  const r = await commitImage({
    imagePath: m.imagePath,
    index: m.index,
    sourceDir: m.mountPath,
    append: opts.append,
    known: reg.snapshot(m.id),
    checkIntegrity: opts.checkIntegrity || undefined,
    log: (level, msg) => (level === 'info' ? s.info(msg) : s.warning(msg)),
    onProgress: opts.onProgress,
    onCommitting: (c) => reg.saving(m, { index: c.imageIndex, imageCount: c.imageCount, metadata: hashHex(c.metadataHash), dismount }),
  });
  s.info(`DISM WIM Provider: Saved image ${r.imageIndex} of ${m.imagePathDisplay}: ${r.filesHashed} files read, ${r.bytesWritten} bytes of new data written.`);
  if (!dismount) await reg.saved(m.id, r.imageIndex, r.identities);
  return r.imageIndex;
}

/**
 * Unmounts: empties the directory (DISM leaves the directory itself) and forgets the mount. The record is first
 * marked as being unmounted, so that a directory a kill left half emptied is never saved; after a commitMount with
 * `dismount` (`afterSave`) its record says that already.
 */
export async function unmountImage(s: DismSession, reg: MountRegistry, m: MountInfo, opts: { afterSave?: boolean } = {}): Promise<void> {
  s.verbose(`Unmounting image ${m.mountPathDisplay}`);
  if (!opts.afterSave && m.state === 'mounted') await reg.unmounting(m.id);
  await emptyDirectory(m.mountPath);
  await reg.remove(m.id);
}

/** Takes back a mount whose WIM changed (NeedsRemount); an Invalid one cannot be. */
export async function remountImage(s: DismSession, reg: MountRegistry, m: MountInfo): Promise<void> {
  if (m.status === 'Invalid') throw MountMessages.cannotRemount(m.reason ?? 'the mount is invalid');
  if (m.status === 'NeedsRemount') {
    s.info(`DISM WIM Provider: Remounting ${m.mountPathDisplay}: ${m.reason}; every file will be read on the next save.`);
    await reg.remount(m.id);
  }
}

/** Deletes what invalid mounts left (their directories' contents and records); good and remountable ones stay. */
export async function cleanupMountpoints(s: DismSession, reg: MountRegistry): Promise<void> {
  for (const m of reg.list()) {
    if (m.status !== 'Invalid') continue;
    s.verbose(`Cleaning up ${m.mountPathDisplay} (${m.reason})`);
    await emptyDirectory(m.mountPath);
    await reg.remove(m.id);
  }
}
