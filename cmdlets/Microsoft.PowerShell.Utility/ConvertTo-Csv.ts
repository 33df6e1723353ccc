/*
 * ConvertTo-Csv (Microsoft.PowerShell.Utility): converts objects into a series of comma-separated value (CSV)
 * strings, one string per line, with Export-Csv's rules (csvText): the `#TYPE` line unless -NoTypeInformation,
 * the first object's property names as the header, every field quoted.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { csvText } from './Export-Csv';
import { sw, held, holdInput } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'ConvertTo-Csv',
  className: 'Microsoft.PowerShell.Commands.ConvertToCsvCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Delimiter',
  parameters: [
    { name: 'InputObject', type: 'PSObject', mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'The objects to convert.' },
    { name: 'Delimiter', type: 'Char', sets: { Delimiter: { position: 1 } }, description: 'The field separator (default ,).' },
    { name: 'UseCulture', type: 'SwitchParameter', sets: { UseCulture: { mandatory: true } }, description: "The culture's list separator (, in en-US)." },
    { name: 'NoTypeInformation', type: 'SwitchParameter', aliases: ['NTI'], description: 'Leaves out the #TYPE line.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Converts objects into a series of comma-separated value (CSV) strings.',
      examples: [{ title: 'Image list as CSV text', code: 'Get-WindowsImage -ImagePath C:\\install.wim | Select-Object ImageIndex, ImageName | ConvertTo-Csv -NoTypeInformation' }],
    },
  },
  process: holdInput(true),
  async end(ctx) {
    const items = held(ctx).filter((x) => x !== null && x !== undefined);
    if (!items.length) return;
    const delim = ctx.params.Delimiter === undefined ? ',' : toStr(ctx.params.Delimiter);
    const text = csvText(items, delim, sw(ctx, 'NoTypeInformation'));
    for (const line of text.split('\r\n').slice(0, -1)) await ctx.writeObject(line);
  },
});
