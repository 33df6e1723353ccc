/*
 * Format-List (Microsoft.PowerShell.Utility): formats the output as a list of properties in which each property
 * appears on a new line.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, PSHashtable } from '../../src/lang/types/values';
import { renderList } from '../../src/lang/format/format';
import { toStr } from '../../src/lang/types/convert';
import { propSpecs, expandSpecs } from '../_shared/props';
import { held, holdInput } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Format-List',
  className: 'Microsoft.PowerShell.Commands.FormatListCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to format.' },
    { name: 'Property', type: 'Object[]', position: 0, description: 'Properties to show (* for all).' },
    { name: 'GroupBy', type: 'Object', description: 'Groups the output.' },
  ],
  help: { 'en-US': { synopsis: 'Formats the output as a list of properties in which each property appears on a new line.' } },
  process: holdInput(),
  async end(ctx) {
    const items = held(ctx);
    if (!items.length) return;
    // Format-List's output starts a new format on the console: what the console was gathering ends first.
    ctx.engine.outDefault.flush();
    const rows: PSObject[] = [];
    let labels: string[] = [];
    for (const o of items) {
      let r: PSObject;
      if (ctx.params.Property !== undefined) {
        const specs = expandSpecs(propSpecs(ctx.params.Property), o);
        r = new PSObject();
        for (const s of specs) r.set(s.name, await s.get(ctx, o));
      } else if (o instanceof PSObject) r = o;
      else if (o instanceof PSHashtable) {
        for (const [k, v] of o.entries()) rows.push(new PSObject({ Name: toStr(k), Value: v }));
        labels = ['Name', 'Value'];
        continue;
      } else {
        await ctx.writeObject(toStr(o));
        continue;
      }
      rows.push(r);
      if (r.names().length > labels.length) labels = r.names();
    }
    if (!rows.length) return;
    const text = renderList(rows, labels.map((n) => ({ label: n, get: (x: unknown) => (x as PSObject).get(n)?.value })));
    await ctx.writeObject(text.replace(/\n$/, ''));
  },
});
