/* Out-File (Microsoft.PowerShell.Utility): sends output to a file. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { formatObjects } from '../../src/lang/format/format';
import { toStr } from '../../src/lang/types/convert';
import { sw, encodeText, ENCODINGS, displayFull, exists, held, holdInput } from '../_shared/common';
import { refuseWrite, windowsIoError } from '../../src/vfs/vfs-fs';

export const cmdlet = defineCmdlet({
  name: 'Out-File',
  className: 'Microsoft.PowerShell.Commands.OutFileCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'ByPath',
  parameters: [
    { name: 'FilePath', type: 'String', aliases: ['Path'], sets: { ByPath: { mandatory: true, position: 0 } }, description: 'The output file.' },
    { name: 'LiteralPath', type: 'String', aliases: ['PSPath', 'LP'], sets: { ByLiteralPath: { mandatory: true } }, description: 'The output file, no wildcards.' },
    { name: 'Encoding', type: 'String', position: 1, validateSet: ENCODINGS, description: 'The file encoding (default Unicode).' },
    { name: 'Append', type: 'SwitchParameter', description: 'Adds to the end of the file.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Overwrites read-only files.' },
    { name: 'NoClobber', type: 'SwitchParameter', aliases: ['NoOverwrite'], description: 'Does not overwrite an existing file.' },
    { name: 'Width', type: 'Int32', description: 'Characters per line.' },
    { name: 'NoNewline', type: 'SwitchParameter', description: 'No newlines between items.' },
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to write.' },
  ],
  supportsShouldProcess: true,
  help: { 'en-US': { synopsis: 'Sends output to a file.' } },
  process: holdInput(),
  async end(ctx) {
    const p = toStr(ctx.params.FilePath ?? ctx.params.LiteralPath);
    const target = ctx.resolvePath(p);
    if (sw(ctx, 'NoClobber') && exists(target)) {
      ctx.throwTerminating(ctx.error(`The file '${displayFull(ctx, p)}' already exists.`, 'NoClobber', 'ResourceExists', 'IOException', displayFull(ctx, p)));
    }
    if (!ctx.shouldProcess(displayFull(ctx, p), 'Output to File')) return;
    const items = held(ctx);
    let text = formatObjects(items).replace(/^\n/, '');
    if (sw(ctx, 'NoNewline')) text = items.map((x) => toStr(x)).join('');
    text = text.replace(/\r?\n/g, '\r\n');
    const enc = ctx.params.Encoding === undefined ? undefined : toStr(ctx.params.Encoding);
    try {
      // A read-only medium (a mounted ISO's drive) refuses before the host is asked: "The media is write protected."
      refuseWrite(target);
      if (sw(ctx, 'Append') && exists(target)) host().fs.appendFileSync(target, encodeText(text, enc, 'unicode').slice(enc === undefined || /unicode|utf8/i.test(enc) ? (/utf8/i.test(enc ?? '') ? 3 : 2) : 0));
      else host().fs.writeFileSync(target, encodeText(text, enc, 'unicode'));
    } catch (e) {
      // .NET's text for the failure (a directory: access denied; a missing directory: part of the path), never Node's.
      const io = windowsIoError(e, displayFull(ctx, p), target);
      if (!io) throw e;
      const rec = ctx.error(io.message, 'FileOpenFailure', 'OpenError', io.type, displayFull(ctx, p));
      rec.exception.fullName = io.fullName;
      ctx.throwTerminating(rec);
    }
  },
});
