/* Format-Table (Microsoft.PowerShell.Utility): formats the output as a table. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { renderTable, formatAsTable, consoleTableWidth } from '../../src/lang/format/format';
import { propSpecs, expandSpecs } from '../_shared/props';
import { held, holdInput } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Format-Table',
  className: 'Microsoft.PowerShell.Commands.FormatTableCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to format.' },
    { name: 'Property', type: 'Object[]', position: 0, description: 'Properties (or calculated properties) to show as columns.' },
    { name: 'AutoSize', type: 'SwitchParameter', description: 'Fits column widths to the data.' },
    { name: 'HideTableHeaders', type: 'SwitchParameter', description: 'Omits the header.' },
    { name: 'Wrap', type: 'SwitchParameter', description: 'Wraps long values.' },
    { name: 'GroupBy', type: 'Object', description: 'Groups the rows.' },
  ],
  help: { 'en-US': { synopsis: 'Formats the output as a table.' } },
  process: holdInput(),
  async end(ctx) {
    const items = held(ctx);
    if (!items.length) return;
    if (ctx.params.Property === undefined) {
      const text = formatAsTable(items, consoleTableWidth(), ctx.params.AutoSize?.isPresent === true);
      if (text) await ctx.writeObject(text.replace(/\n$/, ''));
      return;
    }
    const specs = expandSpecs(propSpecs(ctx.params.Property), items[0]);
    const rows: PSObject[] = [];
    for (const o of items) {
      const r = new PSObject();
      for (const s of specs) r.set(s.name, await s.get(ctx, o));
      rows.push(r);
    }
    let text = renderTable(rows, specs.map((s) => ({ label: s.name, get: (x: unknown) => (x as PSObject).get(s.name)?.value })), undefined, consoleTableWidth());
    if (ctx.params.HideTableHeaders?.isPresent) text = '\n' + text.split('\n').slice(3).join('\n');
    await ctx.writeObject(text.replace(/\n$/, ''));
  },
});
