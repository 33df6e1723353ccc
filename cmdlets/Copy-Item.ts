import type { CmdletDefinition } from '../src/lang/cmdlet';
import { host } from '../src/host/host';
import { toStr } from '../src/lang/convert';
import { strings, expandPath, pathNotFound, displayFull, sw, exists, itemObject } from './_common';

function copyTree(src: string, dst: string): void {
  const fs = host().fs;
  const st = fs.statSync(src);
  if (st.isDirectory()) {
    fs.mkdirSync(dst, { recursive: true });
    for (const n of fs.readdirSync(src)) copyTree(host().path.join(src, n), host().path.join(dst, n));
  } else fs.copyFileSync(src, dst);
}

export const cmdlet: CmdletDefinition = {
  name: 'Copy-Item',
  className: 'Microsoft.PowerShell.Commands.CopyItemCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The items to copy.' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Items without wildcards.' },
    { name: 'Destination', type: 'String', position: 1, valueFromPipelineByPropertyName: true, description: 'Where to copy to.' },
    { name: 'Recurse', type: 'SwitchParameter', description: 'Copies directory contents.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Overwrites read-only items.' },
    { name: 'Container', type: 'SwitchParameter', description: 'Keeps container objects.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the copies.' },
    { name: 'Filter', type: 'String', description: 'A filter.' },
    { name: 'Include', type: 'String[]', description: 'Items to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Items to exclude.' },
  ],
  help: { synopsis: 'Copies an item from one location to another.' },
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
        const name = host().path.basename(it.host);
        const destIsDir = exists(dest) && fs.statSync(dest).isDirectory();
        const target = destIsDir ? host().path.join(dest, name) : dest;
        if (!ctx.shouldProcess(`Item: ${it.display} Destination: ${displayFull(ctx, destRaw)}`, 'Copy File')) continue;
        const isDir = fs.statSync(it.host).isDirectory();
        if (isDir && !sw(ctx, 'Recurse')) fs.mkdirSync(target, { recursive: true });
        else copyTree(it.host, target);
        if (sw(ctx, 'PassThru')) await ctx.writeObject(itemObject(target));
      }
    }
  },
};
