/*
 * Add-WindowsImage: captures a directory into a new image appended to an existing .wim file; a file the WIM holds
 * already (in any of its images) is stored once, only referenced again. Metadata from the Dism module's reference
 * page (../shared/reference/dism/Add-WindowsImage.md); the work is src/formats/wim/ops/capture.ts's (append), the
 * configuration list (-ConfigFilePath) src/dism/wimscript.ts's.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { pathExists } from '../../src/vfs/vfs-fs';
import { DismError, Win32, hresultFromWin32 } from '../../src/dism/errors';
import { DISM_SESSION_PARAMETERS, progressReporter, runDism } from './_dism';
import { sw } from '../_shared/common';
import { CAPTURE_PARAMETERS, captureFilterArgument } from './_capture';

const CLASS = 'Microsoft.Dism.Commands.AddWindowsImageCommand';

export const cmdlet = defineCmdlet({
  name: 'Add-WindowsImage',
  className: CLASS,
  module: 'Dism',
  outputType: ['Microsoft.Dism.Commands.OfflineImageObject'],
  parameters: [
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the location of an existing WIM file to add the image to.' },
    { name: 'CapturePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the directory to capture.' },
    { name: 'Description', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the description of the image.' },
    { name: 'Name', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the name of the image (it must not be the name of an image of the file).' },
    { name: 'Setbootable', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Marks the new image as the bootable image of the file.' },
    ...CAPTURE_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Adds an additional image to an existing image (.wim) file.',
    description: [
      'The Add-WindowsImage cmdlet captures the files of a directory into a new image and appends it to an existing .wim file. Files the .wim file holds already are stored once. The file keeps its compression type.',
    ],
    examples: [{
      title: 'Example 1: Add an image to a .wim file',
      code: 'Add-WindowsImage -ImagePath c:\\imagestore\\custom.wim -CapturePath d:\\ -Name "Drive D"',
      remarks: 'Captures the files of d:\\ as the image "Drive D", added to c:\\imagestore\\custom.wim.',
    }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Add-WindowsImage', CLASS, async (s) => {
      const { captureImage } = require('../../src/formats/wim/ops/capture') as typeof import('../../src/formats/wim/ops/capture');
      const imagePath = ctx.params.ImagePath!;
      const capturePath = ctx.params.CapturePath!;
      const file = ctx.resolvePath(imagePath);
      if (!pathExists(file)) throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
      s.mapPath(file, imagePath);
      const filter = captureFilterArgument(ctx.params.ConfigFilePath ?? undefined, s, (p) => ctx.resolvePath(p));
      s.verbose(`Capturing ${capturePath} into a new image of ${imagePath}`);
      const progress = progressReporter(ctx, 'Add-WindowsImage');
      const r = await captureImage({
        sourceDir: ctx.resolvePath(capturePath),
        imagePath: file,
        append: true,
        name: ctx.params.Name!,
        description: ctx.params.Description ?? undefined,
        filter,
        verify: sw(ctx, 'Verify'),
        wimBoot: sw(ctx, 'WIMBoot') || undefined,
        // Without -CheckIntegrity an integrity table the file has is kept up to date, not dropped.
        checkIntegrity: sw(ctx, 'CheckIntegrity') || undefined,
        setBootable: sw(ctx, 'Setbootable'),
        log: (level, msg) => s.provider('DISM WIM Provider', msg, 'CWimManager::InternalCmdAppend', level),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.complete();
      s.provider('DISM WIM Provider', `Added image ${r.imageIndex}: ${r.fileCount} files, ${r.bytesWritten} bytes of new file data.`, 'CWimManager::InternalCmdAppend');
      await ctx.writeObject(s.offlineImageObject({ ImagePath: imagePath, Name: ctx.params.Name ?? undefined }));
    });
  },
});
