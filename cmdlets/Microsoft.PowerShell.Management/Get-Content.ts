/* Get-Content (Microsoft.PowerShell.Management): gets the content of the item at the specified location. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { strings, expandPath, pathNotFound, displayFull, readText, sw, accessDenied, fileSystemError } from '../_shared/common';
import { statPath } from '../../src/vfs/vfs-fs';

export const cmdlet = defineCmdlet({
  name: 'Get-Content',
  className: 'Microsoft.PowerShell.Commands.GetContentCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true } }, description: 'The files to read.' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Files without wildcards.' },
    { name: 'TotalCount', type: 'Int64', aliases: ['First', 'Head'], description: 'Only the first N lines.' },
    { name: 'Tail', type: 'Int32', aliases: ['Last'], description: 'Only the last N lines.' },
    { name: 'Raw', type: 'SwitchParameter', description: 'The whole file as one string.' },
    { name: 'Encoding', type: 'String', description: 'The encoding.' },
    { name: 'ReadCount', type: 'Int64', description: 'Lines per output object.' },
    { name: 'Delimiter', type: 'String', description: 'The line delimiter.' },
    { name: 'Wait', type: 'SwitchParameter', description: 'Keeps reading (not supported without a console).' },
    { name: 'Force', type: 'SwitchParameter', description: 'Reads hidden files.' },
  ],
  help: { 'en-US': { synopsis: 'Gets the content of the item at the specified location.' } },
  async process(ctx) {
    const literal = ctx.params.LiteralPath !== undefined;
    for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
      const items = expandPath(ctx, p, literal);
      if (!items.length) {
        ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) {
        // A directory opened as a file: .NET's UnauthorizedAccessException, as 5.1 reports it.
        if (statPath(it.host).isDirectory()) {
          ctx.writeError(accessDenied(ctx, it.display, 'GetContentReaderUnauthorizedAccessError'));
          continue;
        }
        let text: string;
        try {
          text = readText(it.host);
        } catch (e) {
          ctx.writeError(fileSystemError(ctx, e, it.display, it.host, 'GetContentReader', 'ReadError'));
          continue;
        }
        if (sw(ctx, 'Raw')) {
          await ctx.writeObject(text);
          continue;
        }
        const delim = ctx.params.Delimiter === undefined ? undefined : String(ctx.params.Delimiter);
        let lines = delim ? text.split(delim) : text.split(/\r?\n/);
        if (lines.length && lines[lines.length - 1] === '') lines.pop();
        if (ctx.params.TotalCount !== undefined && ctx.params.TotalCount >= 0) lines = lines.slice(0, ctx.params.TotalCount);
        if (ctx.params.Tail !== undefined) lines = lines.slice(-ctx.params.Tail);
        for (const l of lines) await ctx.writeObject(l);
      }
    }
  },
});
