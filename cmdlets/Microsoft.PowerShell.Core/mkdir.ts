/* mkdir (Microsoft.PowerShell.Core): creates a directory (New-Item -ItemType Directory). */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { strings, displayFull, itemObject, exists } from '../_shared/common';

// In Windows PowerShell mkdir is a function over New-Item -ItemType Directory; here it is a command of its own.
export const cmdlet = defineCmdlet({
  name: 'mkdir',
  className: 'mkdir',
  module: 'Microsoft.PowerShell.Management',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String[]', position: 0, mandatory: true, valueFromPipelineByPropertyName: true, description: 'The directories to create.' },
    { name: 'Name', type: 'String', valueFromPipelineByPropertyName: true, description: 'A name under -Path.' },
    { name: 'Value', type: 'Object', valueFromPipeline: true, description: 'Not used for directories.' },
    { name: 'Force', type: 'SwitchParameter', description: 'No error when the directory exists.' },
  ],
  help: { 'en-US': { synopsis: 'Creates a directory (New-Item -ItemType Directory).' } },
  async process(ctx) {
    for (const base of strings(ctx.params.Path)) {
      const p = ctx.params.Name !== undefined ? base.replace(/[\\/]+$/, '') + '\\' + String(ctx.params.Name) : base;
      const target = ctx.resolvePath(p);
      const display = displayFull(ctx, p);
      if (exists(target) && !ctx.params.Force?.isPresent) {
        ctx.writeError(ctx.error(`An item with the specified name ${display} already exists.`, 'DirectoryExist,Microsoft.PowerShell.Commands.NewItemCommand', 'ResourceExists', 'IOException', display));
        continue;
      }
      if (!ctx.shouldProcess(`Destination: ${display}`, 'Create Directory')) continue;
      host().fs.mkdirSync(target, { recursive: true });
      await ctx.writeObject(itemObject(target, display));
    }
  },
});
