/*
 * Remove-WindowsImage: deletes one image (by index or name) from a .wim file that holds several; the images after
 * it move down one index, and so does the boot index. The file is rewritten without the data only that image used
 * (src/formats/wim/ops/delete.ts), and stays as it was when anything fails. Metadata from the Dism module's
 * reference page (../shared/reference/dism/Remove-WindowsImage.md).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { pathExists } from '../../src/vfs/vfs-fs';
import { DismError, Win32, hresultFromWin32 } from '../../src/dism/errors';
import { DISM_SESSION_PARAMETERS, progressReporter, runDism } from './_dism';
import { sw } from '../_shared/common';
import { imageIndexCompleter, imageNameCompleter } from './_completers';

const CLASS = 'Microsoft.Dism.Commands.RemoveWindowsImageCommand';
const BY_INDEX = 'InputByFilePathAndIndex';
const BY_NAME = 'InputByFilePathAndName';

export const cmdlet = defineCmdlet({
  name: 'Remove-WindowsImage',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: BY_INDEX,
  // The reference page's output type; what it writes is the OfflineImageObject every image-file command returns
  // (the console shows its LogPath), as the page gives no shape for an ImageObject of a file.
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the location of a WIM file.' },
    { name: 'Index', argumentCompleter: imageIndexCompleter('ImagePath'), type: 'UInt32', sets: { [BY_INDEX]: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the index number of the image to remove.' },
    { name: 'Name', argumentCompleter: imageNameCompleter('ImagePath'), type: 'String', sets: { [BY_NAME]: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the name of the image to remove.' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Stops when the .wim file does not match its integrity table, and writes a new one.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Deletes the specified volume image from a WIM file that has multiple volume images.',
    description: [
      'The Remove-WindowsImage cmdlet deletes the specified volume image from a WIM file that has multiple volume images. The images after it are renumbered. The last image of a file cannot be removed.',
    ],
    examples: [{
      title: 'Example 1: Remove an image',
      code: 'Remove-WindowsImage -ImagePath c:\\imagestore\\custom.wim -Index 1 -CheckIntegrity',
      remarks: 'Removes the first image in c:\\imagestore\\custom.wim.',
    }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Remove-WindowsImage', CLASS, async (s) => {
      const { deleteImage } = require('../../src/formats/wim/ops/delete') as typeof import('../../src/formats/wim/ops/delete');
      const imagePath = ctx.params.ImagePath!;
      const file = ctx.resolvePath(imagePath);
      if (!pathExists(file)) throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
      s.mapPath(file, imagePath);
      const index = ctx.params.Index;
      const name = ctx.params.Name ?? undefined;
      s.verbose(`Removing image ${index !== undefined ? `index ${index}` : `"${name}"`} from ${imagePath}`);
      const progress = progressReporter(ctx, 'Remove-WindowsImage');
      const r = await deleteImage({
        imagePath: file,
        index,
        name: index === undefined ? name : undefined,
        // Without -CheckIntegrity an integrity table the file has is rebuilt, not dropped.
        checkIntegrity: sw(ctx, 'CheckIntegrity') || undefined,
        log: (level, msg) => s.provider('DISM WIM Provider', msg, 'CWimManager::InternalCmdDelete', level),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.complete();
      s.provider('DISM WIM Provider', `Removed image ${r.deletedIndex}; ${r.imageCount} images are left.`, 'CWimManager::InternalCmdDelete');
      await ctx.writeObject(s.offlineImageObject({ ImagePath: imagePath }));
    });
  },
});
