/*
 * The Storage module's shared part: the StorageType and Access enums, the CimInstance-shaped DiskImage
 * (MSFT_DiskImage) and Volume (MSFT_Volume) objects with their console views (the reference pages' formatting), the
 * CIM-style error records (CimException, "HRESULT 0x8007xxxx,<cmdlet>") and the lookup of recorded images. The
 * images themselves are opened by src/formats/iso9660/open.ts; which image holds which letter is src/vfs/disk-images.ts.
 */
import type { CmdletContext } from '../../src/lang/commands/cmdlet';
import type { ErrorCategory, ErrorRecord } from '../../src/lang/runtime/errors';
import { PSObject, registerEnum } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { registerView } from '../../src/lang/format/format';
import { readDiskImages, type DiskImageRecord } from '../../src/vfs/disk-images';

export const STORAGE_TYPE = 'Microsoft.PowerShell.Cmdletization.GeneratedTypes.DiskImage.StorageType';
export const ACCESS_TYPE = 'Microsoft.PowerShell.Cmdletization.GeneratedTypes.DiskImage.Access';
registerEnum({ fullName: STORAGE_TYPE, members: [['Unknown', 0], ['ISO', 1], ['VHD', 2], ['VHDX', 3], ['VHDSet', 4]] });
registerEnum({ fullName: ACCESS_TYPE, members: [['Unknown', 0], ['ReadWrite', 2], ['ReadOnly', 3]] });

const CIM = 'Microsoft.Management.Infrastructure.CimInstance';
/** The PSTypeNames a CIM object of `cls` carries (most derived first), as Windows shows them. */
function cimTypes(cls: string): string[] {
  return [`${CIM}#ROOT/Microsoft/Windows/Storage/${cls}`, `${CIM}#MSFT_StorageObject`, `${CIM}#${cls}`, CIM, 'System.Object'];
}
/** The parameter types that take a CIM object of one class only (cdxml's PSTypeName attribute). */
export const DISK_IMAGE_INPUT = `${CIM}#MSFT_DiskImage`;
export const VOLUME_INPUT = `${CIM}#MSFT_Volume`;
export const cimInput = (cls: string): string => `${CIM}#${cls}`;

/** The common parameters of every cdxml cmdlet (accepted; there is no remote session here). */
export const CDXML_PARAMETERS = [
  { name: 'CimSession', type: 'Object[]', aliases: ['Session'], description: 'Runs the cmdlet in a remote session (not supported: the local machine only).' },
  { name: 'ThrottleLimit', type: 'Int32', description: 'The maximum number of concurrent operations.' },
  { name: 'AsJob', type: 'SwitchParameter', description: 'Runs the cmdlet as a background job (runs it now).' },
] as const;

// Get-DiskImage, Mount-DiskImage -PassThru: no view of its own in Storage's format file, so a list of every property.
registerView(cimTypes('MSFT_DiskImage')[0], {
  kind: 'list',
  columns: ['Attached', 'BlockSize', 'DevicePath', 'FileSize', 'ImagePath', 'LogicalSectorSize', 'Number', 'Size', 'StorageType', 'PSComputerName'],
});

function fit(s: string, width: number): string {
  return s.length > width ? s.slice(0, width - 3) + '...' : s;
}

/** Storage's size display: bytes scaled by 1024 to B, KB, MB, GB, TB, PB, rounded to two decimals ("465.42 GB"). */
export function formatSize(v: unknown): string {
  let size = Number(v ?? 0);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  for (; size >= 1024 && i < units.length - 1; i++) size /= 1024;
  return `${Math.round(size * 100) / 100} ${units[i]}`;
}

// Get-Volume: the reference page's table (DriveLetter, FileSystemLabel, FileSystem, HealthStatus, SizeRemaining, Size).
registerView(cimTypes('MSFT_Volume')[0], {
  kind: 'table',
  widths: [19, 19, 19, 25, 13, 19],
  columns: [
    'DriveLetter',
    // A fixed-width column: 5.1 cuts a longer value to its width, ending in "...".
    { label: 'FileSystemLabel', value: (o: PSObject) => fit(toStr(o.get('FileSystemLabel')?.value ?? ''), 19) },
    'FileSystem',
    'HealthStatus',
    { label: 'SizeRemaining', value: (o: PSObject) => formatSize(o.get('SizeRemaining')?.value), align: 'right' },
    { label: 'Size', value: (o: PSObject) => formatSize(o.get('Size')?.value), align: 'right' },
  ],
});

/** The DiskImage object of an image file: attached (its record) or not (null record). */
export function diskImageObject(imagePath: string, fileSize: number, rec: DiskImageRecord | undefined): PSObject {
  return new PSObject(
    {
      Attached: !!rec,
      BlockSize: 0,
      DevicePath: rec ? `\\\\.\\CDROM${rec.number}` : null,
      FileSize: fileSize,
      ImagePath: rec?.displayPath ?? imagePath,
      LogicalSectorSize: 2048,
      Number: null,
      Size: rec?.size ?? fileSize,
      StorageType: 1,
      PSComputerName: null,
    },
    cimTypes('MSFT_DiskImage'),
  );
}

/** A GUID-shaped name stable for one image path (FNV-1a over its characters): the volume's \\?\Volume{...}\ name. */
function volumeGuid(s: string): string {
  const h = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x7f4a7c15];
  for (let i = 0; i < s.length; i++) for (let k = 0; k < 4; k++) h[k] = Math.imul(h[k] ^ s.charCodeAt(i), 0x01000193 + k * 2) >>> 0;
  const x = h.map((n) => n.toString(16).padStart(8, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The Volume object of an attached image. */
export function volumeObject(rec: DiskImageRecord): PSObject {
  const path = `\\\\?\\Volume{${volumeGuid(rec.imagePath)}}\\`;
  return new PSObject(
    {
      ObjectId: `{1}\\\\localhost\\root/Microsoft/Windows/Storage/Providers_v2\\WSP_Volume.ObjectId="${path}"`,
      PassThroughClass: null,
      PassThroughIds: null,
      PassThroughNamespace: null,
      PassThroughServer: null,
      UniqueId: path,
      AllocationUnitSize: 2048,
      DedupMode: 'NotAvailable',
      DriveLetter: rec.letter || null,
      DriveType: 'CD-ROM',
      FileSystem: rec.fileSystem,
      FileSystemLabel: rec.label,
      FileSystemType: rec.fileSystem,
      HealthStatus: 'Healthy',
      OperationalStatus: 'OK',
      Path: path,
      Size: rec.size,
      SizeRemaining: 0,
      PSComputerName: null,
    },
    cimTypes('MSFT_Volume'),
  );
}

/** A CIM error record: "HRESULT 0x8007xxxx,<cmdlet>", a CimException, the CIM class as its target. */
export function cimError(ctx: CmdletContext, cmdlet: string, message: string, hresult: number, category: ErrorCategory, target: string): ErrorRecord {
  const rec = ctx.error(message, `HRESULT 0x${(hresult >>> 0).toString(16)},${cmdlet}`, category, 'CimException', target);
  rec.exception.fullName = 'Microsoft.Management.Infrastructure.CimException';
  rec.targetName = 'MSFT_DiskImage';
  rec.targetType = 'ROOT/Microsoft/.../MSFT_DiskImage';
  return rec;
}

export const HRESULT = {
  FILE_NOT_FOUND: 0x80070002,
  SHARING_VIOLATION: 0x80070020,
  NOT_SUPPORTED: 0x80070032,
  INVALID_PARAMETER: 0x80070057,
  FILE_CORRUPT: 0x80070570,
};

/** The recorded image for a host path, or for a device path (\\.\CDROM<n>), if attached. */
export function findRecord(by: { imagePath?: string; devicePath?: string }): DiskImageRecord | undefined {
  const recs = readDiskImages();
  if (by.imagePath !== undefined) return recs.find((r) => r.imagePath === by.imagePath);
  const dev = (by.devicePath ?? '').toLowerCase();
  return recs.find((r) => `\\\\.\\cdrom${r.number}` === dev);
}

/** The value of a string-array parameter as strings. */
export function stringList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => toStr(x));
}
