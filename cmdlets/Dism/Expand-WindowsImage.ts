/*
 * Expand-WindowsImage: applies one image of a WIM/ESD/split set to a directory (files, directories, hard links,
 * symlinks/junctions, timestamps), every blob's SHA-1 checked as it streams. -CheckIntegrity verifies the file's
 * integrity table before anything is written.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { DismError, Win32, hresultFromWin32 } from '../../src/dism/errors';
import { DISM_SESSION_PARAMETERS, progressReporter, runDism } from './_dism';
import { sw } from '../_shared/common';
import { statPath } from '../../src/vfs/vfs-fs';
import { imageIndexCompleter, imageNameCompleter } from './_completers';

const CLASS = 'Microsoft.Dism.Commands.ExpandWindowsImageCommand';

export const cmdlet = defineCmdlet({
  name: 'Expand-WindowsImage',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: 'InputByFilePathAndIndex',
  outputType: ['Microsoft.Dism.Commands.OfflineImageObject'],
  parameters: [
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the location of the WIM, ESD or split (.swm) file.' },
    { name: 'ApplyPath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the directory to apply the image to (it must exist).' },
    { name: 'Index', argumentCompleter: imageIndexCompleter('ImagePath'), type: 'UInt32', sets: { InputByFilePathAndIndex: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the index of the image to apply.' },
    { name: 'Name', argumentCompleter: imageNameCompleter('ImagePath'), type: 'String', sets: { InputByFilePathAndName: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the name of the image to apply.' },
    { name: 'SplitImageFilePattern', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the location and name pattern of the parts of a split image.' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Stops before writing anything when the file does not match its integrity table.' },
    { name: 'ConfirmTrustedFile', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Validates the image for Trusted Desktop (Windows only: accepted, nothing to do here).' },
    { name: 'NoRpFix', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Disables the reparse point tag fix (symlink targets are applied as they are stored).' },
    { name: 'Verify', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Checks each file against its SHA-1 as it is written (wimsh always does): a corrupt file stops the apply.' },
    { name: 'WIMBoot', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Applies with WIMBoot pointer files (an NTFS feature: here the files are applied whole).' },
    { name: 'Compact', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Applies the files compressed with NTFS compact compression (an NTFS feature: here they are applied uncompressed).' },
    { name: 'SupportEa', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Enables applying extended attributes (the image\'s Windows extended attributes have no place on this file system).' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Applies an image to a specified location.',
    description: ['Applies one image of a .wim, .esd or split .swm file to a directory.'],
    examples: [{ title: 'Example 1: Apply an image', code: 'Expand-WindowsImage -ImagePath c:\\imagestore\\custom.wim -ApplyPath d:\\ -Index 1', remarks: 'Applies the first image of custom.wim to d:\\.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Expand-WindowsImage', CLASS, async (s) => {
      const wimApi = require('../../src/formats/wim/index') as typeof import('../../src/formats/wim/index');
      const imagePath = ctx.params.ImagePath!;
      const applyPath = ctx.params.ApplyPath!;
      const target = ctx.resolvePath(applyPath);
      let isDir = false;
      try {
        isDir = statPath(target).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw new DismError(hresultFromWin32(Win32.PATH_NOT_FOUND));
      const split = ctx.params.SplitImageFilePattern ?? undefined;
      const wim = wimApi.openWim(ctx.resolvePath(imagePath), {
        splitPattern: split !== undefined ? ctx.resolvePath(split) : undefined,
        checkIntegrity: sw(ctx, 'CheckIntegrity'),
        onWarning: (m) => s.warning(m),
      });
      try {
        const index = wimApi.resolveImage(wim, { index: ctx.params.Index, name: ctx.params.Name ?? undefined });
        s.verbose(`Applying image ${index} of ${imagePath} to ${applyPath}`);
        // NTFS-only ways of laying the files down: the files are applied whole; the log says so.
        for (const name of ['Compact', 'WIMBoot'] as const) {
          if (sw(ctx, name)) s.provider('DISM WIM Provider', `-${name} needs NTFS (WOF): the files are applied uncompressed.`, 'CWimManager::Apply', 'warning');
        }
        const progress = progressReporter(ctx, 'Expand-WindowsImage');
        const r = wimApi.applyImage(wim, index, target, {
          onWarning: (m) => s.warning(m),
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.complete();
        s.provider('DISM WIM Provider', `Applied ${r.files} files and ${r.directories} directories.`, 'CWimManager::Apply');
        await ctx.writeObject(s.offlineImageObject({ Path: applyPath }));
      } finally {
        wim.close();
      }
    });
  },
});
