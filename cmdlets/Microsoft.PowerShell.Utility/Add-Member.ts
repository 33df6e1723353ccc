/*
 * Add-Member (Microsoft.PowerShell.Utility): adds custom properties and methods to an instance of a PowerShell
 * object.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, PSHashtable } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { sw } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Add-Member',
  className: 'Microsoft.PowerShell.Commands.AddMemberCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'TypeNameSet',
  parameters: [
    { name: 'InputObject', type: 'PSObject', mandatory: true, valueFromPipeline: true, description: 'The object to extend.' },
    { name: 'MemberType', type: 'String', aliases: ['Type'], sets: { MemberSet: { mandatory: true, position: 0 } }, description: 'NoteProperty, ScriptMethod, ...' },
    { name: 'Name', type: 'String', sets: { MemberSet: { mandatory: true, position: 1 }, NotePropertySingleMemberSet: {} }, description: 'The member name.' },
    { name: 'Value', type: 'Object', sets: { MemberSet: { position: 2 } }, description: 'The value.' },
    { name: 'NotePropertyName', type: 'String', sets: { NotePropertySingleMemberSet: { mandatory: true, position: 0 } }, description: 'A note property name.' },
    { name: 'NotePropertyValue', type: 'Object', sets: { NotePropertySingleMemberSet: { mandatory: true, position: 1 } }, description: 'Its value.' },
    { name: 'NotePropertyMembers', type: 'Hashtable', sets: { NotePropertyMultiMemberSet: { mandatory: true, position: 0 } }, description: 'Several note properties.' },
    { name: 'TypeName', type: 'String', sets: { TypeNameSet: { mandatory: true } }, description: 'A type name to add.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Replaces an existing member.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the object.' },
  ],
  help: { 'en-US': { synopsis: 'Adds custom properties and methods to an instance of a PowerShell object.' } },
  async process(ctx) {
    const o = ctx.params.InputObject;
    const add = (name: string, value: unknown) => {
      if (o instanceof PSObject) {
        if (o.has(name) && !sw(ctx, 'Force')) {
          ctx.writeError(ctx.error(`Cannot add a member with the name "${name}" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command.`, 'MemberAlreadyExists', 'InvalidOperation', 'InvalidOperationException'));
          return;
        }
        o.set(name, value);
      } else if (o instanceof PSHashtable) o.set(name, value);
    };
    if (ctx.params.NotePropertyMembers instanceof PSHashtable) for (const [k, v] of ctx.params.NotePropertyMembers.entries()) add(toStr(k), v);
    else if (ctx.params.NotePropertyName !== undefined) add(toStr(ctx.params.NotePropertyName), ctx.params.NotePropertyValue);
    else if (ctx.params.Name !== undefined) add(toStr(ctx.params.Name), ctx.params.Value ?? null);
    else if (ctx.params.TypeName !== undefined && o instanceof PSObject) o.typeNames.unshift(toStr(ctx.params.TypeName));
    if (sw(ctx, 'PassThru')) await ctx.writeObject(o);
  },
});
