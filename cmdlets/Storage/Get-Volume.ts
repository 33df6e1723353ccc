/*
 * Get-Volume: the volumes of attached disk images (Mount-DiskImage), as MSFT_Volume objects: DriveLetter,
 * FileSystemLabel, FileSystem (UDF or CDFS), DriveType CD-ROM, Size and SizeRemaining 0 (a read-only medium). It
 * takes a DiskImage from the pipeline (`Mount-DiskImage ... -PassThru | Get-Volume`), a drive letter, a label, a
 * volume path or a file path. The host's own file systems are not volumes here: the drive map gives them letters.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { readDiskImages, type DiskImageRecord } from '../../src/vfs/disk-images';
import { findMount } from '../../src/vfs/mounts';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { CDXML_PARAMETERS, DISK_IMAGE_INPUT, cimInput, stringList, volumeObject } from './_storage';

const NAME = 'Get-Volume';

const byValue = (set: string, cls: string, name: string, description: string) =>
  ({ name, type: cimInput(cls), sets: { [set]: { valueFromPipeline: true } }, description }) as const;

export const cmdlet = defineCmdlet({
  name: NAME,
  className: 'Microsoft.PowerShell.Cmdletization.Cim.CimCmdletAdapter',
  module: 'Storage',
  defaultParameterSetName: 'ByDriveLetter',
  outputType: ['Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_Volume'],
  parameters: [
    { name: 'DriveLetter', type: 'Char[]', sets: { ByDriveLetter: { position: 0, valueFromPipelineByPropertyName: true } }, description: 'Gets the volume with the specified drive letter.' },
    { name: 'ObjectId', type: 'String[]', aliases: ['Id'], sets: { ById: { valueFromPipelineByPropertyName: true } }, description: 'Specifies the ID of the volume to get.' },
    { name: 'UniqueId', type: 'String[]', sets: { ByUniqueId: { valueFromPipelineByPropertyName: true } }, description: 'Specifies the UniqueID of the volume to get.' },
    { name: 'Path', type: 'String[]', sets: { ByPaths: { valueFromPipelineByPropertyName: true } }, description: 'Specifies the path of the volume to get.' },
    { name: 'FileSystemLabel', type: 'String[]', sets: { ByLabel: { valueFromPipelineByPropertyName: true } }, description: 'Specifies the file system label of the volume to get.' },
    byValue('ByPartition', 'MSFT_Partition', 'Partition', 'Specifies a partition object; its volume is returned.'),
    { name: 'DiskImage', type: DISK_IMAGE_INPUT, sets: { ByDiskImage: { valueFromPipeline: true } }, description: 'Specifies a DiskImage object; the volume of the attached image is returned.' },
    byValue('ByStorageSubSystem', 'MSFT_StorageSubSystem', 'StorageSubSystem', 'Specifies a storage subsystem object.'),
    byValue('ByStoragePool', 'MSFT_StoragePool', 'StoragePool', 'Specifies a storage pool object.'),
    byValue('ByStorageNode', 'MSFT_StorageNode', 'StorageNode', 'Specifies a storage node object.'),
    byValue('ByStorageFileServer', 'MSFT_StorageFileServer', 'StorageFileServer', 'Specifies a storage file server object.'),
    byValue('ByFileShare', 'MSFT_FileShare', 'FileShare', 'Specifies a file share object.'),
    byValue('ByStorageJob', 'MSFT_StorageJob', 'StorageJob', 'Specifies a storage job object.'),
    { name: 'FilePath', type: 'String', aliases: ['FullName'], sets: { ByFilePath: { valueFromPipelineByPropertyName: true } }, description: 'Specifies a path to a file; the volume that holds it is returned.' },
    ...CDXML_PARAMETERS,
  ],
  help: {
    'en-US': {
      synopsis: 'Gets the specified Volume object, or all Volume objects if no filter is provided.',
      description: ['The Get-Volume cmdlet will return a Volume object or a set of Volume objects that match the specified criteria. In wimsh the volumes are those of attached disk images (Mount-DiskImage).'],
      examples: [
        { title: 'Example 1: Get all volumes', code: 'Get-Volume', remarks: 'This example returns all volumes.' },
        { title: 'Example 2: Get the volume of a mounted ISO', code: '$iso = Mount-DiskImage -ImagePath C:\\Windows.iso -PassThru\n($iso | Get-Volume).DriveLetter', remarks: 'This example gets the drive letter of a mounted ISO.' },
      ],
    },
  },
  async process(ctx) {
    const recs = readDiskImages();
    const out = (r: DiskImageRecord) => ctx.writeObject(volumeObject(r));
    const notFound = (prop: string, value: string, type: string) => {
      const rec = ctx.error(`No MSFT_Volume objects found with property '${prop}' equal to '${value}'.  Verify the value of the property and retry.`, `CmdletizationQuery_NotFound_${prop},${NAME}`, 'ObjectNotFound', 'CimJobException', value);
      rec.exception.fullName = 'Microsoft.PowerShell.Cmdletization.Cim.CimJobException';
      rec.targetName = value;
      rec.targetType = type;
      ctx.writeError(rec);
    };
    const set = ctx.parameterSetName;
    if (ctx.params.DiskImage !== undefined) {
      const img = toStr((ctx.params.DiskImage as { get(n: string): { value: unknown } | undefined }).get('ImagePath')?.value);
      const h = ctx.resolvePath(img);
      for (const r of recs) if (r.imagePath === h || r.displayPath === img) await out(r);
      return;
    }
    if (ctx.params.DriveLetter !== undefined) {
      for (const l of stringList(ctx.params.DriveLetter)) {
        const r = recs.find((x) => x.letter === l.toUpperCase());
        if (r) await out(r);
        else notFound('DriveLetter', l, 'Char');
      }
      return;
    }
    if (ctx.params.FileSystemLabel !== undefined) {
      for (const label of stringList(ctx.params.FileSystemLabel)) {
        const re = wildcardToRegExp(label);
        const hits = recs.filter((r) => re.test(r.label));
        if (!hits.length) notFound('FileSystemLabel', label, 'String');
        for (const r of hits) await out(r);
      }
      return;
    }
    const byId = (prop: 'ObjectId' | 'UniqueId' | 'Path', values: string[]) => async () => {
      for (const v of values) {
        const hits = recs.filter((r) => toStr(volumeObject(r).get(prop)?.value).toLowerCase() === v.toLowerCase());
        if (!hits.length) notFound(prop, v, 'String');
        for (const r of hits) await out(r);
      }
    };
    if (ctx.params.ObjectId !== undefined) return byId('ObjectId', stringList(ctx.params.ObjectId))();
    if (ctx.params.UniqueId !== undefined) return byId('UniqueId', stringList(ctx.params.UniqueId))();
    if (ctx.params.Path !== undefined) return byId('Path', stringList(ctx.params.Path))();
    if (ctx.params.FilePath !== undefined) {
      const fp = toStr(ctx.params.FilePath);
      const h = ctx.resolvePath(fp);
      const m = findMount(h);
      const r = m && recs.find((x) => x.letter && m.rel !== undefined && h.toLowerCase().startsWith(ctx.resolvePath(`${x.letter}:\\`).toLowerCase()));
      if (r) await out(r);
      else notFound('FilePath', fp, 'String');
      return;
    }
    if (set !== 'ByDriveLetter') return; // partitions, pools, shares...: no such objects here
    for (const r of recs) if (r.letter) await out(r);
  },
});
