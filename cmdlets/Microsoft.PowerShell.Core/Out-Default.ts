/*
 * Out-Default (Microsoft.PowerShell.Core): sends the output to the default formatter and to the default output
 * cmdlet.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';

export const cmdlet = defineCmdlet({
  name: 'Out-Default',
  className: 'Microsoft.PowerShell.Commands.OutDefaultCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [{ name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to display.' }],
  help: { 'en-US': { synopsis: 'Sends the output to the default formatter and to the default output cmdlet.' } },
  async process(ctx) {
    if (ctx.expectingInput) ctx.engine.outDefault.push(ctx.params.InputObject);
  },
  async end(ctx) {
    ctx.engine.outDefault.flush();
  },
});
