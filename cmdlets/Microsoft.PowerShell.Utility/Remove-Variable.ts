/* Remove-Variable (Microsoft.PowerShell.Utility): deletes a variable and its value. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { strings, hasWildcard } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Remove-Variable',
  className: 'Microsoft.PowerShell.Commands.RemoveVariableCommand',
  module: 'Microsoft.PowerShell.Utility',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Name', type: 'String[]', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, description: 'The variables to remove (wildcards allowed).' },
    { name: 'Include', type: 'String[]', description: 'Removes only the names that match these wildcards.' },
    { name: 'Exclude', type: 'String[]', description: 'Keeps the names that match these wildcards.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Also removes read-only variables.' },
    { name: 'Scope', type: 'String', description: 'Global, Script, Local, or a number of scopes up.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Deletes a variable and its value.',
      description: ['Remove-Variable deletes the variables from the scope that holds them (or from -Scope); reading one afterwards gives $null.'],
      examples: [{ title: 'Forget a mount path', code: 'Remove-Variable -Name mountDir' }],
    },
  },
  async process(ctx) {
    const scope = ctx.params.Scope === undefined || ctx.params.Scope === null ? null : ctx.params.Scope.toLowerCase();
    const include = strings(ctx.params.Include).map((w) => wildcardToRegExp(w));
    const exclude = strings(ctx.params.Exclude).map((w) => wildcardToRegExp(w));
    const wanted = (n: string) => (!include.length || include.some((re) => re.test(n))) && !exclude.some((re) => re.test(n));
    for (const name of strings(ctx.params.Name)) {
      if (hasWildcard(name)) {
        const re = wildcardToRegExp(name);
        for (const v of ctx.engine.variables()) {
          if (re.test(v.name) && wanted(v.name) && ctx.shouldProcess(`Name: ${v.name}`, 'Remove Variable')) ctx.engine.removeVariable(v.name, scope);
        }
        continue;
      }
      if (!wanted(name) || !ctx.shouldProcess(`Name: ${name}`, 'Remove Variable')) continue;
      if (!ctx.engine.removeVariable(name, scope)) {
        const rec = ctx.error(`Cannot find a variable with the name '${name}'.`, 'VariableNotFound', 'ObjectNotFound', 'ItemNotFoundException', name);
        rec.exception.fullName = 'System.Management.Automation.ItemNotFoundException';
        ctx.writeError(rec);
      }
    }
  },
});
