/* Copy-Item (Microsoft.PowerShell.Management): copies an item from one location to another. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { forEachItemAndTarget, sw, itemObject, writeProtected } from '../_shared/common';
import { copyFile, listDirectory, statPath } from '../../src/vfs/vfs-fs';

/** Copies a file or a tree; the source is read through the vfs (it may be a mounted disc image's drive). */
function copyTree(src: string, dst: string): void {
  const fs = host().fs;
  const st = statPath(src);
  if (st.isDirectory()) {
    fs.mkdirSync(dst, { recursive: true });
    for (const n of listDirectory(src)) copyTree(host().path.join(src, n), host().path.join(dst, n));
  } else copyFile(src, dst);
}

export const cmdlet = defineCmdlet({
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
  help: { 'en-US': { synopsis: 'Copies an item from one location to another.' } },
  async process(ctx) {
    const fs = host().fs;
    await forEachItemAndTarget(ctx, async (it, target, destDisplay) => {
      if (!ctx.shouldProcess(`Item: ${it.display} Destination: ${destDisplay}`, 'Copy File')) return;
      const isDir = statPath(it.host).isDirectory();
      if (writeProtected(ctx, target, destDisplay, isDir ? 'CopyDirectoryInfoItemIOError' : 'CopyFileInfoItemIOError')) return;
      if (isDir && !sw(ctx, 'Recurse')) fs.mkdirSync(target, { recursive: true });
      else copyTree(it.host, target);
      if (sw(ctx, 'PassThru')) await ctx.writeObject(itemObject(target));
    });
  },
});
