/* Invoke-Command (Microsoft.PowerShell.Core): runs commands on local and remote computers (wimsh runs them locally). */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { ScriptBlock } from '../../src/lang/types/values';

export const cmdlet = defineCmdlet({
  name: 'Invoke-Command',
  className: 'Microsoft.PowerShell.Commands.InvokeCommandCommand',
  module: 'Microsoft.PowerShell.Core',
  defaultParameterSetName: 'InProcess',
  parameters: [
    { name: 'ScriptBlock', type: 'ScriptBlock', aliases: ['Command'], mandatory: true, position: 0, description: 'The commands to run (locally; no remoting here).' },
    { name: 'ArgumentList', type: 'Object[]', aliases: ['Args'], description: 'Values for the script block\'s parameters.' },
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'Input for $input.' },
    { name: 'NoNewScope', type: 'SwitchParameter', sets: { InProcess: {} }, description: 'Runs in the current scope.' },
    { name: 'ComputerName', type: 'String[]', aliases: ['Cn'], sets: { ComputerName: { position: 0 } }, description: 'Remote computers (not supported: runs locally only for localhost).' },
  ],
  help: { 'en-US': { synopsis: 'Runs commands on local and remote computers (wimsh runs them locally).' } },
  async process(ctx) {
    const sb = ctx.params.ScriptBlock;
    if (!(sb instanceof ScriptBlock)) return;
    const noNew = !!ctx.params.NoNewScope?.isPresent;
    const args = ctx.params.ArgumentList ?? [];
    await ctx.engine.invokeScriptBlock(sb, args, ctx.expectingInput ? ctx.inputObject : undefined, !noNew, (v) => ctx.writeObject(v));
  },
});
