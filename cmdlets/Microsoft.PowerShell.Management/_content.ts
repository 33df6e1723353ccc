/* Set-Content and Add-Content: the same parameters; Add-Content appends. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';
import { strings, encodeText, exists, sw, displayFull, ENCODINGS, writeProtected, accessDenied, fileSystemError } from '../_shared/common';
import { statPath } from '../../src/vfs/vfs-fs';

/** The invocation's state: the lines, written to the file at the end. */
const lineSlot = (): string[] => [];

export function contentCmdlet(kind: 'Set' | 'Add') {
  return defineCmdlet({
    name: `${kind}-Content`,
    className: `Microsoft.PowerShell.Commands.${kind}ContentCommand`,
    module: 'Microsoft.PowerShell.Management',
    defaultParameterSetName: 'Path',
    supportsShouldProcess: true,
    parameters: [
      { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true } }, description: 'The files to write.' },
      { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Files without wildcards.' },
      { name: 'Value', allowNull: true, allowEmptyCollection: true, type: 'Object[]', mandatory: true, position: 1, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'The content.' },
      { name: 'Encoding', type: 'String', validateSet: ENCODINGS, description: 'The encoding (default: ANSI, written as UTF-8).' },
      { name: 'NoNewline', type: 'SwitchParameter', description: 'No newline after each value.' },
      { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the content.' },
      { name: 'Force', type: 'SwitchParameter', description: 'Writes read-only files.' },
    ],
    help: { 'en-US': { synopsis: kind === 'Set' ? 'Writes new content or replaces existing content in a file.' : 'Appends content to a file.' } },
    async begin(ctx) {
      ctx.state(lineSlot);
    },
    async process(ctx) {
      const v = ctx.params.Value;
      const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
      for (const x of items) ctx.state(lineSlot).push(toStr(x));
      if (sw(ctx, 'PassThru')) for (const x of items) await ctx.writeObject(x);
    },
    async end(ctx) {
      const lines = ctx.state(lineSlot);
      const text = sw(ctx, 'NoNewline') ? lines.join('') : lines.map((l) => l + '\r\n').join('');
      const enc = ctx.params.Encoding === undefined ? undefined : toStr(ctx.params.Encoding);
      for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
        const target = ctx.resolvePath(p);
        const display = displayFull(ctx, p);
        if (!ctx.shouldProcess(`Path: ${display}`, `${kind} Content`)) continue;
        if (writeProtected(ctx, target, display, `${kind}ContentIOError`)) continue;
        if (!exists(host().path.dirname(target))) {
          ctx.writeError(ctx.error(`Could not find a part of the path '${display}'.`, 'GetContentWriterDirectoryNotFoundError', 'ObjectNotFound', 'DirectoryNotFoundException', display));
          continue;
        }
        if (exists(target) && statPath(target).isDirectory()) {
          // A directory opened for writing: .NET's UnauthorizedAccessException, as 5.1 reports it.
          ctx.writeError(accessDenied(ctx, display, 'GetContentWriterUnauthorizedAccessError'));
          continue;
        }
        try {
          const append = kind === 'Add' && exists(target) && host().fs.statSync(target).size > 0;
          const data = encodeText(text, enc, 'default');
          if (append) host().fs.appendFileSync(target, enc && /unicode/i.test(enc) ? data.slice(2) : enc && /utf8/i.test(enc) ? data.slice(3) : data);
          else host().fs.writeFileSync(target, data);
        } catch (e) {
          ctx.writeError(fileSystemError(ctx, e, display, target, 'GetContentWriter', 'WriteError', true));
        }
      }
    },
  });
}
