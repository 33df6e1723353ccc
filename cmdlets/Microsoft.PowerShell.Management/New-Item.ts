/* New-Item (Microsoft.PowerShell.Management): creates a new item. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';
import { strings, sw, displayFull, itemObject, exists, writeProtected, fileSystemError } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'New-Item',
  className: 'Microsoft.PowerShell.Commands.NewItemCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'pathSet',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String[]', sets: { pathSet: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true }, nameSet: { position: 0, valueFromPipelineByPropertyName: true } }, description: 'Where to create the item.' },
    { name: 'Name', type: 'String', sets: { nameSet: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'The item name (with -Path as its parent).' },
    { name: 'ItemType', type: 'String', aliases: ['Type'], valueFromPipelineByPropertyName: true, description: 'File, Directory, SymbolicLink, HardLink.' },
    { name: 'Value', type: 'Object', aliases: ['Target'], valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'Content of a new file, or a link target.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Overwrites an existing file; creates missing parents.' },
    { name: 'Credential', type: 'Object', description: 'Not used.' },
  ],
  help: { 'en-US': { synopsis: 'Creates a new item.', examples: [{ title: 'A directory', code: 'New-Item -ItemType Directory -Path C:\\out -Force | Out-Null' }] } },
  async process(ctx) {
    const type = (ctx.params.ItemType === undefined ? 'File' : toStr(ctx.params.ItemType)).toLowerCase();
    const paths = strings(ctx.params.Path);
    if (!paths.length) paths.push('.');
    const fs = host().fs;
    for (const base of paths) {
      const p = ctx.params.Name !== undefined ? base.replace(/[\\/]+$/, '') + '\\' + toStr(ctx.params.Name) : base;
      const target = ctx.resolvePath(p);
      const display = displayFull(ctx, p);
      if (!ctx.shouldProcess(`Destination: ${display}`, type.startsWith('d') ? 'Create Directory' : 'Create File')) continue;
      if (writeProtected(ctx, target, display, 'NewItemIOError')) continue;
      if (type === 'directory' || type === 'container' || type === 'd') {
        if (exists(target)) {
          if (!sw(ctx, 'Force')) {
            ctx.writeError(ctx.error(`An item with the specified name ${display} already exists.`, 'DirectoryExist', 'ResourceExists', 'IOException', display));
            continue;
          }
        } else {
          try {
            fs.mkdirSync(target, { recursive: true });
          } catch (e) {
            ctx.writeError(fileSystemError(ctx, e, display, target, 'NewItem'));
            continue;
          }
        }
        await ctx.writeObject(itemObject(target, display));
        continue;
      }
      if (type === 'file' || type === 'leaf' || type === 'f') {
        if (exists(target) && !sw(ctx, 'Force')) {
          ctx.writeError(ctx.error(`The file '${display}' already exists.`, 'NewItemIOError', 'WriteError', 'IOException', display));
          continue;
        }
        const parent = host().path.dirname(target);
        if (!exists(parent)) {
          if (sw(ctx, 'Force')) fs.mkdirSync(parent, { recursive: true });
          else {
            ctx.writeError(ctx.error(`Could not find a part of the path '${display}'.`, 'NewItemIOError', 'WriteError', 'DirectoryNotFoundException', display));
            continue;
          }
        }
        try {
          fs.writeFileSync(target, ctx.params.Value === undefined ? '' : toStr(ctx.params.Value));
        } catch (e) {
          // Under a file (ENOTDIR) or a denied directory: .NET's text, as 5.1's NewItemIOError shows it.
          ctx.writeError(fileSystemError(ctx, e, display, target, 'NewItem'));
          continue;
        }
        await ctx.writeObject(itemObject(target, display));
        continue;
      }
      if (type === 'symboliclink' || type === 'hardlink') {
        const t = ctx.resolvePath(toStr(ctx.params.Value));
        if (type === 'hardlink') fs.linkSync(t, target);
        else fs.symlinkSync(t, target);
        await ctx.writeObject(itemObject(target, display));
        continue;
      }
      ctx.writeError(ctx.error(`The provider does not support the specified item type "${toStr(ctx.params.ItemType)}".`, 'NotSupported', 'InvalidArgument', 'NotSupportedException'));
    }
  },
});
