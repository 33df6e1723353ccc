/*
 * New-Object (Microsoft.PowerShell.Utility): creates an instance of a .NET Framework object (PSObject, hashtables,
 * lists).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, PSHashtable } from '../../src/lang/types/values';
import { toStr, resolveTypeName, convertTo } from '../../src/lang/types/convert';
import { newList, newException, hasConstructor, callStatic } from '../../src/lang/types/members';
import { PSTypeRef } from '../../src/lang/types/values';

export const cmdlet = defineCmdlet({
  name: 'New-Object',
  className: 'Microsoft.PowerShell.Commands.NewObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Net',
  parameters: [
    { name: 'TypeName', type: 'String', sets: { Net: { mandatory: true, position: 0 } }, description: 'The .NET type.' },
    { name: 'ArgumentList', type: 'Object[]', aliases: ['Args'], sets: { Net: { position: 1 } }, description: 'Constructor arguments.' },
    { name: 'Property', type: 'Hashtable', description: 'Properties to set.' },
    { name: 'ComObject', type: 'String', sets: { Com: { mandatory: true, position: 0 } }, description: 'A COM object (not on this system).' },
  ],
  help: { 'en-US': { synopsis: 'Creates an instance of a .NET Framework object (PSObject, hashtables, lists).' } },
  async process(ctx) {
    if (ctx.params.ComObject !== undefined) {
      ctx.throwTerminating(ctx.error(`Retrieving the COM class factory for component with CLSID {00000000-0000-0000-0000-000000000000} failed due to the following error: 80040154 Class not registered.`, 'NoCOMClassIdentified', 'ResourceUnavailable', 'COMException'));
    }
    const cls = ctx.engine.scriptClass(toStr(ctx.params.TypeName));
    if (cls) {
      await ctx.writeObject(await ctx.engine.newScriptClassInstance(cls, ctx.params.ArgumentList ?? []));
      return;
    }
    const t = resolveTypeName(toStr(ctx.params.TypeName));
    const lower = t.toLowerCase();
    const args = ctx.params.ArgumentList ?? [];
    let o: unknown;
    if (lower === 'system.management.automation.psobject' || lower === 'psobject' || lower === 'system.object' || lower === 'pscustomobject') o = new PSObject();
    else if (lower === 'system.collections.hashtable') o = new PSHashtable();
    else if (/^system\.collections\.(arraylist|generic\.list)/.test(lower)) o = newList(t);
    else if (/exception$/.test(lower)) o = newException(t, undefined, Array.isArray(args) ? args : [args]);
    else if (lower === 'system.version') o = convertTo(args.join('.'), 'System.Version');
    else if (lower === 'system.datetime') o = new Date(Number(args[0] ?? 1), Number(args[1] ?? 1) - 1, Number(args[2] ?? 1));
    else if (hasConstructor(new PSTypeRef(t))) {
      // Every type with a constructor row ([T]::new) is made the same way by New-Object.
      o = await callStatic(new PSTypeRef(t), 'new', Array.isArray(args) ? args : [args], { resolvePath: (p: string) => ctx.resolvePath(p) });
    } else {
      ctx.throwTerminating(
        ctx.error(`Cannot find type [${toStr(ctx.params.TypeName)}]: verify that the assembly containing this type is loaded.`, 'TypeNotFound', 'InvalidType', 'PSArgumentException'),
      );
    }
    const props = ctx.params.Property;
    if (props instanceof PSHashtable && o instanceof PSObject) for (const [k, v] of props.entries()) o.set(toStr(k), v);
    await ctx.writeObject(o);
  },
});
