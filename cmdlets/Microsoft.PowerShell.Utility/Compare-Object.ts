/*
 * Compare-Object (Microsoft.PowerShell.Utility): compares two sets of objects. As 5.1 does it: the difference
 * objects are walked in order against the reference objects, each first against the reference at the same place,
 * then against the unmatched ones held back (at most -SyncWindow of each side, default Int32.MaxValue); what is left
 * at the end is written: difference-only objects (`=>`) first, then reference-only ones (`<=`). -IncludeEqual adds
 * the matches (`==`), -ExcludeDifferent drops the differences, -PassThru writes the objects themselves with a
 * SideIndicator note property.
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { psCompare } from '../../src/lang/runtime/operators';
import { propSpecs } from '../_shared/props';
import { sw } from '../_shared/common';

interface Entry {
  input: unknown;
  keys: unknown[];
}

type Side = '==' | '=>' | '<=';

export const cmdlet = defineCmdlet({
  name: 'Compare-Object',
  className: 'Microsoft.PowerShell.Commands.CompareObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'ReferenceObject', type: 'PSObject[]', mandatory: true, position: 0, allowEmptyCollection: true, description: 'The objects compared against.' },
    { name: 'DifferenceObject', type: 'PSObject[]', mandatory: true, position: 1, valueFromPipeline: true, allowEmptyCollection: true, description: 'The objects compared with the reference.' },
    { name: 'SyncWindow', type: 'Int32', validateRange: [0, 2147483647], description: 'How many unmatched objects on each side are kept to look for a match.' },
    { name: 'Property', type: 'Object[]', description: 'Compares these properties (or calculated properties) instead of the whole objects.' },
    { name: 'ExcludeDifferent', type: 'SwitchParameter', description: 'Leaves out the objects found on one side only.' },
    { name: 'IncludeEqual', type: 'SwitchParameter', description: 'Also writes the objects found on both sides (==).' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Writes the compared objects themselves, with a SideIndicator property added.' },
    { name: 'Culture', type: 'String', description: 'The culture for comparing strings.' },
    { name: 'CaseSensitive', type: 'SwitchParameter', description: 'Compares strings case-sensitively.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Compares two sets of objects.',
      description: ['Compare-Object writes the objects that differ between the two sets, each with a SideIndicator: => for objects only in -DifferenceObject, <= for objects only in -ReferenceObject (== for matches with -IncludeEqual).'],
      examples: [{ title: 'Which image names differ between two WIMs', code: 'Compare-Object (Get-WindowsImage -ImagePath C:\\a.wim).ImageName (Get-WindowsImage -ImagePath C:\\b.wim).ImageName' }],
    },
  },
  async process(ctx) {
    const st = ctx.state(() => ({ ready: false, refs: [] as Entry[], index: 0, refBacklog: [] as Entry[], diffBacklog: [] as Entry[], out: [] as Array<[Entry, Side]> }));
    const specs = propSpecs(ctx.params.Property);
    const entry = async (o: unknown): Promise<Entry> => ({ input: o, keys: specs.length ? await Promise.all(specs.map((s) => s.get(ctx, o))) : [o] });
    if (!st.ready) {
      st.ready = true;
      for (const o of (ctx.params.ReferenceObject as unknown[]) ?? []) st.refs.push(await entry(o));
    }
    const diffs = (ctx.params.DifferenceObject as unknown[] | undefined) ?? [];
    const window = ctx.params.SyncWindow ?? 2147483647;
    for (const d of diffs) step(ctx, st, await entry(d), window);
  },
  async end(ctx) {
    const st = ctx.state(() => ({ ready: false, refs: [] as Entry[], index: 0, refBacklog: [] as Entry[], diffBacklog: [] as Entry[], out: [] as Array<[Entry, Side]> }));
    const window = ctx.params.SyncWindow ?? 2147483647;
    while (st.index < st.refs.length) step(ctx, st, null, window);
    for (const e of st.diffBacklog) st.out.push([e, '=>']);
    for (const e of st.refBacklog) st.out.push([e, '<=']);
    const specs = propSpecs(ctx.params.Property);
    for (const [e, side] of st.out) {
      if (side === '==' ? !sw(ctx, 'IncludeEqual') : sw(ctx, 'ExcludeDifferent')) continue;
      if (sw(ctx, 'PassThru')) {
        const o = e.input instanceof PSObject ? e.input : new PSObject({}, ['System.Object']);
        if (!(e.input instanceof PSObject)) (o as unknown as { toStringValue: string }).toStringValue = toStr(e.input);
        o.set('SideIndicator', side);
        await ctx.writeObject(e.input instanceof PSObject ? o : e.input);
        continue;
      }
      const o = new PSObject();
      if (specs.length) specs.forEach((s, i) => o.set(s.name, e.keys[i]));
      else o.set('InputObject', e.input);
      o.set('SideIndicator', side);
      await ctx.writeObject(o);
    }
  },
});

function same(ctx: CmdletContext, a: Entry, b: Entry): boolean {
  const cs = sw(ctx, 'CaseSensitive');
  for (let i = 0; i < a.keys.length; i++) {
    const x = a.keys[i];
    const y = b.keys[i];
    if (x instanceof PSObject || y instanceof PSObject) {
      if (toStr(x) !== toStr(y) && (cs || toStr(x).toLowerCase() !== toStr(y).toLowerCase())) return false;
    } else if (psCompare(x, y, cs) !== 0) return false;
  }
  return true;
}

/** One step of the walk: a difference entry (null once they are all read) against the next reference entry. */
function step(
  ctx: CmdletContext,
  st: { refs: Entry[]; index: number; refBacklog: Entry[]; diffBacklog: Entry[]; out: Array<[Entry, Side]> },
  diff: Entry | null,
  window: number,
): void {
  let ref = st.index < st.refs.length ? st.refs[st.index++] : null;
  if (ref && diff && same(ctx, ref, diff)) {
    st.out.push([ref, '==']);
    return;
  }
  const take = (e: Entry | null, list: Entry[]): Entry | undefined => {
    if (!e) return undefined;
    const i = list.findIndex((x) => same(ctx, e, x));
    return i < 0 ? undefined : list.splice(i, 1)[0];
  };
  const m1 = take(diff, st.refBacklog);
  if (m1) {
    st.out.push([m1, '==']);
    diff = null;
  }
  if (take(ref, st.diffBacklog)) {
    st.out.push([ref as Entry, '==']);
    ref = null;
  }
  if (diff) {
    if (window > 0) {
      while (st.diffBacklog.length >= window) st.out.push([st.diffBacklog.shift() as Entry, '=>']);
      st.diffBacklog.push(diff);
    } else st.out.push([diff, '=>']);
  }
  if (ref) {
    if (window > 0) {
      while (st.refBacklog.length >= window) st.out.push([st.refBacklog.shift() as Entry, '<=']);
      st.refBacklog.push(ref);
    } else st.out.push([ref, '<=']);
  }
}
