/*
 * dism.exe's image-management verbs (research DISM-EXE.md §2): each verb's options (which take a value, which are
 * switches, which are required, which exclude each other) and its body over the same layers as the Dism cmdlets:
 * the WIM core's operations (export, apply, capture/append, split, delete) and src/dism (the session, the mount
 * registry and mount-ops.ts). What a verb prints is DISM's console text (console.ts): the operation line, the bar,
 * the report lines. Legacy names (/Get-WimInfo, /Mount-Wim, /Unmount-Wim, /Commit-Wim, /Remount-Wim,
 * /Get-MountedWimInfo, /Cleanup-Wim) are the same verbs.
 *
 * The servicing verbs (/Add-Driver, /Add-Package, /Enable-Feature, ... and anything with /Online or /Image:) are
 * recognised by name and answered with DISM's error for an operation this host cannot perform (SERVICING_VERBS).
 */
import { pathExists, statPath } from '../../vfs/vfs-fs';
import { DismError, DismMessages, Win32, hresultFromWin32 } from '../../dism/errors';
import { MountRegistry } from '../../dism/mounts';
import type { DismSession } from '../../dism/session';
import type { DismConsole } from './console';
import { CommandLineMessages, type DismOption } from './options';

/** What a verb's body is given. */
export interface VerbContext {
  readonly s: DismSession;
  readonly con: DismConsole;
  /** The verb as typed (`Unmount-Wim`). */
  readonly verb: string;
  /** An option's value by its spec name (case as the spec spells it), or undefined. */
  value(name: string): string | undefined;
  /** A switch (or a value option) was given. */
  has(name: string): boolean;
  /** A user's path through the drive map. */
  resolve(p: string): string;
}

export interface VerbSpec {
  /** Canonical name and legacy aliases, as DISM spells them. */
  names: readonly string[];
  /** Options that take a value. */
  values: readonly string[];
  switches: readonly string[];
  /** Each group: exactly one of its options must be given (a group of one: that option is required). */
  required: readonly (readonly string[])[];
  /** Groups of which at most one may be given. */
  exclusive?: readonly (readonly string[])[];
  /** Other spellings of an option this verb takes (`WimFile` for `ImageFile`). */
  optionAliases?: Readonly<Record<string, string>>;
  run(c: VerbContext): Promise<void>;
}

const MB = 1024 * 1024;

function positiveInt(c: VerbContext, name: string): number | undefined {
  const v = c.value(name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 0xffffffff) throw CommandLineMessages.invalidArgument(v, name);
  return Number(v);
}

function existingFile(c: VerbContext, name: string): { native: string; display: string } {
  const display = c.value(name)!;
  const native = c.resolve(display);
  // Through the vfs: an image on an attached ISO's drive exists there, not on the host.
  if (!pathExists(native)) throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
  c.s.mapPath(native, display);
  return { native, display };
}

function existingDirectory(c: VerbContext, name: string): { native: string; display: string } {
  const display = c.value(name)!;
  const native = c.resolve(display);
  let ok = false;
  try {
    ok = statPath(native).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new DismError(hresultFromWin32(Win32.PATH_NOT_FOUND));
  c.s.mapPath(native, display);
  return { native, display };
}

/** /Compress's values: export takes recovery (solid LZMS .esd) as well; capture only max, fast, none. */
function compressArgument(c: VerbContext, allowed: readonly string[]): 'none' | 'fast' | 'max' | 'recovery' | undefined {
  const v = c.value('Compress');
  if (v === undefined) return undefined;
  const lower = v.trim().toLowerCase();
  // "maximum" is what the cmdlets take; scripts pass it to dism.exe too (its acceptance there is unconfirmed).
  const name = lower === 'maximum' ? 'max' : lower;
  if (!allowed.includes(name)) throw CommandLineMessages.invalidArgument(v, 'Compress');
  return name as 'none' | 'fast' | 'max' | 'recovery';
}

const log = (c: VerbContext, method: string) => (level: 'info' | 'warning' | 'error', msg: string) => c.s.provider('DISM WIM Provider', msg, method, level);
const progress = (c: VerbContext) => (done: number, total: number) => c.con.progress(done, total);

/** Until the LZMS writer lands, the core refuses to write solid LZMS: dism.exe answers ERROR_NOT_SUPPORTED. */
function recoveryNotWritable(e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  const { WimErrorCode } = require('../../formats/errors') as typeof import('../../formats/errors');
  if (code === WimErrorCode.InvalidCompressionType)
    return new DismError(hresultFromWin32(Win32.NOT_SUPPORTED), 'operation', {
      'en-US': 'The recovery compression type (solid LZMS, .esd) cannot be written by this version of wimsh.\r\nThe request is not supported.',
    });
  return e;
}

// ------------------------------------------------------------------------------------------------ image information

const UNDEFINED = '<undefined>';
const orUndefined = (v: string | undefined) => (v ? v : UNDEFINED);

/** `6/9/2024 - 4:26:57 AM`: the system locale's date and time (en-US here), local time. */
function dismDate(d: Date | undefined): string {
  if (!d) return UNDEFINED;
  const h = d.getHours();
  const pad = (n: number) => (n < 10 ? '0' + n : String(n));
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} - ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

async function getImageInfo(c: VerbContext): Promise<void> {
  const wimApi = require('../../formats/wim/index') as typeof import('../../formats/wim/index');
  const file = existingFile(c, 'ImageFile');
  c.s.provider('DISM Imaging Provider', 'WIM image specified', 'CGenericImagingManager::GetImageInfoCollection');
  const index = positiveInt(c, 'Index');
  const name = c.value('Name');
  const wim = wimApi.openWim(file.native, { requireAllParts: false, onWarning: (m) => c.s.warning(m) });
  try {
    const one = index !== undefined || name !== undefined;
    const infos = one ? [wimApi.getImageInfo(wim, { index, name })] : wimApi.listImages(wim);
    c.con.line(`Details for image : ${file.display}`);
    c.con.line();
    for (const info of infos) {
      c.con.line(`Index : ${info.ImageIndex}`);
      c.con.line(`Name : ${orUndefined(info.ImageName)}`);
      c.con.line(`Description : ${orUndefined(info.ImageDescription)}`);
      c.con.line(`Size : ${info.ImageSize.toLocaleString('en-US')} bytes`);
      if (!one) {
        c.con.line();
        continue;
      }
      const v = info.Version ? info.Version.split('.') : [];
      c.con.line(`WIM Bootable : ${info.ImageBootable ? 'Yes' : 'No'}`);
      c.con.line(`Architecture : ${orUndefined(info.Architecture)}`);
      c.con.line(`Hal : ${orUndefined(info.Hal)}`);
      c.con.line(`Version : ${v.length ? v.slice(0, 3).join('.') : UNDEFINED}`);
      c.con.line(`ServicePack Build : ${v.length ? info.SPBuild : UNDEFINED}`);
      c.con.line(`ServicePack Level : ${v.length ? info.SPLevel : UNDEFINED}`);
      c.con.line(`Edition : ${orUndefined(info.EditionId)}`);
      c.con.line(`Installation : ${orUndefined(info.InstallationType)}`);
      c.con.line(`ProductType : ${orUndefined(info.ProductType)}`);
      c.con.line(`ProductSuite : ${orUndefined(info.ProductSuite)}`);
      c.con.line(`System Root : ${orUndefined(info.SystemRoot)}`);
      c.con.line(`Directories : ${info.DirectoryCount}`);
      c.con.line(`Files : ${info.FileCount}`);
      c.con.line(`Created : ${dismDate(info.CreatedTime)}`);
      c.con.line(`Modified : ${dismDate(info.ModifiedTime)}`);
      const langs = wimApi.formatLanguages(info);
      if (!langs.length) c.con.line(`Languages : ${UNDEFINED}`);
      else {
        c.con.line('Languages :');
        for (const l of langs) c.con.line(`        ${l}`);
      }
    }
  } finally {
    wim.close();
  }
}

// ------------------------------------------------------------------------------------------------ the verbs

const exportImage: VerbSpec = {
  names: ['Export-Image'],
  values: ['SourceImageFile', 'SWMFile', 'SourceIndex', 'SourceName', 'DestinationImageFile', 'DestinationName', 'Compress'],
  switches: ['Bootable', 'WIMBoot', 'CheckIntegrity'],
  required: [['SourceImageFile'], ['SourceIndex', 'SourceName'], ['DestinationImageFile']],
  async run(c) {
    const ops = require('../../formats/wim/ops/export') as typeof import('../../formats/wim/ops/export');
    const compression = compressArgument(c, ['fast', 'max', 'none', 'recovery']);
    const sourceIndex = positiveInt(c, 'SourceIndex');
    const source = existingFile(c, 'SourceImageFile');
    const destDisplay = c.value('DestinationImageFile')!;
    const destination = c.resolve(destDisplay);
    c.s.mapPath(destination, destDisplay);
    const swm = c.value('SWMFile');
    c.s.provider('DISM Imaging Provider', 'WIM image specified', 'CGenericImagingManager::CreateDismImage');
    c.con.operation('Exporting image');
    try {
      await ops.exportImage({
        source: source.native,
        splitPattern: swm !== undefined ? c.resolve(swm) : undefined,
        sourceIndex,
        sourceName: sourceIndex === undefined ? c.value('SourceName') : undefined,
        destination,
        destinationName: c.value('DestinationName'),
        compression,
        checkIntegrity: c.has('CheckIntegrity'),
        setBootable: c.has('Bootable'),
        wimBoot: c.has('WIMBoot'),
        scratchDirectory: c.s.scratchDirectory !== undefined ? c.s.scratchPath() : undefined,
        log: log(c, 'CWimManager::InternalCmdExport'),
        onProgress: progress(c),
      });
    } catch (e) {
      throw compression === 'recovery' ? recoveryNotWritable(e) : e;
    }
    c.con.finishProgress();
  },
};

/**
 * /List-Image: every file and directory of one image, one full path per line (`\Windows\System32\...`), in the
 * image's own order — the same list Get-WindowsImageContent writes. DISM-EXE.md gives the options but not the
 * console text; a path per line between the header and the closing line is our choice (README, dism.exe section).
 */
const listImage: VerbSpec = {
  names: ['List-Image'],
  values: ['ImageFile', 'Index', 'Name'],
  switches: [],
  required: [['ImageFile'], ['Index', 'Name']],
  exclusive: [['Index', 'Name']],
  async run(c) {
    const wimApi = require('../../formats/wim/index') as typeof import('../../formats/wim/index');
    const file = existingFile(c, 'ImageFile');
    c.s.provider('DISM Imaging Provider', 'WIM image specified', 'CGenericImagingManager::ListImage');
    const index = positiveInt(c, 'Index');
    const wim = wimApi.openWim(file.native, { requireAllParts: false, onWarning: (m) => c.s.warning(m) });
    try {
      const at = wimApi.resolveImage(wim, { index, name: index === undefined ? c.value('Name') : undefined });
      for (const e of wimApi.listImageContent(wim, at)) c.con.line(e.path);
    } finally {
      wim.close();
    }
  },
};

const imageInfoOptions = { values: ['ImageFile', 'Index', 'Name'], switches: [] as string[], required: [['ImageFile']], exclusive: [['Index', 'Name']] };

/** /Get-ImageInfo and the legacy /Get-WimInfo; each also takes the other's /WimFile or /ImageFile (lenient, unconfirmed). */
const getImageInfoVerb: VerbSpec = { names: ['Get-ImageInfo'], ...imageInfoOptions, optionAliases: { wimfile: 'ImageFile' }, run: getImageInfo };
const getWimInfoVerb: VerbSpec = { names: ['Get-WimInfo'], ...imageInfoOptions, optionAliases: { wimfile: 'ImageFile' }, run: getImageInfo };

const applyImage: VerbSpec = {
  names: ['Apply-Image'],
  values: ['ImageFile', 'SWMFile', 'ApplyDir', 'Index', 'Name', 'ApplyDrive', 'SFUFile'],
  switches: ['CheckIntegrity', 'Verify', 'NoRpFix', 'ConfirmTrustedFile', 'WIMBoot', 'Compact', 'EA'],
  required: [['ImageFile'], ['ApplyDir', 'ApplyDrive'], ['Index', 'Name']],
  async run(c) {
    if (c.has('ApplyDrive')) throw DismMessages.servicingStackRequired('/Apply-Image /ApplyDrive (an FFU image to a physical drive)');
    const wimApi = require('../../formats/wim/index') as typeof import('../../formats/wim/index');
    const index = positiveInt(c, 'Index');
    const file = existingFile(c, 'ImageFile');
    const dir = existingDirectory(c, 'ApplyDir');
    const swm = c.value('SWMFile');
    const wim = wimApi.openWim(file.native, { splitPattern: swm !== undefined ? c.resolve(swm) : undefined, checkIntegrity: c.has('CheckIntegrity'), onWarning: (m) => c.s.warning(m) });
    try {
      const resolved = wimApi.resolveImage(wim, { index, name: c.value('Name') });
      for (const name of ['Compact', 'WIMBoot'])
        if (c.has(name)) c.s.provider('DISM WIM Provider', `/${name} needs NTFS (WOF): the files are applied uncompressed.`, 'CWimManager::Apply', 'warning');
      c.con.operation('Applying image');
      const r = wimApi.applyImage(wim, resolved, dir.native, { onWarning: (m) => c.s.warning(m), onProgress: progress(c) });
      c.con.finishProgress();
      c.s.provider('DISM WIM Provider', `Applied ${r.files} files and ${r.directories} directories.`, 'CWimManager::Apply');
    } finally {
      wim.close();
    }
  },
};

async function capture(c: VerbContext, append: boolean): Promise<void> {
  const { captureImage } = require('../../formats/wim/ops/capture') as typeof import('../../formats/wim/ops/capture');
  const { captureFilterFor } = require('../../dism/wimscript') as typeof import('../../dism/wimscript');
  const compression = append ? undefined : (compressArgument(c, ['max', 'fast', 'none']) ?? 'fast');
  const display = c.value('ImageFile')!;
  let file: string;
  if (append) file = existingFile(c, 'ImageFile').native;
  else {
    file = c.resolve(display);
    if (pathExists(file)) throw new DismError(hresultFromWin32(Win32.FILE_EXISTS), 'argument');
    c.s.mapPath(file, display);
  }
  const dir = existingDirectory(c, 'CaptureDir');
  const filter = captureFilterFor(c.value('ConfigFile'), c.s, (p) => c.resolve(p));
  c.con.operation('Saving image');
  const r = await captureImage({
    sourceDir: dir.native,
    imagePath: file,
    append,
    name: c.value('Name')!,
    description: c.value('Description'),
    compression,
    filter,
    verify: c.has('Verify'),
    wimBoot: c.has('WIMBoot') || undefined,
    // Appending without /CheckIntegrity keeps an integrity table the file has up to date.
    checkIntegrity: append ? c.has('CheckIntegrity') || undefined : c.has('CheckIntegrity'),
    setBootable: c.has('Bootable'),
    log: log(c, append ? 'CWimManager::InternalCmdAppend' : 'CWimManager::InternalCmdCapture'),
    onProgress: progress(c),
  });
  c.con.finishProgress();
  c.s.provider('DISM WIM Provider', `Captured image ${r.imageIndex}: ${r.fileCount} files, ${r.bytesWritten} bytes of new file data.`, 'CWimManager::InternalCmdCapture');
}

const captureOptions = {
  values: ['ImageFile', 'CaptureDir', 'Name', 'Description', 'ConfigFile'],
  switches: ['Bootable', 'WIMBoot', 'CheckIntegrity', 'Verify', 'NoRpFix', 'EA'],
  required: [['ImageFile'], ['CaptureDir'], ['Name']],
};

const captureImageVerb: VerbSpec = { names: ['Capture-Image'], ...captureOptions, values: [...captureOptions.values, 'Compress'], run: (c) => capture(c, false) };
const appendImageVerb: VerbSpec = { names: ['Append-Image'], ...captureOptions, run: (c) => capture(c, true) };

const splitImage: VerbSpec = {
  names: ['Split-Image'],
  values: ['ImageFile', 'SWMFile', 'FileSize'],
  switches: ['CheckIntegrity'],
  required: [['ImageFile'], ['SWMFile'], ['FileSize']],
  async run(c) {
    const { splitWim } = require('../../formats/wim/ops/split') as typeof import('../../formats/wim/ops/split');
    const size = positiveInt(c, 'FileSize')!;
    const source = existingFile(c, 'ImageFile');
    const firstDisplay = c.value('SWMFile')!;
    const first = c.resolve(firstDisplay);
    if (pathExists(first)) throw new DismError(hresultFromWin32(Win32.FILE_EXISTS));
    c.s.mapPath(first, firstDisplay);
    c.con.operation('Splitting image');
    const r = await splitWim({ source: source.native, firstPart: first, partSize: size * MB, checkIntegrity: c.has('CheckIntegrity'), log: log(c, 'CWimManager::InternalCmdSplit'), onProgress: progress(c) });
    c.con.finishProgress();
    c.s.provider('DISM WIM Provider', `Split into ${r.parts.length} parts.`, 'CWimManager::InternalCmdSplit');
  },
};

const deleteImage: VerbSpec = {
  names: ['Delete-Image'],
  values: ['ImageFile', 'Index', 'Name'],
  switches: ['CheckIntegrity'],
  required: [['ImageFile'], ['Index', 'Name']],
  async run(c) {
    const ops = require('../../formats/wim/ops/delete') as typeof import('../../formats/wim/ops/delete');
    const index = positiveInt(c, 'Index');
    const file = existingFile(c, 'ImageFile');
    const r = await ops.deleteImage({
      imagePath: file.native,
      index,
      name: index === undefined ? c.value('Name') : undefined,
      checkIntegrity: c.has('CheckIntegrity') || undefined,
      log: log(c, 'CWimManager::InternalCmdDelete'),
    });
    c.s.provider('DISM WIM Provider', `Removed image ${r.deletedIndex}; ${r.imageCount} images are left.`, 'CWimManager::InternalCmdDelete');
  },
};

const mountVerb: VerbSpec = {
  names: ['Mount-Image', 'Mount-Wim'],
  values: ['ImageFile', 'Index', 'Name', 'MountDir'],
  switches: ['ReadOnly', 'Optimize', 'CheckIntegrity'],
  required: [['ImageFile'], ['Index', 'Name'], ['MountDir']],
  optionAliases: { wimfile: 'ImageFile' },
  async run(c) {
    const { mountImage } = require('../../dism/mount-ops') as typeof import('../../dism/mount-ops');
    const index = positiveInt(c, 'Index');
    const image = existingFile(c, 'ImageFile');
    const dirDisplay = c.value('MountDir')!;
    c.con.operation('Mounting image');
    await mountImage(c.s, new MountRegistry(), {
      imagePath: image.native,
      imagePathDisplay: image.display,
      index,
      name: index === undefined ? c.value('Name') : undefined,
      mountPath: c.resolve(dirDisplay),
      mountPathDisplay: dirDisplay,
      readOnly: c.has('ReadOnly'),
      checkIntegrity: c.has('CheckIntegrity'),
      onProgress: progress(c),
    });
    c.con.finishProgress();
  },
};

function mountAtDir(c: VerbContext, reg: MountRegistry) {
  const { findMount } = require('../../dism/mount-ops') as typeof import('../../dism/mount-ops');
  const display = c.value('MountDir')!;
  return findMount(c.s, reg, c.resolve(display), display);
}

const unmountVerb: VerbSpec = {
  names: ['Unmount-Image', 'Unmount-Wim'],
  values: ['MountDir'],
  switches: ['Commit', 'Discard', 'CheckIntegrity', 'Append'],
  required: [['MountDir'], ['Commit', 'Discard']],
  async run(c) {
    const ops = require('../../dism/mount-ops') as typeof import('../../dism/mount-ops');
    const reg = new MountRegistry();
    const m = mountAtDir(c, reg);
    if (/-wim$/i.test(c.verb)) {
      // The legacy verb names the image first (transcripts of 6.3 and 10.0.16299).
      c.con.line(`Image File : ${m.imagePathDisplay}`);
      c.con.line(`Image Index : ${m.index}`);
    }
    if (c.has('Commit')) {
      c.con.operation('Saving image');
      await ops.commitMount(c.s, reg, m, { append: c.has('Append'), checkIntegrity: c.has('CheckIntegrity'), onProgress: progress(c), dismount: true });
      c.con.finishProgress();
    }
    c.con.operation('Unmounting image');
    await ops.unmountImage(c.s, reg, m, { afterSave: c.has('Commit') });
    c.con.finishProgress();
  },
};

const commitVerb: VerbSpec = {
  names: ['Commit-Image', 'Commit-Wim'],
  values: ['MountDir'],
  switches: ['CheckIntegrity', 'Append'],
  required: [['MountDir']],
  async run(c) {
    const ops = require('../../dism/mount-ops') as typeof import('../../dism/mount-ops');
    const reg = new MountRegistry();
    const m = mountAtDir(c, reg);
    c.con.operation('Saving image');
    await ops.commitMount(c.s, reg, m, { append: c.has('Append'), checkIntegrity: c.has('CheckIntegrity'), onProgress: progress(c) });
    c.con.finishProgress();
  },
};

const remountVerb: VerbSpec = {
  names: ['Remount-Image', 'Remount-Wim'],
  values: ['MountDir'],
  switches: [],
  required: [['MountDir']],
  async run(c) {
    const ops = require('../../dism/mount-ops') as typeof import('../../dism/mount-ops');
    const reg = new MountRegistry();
    await ops.remountImage(c.s, reg, mountAtDir(c, reg));
  },
};

const STATUS_TEXT = { Ok: 'Ok', NeedsRemount: 'Needs Remount', Invalid: 'Invalid' } as const;

const getMountedVerb: VerbSpec = {
  names: ['Get-MountedImageInfo', 'Get-MountedWimInfo'],
  values: [],
  switches: [],
  required: [],
  async run(c) {
    const list = new MountRegistry().list();
    c.s.provider('DISM WIM Provider', 'Getting the mounted images', 'CWimManager::GetMountedImageInfo');
    c.con.line('Mounted images:');
    c.con.line();
    if (!list.length) {
      c.con.line('No mounted images found.');
      c.con.line();
    }
    for (const m of list) {
      c.con.line(`Mount Dir : ${m.mountPathDisplay}`);
      c.con.line(`Image File : ${m.imagePathDisplay}`);
      c.con.line(`Image Index : ${m.index}`);
      c.con.line(`Mounted Read/Write : ${m.readOnly ? 'No' : 'Yes'}`);
      c.con.line(`Status : ${STATUS_TEXT[m.status]}`);
      c.con.line();
    }
  },
};

const cleanupVerb: VerbSpec = {
  names: ['Cleanup-Mountpoints', 'Cleanup-Wim'],
  values: [],
  switches: [],
  required: [],
  async run(c) {
    const ops = require('../../dism/mount-ops') as typeof import('../../dism/mount-ops');
    await ops.cleanupMountpoints(c.s, new MountRegistry());
  },
};

export const IMAGING_VERBS: readonly VerbSpec[] = [
  getImageInfoVerb,
  getWimInfoVerb,
  listImage,
  exportImage,
  applyImage,
  captureImageVerb,
  appendImageVerb,
  splitImage,
  deleteImage,
  mountVerb,
  unmountVerb,
  commitVerb,
  remountVerb,
  getMountedVerb,
  cleanupVerb,
];

/** Documented verbs that need the Windows servicing stack (or a physical disk, or Windows 8.1's WIMBoot). */
export const SERVICING_VERBS: readonly string[] = [
  // WIM/FFU verbs this host cannot serve.
  'Get-WIMBootEntry', 'Update-WIMBootEntry', 'Optimize-Image', 'Apply-FFU', 'Capture-FFU', 'Split-FFU', 'Optimize-FFU',
  'Capture-CustomImage', 'Apply-CustomDataImage', 'Apply-SiloedPackage', 'Get-WimBootEntry',
  // Servicing (/Image: or /Online).
  'Add-Driver', 'Remove-Driver', 'Get-Drivers', 'Get-DriverInfo', 'Export-Driver',
  'Add-Package', 'Remove-Package', 'Get-Packages', 'Get-PackageInfo', 'Add-ProvisioningPackage', 'Get-ProvisioningPackageInfo',
  'Enable-Feature', 'Disable-Feature', 'Get-Features', 'Get-FeatureInfo', 'Cleanup-Image',
  'Add-Capability', 'Remove-Capability', 'Get-Capabilities', 'Get-CapabilityInfo', 'Export-Source',
  'Add-ProvisionedAppxPackage', 'Remove-ProvisionedAppxPackage', 'Get-ProvisionedAppxPackages', 'Set-ProvisionedAppxDataFile',
  'Optimize-ProvisionedAppxPackages', 'Get-NonRemovableAppPolicy', 'Set-NonRemovableAppPolicy',
  'Set-Edition', 'Get-CurrentEdition', 'Get-TargetEditions', 'Set-ProductKey',
  'Apply-Unattend', 'Get-Intl', 'Set-UILang', 'Set-UILangFallback', 'Set-SysUILang', 'Set-SysLocale', 'Set-UserLocale', 'Set-InputLocale',
  'Set-AllIntl', 'Set-TimeZone', 'Set-SKUIntlDefaults', 'Set-LayeredDriver', 'Gen-LangINI', 'Set-SetupUILang', 'Distribution',
  'Get-PESettings', 'Get-ScratchSpace', 'Get-TargetPath', 'Set-ScratchSpace', 'Set-TargetPath',
  'Get-OSUninstallWindow', 'Initiate-OSUninstall', 'Remove-OSUninstall', 'Set-OSUninstallWindow',
  'Set-ReservedStorageState', 'Get-ReservedStorageState',
  'Get-DefaultAppAssociations', 'Export-DefaultAppAssociations', 'Import-DefaultAppAssociations', 'Remove-DefaultAppAssociations',
  'Get-AppPatches', 'Get-AppPatchInfo', 'Get-AppInfo', 'Get-Apps', 'Check-AppPatch', 'Get-AppPatchInfo',
  'Add-Edge', 'Add-EdgeBrowser', 'Add-EdgeWebView', 'Set-Edition', 'Set-ProductKey', 'Enable-ReservedStorage',
];

/** The spec of an imaging verb by its name as typed (case-insensitive). */
export function imagingVerb(lower: string): VerbSpec | undefined {
  return IMAGING_VERBS.find((v) => v.names.some((n) => n.toLowerCase() === lower));
}

export function isServicingVerb(lower: string): boolean {
  return SERVICING_VERBS.some((n) => n.toLowerCase() === lower);
}

/**
 * Checks a verb's options against its spec and returns the lookup its body uses: every option known to the verb
 * (or global), none twice, values where a value is due and none on a switch, the required groups present, the
 * exclusive groups not doubled.
 */
export function bindVerbOptions(spec: VerbSpec, verbText: string, options: readonly DismOption[], isGlobal: (lower: string) => boolean): Map<string, string | true> {
  const byLower = new Map<string, { name: string; kind: 'value' | 'switch' }>();
  for (const n of spec.values) byLower.set(n.toLowerCase(), { name: n, kind: 'value' });
  for (const n of spec.switches) byLower.set(n.toLowerCase(), { name: n, kind: 'switch' });
  for (const [alias, target] of Object.entries(spec.optionAliases ?? {})) byLower.set(alias, byLower.get(target.toLowerCase())!);
  const bound = new Map<string, string | true>();
  for (const o of options) {
    if (isGlobal(o.lower)) continue;
    const known = byLower.get(o.lower);
    if (!known) throw CommandLineMessages.unknownOption(o.text);
    if (bound.has(known.name)) throw CommandLineMessages.duplicated(o.name);
    if (known.kind === 'switch') {
      if (o.value !== undefined) throw CommandLineMessages.takesNoArgument(o.name);
      bound.set(known.name, true);
    } else {
      if (o.value === undefined || o.value === '') throw CommandLineMessages.missingArgument(o.name);
      bound.set(known.name, o.value);
    }
  }
  for (const group of spec.required) if (!group.some((n) => bound.has(n))) throw CommandLineMessages.verbMissingArgument(verbText);
  for (const group of [...spec.required.filter((g) => g.length > 1), ...(spec.exclusive ?? [])]) {
    const given = group.filter((n) => bound.has(n));
    if (given.length > 1) throw CommandLineMessages.invalidArgument(`/${given[1]}`, given[0]);
  }
  return bound;
}
