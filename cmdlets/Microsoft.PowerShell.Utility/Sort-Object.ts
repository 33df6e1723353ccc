/* Sort-Object (Microsoft.PowerShell.Utility): sorts objects by property values. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { psCompare, psEquals } from '../../src/lang/runtime/operators';
import { propSpecs } from '../_shared/props';
import { sw, held, holdInput } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Sort-Object',
  className: 'Microsoft.PowerShell.Commands.SortObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to sort.' },
    { name: 'Property', type: 'Object[]', position: 0, description: 'Properties (or script blocks) to sort by.' },
    { name: 'Descending', type: 'SwitchParameter', description: 'Sorts in descending order.' },
    { name: 'Unique', type: 'SwitchParameter', description: 'Removes duplicates.' },
    { name: 'CaseSensitive', type: 'SwitchParameter', description: 'Case-sensitive sort.' },
    { name: 'Culture', type: 'String', description: 'Culture for comparisons.' },
  ],
  help: { 'en-US': { synopsis: 'Sorts objects by property values.' } },
  process: holdInput(),
  async end(ctx) {
    const items = held(ctx);
    const specs = propSpecs(ctx.params.Property);
    const desc = sw(ctx, 'Descending');
    const cs = sw(ctx, 'CaseSensitive');
    const keyed: Array<{ o: unknown; keys: unknown[]; i: number }> = [];
    for (let i = 0; i < items.length; i++) {
      const o = items[i];
      const keys = specs.length ? await Promise.all(specs.map((s) => s.get(ctx, o))) : [o];
      keyed.push({ o, keys, i });
    }
    keyed.sort((a, b) => {
      for (let k = 0; k < a.keys.length; k++) {
        let c: number;
        try {
          c = psCompare(a.keys[k], b.keys[k], cs);
        } catch {
          c = String(a.keys[k]).localeCompare(String(b.keys[k]));
        }
        const spec = specs[k];
        const d = spec?.descending ?? (spec?.ascending !== undefined ? !spec.ascending : desc);
        if (c !== 0) return d ? -c : c;
      }
      return a.i - b.i;
    });
    let out = keyed.map((x) => x.o);
    if (sw(ctx, 'Unique')) {
      const u: unknown[] = [];
      for (const x of out) if (!u.some((y) => psEquals(y, x, cs))) u.push(x);
      out = u;
    }
    for (const o of out) await ctx.writeObject(o);
  },
});
