/* Remove-Item (Microsoft.PowerShell.Management): deletes the specified items. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { strings, expandPath, pathNotFound, displayFull, sw, pathOfInput, writeProtected, fileSystemError } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Remove-Item',
  className: 'Microsoft.PowerShell.Commands.RemoveItemCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The items to remove (wildcards allowed).' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP', 'FullName'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Items without wildcards.' },
    { name: 'Recurse', type: 'SwitchParameter', description: 'Removes the contents of directories too.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Removes read-only and hidden items.' },
    { name: 'Filter', type: 'String', description: 'A filter.' },
    { name: 'Include', type: 'String[]', description: 'Items to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Items to exclude.' },
    { name: 'Credential', type: 'Object', description: 'Not used.' },
    { name: 'Stream', type: 'String[]', description: 'Alternate data streams (not on this file system).' },
  ],
  help: { 'en-US': { synopsis: 'Deletes the specified items.', examples: [{ title: 'Delete the target first', code: 'Remove-Item C:\\out\\install.wim -Force -ErrorAction SilentlyContinue' }] } },
  async process(ctx) {
    const literal = ctx.params.LiteralPath !== undefined;
    const paths = strings(ctx.params.Path ?? ctx.params.LiteralPath).map((p) => pathOfInput(p) ?? p);
    const fs = host().fs;
    for (const p of paths) {
      const items = expandPath(ctx, p, literal);
      if (!items.length) {
        if (!/[*?[]/.test(p) || literal) ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) {
        if (writeProtected(ctx, it.host, it.display, 'RemoveFileSystemItemIOError')) continue;
        if (!ctx.shouldProcess(it.display, fs.statSync(it.host).isDirectory() ? 'Remove Directory' : 'Remove File')) continue;
        const st = fs.lstatSync(it.host);
        if (st.isDirectory()) {
          const empty = fs.readdirSync(it.host).length === 0;
          if (!empty && !sw(ctx, 'Recurse')) {
            // Without -Recurse a non-interactive host cannot confirm removing a non-empty directory.
            ctx.writeError(
              ctx.error(
                `The item at ${it.display} has children and the Recurse parameter was not specified. If you continue, all children will be removed with the item. Are you sure you want to continue?`,
                'RemoveItemUnauthorizedAccessError',
                'InvalidOperation',
                'PSInvalidOperationException',
                it.display,
              ),
            );
            continue;
          }
          try {
            fs.rmSync(it.host, { recursive: true, force: true });
          } catch (e) {
            const rec = fileSystemError(ctx, e, it.display, it.host, 'RemoveFileSystemItem');
            rec.detailsMessage = `Cannot remove item ${it.display}: ${rec.exception.message}`;
            ctx.writeError(rec);
          }
        } else {
          try {
            fs.unlinkSync(it.host);
          } catch (e) {
            // 5.1: `Cannot remove item C:\x: <.NET's text>`, the provider's RemoveFileSystemItem ids.
            const rec = fileSystemError(ctx, e, it.display, it.host, 'RemoveFileSystemItem');
            rec.detailsMessage = `Cannot remove item ${it.display}: ${rec.exception.message}`;
            if (rec.exception.typeName === 'UnauthorizedAccessException') rec.fullyQualifiedErrorId = rec.fullyQualifiedErrorId.replace('RemoveFileSystemItemUnauthorizedAccessError', 'RemoveFileSystemItemUnAuthorizedAccess');
            ctx.writeError(rec);
          }
        }
      }
    }
  },
});
