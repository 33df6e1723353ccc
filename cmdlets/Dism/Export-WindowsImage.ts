/*
 * Export-WindowsImage: copies one image of a WIM/ESD/split set into another WIM file (a new one, or appended to an
 * existing one), each blob stored once. Metadata from the Dism module's reference page
 * (../shared/reference/Export-WindowsImage.zh-CN.md): two parameter sets (by index, by name), every parameter
 * bindable from the pipeline by property name. The work is src/formats/wim/export.ts's; this file binds, logs and reports.
 *
 * Rules the cmdlet adds on top of the WIM core: -CompressionType is none/fast/max/maximum (case-insensitive),
 * "recovery" is refused with the reference page's words; it applies only to a new destination (an existing one
 * keeps its compression); omitted, a new file takes the source's compression ("max" for a solid .esd source).
 * -DestinationName defaults to the source image's name, and a name already in the destination is refused before
 * anything is written.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { pathExists } from '../../src/vfs/vfs-fs';
import { DismError, DismMessages, Win32, hresultFromWin32 } from '../../src/dism/errors';
import { DISM_SESSION_PARAMETERS, progressReporter, runDism } from './_dism';
import { sw } from '../_shared/common';
import { compressionArgument } from './_compression';
import { help } from './Export-WindowsImage.help';
import { imageIndexCompleter, imageNameCompleter } from './_completers';

const CLASS = 'Microsoft.Dism.Commands.ExportWindowsImageCommand';
const BY_INDEX = 'InputByFilePathAndIndex';
const BY_NAME = 'InputByFilePathAndName';
const en = help['en-US'];

export const cmdlet = defineCmdlet({
  name: 'Export-WindowsImage',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: BY_INDEX,
  outputType: ['Microsoft.Dism.Commands.OfflineImageObject'],
  parameters: [
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: en.parameters.CheckIntegrity },
    {
      name: 'CompressionType',
      type: 'String',
      valueFromPipelineByPropertyName: true,
      validateSet: ['none', 'fast', 'max', 'maximum', 'recovery'],
      description: en.parameters.CompressionType,
    },
    { name: 'DestinationImagePath', type: 'String', aliases: ['DIP'], mandatory: true, valueFromPipelineByPropertyName: true, description: en.parameters.DestinationImagePath },
    { name: 'DestinationName', type: 'String', aliases: ['DN'], valueFromPipelineByPropertyName: true, description: en.parameters.DestinationName },
    { name: 'Setbootable', type: 'SwitchParameter', aliases: ['SB'], valueFromPipelineByPropertyName: true, description: en.parameters.Setbootable },
    { name: 'SourceImagePath', type: 'String', aliases: ['SIP'], pipelineAliases: ['ImagePath'], mandatory: true, valueFromPipelineByPropertyName: true, description: en.parameters.SourceImagePath },
    { name: 'SourceIndex', argumentCompleter: imageIndexCompleter('SourceImagePath'), type: 'UInt32', aliases: ['SI'], pipelineAliases: ['ImageIndex'], sets: { [BY_INDEX]: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: en.parameters.SourceIndex },
    { name: 'SourceName', argumentCompleter: imageNameCompleter('SourceImagePath'), type: 'String', aliases: ['SN'], allowEmptyString: true, sets: { [BY_NAME]: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: en.parameters.SourceName },
    { name: 'SplitImageFilePattern', type: 'String', valueFromPipelineByPropertyName: true, description: en.parameters.SplitImageFilePattern },
    { name: 'WIMBoot', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: en.parameters.WIMBoot },
    ...DISM_SESSION_PARAMETERS,
  ],
  help,
  async process(ctx) {
    await runDism(ctx, 'Export-WindowsImage', CLASS, async (s) => {
      const { exportImage } = require('../../src/formats/wim/ops/export') as typeof import('../../src/formats/wim/ops/export');
      const sourcePath = ctx.params.SourceImagePath!;
      const destPath = ctx.params.DestinationImagePath!;
      const sourceName = ctx.params.SourceName ?? undefined;
      const sourceIndex = ctx.params.SourceIndex;
      if (sourceIndex === undefined && !sourceName) throw DismMessages.nameOrIndexRequired();
      const compression = compressionArgument(ctx.params.CompressionType ?? undefined, 'Export-WindowsImage');
      const source = ctx.resolvePath(sourcePath);
      if (!pathExists(source)) throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
      const destination = ctx.resolvePath(destPath);
      // The engine names files by their paths on this machine; the log shows the paths the user gave.
      s.mapPath(source, sourcePath);
      s.mapPath(destination, destPath);
      const split = ctx.params.SplitImageFilePattern ?? undefined;
      s.provider('DISM Imaging Provider', 'WIM image specified', 'CGenericImagingManager::CreateDismImage');
      s.debug(
        'DISM WIM Provider',
        `Export arguments: SourceImagePath=${sourcePath}, ${sourceIndex !== undefined ? `SourceIndex=${sourceIndex}` : `SourceName=${sourceName}`}, DestinationImagePath=${destPath}, ` +
          `DestinationName=${ctx.params.DestinationName ?? '(source name)'}, CompressionType=${compression ?? '(default)'}, CheckIntegrity=${sw(ctx, 'CheckIntegrity')}, ` +
          `Setbootable=${sw(ctx, 'Setbootable')}, WIMBoot=${sw(ctx, 'WIMBoot')}, Destination exists=${pathExists(destination)}`,
        'CWimManager::InternalCmdExport',
      );
      s.verbose(`Exporting image ${sourceIndex !== undefined ? `index ${sourceIndex}` : `"${sourceName}"`} of ${sourcePath} to ${destPath}`);
      const progress = progressReporter(ctx, 'Export-WindowsImage', (pct) => `Exporting image ${pct}%`);
      await exportImage({
        source,
        splitPattern: split !== undefined ? ctx.resolvePath(split) : undefined,
        sourceIndex,
        sourceName: sourceIndex === undefined ? sourceName : undefined,
        destination,
        destinationName: ctx.params.DestinationName ?? undefined,
        compression,
        checkIntegrity: sw(ctx, 'CheckIntegrity'),
        setBootable: sw(ctx, 'Setbootable'),
        wimBoot: sw(ctx, 'WIMBoot'),
        scratchDirectory: s.scratchDirectory !== undefined ? s.scratchPath() : undefined,
        log: (level, msg) => {
          // DISM's cmdlets print nothing of the engine's warnings (e.g. -CompressionType on an existing file, which
          // the documented rule ignores): they go to the log, as WIMGAPI's messages do.
          if (level === 'warning') s.provider('DISM WIM Provider', msg, 'CWimManager::InternalCmdExport', 'warning');
          else if (level === 'error') s.provider('DISM WIM Provider', msg, 'CWimManager::InternalCmdExport', 'error');
          else s.provider('DISM WIM Provider', msg, 'CWimManager::InternalCmdExport');
        },
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.complete();
      s.verbose(`The operation completed successfully.`);
      await ctx.writeObject(s.offlineImageObject({ ImagePath: destPath, Name: ctx.params.DestinationName ?? '' }));
    });
  },
});
