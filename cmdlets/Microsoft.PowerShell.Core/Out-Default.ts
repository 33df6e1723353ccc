import type { CmdletDefinition } from '../../src/lang/commands/cmdlet';

export const cmdlet: CmdletDefinition = {
  name: 'Out-Default',
  className: 'Microsoft.PowerShell.Commands.OutDefaultCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [{ name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to display.' }],
  help: { synopsis: 'Sends the output to the default formatter and to the default output cmdlet.' },
  async process(ctx) {
    if (ctx.expectingInput) ctx.engine.outDefault.push(ctx.params.InputObject);
  },
  async end(ctx) {
    ctx.engine.outDefault.flush();
  },
};
