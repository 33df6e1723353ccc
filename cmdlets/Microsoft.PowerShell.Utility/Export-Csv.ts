/*
 * Export-Csv (Microsoft.PowerShell.Utility): converts objects into a series of CSV strings and saves the strings to
 * a file.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { PSObject, PSHashtable } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { sw, exists, encodeText, held, holdInput } from '../_shared/common';

function quote(s: string): string {
  return '"' + s.replace(/"/g, '""') + '"';
}

export const cmdlet = defineCmdlet({
  name: 'Export-Csv',
  className: 'Microsoft.PowerShell.Commands.ExportCsvCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Delimiter',
  supportsShouldProcess: true,
  parameters: [
    { name: 'InputObject', allowNull: true, type: 'PSObject', mandatory: true, valueFromPipeline: true, description: 'The objects to export.' },
    { name: 'Path', type: 'String', position: 0, description: 'The CSV file.' },
    { name: 'LiteralPath', type: 'String', aliases: ['PSPath', 'LP'], description: 'The file, no wildcards.' },
    { name: 'Delimiter', type: 'Char', position: 1, sets: { Delimiter: {} }, description: 'The field separator.' },
    { name: 'NoTypeInformation', type: 'SwitchParameter', aliases: ['NTI'], description: 'Omits the #TYPE line.' },
    { name: 'Append', type: 'SwitchParameter', description: 'Adds to the end of the file.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Overwrites read-only files.' },
    { name: 'NoClobber', type: 'SwitchParameter', aliases: ['NoOverwrite'], description: 'Does not overwrite.' },
    { name: 'Encoding', type: 'String', description: 'The encoding (default ASCII).' },
    { name: 'UseCulture', type: 'SwitchParameter', sets: { UseCulture: { mandatory: true } }, description: "The culture's list separator." },
  ],
  help: { 'en-US': { synopsis: 'Converts objects into a series of CSV strings and saves the strings to a file.' } },
  process: holdInput(true),
  async end(ctx) {
    const items = held(ctx);
    const delim = ctx.params.Delimiter === undefined ? ',' : toStr(ctx.params.Delimiter);
    const target = ctx.resolvePath(toStr(ctx.params.Path ?? ctx.params.LiteralPath));
    const lines: string[] = [];
    let names: string[] = [];
    const first = items[0];
    if (first instanceof PSObject) names = first.names();
    else if (first instanceof PSHashtable) names = ['IsReadOnly', 'IsFixedSize', 'IsSynchronized', 'Keys', 'Values', 'SyncRoot', 'Count'];
    else if (typeof first === 'string') names = ['Length'];
    const append = sw(ctx, 'Append') && exists(target);
    if (!append) {
      if (!sw(ctx, 'NoTypeInformation')) lines.push('#TYPE ' + (first instanceof PSObject ? first.typeNames[0] : 'System.String'));
      lines.push(names.map(quote).join(delim));
    }
    for (const o of items) {
      lines.push(
        names
          .map((n) => {
            const v = o instanceof PSObject ? o.get(n)?.value : n === 'Length' && typeof o === 'string' ? o.length : undefined;
            return quote(Array.isArray(v) ? 'System.Object[]' : toStr(v));
          })
          .join(delim),
      );
    }
    const text = lines.map((l) => l + '\r\n').join('');
    if (append) host().fs.appendFileSync(target, encodeText(text, 'ascii', 'default'));
    else host().fs.writeFileSync(target, encodeText(text, 'ascii', 'default'));
  },
});
