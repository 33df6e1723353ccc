/* Format-Table (Microsoft.PowerShell.Utility): formats the output as a table. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, PSHashtable, PSDouble } from '../../src/lang/types/values';
import { toStr, toNumber } from '../../src/lang/types/convert';
import { formatValue } from '../../src/lang/runtime/operators';
import { renderTable, formatAsTable, consoleTableWidth } from '../../src/lang/format/format';
import { propSpecs, expandSpecs } from '../_shared/props';
import { held, holdInput } from '../_shared/common';

/**
 * The formatting keys of calculated properties, by the property's name: Alignment (Left/Right; Center is shown left),
 * Width and FormatString, as Format-Table reads them from @{Name=...; Expression=...; Alignment=...}.
 */
function calculatedKeys(property: unknown): Map<string, { align?: 'left' | 'right'; width?: number; formatString?: string }> {
  const out = new Map<string, { align?: 'left' | 'right'; width?: number; formatString?: string }>();
  for (const p of Array.isArray(property) ? property : [property]) {
    if (!(p instanceof PSHashtable)) continue;
    const get = (...names: string[]) => {
      for (const k of p.keys()) {
        const key = toStr(k).toLowerCase();
        if (names.some((n) => n.startsWith(key))) return p.get(k);
      }
      return undefined;
    };
    const nameV = get('name', 'label');
    const exprV = get('expression');
    const name = nameV !== undefined ? toStr(nameV) : exprV !== undefined && typeof exprV === 'string' ? exprV : undefined;
    if (name === undefined) continue;
    const a = get('alignment');
    const w = get('width');
    const f = get('formatstring');
    out.set(name.toLowerCase(), {
      align: a === undefined ? undefined : /^r/i.test(toStr(a)) ? 'right' : 'left',
      width: w === undefined ? undefined : toNumber(w),
      formatString: f === undefined ? undefined : toStr(f),
    });
  }
  return out;
}

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
    // Format-Table's output starts a new format on the console: what the console was gathering ends first.
    ctx.engine.outDefault.flush();
    if (ctx.params.Property === undefined) {
      const text = formatAsTable(items, consoleTableWidth(), ctx.params.AutoSize?.isPresent === true);
      if (text) await ctx.writeObject(text.replace(/\n$/, ''));
      return;
    }
    const specs = expandSpecs(propSpecs(ctx.params.Property), items[0]);
    const keys = calculatedKeys(ctx.params.Property);
    const rows: PSObject[] = [];
    // A number shown through a FormatString stays right-aligned, as the value it came from.
    const numeric = new Set<string>();
    for (const o of items) {
      const r = new PSObject();
      for (const s of specs) {
        const v = await s.get(ctx, o);
        const fmt = keys.get(s.name.toLowerCase())?.formatString;
        if (fmt !== undefined && (typeof v === 'number' || v instanceof PSDouble)) numeric.add(s.name.toLowerCase());
        r.set(s.name, fmt === undefined ? v : formatValue(v, fmt));
      }
      rows.push(r);
    }
    const autoSize = ctx.params.AutoSize?.isPresent === true;
    const widths = specs.map((s) => (autoSize ? undefined : keys.get(s.name.toLowerCase())?.width)) as number[];
    const columns = specs.map((s) => ({ label: s.name, get: (x: unknown) => (x as PSObject).get(s.name)?.value, align: keys.get(s.name.toLowerCase())?.align ?? (numeric.has(s.name.toLowerCase()) ? ('right' as const) : undefined) }));
    let text = renderTable(rows, columns, widths.some((w) => w !== undefined) ? widths : undefined, consoleTableWidth());
    if (ctx.params.HideTableHeaders?.isPresent) text = '\n' + text.split('\n').slice(3).join('\n');
    await ctx.writeObject(text.replace(/\n$/, ''));
  },
});
