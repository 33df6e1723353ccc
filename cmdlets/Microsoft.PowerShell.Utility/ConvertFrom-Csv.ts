/*
 * ConvertFrom-Csv (Microsoft.PowerShell.Utility): converts object properties in comma-separated value (CSV) format
 * into CSV versions of the original objects. The input strings are the lines of one CSV text, read with
 * Import-Csv's rules (csvObjects): header from the first line unless -Header, #TYPE line skipped.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { csvObjects } from './Import-Csv';
import { held } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'ConvertFrom-Csv',
  className: 'Microsoft.PowerShell.Commands.ConvertFromCsvCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Delimiter',
  parameters: [
    { name: 'Delimiter', type: 'Char', sets: { Delimiter: { position: 1 } }, description: 'The field separator (default ,).' },
    { name: 'UseCulture', type: 'SwitchParameter', sets: { UseCulture: { mandatory: true } }, description: "The culture's list separator (, in en-US)." },
    { name: 'InputObject', type: 'PSObject[]', mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'The CSV lines.' },
    { name: 'Header', type: 'String[]', description: 'Column names, when the text has no header line.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Converts object properties in comma-separated value (CSV) format into CSV versions of the original objects.',
      examples: [{ title: 'Read CSV text', code: "'Index,Name', '1,Pro' | ConvertFrom-Csv" }],
    },
  },
  async process(ctx) {
    for (const x of (ctx.params.InputObject as unknown[]) ?? []) held(ctx).push(x);
  },
  async end(ctx) {
    // The lines are read as one text, so a quoted field may continue on the next line, as in a file.
    const text = held(ctx).map((x) => toStr(x)).join('\n');
    const delim = ctx.params.Delimiter === undefined ? ',' : toStr(ctx.params.Delimiter);
    for (const o of csvObjects(ctx, text, delim, ctx.params.Header)) await ctx.writeObject(o);
  },
});
