/* Get-Member (Microsoft.PowerShell.Utility): gets the properties and methods of objects. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { memberDefinitions } from '../../src/lang/types/members';
import { typeNameOf, toStr } from '../../src/lang/types/convert';
import { registerView } from '../../src/lang/format/format';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { strings } from '../_shared/common';

registerView('Microsoft.PowerShell.Commands.MemberDefinition', {
  kind: 'table',
  groupBy: (o) => toStr(o.get('TypeName')?.value),
  groupHeader: (t) => `\n   TypeName: ${t}\n`,
  columns: ['Name', 'MemberType', 'Definition'],
});

function shortType(v: unknown): string {
  const t = typeNameOf(v);
  const map: Record<string, string> = { 'System.String': 'string', 'System.Int32': 'int', 'System.Int64': 'long', 'System.Double': 'double', 'System.Boolean': 'bool', 'System.Object[]': 'Object[]', null: 'object' };
  return map[t] ?? t.slice(t.lastIndexOf('.') + 1);
}

/** The invocation's state: the type names already described (each type once). */
const seenTypes = (): Set<string> => new Set();

export const cmdlet = defineCmdlet({
  name: 'Get-Member',
  className: 'Microsoft.PowerShell.Commands.GetMemberCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to describe.' },
    { name: 'Name', type: 'String[]', position: 0, description: 'Member names (wildcards allowed).' },
    { name: 'MemberType', type: 'String', aliases: ['Type'], description: 'Property, Method, NoteProperty...' },
    { name: 'Static', type: 'SwitchParameter', description: 'Static members.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Hidden members too.' },
  ],
  help: { 'en-US': { synopsis: 'Gets the properties and methods of objects.' } },
  async begin(ctx) {
    ctx.state(seenTypes);
  },
  async process(ctx) {
    const o = ctx.params.InputObject;
    if (o === undefined || o === null) return;
    const typeName = o instanceof PSObject ? o.typeNames[0] : typeNameOf(o);
    const seen = ctx.state(seenTypes);
    if (seen.has(typeName)) return;
    seen.add(typeName);
    const names = strings(ctx.params.Name).map((n) => wildcardToRegExp(n));
    const kind = ctx.params.MemberType === undefined ? undefined : toStr(ctx.params.MemberType).toLowerCase();
    // Note properties of objects, then the .NET members from the same tables method dispatch reads.
    const members: Array<[string, string, string]> =
      o instanceof PSObject ? [...o.props.values()].map((p) => [p.name, 'NoteProperty', `${shortType(p.value)} ${p.name}=${toStr(p.value)}`]) : [];
    members.push(...memberDefinitions(o));
    members.sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1].localeCompare(b[1])));
    for (const [name, type, def] of members) {
      if (names.length && !names.some((r) => r.test(name))) continue;
      if (kind && !type.toLowerCase().includes(kind)) continue;
      await ctx.writeObject(new PSObject({ TypeName: typeName, Name: name, MemberType: type, Definition: def }, ['Microsoft.PowerShell.Commands.MemberDefinition', 'System.Object']));
    }
  },
});
