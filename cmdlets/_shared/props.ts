/*
 * Property selection shared by Select-Object, Sort-Object, Group-Object, Format-Table/List and Measure-Object:
 * names (with wildcards), calculated properties @{Name/Label/N/L = ...; Expression/E = {...} or 'Prop'}, and
 * script blocks.
 */
import type { CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSHashtable, PSObject, ScriptBlock } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { getProperty } from '../../src/lang/types/members';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { raise } from '../../src/lang/runtime/errors';

export interface PropSpec {
  name: string;
  get(ctx: CmdletContext, o: unknown): Promise<unknown>;
  wildcard?: RegExp;
  descending?: boolean;
  ascending?: boolean;
}

function hashGet(h: PSHashtable, keys: string[]): unknown {
  for (const k of h.keys()) {
    const ks = toStr(k).toLowerCase();
    if (keys.some((x) => x.startsWith(ks) && ks.length >= 1 && (ks === x || x.startsWith(ks)))) return h.get(k);
  }
  return undefined;
}

export function propSpecs(v: unknown): PropSpec[] {
  const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  return items.map((item): PropSpec => {
    if (item instanceof ScriptBlock) {
      return {
        name: item.text.trim(),
        get: async (ctx, o) => {
          const r = await ctx.invokeScriptBlock(item, o);
          return r.length === 0 ? null : r.length === 1 ? r[0] : r;
        },
      };
    }
    if (item instanceof PSHashtable) {
      const name = hashGet(item, ['name', 'label']);
      const expr = hashGet(item, ['expression']);
      const desc = hashGet(item, ['descending']);
      const asc = hashGet(item, ['ascending']);
      if (expr === undefined && name === undefined)
        raise('The "Expression" key is missing from the hash table.', 'DictionaryKeyMissing', 'InvalidArgument', 'NotSupportedException');
      const sub = expr instanceof ScriptBlock ? propSpecs(expr)[0] : expr !== undefined ? propSpecs(toStr(expr))[0] : propSpecs(toStr(name))[0];
      return { name: name !== undefined ? toStr(name) : sub.name, get: sub.get, descending: desc === undefined ? undefined : !!desc, ascending: asc === undefined ? undefined : !!asc };
    }
    const name = toStr(item);
    if (/[*?]/.test(name)) return { name, get: async (_c, o) => getProperty(o, name), wildcard: wildcardToRegExp(name) };
    return { name, get: async (_c, o) => getProperty(o, name) };
  });
}

/** Expands wildcard specs against an object's properties. */
export function expandSpecs(specs: PropSpec[], o: unknown): PropSpec[] {
  const out: PropSpec[] = [];
  for (const s of specs) {
    if (!s.wildcard) {
      out.push(s);
      continue;
    }
    if (o instanceof PSObject) for (const n of o.names()) if (s.wildcard.test(n)) out.push({ name: n, get: async (_c, x) => getProperty(x, n) });
  }
  return out;
}
