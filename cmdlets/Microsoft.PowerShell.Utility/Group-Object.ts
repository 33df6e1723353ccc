/* Group-Object (Microsoft.PowerShell.Utility): groups objects that contain the same value for specified properties. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, PSHashtable } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { registerView } from '../../src/lang/format/format';
import { propSpecs } from '../_shared/props';
import { sw, held, holdInput } from '../_shared/common';

// 5.1's GroupInfo table view: Count right-aligned in 5 columns, Name in 25, Group in the rest.
registerView('Microsoft.PowerShell.Commands.GroupInfo', {
  kind: 'table',
  widths: [5, 25],
  columns: [{ label: 'Count', value: (o) => o.get('Count')?.value, align: 'right' }, 'Name', { label: 'Group', value: (o) => o.get('Group')?.value }],
});

export const cmdlet = defineCmdlet({
  name: 'Group-Object',
  className: 'Microsoft.PowerShell.Commands.GroupObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to group.' },
    { name: 'Property', type: 'Object[]', position: 0, description: 'Properties to group by.' },
    { name: 'NoElement', type: 'SwitchParameter', description: 'Omits the members of each group.' },
    { name: 'AsHashTable', type: 'SwitchParameter', aliases: ['AHT'], description: 'Returns a hashtable.' },
    { name: 'AsString', type: 'SwitchParameter', description: 'Keys as strings.' },
    { name: 'CaseSensitive', type: 'SwitchParameter', description: 'Case-sensitive grouping.' },
  ],
  help: { 'en-US': { synopsis: 'Groups objects that contain the same value for specified properties.' } },
  process: holdInput(),
  async end(ctx) {
    const items = held(ctx);
    const specs = propSpecs(ctx.params.Property);
    const cs = sw(ctx, 'CaseSensitive');
    const groups = new Map<string, { name: string; values: unknown[]; group: unknown[] }>();
    for (const o of items) {
      const values = specs.length ? await Promise.all(specs.map((s) => s.get(ctx, o))) : [o];
      const name = values.map((v) => toStr(v)).join(', ');
      const key = cs ? name : name.toLowerCase();
      let g = groups.get(key);
      if (!g) {
        g = { name, values, group: [] };
        groups.set(key, g);
      }
      g.group.push(o);
    }
    if (sw(ctx, 'AsHashTable')) {
      const h = new PSHashtable();
      for (const g of groups.values()) h.set(sw(ctx, 'AsString') || g.values.length !== 1 ? g.name : g.values[0], g.group);
      await ctx.writeObject(h);
      return;
    }
    for (const g of groups.values()) {
      const o = new PSObject(
        sw(ctx, 'NoElement') ? { Count: g.group.length, Name: g.name } : { Count: g.group.length, Name: g.name, Group: g.group, Values: g.values },
        ['Microsoft.PowerShell.Commands.GroupInfo', 'System.Object'],
      );
      await ctx.writeObject(o);
    }
  },
});
