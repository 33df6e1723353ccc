/* Get-Variable (Microsoft.PowerShell.Utility): gets the variables in the current console. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { strings, sw } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Get-Variable',
  className: 'Microsoft.PowerShell.Commands.GetVariableCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'Name', type: 'String[]', position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'Variable names (wildcards allowed).' },
    { name: 'ValueOnly', type: 'SwitchParameter', description: 'Only the values.' },
    { name: 'Include', type: 'String[]', description: 'Names to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Names to exclude.' },
    { name: 'Scope', type: 'String', description: 'Global, Script, Local or a number.' },
  ],
  help: { 'en-US': { synopsis: 'Gets the variables in the current console.' } },
  async process(ctx) {
    const all = new Map<string, { name: string; value: unknown }>();
    for (const v of ctx.engine.variables()) all.set(v.name.toLowerCase(), v);
    const names = strings(ctx.params.Name);
    const exclude = strings(ctx.params.Exclude).map((x) => wildcardToRegExp(x));
    const pick = names.length ? names : ['*'];
    for (const n of pick) {
      const re = wildcardToRegExp(n);
      const hits = [...all.values()].filter((v) => re.test(v.name) && !exclude.some((x) => x.test(v.name))).sort((a, b) => a.name.localeCompare(b.name));
      if (!hits.length && !/[*?[]/.test(n)) {
        ctx.writeError(ctx.error(`Cannot find a variable with the name '${n}'.`, 'VariableNotFound', 'ObjectNotFound', 'ItemNotFoundException', n));
        continue;
      }
      for (const v of hits) {
        if (sw(ctx, 'ValueOnly')) await ctx.writeObject(v.value);
        else await ctx.writeObject(new PSObject({ Name: v.name, Value: v.value }, ['System.Management.Automation.PSVariable', 'System.Object']));
      }
    }
  },
});
