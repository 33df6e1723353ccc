/* Get-Item (Microsoft.PowerShell.Management): gets the item at the specified location. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { strings, expandPath, pathNotFound, displayFull, itemObject } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Get-Item',
  className: 'Microsoft.PowerShell.Commands.GetItemCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The items to get (wildcards allowed).' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Paths without wildcards.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Includes hidden items.' },
    { name: 'Filter', type: 'String', description: 'A filter.' },
    { name: 'Include', type: 'String[]', description: 'Items to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Items to exclude.' },
    { name: 'Stream', type: 'String[]', description: 'Alternate data streams (not on this file system).' },
  ],
  help: { 'en-US': { synopsis: 'Gets the item at the specified location.' } },
  async process(ctx) {
    const literal = ctx.params.LiteralPath !== undefined;
    for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
      const items = expandPath(ctx, p, literal);
      if (!items.length) {
        if (!/[*?[]/.test(p) || literal) ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) await ctx.writeObject(itemObject(it.host, it.display));
    }
  },
});
