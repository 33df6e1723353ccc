/* Rename-Item (Microsoft.PowerShell.Management): renames an item. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';
import { pathNotFound, displayFull, sw, exists, itemObject, writeProtected, fileSystemError } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Rename-Item',
  className: 'Microsoft.PowerShell.Commands.RenameItemCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'ByPath',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String', sets: { ByPath: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The item to rename.' },
    { name: 'LiteralPath', type: 'String', aliases: ['PSPath', 'LP'], sets: { ByLiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'The item, no wildcards.' },
    { name: 'NewName', type: 'String', mandatory: true, position: 1, valueFromPipelineByPropertyName: true, description: 'The new name (a name, not a path).' },
    { name: 'Force', type: 'SwitchParameter', description: 'Renames read-only items.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the renamed item.' },
  ],
  help: { 'en-US': { synopsis: 'Renames an item.' } },
  async process(ctx) {
    const p = toStr(ctx.params.Path ?? ctx.params.LiteralPath);
    const src = ctx.resolvePath(p);
    if (!exists(src)) {
      ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
      return;
    }
    if (writeProtected(ctx, src, displayFull(ctx, p), 'RenameItemIOError')) return;
    const newName = toStr(ctx.params.NewName).replace(/^.*[\\/]/, '');
    const target = host().path.join(host().path.dirname(src), newName);
    if (exists(target)) {
      ctx.writeError(ctx.error('Cannot create a file when that file already exists.', 'RenameItemIOError', 'WriteError', 'IOException', displayFull(ctx, p)));
      return;
    }
    if (!ctx.shouldProcess(`Item: ${displayFull(ctx, p)} Destination: ${newName}`, 'Rename Item')) return;
    try {
      host().fs.renameSync(src, target);
    } catch (e) {
      ctx.writeError(fileSystemError(ctx, e, displayFull(ctx, p), src, 'RenameItem'));
      return;
    }
    if (sw(ctx, 'PassThru')) await ctx.writeObject(itemObject(target));
  },
});
