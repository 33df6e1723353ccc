/*
 * Set-Variable (Microsoft.PowerShell.Utility): sets the value of a variable. Creates the variable if one with the
 * requested name does not exist.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { strings, sw } from '../_shared/common';
import { toStr } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Set-Variable',
  className: 'Microsoft.PowerShell.Commands.SetVariableCommand',
  module: 'Microsoft.PowerShell.Utility',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Name', type: 'String[]', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, description: 'The variable names.' },
    { name: 'Value', type: 'Object', position: 1, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'The value.' },
    { name: 'Scope', type: 'String', description: 'Global, Script or Local.' },
    { name: 'Option', type: 'String', description: 'ReadOnly, Constant, Private, AllScope.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the variable.' },
    { name: 'Description', type: 'String', description: 'A description.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Overwrites read-only variables.' },
  ],
  help: { 'en-US': { synopsis: 'Sets the value of a variable. Creates the variable if one with the requested name does not exist.' } },
  async process(ctx) {
    const scope = ctx.params.Scope === undefined ? null : toStr(ctx.params.Scope).toLowerCase();
    for (const n of strings(ctx.params.Name)) {
      // The caller's scope is where `Set-Variable x 1` lands, as the cmdlet has no scope of its own.
      ctx.engine.setVariable(n, ctx.params.Value ?? null, scope === 'local' ? null : scope);
      if (sw(ctx, 'PassThru')) await ctx.writeObject(ctx.params.Value ?? null);
    }
  },
});
