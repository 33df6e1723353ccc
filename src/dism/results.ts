/*
 * What DISM commands return, as plain data: the properties of the Dism module's result objects (OfflineImageObject,
 * BasicImageInfoObject, ImageInfoObject), in the order the module lists them, with the type names they carry.
 * The cmdlets wrap them as PSObjects with their console views (cmdlets/Dism/_dism.ts); a dism.exe front end prints
 * the same data in its own layout ("Index : 1").
 */
import type { ImageInfo } from '../formats/wim/index';
import type { DismLogLevel } from './log';

/** The .NET type names of each result, most derived first (PowerShell's PSTypeNames). */
export const RESULT_TYPES = {
  OfflineImageObject: ['Microsoft.Dism.Commands.OfflineImageObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
  BasicImageInfoObject: ['Microsoft.Dism.Commands.BasicImageInfoObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
  ImageInfoObject: ['Microsoft.Dism.Commands.ImageInfoObject', 'Microsoft.Dism.Commands.WimImageInfoObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
} as const;

/** Microsoft.Dism.Commands.LogLevel's member names by value. */
export const LOG_LEVEL_NAMES: readonly string[] = ['', 'Errors', 'Warnings', 'WarningsInfo', 'Debug'];

/** What the session contributes to every OfflineImageObject. */
export interface SessionFacts {
  readonly logPathDisplay: string;
  readonly scratchDirectory: string | undefined;
  readonly logLevel: DismLogLevel;
}

/**
 * An OfflineImageObject's properties: the command's own first (ImagePath, Name...), then the base object's. LogLevel
 * is the number; the front end gives it its enum form.
 */
export function offlineImageData(session: SessionFacts, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    Path: extra.Path ?? null,
    Online: false,
    WinPath: null,
    SysDrivePath: null,
    RestartNeeded: false,
    LogPath: session.logPathDisplay,
    ScratchDirectory: session.scratchDirectory ?? '',
    LogLevel: session.logLevel,
  };
}

/** Get-WindowsImage's line per image (no -Index or -Name). */
export function basicImageInfoData(imagePath: string, info: ImageInfo, logPath: string): Record<string, unknown> {
  return { ImagePath: imagePath, ImageIndex: info.ImageIndex, ImageName: info.ImageName, ImageDescription: info.ImageDescription, ImageSize: info.ImageSize, LogPath: logPath };
}

/** Get-WindowsImage's details of one image; `languages` as formatLanguages gives them ("en-US (Default)"). */
export function imageInfoData(imagePath: string, info: ImageInfo, languages: string[], logPath: string): Record<string, unknown> {
  return {
    ImagePath: imagePath,
    ImageIndex: info.ImageIndex,
    ImageName: info.ImageName,
    ImageDescription: info.ImageDescription,
    ImageSize: info.ImageSize,
    WIMBoot: info.WIMBoot,
    Architecture: info.Architecture,
    Hal: info.Hal,
    Version: info.Version,
    SPBuild: info.SPBuild,
    SPLevel: info.SPLevel,
    EditionId: info.EditionId,
    InstallationType: info.InstallationType,
    ProductType: info.ProductType,
    ProductSuite: info.ProductSuite,
    SystemRoot: info.SystemRoot,
    DirectoryCount: info.DirectoryCount,
    FileCount: info.FileCount,
    CreatedTime: info.CreatedTime ?? null,
    ModifiedTime: info.ModifiedTime ?? null,
    Languages: languages,
    ImageBootable: info.ImageBootable,
    LogPath: logPath,
  };
}

/** The mount life cycle's result types (Mount/Dismount/Save-WindowsImage, Get-WindowsImage -Mounted, Repair-WindowsImage). */
export const MOUNT_RESULT_TYPES = {
  ImageObject: ['Microsoft.Dism.Commands.ImageObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
  ImageObjectWithState: ['Microsoft.Dism.Commands.ImageObjectWithState', 'Microsoft.Dism.Commands.ImageObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
  BaseDismObject: ['Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
  MountedImageInfoObject: ['Microsoft.Dism.Commands.MountedImageInfoObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
} as const;

/** Microsoft.Dism.Commands.MountMode and MountStatus: member names by value. */
export const MOUNT_MODE_NAMES: readonly string[] = ['ReadWrite', 'ReadOnly'];
export const MOUNT_STATUS_NAMES: readonly string[] = ['Ok', 'NeedsRemount', 'Invalid'];

/** A MountedImageInfoObject's properties (MountMode and MountStatus as their numbers; the front end names them). */
export function mountedImageInfoData(
  m: { mountPathDisplay: string; imagePathDisplay: string; index: number; readOnly: boolean; status: 'Ok' | 'NeedsRemount' | 'Invalid' },
  logPath: string,
): Record<string, unknown> {
  return {
    Path: m.mountPathDisplay,
    ImagePath: m.imagePathDisplay,
    ImageIndex: m.index,
    MountMode: m.readOnly ? 1 : 0,
    MountStatus: MOUNT_STATUS_NAMES.indexOf(m.status),
    LogPath: logPath,
  };
}
