/* Copy-Item (Microsoft.PowerShell.Management): copies an item from one location to another. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { forEachItemAndTarget, sw, itemObject, writeProtected, displayOf, fileSystemError } from '../_shared/common';
import { copyFile, listDirectory, pathExists, statPath } from '../../src/vfs/vfs-fs';

/** Copies a file or a tree; the source is read through the vfs (it may be a mounted disc image's drive). */
function copyTree(src: string, dst: string): void {
  const fs = host().fs;
  const st = statPath(src);
  if (st.isDirectory()) {
    fs.mkdirSync(dst, { recursive: true });
    for (const n of listDirectory(src)) copyTree(host().path.join(src, n), host().path.join(dst, n));
  } else copyFile(src, dst);
}

/** Whether two host paths name one item (the same path, or the same file through another name). */
function sameItem(a: string, b: string): boolean {
  if (host().path.resolve(a) === host().path.resolve(b)) return true;
  try {
    const x = statPath(a);
    const y = statPath(b);
    return x.ino !== 0 && x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
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
      if (sameItem(it.host, target)) {
        // The FileSystem provider refuses to copy an item onto itself (5.1's CopyError).
        const rec = ctx.error(`Cannot overwrite the item ${it.display} with itself.`, 'CopyError', 'WriteError', 'IOException', it.display);
        rec.exception.fullName = 'System.IO.IOException';
        ctx.writeError(rec);
        return;
      }
      try {
        if (isDir && !sw(ctx, 'Recurse')) fs.mkdirSync(target, { recursive: true });
        else copyTree(it.host, target);
      } catch (e) {
        // .NET names the path that failed: the destination when the source is there (a missing target directory).
        const failed = (e as { dest?: unknown }).dest !== undefined || pathExists(it.host) ? target : it.host;
        ctx.writeError(fileSystemError(ctx, e, displayOf(failed), failed, isDir ? 'CopyDirectoryInfoItem' : 'CopyFileInfoItem'));
        return;
      }
      if (sw(ctx, 'PassThru')) await ctx.writeObject(itemObject(target));
    });
  },
});
