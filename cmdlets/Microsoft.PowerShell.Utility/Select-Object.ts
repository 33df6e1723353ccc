/* Select-Object (Microsoft.PowerShell.Utility): selects objects or object properties. */
import { defineCmdlet, type CmdletDefinition } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { getProperty } from '../../src/lang/types/members';
import { psEquals } from '../../src/lang/runtime/operators';
import { propSpecs, expandSpecs } from '../_shared/props';
import { sw, strings } from '../_shared/common';

interface State {
  buffer: unknown[];
  seen: unknown[];
  count: number;
}

/** The invocation's state (CmdletContext.state). */
const newState = (): State => ({ buffer: [], seen: [], count: 0 });

export const cmdlet = defineCmdlet({
  name: 'Select-Object',
  className: 'Microsoft.PowerShell.Commands.SelectObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'DefaultParameter',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to select from.' },
    { name: 'Property', type: 'Object[]', sets: { DefaultParameter: { position: 0 }, SkipLastParameter: { position: 0 } }, description: 'Properties to select; calculated properties with @{Name=...; Expression={...}}.' },
    { name: 'ExcludeProperty', type: 'String[]', sets: { DefaultParameter: {}, SkipLastParameter: {} }, description: 'Properties to leave out.' },
    { name: 'ExpandProperty', type: 'String', sets: { DefaultParameter: {}, SkipLastParameter: {} }, description: 'A property whose value is output instead of the object.' },
    { name: 'Unique', type: 'SwitchParameter', description: 'Only distinct objects.' },
    { name: 'Last', type: 'Int32', sets: { DefaultParameter: {} }, description: 'The last N objects.' },
    { name: 'First', type: 'Int32', sets: { DefaultParameter: {} }, description: 'The first N objects.' },
    { name: 'Skip', type: 'Int32', sets: { DefaultParameter: {} }, description: 'Skips N objects.' },
    { name: 'SkipLast', type: 'Int32', sets: { SkipLastParameter: {} }, description: 'Skips the last N objects.' },
    { name: 'Wait', type: 'SwitchParameter', sets: { DefaultParameter: {}, IndexParameter: {} }, description: 'Turns off the optimisation of -First.' },
    { name: 'Index', type: 'Int32[]', sets: { IndexParameter: {} }, description: 'Objects at these positions.' },
  ],
  help: { 'en-US': { synopsis: 'Selects objects or object properties.', examples: [{ title: 'First', code: 'Get-WindowsImage -ImagePath x.wim | Select-Object -First 1' }] } },
  async begin(ctx) {
    ctx.state(newState);
  },
  async process(ctx) {
    const st = ctx.state(newState);
    if (!ctx.expectingInput && ctx.params.InputObject === undefined) return;
    const o = ctx.params.InputObject;
    st.count++;
    const first = ctx.params.First;
    const last = ctx.params.Last;
    const skip = ctx.params.Skip ?? 0;
    const needBuffer = last !== undefined || ctx.params.SkipLast !== undefined || sw(ctx, 'Unique') || ctx.params.Index !== undefined;
    if (needBuffer) {
      st.buffer.push(o);
      return;
    }
    if (st.count <= skip) return;
    if (first !== undefined && st.count - skip > first) ctx.stopUpstream();
    for (const r of await project(ctx, o)) await ctx.writeObject(r);
    // Enough objects: the commands before this one need not produce more (unless -Wait).
    if (first !== undefined && st.count - skip >= first && !sw(ctx, 'Wait')) ctx.stopUpstream();
  },
  async end(ctx) {
    const st = ctx.state(newState);
    const last = ctx.params.Last;
    const first = ctx.params.First;
    const skip = ctx.params.Skip ?? 0;
    const needBuffer = last !== undefined || ctx.params.SkipLast !== undefined || sw(ctx, 'Unique') || ctx.params.Index !== undefined;
    if (!needBuffer) return;
    let items = st.buffer;
    if (ctx.params.Index !== undefined) {
      const idx = ctx.params.Index;
      items = idx.map((i) => items[i < 0 ? items.length + i : i]).filter((x) => x !== undefined);
    }
    items = items.slice(skip);
    if (ctx.params.SkipLast !== undefined) items = items.slice(0, Math.max(0, items.length - ctx.params.SkipLast));
    if (first !== undefined && last !== undefined) {
      const a = items.slice(0, first);
      const b = items.slice(Math.max(first, items.length - last));
      items = [...a, ...b];
    } else if (first !== undefined) items = items.slice(0, first);
    else if (last !== undefined) items = last === 0 ? [] : items.slice(-last);
    // -Unique compares what is written (5.1's FilteredWriteObject), so `-ExpandProperty X -Unique` gives each value
    // of X once; as in 5.1 the comparison is case-sensitive.
    const unique = sw(ctx, 'Unique');
    const written: unknown[] = [];
    for (const o of items)
      for (const r of await project(ctx, o)) {
        if (unique) {
          if (written.some((y) => psEquals(y, r, true) || (r instanceof PSObject && y instanceof PSObject && toStr(r) === toStr(y)))) continue;
          written.push(r);
        }
        await ctx.writeObject(r);
      }
  },
});

async function project(ctx: Parameters<NonNullable<CmdletDefinition['process']>>[0], o: unknown): Promise<unknown[]> {
  const expand = ctx.params.ExpandProperty;
  const specsRaw = ctx.params.Property;
  if (specsRaw === undefined && expand === undefined) return [o];
  const exclude = strings(ctx.params.ExcludeProperty).map((x) => x.toLowerCase());
  if (expand !== undefined) {
    const name = toStr(expand);
    const v = getProperty(o, name);
    if (v === null && !(o instanceof PSObject && o.has(name))) {
      const rec = ctx.error(`Property "${name}" cannot be found.`, 'ExpandPropertyNotFound', 'InvalidArgument', 'PSArgumentException', o);
      ctx.writeError(rec);
      return [];
    }
    return Array.isArray(v) ? v : [v];
  }
  const specs = expandSpecs(propSpecs(specsRaw), o);
  const r = new PSObject(undefined, ['Selected.' + (o instanceof PSObject ? o.typeNames[0] : 'System.Object'), 'System.Management.Automation.PSCustomObject', 'System.Object']);
  r.typeNames = ['System.Management.Automation.PSCustomObject', 'System.Object'];
  for (const s of specs) {
    if (exclude.includes(s.name.toLowerCase())) continue;
    r.set(s.name, await s.get(ctx, o));
  }
  return [r];
}
