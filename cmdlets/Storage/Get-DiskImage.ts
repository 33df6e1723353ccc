/*
 * Get-DiskImage: the DiskImage object of an image file (by its path), of an attached device (\\.\CDROM<n>) or of a
 * volume (from Get-Volume): Attached and DevicePath say whether Mount-DiskImage (here or in an earlier process)
 * attached it.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';
import { readDiskImages } from '../../src/vfs/disk-images';
import { CDXML_PARAMETERS, HRESULT, STORAGE_TYPE, VOLUME_INPUT, cimError, diskImageObject, findRecord, stringList, volumeObject } from './_storage';

const NAME = 'Get-DiskImage';

export const cmdlet = defineCmdlet({
  name: NAME,
  className: 'Microsoft.PowerShell.Cmdletization.Cim.CimCmdletAdapter',
  module: 'Storage',
  defaultParameterSetName: 'ByImagePath',
  outputType: ['Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_DiskImage'],
  parameters: [
    { name: 'ImagePath', type: 'String[]', sets: { ByImagePath: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the path of the VHD or ISO file.' },
    { name: 'Volume', type: VOLUME_INPUT, sets: { ByVolume: { valueFromPipeline: true } }, description: 'Specifies a volume object; the disk image that holds it is returned.' },
    { name: 'DevicePath', type: 'String[]', sets: { ByDevicePath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the device path of the VHD or ISO file.' },
    { name: 'StorageType', type: STORAGE_TYPE, valueFromPipelineByPropertyName: true, description: 'Specifies the storage type of a file: ISO, VHD, VHDX or VHDSet.' },
    ...CDXML_PARAMETERS,
  ],
  help: {
    'en-US': {
      synopsis: 'Gets one or more disk image objects (virtual hard disk or ISO).',
      description: ['The Get-DiskImage cmdlet gets one or more disk image objects (virtual hard disk or ISO). Specify the full path of the disk image (the file need not be attached).'],
      examples: [{ title: 'Example 1: Get a disk image by its path', code: 'Get-DiskImage -ImagePath "E:\\Windows.iso"', remarks: 'This example gets the disk image object of an ISO file.' }],
    },
  },
  async process(ctx) {
    for (const p of stringList(ctx.params.ImagePath)) {
      const h = ctx.resolvePath(p);
      let size: number;
      try {
        const st = host().fs.statSync(h);
        if (st.isDirectory()) throw new Error('EISDIR');
        size = st.size;
      } catch {
        ctx.writeError(cimError(ctx, NAME, 'The system cannot find the file specified.', HRESULT.FILE_NOT_FOUND, 'ObjectNotFound', p));
        continue;
      }
      await ctx.writeObject(diskImageObject(p, size, findRecord({ imagePath: h })));
    }
    for (const d of stringList(ctx.params.DevicePath)) {
      const rec = findRecord({ devicePath: d });
      if (!rec) {
        ctx.writeError(cimError(ctx, NAME, 'The system cannot find the file specified.', HRESULT.FILE_NOT_FOUND, 'ObjectNotFound', d));
        continue;
      }
      await ctx.writeObject(diskImageObject(rec.imagePath, rec.fileSize, rec));
    }
    if (ctx.params.Volume !== undefined) {
      const path = toStr((ctx.params.Volume as { get(n: string): { value: unknown } | undefined }).get('UniqueId')?.value);
      const rec = readDiskImages().find((r) => toStr(volumeObject(r).get('UniqueId')?.value) === path);
      if (rec) await ctx.writeObject(diskImageObject(rec.imagePath, rec.fileSize, rec));
    }
  },
});
