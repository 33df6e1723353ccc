/*
 * Split-WindowsImage: splits a .wim file into read-only .swm parts of at most -FileSize MB each (a single file
 * larger than that makes its part larger), named as DISM names them: C:\x\split.swm, split2.swm, split3.swm...
 * Metadata from the Dism module's reference page (../shared/reference/dism/Split-WindowsImage.md). The work is
 * src/formats/wim/ops/split.ts's (a solid .esd-style install.wim is written into non-solid parts).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { pathExists } from '../../src/vfs/vfs-fs';
import { DismError, Win32, hresultFromWin32 } from '../../src/dism/errors';
import { DISM_SESSION_PARAMETERS, progressReporter, runDism } from './_dism';
import { sw } from '../_shared/common';

const CLASS = 'Microsoft.Dism.Commands.SplitWindowsImageCommand';
/** DISM's megabyte. */
const MB = 1024 * 1024;

export const cmdlet = defineCmdlet({
  name: 'Split-WindowsImage',
  className: CLASS,
  module: 'Dism',
  outputType: ['Microsoft.Dism.Commands.OfflineImageObject'],
  parameters: [
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the location of a WIM file.' },
    { name: 'SplitImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the location and name of the first split image file (.swm); the others get an appended number.' },
    { name: 'FileSize', type: 'UInt64', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the maximum size in megabytes (MB) for each created .swm file.' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Stops before writing anything when the .wim file does not match its integrity table, and writes one into each part.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Splits an existing .wim file into multiple read-only split .wim files.',
    description: [
      'The Split-WindowsImage cmdlet creates the .swm files in the specified directory, naming each file the same as the specified path_to_swm, but with an appended number. For example, if you set path_to_swm as c:\\Data.swm, this option creates a Data.swm file, a Data2.swm file, a Data3.swm file, and so on.',
      'If a single file is larger than the value specified in the FileSize parameter, one of the split .swm files that results will be larger than the value specified in the FileSize parameter, in order to accommodate the large file.',
    ],
    examples: [{
      title: 'Example 1: Split a .wim file',
      code: 'Split-WindowsImage -ImagePath "c:\\imagestore\\install.wim" -SplitImagePath "c:\\imagestore\\splitfiles\\split.swm" -FileSize 1024 -CheckIntegrity',
      remarks: 'Creates split.swm, split2.swm, split3.swm and so on, each at most 1024 MB, in c:\\imagestore\\splitfiles.',
    }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Split-WindowsImage', CLASS, async (s) => {
      const { splitWim } = require('../../src/formats/wim/ops/split') as typeof import('../../src/formats/wim/ops/split');
      const imagePath = ctx.params.ImagePath!;
      const splitPath = ctx.params.SplitImagePath!;
      const fileSize = Number(ctx.params.FileSize ?? 0);
      if (!(fileSize > 0)) throw new DismError(hresultFromWin32(Win32.INVALID_PARAMETER), 'argument');
      const source = ctx.resolvePath(imagePath);
      if (!pathExists(source)) throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
      const first = ctx.resolvePath(splitPath);
      if (host().fs.existsSync(first)) throw new DismError(hresultFromWin32(Win32.FILE_EXISTS));
      s.mapPath(source, imagePath);
      s.mapPath(first, splitPath);
      s.verbose(`Splitting ${imagePath} into ${splitPath} parts of at most ${fileSize} MB`);
      const progress = progressReporter(ctx, 'Split-WindowsImage');
      const r = await splitWim({
        source,
        firstPart: first,
        partSize: fileSize * MB,
        checkIntegrity: sw(ctx, 'CheckIntegrity'),
        log: (level, msg) => s.provider('DISM WIM Provider', msg, 'CWimManager::InternalCmdSplit', level),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.complete();
      s.provider('DISM WIM Provider', `Split into ${r.parts.length} parts.`, 'CWimManager::InternalCmdSplit');
      await ctx.writeObject(s.offlineImageObject({ ImagePath: imagePath }));
    });
  },
});
