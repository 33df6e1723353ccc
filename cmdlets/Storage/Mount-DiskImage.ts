/*
 * Mount-DiskImage: attaches an ISO image as a read-only drive. The image's file system (UDF, else ISO 9660 with
 * Joliet) is read once here to check it and to learn its label and size; the drive takes the next free letter
 * from D: (or the one WIMSH_DRIVE_<L> names for this image) unless -NoDriveLetter, and is recorded under $WIMSH_HOME
 * so that later processes see it. Files on it are read in place (src/vfs/image-volume.ts), never copied out.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { sw } from '../_shared/common';
import { openDiscVolume } from '../../src/formats/iso9660/open';
import { isDiscImageError } from '../../src/formats/iso9660/disc';
import { chooseDriveLetter, readDiskImages, writeDiskImages, type DiskImageRecord } from '../../src/vfs/disk-images';
import { ACCESS_TYPE, CDXML_PARAMETERS, DISK_IMAGE_INPUT, HRESULT, STORAGE_TYPE, cimError, diskImageObject, stringList } from './_storage';
import { toStr } from '../../src/lang/types/convert';

const NAME = 'Mount-DiskImage';

export const cmdlet = defineCmdlet({
  name: NAME,
  className: 'Microsoft.PowerShell.Cmdletization.Cim.CimCmdletAdapter',
  module: 'Storage',
  defaultParameterSetName: 'ByImagePath',
  supportsShouldProcess: true,
  outputType: ['Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_DiskImage'],
  parameters: [
    { name: 'ImagePath', type: 'String[]', sets: { ByImagePath: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the path of the VHD or ISO file.' },
    { name: 'StorageType', type: STORAGE_TYPE, sets: { ByImagePath: { valueFromPipelineByPropertyName: true } }, description: 'Specifies the storage type of a file: ISO (the one wimsh mounts), VHD, VHDX or VHDSet.' },
    { name: 'InputObject', type: `${DISK_IMAGE_INPUT}[]`, sets: { 'InputObject (cdxml)': { mandatory: true, valueFromPipeline: true } }, description: 'Specifies the input object that is used in a pipeline command.' },
    { name: 'Access', type: ACCESS_TYPE, description: 'Mounts the VHD file in read-only or read-write mode. ISO files are mounted in read-only mode regardless of what parameter value you provide.' },
    { name: 'NoDriveLetter', type: 'SwitchParameter', description: 'Indicates that the cmdlet mounts the disk image without assigning a drive letter.' },
    ...CDXML_PARAMETERS,
    { name: 'PassThru', type: 'SwitchParameter', description: 'Returns an object representing the item with which you are working. By default, this cmdlet does not generate any output.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Mounts a previously created disk image (virtual hard disk or ISO), making it appear as a normal disk.',
      description: [
        'The Mount-DiskImage cmdlet mounts a previously created disk image (virtual hard disk or ISO), making it appear as a normal disk. This cmdlet requires the full path of the VHD or ISO file. If the file is already mounted, then the cmdlet will display the following error: "The process cannot access the file because it is being used by another process."',
        'wimsh mounts ISO images (UDF, or ISO 9660 with Joliet) read-only, without loop devices or administrator rights: their files are read in place.',
      ],
      examples: [{ title: 'Example 1: Mounting an ISO', code: 'Mount-DiskImage -ImagePath "E:\\ISO-Files\\My US Visit Fall 2010 Pictures.iso"', remarks: 'This example mounts an ISO by specifying the image path.' }],
    },
  },
  async process(ctx) {
    const fromObjects = ctx.params.InputObject === undefined ? [] : (Array.isArray(ctx.params.InputObject) ? ctx.params.InputObject : [ctx.params.InputObject]).map((o) => toStr((o as { get(n: string): { value: unknown } | undefined }).get('ImagePath')?.value));
    const storage = ctx.params.StorageType === undefined ? undefined : toStr(ctx.params.StorageType);
    for (const given of [...stringList(ctx.params.ImagePath), ...fromObjects]) {
      const imagePath = ctx.resolvePath(given);
      if (storage !== undefined && storage !== 'ISO' && storage !== 'Unknown') {
        ctx.writeError(cimError(ctx, NAME, `The ${storage} storage type is not supported: wimsh mounts ISO images only.`, HRESULT.NOT_SUPPORTED, 'NotImplemented', given));
        continue;
      }
      let fileSize: number;
      try {
        const st = host().fs.statSync(imagePath);
        if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
        fileSize = st.size;
      } catch {
        ctx.writeError(cimError(ctx, NAME, 'The system cannot find the file specified.', HRESULT.FILE_NOT_FOUND, 'ObjectNotFound', given));
        continue;
      }
      if (/\.vhdx?$/i.test(imagePath)) {
        ctx.writeError(cimError(ctx, NAME, 'Virtual hard disks are not supported: wimsh mounts ISO images only.', HRESULT.NOT_SUPPORTED, 'NotImplemented', given));
        continue;
      }
      const records = readDiskImages();
      if (records.some((r) => r.imagePath === imagePath)) {
        ctx.writeError(cimError(ctx, NAME, 'The process cannot access the file because it is being used by another process.', HRESULT.SHARING_VIOLATION, 'ResourceBusy', given));
        continue;
      }
      if (!ctx.shouldProcess(given, 'Mount')) continue;
      let label: string;
      let fileSystem: string;
      let size: number;
      try {
        const vol = openDiscVolume(imagePath, given);
        try {
          ({ label, fileSystem, size } = vol.fs);
        } finally {
          vol.close();
        }
      } catch (e) {
        const detail = isDiscImageError(e) ? e.message : `${given}: ${(e as Error).message}`;
        ctx.writeError(cimError(ctx, NAME, `The file or directory is corrupted and unreadable. (${detail})`, HRESULT.FILE_CORRUPT, 'ReadError', given));
        continue;
      }
      let letter = '';
      if (!sw(ctx, 'NoDriveLetter')) {
        const l = chooseDriveLetter(imagePath, records);
        if (l === undefined) {
          ctx.writeError(cimError(ctx, NAME, 'There are no more drive letters available.', HRESULT.INVALID_PARAMETER, 'ResourceUnavailable', given));
          continue;
        }
        letter = l;
      }
      let number = 0;
      while (records.some((r) => r.number === number)) number++;
      const rec: DiskImageRecord = { imagePath, displayPath: windowsForm(ctx, given, imagePath), letter, number, fileSize, size, label, fileSystem };
      writeDiskImages([...records, rec]);
      if (sw(ctx, 'PassThru')) await ctx.writeObject(diskImageObject(imagePath, fileSize, rec));
    }
  },
});

/** The image path as Windows would show it: a drive path as typed (normalised), else the host path. */
function windowsForm(ctx: { resolvePath(p: string): string }, given: string, imagePath: string): string {
  void ctx;
  if (/^[A-Za-z]:[\\/]/.test(given)) return `${given[0].toUpperCase()}:\\${given.slice(3).split(/[\\/]+/).filter((c) => c && c !== '.').join('\\')}`;
  return imagePath;
}
