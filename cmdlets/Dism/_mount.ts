/*
 * The PowerShell side of the mount life cycle, shared by Mount-, Dismount-, Save-, Repair-WindowsImage,
 * Clear-WindowsCorruptMountPoint and Get-WindowsImage -Mounted: the MountMode and MountStatus enums, the result
 * objects (ImageObject, BaseDismObject, MountedImageInfoObject) as PSObjects with their console views, and the
 * lookup of a mount by the -Path a user gave. The registry itself is src/dism/mounts.ts, the operations
 * src/dism/mount-ops.ts (which dism.exe shares).
 */
import type { CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSEnumValue, PSObject, registerEnum } from '../../src/lang/types/values';
import { registerView } from '../../src/lang/format/format';
import type { MountInfo, MountRegistry } from '../../src/dism/mounts';
import { commitMount, findMount } from '../../src/dism/mount-ops';
import { MOUNT_MODE_NAMES, MOUNT_RESULT_TYPES, MOUNT_STATUS_NAMES, mountedImageInfoData } from '../../src/dism/results';
import type { CmdletSession } from './_dism';

export const MOUNT_MODE_TYPE = 'Microsoft.Dism.Commands.MountMode';
export const MOUNT_STATUS_TYPE = 'Microsoft.Dism.Commands.MountStatus';
registerEnum({ fullName: MOUNT_MODE_TYPE, members: MOUNT_MODE_NAMES.map((n, i) => [n, i] as [string, number]) });
registerEnum({ fullName: MOUNT_STATUS_TYPE, members: MOUNT_STATUS_NAMES.map((n, i) => [n, i] as [string, number]) });

registerView('Microsoft.Dism.Commands.ImageObject', { kind: 'list', columns: ['Path', 'Online'] });
registerView('Microsoft.Dism.Commands.ImageObjectWithState', { kind: 'list', columns: ['Path', 'Online', 'ImageHealthState', 'RestartNeeded'] });
registerView('Microsoft.Dism.Commands.BaseDismObject', { kind: 'list', columns: ['LogPath'] });
registerView('Microsoft.Dism.Commands.MountedImageInfoObject', { kind: 'list', columns: ['Path', 'ImagePath', 'ImageIndex', 'MountMode', 'MountStatus'] });

/** The base object's properties every result carries. */
function baseData(s: CmdletSession): Record<string, unknown> {
  const o = s.offlineImageObject();
  return { LogPath: o.get('LogPath')?.value, ScratchDirectory: o.get('ScratchDirectory')?.value, LogLevel: o.get('LogLevel')?.value };
}

/** What Mount-WindowsImage and Save-WindowsImage return: the image at a path (Path, Online). */
export function imageObject(s: CmdletSession, path: string, extra: Record<string, unknown> = {}, withState = false): PSObject {
  const data = { Path: path, Online: false, WinPath: null, SysDrivePath: null, ...extra, ...baseData(s) };
  return new PSObject(data, [...(withState ? MOUNT_RESULT_TYPES.ImageObjectWithState : MOUNT_RESULT_TYPES.ImageObject)]);
}

/** What Dismount-WindowsImage and Clear-WindowsCorruptMountPoint return (the console shows LogPath). */
export function baseObject(s: CmdletSession): PSObject {
  return new PSObject(baseData(s), [...MOUNT_RESULT_TYPES.BaseDismObject]);
}

/** Get-WindowsImage -Mounted's object for a mount. */
export function mountedImageInfoObject(m: MountInfo, logPath: string): PSObject {
  const data = mountedImageInfoData(m, logPath);
  const mode = data.MountMode as number;
  const status = data.MountStatus as number;
  data.MountMode = new PSEnumValue(MOUNT_MODE_TYPE, MOUNT_MODE_NAMES[mode], mode);
  data.MountStatus = new PSEnumValue(MOUNT_STATUS_TYPE, MOUNT_STATUS_NAMES[status], status);
  return new PSObject(data, [...MOUNT_RESULT_TYPES.MountedImageInfoObject]);
}

/** The mount at the -Path the user gave, or DISM's "not a mount directory" (src/dism/mount-ops.ts findMount). */
export function mountAt(ctx: CmdletContext, s: CmdletSession, reg: MountRegistry, pathArg: string): MountInfo {
  return findMount(s, reg, ctx.resolvePath(pathArg), pathArg);
}

/** Saves a mount back into its WIM (Dismount -Save, Save-WindowsImage) with Write-Progress; returns the image index it now holds. */
export async function saveMount(
  ctx: CmdletContext,
  s: CmdletSession,
  reg: MountRegistry,
  m: MountInfo,
  opts: { append: boolean; checkIntegrity: boolean; activity: string; dismount?: boolean },
): Promise<number> {
  const { progressReporter } = require('./_dism') as typeof import('./_dism');
  const progress = progressReporter(ctx, opts.activity);
  const index = await commitMount(s, reg, m, { append: opts.append, checkIntegrity: opts.checkIntegrity, dismount: opts.dismount, onProgress: (done, total) => progress.update(done, total) });
  progress.complete();
  return index;
}
