import type { CmdletDefinition } from '../src/lang/cmdlet';
import { host } from '../src/host/host';
import { toStr } from '../src/lang/convert';
import { strings, expandPath, pathNotFound, displayFull, sw, exists, itemObject } from './_common';

export const cmdlet: CmdletDefinition = {
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
  help: { synopsis: 'Moves an item from one location to another.' },
  async process(ctx) {
    const literal = ctx.params.LiteralPath !== undefined;
    const destRaw = ctx.params.Destination === undefined ? '.' : toStr(ctx.params.Destination);
    const dest = ctx.resolvePath(destRaw);
    const fs = host().fs;
    for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
      const items = expandPath(ctx, p, literal);
      if (!items.length) {
        ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) {
        const destIsDir = exists(dest) && fs.statSync(dest).isDirectory();
        const target = destIsDir ? host().path.join(dest, host().path.basename(it.host)) : dest;
        if (exists(target) && !sw(ctx, 'Force') && target !== it.host) {
          ctx.writeError(ctx.error('Cannot create a file when that file already exists.', 'MoveFileInfoItemIOError', 'WriteError', 'IOException', it.display));
          continue;
        }
        if (!ctx.shouldProcess(`Item: ${it.display} Destination: ${displayFull(ctx, destRaw)}`, 'Move File')) continue;
        if (exists(target) && target !== it.host) fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(it.host, target);
        if (sw(ctx, 'PassThru')) await ctx.writeObject(itemObject(target));
      }
    }
  },
};
