/* Move-Item (Microsoft.PowerShell.Management): moves an item from one location to another. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { forEachItemAndTarget, sw, exists, itemObject, writeProtected, fileSystemError } from '../_shared/common';
import { statPath } from '../../src/vfs/vfs-fs';

export const cmdlet = defineCmdlet({
  name: 'Move-Item',
  className: 'Microsoft.PowerShell.Commands.MoveItemCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The items to move.' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Items without wildcards.' },
    { name: 'Destination', type: 'String', position: 1, valueFromPipelineByPropertyName: true, description: 'The new location.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Overwrites an existing destination.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the moved items.' },
    { name: 'Filter', type: 'String', description: 'A filter.' },
    { name: 'Include', type: 'String[]', description: 'Items to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Items to exclude.' },
  ],
  help: { 'en-US': { synopsis: 'Moves an item from one location to another.' } },
  async process(ctx) {
    const fs = host().fs;
    await forEachItemAndTarget(ctx, async (it, target, destDisplay) => {
      if (writeProtected(ctx, it.host, it.display, 'MoveFileInfoItemIOError') || writeProtected(ctx, target, destDisplay, 'MoveFileInfoItemIOError')) return;
      if (exists(target) && !sw(ctx, 'Force') && target !== it.host) {
        ctx.writeError(ctx.error('Cannot create a file when that file already exists.', 'MoveFileInfoItemIOError', 'WriteError', 'IOException', it.display));
        return;
      }
      if (!ctx.shouldProcess(`Item: ${it.display} Destination: ${destDisplay}`, 'Move File')) return;
      const op = statPath(it.host).isDirectory() ? 'MoveDirectoryItem' : 'MoveFileInfoItem';
      try {
        if (exists(target) && target !== it.host) fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(it.host, target);
      } catch (e) {
        const rec = fileSystemError(ctx, e, it.display, it.host, op);
        // .NET's File.Move and Directory.Move name no path when the target's directory is missing.
        if (rec.exception.typeName === 'DirectoryNotFoundException' || rec.exception.typeName === 'FileNotFoundException') {
          rec.exception = { ...rec.exception, typeName: 'DirectoryNotFoundException', fullName: 'System.IO.DirectoryNotFoundException', message: 'Could not find a part of the path.' };
        }
        ctx.writeError(rec);
        return;
      }
      if (sw(ctx, 'PassThru')) await ctx.writeObject(itemObject(target));
    });
  },
});
