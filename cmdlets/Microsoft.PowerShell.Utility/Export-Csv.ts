/*
 * Export-Csv (Microsoft.PowerShell.Utility): converts objects into a series of CSV strings and saves the strings to
 * a file. The quoting is csv-stringify's (its sync API: no Node streams, so the engine also runs in a browser), set
 * to Windows PowerShell 5.1's rules: every field in double quotes, embedded quotes doubled, CRLF after each record;
 * the `#TYPE` line and the choice of columns (the first object's properties) are 5.1's and made here.
 */
import { stringify } from 'csv-stringify/sync';
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { PSObject, PSHashtable } from '../../src/lang/types/values';
import { toStr, displayString } from '../../src/lang/types/convert';
import { sw, exists, encodeText, held, holdInput } from '../_shared/common';

/** The records as 5.1 writes them: each field quoted (an empty one too), quotes doubled, each record ending CRLF. */
export function csvLines(records: string[][], delimiter: string): string {
  return stringify(records, { delimiter, quoted: true, quoted_empty: true, record_delimiter: '\r\n' });
}

/**
 * The CSV text of objects as Export-Csv and ConvertTo-Csv write it: the #TYPE line (unless noType), the header of
 * the first object's property names (unless noHeader: appending), one record per object.
 */
export function csvText(items: unknown[], delim: string, noType: boolean, noHeader = false): string {
  let names: string[] = [];
  const first = items[0];
  if (first instanceof PSObject) names = first.names();
  else if (first instanceof PSHashtable) names = ['IsReadOnly', 'IsFixedSize', 'IsSynchronized', 'Keys', 'Values', 'SyncRoot', 'Count'];
  else if (typeof first === 'string') names = ['Length'];
  const records: string[][] = [];
  let typeLine = '';
  if (!noHeader) {
    if (!noType) typeLine = '#TYPE ' + (first instanceof PSObject ? first.typeNames[0] : 'System.String') + '\r\n';
    records.push(names);
  }
  for (const o of items) {
    records.push(
      names.map((n) => {
        const v = o instanceof PSObject ? o.get(n)?.value : n === 'Length' && typeof o === 'string' ? o.length : undefined;
        // A date is written in the culture's form (3/5/2024 2:07:09 PM), as 5.1's Export-Csv does.
        return Array.isArray(v) ? 'System.Object[]' : displayString(v);
      }),
    );
  }
  return typeLine + csvLines(records, delim);
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
    const append = sw(ctx, 'Append') && exists(target);
    const text = csvText(items, delim, sw(ctx, 'NoTypeInformation'), append);
    if (append) host().fs.appendFileSync(target, encodeText(text, 'ascii', 'default'));
    else host().fs.writeFileSync(target, encodeText(text, 'ascii', 'default'));
  },
});
