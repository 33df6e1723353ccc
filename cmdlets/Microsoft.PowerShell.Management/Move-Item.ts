/* Move-Item (Microsoft.PowerShell.Management): moves an item from one location to another. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { forEachItemAndTarget, sw, exists, itemObject, writeProtected } from '../_shared/common';

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
      if (exists(target) && target !== it.host) fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(it.host, target);
      if (sw(ctx, 'PassThru')) await ctx.writeObject(itemObject(target));
    });
  },
});
