/*
 * Dismount-DiskImage: detaches an ISO attached by Mount-DiskImage (in this process or an earlier one), by its image
 * path or its device path (\\.\CDROM<n>). The record under $WIMSH_HOME goes, the drive letter is free again, and this
 * process's drive stops resolving at once (another process sees it on its next drive lookup).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';
import { readDiskImages, writeDiskImages } from '../../src/vfs/disk-images';
import { CDXML_PARAMETERS, DISK_IMAGE_INPUT, HRESULT, STORAGE_TYPE, cimError, stringList } from './_storage';

const NAME = 'Dismount-DiskImage';

export const cmdlet = defineCmdlet({
  name: NAME,
  className: 'Microsoft.PowerShell.Cmdletization.Cim.CimCmdletAdapter',
  module: 'Storage',
  defaultParameterSetName: 'ByImagePath',
  supportsShouldProcess: true,
  outputType: ['Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_DiskImage'],
  parameters: [
    { name: 'ImagePath', type: 'String[]', sets: { ByImagePath: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the path of the VHD or ISO file.' },
    { name: 'DevicePath', type: 'String[]', sets: { ByDevicePath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the device path of the VHD or ISO file.' },
    { name: 'InputObject', type: `${DISK_IMAGE_INPUT}[]`, sets: { 'InputObject (cdxml)': { mandatory: true, valueFromPipeline: true } }, description: 'Specifies the input object that is used in a pipeline command.' },
    { name: 'StorageType', type: STORAGE_TYPE, sets: { ByImagePath: { valueFromPipelineByPropertyName: true }, ByDevicePath: { valueFromPipelineByPropertyName: true } }, description: 'Specifies the storage type of a file: ISO, VHD, VHDX or VHDSet.' },
    ...CDXML_PARAMETERS,
  ],
  help: {
    'en-US': {
      synopsis: 'Dismounts a disk image (virtual hard disk (VHD) or ISO) so that it can no longer be accessed as a disk.',
      description: ['The Dismount-DiskImage cmdlet dismounts a disk image (virtual hard disk (VHD) or ISO) so that it can no longer be accessed as a disk.'],
      examples: [
        { title: 'Example 1: Dismount a disk image by path', code: 'Dismount-DiskImage -ImagePath "E:\\Windows.iso"', remarks: 'This example dismounts an ISO by specifying the image path.' },
        { title: 'Example 2: Dismount a disk image by device path', code: 'Dismount-DiskImage -DevicePath \\\\.\\CDROM1', remarks: 'This example dismounts a disk image by its device path.' },
      ],
    },
  },
  async process(ctx) {
    const targets: { given: string; match: (r: { imagePath: string; number: number }) => boolean; isPath: boolean }[] = [];
    for (const p of stringList(ctx.params.ImagePath)) {
      const h = ctx.resolvePath(p);
      targets.push({ given: p, match: (r) => r.imagePath === h, isPath: true });
    }
    for (const d of stringList(ctx.params.DevicePath)) targets.push({ given: d, match: (r) => `\\\\.\\cdrom${r.number}` === d.toLowerCase(), isPath: false });
    if (ctx.params.InputObject !== undefined) {
      for (const o of Array.isArray(ctx.params.InputObject) ? ctx.params.InputObject : [ctx.params.InputObject]) {
        const p = toStr((o as { get(n: string): { value: unknown } | undefined }).get('ImagePath')?.value);
        const h = ctx.resolvePath(p);
        targets.push({ given: p, match: (r) => r.imagePath === h, isPath: true });
      }
    }
    for (const t of targets) {
      const records = readDiskImages();
      const rec = records.find(t.match);
      if (!rec) {
        // Windows: dismounting an image that is not attached is not an error; a missing file or device is.
        if (t.isPath && host().fs.existsSync(ctx.resolvePath(t.given))) continue;
        ctx.writeError(cimError(ctx, NAME, 'The system cannot find the file specified.', HRESULT.FILE_NOT_FOUND, 'ObjectNotFound', t.given));
        continue;
      }
      if (!ctx.shouldProcess(t.given, 'Dismount')) continue;
      writeDiskImages(records.filter((r) => r !== rec));
    }
  },
});
