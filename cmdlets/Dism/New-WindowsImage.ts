/*
 * New-WindowsImage: captures a directory of this machine into a new WIM (files, directories, symlinks as reparse
 * points, hard links, timestamps), as DISM /Capture-Image does. The file must not exist yet (use
 * Add-WindowsImage/Export-WindowsImage to add images to one that does).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { DismError, Win32, hresultFromWin32 } from '../../src/dism/errors';
import { DISM_SESSION_PARAMETERS, progressReporter, runDism } from './_dism';
import { sw } from '../_shared/common';
import { compressionArgument } from './_compression';
import { captureFilterArgument } from './_capture';

const CLASS = 'Microsoft.Dism.Commands.NewWindowsImageCommand';

export const cmdlet = defineCmdlet({
  name: 'New-WindowsImage',
  className: CLASS,
  module: 'Dism',
  outputType: ['Microsoft.Dism.Commands.OfflineImageObject'],
  parameters: [
    { name: 'CapturePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the directory to capture.' },
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the location of the new image file.' },
    { name: 'Name', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the name of the image.' },
    { name: 'Description', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the description of the image.' },
    { name: 'CompressionType', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the compression: "max" (LZX), "fast" (XPRESS, the default) or "none".' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Writes an integrity table into the new file.' },
    { name: 'Setbootable', type: 'SwitchParameter', aliases: ['SB'], valueFromPipelineByPropertyName: true, description: 'Marks the image as the bootable image of the file.' },
    { name: 'Verify', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Checks for errors and file duplication: each file is hashed again as it is written, and the image read back.' },
    { name: 'NoRpFix', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Accepted for compatibility: symlink targets are stored as they are.' },
    { name: 'WIMBoot', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Marks the image as a WIMBoot image (XPRESS with 4 KiB chunks unless -CompressionType says otherwise).' },
    { name: 'ConfigFilePath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the location of a configuration file (WimScript.ini) that lists exclusions for image capture and compress commands; without one, DISM\'s default exclusions apply.' },
    { name: 'SupportEa', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Enables capture of extended attributes (Linux files have none Windows knows: nothing to capture).' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Captures an image of a drive to a new WIM file.',
    examples: [{ title: 'Example 1', code: 'New-WindowsImage -CapturePath C:\\capture -ImagePath C:\\out\\custom.wim -Name "Custom" -CompressionType max', remarks: 'Captures the directory into a new LZX-compressed WIM.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'New-WindowsImage', CLASS, async (s) => {
      const { captureImage } = require('../../src/formats/wim/ops/capture') as typeof import('../../src/formats/wim/ops/capture');
      const imagePath = ctx.params.ImagePath!;
      const capturePath = ctx.params.CapturePath!;
      const compression = compressionArgument(ctx.params.CompressionType ?? undefined, 'New-WindowsImage');
      const dest = ctx.resolvePath(imagePath);
      if (host().fs.existsSync(dest)) throw new DismError(hresultFromWin32(Win32.FILE_EXISTS), 'argument');
      s.verbose(`Capturing ${capturePath} to ${imagePath}`);
      const filter = captureFilterArgument(ctx.params.ConfigFilePath ?? undefined, s, (p) => ctx.resolvePath(p));
      const progress = progressReporter(ctx, 'New-WindowsImage');
      await captureImage({
        filter,
        verify: sw(ctx, 'Verify'),
        wimBoot: sw(ctx, 'WIMBoot') || undefined,
        sourceDir: ctx.resolvePath(capturePath),
        imagePath: dest,
        name: ctx.params.Name!,
        description: ctx.params.Description ?? undefined,
        compression,
        checkIntegrity: sw(ctx, 'CheckIntegrity'),
        setBootable: sw(ctx, 'Setbootable'),
        log: (level, msg) => (level === 'info' ? s.info(msg) : s.warning(msg)),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.complete();
      await ctx.writeObject(s.offlineImageObject({ ImagePath: imagePath, Name: ctx.params.Name ?? undefined }));
    });
  },
});
