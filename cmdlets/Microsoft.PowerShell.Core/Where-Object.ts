/* Where-Object (Microsoft.PowerShell.Core): selects objects from a collection based on their property values. */
import { defineCmdlet, type ParameterDefinition } from '../../src/lang/commands/cmdlet';
import { ScriptBlock } from '../../src/lang/types/values';
import { toBool, toStr } from '../../src/lang/types/convert';
import { getProperty } from '../../src/lang/types/members';
import { binaryOp } from '../../src/lang/runtime/operators';

// The comparison switches of the simplified syntax: Where-Object ImageName -like '*Pro*'.
const OPS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'Like', 'NotLike', 'Match', 'NotMatch', 'Contains', 'NotContains', 'In', 'NotIn', 'Is', 'IsNot'];
const opParams: ParameterDefinition[] = [];
for (const op of OPS) {
  opParams.push({ name: op, type: 'SwitchParameter', sets: { [`${op}Set`]: { mandatory: true } }, aliases: op === 'EQ' ? ['IEQ'] : undefined });
  if (!['Is', 'IsNot'].includes(op)) opParams.push({ name: `C${op}`, type: 'SwitchParameter', sets: { [`CaseSensitive${op}Set`]: { mandatory: true } } });
}
const simpleSets = opParams.flatMap((p) => Object.keys(p.sets!));
const setFlags = (f: object) => Object.fromEntries(simpleSets.map((s) => [s, f]));

export const cmdlet = defineCmdlet({
  name: 'Where-Object',
  className: 'Microsoft.PowerShell.Commands.WhereObjectCommand',
  module: 'Microsoft.PowerShell.Core',
  defaultParameterSetName: 'EqualSet',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to filter.' },
    { name: 'FilterScript', type: 'ScriptBlock', sets: { ScriptBlockSet: { mandatory: true, position: 0 } }, description: 'The condition: a script block evaluated with $_.' },
    { name: 'Property', type: 'String', sets: { ...setFlags({ mandatory: true, position: 0 }), EqualSet: { mandatory: true, position: 0 } }, description: 'The property to compare.' },
    { name: 'Value', type: 'Object', sets: { ...setFlags({ position: 1 }), EqualSet: { position: 1 } }, description: 'The value to compare with.' },
    ...opParams,
  ],
  help: { 'en-US': {
    synopsis: 'Selects objects from a collection based on their property values.',
    examples: [
      { title: 'Script block', code: "Get-WindowsImage -ImagePath D:\\sources\\install.wim | Where-Object { $_.ImageName -like '*Pro*' }" },
      { title: 'Simplified syntax', code: "Get-WindowsImage -ImagePath D:\\sources\\install.wim | Where-Object ImageName -like '*Pro*'" },
    ],
  } },
  async process(ctx) {
    const input = ctx.params.InputObject;
    if (input === undefined && !ctx.expectingInput) return;
    const fs = ctx.params.FilterScript;
    if (fs instanceof ScriptBlock) {
      const out = await ctx.invokeScriptBlock(fs, input);
      const r = out.length === 0 ? null : out.length === 1 ? out[0] : out;
      if (toBool(r)) await ctx.writeObject(input);
      return;
    }
    const prop = toStr(ctx.params.Property);
    const v = getProperty(input, prop);
    const set = ctx.parameterSetName;
    const opName = set === 'EqualSet' ? 'EQ' : set.replace(/Set$/, '').replace(/^CaseSensitive/, 'C');
    if (!('Value' in ctx.params) && set === 'EqualSet') {
      if (toBool(v)) await ctx.writeObject(input);
      return;
    }
    const op = opName.toLowerCase();
    const ok = binaryOp(op, v, ctx.params.Value, {});
    if (toBool(ok)) await ctx.writeObject(input);
  },
});
